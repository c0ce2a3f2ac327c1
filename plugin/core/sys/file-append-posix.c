/* file-append.h on POSIX: open(O_APPEND), ftruncate, write, fsync. ftruncate and fsync are
 * POSIX.1-2008, outside plain C17. */
#define _POSIX_C_SOURCE 200809L

#include "core/sys/file-append.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys/file-io.h"

struct olc_append_file {
	int fd;
	uint64_t size;
	const char *name; /* points into path */
	char path[];
};

struct olc_append_file *olc_append_open(const char *path, uint64_t keep_len, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	const size_t path_len = strlen(path);
	struct olc_append_file *f = malloc(sizeof(*f) + path_len + 1);
	if (!f) {
		olc_error_set(err, "%s: out of memory while opening", name);
		return NULL;
	}
	memcpy(f->path, path, path_len + 1);
	f->name = olc_file_name(f->path);
	/* O_NONBLOCK: a named pipe put in the journal's place must not stall the opener. */
	f->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0644);
	if (f->fd < 0) {
		olc_error_set(err, "%s: cannot open for writing (%s)", name, strerror(errno));
		free(f);
		return NULL;
	}
	struct stat st;
	if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		olc_error_set(err, "%s is not a regular file", name);
		goto fail;
	}
	f->size = (uint64_t)st.st_size;
	if (keep_len < f->size) {
		if (ftruncate(f->fd, (off_t)keep_len) != 0 || fsync(f->fd) != 0) {
			olc_error_set(err, "%s: cannot cut off its damaged end (%s)", name, strerror(errno));
			goto fail;
		}
		f->size = keep_len;
	}
	return f;
fail:
	close(f->fd);
	free(f);
	return NULL;
}

bool olc_append_write(struct olc_append_file *f, const void *data, size_t len, struct olc_error *err)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(f->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			olc_error_set(err, "%s: cannot write (%s)", f->name, n == 0 ? "nothing was written" : strerror(errno));
			return false;
		}
		p += n;
		len -= (size_t)n;
		f->size += (uint64_t)n;
	}
	return true;
}

bool olc_append_cut(struct olc_append_file *f, uint64_t len, struct olc_error *err)
{
	if (len < f->size && ftruncate(f->fd, (off_t)len) != 0) {
		olc_error_set(err, "%s: cannot cut off a record written in part (%s)", f->name, strerror(errno));
		return false;
	}
	if (len < f->size)
		f->size = len;
	return true;
}

bool olc_append_sync(struct olc_append_file *f, struct olc_error *err)
{
	if (fsync(f->fd) != 0) {
		olc_error_set(err, "%s: cannot flush to disk (%s)", f->name, strerror(errno));
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
	close(f->fd);
	free(f);
}
