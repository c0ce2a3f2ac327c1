/* olc-bench-catalog: what a big catalog costs the core (no libobs, no display needed).
 *
 *   olc-bench-catalog [--out DIR] [--products N]     (other options of the bench layer are ignored)
 *
 * Prints, for a json-provider catalog of N products (100 000 by default) in one answer:
 *   - the time olc_json_provider_parse_products takes (the worker's parse; 3 runs, and 1/4 and 1/2
 *     of N, so a quadratic parse shows as a ratio far from 2 per doubling);
 *   - with that catalog cached on disk (written by a session that read it from a file): the time
 *     olc_session_create takes (what module load calls: it must not read the cache), the time
 *     until the worker has published the cached catalog, and the time olc_session_destroy takes
 *     when called while the cache is still being read.
 *   - the memory the parsed catalog of N products holds: the heap in use (glibc's mallinfo2, arenas
 *     and mmapped blocks) after the parse, with the catalog kept, minus before it; the answer's text
 *     is made before and the parser's own temporaries are freed by then, so it is the catalog alone
 *     (in MiB, 2^20 bytes, like the memory figures read from /proc in kB).
 * Wall-clock times on CLOCK_MONOTONIC. Also the table's BENCH lines (catalog, "100,000 products":
 * "parse ms", the median of the 3 runs of N in CPU time of the parsing thread, which other processes
 * on a shared machine do not stretch as they do the wall-clock, and "memory MB"). Nothing is
 * asserted: timing belongs to a benchmark. */
#define _POSIX_C_SOURCE 200809L

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench-line.h"
#include "core/shop/json.h"
#include "core/session/session.h"

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* {"currency":"CNY","products":[{"id":"p-000001","title":"松茸 1","price":"12.34","stock":5}, ...]}:
 * the json shop API's required fields and a tracked stock, 100 000 of them under its 8 MiB cap. */
static char *make_catalog(size_t n, size_t *len)
{
	size_t cap = 64 + n * 96, used = 0;
	char *text = malloc(cap);
	if (!text)
		return NULL;
	used += (size_t)snprintf(text, cap, "{\"currency\":\"CNY\",\"products\":[");
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, cap - used,
					 "%s{\"id\":\"p-%06zu\",\"title\":\"松茸 %zu\",\"price\":\"%zu.%02zu\","
					 "\"stock\":%zu}",
					 i ? "," : "", i + 1, i + 1, 1 + i % 500, i % 100, i % 40);
	used += (size_t)snprintf(text + used, cap - used, "]}");
	*len = used;
	return text;
}

