/* GB18030 to UTF-8 with iconv (glibc and macOS's libiconv both know GB18030). */
#include "core/sys/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

char *olc_gb18030_to_utf8(const char *bytes, size_t len, size_t *out_len, struct olc_error *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		olc_error_set(err, "this system cannot read GB18030 text (iconv has no GB18030)");
		return NULL;
	}
	/* A GB18030 character is 1, 2 or 4 bytes and at most 4 in UTF-8: 4 per 2 bytes is plenty
	 * except for 1-byte ASCII (1 byte) and 4-byte sequences (4 bytes), so 2 * len + 4 holds all. */
	size_t room = 2 * len + 4;
	char *text = malloc(room);
	if (!text) {
		iconv_close(cd);
		olc_error_set(err, "out of memory");
		return NULL;
	}
	char *in = (char *)bytes, *out = text;
	size_t in_left = len, out_left = room - 1;
	size_t r = iconv(cd, &in, &in_left, &out, &out_left);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &out, &out_left);
	const int why = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		if (why == EINVAL)
			olc_error_set(err, "the text ends inside a GB18030 character (byte %zu)", len - in_left + 1);
		else if (why == E2BIG)
			olc_error_set(err, "out of memory");
		else
			olc_error_set(err, "byte %zu is neither UTF-8 nor GB18030 text", len - in_left + 1);
		free(text);
		return NULL;
	}
	*out = '\0';
	if (out_len)
		*out_len = (size_t)(out - text);
	return text;
}
