/* Prices as people read them: an exact olc_money written the way a UI language writes money
 * ("¥168.00" in zh-CN, "CN¥168.00" in en-US, "168,00 CN¥" in fr-FR). The digits come from the
 * integer minor units and the currency's exponent, never from a double, so 92 233 720 368 547 758.07
 * prints exactly; QLocale (CLDR data) decides digits, grouping, the decimal mark and where the
 * symbol goes. C-callable so the C sources can use it; pure, any thread. */
#pragma once

#include <stddef.h>

#include "core/model/money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes m for display in `language` (BCP 47 or POSIX style: "zh-CN", "zh_TW", "fr-FR"; NULL or ""
 * means the system's). The symbol is the language's own for its home currency ("¥" for CNY in
 * zh-CN, "$" for USD in en-US) and an unambiguous one otherwise ("CN¥", "US$", "JP¥"), or the ISO
 * code when there is no well-known symbol ("KWD 12.345"). Exactly `exponent` decimals: JPY none,
 * KWD three. A negative amount is the locale's minus sign before the positive form.
 * Behaves like snprintf: returns the full UTF-8 length (the text is cut, never inside a
 * character, when len is too small; buf may be NULL when len is 0), or -1 for an unknown
 * currency (buf then holds ""). */
int olc_money_format_display(const struct olc_money *m, const char *language, char *buf, size_t len);

/* The hidden-price text: the same symbol and placement with `mask` in place of the amount
 * ("¥???" in zh-CN, "??? €" in fr-FR). mask NULL means "???". Same return as above. */
int olc_money_format_hidden(const char *currency, const char *language, const char *mask, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
