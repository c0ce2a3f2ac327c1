/* Folders and paths for the core (whole-file reads and writes are in file-io.h). Paths are UTF-8
 * on every platform. Blocking: call from a worker or the UI thread, never the graphics thread.
 * POSIX in fs-posix.c, Windows in fs-windows.c. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* mkdir -p: makes path and every missing folder above it (mode 0755 where modes exist). true when
 * path is a folder afterwards. */
bool olc_mkdirs(const char *path);

/* The absolute, canonical form of path (symbolic links and "." / ".." resolved where the platform
 * does); malloc'd, NULL when path does not exist or memory runs out. */
char *olc_path_absolute(const char *path);

#ifdef __cplusplus
}
#endif
