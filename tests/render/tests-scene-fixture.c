/* A scene collection saved by 0.1.0 keeps working: tests/fixtures/scene-collection-0.1.0.json was saved by
 * real OBS 30.2 with the 0.1.0 module (tests/fixtures/save-scene-collection.sh) and holds one source of each
 * of the module's five kinds, every setting at a value that is not its default.
 *
 * Its sources are loaded as OBS loads a collection: the file read into obs_data, then obs_load_source for
 * each entry of its "sources" list. Then:
 *   - every setting the file holds is a setting the source still has (a renamed key would be kept by
 *     obs_data and silently ignored), and reads back as saved; nothing else is set;
 *   - each source, drawn by libobs at a fixed moment of its animation clock, matches the golden that
 *     0.1.0 drew from the same file (tests/golden/render/scene-0.1.0-*.png), by golden-compare's rule,
 *     tight in the regions the source reports (title, digits, bar, ...); the QR code also decodes.
 *
 * The session serves the demo shop's products from a json file (no order arrives on its own, so every
 * frame is the same): matsutake as deck item 3, featured, with two test orders of it for the ticker. */
/* realpath() is XSI, beyond plain POSIX. */
#define _XOPEN_SOURCE 700

#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VENDOR      "live-commerce"
#define FEATURED_ID "matsutake-500g"
#define SOLD_ID     "rose-jam-500g"
/* Clocks of the animated sources, frozen: the entrance and the marquee run from here. */
#define CLOCK_T0 3000000LL

/* ---- the session: the demo shop's products in a file --------------------------------------------- */

/* A vendor request that must succeed. */
static bool ask(struct rt_ctx *t, const char *type, const char *json)
{
	obs_data_t *request = json ? obs_data_create_from_json(json) : NULL;
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response);
	if (!ok)
		rt_fail(t, "no vendor request %s is registered", type);
	else if (!obs_data_get_bool(response, "ok"))
		ok = rt_fail(t, "%s %s: %s", type, json ? json : "", obs_data_get_string(response, "error"));
	obs_data_release(response);
	obs_data_release(request);
	return ok;
}

static long long catalog_size(void)
{
	obs_data_t *response = obs_data_create();
	long long n = -1;
	if (rt_vendor_request(VENDOR, "GetStatus", NULL, response) && obs_data_get_bool(response, "ok"))
		n = obs_data_get_int(response, "products");
	obs_data_release(response);
	return n;
}

/* Connects the session to a catalog file of two demo products and waits for them. The json provider takes
 * photos from the web only: the card shows its photo placeholder. */
static bool use_fixture_shop(struct rt_ctx *t)
{
	char out[PATH_MAX], path[PATH_MAX + 64], request[PATH_MAX + 256];
	if (!realpath(t->out_dir, out))
		return rt_fail(t, "cannot resolve %s", t->out_dir);
	snprintf(path, sizeof(path), "%s/scene-fixture-shop.json", out);
	FILE *f = fopen(path, "w");
	if (!f)
		return rt_fail(t, "cannot write %s", path);
	fprintf(f,
		"{\"currency\": \"CNY\", \"products\": [\n"
		" {\"id\": \"%s\", \"title\": \"松茸 Wild Matsutake 500g\", \"price\": \"268.00\",\n"
		"  \"compare_at_price\": \"328.00\", \"stock\": 40, \"url\": \"https://shop.example.cn/p/%s\",\n"
		"  \"tags\": [\"香格里拉 Shangri-La\", \"野生 wild\"]},\n"
		" {\"id\": \"%s\", \"title\": \"和田玫瑰酱 Hotan Rose Jam 500g\", \"price\": \"39.90\",\n"
		"  \"stock\": 120, \"url\": \"https://shop.example.cn/p/%s\"}\n"
		"]}\n",
		FEATURED_ID, FEATURED_ID, SOLD_ID, SOLD_ID);
	fclose(f);
	snprintf(request, sizeof(request), "{\"provider\": \"json\", \"url\": \"%s\"}", path);
	if (!ask(t, "SetConnection", request))
		return false;
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (catalog_size() != 2) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the fixture shop's two products never arrived (%lld listed)",
				       catalog_size());
		os_sleep_ms(20);
	}
	return ask(t, "LoadDeck",
		   "{\"deck\": {\"version\": 1, \"name\": \"Scene fixture\", \"currency\": \"CNY\", \"items\": ["
		   "{\"number\": 3, \"product_id\": \"" FEATURED_ID "\"}, {\"number\": 4, \"product_id\": \"" SOLD_ID
		   "\"}]}}") &&
	       ask(t, "FeatureProduct", "{\"id\": \"" FEATURED_ID "\"}") && ask(t, "StopCountdown", NULL);
}

