/* See bench-start.h. */
#define _POSIX_C_SOURCE 200809L

#include "bench-start.h"
#include "harness.h"
#include "qt-app.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bench_parse(int argc, char **argv, const char *usage, struct bench_args *args, const struct bench_option *opts)
{
	bool ok = argc % 2 == 1;
	for (int i = 1; ok && i + 1 < argc; i += 2) {
		const char *name = argv[i], *value = argv[i + 1];
		if (strcmp(name, "--module") == 0) {
			args->module = value;
			continue;
		}
		if (strcmp(name, "--data") == 0) {
			args->data = value;
			continue;
		}
		if (strcmp(name, "--out") == 0) {
			args->out = value;
			continue;
		}
		ok = false;
		for (const struct bench_option *o = opts; o && o->name && !ok; o++) {
			if (strncmp(name, "--", 2) != 0 || strcmp(name + 2, o->name) != 0)
				continue;
			char *end = NULL;
			const long n = strtol(value, &end, 10);
			ok = end != value && *end == '\0' && n >= o->min && n <= o->max;
			if (ok)
				*o->value = (int)n;
		}
	}
	if (!ok || !args->module || !args->data) {
		fprintf(stderr, "%s\n", usage);
		return false;
	}
	return true;
}

int bench_start(const char *prog, const struct bench_args *args, bool vendor)
{
	char config[1024], log[1024], err[512];
	const char *name = strncmp(prog, "olc-bench-", 10) == 0 ? prog + 10 : prog;
	snprintf(config, sizeof(config), "%s/config-%s", args->out, name);
	snprintf(log, sizeof(log), "%s/%s.log", args->out, name);
	if (os_mkdirs(config) == MKDIR_ERROR || !rt_qt_start()) {
		fprintf(stderr, "%s: cannot prepare %s or Qt\n", prog, args->out);
		return 2;
	}
	if (!harness_start(1920, 1080, config, log, err, sizeof(err)) || (vendor && !rt_vendor_install()) ||
	    !harness_load_module(args->module, args->data, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		harness_stop();
		return 1;
	}
	obs_post_load_modules();
	return 0;
}

void bench_stop(bool vendor)
{
	harness_stop();
	if (vendor)
		rt_vendor_remove();
	rt_qt_stop();
}

bool bench_card_shown(obs_source_t *card)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "index", 0);
	proc_handler_call(obs_source_get_proc_handler(card), "get_layout", &cd);
	const char *phase = calldata_string(&cd, "phase");
	bool ok = phase && strcmp(phase, "shown") == 0 && calldata_int(&cd, "count") == 1;
	calldata_free(&cd);
	return ok;
}

long long bench_ticker_rows(obs_source_t *ticker)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(ticker), "get_rows", &cd);
	long long v = calldata_int(&cd, "shown");
	calldata_free(&cd);
	return v;
}
