/* obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use.
 *
 * Requests read immutable session snapshots or call the session's quick setters: none of
 * them waits on the network. A request that cannot be done answers
 * {"ok": false, "error": "plain words"}; one that succeeds has "ok": true. Values the
 * README documents as null are left out of the response (obs_data has no null). */
#include <obs-module.h>
#include <obs-websocket-api.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countdown-host.h"
#include "deck-json.h"
#include "live-session.h"
#include "plugin-support.h"
#include "settings-keys.h"
#include "vendor-api.h"

static obs_websocket_vendor vendor;

static bool fail(obs_data_t *response, const char *message)
{
	obs_data_set_bool(response, "ok", false);
	obs_data_set_string(response, "error", message);
	return false;
}

static void succeed(obs_data_t *response)
{
	obs_data_set_bool(response, "ok", true);
}

/* Takes a snapshot, or answers the error when there is no session. */
static struct olc_snapshot *snapshot_or_fail(obs_data_t *response)
{
	struct olc_snapshot *snap = olc_live_snapshot();
	if (!snap)
		fail(response, "the live session is not running");
	return snap;
}

static void set_featured(obs_data_t *obj, const struct olc_snapshot *snap)
{
	obs_data_array_t *ids = obs_data_array_create();
	for (size_t i = 0; i < snap->featured_count; i++) {
		obs_data_t *item = obs_data_create();
		obs_data_set_string(item, "id", snap->featured[i]);
		obs_data_array_push_back(ids, item);
		obs_data_release(item);
	}
	/* obs_data arrays hold objects: the README documents featured as [{id}], and the
	 * plain list as featured_ids (a comma-free list of ids would need escaping). */
	obs_data_set_array(obj, "featured", ids);
	obs_data_array_release(ids);
}

static void request_get_version(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	obs_data_set_string(response, "version", PLUGIN_VERSION);
	obs_data_set_string(response, "obs_version", obs_get_version_string());
	obs_data_set_int(response, "api_version", (long long)obs_websocket_get_api_version());
	succeed(response);
}

static void request_get_status(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	struct olc_snapshot *snap = snapshot_or_fail(response);
	if (!snap)
		return;
	obs_data_set_string(response, "provider", snap->provider);
	obs_data_set_string(response, "state", olc_conn_state_name(snap->state));
	if (snap->error)
		obs_data_set_string(response, "error", snap->error);
	if (snap->warning)
		obs_data_set_string(response, "warning", snap->warning);
	obs_data_set_int(response, "last_success_ms", snap->last_success_ms);
	if (snap->next_retry_ms)
		obs_data_set_int(response, "next_retry_ms", snap->next_retry_ms);
	obs_data_set_int(response, "products", (long long)snap->catalog.count);
	set_featured(response, snap);
	obs_data_set_int(response, "orders_total", snap->total.orders);
	obs_data_set_int(response, "units_total", snap->total.units);
	obs_data_set_int(response, "revenue_minor", snap->total.revenue_minor);
	obs_data_set_string(response, "currency", snap->currency);
	succeed(response);
	olc_snapshot_release(snap);
}

/* Copies a string member of the request into *field when present. */
static bool take_request_string(obs_data_t *request, const char *key, char **field)
{
	if (!obs_data_has_user_value(request, key))
		return true;
	free(*field);
	*field = strdup(obs_data_get_string(request, key));
	return *field != NULL;
}