/* ---- the fixture -------------------------------------------------------------------------------------- */

/* The fixture's entry of the source of kind id (a new reference), or NULL. */
static obs_data_t *fixture_entry(struct rt_ctx *t, const char *id)
{
	obs_data_t *collection = obs_data_create_from_json_file(OLC_SCENE_FIXTURE);
	if (!collection) {
		rt_fail(t, "cannot read %s", OLC_SCENE_FIXTURE);
		return NULL;
	}
	obs_data_array_t *sources = obs_data_get_array(collection, "sources");
	obs_data_t *found = NULL;
	for (size_t i = 0; i < obs_data_array_count(sources) && !found; i++) {
		obs_data_t *entry = obs_data_array_item(sources, i);
		if (strcmp(obs_data_get_string(entry, "id"), id) == 0)
			found = entry;
		else
			obs_data_release(entry);
	}
	obs_data_array_release(sources);
	obs_data_release(collection);
	if (!found)
		rt_fail(t, "%s holds no %s source", OLC_SCENE_FIXTURE, id);
	return found;
}

/* The fixture's source of kind id, loaded as OBS loads it, shown as a scene in the program shows it, its
 * animation clock frozen at CLOCK_T0. Release with release_loaded. */
static obs_source_t *load_fixture_source(struct rt_ctx *t, const char *id)
{
	if (!harness_source_type_exists(id)) {
		rt_fail(t, "the module registers no %s", id);
		return NULL;
	}
	obs_data_t *entry = fixture_entry(t, id);
	obs_source_t *source = entry ? obs_load_source(entry) : NULL;
	obs_data_release(entry);
	if (!source) {
		rt_fail(t, "obs_load_source made no %s from the fixture", id);
		return NULL;
	}
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", CLOCK_T0);
	proc_handler_call(obs_source_get_proc_handler(source), "set_animation_clock", &cd);
	calldata_free(&cd);
	obs_source_inc_showing(source);
	return source;
}

static void release_loaded(obs_source_t *source)
{
	if (!source)
		return;
	obs_source_remove(source);
	harness_release_source(source);
}

/* ---- settings ----------------------------------------------------------------------------------------- */

/* True when the two items hold the same value of the same type (objects and arrays by their JSON). */
static bool same_value(obs_data_item_t *a, obs_data_item_t *b)
{
	const enum obs_data_type type = obs_data_item_gettype(a);
	if (type != obs_data_item_gettype(b))
		return false;
	switch (type) {
	case OBS_DATA_STRING:
		return strcmp(obs_data_item_get_string(a), obs_data_item_get_string(b)) == 0;
	case OBS_DATA_NUMBER:
		if (obs_data_item_numtype(a) != obs_data_item_numtype(b))
			return false;
		return obs_data_item_numtype(a) == OBS_DATA_NUM_INT
			       ? obs_data_item_get_int(a) == obs_data_item_get_int(b)
			       : obs_data_item_get_double(a) == obs_data_item_get_double(b);
	case OBS_DATA_BOOLEAN:
		return obs_data_item_get_bool(a) == obs_data_item_get_bool(b);
	case OBS_DATA_OBJECT: {
		obs_data_t *x = obs_data_item_get_obj(a), *y = obs_data_item_get_obj(b);
		const bool same = strcmp(obs_data_get_json(x), obs_data_get_json(y)) == 0;
		obs_data_release(x);
		obs_data_release(y);
		return same;
	}
	case OBS_DATA_ARRAY:
	case OBS_DATA_NULL:
		return false; /* no setting of ours is a list */
	}
	return false;
}

