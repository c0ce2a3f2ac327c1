#include "core/sys/heap.h"

bool olc_heap_release(void)
{
	/* The Windows heap decommits free pages on its own. */
	return false;
}
