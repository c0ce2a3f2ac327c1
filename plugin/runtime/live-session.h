/* The module's one live session (see core/session.h): created at module load with the
 * connection saved in the plugin's config, destroyed at unload. */
#pragma once

#include <stdbool.h>

#include "core/base/error.h"
#include "core/session/live-settings.h"
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

/* Shows every product card's hidden price (the card's wipe), as its Reveal button does. A card that
 * hides no price is unchanged. Any thread (the cards take the request at their next tick). */
void olc_live_reveal_price(void);
/* Calls the procedure `proc` (ids.h P_CARD_*) of every product card. Any thread. */
void olc_live_call_cards(const char *proc);
/* Marks a product sold out now (NULL: the featured one); see olc_session_mark_sold_out. */
bool olc_live_mark_sold_out(const char *product_id, struct olc_error *err);

/* What the live session does by itself (saved in live.json with the stream language):
 * sold_out_advance: when the featured product sells out (the shop's stock, an order or
 *   MarkSoldOut), it stays on screen sold out for sold_out_seconds (1 to 600), then the next deck
 *   item in stock is featured (none in stock: it stays);
 * scene_features_item: switching OBS to a scene tied to a deck item features that item. */
struct olc_live_options {
	bool sold_out_advance;
	int sold_out_seconds;
	bool scene_features_item;
};
void olc_live_options_get(struct olc_live_options *out);
/* Applies and saves; false with err when refused (nothing changes) or applied but not saved (err
 * says so). A small file write: UI thread or obs-websocket's. */
bool olc_live_options_set(const struct olc_live_options *in, struct olc_error *err);

/* The whole of live.json, for stream-language.c: get any thread; put applies, saves (a small file
 * write) and says in err when it could not. */
void olc_live_settings_get(struct olc_live_settings *out);
bool olc_live_settings_put(const struct olc_live_settings *in, struct olc_error *err);

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