static void request_set_connection(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(priv);
	struct olc_connection c;
	olc_connection_init(&c);
	if (!take_request_string(request, "provider", &c.provider) || !take_request_string(request, "url", &c.url) ||
	    !take_request_string(request, "key", &c.key) || !take_request_string(request, "secret", &c.secret) ||
	    !take_request_string(request, "token", &c.token) ||
	    !take_request_string(request, "api_version", &c.api_version)) {
		fail(response, "out of memory");
		olc_connection_free(&c);
		return;
	}
	if (!c.provider || !*c.provider) {
		fail(response, "\"provider\" is required: demo, json, woocommerce or shopify");
		olc_connection_free(&c);
		return;
	}
	if (obs_data_has_user_value(request, "poll_ms"))
		c.poll_ms = (int)obs_data_get_int(request, "poll_ms");

	struct olc_error err = {{0}};
	if (olc_live_set_connection(&c, &err)) {
		obs_data_set_string(response, "provider", c.provider);
		succeed(response);
	} else {
		fail(response, err.text);
	}
	olc_connection_free(&c);
}

static void fill_product(obs_data_t *obj, const struct olc_snapshot *snap, const struct olc_product *p)
{
	const struct olc_deck_item *item = olc_snapshot_deck_item(snap, p->id);
	obs_data_set_string(obj, "id", p->id);
	if (item)
		obs_data_set_int(obj, "number", item->number);
	obs_data_set_string(obj, "title", item && item->title ? item->title : p->title);
	const struct olc_money *price = item && item->has_price ? &item->price : &p->price;
	obs_data_set_int(obj, "price_minor", price->minor);
	obs_data_set_string(obj, "currency", price->currency);
	if (p->has_compare_at)
		obs_data_set_int(obj, "compare_at_minor", p->compare_at.minor);
	if (p->has_stock)
		obs_data_set_int(obj, "stock", p->stock);
	obs_data_set_string(obj, "url", p->url ? p->url : "");
	if (p->image_url)
		obs_data_set_string(obj, "image", p->image_url);
	if (item && item->coupon)
		obs_data_set_string(obj, "coupon", item->coupon);

	obs_data_array_t *tags = obs_data_array_create();
	for (size_t i = 0; i < p->tag_count; i++) {
		obs_data_t *tag = obs_data_create();
		obs_data_set_string(tag, "tag", p->tags[i]);
		obs_data_array_push_back(tags, tag);
		obs_data_release(tag);
	}
	obs_data_set_array(obj, "tags", tags);
	obs_data_array_release(tags);
}

static void request_list_products(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	struct olc_snapshot *snap = snapshot_or_fail(response);
	if (!snap)
		return;
	obs_data_array_t *products = obs_data_array_create();
	for (size_t i = 0; i < snap->catalog.count; i++) {
		obs_data_t *obj = obs_data_create();
		fill_product(obj, snap, &snap->catalog.products[i]);
		obs_data_array_push_back(products, obj);
		obs_data_release(obj);
	}
	obs_data_set_string(response, "currency", snap->currency);
	obs_data_set_array(response, "products", products);
	obs_data_array_release(products);
	succeed(response);
	olc_snapshot_release(snap);
}

static void request_get_deck(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	struct olc_snapshot *snap = snapshot_or_fail(response);
	if (!snap)
		return;
	struct olc_error err = {{0}};
	char *json = snap->deck.name ? olc_deck_json_serialise(&snap->deck, &err) : NULL;
	if (json) {
		obs_data_t *deck = obs_data_create_from_json(json);
		obs_data_set_obj(response, "deck", deck);
		obs_data_release(deck);
		free(json);
		succeed(response);
	} else if (!snap->deck.name) {
		fail(response, "no deck is loaded");
	} else {
		fail(response, err.text);
	}
	olc_snapshot_release(snap);
}

