#include "core/sys/heap.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

bool olc_heap_release(void)
{
#if defined(__GLIBC__)
	malloc_trim(0);
	return true;
#else
	/* macOS's and musl's allocators give pages back on their own. */
	return false;
#endif
}
