/* file-io.h on Windows: the same promises as file-io-posix.c with Win32 calls. Paths are UTF-8
 * and go to the wide (UTF-16) API. A file that is not on disk (a pipe, a console, a device) is
 * refused before it is read; a save writes a temporary file next to the target, flushes it and
 * moves it over the target with MoveFileExW(REPLACE_EXISTING | WRITE_THROUGH). Windows has no
 * owner-only mode bits: a private file relies on the folder's ACL (the user's profile). */
#include "core/sys/file-io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "core/sys/wide-windows.h"


/* 100 ns intervals between 1601-01-01 (FILETIME's start) and 1970-01-01. */
#define UNIX_EPOCH_IN_FILETIME 116444736000000000ll

static int64_t filetime_ns(FILETIME ft)
{
	int64_t t = (int64_t)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
	return (t - UNIX_EPOCH_IN_FILETIME) * 100;
}

bool olc_file_read_all(const char *path, size_t max_len, char **out, size_t *out_len, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	char why[256];
	wchar_t *w = olc_utf8_to_wide(path);
	if (!w) {
		olc_error_set(err, "%s: cannot open (not a UTF-8 path, or out of memory)", name);
		return false;
	}
	DWORD attributes = GetFileAttributesW(w);
	if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
		free(w);
		olc_error_set(err, "%s is not a regular file (it is a folder)", name);
		return false;
	}
	HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
			       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		olc_error_set(err, "%s: cannot open (%s)", name, olc_last_error_words(why, sizeof(why)));
		return false;
	}
	char *data = NULL;
	LARGE_INTEGER size;
	if (GetFileType(h) != FILE_TYPE_DISK) {
		olc_error_set(err, "%s is not a regular file (it is a device or a pipe)", name);
		goto fail;
	}
	if (!GetFileSizeEx(h, &size)) {
		olc_error_set(err, "%s: cannot read (%s)", name, olc_last_error_words(why, sizeof(why)));
		goto fail;
	}
	if ((uint64_t)size.QuadPart > max_len) {
		olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
		goto fail;
	}
	/* As on POSIX, the size is a hint and one byte past the cap is read to tell it apart. */
	size_t capacity = (size_t)size.QuadPart + 1, len = 0;
	data = malloc(capacity + 1);
	for (;;) {
		if (!data) {
			olc_error_set(err, "%s: out of memory while reading", name);
			goto fail;
		}
		if (len == capacity) {
			if (capacity > max_len) {
				olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
				goto fail;
			}
			capacity = capacity < max_len / 2 ? capacity * 2 : max_len + 1;
			char *bigger = realloc(data, capacity + 1);
			if (!bigger)
				free(data);
			data = bigger;
			continue;
		}
		size_t want = capacity - len;
		DWORD got = 0;
		if (!ReadFile(h, data + len, want > 0x40000000 ? 0x40000000 : (DWORD)want, &got, NULL)) {
			olc_error_set(err, "%s: cannot read (%s)", name, olc_last_error_words(why, sizeof(why)));
			goto fail;
		}
		if (got == 0)
			break;
		len += got;
	}
	CloseHandle(h);
	if (len > max_len) {
		free(data);
		olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
		return false;
	}
	data[len] = '\0';
	*out = data;
	if (out_len)
		*out_len = len;
	return true;

fail:
	CloseHandle(h);
	free(data);
	return false;
}