/* Every key of `want` is set in `got` to the same value; `what` names the direction in messages. */
static bool all_in(struct rt_ctx *t, const char *id, obs_data_t *want, obs_data_t *got, const char *what)
{
	bool ok = true;
	for (obs_data_item_t *item = obs_data_first(want); item; obs_data_item_next(&item)) {
		if (!obs_data_item_has_user_value(item))
			continue;
		const char *key = obs_data_item_get_name(item);
		obs_data_item_t *other = obs_data_item_byname(got, key);
		if (!other || !obs_data_item_has_user_value(other))
			ok = rt_fail(t, "%s: `%s` %s", id, key, what);
		else if (!same_value(item, other))
			ok = rt_fail(t, "%s: `%s` reads %s after loading, not as saved", id, key,
				     obs_data_get_json(got));
		obs_data_item_release(&other);
	}
	return ok;
}

static const char *const kinds[] = {
	"live_commerce_qr_code",    "live_commerce_product_card", "live_commerce_order_ticker",
	"live_commerce_sales_goal", "live_commerce_countdown",
};
#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

/* 1. Every source of the file loads with exactly the settings it saved, each still a setting of its kind. */
static bool test_settings_load(struct rt_ctx *t)
{
	bool ok = true;
	size_t keys = 0;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		obs_data_t *entry = fixture_entry(t, kinds[k]);
		obs_data_t *saved = entry ? obs_data_get_obj(entry, "settings") : NULL;
		obs_source_t *source = saved ? load_fixture_source(t, kinds[k]) : NULL;
		if (!source) {
			ok = false;
		} else {
			obs_data_t *loaded = obs_source_get_settings(source);
			obs_properties_t *props = obs_source_properties(source);
			for (obs_data_item_t *item = obs_data_first(saved); item; obs_data_item_next(&item)) {
				const char *key = obs_data_item_get_name(item);
				if (!obs_properties_get(props, key))
					ok = rt_fail(t, "%s: the fixture's `%s` is no longer a setting of the source",
						     kinds[k], key);
				keys++;
			}
			ok = all_in(t, kinds[k], saved, loaded, "is lost on loading") && ok;
			ok = all_in(t, kinds[k], loaded, saved,
				    "is set on loading, though the file does not have it") &&
			     ok;
			obs_properties_destroy(props);
			obs_data_release(loaded);
		}
		release_loaded(source);
		obs_data_release(saved);
		obs_data_release(entry);
	}
	/* The file is what it says: dozens of settings (every key of the five kinds). */
	if (ok && keys < 60)
		ok = rt_fail(t, "the fixture holds only %zu settings over its five sources", keys);
	return ok;
}

/* ---- frames ------------------------------------------------------------------------------------------- */

/* Runs the source's procedure `name` into cd (the caller frees it). */
static void call(obs_source_t *source, const char *name, calldata_t *cd)
{
	proc_handler_call(obs_source_get_proc_handler(source), name, cd);
}

static void freeze_at(obs_source_t *source, long long ms)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", ms);
	call(source, "set_animation_clock", &cd);
	calldata_free(&cd);
}

/* Ticks until the source's procedure `proc` reports `key` at least `least`, or fails. */
static bool wait_proc(struct rt_ctx *t, obs_source_t *source, const char *proc, const char *key, long long least)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (;;) {
		calldata_t cd = {0};
		call(source, proc, &cd);
		const long long v = calldata_int(&cd, key);
		calldata_free(&cd);
		if (v >= least)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "%s's %s stayed at %lld, expected %lld or more", proc, key, v, least);
		harness_wait_ticks(1, 1000);
	}
}

/* Moves the frozen clock to ms, lets two ticks pass and compares the frame with golden `name`; regions
 * (from proc with index, or none) are where it must match tightly. */
