#include "core/sys/fs.h"

#include <stdlib.h>
#include <wchar.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

/* UTF-8 to a malloc'd UTF-16 string, or NULL. */
static wchar_t *widen(const char *text)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
	wchar_t *w = n > 0 ? malloc((size_t)n * sizeof(*w)) : NULL;
	if (w && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, w, n) != n) {
		free(w);
		w = NULL;
	}
	return w;
}

/* UTF-16 to a malloc'd UTF-8 string, or NULL. */
static char *narrow(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *text = n > 0 ? malloc((size_t)n) : NULL;
	if (text && WideCharToMultiByte(CP_UTF8, 0, w, -1, text, n, NULL, NULL) != n) {
		free(text);
		text = NULL;
	}
	return text;
}

static bool is_dir(const wchar_t *w)
{
	DWORD attributes = GetFileAttributesW(w);
	return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
}

bool olc_mkdirs(const char *path)
{
	wchar_t *w = widen(path);
	if (!w)
		return false;
	/* Both separators; skip a drive ("C:\") or share ("\\server\share\") prefix's first one. */
	for (wchar_t *p = w + 1; *p; p++) {
		if ((*p == L'/' || *p == L'\\') && p[-1] != L':') {
			wchar_t saved = *p;
			*p = L'\0';
			CreateDirectoryW(w, NULL);
			*p = saved;
		}
	}
	CreateDirectoryW(w, NULL);
	bool ok = is_dir(w);
	free(w);
	return ok;
}

char *olc_path_absolute(const char *path)
{
	wchar_t *w = widen(path);
	if (!w)
		return NULL;
	char *out = NULL;
	DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
	wchar_t *full = n ? malloc((size_t)n * sizeof(*full)) : NULL;
	if (full && GetFullPathNameW(w, n, full, NULL) < n && GetFileAttributesW(full) != INVALID_FILE_ATTRIBUTES)
		out = narrow(full);
	free(full);
	free(w);
	return out;
}
