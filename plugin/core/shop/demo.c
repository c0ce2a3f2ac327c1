#include "core/shop/demo.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/base/json-check.h"
#include "core/sys/file-io.h"
#include "core/sys/fs.h"
#include "core/shop/parse.h"
#include "core/base/text.h"
#include "core/net/url.h"

#define DEMO_CATALOG_MAX_BYTES (1024u * 1024u)

/* Order arrivals: in 100 ms ticks, each tick has a 1 in ARRIVAL_ODDS chance of an order, which
 * makes the gaps geometric (the discrete Poisson process) with a mean of 3 s, in integers only
 * so every platform draws the same times. */
#define ARRIVAL_TICK_MS     100
#define ARRIVAL_ODDS        30
#define ARRIVAL_MAX_TICKS   300 /* no lull longer than 30 s */
#define BURST_PERCENT       6   /* of orders start a burst of 2 to 5 more */
#define BURST_GAP_MIN_MS    150
#define BURST_GAP_SPREAD_MS 550
#define RESTOCK_AFTER_MS    90000
#define CLOCK_JUMP_MS       (5 * 60 * 1000)
#define MAX_ORDERS_PER_CALL 500

struct demo_item {
	int popularity;
	int64_t initial_stock;
	int64_t sold_out_at_ms; /* 0: not sold out */
};

struct demo_shop {
	char currency[4];
	struct olc_catalog catalog; /* the shop's current state, stock included */
	struct demo_item *items;    /* parallel to catalog.products */
	char **buyers;
	size_t buyer_count;
	char **cities;
	size_t city_count;

	const struct olc_cancel *cancel;
	int64_t (*now_ms)(void);
	uint64_t rng;

	bool started;   /* the first fetch_orders set the starting point */
	int64_t sim_ms; /* simulated up to this time */
	int64_t next_order_ms;
	int burst_left;
	uint64_t next_order_number;
	int64_t run_id; /* the clock when the shop was opened: order ids stay unique across reconnects */
};

/* ---- random numbers: splitmix64, small and the same everywhere ---- */

static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is below 2^-50 for the small n used here. */
static uint32_t random_below(uint64_t *state, uint32_t n)
{
	return n ? (uint32_t)(next_random(state) % n) : 0;
}

/* ---- reading catalog.json ---- */

/* The non-empty text of field key; NULL in *out when nullable and the value is null. */
static bool get_text(json_t *object, const char *key, bool nullable, const char *where, const char **out,
		     struct olc_error *err)
{
	json_t *value = json_object_get(object, key);

	*out = NULL;
	if (!value) {
		olc_error_set(err, "%s: \"%s\" is missing", where, key);
		return false;
	}
	if (nullable && json_is_null(value))
		return true;
	if (!json_is_string(value) || json_string_length(value) == 0) {
		olc_error_set(err, "%s: \"%s\" must be non-empty text", where, key);
		return false;
	}
	*out = json_string_value(value);
	return true;
}

static bool get_string_list(json_t *root, const char *key, const char *where, char ***out, size_t *count,
			    struct olc_error *err)
{
	json_t *list = json_object_get(root, key);
	json_t *value;
	size_t index;

	if (!json_is_array(list) || json_array_size(list) == 0) {
		olc_error_set(err, "%s: \"%s\" must be a non-empty list", where, key);
		return false;
	}
	*out = calloc(json_array_size(list), sizeof(**out));
	if (!*out) {
		olc_error_set(err, "%s: out of memory", where);
		return false;
	}
	json_array_foreach(list, index, value)
	{
		if (!json_is_string(value) || json_string_length(value) == 0) {
			olc_error_set(err, "%s: \"%s\" item %zu must be non-empty text", where, key, index + 1);
			return false;
		}
		(*out)[index] = olc_strdup(json_string_value(value));
		if (!(*out)[index]) {
			olc_error_set(err, "%s: out of memory", where);
			return false;
		}
		*count = index + 1;
	}
	return true;
}

