/* Overlay text in one language; see stream-text.h. */
#include "runtime/stream-text.h"

#include <util/dstr.h>

#include <string.h>

lookup_t *olc_stream_text_load(const char *locale_dir, const char *code)
{
	struct dstr path = {0};
	dstr_printf(&path, "%s/en-US.ini", locale_dir);
	lookup_t *lookup = text_lookup_create(path.array);
	if (lookup && code && *code && strcmp(code, "en-US") != 0) {
		dstr_printf(&path, "%s/%s.ini", locale_dir, code);
		text_lookup_add(lookup, path.array); /* no such file: English stays */
	}
	dstr_free(&path);
	return lookup;
}

const char *olc_stream_text_get(lookup_t *lookup, const char *key)
{
	const char *out = NULL;
	if (lookup && text_lookup_getstr(lookup, key, &out))
		return out;
	return key;
}
