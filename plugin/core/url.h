/* Checks on links that end up in QR codes and on cards. Pure functions: any thread. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* true for an http:// or https:// URL (scheme case-insensitive) with a non-empty host and no
 * whitespace or control characters anywhere. Besides ASCII, the Unicode spaces an input method
 * slips in (U+00A0, U+2000-U+200B, U+2028, U+2029, U+3000, U+FEFF) and C1 controls count as
 * whitespace. Other non-ASCII UTF-8 (e.g. Chinese query values) is allowed. A port, if given,
 * must be digits. */
bool olc_url_is_web(const char *text);

#ifdef __cplusplus
}
#endif
