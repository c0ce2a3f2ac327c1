#include "core/sys/heap.h"

bool olc_heap_release(void)
{
	/* The Windows heap has no malloc_trim; it decommits free pages by its own rules. */
	return false;
}
