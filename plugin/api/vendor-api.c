/* obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use.
 *
 * Every request is described once, in vendor-requests.c's table: its fields with their types and
 * ranges (vendor-fields.h), which are checked before the request's handler reads anything, and
 * what it answers; the README's reference is checked against that table. Its handlers are here.
 *
 * Requests read immutable session snapshots or call the session's quick setters: none of
 * them waits on the network. A request that cannot be done answers
 * {"ok": false, "error": "plain words"}; one that succeeds has "ok": true. Values the
 * README documents as null are left out of the response (obs_data has no null). */
#include <obs-module.h>
#include <obs-websocket-api.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/countdown-host.h"
#include "runtime/decks.h"
#include "runtime/events.h"
#include "core/shop/connection-store.h"
#include "core/model/deck-json.h"
#include "runtime/live-session.h"
#include "runtime/sales.h"
#include "plugin-support.h"
#include "core/model/product.h"
#include "core/stream/buyer-mask.h"
#include "ids.h"
#include "api/vendor-api.h"
#include "api/vendor-fields.h"
#include "api/vendor-requests.h"

/* Every request and every event passes this gate. olc_vendor_unregister closes it and waits until
 * nothing is inside: obs-websocket calls a request outside its own lock, so one it looked up before
 * the unregistration may still arrive afterwards, and must not reach the countdown or the session
 * that the module's unload tears down next. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int inside;
	bool open;
	obs_websocket_vendor vendor; /* set before it opens, cleared once it is closed and empty */
} gate = {.lock = PTHREAD_MUTEX_INITIALIZER, .idle = PTHREAD_COND_INITIALIZER};

static bool gate_enter(void)
{
	pthread_mutex_lock(&gate.lock);
	const bool open = gate.open;
	if (open)
		gate.inside++;
	pthread_mutex_unlock(&gate.lock);
	return open;
}

static void gate_leave(void)
{
	pthread_mutex_lock(&gate.lock);
	if (--gate.inside == 0)
		pthread_cond_broadcast(&gate.idle);
	pthread_mutex_unlock(&gate.lock);
}

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

/* The live session, or NULL with the response failed. */
static struct olc_session *session_or_fail(obs_data_t *response)
{
	struct olc_session *s = olc_live_session();
	if (!s)
		fail(response, "the live session is not running");
	return s;
}

static void set_featured(obs_data_t *obj, const struct olc_snapshot *snap)
{
	/* [{id}], as ProductFeatured sends it: a comma-separated list would need escaping. */
	obs_data_array_t *ids = olc_events_id_list((const char *const *)snap->featured, snap->featured_count);
	obs_data_set_array(obj, "featured", ids);
	obs_data_array_release(ids);
}

/* [{key: text}, ...]: how lists of texts travel (obs_data's lists hold objects only). */
static obs_data_array_t *text_list(const char *key, const char *const *texts, size_t count)
{
	obs_data_array_t *list = obs_data_array_create();
	for (size_t i = 0; i < count; i++) {
		obs_data_t *obj = obs_data_create();
		obs_data_set_string(obj, key, texts[i]);
		obs_data_array_push_back(list, obj);
		obs_data_release(obj);
	}
	return list;
}

static void request_get_version(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	obs_data_set_string(response, "version", PLUGIN_VERSION);
	obs_data_set_string(response, "obs_version", obs_get_version_string());
	obs_data_set_int(response, "api_version", (long long)obs_websocket_get_api_version());
	succeed(response);
}

static void request_get_status(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
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
	struct olc_error config_error;
	olc_live_config_error(&config_error);
	if (config_error.text[0])
		obs_data_set_string(response, "config_error", config_error.text);
	succeed(response);
	olc_snapshot_release(snap);
}

/* Copies a text field of the request into *field when it is given. */
static bool take_text(obs_data_t *request, const char *key, char **field)
{
	if (!olc_field_given(request, key))
		return true;
	free(*field);
	*field = strdup(olc_field_text(request, key));
	return *field != NULL;
}

