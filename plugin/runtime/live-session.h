/* The module's one live session (see core/session.h): created at module load with the
 * connection saved in the plugin's config, destroyed at unload. */
#pragma once

#include <stdbool.h>

#include "core/base/error.h"
#include "core/shop/provider.h"
#include "core/shop/provider-form.h" /* the dock draws the connection form from it */
#include "core/session/session.h"
#include "core/stream/buyer-mask.h"  /* the dock shows buyers masked, as the overlays do */

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load: creates the session (cached catalog and deck come back at once) and
 * starts it on the saved connection, or on the demo shop when there is none. */
bool olc_live_start(void);
/* obs_module_unload: stops the poller (within about 1 s, even while a shop hangs). */
void olc_live_stop(void);

/* The session, or NULL outside start..stop. Any thread; the pointer stays valid until stop. */
struct olc_session *olc_live_session(void);

/* A snapshot of the session (release with olc_snapshot_release), or NULL without a session. */
struct olc_snapshot *olc_live_snapshot(void);

/* What the dock and the hotkeys do to the live session (core/session/session.h says what each
 * does); without a session they fail with err saying so (hide does nothing). UI thread or any. */
bool olc_live_feature(const char *product_id, struct olc_error *err);
bool olc_live_feature_step(int delta, struct olc_error *err);
void olc_live_hide(void);
bool olc_live_simulate_order(const char *product_id, int quantity, struct olc_error *err);

/* Applies a new connection; when it is refused, returns false with err and nothing changes. When
 * it is accepted, saves it (mode 0600) in the plugin's config: save_err stays "" when that worked,
 * and says why not otherwise (full disk, a folder that cannot be made); the connection is used
 * until OBS quits either way. Bounded (joins the old poller, about 1 s at most while a shop hangs,
 * and writes a small file): obs-websocket's thread or a worker; the dock calls it from a worker.
 * olc_live_stop waits for a call under way. */
bool olc_live_set_connection(const struct olc_connection *c, struct olc_error *err, struct olc_error *save_err);

/* BLOCKING (one catalog fetch: network or file I/O, bounded by the provider's timeouts): tries c
 * without applying or saving it. true with summary ("42 products, 3 without stock, prices in CNY"),
 * or false with err in plain words. Worker threads only, never the UI thread. olc_live_stop cancels
 * a test under way and waits for it to return. */
bool olc_live_test_connection(const struct olc_connection *c, char *summary, size_t len, struct olc_error *err);

/* Why the connection in use is not the saved one ("" when it is): connection.json could not be
 * read at start (the demo shop runs) or the last connection could not be saved. Any thread. */
void olc_live_config_error(struct olc_error *out);

#ifdef __cplusplus
}
#endif
