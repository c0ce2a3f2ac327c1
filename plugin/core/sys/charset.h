/* Text encodings of files people bring: spreadsheets saved by Excel or WPS in China are GB18030
 * (code page 936/54936), elsewhere UTF-8 with or without a byte order mark. Everything inside the
 * plugin is UTF-8; these turn a file's bytes into it.
 * GB18030 in charset-posix.c (iconv) and charset-windows.c (MultiByteToWideChar, code page 54936);
 * the choice between the two in charset.c. Pure functions: any thread. */
#pragma once

#include <stddef.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* GB18030 bytes as UTF-8: malloc'd, NUL-terminated, its length without the NUL in *out_len (may be
 * NULL). NULL with err when a byte sequence is not GB18030 ("byte 1207 is not GB18030 text") or
 * memory runs out. */
char *olc_gb18030_to_utf8(const char *bytes, size_t len, size_t *out_len, struct olc_error *err);

/* Which encoding olc_text_to_utf8 found. */
enum olc_text_encoding {
	OLC_TEXT_UTF8,     /* valid UTF-8 without a byte order mark (plain ASCII too) */
	OLC_TEXT_UTF8_BOM, /* UTF-8 after a byte order mark, which is dropped */
	OLC_TEXT_GB18030,  /* not valid UTF-8, read as GB18030 */
};

/* The bytes of a text file as UTF-8 (malloc'd, NUL-terminated, length in *out_len, which may be
 * NULL): a UTF-8 byte order mark is dropped; valid UTF-8 is taken as it is; anything else is read
 * as GB18030, which every byte sequence of Excel's and WPS's Chinese "CSV" is. Valid UTF-8 wins
 * because GB18030 text of any length is almost never valid UTF-8 by chance, while the reverse
 * (UTF-8 read as GB18030) would turn every Chinese character into two wrong ones. *encoding (may
 * be NULL) says which was used. NULL with err when the text is neither. */
char *olc_text_to_utf8(const char *bytes, size_t len, size_t *out_len, enum olc_text_encoding *encoding,
		       struct olc_error *err);

#ifdef __cplusplus
}
#endif