/* "file://" and the absolute path, percent-encoding all but unreserved characters and '/'. */
static char *file_url(const char *dir, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(dir) + 1 + strlen(name);
	char *url = malloc(sizeof("file://") + 3 * len);
	if (!url)
		return NULL;

	char *o = url + sprintf(url, "file://");
	for (int part = 0; part < 3; part++) {
		const char *s = part == 0 ? dir : part == 1 ? "/" : name;
		for (; *s; s++) {
			unsigned char c = (unsigned char)*s;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    strchr("-._~/", c)) {
				*o++ = (char)c;
			} else {
				*o++ = '%';
				*o++ = hex[c >> 4];
				*o++ = hex[c & 15];
			}
		}
	}
	*o = '\0';
	return url;
}

static bool read_product(json_t *value, size_t index, const char *images_dir, struct demo_shop *shop,
			 struct olc_error *err)
{
	static const char *const known[] = {"id",  "title", "price", "compare_at_price", "stock",
					    "url", "image", "tags",  "popularity",       NULL};
	char where[96];
	struct olc_product p;
	struct olc_error why;

	snprintf(where, sizeof(where), "%s: product %zu", OLC_DEMO_CATALOG_PATH, index + 1);
	if (!json_is_object(value)) {
		olc_error_set(err, "%s: not an object", where);
		return false;
	}
	const char *id, *title, *price, *compare_at, *url, *image;
	if (!get_text(value, "id", false, where, &id, err))
		return false;
	snprintf(where, sizeof(where), "%s: product %zu (\"%s\")", OLC_DEMO_CATALOG_PATH, index + 1, id);
	if (!olc_json_known_fields(value, known, where, err))
		return false;
	if (!get_text(value, "title", false, where, &title, err) ||
	    !get_text(value, "price", false, where, &price, err) ||
	    !get_text(value, "compare_at_price", true, where, &compare_at, err) ||
	    !get_text(value, "url", false, where, &url, err) || !get_text(value, "image", true, where, &image, err))
		return false;
	if (!olc_url_is_web(url)) {
		olc_error_set(err, "%s: \"url\" is not an http(s) link", where);
		return false;
	}
	if (image && (strchr(image, '/') || strcmp(image, ".") == 0 || strcmp(image, "..") == 0)) {
		olc_error_set(err, "%s: \"image\" must be a file name in %s", where, OLC_DEMO_IMAGES_DIR);
		return false;
	}

	json_t *stock = json_object_get(value, "stock");
	json_t *popularity = json_object_get(value, "popularity");
	json_t *tags = json_object_get(value, "tags");
	if (!stock || !(json_is_null(stock) || (json_is_integer(stock) && json_integer_value(stock) >= 0))) {
		olc_error_set(err, "%s: \"stock\" must be a whole number from 0, or null", where);
		return false;
	}
	if (!json_is_integer(popularity) || json_integer_value(popularity) < 1 ||
	    json_integer_value(popularity) > 100) {
		olc_error_set(err, "%s: \"popularity\" must be a whole number from 1 to 100", where);
		return false;
	}
	if (!json_is_array(tags)) {
		olc_error_set(err, "%s: \"tags\" must be a list", where);
		return false;
	}

	olc_product_init(&p);
	bool ok = olc_money_parse(price, shop->currency, &p.price, &why);
	if (!ok)
		olc_error_set(err, "%s: \"price\": %s", where, why.text);
	if (ok && compare_at) {
		p.has_compare_at = ok = olc_money_parse(compare_at, shop->currency, &p.compare_at, &why);
		if (!ok)
			olc_error_set(err, "%s: \"compare_at_price\": %s", where, why.text);
	}
	p.has_stock = json_is_integer(stock);
	p.stock = p.has_stock ? (int64_t)json_integer_value(stock) : 0;
	if (ok && !(olc_str_set(&p.id, id) && olc_str_set(&p.title, title) && olc_str_set(&p.url, url))) {
		olc_error_set(err, "%s: out of memory", where);
		ok = false;
	}
	if (ok && image) {
		p.image_url = file_url(images_dir, image);
		if (!p.image_url) {
			olc_error_set(err, "%s: out of memory", where);
			ok = false;
		}
	}
	size_t tag_index;
	json_t *tag;
	json_array_foreach(tags, tag_index, tag)
	{
		if (!ok)
			break;
		if (!json_is_string(tag) || json_string_length(tag) == 0) {
			olc_error_set(err, "%s: tag %zu must be non-empty text", where, tag_index + 1);
			ok = false;
		} else if (!olc_product_add_tag(&p, json_string_value(tag))) {
			olc_error_set(err, "%s: out of memory", where);
			ok = false;
		}
	}
	if (ok && olc_catalog_find(&shop->catalog, id)) {
		olc_error_set(err, "%s: the id is used twice", where);
		ok = false;
	}

