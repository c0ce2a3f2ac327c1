#include "core/sys/heap.h"

#include <stdlib.h> /* defines __GLIBC__ on glibc */

#if defined(__GLIBC__)
#include <malloc.h>
#endif

bool olc_heap_release(void)
{
#if defined(__GLIBC__)
	malloc_trim(0);
	return true;
#else
	/* No malloc_trim in this C library (macOS, musl): nothing to ask for. */
	return false;
#endif
}
