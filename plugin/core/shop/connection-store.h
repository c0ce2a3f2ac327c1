/* The shop connection (provider, URL, credentials, poll interval) saved in the plugin's own
 * config file — never in scene collections, which users share. The file is written mode
 * 0600 through a temp file and rename. Blocking I/O: UI thread or a worker. */
#pragma once

#include <stdbool.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The saved file's size limit, for writing and reading alike. */
#define OLC_CONNECTION_STORE_MAX_BYTES (64 * 1024)
/* A saved poll interval; 0 (the provider's default) is saved by leaving it out. */
#define OLC_CONNECTION_POLL_MS_MIN 100
#define OLC_CONNECTION_POLL_MS_MAX 600000

/* {"version":1,"provider":"json","url":"...","key":"...","secret":"...","token":"...",
 *  "api_version":"2025-01","poll_ms":2000}; absent strings are omitted. It holds the secrets:
 *  free it with olc_secret_free() (text.h). */
char *olc_connection_to_json(const struct olc_connection *c);
/* Replaces *out only on success. Unknown provider, wrong types and a poll_ms outside
 * OLC_CONNECTION_POLL_MS_MIN..MAX are errors. source names the text in messages ("connection.json:
 * not JSON ..."); NULL gives "connection". Messages never quote the text itself (it holds secrets). */
bool olc_connection_from_json(const char *text, const char *source, struct olc_connection *out, struct olc_error *err);

/* false with err when the file is missing, unreadable, over OLC_CONNECTION_STORE_MAX_BYTES or
 * malformed; *out untouched then. Messages start with the file's name. */
bool olc_connection_store_load(const char *path, struct olc_connection *out, struct olc_error *err);
/* Refuses (false with err, the old file untouched) what olc_connection_store_load would refuse to
 * read back: more than OLC_CONNECTION_STORE_MAX_BYTES, or a connection from_json rejects. Then
 * writes as olc_file_write_atomic_private does; a failed write leaves the old file as it was. */
bool olc_connection_store_save(const char *path, const struct olc_connection *c, struct olc_error *err);

#ifdef __cplusplus
}
#endif
