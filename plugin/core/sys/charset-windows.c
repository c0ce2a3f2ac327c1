/* GB18030 to UTF-8 on Windows: code page 54936 to UTF-16, then to UTF-8. */
#include "core/sys/charset.h"

#include <limits.h>
#include <stdlib.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#define CP_GB18030 54936

char *olc_gb18030_to_utf8(const char *bytes, size_t len, size_t *out_len, struct olc_error *err)
{
	if (len > INT_MAX / 4) {
		olc_error_set(err, "the text is too long");
		return NULL;
	}
	if (len == 0) {
		char *empty = calloc(1, 1);
		if (out_len)
			*out_len = 0;
		if (!empty)
			olc_error_set(err, "out of memory");
		return empty;
	}
	int wide_len = MultiByteToWideChar(CP_GB18030, MB_ERR_INVALID_CHARS, bytes, (int)len, NULL, 0);
	if (wide_len <= 0) {
		olc_error_set(err, "the text is neither UTF-8 nor GB18030");
		return NULL;
	}
	wchar_t *wide = malloc((size_t)wide_len * sizeof(*wide));
	int n = wide ? MultiByteToWideChar(CP_GB18030, MB_ERR_INVALID_CHARS, bytes, (int)len, wide, wide_len) : 0;
	int utf8_len = n > 0 ? WideCharToMultiByte(CP_UTF8, 0, wide, n, NULL, 0, NULL, NULL) : 0;
	char *text = utf8_len > 0 ? malloc((size_t)utf8_len + 1) : NULL;
	if (!text || WideCharToMultiByte(CP_UTF8, 0, wide, n, text, utf8_len, NULL, NULL) != utf8_len) {
		free(wide);
		free(text);
		olc_error_set(err, "out of memory");
		return NULL;
	}
	free(wide);
	text[utf8_len] = '\0';
	if (out_len)
		*out_len = (size_t)utf8_len;
	return text;
}
