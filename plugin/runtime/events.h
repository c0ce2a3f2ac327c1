/* The one event bus: every vendor event (VendorEvent with vendorName "live-commerce") leaves through
 * here, with the payloads the README's events table documents. The runtime and the sources call
 * the functions below; only the api layer knows obs-websocket, and it hands this bus the one
 * emitter that reaches it (olc_events_set_emitter). Without an emitter (no obs-websocket, OBS
 * exiting) events are made and dropped.
 *
 *   OrderReceived, ProductFeatured, StockChanged, ConnectionChanged  from the live session's events
 *                                                                     (olc_events_start)
 *   GoalReached                                                       olc_events_goal_reached, called
 *                                                                     by runtime/goals.c alone
 *   CountdownEnded                                                    olc_events_countdown_ended, called
 *                                                                     by runtime/countdown-host.c
 *
 * Every function may be called from any thread and is quick (obs-websocket queues the event), but
 * never with a lock that a source's video_render may wait on. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <obs-data.h>

#include "core/stream/goal-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sends one event; data stays the caller's. */
typedef void (*olc_events_emitter)(const char *event, obs_data_t *data, void *priv);
/* Sets the one emitter (NULL: none, events are dropped). Returns once the calls to the previous one
 * that were under way have returned, so its priv may go. Never from inside the emitter. */
void olc_events_set_emitter(olc_events_emitter emit, void *priv);

/* obs_module_load, after olc_live_start: the session's orders, featuring, stock and connection
 * changes become OrderReceived, ProductFeatured, StockChanged and ConnectionChanged. */
void olc_events_start(void);
/* obs_module_unload, before olc_live_stop: returns once no session event is being forwarded. */
void olc_events_stop(void);

/* The vendor's form of a list of product ids, [{id}] (obs_data arrays hold objects): ProductFeatured's
 * ids, and the api's featured lists. The caller releases it. */
obs_data_array_t *olc_events_id_list(const char *const *ids, size_t count);

/* CountdownEnded {label}. */
void olc_events_countdown_ended(const char *label);

/* GoalReached {kind, value, target, currency, scope, product_id, source}: one crossing of one goal. */
struct olc_goal_reached {
	enum olc_goal_kind kind;
	int64_t value, target;  /* in the kind's unit; revenue: minor units of currency */
	const char *currency;   /* the shop's; sent with revenue goals only */
	bool featured_only;     /* scope "featured" (else "stream") */
	const char *product_id; /* the product counted; NULL or "": none (not sent) */
	const char *source;     /* the name of the goal source that names the goal (see goals.h) */
};
void olc_events_goal_reached(const struct olc_goal_reached *g);

#ifdef __cplusplus
}
#endif
