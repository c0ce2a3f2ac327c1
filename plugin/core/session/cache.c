/* The session's cache: the last good catalog (in its own JSON form) and deck, written under
 * the cache folder and read back by the worker at start, so the overlays work offline. */
#include "core/session/session-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/base/text.h"
#include "core/model/deck-json.h"
#include "core/sys/file-io.h"
#include "core/sys/thread.h"

/* Which shop the cached data belongs to, without writing the URL (which may carry a key) into
 * the cache. */
uint64_t session_shop_identity(const char *provider, const char *url)
{
	provider = provider ? provider : "";
	url = url ? url : "";
	uint64_t h = olc_fnv1a(OLC_FNV1A_BASIS, provider, strlen(provider));
	h = olc_fnv1a(h, "\n", 1);
	h = olc_fnv1a(h, url, strlen(url));
	return h ? h : 1;
}

static char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(len);
	if (path)
		snprintf(path, len, "%s/%s", dir, name);
	return path;
}

static json_t *product_to_json(const struct olc_product *p)
{
	char price[32], compare_at[32];
	json_t *tags = json_array();
	json_t *o = json_object();
	if (!tags || !o || olc_money_format_plain(&p->price, price, sizeof(price)) < 0 ||
	    (p->has_compare_at && olc_money_format_plain(&p->compare_at, compare_at, sizeof(compare_at)) < 0))
		goto fail;
	for (size_t i = 0; i < p->tag_count; i++) {
		if (json_array_append_new(tags, json_string(p->tags[i])) != 0)
			goto fail;
	}
	json_t *url = p->url ? json_string(p->url) : json_null();
	json_t *image = p->image_url ? json_string(p->image_url) : json_null();
	int failed =
		json_object_set_new(o, "id", json_string(p->id)) |
		json_object_set_new(o, "title", json_string(p->title ? p->title : "")) |
		json_object_set_new(o, "currency", json_string(p->price.currency)) |
		json_object_set_new(o, "price", json_string(price)) |
		json_object_set_new(o, "compare_at_price", p->has_compare_at ? json_string(compare_at) : json_null()) |
		json_object_set_new(o, "compare_at_currency",
				    p->has_compare_at ? json_string(p->compare_at.currency) : json_null()) |
		json_object_set_new(o, "stock", p->has_stock ? json_integer(p->stock) : json_null()) |
		json_object_set_new(o, "url", url) | json_object_set_new(o, "image", image) |
		json_object_set_new(o, "tags", tags);
	if (p->price_from)
		failed |= json_object_set_new(o, "price_from", json_true());
	if (failed) /* a string that is not UTF-8 (json_string gave NULL) */
		goto fail_after_tags;
	return o;

fail:
	json_decref(tags);
fail_after_tags:
	json_decref(o);
	return NULL;
}

/* The catalog cache file's text, or NULL when it cannot be written. model_lock held. */
char *session_catalog_cache_text(const struct model *m, int64_t fetched_at_ms)
{
	char shop[17];
	snprintf(shop, sizeof(shop), "%016" PRIx64, m->shop);
	json_t *products = json_array();
	json_t *root = json_object();
	char *text = NULL;
	if (!products || !root)
		goto done;
	for (size_t i = 0; i < m->catalog.count; i++) {
		json_t *p = product_to_json(&m->catalog.products[i]);
		if (!p || json_array_append_new(products, p) != 0)
			goto done;
	}
	int failed = json_object_set_new(root, "version", json_integer(CACHE_VERSION)) |
		     json_object_set_new(root, "shop", json_string(shop)) |
		     json_object_set_new(root, "provider", json_string(m->provider)) |
		     json_object_set_new(root, "fetched_at_ms", json_integer(fetched_at_ms)) |
		     json_object_set_new(root, "currency", json_string(m->currency)) |
		     json_object_set_new(root, "products", products);
	products = NULL;
	if (!failed)
		text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
done:
	json_decref(products);
	json_decref(root);
	return text;
}

static bool json_text_or_null(json_t *v, const char **out)
{
	if (json_is_null(v)) {
		*out = NULL;
		return true;
	}
	*out = json_string_value(v);
	return *out != NULL;
}

static bool product_from_json(json_t *o, struct olc_catalog *catalog)
{
	const char *id, *title, *currency, *price, *compare_at, *compare_currency, *url, *image;
	json_t *jcompare, *jcompare_currency, *stock, *jurl, *jimage, *tags;
	int price_from = 0;
	if (json_unpack(o, "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s?b !}", "id", &id, "title", &title,
			"currency", &currency, "price", &price, "compare_at_price", &jcompare, "compare_at_currency",
			&jcompare_currency, "stock", &stock, "url", &jurl, "image", &jimage, "tags", &tags, "price_from",
			&price_from) != 0)
		return false;
	if (!json_text_or_null(jcompare, &compare_at) || !json_text_or_null(jcompare_currency, &compare_currency) ||
	    !json_text_or_null(jurl, &url) || !json_text_or_null(jimage, &image) || !json_is_array(tags) ||
	    !(json_is_null(stock) || json_is_integer(stock)) || (compare_at && !compare_currency))
		return false;

	struct olc_product p;
	olc_product_init(&p);
	bool ok = *id && olc_money_parse(price, currency, &p.price, NULL) &&
		  (!compare_at || olc_money_parse(compare_at, compare_currency, &p.compare_at, NULL)) &&
		  olc_str_set(&p.id, id) && olc_str_set(&p.title, title) && olc_str_set(&p.url, url) &&
		  olc_str_set(&p.image_url, image) && !olc_catalog_find(catalog, id);
	p.has_compare_at = compare_at != NULL;
	p.price_from = price_from != 0;
	p.has_stock = json_is_integer(stock);
	p.stock = p.has_stock ? (int64_t)json_integer_value(stock) : 0;
	size_t i;
	json_t *tag;
	json_array_foreach(tags, i, tag)
	{
		ok = ok && json_is_string(tag) && olc_product_add_tag(&p, json_string_value(tag));
	}
	ok = ok && olc_catalog_take(catalog, &p, NULL);
	olc_product_free(&p);
	return ok;
}