static void request_load_deck(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(priv);
	struct olc_session *s = olc_live_session();
	if (!s) {
		fail(response, "the live session is not running");
		return;
	}
	struct olc_error err = {{0}};
	bool ok;
	obs_data_t *deck_obj = obs_data_get_obj(request, "deck");
	if (deck_obj) {
		struct olc_deck deck;
		olc_deck_init(&deck);
		ok = olc_deck_json_parse(obs_data_get_json(deck_obj), "deck", &deck, &err) &&
		     olc_session_load_deck(s, &deck, &err);
		olc_deck_free(&deck);
		obs_data_release(deck_obj);
	} else if (*obs_data_get_string(request, "path")) {
		/* Reads a local file on obs-websocket's thread: a deck is small, and this is not
		 * the graphics or UI thread. */
		ok = olc_session_load_deck_file(s, obs_data_get_string(request, "path"), &err);
	} else {
		olc_error_set(&err, "give \"path\" (a deck file) or \"deck\" (the deck itself)");
		ok = false;
	}
	if (ok)
		succeed(response);
	else
		fail(response, err.text);
}

static void answer_featured(obs_data_t *response, bool ok, const struct olc_error *err)
{
	if (!ok) {
		fail(response, err->text);
		return;
	}
	struct olc_snapshot *snap = snapshot_or_fail(response);
	if (!snap)
		return;
	set_featured(response, snap);
	succeed(response);
	olc_snapshot_release(snap);
}

static void request_feature_product(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(priv);
	struct olc_session *s = olc_live_session();
	if (!s) {
		fail(response, "the live session is not running");
		return;
	}
	struct olc_error err = {{0}};
	bool ok;
	obs_data_array_t *ids = obs_data_get_array(request, "ids");
	if (*obs_data_get_string(request, "id")) {
		const char *id = obs_data_get_string(request, "id");
		ok = olc_session_feature(s, &id, 1, &err);
	} else if (ids) {
		/* [{id}] or ["id"] both arrive as objects; a plain string item has key "". */
		const char *list[OLC_FEATURED_MAX];
		obs_data_t *items[OLC_FEATURED_MAX] = {0};
		size_t count = obs_data_array_count(ids);
		if (count < 1 || count > OLC_FEATURED_MAX) {
			olc_error_set(&err, "\"ids\" must list 1 to %d products", OLC_FEATURED_MAX);
			ok = false;
		} else {
			for (size_t i = 0; i < count; i++) {
				items[i] = obs_data_array_item(ids, i);
				list[i] = obs_data_get_string(items[i], "id");
			}
			ok = olc_session_feature(s, list, count, &err);
			for (size_t i = 0; i < count; i++)
				obs_data_release(items[i]);
		}
	} else if (obs_data_has_user_value(request, "number")) {
		ok = olc_session_feature_number(s, (int)obs_data_get_int(request, "number"), &err);
	} else {
		olc_error_set(&err, "give \"id\", \"ids\" or \"number\"");
		ok = false;
	}
	obs_data_array_release(ids);
	answer_featured(response, ok, &err);
}

static void request_step(obs_data_t *response, int delta)
{
	struct olc_session *s = olc_live_session();
	struct olc_error err = {{0}};
	bool ok = s && olc_session_feature_step(s, delta, &err);
	if (!s)
		olc_error_set(&err, "the live session is not running");
	answer_featured(response, ok, &err);
}

static void request_next_product(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	request_step(response, +1);
}

static void request_previous_product(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	request_step(response, -1);
}

static void request_hide_product(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	struct olc_session *s = olc_live_session();
	if (s)
		olc_session_hide(s);
	struct olc_error err = {{0}};
	if (!s)
		olc_error_set(&err, "the live session is not running");
	answer_featured(response, s != NULL, &err);
}

static void request_simulate_order(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(priv);
	struct olc_session *s = olc_live_session();
	struct olc_error err = {{0}};
	const char *id = obs_data_get_string(request, "id");
	int quantity = obs_data_has_user_value(request, "quantity") ? (int)obs_data_get_int(request, "quantity") : 1;
	if (quantity < 1 || quantity > 999) {
		fail(response, "\"quantity\" must be 1 to 999");
		return;
	}
	if (!s)
		fail(response, "the live session is not running");
	else if (olc_session_simulate_order(s, *id ? id : NULL, quantity, &err))
		succeed(response);
	else
		fail(response, err.text);
}

