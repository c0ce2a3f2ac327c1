/* The shop connection (provider, URL, credentials, poll interval) saved in the plugin's own
 * config file — never in scene collections, which users share. The file is written mode
 * 0600 through a temp file and rename. Blocking I/O: UI thread or a worker. */
#pragma once

#include <stdbool.h>

#include "error.h"
#include "provider.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"version":1,"provider":"json","url":"...","key":"...","secret":"...","token":"...",
 *  "api_version":"2025-01","poll_ms":2000}; absent strings are omitted. It holds the secrets:
 *  free it with olc_secret_free() (text.h). */
char *olc_connection_to_json(const struct olc_connection *c);
/* Replaces *out only on success. Unknown provider, wrong types and a poll_ms outside
 * 100..600000 are errors. */
bool olc_connection_from_json(const char *text, struct olc_connection *out, struct olc_error *err);

/* false with err when the file is missing, unreadable or malformed; *out untouched then. */
bool olc_connection_store_load(const char *path, struct olc_connection *out, struct olc_error *err);
bool olc_connection_store_save(const char *path, const struct olc_connection *c, struct olc_error *err);

#ifdef __cplusplus
}
#endif