static bool expect_frame(struct rt_ctx *t, obs_source_t *source, long long ms, const char *name, const char *proc,
			 const char *const *region_names, size_t region_count, struct olc_frame *frame)
{
	freeze_at(source, ms);
	harness_wait_ticks(2, 1000);
	struct olc_gc_region regions[8];
	calldata_t cd = {0};
	if (proc) {
		calldata_set_int(&cd, "index", 0);
		call(source, proc, &cd);
	}
	for (size_t i = 0; i < region_count && i < 8; i++)
		regions[i] = rt_read_region(&cd, region_names[i]);
	bool ok = harness_render(source, 0, 0, frame) && rt_save(t, frame, name);
	if (!ok && !t->reason[0])
		rt_fail(t, "cannot render %s", name);
	ok = ok && rt_expect_golden(t, frame, name, regions, region_count < 8 ? region_count : 8);
	calldata_free(&cd);
	return ok;
}

/* What a source checks besides its golden, before (orders to show) and after (what it reports) its frame. */
static bool qr_says_its_text(struct rt_ctx *t, obs_source_t *source, const struct olc_frame *frame)
{
	obs_data_t *settings = obs_source_get_settings(source);
	char text[256];
	snprintf(text, sizeof(text), "%s", obs_data_get_string(settings, "text"));
	obs_data_release(settings);
	return rt_expect_qr(t, frame, text, strlen(text));
}

/* Three test orders, two of them of the featured product: featured_only shows those two. */
static bool ticker_orders(struct rt_ctx *t, obs_source_t *source)
{
	if (!ask(t, "SimulateOrder", "{\"id\": \"" FEATURED_ID "\", \"quantity\": 2}") ||
	    !ask(t, "SimulateOrder", "{\"id\": \"" SOLD_ID "\", \"quantity\": 5}") ||
	    !ask(t, "SimulateOrder", "{\"id\": \"" FEATURED_ID "\", \"quantity\": 1}") ||
	    !wait_proc(t, source, "get_rows", "shown", 2) || !wait_proc(t, source, "get_stats", "rasters", 2))
		return false;
	calldata_t cd = {0};
	call(source, "get_rows", &cd);
	const long long orders = calldata_int(&cd, "orders");
	calldata_free(&cd);
	return orders == 2 || rt_fail(t, "the ticker shows %lld orders; the featured product has 2", orders);
}

static bool goal_at_zero_of_80(struct rt_ctx *t, obs_source_t *source, const struct olc_frame *frame)
{
	(void)frame;
	calldata_t cd = {0};
	call(source, "get_state", &cd);
	const long long value = calldata_int(&cd, "value"), target = calldata_int(&cd, "target");
	calldata_free(&cd);
	return (value == 0 && target == 80) ||
	       rt_fail(t, "the goal stands at %lld of %lld, expected 0 of 80 units", value, target);
}

struct fixture_frame {
	const char *id;
	const char *golden;
	const char *ready_proc, *ready_key; /* ticks until this reports 1 or more (NULL: three ticks) */
	long long at_ms;                    /* the frame's moment, from CLOCK_T0 */
	const char *layout_proc;            /* reports the regions (index 0) */
	const char *regions[5];
	bool (*before)(struct rt_ctx *t, obs_source_t *source);
	bool (*after)(struct rt_ctx *t, obs_source_t *source, const struct olc_frame *frame);
};

