#include "core/sys/dynlib.h"

#include <stdlib.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "core/sys/wide-windows.h"

struct olc_dynlib *olc_dynlib_open(const char *name, bool only_loaded)
{
	if (!name || !*name)
		return NULL;
	wchar_t *w = olc_utf8_to_wide(name);
	if (!w)
		return NULL;
	HMODULE module = NULL;
	if (only_loaded) {
		/* GetModuleHandleExW takes a reference, as LoadLibraryW does: close frees both alike. */
		if (!GetModuleHandleExW(0, w, &module))
			module = NULL;
	} else {
		/* Only the system's folders: a DLL planted next to the scene collection is never loaded. */
		module = LoadLibraryExW(w, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
	}
	free(w);
	return (struct olc_dynlib *)module;
}

void *olc_dynlib_symbol(struct olc_dynlib *lib, const char *symbol)
{
	return lib && symbol ? (void *)GetProcAddress((HMODULE)lib, symbol) : NULL;
}

void olc_dynlib_close(struct olc_dynlib *lib)
{
	if (lib)
		FreeLibrary((HMODULE)lib);
}
