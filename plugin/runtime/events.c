/* The one event bus; see events.h. */
#include <obs-module.h>
#include <util/threading.h>

#include <stdlib.h>

#include "runtime/events.h"
#include "runtime/live-session.h"
#include "core/stream/buyer-mask.h"
#include "ids.h"

/* Read-held while an event is being sent, write-held to change the emitter: setting another one
 * waits for the sends under way, and sends from several threads do not wait on each other. */
static struct {
	pthread_rwlock_t lock;
	olc_events_emitter emit;
	void *priv;
} bus = {.lock = PTHREAD_RWLOCK_INITIALIZER};

static struct olc_session *forwarding; /* the session whose events are forwarded; module load/unload only */

void olc_events_set_emitter(olc_events_emitter emit, void *priv)
{
	pthread_rwlock_wrlock(&bus.lock);
	bus.emit = emit;
	bus.priv = priv;
	pthread_rwlock_unlock(&bus.lock);
}

static void send_event(const char *event, obs_data_t *data)
{
	pthread_rwlock_rdlock(&bus.lock);
	if (bus.emit)
		bus.emit(event, data, bus.priv);
	pthread_rwlock_unlock(&bus.lock);
}

obs_data_array_t *olc_events_id_list(const char *const *ids, size_t count)
{
	obs_data_array_t *list = obs_data_array_create();
	for (size_t i = 0; i < count; i++) {
		obs_data_t *item = obs_data_create();
		obs_data_set_string(item, "id", ids[i]);
		obs_data_array_push_back(list, item);
		obs_data_release(item);
	}
	return list;
}

/* Session events become vendor events. Called on the thread that changed the session. */
static void forward_event(const struct olc_event *ev, void *priv)
{
	UNUSED_PARAMETER(priv);
	obs_data_t *data = obs_data_create();
	switch (ev->kind) {
	case OLC_EVENT_ORDER_RECEIVED: {
		char *masked = olc_mask_buyer(ev->order->buyer);
		obs_data_set_string(data, "id", ev->order->id ? ev->order->id : "");
		obs_data_set_string(data, "product_id", ev->order->product_id ? ev->order->product_id : "");
		obs_data_set_int(data, "quantity", ev->order->quantity);
		obs_data_set_string(data, "buyer", masked ? masked : "");
		obs_data_set_string(data, "city", ev->order->city ? ev->order->city : "");
		obs_data_set_int(data, "total_minor", ev->order->total.minor);
		obs_data_set_string(data, "currency", ev->order->total.currency);
		obs_data_set_bool(data, "test", ev->order->test);
		free(masked);
		send_event("OrderReceived", data);
		break;
	}
	case OLC_EVENT_PRODUCT_FEATURED: {
		obs_data_array_t *ids = olc_events_id_list(ev->featured, ev->featured_count);
		obs_data_set_array(data, "ids", ids);
		obs_data_array_release(ids);
		send_event("ProductFeatured", data);
		break;
	}
	case OLC_EVENT_STOCK_CHANGED:
		obs_data_set_string(data, "id", ev->product_id);
		if (ev->has_stock)
			obs_data_set_int(data, "stock", ev->stock);
		send_event("StockChanged", data);
		break;
	case OLC_EVENT_CONNECTION_CHANGED:
		obs_data_set_string(data, "state", olc_conn_state_name(ev->state));
		if (ev->error)
			obs_data_set_string(data, "error", ev->error);
		send_event("ConnectionChanged", data);
		break;
	case OLC_EVENT_CATALOG_CHANGED:
	case OLC_EVENT_DECK_CHANGED:
		break;
	}
	obs_data_release(data);
}

void olc_events_start(void)
{
	forwarding = olc_live_session();
	if (forwarding)
		olc_session_add_listener(forwarding, forward_event, NULL);
}

void olc_events_stop(void)
{
	if (forwarding)
		olc_session_remove_listener(forwarding, forward_event, NULL);
	forwarding = NULL;
}

void olc_events_countdown_ended(const char *label)
{
	obs_data_t *data = obs_data_create();
	obs_data_set_string(data, "label", label ? label : "");
	send_event("CountdownEnded", data);
	obs_data_release(data);
}

void olc_events_goal_reached(const struct olc_goal_reached *g)
{
	obs_data_t *data = obs_data_create();
	obs_data_set_string(data, "kind", olc_goal_kind_name(g->kind));
	obs_data_set_int(data, "value", g->value);
	obs_data_set_int(data, "target", g->target);
	if (g->kind == OLC_GOAL_REVENUE)
		obs_data_set_string(data, "currency", g->currency ? g->currency : "");
	obs_data_set_string(data, "scope", g->featured_only ? S_GOAL_SCOPE_FEATURED : S_GOAL_SCOPE_STREAM);
	if (g->product_id && *g->product_id)
		obs_data_set_string(data, "product_id", g->product_id);
	obs_data_set_string(data, "source", g->source ? g->source : "");
	send_event("GoalReached", data);
	obs_data_release(data);
}
