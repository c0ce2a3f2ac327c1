/* The C heap, as a whole: giving its free pages back. Any thread. glibc in heap-posix.c (other
 * C libraries: nothing to do), Windows in heap-windows.c. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the free pages of every malloc arena to the system, and says whether the C library
 * could do that (glibc: malloc_trim). Why: glibc gives each thread that allocates its own arena
 * and keeps the pages freed in it; a worker that rasterises a card or a graphics thread that
 * swaps its textures leaves megabytes there that count in the process's memory until that
 * thread allocates again. It walks every arena's free chunks, locking each in turn: call it after
 * a burst of allocations (a raster), not per frame. */
bool olc_heap_release(void);

#ifdef __cplusplus
}
#endif