static void emit(const char *name, obs_data_t *data)
{
	if (vendor)
		obs_websocket_vendor_emit_event(vendor, name, data);
}

void olc_vendor_emit(const char *event, obs_data_t *data)
{
	emit(event, data);
}

/* A whole number in the request: true with *out set, false when the key is absent. A number with a
 * fraction or a value of another type is an error (message written to response). */
static bool request_whole_number(obs_data_t *request, obs_data_t *response, const char *key, long long *out, bool *bad)
{
	*bad = false;
	obs_data_item_t *item = obs_data_item_byname(request, key);
	if (!item)
		return false;
	bool ok = obs_data_item_gettype(item) == OBS_DATA_NUMBER;
	if (ok && obs_data_item_numtype(item) == OBS_DATA_NUM_DOUBLE) {
		const double v = obs_data_item_get_double(item);
		/* In range before the cast: a double beyond long long would be undefined behaviour. */
		ok = v >= -1e15 && v <= 1e15 && v == (double)(long long)v;
		*out = ok ? (long long)v : 0;
	} else if (ok) {
		*out = obs_data_item_get_int(item);
	}
	obs_data_item_release(&item);
	if (!ok) {
		char message[96];
		snprintf(message, sizeof(message), "\"%s\" must be a whole number", key);
		fail(response, message);
		*bad = true;
	}
	return ok;
}

static void request_start_countdown(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(priv);
	long long seconds = 0, number = 0;
	bool bad;
	if (!request_whole_number(request, response, "seconds", &seconds, &bad)) {
		if (!bad)
			fail(response, "\"seconds\" is required: 5 to 3600");
		return;
	}
	const bool has_number = request_whole_number(request, response, "number", &number, &bad);
	if (bad)
		return;
	if (obs_data_has_user_value(request, "label")) {
		obs_data_item_t *item = obs_data_item_byname(request, "label");
		const bool text = obs_data_item_gettype(item) == OBS_DATA_STRING;
		obs_data_item_release(&item);
		if (!text) {
			fail(response, "\"label\" must be text");
			return;
		}
	}
	const char *label = obs_data_get_string(request, "label");

	/* The sale may be for one product (a deck number or an id from the catalog), so a product
	 * card can say "ends in 04:59". */
	char product[OLC_PRODUCT_ID_MAX + 1] = "";
	const char *id = obs_data_get_string(request, "product_id");
	struct olc_error err = {{0}};
	if (*id && !olc_product_id_check(id, "\"product_id\"", &err)) {
		fail(response, err.text);
		return;
	}
	if (*id || has_number) {
		struct olc_snapshot *snap = snapshot_or_fail(response);
		if (!snap)
			return;
		const char *found = NULL;
		if (*id) {
			found = olc_snapshot_product(snap, id) ? id : NULL;
		} else {
			const struct olc_deck_item *item =
				number >= INT_MIN && number <= INT_MAX ? olc_deck_find(&snap->deck, (int)number) : NULL;
			found = item ? item->product_id : NULL;
		}
		if (found && !olc_product_id_copy(product, sizeof(product), found))
			found = NULL; /* longer than any product id: never a cut one */
		olc_snapshot_release(snap);
		if (!found) {
			fail(response,
			     *id ? "\"product_id\" is not in the catalog" : "\"number\" is not an item of the deck");
			return;
		}
	}

	if (!olc_countdown_host_start(seconds, label, product, &err)) {
		fail(response, err.text);
		return;
	}
	obs_data_set_int(response, "seconds", seconds);
	obs_data_set_string(response, "label", label);
	if (*product)
		obs_data_set_string(response, "product_id", product);
	succeed(response);
}

static void request_stop_countdown(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	obs_data_set_bool(response, "stopped", olc_countdown_host_stop());
	succeed(response);
}

