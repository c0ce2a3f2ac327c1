#include "core/sys/wide-windows.h"

#include <stdlib.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

wchar_t *olc_utf8_to_wide(const char *text)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
	wchar_t *w = n > 0 ? malloc((size_t)n * sizeof(*w)) : NULL;
	if (w && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, w, n) != n) {
		free(w);
		w = NULL;
	}
	return w;
}

char *olc_wide_to_utf8(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *text = n > 0 ? malloc((size_t)n) : NULL;
	if (text && WideCharToMultiByte(CP_UTF8, 0, w, -1, text, n, NULL, NULL) != n) {
		free(text);
		text = NULL;
	}
	return text;
}
