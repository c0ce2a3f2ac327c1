#include "core/sys/wide-windows.h"

#include <stdio.h>
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

const char *olc_last_error_words(char *buf, size_t len)
{
	DWORD code = GetLastError();
	DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, buf,
				 (DWORD)len, NULL);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	if (n == 0)
		snprintf(buf, len, "error %lu", (unsigned long)code);
	return buf;
}