	struct demo_item item = {(int)json_integer_value(popularity), p.stock, 0};
	size_t slot = shop->catalog.count;
	ok = ok && olc_catalog_take(&shop->catalog, &p, err);
	olc_product_free(&p);
	if (ok)
		shop->items[slot] = item;
	return ok;
}

static bool read_catalog(struct demo_shop *shop, const char *data_dir, struct olc_error *err)
{
	static const char *const known[] = {"version", "currency", "products", "buyers", "cities", NULL};
	char *path = malloc(strlen(data_dir) + sizeof("/" OLC_DEMO_CATALOG_PATH));
	char *images_dir = NULL;
	char *text = NULL;
	json_t *root = NULL;
	bool ok = false;

	if (!path) {
		olc_error_set(err, "out of memory");
		return false;
	}
	sprintf(path, "%s/%s", data_dir, OLC_DEMO_CATALOG_PATH);
	if (!olc_file_read_all(path, DEMO_CATALOG_MAX_BYTES, &text, NULL, err))
		goto done;

	/* Image URLs must not depend on the working directory OBS was started from. */
	char *data_abs = olc_path_absolute(data_dir);
	images_dir = data_abs ? malloc(strlen(data_abs) + sizeof("/" OLC_DEMO_IMAGES_DIR)) : NULL;
	if (images_dir)
		sprintf(images_dir, "%s/%s", data_abs, OLC_DEMO_IMAGES_DIR);
	free(data_abs);
	if (!images_dir) {
		olc_error_set(err, "the demo shop's data folder cannot be resolved");
		goto done;
	}

	json_error_t jerr;
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		olc_error_set(err, "%s: not JSON (line %d, column %d: %s)", OLC_DEMO_CATALOG_PATH, jerr.line,
			      jerr.column, olc_json_error_words(json_error_code(&jerr)));
		goto done;
	}
	if (!json_is_object(root) || !olc_json_known_fields(root, known, OLC_DEMO_CATALOG_PATH, err))
		goto bad_shape;

	json_t *version = json_object_get(root, "version");
	const char *currency;
	if (!json_is_integer(version) || json_integer_value(version) != 1) {
		olc_error_set(err, "%s: \"version\" must be 1", OLC_DEMO_CATALOG_PATH);
		goto done;
	}
	if (!get_text(root, "currency", false, OLC_DEMO_CATALOG_PATH, &currency, err))
		goto done;
	if (!olc_currency_find(currency)) {
		olc_error_set(err, "%s: unknown currency \"%s\"", OLC_DEMO_CATALOG_PATH, currency);
		goto done;
	}
	snprintf(shop->currency, sizeof(shop->currency), "%s", currency);

	json_t *products = json_object_get(root, "products");
	if (!json_is_array(products) || json_array_size(products) == 0) {
		olc_error_set(err, "%s: \"products\" must be a non-empty list", OLC_DEMO_CATALOG_PATH);
		goto done;
	}
	shop->items = calloc(json_array_size(products), sizeof(*shop->items));
	if (!shop->items) {
		olc_error_set(err, "out of memory");
		goto done;
	}
	size_t index;
	json_t *value;
	json_array_foreach(products, index, value)
	{
		if (!read_product(value, index, images_dir, shop, err))
			goto done;
	}
	ok = get_string_list(root, "buyers", OLC_DEMO_CATALOG_PATH, &shop->buyers, &shop->buyer_count, err) &&
	     get_string_list(root, "cities", OLC_DEMO_CATALOG_PATH, &shop->cities, &shop->city_count, err);
	goto done;