static void request_get_countdown(obs_data_t *request, obs_data_t *response, void *priv)
{
	UNUSED_PARAMETER(request);
	UNUSED_PARAMETER(priv);
	struct olc_countdown_view view;
	olc_countdown_host_view(&view);
	obs_data_set_string(response, "state", olc_countdown_state_name(view.state));
	obs_data_set_int(response, "remaining_ms", view.remaining_ms);
	obs_data_set_int(response, "seconds", view.seconds);
	obs_data_set_string(response, "label", view.label);
	if (view.product_id[0])
		obs_data_set_string(response, "product_id", view.product_id);
	succeed(response);
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
		emit("OrderReceived", data);
		break;
	}
	case OLC_EVENT_PRODUCT_FEATURED: {
		obs_data_array_t *ids = obs_data_array_create();
		for (size_t i = 0; i < ev->featured_count; i++) {
			obs_data_t *item = obs_data_create();
			obs_data_set_string(item, "id", ev->featured[i]);
			obs_data_array_push_back(ids, item);
			obs_data_release(item);
		}
		obs_data_set_array(data, "ids", ids);
		obs_data_array_release(ids);
		emit("ProductFeatured", data);
		break;
	}
	case OLC_EVENT_STOCK_CHANGED:
		obs_data_set_string(data, "id", ev->product_id);
		if (ev->has_stock)
			obs_data_set_int(data, "stock", ev->stock);
		emit("StockChanged", data);
		break;
	case OLC_EVENT_CONNECTION_CHANGED:
		obs_data_set_string(data, "state", olc_conn_state_name(ev->state));
		if (ev->error)
			obs_data_set_string(data, "error", ev->error);
		emit("ConnectionChanged", data);
		break;
	case OLC_EVENT_CATALOG_CHANGED:
	case OLC_EVENT_DECK_CHANGED:
		break;
	}
	obs_data_release(data);
}

struct vendor_request {
	const char *name;
	obs_websocket_request_callback_function callback;
};

static const struct vendor_request vendor_requests[] = {
	{"GetVersion", request_get_version},
	{"GetStatus", request_get_status},
	{"SetConnection", request_set_connection},
	{"ListProducts", request_list_products},
	{"GetDeck", request_get_deck},
	{"LoadDeck", request_load_deck},
	{"FeatureProduct", request_feature_product},
	{"NextProduct", request_next_product},
	{"PreviousProduct", request_previous_product},
	{"HideProduct", request_hide_product},
	{"SimulateOrder", request_simulate_order},
	{"StartCountdown", request_start_countdown},
	{"StopCountdown", request_stop_countdown},
	{"GetCountdown", request_get_countdown},
};

#define VENDOR_REQUEST_COUNT (sizeof(vendor_requests) / sizeof(vendor_requests[0]))

bool olc_vendor_register(void)
{
	vendor = obs_websocket_register_vendor(OLC_VENDOR_NAME);
	if (!vendor) {
		obs_log(LOG_INFO, "obs-websocket is not available: the vendor API is off");
		return false;
	}
	for (size_t i = 0; i < VENDOR_REQUEST_COUNT; i++) {
		if (!obs_websocket_vendor_register_request(vendor, vendor_requests[i].name, vendor_requests[i].callback,
							   NULL))
			obs_log(LOG_WARNING, "obs-websocket refused the vendor request %s", vendor_requests[i].name);
	}
	if (olc_live_session())
		olc_session_add_listener(olc_live_session(), forward_event, NULL);
	obs_log(LOG_INFO, "obs-websocket vendor '%s' registered", OLC_VENDOR_NAME);
	return true;
}

void olc_vendor_unregister(void)
{
	if (!vendor)
		return;
	if (olc_live_session())
		olc_session_remove_listener(olc_live_session(), forward_event, NULL);
	for (size_t i = 0; i < VENDOR_REQUEST_COUNT; i++)
		obs_websocket_vendor_unregister_request(vendor, vendor_requests[i].name);
	vendor = NULL;
}
