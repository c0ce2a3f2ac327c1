/* The portable part of charset.h: which encoding a file is in. */
#include "core/sys/charset.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

char *olc_text_to_utf8(const char *bytes, size_t len, size_t *out_len, enum olc_text_encoding *encoding,
		       struct olc_error *err)
{
	enum olc_text_encoding found = OLC_TEXT_UTF8;
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		bytes += 3;
		len -= 3;
		found = OLC_TEXT_UTF8_BOM;
	}
	char *text = NULL;
	if (found == OLC_TEXT_UTF8_BOM || olc_utf8_valid(bytes, len)) {
		if (found == OLC_TEXT_UTF8_BOM && !olc_utf8_valid(bytes, len)) {
			olc_error_set(err, "the file starts as UTF-8 (it has a byte order mark) but is not UTF-8 text");
			return NULL;
		}
		text = malloc(len + 1);
		if (!text) {
			olc_error_set(err, "out of memory");
			return NULL;
		}
		memcpy(text, bytes, len);
		text[len] = '\0';
		if (out_len)
			*out_len = len;
	} else {
		found = OLC_TEXT_GB18030;
		text = olc_gb18030_to_utf8(bytes, len, out_len, err);
	}
	if (text && encoding)
		*encoding = found;
	return text;
}
