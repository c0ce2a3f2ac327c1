/* file-append.h on Windows: CreateFileW with FILE_APPEND_DATA, SetEndOfFile to cut, WriteFile,
 * FlushFileBuffers. Paths are UTF-8 and go to the wide API. */
#include "core/sys/file-append.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "core/sys/file-io.h"
#include "core/sys/wide-windows.h"

struct olc_append_file {
	HANDLE h;
	uint64_t size;
	const char *name; /* points into path */
	char path[];
};

struct olc_append_file *olc_append_open(const char *path, uint64_t keep_len, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	char why[256];
	const size_t path_len = strlen(path);
	struct olc_append_file *f = malloc(sizeof(*f) + path_len + 1);
	wchar_t *w = olc_utf8_to_wide(path);
	if (!f || !w) {
		olc_error_set(err, "%s: cannot open (not a UTF-8 path, or out of memory)", name);
		free(f);
		free(w);
		return NULL;
	}
	memcpy(f->path, path, path_len + 1);
	f->name = olc_file_name(f->path);
	f->h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	free(w);
	if (f->h == INVALID_HANDLE_VALUE) {
		olc_last_error_words(why, sizeof(why));
		olc_error_set(err, "%s: cannot open for writing (%s)", name, why);
		free(f);
		return NULL;
	}
	LARGE_INTEGER size;
	if (GetFileType(f->h) != FILE_TYPE_DISK || !GetFileSizeEx(f->h, &size)) {
		olc_error_set(err, "%s is not a regular file", name);
		goto fail;
	}
	f->size = (uint64_t)size.QuadPart;
	if (keep_len < f->size) {
		LARGE_INTEGER at;
		at.QuadPart = (LONGLONG)keep_len;
		if (!SetFilePointerEx(f->h, at, NULL, FILE_BEGIN) || !SetEndOfFile(f->h) || !FlushFileBuffers(f->h)) {
			olc_last_error_words(why, sizeof(why));
			olc_error_set(err, "%s: cannot cut off its damaged end (%s)", name, why);
			goto fail;
		}
		f->size = keep_len;
	}
	LARGE_INTEGER zero;
	zero.QuadPart = 0;
	if (!SetFilePointerEx(f->h, zero, NULL, FILE_END)) {
		olc_last_error_words(why, sizeof(why));
		olc_error_set(err, "%s: cannot open for writing (%s)", name, why);
		goto fail;
	}
	return f;
fail:
	CloseHandle(f->h);
	free(f);
	return NULL;
}

bool olc_append_write(struct olc_append_file *f, const void *data, size_t len, struct olc_error *err)
{
	const char *p = data;
	char why[256];
	while (len > 0) {
		DWORD chunk = len > 0x40000000 ? 0x40000000 : (DWORD)len, done = 0;
		if (!WriteFile(f->h, p, chunk, &done, NULL) || done == 0) {
			olc_last_error_words(why, sizeof(why));
			olc_error_set(err, "%s: cannot write (%s)", f->name, why);
			return false;
		}
		p += done;
		len -= done;
		f->size += done;
	}
	return true;
}

bool olc_append_cut(struct olc_append_file *f, uint64_t len, struct olc_error *err)
{
	char why[256];
	if (len >= f->size)
		return true;
	LARGE_INTEGER at, zero;
	at.QuadPart = (LONGLONG)len;
	zero.QuadPart = 0;
	if (!SetFilePointerEx(f->h, at, NULL, FILE_BEGIN) || !SetEndOfFile(f->h) ||
	    !SetFilePointerEx(f->h, zero, NULL, FILE_END)) {
		olc_last_error_words(why, sizeof(why));
		olc_error_set(err, "%s: cannot cut off a record written in part (%s)", f->name, why);
		return false;
	}
	f->size = len;
	return true;
}

bool olc_append_sync(struct olc_append_file *f, struct olc_error *err)
{
	char why[256];
	if (!FlushFileBuffers(f->h)) {
		olc_last_error_words(why, sizeof(why));
		olc_error_set(err, "%s: cannot flush to disk (%s)", f->name, why);
		return false;
	}
	return true;
}

uint64_t olc_append_size(const struct olc_append_file *f)
{
	return f->size;
}

void olc_append_close(struct olc_append_file *f)
{
	if (!f)
		return;
	CloseHandle(f->h);
	free(f);
}
