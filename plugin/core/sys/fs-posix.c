/* mkdir and stat are POSIX; realpath is POSIX (XSI): outside plain C17. */
#define _XOPEN_SOURCE 700

#include "core/sys/fs.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "core/base/text.h"

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool olc_mkdirs(const char *path)
{
	char *copy = olc_strdup(path);
	if (!copy)
		return false;
	for (char *p = copy + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(copy, 0755);
			*p = '/';
		}
	}
	mkdir(copy, 0755);
	free(copy);
	return is_dir(path);
}

char *olc_path_absolute(const char *path)
{
	return realpath(path, NULL);
}