static bool write_atomic(const char *path, const void *data, size_t len, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	char why[256];
	if (!*name) {
		olc_error_set(err, "cannot save to \"%s\": it names a folder, not a file", path);
		return false;
	}
	/* "dir/.name.<tick>.tmp": next to the target so the move stays on one volume. */
	size_t dir_len = (size_t)(name - path);
	size_t temp_size = strlen(path) + 40;
	char *temp = malloc(temp_size);
	wchar_t *wpath = olc_utf8_to_wide(path), *wtemp = NULL;
	if (temp)
		snprintf(temp, temp_size, "%.*s.%s.%lu-%llu.tmp", (int)dir_len, path, name,
			 (unsigned long)GetCurrentThreadId(), (unsigned long long)GetTickCount64());
	wtemp = temp ? olc_utf8_to_wide(temp) : NULL;
	free(temp);
	if (!wpath || !wtemp) {
		free(wpath);
		free(wtemp);
		olc_error_set(err, "%s: out of memory while saving", name);
		return false;
	}
	bool had_old = GetFileAttributesW(wpath) != INVALID_FILE_ATTRIBUTES;
	HANDLE h = CreateFileW(wtemp, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_HIDDEN, NULL);
	bool ok = h != INVALID_HANDLE_VALUE;
	const char *p = data;
	while (ok && len > 0) {
		DWORD n = 0;
		ok = WriteFile(h, p, len > 0x40000000 ? 0x40000000 : (DWORD)len, &n, NULL) && n > 0;
		p += n;
		len -= n;
	}
	ok = ok && FlushFileBuffers(h);
	if (!ok)
		olc_last_error_words(why, sizeof(why));
	if (h != INVALID_HANDLE_VALUE)
		CloseHandle(h);
	if (ok && !(SetFileAttributesW(wtemp, FILE_ATTRIBUTE_NORMAL) &&
		    MoveFileExW(wtemp, wpath, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))) {
		olc_last_error_words(why, sizeof(why));
		ok = false;
	}
	if (!ok) {
		DeleteFileW(wtemp);
		olc_error_set(err, "%s: cannot save (%s)%s", name, why, had_old ? "; the old file is unchanged" : "");
	}
	free(wpath);
	free(wtemp);
	return ok;
}

bool olc_file_write_atomic(const char *path, const void *data, size_t len, struct olc_error *err)
{
	return write_atomic(path, data, len, err);
}

bool olc_file_write_atomic_private(const char *path, const void *data, size_t len, struct olc_error *err)
{
	return write_atomic(path, data, len, err);
}

int64_t olc_file_mtime(const char *path)
{
	wchar_t *w = olc_utf8_to_wide(path);
	WIN32_FILE_ATTRIBUTE_DATA info;
	bool ok = w && GetFileAttributesExW(w, GetFileExInfoStandard, &info);
	free(w);
	return ok ? filetime_ns(info.ftLastWriteTime) / 1000000000 : -1;
}

bool olc_dir_list_files(const char *dir, const char *suffix, struct olc_dir_entry **out, size_t *count)
{
	size_t pattern_size = strlen(dir) + 3;
	char *pattern = malloc(pattern_size);
	if (pattern)
		snprintf(pattern, pattern_size, "%s/*", dir);
	wchar_t *w = pattern ? olc_utf8_to_wide(pattern) : NULL;
	free(pattern);
	WIN32_FIND_DATAW found;
	HANDLE find = w ? FindFirstFileW(w, &found) : INVALID_HANDLE_VALUE;
	free(w);
	*out = NULL;
	*count = 0;
	if (find == INVALID_HANDLE_VALUE)
		return GetLastError() == ERROR_FILE_NOT_FOUND; /* an empty folder has no "*" match */
	struct olc_dir_entry *entries = NULL;
	size_t n = 0, capacity = 0, suffix_len = strlen(suffix);
	bool ok = true;
	do {
		if (found.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT))
			continue;
		char *name = olc_wide_to_utf8(found.cFileName);
		size_t name_len = name ? strlen(name) : 0;
		if (!name || name_len < suffix_len || memcmp(name + name_len - suffix_len, suffix, suffix_len) != 0) {
			ok = name != NULL;
			free(name);
			continue;
		}
		if (n == capacity) {
			size_t grown = capacity ? capacity * 2 : 64;
			struct olc_dir_entry *bigger = realloc(entries, grown * sizeof(*entries));
			if (!bigger) {
				free(name);
				ok = false;
				break;
			}
			entries = bigger;
			capacity = grown;
		}
		entries[n].name = name;
		entries[n].size = ((uint64_t)found.nFileSizeHigh << 32) | found.nFileSizeLow;
		entries[n].mtime_ns = filetime_ns(found.ftLastWriteTime);
		n++;
	} while (ok && FindNextFileW(find, &found));
	FindClose(find);
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(entries[i].name);
		free(entries);
		return false;
	}
	*out = entries;
	*count = n;
	return true;
}

bool olc_file_remove(const char *path)
{
	wchar_t *w = olc_utf8_to_wide(path);
	bool gone = w && (DeleteFileW(w) || GetLastError() == ERROR_FILE_NOT_FOUND);
	free(w);
	return gone;
}
