/* What file-io.c asks of the platform, implemented in file-io-posix.c and file-io-windows.c.
 * Private to core/sys. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
