/* Whole-file reads and crash-safe writes for decks and cached shop data, and the upkeep of cache
 * folders. Blocking I/O: call from
 * a worker or the UI thread, never the graphics thread. Any thread otherwise.
 * file-io.c holds the portable part; file-io-posix.c (Linux, macOS) and file-io-windows.c the
 * platform's (on Windows a private file gets no mode bits: the profile folder's ACL guards it). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the whole file into a malloc'd, NUL-terminated buffer (*out; length without the NUL in
 * *out_len, which may be NULL). Fails when the file cannot be read or is longer than max_len.
 * Only a regular file is read: a named pipe, a device, a socket or a folder is refused at once
 * ("deck.json is not a regular file (it is a named pipe)"), never opened in a way that could
 * wait for a writer. The one reader of every local file: decks, local catalogs, caches, the
 * connection file, photos. Messages start with the file's name. */
bool olc_file_read_all(const char *path, size_t max_len, char **out, size_t *out_len, struct olc_error *err);

/* Replaces the file at path with data, so that afterwards the file holds either its old bytes or
 * all of the new ones, even after a crash or power loss: writes a temporary file in the same
 * directory, flushes it to disk, renames it over path, then flushes the directory. A new file
 * gets mode 0644; an existing file keeps its mode. On any failure the temporary file is removed
 * and the old file is left byte-for-byte as it was. Messages start with the file's name. */
bool olc_file_write_atomic(const char *path, const void *data, size_t len, struct olc_error *err);

/* The same, but the file is always mode 0600 (owner only), from the moment it exists: for
 * files holding secrets such as shop credentials. */
bool olc_file_write_atomic_private(const char *path, const void *data, size_t len, struct olc_error *err);

/* The last component of path (the part after the final '/'). */
const char *olc_file_name(const char *path);

/* When the file was last modified, in seconds since 1970; -1 when it cannot be read. */
int64_t olc_file_mtime(const char *path);

/* Keeps a cache folder within max_bytes and max_files, counting only the files whose names end
 * with suffix: removes them least recently modified first (equal times: by name) until both
 * hold, never the one named keep (a file name, or NULL). Other files are left alone. Returns
 * how many were removed, or -1 when the folder cannot be read. */
int olc_dir_trim(const char *dir, const char *suffix, uint64_t max_bytes, size_t max_files, const char *keep);

struct olc_dir_entry {
	char *name; /* malloc'd */
	uint64_t size;
	int64_t mtime_ns;
};

/* The regular files directly in dir whose names end with suffix, into a malloc'd array (*out,
 * *count; free each name and the array). false when the folder cannot be read or memory runs
 * out (nothing is then left to free). */
bool olc_dir_list_files(const char *dir, const char *suffix, struct olc_dir_entry **out, size_t *count);

/* Removes the file at path: true when it is gone afterwards (removed now, or already gone). */
bool olc_file_remove(const char *path);

#ifdef __cplusplus
}
#endif