/* Wall-clock ms of one parse; *cpu_ms its CPU time on this thread (the machine may be shared). */
static double parse_ms(const char *text, size_t len, size_t expect, double *cpu_ms)
{
	struct olc_catalog catalog;
	struct olc_parse_report report;
	struct olc_error err = {""};
	char currency[4] = "";
	olc_catalog_init(&catalog);
	const double start = now_ms(), cpu_start = clock_ms(CLOCK_THREAD_CPUTIME_ID);
	const bool ok = olc_json_provider_parse_products(text, len, NULL, &catalog, currency, &report, &err);
	const double took = now_ms() - start;
	*cpu_ms = clock_ms(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
	if (!ok || catalog.count != expect)
		fprintf(stderr, "parse: %s (%zu products of %zu)\n", ok ? "wrong count" : err.text, catalog.count,
			expect);
	olc_catalog_free(&catalog);
	return ok ? took : -1.0;
}

/* The median of three parse times; not a number when a parse failed (-1). */
static double median3(const double v[3])
{
	if (v[0] < 0 || v[1] < 0 || v[2] < 0)
		return NAN;
	const double lo = v[0] < v[1] ? v[0] : v[1], hi = v[0] < v[1] ? v[1] : v[0];
	return v[2] < lo ? lo : v[2] > hi ? hi : v[2];
}

static double heap_in_use(void)
{
	const struct mallinfo2 mi = mallinfo2();
	return (double)mi.uordblks + (double)mi.hblkhd;
}

/* The heap bytes a parsed catalog holds: in use with it kept after the parse, minus before. */
static double held_bytes(const char *text, size_t len, size_t expect)
{
	struct olc_catalog catalog;
	struct olc_parse_report report;
	struct olc_error err = {""};
	char currency[4] = "";
	olc_catalog_init(&catalog);
	const double before = heap_in_use();
	const bool ok = olc_json_provider_parse_products(text, len, NULL, &catalog, currency, &report, &err);
	const double held = heap_in_use() - before;
	if (!ok || catalog.count != expect)
		fprintf(stderr, "parse: %s (%zu products of %zu)\n", ok ? "wrong count" : err.text, catalog.count,
			expect);
	olc_catalog_free(&catalog);
	return ok ? held : NAN;
}

/* Waits for the first CATALOG_CHANGED: the session read and cached the file's catalog. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static bool catalog_changed;

static void on_event(const struct olc_event *ev, void *priv)
{
	(void)priv;
	if (ev->kind != OLC_EVENT_CATALOG_CHANGED)
		return;
	pthread_mutex_lock(&lock);
	catalog_changed = true;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

static bool write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(text, 1, len, f) == len;
	if (f)
		ok = fclose(f) == 0 && ok;
	return ok;
}

int main(int argc, char **argv)
{
	const char *out = "/tmp";
	size_t n = 100000;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--out") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "--products") == 0)
			n = (size_t)strtoul(argv[i + 1], NULL, 10);
	}

	printf("olc-bench-catalog: %zu products\n", n);
	char row[64];
	snprintf(row, sizeof(row), "%zu,%03zu products", n / 1000, n % 1000);
	if (n < 1000)
		snprintf(row, sizeof(row), "%zu products", n);
	for (size_t part = 4; part >= 1; part /= 2) {
		size_t len;
		char *text = make_catalog(n / part, &len);
		if (!text)
			return 1;
		double wall[3], cpu[3];
		for (int r = 0; r < 3; r++)
			wall[r] = parse_ms(text, len, n / part, &cpu[r]);
		printf("parse %6zu products (%.1f MB, json provider), 3 runs: wall %7.1f %7.1f %7.1f ms, "
		       "cpu %7.1f %7.1f %7.1f ms\n",
		       n / part, (double)len / 1e6, wall[0], wall[1], wall[2], cpu[0], cpu[1], cpu[2]);
		if (part == 1) {
			const double held = held_bytes(text, len, n);
			printf("the parsed catalog of %zu products holds %.1f MiB of heap (mallinfo2: in use after the "
			       "parse, catalog kept, minus before)\n",
			       n, held / 1048576.0);
			bench_line("catalog", row, "parse ms", isnan(median3(wall)) ? NAN : median3(cpu), "ms");
			bench_line("catalog", row, "memory MB", held / 1048576.0, "MB"); /* MiB */
		}
		free(text);
		if (part == 1)
			break;
	}

	/* A session reads the catalog from a file and caches it, as after a stream. */
	char dir[1024], shop[1100], cache[1100];
	snprintf(dir, sizeof(dir), "%s/bench-catalog-XXXXXX", out);
	mkdir(out, 0755);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(shop, sizeof(shop), "%s/shop.json", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	size_t len;
	char *text = make_catalog(n, &len);
	if (!text || !write_file(shop, text, len))
		return 1;
	free(text);

	struct olc_session_config cfg = {.cache_dir = cache};
	struct olc_error err = {""};
	struct olc_session *s = olc_session_create(&cfg, &err);
	if (!s) {
		fprintf(stderr, "session: %s\n", err.text);
		return 1;
	}
	olc_session_add_listener(s, on_event, NULL);
	struct olc_connection conn;
	olc_connection_init(&conn);
	conn.provider = strdup("json");
	conn.url = strdup(shop);
	const bool connected = olc_session_set_connection(s, &conn, &err);
	olc_connection_free(&conn);
	if (!connected) {
		fprintf(stderr, "connection: %s\n", err.text);
		return 1;
	}
	const double read_start = now_ms();
	pthread_mutex_lock(&lock);
	while (!catalog_changed)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	printf("session: file read, parsed and cached in %.1f ms\n", now_ms() - read_start);
	olc_session_remove_listener(s, on_event, NULL);
	olc_session_destroy(s); /* the cache file is written before CATALOG_CHANGED is sent */

	/* Module load with that cache on disk. */
	const double create_start = now_ms();
	s = olc_session_create(&cfg, &err);
	const double create_took = now_ms() - create_start;
	if (!s)
		return 1;
	struct olc_snapshot *snap;
	for (;;) {
		snap = olc_session_snapshot(s);
		if (snap->cache_read)
			break;
		olc_snapshot_release(snap);
		nanosleep(&(struct timespec){0, 200000}, NULL); /* 0.2 ms: the granularity of the number */
	}
	const double published = now_ms() - create_start;
	printf("olc_session_create with %zu cached products: %.3f ms (module load)\n", n, create_took);
	printf("cached catalog published by the worker after:  %.1f ms (%zu products)\n", published,
	       snap->catalog.count);
	olc_snapshot_release(snap);
	olc_session_destroy(s);

	/* Unload while the cache is still being read. */
	s = olc_session_create(&cfg, &err);
	if (!s)
		return 1;
	const double destroy_start = now_ms();
	olc_session_destroy(s);
	printf("olc_session_destroy while the cache is read:    %.1f ms\n", now_ms() - destroy_start);

	char path[1200];
	snprintf(path, sizeof(path), "%s/catalog.json", cache);
	unlink(path);
	snprintf(path, sizeof(path), "%s/deck.json", cache);
	unlink(path);
	rmdir(cache);
	unlink(shop);
	rmdir(dir);
	return 0;
}
