/* olc-bench-deck-csv: what importing and exporting a deck CSV costs the core (no libobs, no display).
 *
 *   olc-bench-deck-csv [--rows N]     (other options of the bench layer are ignored)
 *
 * Prints, for a deck of N rows (1 000 by default) as a cooperative keeps it in a spreadsheet
 * (Chinese headers and titles, quoted fields with commas, quotes and line breaks in the talking
 * points, tags, prices): the time olc_deck_csv_parse takes on it as UTF-8 with a byte order mark
 * and as GB18030 (made here with iconv from the same text), the median of 5 runs each, and the
 * time olc_deck_csv_serialise takes to export it. Wall-clock on CLOCK_MONOTONIC. Also the table's
 * BENCH line (catalog, "1,000-row CSV", "import ms": the UTF-8 file's median). Nothing is asserted:
 * timing belongs to a benchmark. */
#define _POSIX_C_SOURCE 200809L

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-line.h"
#include "core/model/deck-csv.h"

#define RUNS 5

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *make_csv(size_t rows, size_t *len)
{
	size_t cap = 256 + rows * 320, used = 0;
	char *text = malloc(cap);
	if (!text)
		return NULL;
	used += (size_t)snprintf(text, cap, "\xEF\xBB\xBF编号,商品ID,标题,直播价,优惠券,优惠说明,标签,讲解要点,隐藏价格,场景\r\n");
	for (size_t i = 0; i < rows; i++)
		used += (size_t)snprintf(text + used, cap - used,
					 "%zu,p-%06zu,\"松茸 %zu号, \"\"特级\"\"\",%zu.%02zu,SPRING%zu,\"满99减10, 限今晚\","
					 "新品、包邮|产地直发,\"1. 今早采的\n2. 打开盒子, 给特写\",%s,特写\r\n",
					 i + 1, i + 1, i + 1, 1 + i % 500, i % 100, i % 10, i % 3 ? "否" : "是");
	*len = used;
	return text;
}

/* The same text in GB18030, without the byte order mark (WPS writes none). */
static char *to_gb18030(const char *utf8, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t room = len + 16;
	char *out = malloc(room), *in = (char *)utf8 + 3, *at = out;
	size_t in_left = len - 3, out_left = room;
	if (!out || iconv(cd, &in, &in_left, &at, &out_left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	*out_len = out ? (size_t)(at - out) : 0;
	return out;
}

static int by_value(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median wall-clock ms of RUNS parses; the deck of the last one into *deck. */
static double parse_median(const char *bytes, size_t len, struct olc_deck *deck, size_t rows)
{
	double times[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct olc_deck_problems problems = {0};
		struct olc_error err;
		const double start = now_ms();
		const bool ok = olc_deck_csv_parse(bytes, len, "bench", "CNY", deck, &problems, &err);
		times[r] = now_ms() - start;
		olc_deck_problems_free(&problems);
		if (!ok || deck->count != rows) {
			fprintf(stderr, "the bench deck did not parse: %s\n", err.text);
			exit(1);
		}
	}
	qsort(times, RUNS, sizeof(times[0]), by_value);
	return times[RUNS / 2];
}

int main(int argc, char **argv)
{
	size_t rows = 1000;
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--rows") == 0)
			rows = (size_t)strtoul(argv[i + 1], NULL, 10);
	}
	if (rows < 1 || rows > 9999)
		rows = 1000;

	size_t len = 0, gb_len = 0;
	char *utf8 = make_csv(rows, &len);
	char *gb = utf8 ? to_gb18030(utf8, len, &gb_len) : NULL;
	if (!utf8 || !gb) {
		fprintf(stderr, "cannot make the bench deck\n");
		return 1;
	}
	struct olc_deck deck;
	olc_deck_init(&deck);
	printf("deck CSV import, %zu rows (%zu bytes UTF-8 with BOM, %zu bytes GB18030), median of %d:\n", rows, len,
	       gb_len, RUNS);
	const double utf8_ms = parse_median(utf8, len, &deck, rows);
	printf("  UTF-8 with BOM: %.2f ms\n", utf8_ms);
	printf("  GB18030:        %.2f ms\n", parse_median(gb, gb_len, &deck, rows));

	char row[64];
	if (rows >= 1000)
		snprintf(row, sizeof(row), "%zu,%03zu-row CSV", rows / 1000, rows % 1000);
	else
		snprintf(row, sizeof(row), "%zu-row CSV", rows);
	bench_line("catalog", row, "import ms", utf8_ms, "ms");

	size_t out_len = 0;
	struct olc_error err;
	const double start = now_ms();
	char *out = olc_deck_csv_serialise(&deck, &out_len, &err);
	printf("deck CSV export, %zu rows: %.2f ms (%zu bytes)\n", rows, now_ms() - start, out_len);
	free(out);
	olc_deck_free(&deck);
	free(gb);
	free(utf8);
	return out ? 0 : 1;
}