static void request_set_connection(obs_data_t *request, obs_data_t *response)
{
	struct olc_connection c;
	olc_connection_init(&c);
	size_t count;
	const struct olc_connection_member *members = olc_connection_members(&count);
	bool ok = take_text(request, "provider", &c.provider);
	for (size_t i = 0; ok && i < count; i++)
		ok = take_text(request, members[i].key, olc_connection_member_text(&c, &members[i]));
	if (!ok) {
		fail(response, "out of memory");
		olc_connection_free(&c);
		return;
	}
	c.poll_ms = (int)olc_field_whole(request, "poll_ms", 0);

	/* Used at once even when it cannot be saved (a full disk must not stop a stream from switching
	 * shop): then the answer says so, and why. */
	struct olc_error err = {{0}}, save_err = {{0}};
	if (olc_live_set_connection(&c, &err, &save_err)) {
		obs_data_set_string(response, "provider", c.provider);
		obs_data_set_bool(response, "saved", !save_err.text[0]);
		if (save_err.text[0])
			obs_data_set_string(response, "save_error", save_err.text);
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
	/* The shop's lowest SKU price, SKUs differing: "from". A deck price is the price itself. */
	obs_data_set_bool(obj, "price_from", p->price_from && !(item && item->has_price));
	if (p->has_compare_at)
		obs_data_set_int(obj, "compare_at_minor", p->compare_at.minor);
	if (p->has_stock)
		obs_data_set_int(obj, "stock", p->stock);
	obs_data_set_string(obj, "url", p->url ? p->url : "");
	if (p->image_url)
		obs_data_set_string(obj, "image", p->image_url);
	if (item && item->coupon)
		obs_data_set_string(obj, "coupon", item->coupon);

	obs_data_array_t *tags = text_list("tag", (const char *const *)p->tags, p->tag_count);
	obs_data_set_array(obj, "tags", tags);
	obs_data_array_release(tags);
}

static void request_list_products(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
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

static void request_get_deck(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	struct olc_snapshot *snap = snapshot_or_fail(response);
	if (!snap)
		return;
	struct olc_error err = {{0}};
	char *json = snap->deck.name ? olc_deck_json_serialise(&snap->deck, &err) : NULL;
	if (json) {
		obs_data_t *deck = obs_data_create_from_json(json);
		/* obs_data keeps lists of objects only: tags go out as [{tag}], which LoadDeck reads. */
		obs_data_array_t *items = obs_data_get_array(deck, "items");
		for (size_t i = 0; i < snap->deck.count && i < obs_data_array_count(items); i++) {
			const struct olc_deck_item *item = &snap->deck.items[i];
			if (!item->tag_count)
				continue;
			obs_data_t *obj = obs_data_array_item(items, i);
			obs_data_array_t *tags = text_list("tag", (const char *const *)item->tags, item->tag_count);
			obs_data_set_array(obj, "tags", tags);
			obs_data_array_release(tags);
			obs_data_release(obj);
		}
		obs_data_array_release(items);
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

static void request_load_deck(obs_data_t *request, obs_data_t *response)
{
	if (!session_or_fail(response))
		return;
	struct olc_error err = {{0}};
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok;
	if (olc_field_given(request, "deck")) {
		obs_data_t *deck_obj = obs_data_get_obj(request, "deck");
		ok = olc_deck_json_parse(obs_data_get_json(deck_obj), "deck", &deck, &err);
		obs_data_release(deck_obj);
	} else {
		/* Reads a local file on obs-websocket's thread: a deck is small, and this is not
		 * the graphics or UI thread. */
		ok = olc_deck_json_load(olc_field_text(request, "path"), &deck, &err);
	}
	/* The deck becomes the active named deck too, so it is shown again after a restart. */
	ok = ok && olc_decks_load(&deck, &err);
	olc_deck_free(&deck);
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

static void request_feature_product(obs_data_t *request, obs_data_t *response)
{
	struct olc_session *s = session_or_fail(response);
	if (!s)
		return;
	struct olc_error err = {{0}};
	bool ok;
	if (olc_field_given(request, "id")) {
		const char *id = olc_field_text(request, "id");
		ok = olc_session_feature(s, &id, 1, &err);
	} else if (olc_field_given(request, "ids")) {
		/* 1 to OLC_FEATURED_MAX items, each {id}: checked against the table. */
		obs_data_array_t *ids = obs_data_get_array(request, "ids");
		const char *list[OLC_FEATURED_MAX];
		obs_data_t *items[OLC_FEATURED_MAX] = {0};
		const size_t count = obs_data_array_count(ids);
		for (size_t i = 0; i < count; i++) {
			items[i] = obs_data_array_item(ids, i);
			list[i] = olc_field_text(items[i], "id");
		}
		ok = olc_session_feature(s, list, count, &err);
		for (size_t i = 0; i < count; i++)
			obs_data_release(items[i]);
		obs_data_array_release(ids);
	} else {
		ok = olc_session_feature_number(s, (int)olc_field_whole(request, "number", 0), &err);
	}
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

static void request_next_product(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	request_step(response, +1);
}

static void request_previous_product(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	request_step(response, -1);
}

static void request_hide_product(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	struct olc_session *s = olc_live_session();
	if (s)
		olc_session_hide(s);
	struct olc_error err = {{0}};
	if (!s)
		olc_error_set(&err, "the live session is not running");
	answer_featured(response, s != NULL, &err);
}

static void request_simulate_order(obs_data_t *request, obs_data_t *response)
{
	struct olc_session *s = olc_live_session();
	struct olc_error err = {{0}};
	const char *id = olc_field_given(request, "id") ? olc_field_text(request, "id") : NULL;
	if (!s)
		fail(response, "the live session is not running");
	else if (olc_session_simulate_order(s, id, (int)olc_field_whole(request, "quantity", 1), &err))
		succeed(response);
	else
		fail(response, err.text);
}

static void request_start_countdown(obs_data_t *request, obs_data_t *response)
{
	const long long seconds = olc_field_whole(request, "seconds", 0);
	const char *label = olc_field_text(request, "label");
	struct olc_error err = {{0}};

	/* The sale may be for one product (a deck number or an id from the catalog), so a product
	 * card can say "ends in 04:59". */
	char product[OLC_PRODUCT_ID_MAX + 1] = "";
	const bool by_id = olc_field_given(request, "product_id");
	if (by_id || olc_field_given(request, "number")) {
		struct olc_snapshot *snap = snapshot_or_fail(response);
		if (!snap)
			return;
		const char *id = olc_field_text(request, "product_id");
		const char *found = NULL;
		if (by_id) {
			found = olc_snapshot_product(snap, id) ? id : NULL;
		} else {
			const struct olc_deck_item *item =
				olc_deck_find(&snap->deck, (int)olc_field_whole(request, "number", 0));
			found = item ? item->product_id : NULL;
		}
		if (found && !olc_product_id_copy(product, sizeof(product), found))
			found = NULL; /* longer than any product id: never a cut one */
		olc_snapshot_release(snap);
		if (!found) {
			fail(response,
			     by_id ? "\"product_id\" is not in the catalog" : "\"number\" is not an item of the deck");
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

static void request_stop_countdown(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	obs_data_set_bool(response, "stopped", olc_countdown_host_stop());
	succeed(response);
}

static void request_get_countdown(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
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

/* ---- named decks (runtime/decks.h) ---- */

static void request_list_decks(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	size_t count = 0;
	char **names = olc_decks_names(&count);
	obs_data_array_t *list = text_list("name", (const char *const *)names, count);
	olc_decks_names_free(names, count);
	obs_data_set_array(response, "decks", list);
	obs_data_array_release(list);
	char *active = olc_decks_active_name();
	if (active)
		obs_data_set_string(response, "active", active);
	free(active);
	succeed(response);
}

static void request_select_deck(obs_data_t *request, obs_data_t *response)
{
	const char *name = olc_field_text(request, "name");
	struct olc_error err = {{0}};
	if (!olc_decks_select(name, &err)) {
		fail(response, err.text);
		return;
	}
	obs_data_set_string(response, "name", name);
	succeed(response);
}

static void request_import_deck(obs_data_t *request, obs_data_t *response)
{
	/* Reads a local file on obs-websocket's thread, as LoadDeck does: small, and not the graphics
	 * or UI thread. A refused file changes no deck. */
	const char *name = olc_field_given(request, "name") ? olc_field_text(request, "name") : NULL;
	struct olc_deck deck;
	struct olc_deck_problems problems = {0};
	struct olc_error err = {{0}};
	olc_deck_init(&deck);
	if (olc_decks_read_file(olc_field_text(request, "path"), name, &deck, &problems, &err) &&
	    olc_decks_put(&deck, &err)) {
		obs_data_set_string(response, "name", deck.name);
		obs_data_set_int(response, "items", (long long)deck.count);
		succeed(response);
	} else {
		obs_data_array_t *errors = obs_data_array_create();
		for (size_t i = 0; i < problems.count; i++) {
			obs_data_t *obj = obs_data_create();
			obs_data_set_int(obj, "row", (long long)problems.items[i].row);
			obs_data_set_string(obj, "error", problems.items[i].error);
			obs_data_array_push_back(errors, obj);
			obs_data_release(obj);
		}
		obs_data_set_array(response, "errors", errors);
		obs_data_array_release(errors);
		fail(response, err.text);
	}
	olc_deck_problems_free(&problems);
	olc_deck_free(&deck);
}

static void request_export_deck(obs_data_t *request, obs_data_t *response)
{
	const char *format = olc_field_text(request, "format");
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		fail(response, "\"format\" must be \"csv\" or \"json\"");
		return;
	}
	char *name = olc_field_given(request, "name") ? strdup(olc_field_text(request, "name")) : olc_decks_active_name();
	struct olc_deck deck;
	struct olc_error err = {{0}};
	olc_deck_init(&deck);
	if (!name)
		fail(response, "no deck is active: give \"name\"");
	else if (!olc_decks_get(name, &deck))
		fail(response, "there is no deck of that name (ListDecks lists them)");
	else if (!olc_decks_write_file(&deck, olc_field_text(request, "path"), format, &err))
		fail(response, err.text);
	else {
		obs_data_set_string(response, "name", deck.name);
		obs_data_set_string(response, "format", format);
		succeed(response);
	}
	olc_deck_free(&deck);
	free(name);
}

static void request_reveal_price(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	olc_live_reveal_price();
	succeed(response);
}

static void request_mark_sold_out(obs_data_t *request, obs_data_t *response)
{
	struct olc_error err = {{0}};
	const char *id = olc_field_given(request, "id") ? olc_field_text(request, "id") : NULL;
	if (olc_live_mark_sold_out(id, &err))
		succeed(response);
	else
		fail(response, err.text);
}

/* ---- sales sessions and the report ---- */

static void request_get_report(obs_data_t *request, obs_data_t *response)
{
	struct olc_report r;
	if (!olc_sales_report(&r)) {
		fail(response, "the sales journal is not running");
		return;
	}
	size_t first = 0, count = r.count;
	if (olc_field_given(request, "session")) {
		const long long start = olc_field_whole(request, "session", 0);
		while (first < r.count && r.sessions[first].start_ms != start)
			first++;
		count = first < r.count ? 1 : 0;
	}
	/* The report's own JSON (the ExportReport file's), so the two never differ. */
	struct olc_error err = {{0}};
	size_t len = 0;
	char *json = olc_report_json(&r, first, count, &len, &err);
	olc_report_free(&r);
	obs_data_t *data = json ? obs_data_create_from_json(json) : NULL;
	free(json);
	if (!data) {
		fail(response, err.text[0] ? err.text : "the report could not be made");
		return;
	}
	obs_data_array_t *sessions = obs_data_get_array(data, "sessions");
	obs_data_set_array(response, "sessions", sessions);
	obs_data_array_release(sessions);
	obs_data_release(data);
	obs_data_set_bool(response, "running", olc_sales_running());
	olc_sales_error(&err);
	if (err.text[0])
		obs_data_set_string(response, "journal_error", err.text);
	succeed(response);
}

static void request_export_report(obs_data_t *request, obs_data_t *response)
{
	/* Writes a file on obs-websocket's thread (a PNG is drawn in some 100 ms): not the graphics or
	 * UI thread. */
	const char *path = olc_field_text(request, "path"), *format = olc_field_text(request, "format");
	struct olc_error err = {{0}};
	if (!olc_sales_export_session(path, format, olc_field_whole(request, "session", 0), &err)) {
		fail(response, err.text);
		return;
	}
	obs_data_set_string(response, "path", path);
	obs_data_set_string(response, "format", format);
	succeed(response);
}

static void request_start_sales_session(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	olc_sales_start();
	if (!olc_sales_running()) {
		fail(response, "the sales journal is not running");
		return;
	}
	/* The running session is the newest. */
	struct olc_report r;
	if (olc_sales_report(&r) && r.count)
		obs_data_set_int(response, "start_ms", r.sessions[r.count - 1].start_ms);
	olc_report_free(&r);
	obs_data_set_bool(response, "running", true);
	succeed(response);
}

static void request_stop_sales_session(obs_data_t *request, obs_data_t *response)
{
	UNUSED_PARAMETER(request);
	olc_sales_stop();
	obs_data_set_bool(response, "running", olc_sales_running());
	succeed(response);
}

/* ---- events ---- */

/* The event bus's (runtime/events.h) one way out: every vendor event passes the gate too. */
static void emit(const char *event, obs_data_t *data, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (!gate_enter())
		return;
	obs_websocket_vendor_emit_event(gate.vendor, event, data);
	gate_leave();
}

/* ---- the request table: the specs are in vendor-requests.c, the handlers here ---- */

/* Runs after the request's fields are checked against its spec. */
typedef void (*vendor_handler)(obs_data_t *request, obs_data_t *response);

static const vendor_handler handlers[OLC_REQ_COUNT] = {
	[OLC_REQ_GET_VERSION] = request_get_version,
	[OLC_REQ_GET_STATUS] = request_get_status,
	[OLC_REQ_SET_CONNECTION] = request_set_connection,
	[OLC_REQ_LIST_PRODUCTS] = request_list_products,
	[OLC_REQ_GET_DECK] = request_get_deck,
	[OLC_REQ_LOAD_DECK] = request_load_deck,
	[OLC_REQ_FEATURE_PRODUCT] = request_feature_product,
	[OLC_REQ_NEXT_PRODUCT] = request_next_product,
	[OLC_REQ_PREVIOUS_PRODUCT] = request_previous_product,
	[OLC_REQ_HIDE_PRODUCT] = request_hide_product,
	[OLC_REQ_SIMULATE_ORDER] = request_simulate_order,
	[OLC_REQ_START_COUNTDOWN] = request_start_countdown,
	[OLC_REQ_STOP_COUNTDOWN] = request_stop_countdown,
	[OLC_REQ_GET_COUNTDOWN] = request_get_countdown,
	[OLC_REQ_LIST_DECKS] = request_list_decks,
	[OLC_REQ_SELECT_DECK] = request_select_deck,
	[OLC_REQ_IMPORT_DECK] = request_import_deck,
	[OLC_REQ_EXPORT_DECK] = request_export_deck,
	[OLC_REQ_REVEAL_PRICE] = request_reveal_price,
	[OLC_REQ_MARK_SOLD_OUT] = request_mark_sold_out,
	[OLC_REQ_GET_REPORT] = request_get_report,
	[OLC_REQ_EXPORT_REPORT] = request_export_report,
	[OLC_REQ_START_SALES_SESSION] = request_start_sales_session,
	[OLC_REQ_STOP_SALES_SESSION] = request_stop_sales_session,
};

/* obs-websocket's callback for every request: priv is its spec in olc_vendor_requests. */
static void dispatch(obs_data_t *request, obs_data_t *response, void *priv)
{
	const struct olc_vendor_request_spec *r = priv;
	if (!gate_enter()) {
		fail(response, "OBS is shutting down: live-commerce requests are no longer answered");
		return;
	}
	struct olc_error err = {{0}};
	if (olc_fields_check(request, r->fields, r->name, &err))
		handlers[r - olc_vendor_requests](request, response);
	else
		fail(response, err.text);
	gate_leave();
}

bool olc_vendor_register(void)
{
	obs_websocket_vendor vendor = obs_websocket_register_vendor(OLC_VENDOR_NAME);
	if (!vendor) {
		obs_log(LOG_INFO, "obs-websocket is not available: the vendor API is off");
		return false;
	}
	pthread_mutex_lock(&gate.lock);
	gate.vendor = vendor;
	gate.open = true;
	pthread_mutex_unlock(&gate.lock);
	for (size_t i = 0; i < OLC_REQ_COUNT; i++) {
		if (!handlers[i]) {
			obs_log(LOG_ERROR, "the vendor request %s has no handler: not registered",
				olc_vendor_requests[i].name);
			continue;
		}
		if (!obs_websocket_vendor_register_request(vendor, olc_vendor_requests[i].name, dispatch,
							   (void *)&olc_vendor_requests[i]))
			obs_log(LOG_WARNING, "obs-websocket refused the vendor request %s",
				olc_vendor_requests[i].name);
	}
	olc_events_set_emitter(emit, NULL);
	obs_log(LOG_INFO, "obs-websocket vendor '%s' registered", OLC_VENDOR_NAME);
	return true;
}

void olc_vendor_unregister(void)
{
	/* From here requests are refused and events dropped; the wait is for those already inside. */
	pthread_mutex_lock(&gate.lock);
	gate.open = false;
	while (gate.inside > 0)
		pthread_cond_wait(&gate.idle, &gate.lock);
	obs_websocket_vendor vendor = gate.vendor;
	gate.vendor = NULL;
	pthread_mutex_unlock(&gate.lock);
	if (!vendor)
		return;

	/* Waits for an event being sent, then none is sent any more. */
	olc_events_set_emitter(NULL, NULL);
	for (size_t i = 0; i < OLC_REQ_COUNT; i++)
		obs_websocket_vendor_unregister_request(vendor, olc_vendor_requests[i].name);
	obs_log(LOG_INFO, "obs-websocket vendor '%s' unregistered", OLC_VENDOR_NAME);
}
