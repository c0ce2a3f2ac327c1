#include "core/sys/dynlib.h"

#include <dlfcn.h>
#include <stddef.h>

struct olc_dynlib *olc_dynlib_open(const char *name, bool only_loaded)
{
	if (!name || !*name)
		return NULL;
	/* RTLD_LOCAL: nothing we open may lend its symbols to libraries loaded after it. */
	return (struct olc_dynlib *)dlopen(name, RTLD_LAZY | RTLD_LOCAL | (only_loaded ? RTLD_NOLOAD : 0));
}

void *olc_dynlib_symbol(struct olc_dynlib *lib, const char *symbol)
{
	return lib && symbol ? dlsym((void *)lib, symbol) : NULL;
}

void olc_dynlib_close(struct olc_dynlib *lib)
{
	if (lib)
		dlclose((void *)lib);
}