bad_shape:
	if (!json_is_object(root))
		olc_error_set(err, "%s: expected an object ({...})", OLC_DEMO_CATALOG_PATH);
done:
	json_decref(root);
	free(text);
	free(images_dir);
	free(path);
	return ok;
}

/* ---- the simulation ---- */

/* The time from one order to the next. */
static int64_t next_gap_ms(struct demo_shop *shop)
{
	if (shop->burst_left > 0) {
		shop->burst_left--;
		return BURST_GAP_MIN_MS + random_below(&shop->rng, BURST_GAP_SPREAD_MS);
	}
	int ticks = 1;
	while (ticks < ARRIVAL_MAX_TICKS && random_below(&shop->rng, ARRIVAL_ODDS) != 0)
		ticks++;
	if (random_below(&shop->rng, 100) < BURST_PERCENT)
		shop->burst_left = 2 + (int)random_below(&shop->rng, 4);
	return (int64_t)ticks * ARRIVAL_TICK_MS - random_below(&shop->rng, ARRIVAL_TICK_MS);
}

static void restock_due(struct demo_shop *shop, int64_t now)
{
	for (size_t i = 0; i < shop->catalog.count; i++) {
		struct demo_item *item = &shop->items[i];
		if (item->sold_out_at_ms && now >= item->sold_out_at_ms + RESTOCK_AFTER_MS) {
			shop->catalog.products[i].stock = item->initial_stock;
			item->sold_out_at_ms = 0;
		}
	}
}

/* Most buyers take one, some two or three, a few a handful. */
static int draw_quantity(struct demo_shop *shop)
{
	uint32_t r = random_below(&shop->rng, 100);
	if (r < 62)
		return 1;
	if (r < 87)
		return 2;
	if (r < 96)
		return 3;
	return 4 + (int)random_below(&shop->rng, 3);
}

/* The order at time at, appended to out; false only when memory runs out. Every draw happens
 * whether or not a product is available, so the sequence does not depend on the stock. */
static bool make_order(struct demo_shop *shop, int64_t at, struct olc_order_list *out)
{
	restock_due(shop, at);

	int total_weight = 0;
	for (size_t i = 0; i < shop->catalog.count; i++) {
		if (olc_product_in_stock(&shop->catalog.products[i]))
			total_weight += shop->items[i].popularity;
	}
	uint32_t pick = random_below(&shop->rng, (uint32_t)(total_weight > 0 ? total_weight : 1));
	int quantity = draw_quantity(shop);
	const char *buyer = shop->buyers[random_below(&shop->rng, (uint32_t)shop->buyer_count)];
	const char *city = shop->cities[random_below(&shop->rng, (uint32_t)shop->city_count)];
	if (total_weight == 0)
		return true; /* everything sold out: a quiet moment until the restock */

	size_t index = 0;
	for (size_t i = 0; i < shop->catalog.count; i++) {
		if (!olc_product_in_stock(&shop->catalog.products[i]))
			continue;
		if (pick < (uint32_t)shop->items[i].popularity) {
			index = i;
			break;
		}
		pick -= (uint32_t)shop->items[i].popularity;
	}
	struct olc_product *p = &shop->catalog.products[index];
	if (p->has_stock && quantity > p->stock)
		quantity = (int)p->stock;

	struct olc_order o;
	char id[64];
	olc_order_init(&o);
	snprintf(id, sizeof(id), "demo-%lld-%llu", (long long)shop->run_id,
		 (unsigned long long)shop->next_order_number);
	o.created_at_ms = at;
	o.quantity = quantity;
	bool ok = olc_money_multiply(&p->price, quantity, &o.total, NULL) && olc_str_set(&o.id, id) &&
		  olc_str_set(&o.product_id, p->id) && olc_str_set(&o.buyer, buyer) && olc_str_set(&o.city, city) &&
		  olc_order_list_take(out, &o);
	olc_order_free(&o);
	if (!ok)
		return false;

	shop->next_order_number++;
	if (p->has_stock) {
		p->stock -= quantity;
		if (p->stock == 0)
			shop->items[index].sold_out_at_ms = at;
	}
	return true;
}

