/* Overlay text in one language, read from the module's locale files: data/locale/<code>.ini over
 * data/locale/en-US.ini, so a key the language lacks reads in English (libobs' own text lookup, as
 * obs_module_text does for OBS's interface language). libobs' util only: the unit tests link it. */
#pragma once

#include <util/text-lookup.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads en-US.ini, then <code>.ini over it (a code without a file leaves English). NULL when
 * en-US.ini itself cannot be read. Blocking (reads two small files); destroy with
 * text_lookup_destroy. */
lookup_t *olc_stream_text_load(const char *locale_dir, const char *code);

/* The text of key in lookup, or key itself when neither file has it (or lookup is NULL), as
 * obs_module_text answers. The text lives as long as lookup. */
const char *olc_stream_text_get(lookup_t *lookup, const char *key);

#ifdef __cplusplus
}
#endif
