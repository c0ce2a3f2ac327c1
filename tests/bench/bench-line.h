/* The one line a measured number takes on a bench's stdout, for the table assembler:
 *
 *   BENCH {"section":"frame","row":"product card","metric":"median steady","value":71.2,"unit":"µs"}
 *
 * Sections, rows and metrics are the table's fixed names (README, "Performance and reliability").
 * A value that is not a finite number is never printed as one: the line says so in words instead,
 * and the assembler sees no number. Plain C that C++ benches include as it is. */
#pragma once

#include <math.h>
#include <stdio.h>

/* Writes text as a JSON string's contents (quotes, backslashes and control bytes escaped). */
static inline void bench_json_text(FILE *f, const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 0x20)
			fprintf(f, "\\u%04x", *c);
		else
			fputc(*c, f);
	}
}

static inline void bench_line(const char *section, const char *row, const char *metric, double value, const char *unit)
{
	if (!isfinite(value)) {
		printf("bench: no number for %s / %s / %s\n", section, row, metric);
		return;
	}
	printf("BENCH {\"section\":\"");
	bench_json_text(stdout, section);
	printf("\",\"row\":\"");
	bench_json_text(stdout, row);
	printf("\",\"metric\":\"");
	bench_json_text(stdout, metric);
	printf("\",\"value\":%.6g,\"unit\":\"", value);
	bench_json_text(stdout, unit);
	printf("\"}\n");
	fflush(stdout);
}