/* ---- the provider ---- */

static bool demo_check(const struct olc_connection *c, struct olc_error *err)
{
	(void)c;
	(void)err;
	return true; /* nothing to configure: no URL, no keys */
}

static void demo_destroy(void *state)
{
	struct demo_shop *shop = state;
	if (!shop)
		return;
	olc_catalog_free(&shop->catalog);
	free(shop->items);
	for (size_t i = 0; i < shop->buyer_count; i++)
		free(shop->buyers[i]);
	free(shop->buyers);
	for (size_t i = 0; i < shop->city_count; i++)
		free(shop->cities[i]);
	free(shop->cities);
	free(shop);
}

static void *demo_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	(void)c;
	if (!env->data_dir || !*env->data_dir) {
		olc_error_set(err, "the demo shop's data folder is not known");
		return NULL;
	}
	if (!env->now_ms) {
		olc_error_set(err, "the demo shop needs a clock");
		return NULL;
	}
	struct demo_shop *shop = calloc(1, sizeof(*shop));
	if (!shop) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_catalog_init(&shop->catalog);
	shop->cancel = env->cancel;
	shop->now_ms = env->now_ms;
	shop->rng = env->seed;
	shop->next_order_number = 100001;
	/* The session drops orders whose id it has seen: a reconnect must not reuse the last run's. */
	shop->run_id = shop->now_ms();
	if (!read_catalog(shop, env->data_dir, err)) {
		demo_destroy(shop);
		return NULL;
	}
	return shop;
}

static bool stopped(const struct demo_shop *shop, struct olc_error *err)
{
	if (shop->cancel && olc_cancel_is_set(shop->cancel)) {
		olc_error_set(err, "stopped");
		return true;
	}
	return false;
}

static bool demo_fetch_catalog(void *state, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
			       struct olc_error *err)
{
	struct demo_shop *shop = state;

	olc_fetch_result_init(res);
	if (stopped(shop, err))
		return false;

	for (size_t i = 0; i < shop->catalog.count; i++) {
		struct olc_product copy;
		olc_product_init(&copy);
		if (!olc_product_copy(&copy, &shop->catalog.products[i]) || !olc_catalog_take(out, &copy, err)) {
			olc_product_free(&copy);
			olc_catalog_free(out);
			olc_error_set(err, "out of memory");
			return false;
		}
	}
	memcpy(currency, shop->currency, 4);
	res->report.accepted = out->count;
	return true;
}

static bool demo_fetch_orders(void *state, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
			      struct olc_error *err)
{
	struct demo_shop *shop = state;
	int64_t now = shop->now_ms();

	(void)wait_ms; /* the simulation never sleeps: the poller's own pace is fast enough */
	olc_fetch_result_init(res);
	if (stopped(shop, err))
		return false;

	if (!shop->started || now < shop->sim_ms || now - shop->sim_ms > CLOCK_JUMP_MS) {
		shop->started = true;
		shop->sim_ms = now;
		shop->next_order_ms = now + next_gap_ms(shop);
		restock_due(shop, now);
		return true;
	}
	size_t made = 0;
	while (shop->next_order_ms <= now && made < MAX_ORDERS_PER_CALL) {
		if (!make_order(shop, shop->next_order_ms, out)) {
			olc_order_list_free(out);
			olc_error_set(err, "out of memory");
			return false;
		}
		made++;
		shop->next_order_ms += next_gap_ms(shop);
	}
	shop->sim_ms = now;
	restock_due(shop, now);
	res->report.accepted = out->count;
	return true;
}

const struct olc_provider_ops olc_provider_demo_ops = {
	.name = "demo",
	.check = demo_check,
	.create = demo_create,
	.destroy = demo_destroy,
	.fetch_catalog = demo_fetch_catalog,
	.fetch_orders = demo_fetch_orders,
	.default_poll_ms = 500,
};
