/* Append-only files, for journals that must survive a crash: each olc_append_write() is one
 * write to the operating system (so a killed process loses nothing it wrote), and
 * olc_append_sync() pushes what was written to the disk (so a power cut loses at most what came
 * after the last sync). Blocking I/O: call from a worker, never the graphics thread. One
 * olc_append_file is used by one thread at a time (the caller's lock); write and sync may run on
 * two threads when the caller serialises them. POSIX in file-append-posix.c, Windows in
 * file-append-windows.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_append_file;

/* Opens path for appending, creating it (mode 0644) when it does not exist, and first cuts it to
 * keep_len bytes when it is longer (a torn record at its end is dropped this way; the cut is
 * flushed to disk before anything is appended). keep_len UINT64_MAX keeps the whole file.
 * Messages start with the file's name. */
struct olc_append_file *olc_append_open(const char *path, uint64_t keep_len, struct olc_error *err);
/* Appends len bytes at the end in one write call (a short write is continued). On failure the
 * file may hold part of the bytes: a reader of the journal detects such a torn record. */
bool olc_append_write(struct olc_append_file *f, const void *data, size_t len, struct olc_error *err);
/* Cuts the file back to len bytes (what it held before a write that failed half-way), so the next
 * append starts on a whole record. */
bool olc_append_cut(struct olc_append_file *f, uint64_t len, struct olc_error *err);
/* Flushes everything written so far to the disk (fsync / FlushFileBuffers). */
bool olc_append_sync(struct olc_append_file *f, struct olc_error *err);
/* The file's length as this handle knows it: what it was opened with plus what was written. */
uint64_t olc_append_size(const struct olc_append_file *f);
/* Closes the file (without a sync: call olc_append_sync first to keep the last second). NULL is
 * fine. */
void olc_append_close(struct olc_append_file *f);

#ifdef __cplusplus
}
#endif
