/* How the benches on headless libobs start: their command line (--module, --data, --out and whole
 * numbers of their own) and headless libobs with the module loaded, as the render tests start it
 * (tests/render/harness.h); and what they ask our sources while they wait for them. Bench thread
 * only. */
#pragma once

#include <obs.h>

#include <stdbool.h>

/* A whole-number option, "--name N": value holds its default and gets N; min..max is what is taken. */
struct bench_option {
	const char *name;
	int *value;
	int min;
	int max;
};

struct bench_args {
	const char *module; /* PATH/obs-live-commerce.so */
	const char *data;   /* PATH/data */
	const char *out;    /* where logs and config go; holds its default */
};

/* Parses argv: --module and --data are required, --out and the options (a list ending with a NULL
 * name; may be NULL) optional. Anything else, or a number out of its range: the usage line on stderr
 * and false (exit 2). */
bool bench_parse(int argc, char **argv, const char *usage, struct bench_args *args, const struct bench_option *opts);

/* Makes OUT/config-NAME (the module's settings: a connection one bench sets is not the next one's
 * shop), starts Qt and headless libobs at 1920x1080 (its log in OUT/NAME.log; NAME is the program's
 * name without "olc-bench-"), the vendor stub when vendor is set, loads the module and calls
 * obs_post_load_modules. On failure says why on stderr, stops what it started and returns the
 * exit status (2: OUT or Qt could not be prepared, 1: libobs or the module failed); 0 when started. */
int bench_start(const char *prog, const struct bench_args *args, bool vendor);

/* Stops what bench_start started. */
void bench_stop(bool vendor);

/* A product card shows one product, its entrance over (its get_layout procedure). */
bool bench_card_shown(obs_source_t *card);

/* The rows an order ticker shows now (its get_rows procedure). */
long long bench_ticker_rows(obs_source_t *ticker);