static const struct fixture_frame frames[] = {
	{.id = "live_commerce_qr_code", .golden = "scene-0.1.0-qr", .after = qr_says_its_text},
	/* Rasterised, then 5 s on: the fade is over. */
	{.id = "live_commerce_product_card",
	 .golden = "scene-0.1.0-card",
	 .ready_proc = "get_stats",
	 .ready_key = "rasters",
	 .at_ms = 5000,
	 .layout_proc = "get_layout",
	 .regions = {"title", "price", "compare_at", "stock_bar", "number"}},
	/* The marquee 1.5 s after the orders came. */
	{.id = "live_commerce_order_ticker", .golden = "scene-0.1.0-ticker", .at_ms = 1500, .before = ticker_orders},
	{.id = "live_commerce_sales_goal",
	 .golden = "scene-0.1.0-goal",
	 .ready_proc = "get_state",
	 .ready_key = "rasters",
	 .at_ms = 5000,
	 .layout_proc = "get_state",
	 .regions = {"title", "progress", "bar"},
	 .after = goal_at_zero_of_80},
	{.id = "live_commerce_countdown",
	 .golden = "scene-0.1.0-countdown",
	 .ready_proc = "get_state",
	 .ready_key = "rasters",
	 .at_ms = 5000,
	 .layout_proc = "get_state",
	 .regions = {"label", "digits"}},
};

/* The fixture's source of frames[i]'s kind on the fixture shop, drawn and compared with its golden. */
static bool render_fixture(struct rt_ctx *t, size_t i)
{
	const struct fixture_frame *f = &frames[i];
	if (!use_fixture_shop(t))
		return false;
	obs_source_t *source = load_fixture_source(t, f->id);
	if (!source)
		return false;
	size_t region_count = 0;
	while (region_count < 5 && f->regions[region_count])
		region_count++;
	struct olc_frame frame = {0};
	bool ok =
		(!f->before || f->before(t, source)) &&
		(f->ready_proc ? wait_proc(t, source, f->ready_proc, f->ready_key, 1) : harness_wait_ticks(3, 2000)) &&
		expect_frame(t, source, CLOCK_T0 + f->at_ms, f->golden, f->layout_proc, f->regions, region_count,
			     &frame) &&
		(!f->after || f->after(t, source, &frame));
	harness_frame_free(&frame);
	release_loaded(source);
	return ok;
}

/* 2.-6. Each source: the QR code in its saved colours and size, still saying what was saved; the card fixed
 * to matsutake, festive, horizontal, price hidden, faded in; the ticker's marquee of the featured product's
 * test orders with full buyer names; the goal counting units of the featured product (none sold here)
 * under its own title, no counters; the countdown idle but shown, with its label and saved duration. */
static bool test_qr_renders(struct rt_ctx *t)
{
	return render_fixture(t, 0);
}

static bool test_card_renders(struct rt_ctx *t)
{
	return render_fixture(t, 1);
}

static bool test_ticker_renders(struct rt_ctx *t)
{
	return render_fixture(t, 2);
}

static bool test_goal_renders(struct rt_ctx *t)
{
	return render_fixture(t, 3);
}

static bool test_countdown_renders(struct rt_ctx *t)
{
	return render_fixture(t, 4);
}

/* Tear-down: the demo shop with an empty deck and nothing featured, as the suites before found it. */
static bool back_to_demo(struct rt_ctx *t)
{
	bool ok = ask(t, "LoadDeck",
		      "{\"deck\": {\"version\": 1, \"name\": \"Empty\", \"currency\": \"CNY\", "
		      "\"items\": []}}") &&
		  ask(t, "HideProduct", NULL) && ask(t, "SetConnection", "{\"provider\": \"demo\"}");
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (ok && catalog_size() <= 2) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the demo shop did not come back");
		os_sleep_ms(20);
	}
	return ok;
}

const struct render_test scene_fixture_tests[] = {
	{"0.1.0 scene collection: every source loads with the settings it saved", test_settings_load},
	{"0.1.0 scene collection: the QR code renders as 0.1.0 drew it", test_qr_renders},
	{"0.1.0 scene collection: the product card renders as 0.1.0 drew it", test_card_renders},
	{"0.1.0 scene collection: the order ticker renders as 0.1.0 drew it", test_ticker_renders},
	{"0.1.0 scene collection: the sales goal renders as 0.1.0 drew it", test_goal_renders},
	{"0.1.0 scene collection: the countdown renders as 0.1.0 drew it", test_countdown_renders},
	{NULL, NULL},
};

const struct render_test scene_fixture_teardown[] = {
	{"0.1.0 scene collection: the demo shop again", back_to_demo},
	{NULL, NULL},
};
