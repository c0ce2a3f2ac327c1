/* UTF-8 paths to and from the UTF-16 the wide Win32 API takes, and the system's error words.
 * Private to core/sys on Windows. */
#pragma once

#include <stddef.h>
#include <wchar.h>

/* malloc'd conversions; NULL when the text is not valid UTF-8 or memory runs out. */
wchar_t *olc_utf8_to_wide(const char *text);
char *olc_wide_to_utf8(const wchar_t *w);

/* The system's words for GetLastError()'s code in buf ("Access is denied"), without the final
 * full stop; "error N" when it has none. Returns buf. */
const char *olc_last_error_words(char *buf, size_t len);
