/* The portable half of file-io.h: names, and keeping cache folders within their caps. The
 * platform's half (reads, atomic writes, listing and removing) is in file-io-posix.c and
 * file-io-windows.c. */
#include "core/sys/file-io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *olc_file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
#ifdef _WIN32
	const char *backslash = strrchr(path, '\\');
	if (backslash && (!slash || backslash > slash))
		slash = backslash;
#endif
	return slash ? slash + 1 : path;
}

static int trim_order(const void *a, const void *b)
{
	const struct olc_dir_entry *x = a, *y = b;
	if (x->mtime_ns != y->mtime_ns)
		return x->mtime_ns < y->mtime_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

int olc_dir_trim(const char *dir, const char *suffix, uint64_t max_bytes, size_t max_files, const char *keep)
{
	struct olc_dir_entry *entries = NULL;
	size_t count = 0;
	if (!olc_dir_list_files(dir, suffix, &entries, &count))
		return -1;
	uint64_t total = 0;
	size_t path_size = strlen(dir) + 2;
	for (size_t i = 0; i < count; i++) {
		total += entries[i].size;
		if (strlen(dir) + strlen(entries[i].name) + 2 > path_size)
			path_size = strlen(dir) + strlen(entries[i].name) + 2;
	}
	char *path = malloc(path_size);
	int removed = path ? 0 : -1;

	/* An empty folder lists no entries (NULL): qsort must not be given NULL, even for 0 items
	 * (UBSan, found by the churn layer while the photo cache was emptied). */
	if (count > 1)
		qsort(entries, count, sizeof(*entries), trim_order);
	size_t left = count;
	for (size_t i = 0; path && i < count && (total > max_bytes || left > max_files); i++) {
		if (keep && strcmp(entries[i].name, keep) == 0)
			continue;
		snprintf(path, path_size, "%s/%s", dir, entries[i].name);
		/* Another process may have removed it already: it is gone either way. */
		if (olc_file_remove(path)) {
			total -= entries[i].size;
			left--;
			removed++;
		}
	}

	for (size_t i = 0; i < count; i++)
		free(entries[i].name);
	free(entries);
	free(path);
	return removed;
}
