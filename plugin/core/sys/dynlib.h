/* Shared libraries opened at run time: for a library whose symbols carry its version (ICU's
 * utrans_openU_76), so linking it would tie the module to one version of it. Names are UTF-8
 * file names as the platform's loader takes them ("libicui18n.so.76", "icu.dll").
 * POSIX in dynlib-posix.c (dlopen), Windows in dynlib-windows.c (LoadLibraryW). Any thread; opening
 * may read the disk (a library already loaded is only looked up). */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct olc_dynlib;

/* Opens the library `name`. only_loaded: succeed only when the process has it loaded already
 * (nothing is read from disk; RTLD_NOLOAD, GetModuleHandle). NULL when it cannot be opened. */
struct olc_dynlib *olc_dynlib_open(const char *name, bool only_loaded);
/* The address of `symbol` in lib, or NULL. */
void *olc_dynlib_symbol(struct olc_dynlib *lib, const char *symbol);
/* Drops this handle (the library stays loaded while others hold it). NULL is fine. */
void olc_dynlib_close(struct olc_dynlib *lib);

#ifdef __cplusplus
}
#endif
