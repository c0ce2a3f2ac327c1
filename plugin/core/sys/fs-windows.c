#include "core/sys/fs.h"

#include <stdlib.h>
#include <wchar.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "core/sys/wide-windows.h"

static bool is_dir(const wchar_t *w)
{
	DWORD attributes = GetFileAttributesW(w);
	return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
}

bool olc_mkdirs(const char *path)
{
	wchar_t *w = olc_utf8_to_wide(path);
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
	wchar_t *w = olc_utf8_to_wide(path);
	if (!w)
		return NULL;
	char *out = NULL;
	DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
	wchar_t *full = n ? malloc((size_t)n * sizeof(*full)) : NULL;
	if (full && GetFullPathNameW(w, n, full, NULL) < n && GetFileAttributesW(full) != INVALID_FILE_ATTRIBUTES)
		out = olc_wide_to_utf8(full);
	free(full);
	free(w);
	return out;
}
