/* file-io.h on POSIX: reads that never block on a pipe or a device, crash-safe writes (mkstemp,
 * fsync, rename, fsync of the folder) and folder listings. mkstemp, fchmod, fsync, O_DIRECTORY,
 * opendir and st_mtim are POSIX.1-2008, outside plain C17. */
#define _POSIX_C_SOURCE 200809L

#include "core/sys/file-io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* "a named pipe", "a folder": what a path that is not a regular file names, for the message. */
static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a named pipe";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

static bool refuse_irregular(const char *name, const struct stat *st, struct olc_error *err)
{
	if (S_ISREG(st->st_mode))
		return false;
	olc_error_set(err, "%s is not a regular file (it is %s)", name, file_kind(st->st_mode));
	return true;
}

bool olc_file_read_all(const char *path, size_t max_len, char **out, size_t *out_len, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	/* A named pipe or a terminal would block the reader for as long as nobody writes to it,
	 * and with it the poller, obs-websocket's thread or OBS's exit; a device may never end.
	 * So: look first (stat does not open anything, so a device is not even touched), then
	 * open without blocking and look again at what was really opened (the path may have
	 * changed in between), and read only a regular file. */
	struct stat st;
	if (stat(path, &st) != 0) {
		olc_error_set(err, "%s: cannot open (%s)", name, strerror(errno));
		return false;
	}
	if (refuse_irregular(name, &st, err))
		return false;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		olc_error_set(err, "%s: cannot open (%s)", name, strerror(errno));
		return false;
	}
	char *data = NULL;
	if (fstat(fd, &st) != 0) {
		olc_error_set(err, "%s: cannot read (%s)", name, strerror(errno));
		goto fail;
	}
	if (refuse_irregular(name, &st, err))
		goto fail;
	if ((uintmax_t)st.st_size > max_len) {
		olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
		goto fail;
	}

	/* The size is a hint: the file may grow or shrink while it is read, and the cap holds
	 * either way (one byte past it is read to tell "exactly max_len" from "more"). */
	size_t capacity = (size_t)st.st_size + 1;
	size_t len = 0;
	data = malloc(capacity + 1);
	if (!data) {
		olc_error_set(err, "%s: out of memory while reading", name);
		goto fail;
	}
	for (;;) {
		if (len == capacity) {
			if (capacity > max_len) {
				olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
				goto fail;
			}
			size_t grown = capacity < max_len / 2 ? capacity * 2 : max_len + 1;
			char *bigger = realloc(data, grown + 1);
			if (!bigger) {
				olc_error_set(err, "%s: out of memory while reading", name);
				goto fail;
			}
			data = bigger;
			capacity = grown;
		}
		ssize_t got = read(fd, data + len, capacity - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			olc_error_set(err, "%s: cannot read (%s)", name, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (len > max_len) {
		olc_error_set(err, "%s: the file is too large (more than %zu bytes)", name, max_len);
		goto fail;
	}
	close(fd);

	data[len] = '\0';
	*out = data;
	if (out_len)
		*out_len = len;
	return true;

fail:
	close(fd);
	free(data);
	return false;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Makes the rename itself durable. Some file systems cannot sync a directory; the data is
 * already safe then, so a failure here does not fail the save. */
static void sync_directory(const char *path, size_t dir_len)
{
	char *dir = dir_len ? malloc(dir_len + 1) : NULL;
	if (dir) {
		memcpy(dir, path, dir_len);
		dir[dir_len] = '\0';
	}
	int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static bool write_atomic(const char *path, const void *data, size_t len, bool private_file, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	if (!*name) {
		olc_error_set(err, "cannot save to \"%s\": it names a folder, not a file", path);
		return false;
	}

	/* "dir/.name.XXXXXX": hidden, and next to the target so the rename stays on one file system. */
	size_t dir_len = (size_t)(name - path);
	size_t temp_size = strlen(path) + sizeof("..XXXXXX");
	char *temp = malloc(temp_size);
	if (!temp) {
		olc_error_set(err, "%s: out of memory while saving", name);
		return false;
	}
	snprintf(temp, temp_size, "%.*s.%s.XXXXXX", (int)dir_len, path, name);

	int fd = mkstemp(temp);
	if (fd < 0) {
		olc_error_set(err, "%s: cannot save (%s)", name, strerror(errno));
		free(temp);
		return false;
	}

	struct stat old;
	bool had_old = stat(path, &old) == 0 && S_ISREG(old.st_mode);
	mode_t mode = private_file ? 0600 : had_old ? (old.st_mode & 07777) : 0644;
	int failed_errno = 0;
	if (fchmod(fd, mode) != 0 || !write_all(fd, data, len) || fsync(fd) != 0)
		failed_errno = errno;
	if (close(fd) != 0 && !failed_errno)
		failed_errno = errno;
	if (!failed_errno && rename(temp, path) != 0)
		failed_errno = errno;

	if (failed_errno) {
		unlink(temp);
		free(temp);
		olc_error_set(err, "%s: cannot save (%s)%s", name, strerror(failed_errno),
			      had_old ? "; the old file is unchanged" : "");
		return false;
	}
	free(temp);
	sync_directory(path, dir_len);
	return true;
}

bool olc_file_write_atomic(const char *path, const void *data, size_t len, struct olc_error *err)
{
	return write_atomic(path, data, len, false, err);
}

bool olc_file_write_atomic_private(const char *path, const void *data, size_t len, struct olc_error *err)
{
	return write_atomic(path, data, len, true, err);
}

int64_t olc_file_mtime(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int64_t)st.st_mtim.tv_sec : -1;
}

static bool ends_with(const char *s, const char *suffix)
{
	const size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool olc_dir_list_files(const char *dir, const char *suffix, struct olc_dir_entry **out, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct olc_dir_entry *entries = NULL;
	size_t n = 0, capacity = 0;
	char *path = NULL;
	size_t path_size = 0;
	bool ok = false;
	for (struct dirent *e = readdir(d); e; e = readdir(d)) {
		if (!ends_with(e->d_name, suffix))
			continue;
		const size_t need = strlen(dir) + strlen(e->d_name) + 2;
		if (need > path_size) {
			char *bigger = realloc(path, need);
			if (!bigger)
				goto done;
			path = bigger;
			path_size = need;
		}
		snprintf(path, path_size, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == capacity) {
			size_t grown = capacity ? capacity * 2 : 64;
			struct olc_dir_entry *bigger = realloc(entries, grown * sizeof(*entries));
			if (!bigger)
				goto done;
			entries = bigger;
			capacity = grown;
		}
		entries[n].name = strdup(e->d_name);
		if (!entries[n].name)
			goto done;
		entries[n].size = (uint64_t)st.st_size;
		entries[n].mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		n++;
	}
	ok = true;
done:
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(entries[i].name);
		free(entries);
		entries = NULL;
		n = 0;
	}
	free(path);
	closedir(d);
	*out = entries;
	*count = n;
	return ok;
}

bool olc_file_remove(const char *path)
{
	return unlink(path) == 0 || errno == ENOENT;
}
