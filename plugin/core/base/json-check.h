/* Checks on JSON that a person wrote by hand (a deck file, the demo shop's catalog), in the words
 * of someone editing it: what a value is, and fields the reader does not know (a typo in a field
 * name must not pass silently). Pure functions: any thread. */
#pragma once

#include <stdbool.h>

#include <jansson.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a value is, in words: "an object", "a list", "text", "a number", "true/false", "null";
 * "nothing" for NULL. (The shop providers' olc_json_kind in core/shop/provider.c says the same
 * and can become a call to this.) */
const char *olc_json_words(const json_t *value);

/* true when every field of object is named in known (NULL-terminated); otherwise false with err
 * "<where>: unknown field \"<name>\"" for the first one that is not. */
bool olc_json_known_fields(json_t *object, const char *const *known, const char *where, struct olc_error *err);

/* A file the plugin saved (connection.json, live.json): text parsed as JSON (duplicate keys
 * refused), an object whose "version", when present, is a whole number at most `version`. The object
 * (json_decref it), or NULL with err "<source>: not JSON (line L, column C: words)", "<source>:
 * expected an object" or "<source>: saved by a newer version of the plugin". Never quotes the text:
 * it may hold secrets. */
json_t *olc_json_load_saved(const char *text, const char *source, long long version, struct olc_error *err);

#ifdef __cplusplus
}
#endif