/* What the cache held, read on the worker before it is put into the model. */
struct cached {
	bool has_catalog;
	struct olc_catalog catalog;
	char provider[16];
	char currency[4];
	uint64_t shop;
	int64_t fetched_at_ms;
	bool has_deck;
	struct olc_deck deck;
};

/* Whether olc_session_destroy is waiting: a cancel alone may only mean a new connection. */
static bool stop_requested(struct olc_session *s)
{
	if (!olc_cancel_is_set(s->cancel))
		return false;
	olc_mutex_lock(&s->ctl_lock);
	bool stopping = s->stopping;
	olc_mutex_unlock(&s->ctl_lock);
	return stopping;
}

/* Feeds the cache's text to jansson a block at a time, so that a destroy during the parse of a big
 * cache (tens of MB) ends it at once rather than after it. */
struct cache_reader {
	struct olc_session *s;
	const char *text;
	size_t len, at;
};

static size_t read_cache_block(void *buffer, size_t size, void *data)
{
	struct cache_reader *r = data;
	if (stop_requested(r->s))
		return (size_t)-1; /* jansson's "error": the load fails and the cache is ignored */
	size_t n = r->len - r->at < size ? r->len - r->at : size;
	memcpy(buffer, r->text + r->at, n);
	r->at += n;
	return n;
}

/* Reads the cached catalog. Anything wrong with the file (cut short by a crash before atomic
 * writes existed, edited by hand, from a newer version) and it is ignored whole: the first fetch
 * replaces it anyway. Stops early (ignoring it) when the session is destroyed meanwhile. */
static void read_catalog_cache(struct olc_session *s, struct cached *c)
{
	char *path = path_join(s->cache_dir, CACHE_CATALOG_FILE);
	char *text = NULL;
	size_t len = 0;
	json_t *root = NULL;

	if (!path || !olc_file_read_all(path, CACHE_MAX_BYTES, &text, &len, NULL))
		goto done;
	struct cache_reader reader = {.s = s, .text = text, .len = len};
	root = json_load_callback(read_cache_block, &reader, JSON_REJECT_DUPLICATES, NULL);
	json_int_t version, fetched_at;
	const char *shop, *provider, *currency;
	json_t *products;
	if (!root ||
	    json_unpack(root, "{s:I, s:s, s:s, s:I, s:s, s:o !}", "version", &version, "shop", &shop, "provider",
			&provider, "fetched_at_ms", &fetched_at, "currency", &currency, "products", &products) != 0)
		goto done;
	if (version != CACHE_VERSION || strlen(shop) != 16 || sscanf(shop, "%16" SCNx64, &c->shop) != 1 ||
	    !olc_currency_find(currency) || !json_is_array(products) || fetched_at <= 0)
		goto done;
	size_t i;
	json_t *p;
	json_array_foreach(products, i, p)
	{
		if (stop_requested(s) || !product_from_json(p, &c->catalog))
			goto done;
	}
	c->has_catalog = true;
	snprintf(c->provider, sizeof(c->provider), "%s", provider);
	snprintf(c->currency, sizeof(c->currency), "%s", currency);
	c->fetched_at_ms = fetched_at;
done:
	if (!c->has_catalog)
		olc_catalog_free(&c->catalog);
	json_decref(root);
	free(text);
	free(path);
}

/* The worker's first job: reads the cached catalog and deck, then puts them in the model and
 * publishes them, so module load never waits for a big catalog file and the overlays show the
 * last good data as soon as it is read. What happened meanwhile wins: a connection to another
 * shop drops the cached catalog, a deck loaded meanwhile the cached deck. */
void session_load_cache(struct olc_session *s)
{
	struct cached c;
	memset(&c, 0, sizeof(c));
	olc_catalog_init(&c.catalog);
	olc_deck_init(&c.deck);
	read_catalog_cache(s, &c);
	char *deck_path = path_join(s->cache_dir, CACHE_DECK_FILE);
	c.has_deck = deck_path && olc_deck_json_load(deck_path, &c.deck, NULL); /* a bad deck cache is ignored */
	free(deck_path);

	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	if (c.has_catalog && !m->catalog_fetched && (!m->has_connection || m->shop == c.shop)) {
		olc_catalog_free(&m->catalog);
		m->catalog = c.catalog;
		olc_catalog_init(&c.catalog);
		if (!m->has_connection)
			memcpy(m->provider, c.provider, sizeof(m->provider));
		memcpy(m->currency, c.currency, sizeof(m->currency));
		m->shop = c.shop;
		m->last_success_ms = c.fetched_at_ms;
		m->cache_written_ms = c.fetched_at_ms;
		m->catalog_dirty = true;
		m->catalog_revision++;
		session_event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
	}
	if (c.has_deck && !m->deck_loaded) {
		olc_deck_free(&m->deck);
		m->deck = c.deck;
		olc_deck_init(&c.deck);
		m->deck_dirty = true;
		m->featured_revision++;
		session_event_add(&evs, OLC_EVENT_DECK_CHANGED);
	}
	m->cache_read = true;
	session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	olc_catalog_free(&c.catalog);
	olc_deck_free(&c.deck);
}

void session_write_cache(struct olc_session *s, const char *name, const char *text)
{
	char *path = path_join(s->cache_dir, name);
	if (path)
		olc_file_write_atomic(path, text, strlen(text), NULL); /* a failed write keeps the old file */
	free(path);
}
