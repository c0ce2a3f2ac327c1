/* Money is an integer count of minor units plus an ISO 4217 code. Shop prices arrive as decimal
 * strings and are parsed exactly here, never through double. All functions are pure: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_currency {
	const char *code; /* "CNY" */
	int exponent;     /* digits after the decimal point: CNY 2, JPY 0, KWD 3 */
};

/* The ISO 4217 currency with this code, or NULL if unknown. Case-sensitive: "cny" is unknown.
 * The result points into a static table and is never freed. */
const struct olc_currency *olc_currency_find(const char *code);

struct olc_money {
	int64_t minor;    /* 3990 for 39.90 CNY */
	char currency[4]; /* ISO 4217 code, NUL-terminated */
};

/* Parses a plain decimal price exactly: "39.90" CNY -> 3990, "39.9" -> 3990, "1980" JPY -> 1980,
 * "12.345" KWD -> 12345.
 *
 * Accepted: an optional leading '-' (refunds and corrections), one or more ASCII digits, then
 * optionally '.' and one to `exponent` digits. Nothing else: no '+', no spaces, no thousands
 * separators, no exponent, no bare "." or "5." or ".5".
 * Errors, never rounding: more decimals than the currency has ("39.901" CNY, "1980.5" JPY, and
 * also "1980.0" JPY), junk, an unknown currency, a value outside int64_t.
 * On success fills *out; on failure *out is unchanged and err says why. */
bool olc_money_parse(const char *text, const char *currency, struct olc_money *out, struct olc_error *err);

/* Writes the plain decimal with the currency's exponent: 3990 CNY -> "39.90", 1980 JPY -> "1980",
 * -5 CNY -> "-0.05". No symbol, no grouping. Behaves like snprintf: returns the full length (the
 * text is cut if len is too small; buf may be NULL when len is 0), or -1 for an unknown currency. */
int olc_money_format_plain(const struct olc_money *m, char *buf, size_t len);

/* Fills *out with minor units of a known currency. Returns false (and leaves *out) if the
 * currency is unknown. */
bool olc_money_set(struct olc_money *out, int64_t minor, const char *currency);

/* true when both amounts have the same currency code. */
bool olc_money_same_currency(const struct olc_money *a, const struct olc_money *b);

/* *out = a + b. Fails on different currencies or int64_t overflow; *out is then unchanged.
 * out may be a or b. */
bool olc_money_add(const struct olc_money *a, const struct olc_money *b, struct olc_money *out, struct olc_error *err);

/* *out = m * factor (an order total from a unit price and a quantity). Fails on overflow;
 * *out is then unchanged. out may be m. */
bool olc_money_multiply(const struct olc_money *m, int64_t factor, struct olc_money *out, struct olc_error *err);

#ifdef __cplusplus
}
#endif
