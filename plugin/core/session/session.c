/* The live session: a model of the shop and the stream (catalog, deck, featured products,
 * recent orders, counters, connection status) that one poller thread and the callers of the
 * feature/simulate/deck functions change, published to readers as immutable snapshots.
 *
 * Locks, in the only order they are ever nested:
 *   cache_lock     orders the writes of cache files (file I/O happens under it, nothing else waits)
 *   model_lock     the model; held while changing it and publishing, never during I/O or callbacks
 *   ctl_lock       what the worker should do (connection, generation, stop) and its condition
 *   snap_lock      the current snapshot pointer: readers hold it for a pointer copy only
 * listeners_lock is taken alone. Listeners are called with no lock held.
 *
 * A snapshot shares the big parts (catalog, deck, recent orders, per-product counters) with
 * the model's last published copy of each, through reference counts: a change that only
 * touches the connection status copies a few strings, not the catalog. */

/* pthread_condattr_setclock, clock_gettime and mkdir are POSIX.1-2008, outside plain C17. */
#define _POSIX_C_SOURCE 200809L

#include "core/session/session.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "core/model/deck-json.h"
#include "core/sys/file-io.h"
#include "core/net/http.h"
#include "core/base/text.h"

#define STALE_AFTER_DEFAULT_MS (5 * 60 * 1000)
#define POLL_MIN_MS            100
#define POLL_MAX_MS            (10 * 60 * 1000)
/* The catalog is the expensive request (WooCommerce pages through it), and stock is also kept
 * current from the orders in between, so it is fetched ten times less often than orders. */
#define CATALOG_INTERVAL_MIN_MS 30000
#define CATALOG_POLL_FACTOR     10
/* After orders for products with tracked stock, the shop's own count soon replaces ours. */
#define CATALOG_AFTER_ORDER_MS 10000
/* Long-poll requests stay under the transport's 20 s total timeout. */
#define LONG_POLL_MAX_MS      15000
#define BACKOFF_BASE_MS       1000
#define BACKOFF_CAP_MS        30000
#define BACKOFF_FLOOR_MS      100 /* full jitter may draw 0: never retry in a tight loop */
#define RETRY_AFTER_CAP_MS    (10 * 60 * 1000)
#define SIMULATE_MAX_QUANTITY 999

#define CACHE_CATALOG_FILE "catalog.json"
#define CACHE_DECK_FILE    "deck.json"
#define CACHE_VERSION      1
#define CACHE_MAX_BYTES    (64u * 1024u * 1024u)
#define CACHE_REFRESH_MS   (10 * 60 * 1000) /* rewrite an unchanged catalog this often, for its age */

#define NOT_DUE INT64_MAX

/* ---- shared snapshot parts ---- */

/* After a catalog read with unreadable products, read again this soon (doubling each time). */
#define PARTIAL_RETRY_MS 5000

struct part {
	atomic_size_t refs;
	void (*destroy)(struct part *p);
};

static void part_ref(struct part *p)
{
	atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
}

static void part_unref(struct part *p)
{
	if (p && atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) == 1)
		p->destroy(p);
}

struct catalog_part {
	struct part base; /* first: a struct part * is a struct catalog_part * */
	struct olc_catalog catalog;
};

struct deck_part {
	struct part base;
	struct olc_deck deck;
};

struct orders_part {
	struct part base;
	struct olc_order *orders;
	uint64_t *seq;
	size_t count;
};

struct counters_part {
	struct part base;
	struct olc_product_counters *items;
	size_t count;
};

static void catalog_part_destroy(struct part *p)
{
	struct catalog_part *c = (struct catalog_part *)p;
	olc_catalog_free(&c->catalog);
	free(c);
}

static void deck_part_destroy(struct part *p)
{
	struct deck_part *d = (struct deck_part *)p;
	olc_deck_free(&d->deck);
	free(d);
}

static void orders_part_destroy(struct part *p)
{
	struct orders_part *o = (struct orders_part *)p;
	for (size_t i = 0; i < o->count; i++)
		olc_order_free(&o->orders[i]);
	free(o->orders);
	free(o->seq);
	free(o);
}

static void counters_part_destroy(struct part *p)
{
	struct counters_part *c = (struct counters_part *)p;
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i].product_id);
	free(c->items);
	free(c);
}

static void *part_new(size_t size, void (*destroy)(struct part *p))
{
	struct part *p = calloc(1, size);
	if (p) {
		atomic_init(&p->refs, 1);
		p->destroy = destroy;
	}
	return p;
}

struct snapshot_box {
	atomic_size_t refs;
	struct catalog_part *catalog;
	struct deck_part *deck;
	struct orders_part *orders;
	struct counters_part *counters;
	struct olc_snapshot snap;
};

static void box_release(struct snapshot_box *box)
{
	if (!box || atomic_fetch_sub_explicit(&box->refs, 1, memory_order_acq_rel) != 1)
		return;
	part_unref(&box->catalog->base);
	part_unref(&box->deck->base);
	part_unref(&box->orders->base);
	part_unref(&box->counters->base);
	free(box->snap.error);
	free(box->snap.warning);
	for (size_t i = 0; i < box->snap.featured_count; i++)
		free(box->snap.featured[i]);
	free(box);
}

/* ---- the model ---- */

struct model {
	uint64_t revision;
	uint64_t catalog_revision;
	uint64_t featured_revision;
	uint64_t orders_seen;
	char provider[16];
	char currency[4];
	struct olc_catalog catalog;
	struct olc_deck deck;
	char *featured[OLC_FEATURED_MAX];
	size_t featured_count;
	int featured_number;

	struct olc_order *ring; /* ring_capacity slots; the oldest at ring_start */
	uint64_t *ring_seq;
	size_t ring_capacity;
	size_t ring_start;
	size_t ring_count;

	struct olc_counters total;
	struct olc_product_counters *per_product;
	size_t per_product_count;
	size_t per_product_capacity;

	/* The connection status; the state is derived from it when publishing. */
	bool has_connection;
	bool catalog_fetched; /* a catalog arrived since the connection was set */
	char *catalog_error;
	char *orders_error;
	char *warning;       /* about the last catalog read */
	char *order_warning; /* about the last order refused as impossible, until the next connection */
	int64_t last_success_ms;
	int64_t published_success_ms; /* last_success_ms as last published */
	int64_t next_retry_ms;
	enum olc_conn_state state; /* as last published */
	char *error;               /* as last published */

	uint64_t shop;      /* identity of the shop the catalog came from (provider and URL); 0: none */
	unsigned shop_nets; /* OLC_NET_* class of that shop's address; 0: none known */
	bool demo_featured; /* the demo shop's first product was featured for this connection */
	bool cache_read;    /* the worker has read the cache (or there is none) */
	bool deck_loaded;   /* a deck was loaded since the session began: the cached one is older */
	int64_t cache_written_ms;
	uint64_t test_orders;

	/* Parts changed since the last snapshot, and the last published copy of each. */
	bool catalog_dirty, deck_dirty, orders_dirty, counters_dirty;
	struct catalog_part *catalog_part;
	struct deck_part *deck_part;
	struct orders_part *orders_part;
	struct counters_part *counters_part;
};

struct listener {
	olc_session_listener cb;
	void *priv;
	bool removed;
	int active;  /* calls in progress or about to start */
	int waiters; /* olc_session_remove_listener calls waiting for those calls */
	struct listener *next;
};

struct olc_session {
	char *cache_dir;
	char *data_dir;
	char *extra_ca_file;
	int64_t stale_after_ms;
	int64_t (*now_ms)(void);
	uint64_t seed;

	pthread_mutex_t cache_lock;

	pthread_mutex_t model_lock;
	struct model m;

	pthread_mutex_t ctl_lock;
	pthread_cond_t ctl_cond; /* on CLOCK_MONOTONIC */
	struct olc_connection conn;
	uint64_t conn_gen; /* written under model_lock and ctl_lock, read under either; 0: none yet */
	bool stopping;
	bool worker_started;
	pthread_t worker;
	struct olc_cancel *cancel;

	pthread_mutex_t snap_lock;
	struct snapshot_box *current;

	pthread_mutex_t listeners_lock;
	pthread_cond_t listeners_idle;
	struct listener *listeners;
};

/* ---- small helpers ---- */

static int64_t system_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Which shop the cached data belongs to, without writing the URL (which may carry a key) into
 * the cache. */
static uint64_t shop_identity(const char *provider, const char *url)
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

/* mkdir -p: OBS's module config folder does not exist before the plugin first writes to it. */
static void make_dirs(const char *path)
{
	char *copy = olc_strdup(path);
	if (!copy)
		return;
	for (char *p = copy + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(copy, 0755);
			*p = '/';
		}
	}
	mkdir(copy, 0755);
	free(copy);
}

const char *olc_conn_state_name(enum olc_conn_state s)
{
	switch (s) {
	case OLC_CONN_OFFLINE:
		return "offline";
	case OLC_CONN_CONNECTING:
		return "connecting";
	case OLC_CONN_OK:
		return "ok";
	case OLC_CONN_STALE:
		return "stale";
	case OLC_CONN_ERROR:
		return "error";
	}
	return "error";
}

static bool money_equal(const struct olc_money *a, const struct olc_money *b)
{
	return a->minor == b->minor && strcmp(a->currency, b->currency) == 0;
}

static bool product_equal(const struct olc_product *a, const struct olc_product *b)
{
	if (!olc_str_equal(a->id, b->id) || !olc_str_equal(a->title, b->title) || !olc_str_equal(a->url, b->url) ||
	    !olc_str_equal(a->image_url, b->image_url) || !money_equal(&a->price, &b->price) ||
	    a->has_compare_at != b->has_compare_at ||
	    (a->has_compare_at && !money_equal(&a->compare_at, &b->compare_at)) || a->has_stock != b->has_stock ||
	    (a->has_stock && a->stock != b->stock) || a->tag_count != b->tag_count)
		return false;
	for (size_t i = 0; i < a->tag_count; i++) {
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			return false;
	}
	return true;
}

static bool catalog_equal(const struct olc_catalog *a, const struct olc_catalog *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (!product_equal(&a->products[i], &b->products[i]))
			return false;
	}
	return true;
}

static bool catalog_copy(struct olc_catalog *dst, const struct olc_catalog *src)
{
	olc_catalog_init(dst);
	for (size_t i = 0; i < src->count; i++) {
		struct olc_product p;
		olc_product_init(&p);
		if (!olc_product_copy(&p, &src->products[i]) || !olc_catalog_take(dst, &p, NULL)) {
			olc_product_free(&p);
			olc_catalog_free(dst);
			return false;
		}
	}
	return true;
}

/* ---- events, collected under model_lock and delivered after it ---- */

struct pending {
	enum olc_event_kind kind;
	struct olc_order order;
	char *ids[OLC_FEATURED_MAX];
	size_t id_count;
	char *product_id;
	bool has_stock;
	int64_t stock;
	enum olc_conn_state state;
	char *error;
};

struct events {
	struct pending *items;
	size_t count;
	size_t capacity;
};

/* A new event of this kind, or NULL when memory runs out (the event is then not sent; the
 * snapshot still has the change). */
static struct pending *event_add(struct events *evs, enum olc_event_kind kind)
{
	if (evs->count == evs->capacity) {
		size_t capacity = evs->capacity ? evs->capacity * 2 : 8;
		struct pending *items = realloc(evs->items, capacity * sizeof(*items));
		if (!items)
			return NULL;
		evs->items = items;
		evs->capacity = capacity;
	}
	struct pending *p = &evs->items[evs->count++];
	memset(p, 0, sizeof(*p));
	olc_order_init(&p->order);
	p->kind = kind;
	return p;
}

static void events_free(struct events *evs)
{
	for (size_t i = 0; i < evs->count; i++) {
		struct pending *p = &evs->items[i];
		olc_order_free(&p->order);
		for (size_t k = 0; k < p->id_count; k++)
			free(p->ids[k]);
		free(p->product_id);
		free(p->error);
	}
	free(evs->items);
	memset(evs, 0, sizeof(*evs));
}

static void event_featured(struct model *m, struct events *evs)
{
	struct pending *p = event_add(evs, OLC_EVENT_PRODUCT_FEATURED);
	if (!p)
		return;
	for (size_t i = 0; i < m->featured_count; i++) {
		p->ids[i] = olc_strdup(m->featured[i]);
		if (!p->ids[i]) {
			evs->count--; /* drop it whole rather than send a shorter list */
			for (size_t k = 0; k < i; k++)
				free(p->ids[k]);
			return;
		}
		p->id_count = i + 1;
	}
}

static void event_stock(struct events *evs, const struct olc_product *product)
{
	struct pending *p = event_add(evs, OLC_EVENT_STOCK_CHANGED);
	if (!p)
		return;
	p->product_id = olc_strdup(product->id);
	p->has_stock = product->has_stock;
	p->stock = product->stock;
	if (!p->product_id)
		evs->count--;
}

/* This thread's listener calls in progress, so that a listener may remove itself. */
#define CALL_DEPTH_MAX 16
static _Thread_local const struct listener *calling[CALL_DEPTH_MAX];
static _Thread_local int calling_depth;

static void listener_unlink(struct olc_session *s, struct listener *target)
{
	for (struct listener **l = &s->listeners; *l; l = &(*l)->next) {
		if (*l == target) {
			*l = target->next;
			free(target);
			return;
		}
	}
}

static void deliver(struct olc_session *s, const struct olc_event *ev)
{
	pthread_mutex_lock(&s->listeners_lock);
	size_t n = 0;
	for (struct listener *l = s->listeners; l; l = l->next)
		n += !l->removed;
	struct listener **list = n ? malloc(n * sizeof(*list)) : NULL;
	size_t count = 0;
	for (struct listener *l = s->listeners; l && list; l = l->next) {
		if (!l->removed) {
			l->active++;
			list[count++] = l;
		}
	}
	pthread_mutex_unlock(&s->listeners_lock);

	for (size_t i = 0; i < count; i++) {
		struct listener *l = list[i];
		pthread_mutex_lock(&s->listeners_lock);
		bool removed = l->removed;
		pthread_mutex_unlock(&s->listeners_lock);

		if (!removed) {
			if (calling_depth < CALL_DEPTH_MAX)
				calling[calling_depth] = l;
			calling_depth++;
			l->cb(ev, l->priv);
			calling_depth--;
		}

		pthread_mutex_lock(&s->listeners_lock);
		l->active--;
		if (l->removed && l->active == 0 && l->waiters == 0)
			listener_unlink(s, l);
		pthread_cond_broadcast(&s->listeners_idle);
		pthread_mutex_unlock(&s->listeners_lock);
	}
	free(list);
}

static void dispatch(struct olc_session *s, struct events *evs)
{
	for (size_t i = 0; i < evs->count; i++) {
		struct pending *p = &evs->items[i];
		struct olc_event ev = {.kind = p->kind};
		switch (p->kind) {
		case OLC_EVENT_ORDER_RECEIVED:
			ev.order = &p->order;
			break;
		case OLC_EVENT_PRODUCT_FEATURED:
			ev.featured = (const char *const *)p->ids;
			ev.featured_count = p->id_count;
			break;
		case OLC_EVENT_STOCK_CHANGED:
			ev.product_id = p->product_id;
			ev.has_stock = p->has_stock;
			ev.stock = p->stock;
			break;
		case OLC_EVENT_CONNECTION_CHANGED:
			ev.state = p->state;
			ev.error = p->error;
			break;
		case OLC_EVENT_CATALOG_CHANGED:
		case OLC_EVENT_DECK_CHANGED:
			break;
		}
		deliver(s, &ev);
	}
	events_free(evs);
}

void olc_session_add_listener(struct olc_session *s, olc_session_listener cb, void *priv)
{
	if (!s || !cb)
		return;
	pthread_mutex_lock(&s->listeners_lock);
	struct listener **tail = &s->listeners;
	for (; *tail; tail = &(*tail)->next) {
		if (!(*tail)->removed && (*tail)->cb == cb && (*tail)->priv == priv) {
			pthread_mutex_unlock(&s->listeners_lock);
			return;
		}
	}
	struct listener *l = calloc(1, sizeof(*l));
	if (l) {
		l->cb = cb;
		l->priv = priv;
		*tail = l; /* at the end: listeners are called in the order they were added */
	}
	pthread_mutex_unlock(&s->listeners_lock);
}

/* Returns once the listener is no longer called on any other thread, so priv may be freed. */
void olc_session_remove_listener(struct olc_session *s, olc_session_listener cb, void *priv)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->listeners_lock);
	struct listener *target = NULL, *leaving = NULL;
	for (struct listener *l = s->listeners; l && !target; l = l->next) {
		if (l->cb == cb && l->priv == priv) {
			if (!l->removed)
				target = l;
			else if (l->active > 0 && !leaving)
				leaving = l;
		}
	}
	int own = 0;
	for (int i = 0; i < calling_depth && i < CALL_DEPTH_MAX; i++)
		own += calling[i] == (target ? target : leaving);
	/* It removed itself on another thread, where it (and maybe elsewhere) may still run: wait for those calls too,
	 * unless this thread is inside it as well (then the thread that removed it waits for this one). */
	if (!target && leaving && own == 0)
		target = leaving;
	if (target) {
		target->removed = true;
		target->waiters++;
		while (target->active > own)
			pthread_cond_wait(&s->listeners_idle, &s->listeners_lock);
		target->waiters--;
		if (target->active == 0 && target->waiters == 0)
			listener_unlink(s, target);
	}
	pthread_mutex_unlock(&s->listeners_lock);
}

/* ---- publishing ---- */

static struct catalog_part *make_catalog_part(const struct model *m)
{
	struct catalog_part *p = part_new(sizeof(*p), catalog_part_destroy);
	if (p && !catalog_copy(&p->catalog, &m->catalog)) {
		free(p);
		return NULL;
	}
	return p;
}

static struct deck_part *make_deck_part(const struct model *m)
{
	struct deck_part *p = part_new(sizeof(*p), deck_part_destroy);
	if (!p)
		return NULL;
	olc_deck_init(&p->deck);
	if (!olc_deck_copy(&p->deck, &m->deck)) {
		free(p);
		return NULL;
	}
	return p;
}

static struct orders_part *make_orders_part(const struct model *m)
{
	struct orders_part *p = part_new(sizeof(*p), orders_part_destroy);
	if (!p)
		return NULL;
	if (m->ring_count) {
		p->orders = calloc(m->ring_count, sizeof(*p->orders));
		p->seq = calloc(m->ring_count, sizeof(*p->seq));
		if (!p->orders || !p->seq) {
			orders_part_destroy(&p->base);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->ring_count; i++) {
		size_t slot = (m->ring_start + i) % m->ring_capacity;
		olc_order_init(&p->orders[i]);
		p->count = i + 1;
		if (!olc_order_copy(&p->orders[i], &m->ring[slot])) {
			orders_part_destroy(&p->base);
			return NULL;
		}
		p->seq[i] = m->ring_seq[slot];
	}
	return p;
}

static struct counters_part *make_counters_part(const struct model *m)
{
	struct counters_part *p = part_new(sizeof(*p), counters_part_destroy);
	if (!p)
		return NULL;
	if (m->per_product_count) {
		p->items = calloc(m->per_product_count, sizeof(*p->items));
		if (!p->items) {
			free(p);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->per_product_count; i++) {
		p->items[i].counters = m->per_product[i].counters;
		p->items[i].product_id = olc_strdup(m->per_product[i].product_id);
		p->count = i + 1;
		if (!p->items[i].product_id) {
			counters_part_destroy(&p->base);
			return NULL;
		}
	}
	return p;
}

/* Replaces the model's published copy of each changed part. false when memory runs out; the
 * parts stay dirty and the next publish tries again. */
static bool refresh_parts(struct model *m)
{
#define REFRESH(name, make)                                                                                            \
	if (m->name##_dirty || !m->name##_part) {                                                                      \
		void *fresh = make(m);                                                                                 \
		if (!fresh)                                                                                            \
			return false;                                                                                  \
		if (m->name##_part)                                                                                    \
			part_unref(&m->name##_part->base);                                                             \
		m->name##_part = fresh;                                                                                \
		m->name##_dirty = false;                                                                               \
	}
	REFRESH(catalog, make_catalog_part)
	REFRESH(deck, make_deck_part)
	REFRESH(orders, make_orders_part)
	REFRESH(counters, make_counters_part)
#undef REFRESH
	return true;
}

/* "a; b", or the one that is there; NULL when neither is (or memory runs out). */
static char *join_warnings(const char *a, const char *b)
{
	if (!a || !b)
		return olc_strdup(a ? a : b);
	size_t len = strlen(a) + 2 + strlen(b) + 1;
	char *text = malloc(len);
	if (text)
		snprintf(text, len, "%s; %s", a, b);
	return text;
}

/* Builds a snapshot of the model and makes it current. Called with model_lock held. */
static bool publish(struct olc_session *s)
{
	struct model *m = &s->m;
	if (!refresh_parts(m))
		return false;

	struct snapshot_box *box = calloc(1, sizeof(*box));
	if (!box)
		return false;
	struct olc_snapshot *snap = &box->snap;
	bool ok = true;
	snap->error = olc_strdup(m->error);
	snap->warning = join_warnings(m->warning, m->order_warning);
	ok = (!m->error || snap->error) && (!(m->warning || m->order_warning) || snap->warning);
	for (size_t i = 0; ok && i < m->featured_count; i++) {
		snap->featured[i] = olc_strdup(m->featured[i]);
		snap->featured_count = i + 1;
		ok = snap->featured[i] != NULL;
	}
	if (!ok) {
		free(snap->error);
		free(snap->warning);
		for (size_t i = 0; i < snap->featured_count; i++)
			free(snap->featured[i]);
		free(box);
		return false;
	}

	atomic_init(&box->refs, 1);
	box->catalog = m->catalog_part;
	box->deck = m->deck_part;
	box->orders = m->orders_part;
	box->counters = m->counters_part;
	part_ref(&box->catalog->base);
	part_ref(&box->deck->base);
	part_ref(&box->orders->base);
	part_ref(&box->counters->base);

	snap->revision = m->revision;
	snap->catalog_revision = m->catalog_revision;
	snap->featured_revision = m->featured_revision;
	snap->orders_seen = m->orders_seen;
	memcpy(snap->provider, m->provider, sizeof(snap->provider));
	snap->state = m->state;
	snap->cache_read = m->cache_read;
	snap->last_success_ms = m->published_success_ms = m->last_success_ms;
	snap->next_retry_ms = m->next_retry_ms;
	memcpy(snap->currency, m->currency, sizeof(snap->currency));
	snap->catalog = box->catalog->catalog; /* shared, read-only */
	snap->deck = box->deck->deck;
	snap->featured_number = m->featured_number;
	snap->recent = box->orders->orders;
	snap->recent_seq = box->orders->seq;
	snap->recent_count = box->orders->count;
	snap->total = m->total;
	snap->per_product = box->counters->items;
	snap->per_product_count = box->counters->count;

	pthread_mutex_lock(&s->snap_lock);
	struct snapshot_box *old = s->current;
	s->current = box;
	pthread_mutex_unlock(&s->snap_lock);
	box_release(old);
	return true;
}

static enum olc_conn_state derive_state(const struct olc_session *s, int64_t now)
{
	const struct model *m = &s->m;
	if (!m->has_connection)
		return OLC_CONN_OFFLINE;
	bool old = m->last_success_ms > 0 && now - m->last_success_ms > s->stale_after_ms;
	if (m->catalog_error || m->orders_error)
		return old ? OLC_CONN_STALE : OLC_CONN_ERROR;
	if (!m->catalog_fetched)
		return OLC_CONN_CONNECTING;
	return old ? OLC_CONN_STALE : OLC_CONN_OK;
}

/* Derives the state, adds CONNECTION_CHANGED when it or the error changed, and publishes when
 * anything did. Called with model_lock held. */
static void commit(struct olc_session *s, struct events *evs, bool changed)
{
	struct model *m = &s->m;
	enum olc_conn_state state = derive_state(s, s->now_ms());
	const char *error = m->catalog_error ? m->catalog_error : m->orders_error;

	if (state != m->state || !olc_str_equal(error, m->error)) {
		m->state = state;
		olc_str_set(&m->error, error);
		struct pending *p = event_add(evs, OLC_EVENT_CONNECTION_CHANGED);
		if (p) {
			p->state = state;
			p->error = olc_strdup(m->error);
		}
		changed = true;
	}
	if (changed) {
		m->revision++;
		publish(s);
	}
}

/* ---- orders ---- */

static struct olc_counters *find_counters(struct model *m, const char *product_id)
{
	for (size_t i = 0; i < m->per_product_count; i++) {
		if (strcmp(m->per_product[i].product_id, product_id) == 0)
			return &m->per_product[i].counters;
	}
	return NULL;
}

static struct olc_counters *product_counters(struct model *m, const char *product_id)
{
	struct olc_counters *found = find_counters(m, product_id);
	if (found)
		return found;
	if (m->per_product_count == m->per_product_capacity) {
		size_t capacity = m->per_product_capacity ? m->per_product_capacity * 2 : 16;
		struct olc_product_counters *items = realloc(m->per_product, capacity * sizeof(*items));
		if (!items)
			return NULL;
		m->per_product = items;
		m->per_product_capacity = capacity;
	}
	char *id = olc_strdup(product_id);
	if (!id)
		return NULL;
	struct olc_product_counters *pc = &m->per_product[m->per_product_count++];
	memset(pc, 0, sizeof(*pc));
	pc->product_id = id;
	return &pc->counters;
}

/* A total above this many times price x quantity is no real order line: no tax, fee or price
 * change since the order goes that far. Below is no limit: live streams sell at a tiny fraction of
 * the listed price (a one-yuan flash sale of a 268-yuan product) or free. */
#define ORDER_TOTAL_FACTOR 100

/* a * k < b for a, b >= 0 and k > 0, where an a * k past int64_t counts as above any b. */
static bool scaled_below(int64_t a, int64_t k, int64_t b)
{
	return a <= INT64_MAX / k && a * k < b;
}

static bool add_fits(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

/* c += (orders, units, revenue), all or nothing: false when any would pass int64_t. */
static bool counters_add(struct olc_counters *c, int64_t orders, int64_t units, int64_t revenue)
{
	if (!add_fits(c->orders, orders) || !add_fits(c->units, units) || !add_fits(c->revenue_minor, revenue))
		return false;
	c->orders += orders;
	c->units += units;
	c->revenue_minor += revenue;
	return true;
}

/* Whether a shop's order line can be real: a quantity of 1 or more, a total that is not negative
 * and, when the catalog prices the product in the total's currency, at most ORDER_TOTAL_FACTOR
 * times price x quantity. Shop data is hostile: one absurd line must not make the counters
 * nonsense. */
static bool order_possible(const struct model *m, const struct olc_order *o, struct olc_error *why)
{
	char total[32] = "", price[32] = "";
	if (o->quantity < 1) {
		olc_error_set(why, "its quantity %d is not a count of 1 or more", o->quantity);
		return false;
	}
	olc_money_format_plain(&o->total, total, sizeof(total));
	if (o->total.minor < 0) {
		olc_error_set(why, "its total %s %s is negative", total, o->total.currency);
		return false;
	}
	const struct olc_product *p = olc_catalog_find(&m->catalog, o->product_id);
	if (!p || !olc_money_same_currency(&p->price, &o->total) || p->price.minor <= 0)
		return true; /* nothing to compare it with */
	olc_money_format_plain(&p->price, price, sizeof(price));
	struct olc_money expected;
	if (!olc_money_multiply(&p->price, o->quantity, &expected, NULL)) {
		olc_error_set(why, "%d x %s %s is more than an amount can hold", o->quantity, price, p->price.currency);
		return false;
	}
	if (scaled_below(expected.minor, ORDER_TOTAL_FACTOR, o->total.minor)) {
		olc_error_set(why, "its total %s %s is more than %d times %d x %s %s", total, o->total.currency,
			      ORDER_TOTAL_FACTOR, o->quantity, price, p->price.currency);
		return false;
	}
	return true;
}

/* Adds one order line: to the ring, the counters and the stock unless it is a test, and as an
 * event. A line already in the ring (same order id and product) is a repeat and ignored; the
 * order count counts order ids, so an order of two products is one order of two lines.
 * moved[i] is set when catalog product i's stock went down; moved NULL leaves the stock alone.
 * A line that cannot be real (order_possible) or that would push a counter past int64_t is
 * refused whole: false, with why naming the order and the reason. */
static bool add_order(struct model *m, const struct olc_order *o, struct events *evs, bool *moved,
		      struct olc_error *why)
{
	bool order_counted = false;
	for (size_t i = 0; i < m->ring_count; i++) {
		const struct olc_order *r = &m->ring[(m->ring_start + i) % m->ring_capacity];
		if (r->test != o->test || !olc_str_equal(r->id, o->id))
			continue;
		if (olc_str_equal(r->product_id, o->product_id))
			return true;
		order_counted = true;
	}

	char shown[OLC_EXCERPT_LEN];
	struct olc_error reason = {""};
	const bool counted = !o->test && o->product_id;
	const bool revenue = counted && strcmp(o->total.currency, m->currency) == 0;
	const int64_t orders = order_counted ? 0 : 1, units = o->quantity, minor = revenue ? o->total.minor : 0;
	struct olc_counters total = m->total, product = {0};
	const struct olc_counters *pc = counted ? find_counters(m, o->product_id) : NULL;
	if (pc)
		product = *pc;
	if (!order_possible(m, o, &reason)) {
		olc_error_set(why, "order \"%s\" was not counted: %s", olc_error_excerpt(shown, sizeof(shown), o->id),
			      reason.text);
		return false;
	}
	if (counted && (!counters_add(&total, orders, units, minor) || !counters_add(&product, 1, units, minor))) {
		olc_error_set(why, "order \"%s\" was not counted: the sales counters cannot go any higher",
			      olc_error_excerpt(shown, sizeof(shown), o->id));
		return false;
	}

	struct olc_order copy;
	olc_order_init(&copy);
	if (!olc_order_copy(&copy, o))
		return true; /* out of memory: the order is lost, the session goes on */
	size_t slot;
	if (m->ring_count < m->ring_capacity) {
		slot = (m->ring_start + m->ring_count) % m->ring_capacity;
		m->ring_count++;
	} else {
		slot = m->ring_start; /* the oldest makes room */
		m->ring_start = (m->ring_start + 1) % m->ring_capacity;
		olc_order_free(&m->ring[slot]);
	}
	m->ring[slot] = copy;
	m->ring_seq[slot] = ++m->orders_seen;
	m->orders_dirty = true;

	if (counted) {
		m->total = total;
		struct olc_counters *entry = product_counters(m, o->product_id);
		if (entry)
			*entry = product;
		m->counters_dirty = true;

		/* Show the sale at once; the shop's next catalog says what the stock really is. */
		struct olc_product *p =
			moved ? (struct olc_product *)olc_catalog_find(&m->catalog, o->product_id) : NULL;
		if (p && p->has_stock && p->stock > 0) {
			p->stock = p->stock > o->quantity ? p->stock - o->quantity : 0;
			moved[p - m->catalog.products] = true;
			m->catalog_dirty = true;
		}
	}

	struct pending *p = event_add(evs, OLC_EVENT_ORDER_RECEIVED);
	if (p && !olc_order_copy(&p->order, o))
		evs->count--;
	return true;
}

static void ring_clear(struct model *m)
{
	for (size_t i = 0; i < m->ring_capacity; i++)
		olc_order_free(&m->ring[i]);
	m->ring_start = 0;
	m->ring_count = 0;
	m->orders_dirty = true;
}

static void counters_clear(struct model *m)
{
	for (size_t i = 0; i < m->per_product_count; i++)
		free(m->per_product[i].product_id);
	m->per_product_count = 0;
	memset(&m->total, 0, sizeof(m->total));
	m->counters_dirty = true;
}

static void featured_clear(struct model *m)
{
	for (size_t i = 0; i < m->featured_count; i++) {
		free(m->featured[i]);
		m->featured[i] = NULL;
	}
	m->featured_count = 0;
	m->featured_number = 0;
}

/* ---- the cache: last good catalog and deck ---- */

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
static char *catalog_cache_text(const struct model *m, int64_t fetched_at_ms)
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
	if (json_unpack(o, "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o !}", "id", &id, "title", &title,
			"currency", &currency, "price", &price, "compare_at_price", &jcompare, "compare_at_currency",
			&jcompare_currency, "stock", &stock, "url", &jurl, "image", &jimage, "tags", &tags) != 0)
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
	pthread_mutex_lock(&s->ctl_lock);
	bool stopping = s->stopping;
	pthread_mutex_unlock(&s->ctl_lock);
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
static void load_cache(struct olc_session *s)
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
	pthread_mutex_lock(&s->model_lock);
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
		event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
	}
	if (c.has_deck && !m->deck_loaded) {
		olc_deck_free(&m->deck);
		m->deck = c.deck;
		olc_deck_init(&c.deck);
		m->deck_dirty = true;
		m->featured_revision++;
		event_add(&evs, OLC_EVENT_DECK_CHANGED);
	}
	m->cache_read = true;
	commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	olc_catalog_free(&c.catalog);
	olc_deck_free(&c.deck);
}

static void write_cache(struct olc_session *s, const char *name, const char *text)
{
	char *path = path_join(s->cache_dir, name);
	if (path)
		olc_file_write_atomic(path, text, strlen(text), NULL); /* a failed write keeps the old file */
	free(path);
}

/* ---- the poller ---- */

enum fetch_kind { FETCH_CATALOG, FETCH_ORDERS };

struct worker {
	uint64_t gen;
	struct olc_connection conn;
	const struct olc_provider_ops *ops;
	void *state;
	int poll_ms;
	int64_t create_due, catalog_due, orders_due, stale_due; /* monotonic ms; NOT_DUE */
	bool catalog_failing, orders_failing;
	unsigned attempt;
	unsigned partial_reads; /* catalog reads in a row with some products unreadable */
	uint64_t rng;
};

/* How long to wait after a failure: what the shop asked for (429, 503, Shopify's throttle),
 * else exponential backoff with full jitter, so that many hosts do not retry in step. */
static int64_t retry_delay(struct worker *w, const struct olc_fetch_result *res)
{
	int64_t delay;
	if (res && res->retry_after_ms >= 0)
		delay = min64(res->retry_after_ms, RETRY_AFTER_CAP_MS);
	else
		delay = olc_backoff_full_jitter_ms(w->attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS, &w->rng);
	if (w->attempt < 32)
		w->attempt++;
	return max64(delay, BACKOFF_FLOOR_MS);
}

static void worker_succeeded(struct worker *w, enum fetch_kind kind)
{
	if (kind == FETCH_CATALOG)
		w->catalog_failing = false;
	else
		w->orders_failing = false;
	if (!w->catalog_failing && !w->orders_failing)
		w->attempt = 0;
}

/* Records a failed attempt in the model (unless the connection changed meanwhile). */
static void report_failure(struct olc_session *s, uint64_t gen, enum fetch_kind kind, const char *text,
			   int64_t delay_ms)
{
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	if (s->conn_gen == gen) {
		struct model *m = &s->m;
		char **field = kind == FETCH_CATALOG ? &m->catalog_error : &m->orders_error;
		olc_str_set(field, text && *text ? text : "the shop could not be reached");
		m->next_retry_ms = s->now_ms() + delay_ms;
		commit(s, &evs, true);
	}
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
}

/* The bookkeeping of a successful fetch. model_lock held. */
static void note_success(struct olc_session *s, enum fetch_kind kind)
{
	struct model *m = &s->m;
	char **field = kind == FETCH_CATALOG ? &m->catalog_error : &m->orders_error;
	free(*field);
	*field = NULL;
	if (!m->catalog_error && !m->orders_error)
		m->next_retry_ms = 0;
	m->last_success_ms = s->now_ms();
	if (kind == FETCH_CATALOG)
		m->catalog_fetched = true;
}

static bool set_featured(struct model *m, const char *const *ids, size_t count, int number, struct events *evs,
			 struct olc_error *err);

/* A read that had unreadable products: the products we held keep their place, the fresh
 * version where the shop sent a readable one and the last good one where it did not; products
 * new to us follow in the shop's order. On failure to copy, fresh stays as the shop sent it. */
static void keep_unread_products(const struct olc_catalog *held, struct olc_catalog *fresh)
{
	struct olc_catalog merged;
	olc_catalog_init(&merged);
	bool ok = true;
	for (size_t i = 0; ok && i < held->count; i++) {
		const struct olc_product *now = olc_catalog_find(fresh, held->products[i].id);
		struct olc_product p;
		olc_product_init(&p);
		ok = olc_product_copy(&p, now ? now : &held->products[i]) && olc_catalog_take(&merged, &p, NULL);
		olc_product_free(&p);
	}
	for (size_t i = 0; ok && i < fresh->count; i++) {
		if (olc_catalog_find(held, fresh->products[i].id))
			continue;
		struct olc_product p;
		olc_product_init(&p);
		ok = olc_product_copy(&p, &fresh->products[i]) && olc_catalog_take(&merged, &p, NULL);
		olc_product_free(&p);
	}
	if (ok) {
		olc_catalog_free(fresh);
		*fresh = merged;
	} else {
		olc_catalog_free(&merged);
	}
}

static void apply_catalog(struct olc_session *s, uint64_t gen, struct olc_catalog *catalog, const char *currency,
			  const struct olc_fetch_result *res)
{
	struct events evs = {0};
	char *cache_text = NULL;

	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	if (s->conn_gen != gen) {
		pthread_mutex_unlock(&s->model_lock);
		return;
	}
	int64_t now = s->now_ms();
	/* Set with the catalog it goes with: photo loaders woken by the new catalog see it. */
	m->shop_nets = res->shop_net;
	if (!res->not_modified) {
		/* Products the shop sent but we could not read keep their last good version rather
		 * than vanish from the card mid-stream; a clean read replaces the catalog exactly. */
		if (res->report.rejected > 0 && strcmp(m->currency, currency) == 0)
			keep_unread_products(&m->catalog, catalog);
		bool same = strcmp(m->currency, currency) == 0 && catalog_equal(&m->catalog, catalog);
		if (!same) {
			for (size_t i = 0; i < catalog->count; i++) {
				const struct olc_product *fresh = &catalog->products[i];
				const struct olc_product *old = olc_catalog_find(&m->catalog, fresh->id);
				if (old && (old->has_stock != fresh->has_stock ||
					    (fresh->has_stock && old->stock != fresh->stock)))
					event_stock(&evs, fresh);
			}
			olc_catalog_free(&m->catalog);
			m->catalog = *catalog;
			olc_catalog_init(catalog);
			snprintf(m->currency, sizeof(m->currency), "%s", currency);
			m->catalog_revision++;
			m->catalog_dirty = true;
			event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
		}

		char warning[sizeof(res->report.first_rejection.text) + 96];
		if (res->report.rejected > 0)
			snprintf(warning, sizeof(warning), "%zu of %zu products could not be read; the first: %s",
				 res->report.rejected, res->report.rejected + res->report.accepted,
				 res->report.first_rejection.text);
		olc_str_set(&m->warning, res->report.rejected > 0 ? warning : NULL);

		/* The demo shop is there to show what the overlays do: when its catalog first arrives,
		 * feature the deck's first item (or the first product), so a card dropped into a scene
		 * shows something at once. Hiding it afterwards sticks. */
		if (!m->demo_featured && strcmp(m->provider, "demo") == 0 && m->featured_count == 0 &&
		    m->catalog.count > 0) {
			m->demo_featured = true;
			const struct olc_deck_item *first = m->deck.count > 0 ? &m->deck.items[0] : NULL;
			const char *id = first && olc_catalog_find(&m->catalog, first->product_id)
						 ? first->product_id
						 : m->catalog.products[0].id;
			set_featured(m, &id, 1, first && id == first->product_id ? first->number : 0, &evs, NULL);
		}

		/* An empty catalog is never cached: the last one with products is more use offline. */
		if (s->cache_dir && m->catalog.count > 0 && (!same || now - m->cache_written_ms >= CACHE_REFRESH_MS)) {
			cache_text = catalog_cache_text(m, now);
			m->cache_written_ms = now;
		}
	}
	note_success(s, FETCH_CATALOG);
	/* Unreadable products are the shop's data being wrong: the host hears it as an error
	 * (state "error", the reason in plain words) until a clean read, without any backoff. */
	if (!res->not_modified && m->warning)
		olc_str_set(&m->catalog_error, m->warning);
	commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);

	if (cache_text) {
		pthread_mutex_lock(&s->cache_lock);
		write_cache(s, CACHE_CATALOG_FILE, cache_text);
		pthread_mutex_unlock(&s->cache_lock);
		free(cache_text);
	}
	dispatch(s, &evs);
}

/* Adds the orders; true when the stock of some product went down. warning: what the provider left
 * out (an order dated in the future), or "". */
static bool apply_orders(struct olc_session *s, uint64_t gen, const struct olc_order_list *list, const char *warning)
{
	struct events evs = {0};
	bool any_moved = false;

	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	if (s->conn_gen != gen) {
		pthread_mutex_unlock(&s->model_lock);
		return false;
	}
	/* Out of memory for this: the orders still count, the stock waits for the next catalog. */
	bool *moved = calloc(m->catalog.count + 1, sizeof(*moved));
	struct olc_error refused = {""};
	for (size_t i = 0; i < list->count; i++) {
		struct olc_error why;
		if (!add_order(m, &list->orders[i], &evs, moved, &why))
			refused = why;
	}
	/* The newest refusal stays in the status (GetStatus "warning", the dock) until the next
	 * connection, so the host can tell the shop which order is wrong. */
	const bool warned = refused.text[0] && !olc_str_equal(refused.text, m->order_warning) &&
			    olc_str_set(&m->order_warning, refused.text);
	for (size_t i = 0; moved && i < m->catalog.count; i++) {
		if (moved[i]) {
			event_stock(&evs, &m->catalog.products[i]);
			any_moved = true;
		}
	}
	if (any_moved)
		m->catalog_revision++;
	free(moved);
	note_success(s, FETCH_ORDERS);
	/* Like unreadable products: the shop's data is wrong, so the host hears it as an error until a
	 * poll without it, with no backoff (the orders that could be read still came in). */
	if (*warning)
		olc_str_set(&m->orders_error, warning);
	/* A quiet poll (every 100 ms with some shops) only moves the time of the last success:
	 * publish that at most once a second, so readers watching revision are not kept busy. */
	commit(s, &evs, evs.count > 0 || warned || m->last_success_ms - m->published_success_ms >= 1000);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return any_moved;
}

/* Publishes the state again if time alone changed it (the data went stale). */
static void refresh_state(struct olc_session *s, uint64_t gen)
{
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	if (s->conn_gen == gen)
		commit(s, &evs, false);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
}

/* When the data goes stale, in monotonic ms, so the worker wakes to say so. */
static int64_t stale_due(struct olc_session *s)
{
	pthread_mutex_lock(&s->model_lock);
	int64_t last = s->m.last_success_ms;
	pthread_mutex_unlock(&s->model_lock);
	int64_t remaining = last + s->stale_after_ms - s->now_ms();
	if (last <= 0 || remaining < 0)
		return NOT_DUE; /* no data, or stale already */
	return mono_ms() + remaining + 1;
}

static int64_t catalog_interval(const struct worker *w)
{
	return max64((int64_t)w->poll_ms * CATALOG_POLL_FACTOR, CATALOG_INTERVAL_MIN_MS);
}

static void worker_create(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_error err = {""};
	struct olc_provider_env env = {
		.cancel = s->cancel,
		.data_dir = s->data_dir,
		.extra_ca_file = s->extra_ca_file,
		.now_ms = s->now_ms,
		.seed = s->seed,
	};
	w->state = w->ops ? w->ops->create(&w->conn, &env, &err) : NULL;
	if (olc_cancel_is_set(s->cancel))
		return; /* stopping or switching: the loop sees which */
	if (!w->state) {
		w->catalog_failing = true;
		int64_t delay = retry_delay(w, NULL);
		w->create_due = now + delay;
		report_failure(s, w->gen, FETCH_CATALOG, err.text, delay);
		return;
	}
	w->create_due = NOT_DUE;
	w->catalog_due = now;
	w->orders_due = now;
}

static void init_result(struct olc_fetch_result *res)
{
	memset(res, 0, sizeof(*res));
	res->retry_after_ms = -1;
}

static void worker_fetch_catalog(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_catalog catalog;
	struct olc_fetch_result res;
	struct olc_error err = {""};
	char currency[4] = "";

	olc_catalog_init(&catalog);
	init_result(&res);
	bool ok = w->ops->fetch_catalog(w->state, &catalog, currency, &res, &err);
	if (olc_cancel_is_set(s->cancel)) {
		olc_catalog_free(&catalog);
		return;
	}
	if (ok && !res.not_modified && !olc_currency_find(currency)) {
		olc_error_set(&err, "the shop's currency \"%s\" is not one this plugin knows", currency);
		ok = false;
	}
	/* Every product rejected: the shop's data is broken, not empty; keep the last good one. */
	if (ok && !res.not_modified && catalog.count == 0 && res.report.rejected > 0) {
		olc_error_set(&err, "no product could be read: %s", res.report.first_rejection.text);
		ok = false;
	}
	if (ok) {
		worker_succeeded(w, FETCH_CATALOG);
		/* A read with unreadable products is read again soon (5 s, doubling up to the normal
		 * interval): the shop may be mid-update, and the warning should clear when it is. */
		int64_t interval = catalog_interval(w);
		if (!res.not_modified && res.report.rejected > 0) {
			unsigned shift = w->partial_reads < 16 ? w->partial_reads : 16;
			interval = min64(interval, (int64_t)PARTIAL_RETRY_MS << shift);
			w->partial_reads++;
		} else if (!res.not_modified) {
			w->partial_reads = 0;
		}
		w->catalog_due = mono_ms() + interval;
		apply_catalog(s, w->gen, &catalog, currency, &res);
	} else {
		w->catalog_failing = true;
		int64_t delay = retry_delay(w, &res);
		w->catalog_due = mono_ms() + delay;
		report_failure(s, w->gen, FETCH_CATALOG, err.text, delay);
	}
	olc_catalog_free(&catalog);
	(void)now;
}

static void worker_fetch_orders(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_order_list list;
	struct olc_fetch_result res;
	struct olc_error err = {""};

	/* Long-poll (where the provider can) until the catalog is next due; the poll interval
	 * below still spaces the requests of a shop that answers at once. */
	int wait_ms = 0;
	if (!w->orders_failing && w->catalog_due != NOT_DUE)
		wait_ms = (int)max64(0, min64(w->catalog_due - now, LONG_POLL_MAX_MS));

	olc_order_list_init(&list);
	init_result(&res);
	bool ok = w->ops->fetch_orders(w->state, &list, wait_ms, &res, &err);
	if (olc_cancel_is_set(s->cancel)) {
		olc_order_list_free(&list);
		return;
	}
	if (ok) {
		worker_succeeded(w, FETCH_ORDERS);
		w->orders_due = now + w->poll_ms;
		if (apply_orders(s, w->gen, &list, res.warning.text))
			w->catalog_due = min64(w->catalog_due, mono_ms() + CATALOG_AFTER_ORDER_MS);
	} else {
		w->orders_failing = true;
		int64_t delay = retry_delay(w, &res);
		w->orders_due = mono_ms() + delay;
		report_failure(s, w->gen, FETCH_ORDERS, err.text, delay);
	}
	olc_order_list_free(&list);
}

/* Starts over with the connection the session now has (conn is NULL when copying it failed). */
static void worker_switch(struct olc_session *s, struct worker *w, struct olc_connection *conn)
{
	if (w->state)
		w->ops->destroy(w->state);
	w->state = NULL;
	olc_connection_free(&w->conn);
	if (conn) {
		w->conn = *conn;
		olc_connection_init(conn);
	}
	w->ops = olc_provider_find(w->conn.provider);
	w->poll_ms = w->conn.poll_ms;
	if (w->poll_ms <= 0)
		w->poll_ms = w->ops && w->ops->default_poll_ms > 0 ? w->ops->default_poll_ms : 2000;
	w->create_due = mono_ms();
	w->catalog_due = w->orders_due = w->stale_due = NOT_DUE;
	w->catalog_failing = w->orders_failing = false;
	w->attempt = 0;
	(void)s;
}

static void worker_step(struct olc_session *s, struct worker *w, int64_t now)
{
	if (w->create_due <= now)
		worker_create(s, w, now);
	else if (w->catalog_due <= now)
		worker_fetch_catalog(s, w, now);
	else if (w->orders_due <= now)
		worker_fetch_orders(s, w, now);
	else if (w->stale_due <= now)
		refresh_state(s, w->gen);
	w->stale_due = stale_due(s);
}

static void wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t due_ms)
{
	if (due_ms == NOT_DUE) {
		pthread_cond_wait(cond, lock);
		return;
	}
	struct timespec ts = {.tv_sec = (time_t)(due_ms / 1000), .tv_nsec = (long)(due_ms % 1000) * 1000000};
	pthread_cond_timedwait(cond, lock, &ts);
}

static void *worker_main(void *arg)
{
	struct olc_session *s = arg;
	struct worker w;

	memset(&w, 0, sizeof(w));
	olc_connection_init(&w.conn);
	w.rng = (s->seed ^ 0x5DEECE66Dull) | 1;
	w.create_due = w.catalog_due = w.orders_due = w.stale_due = NOT_DUE;

	if (s->cache_dir)
		load_cache(s);

	pthread_mutex_lock(&s->ctl_lock);
	while (!s->stopping) {
		if (s->conn_gen != w.gen) {
			struct olc_connection next;
			olc_connection_init(&next);
			bool copied = olc_connection_copy(&next, &s->conn);
			w.gen = s->conn_gen;
			/* Cleared only here, with the newest generation taken: a later switch or stop
			 * sets it again under this lock and is seen on the next turn. */
			olc_cancel_reset(s->cancel);
			pthread_mutex_unlock(&s->ctl_lock);
			worker_switch(s, &w, copied ? &next : NULL);
			olc_connection_free(&next);
			pthread_mutex_lock(&s->ctl_lock);
			continue;
		}
		int64_t now = mono_ms();
		int64_t due = min64(min64(w.create_due, w.catalog_due), min64(w.orders_due, w.stale_due));
		if (due > now) {
			wait_until(&s->ctl_cond, &s->ctl_lock, due);
			continue;
		}
		pthread_mutex_unlock(&s->ctl_lock);
		worker_step(s, &w, now);
		pthread_mutex_lock(&s->ctl_lock);
	}
	pthread_mutex_unlock(&s->ctl_lock);

	if (w.state)
		w.ops->destroy(w.state);
	olc_connection_free(&w.conn);
	return NULL;
}

/* ---- create and destroy ---- */

static void model_free(struct model *m)
{
	olc_catalog_free(&m->catalog);
	olc_deck_free(&m->deck);
	featured_clear(m);
	for (size_t i = 0; i < m->ring_capacity && m->ring; i++)
		olc_order_free(&m->ring[i]);
	free(m->ring);
	free(m->ring_seq);
	counters_clear(m);
	free(m->per_product);
	free(m->catalog_error);
	free(m->orders_error);
	free(m->warning);
	free(m->order_warning);
	free(m->error);
	if (m->catalog_part)
		part_unref(&m->catalog_part->base);
	if (m->deck_part)
		part_unref(&m->deck_part->base);
	if (m->orders_part)
		part_unref(&m->orders_part->base);
	if (m->counters_part)
		part_unref(&m->counters_part->base);
}

static uint64_t clock_seed(const void *salt)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t seed = ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec) ^ (uint64_t)(uintptr_t)salt;
	return seed ? seed : 1;
}

struct olc_session *olc_session_create(const struct olc_session_config *cfg, struct olc_error *err)
{
	static const struct olc_session_config defaults = {0};
	if (!cfg)
		cfg = &defaults;

	struct olc_session *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	s->stale_after_ms = cfg->stale_after_ms > 0 ? cfg->stale_after_ms : STALE_AFTER_DEFAULT_MS;
	s->now_ms = cfg->now_ms ? cfg->now_ms : system_now_ms;
	s->seed = cfg->seed ? cfg->seed : clock_seed(s);
	olc_connection_init(&s->conn);
	olc_catalog_init(&s->m.catalog);
	olc_deck_init(&s->m.deck);

	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&s->cache_lock, NULL);
	pthread_mutex_init(&s->model_lock, NULL);
	pthread_mutex_init(&s->ctl_lock, NULL);
	pthread_cond_init(&s->ctl_cond, &attr);
	pthread_mutex_init(&s->snap_lock, NULL);
	pthread_mutex_init(&s->listeners_lock, NULL);
	pthread_cond_init(&s->listeners_idle, NULL);
	pthread_condattr_destroy(&attr);

	struct model *m = &s->m;
	m->ring_capacity = cfg->recent_capacity ? cfg->recent_capacity : OLC_RECENT_ORDERS_DEFAULT;
	m->ring = calloc(m->ring_capacity, sizeof(*m->ring));
	m->ring_seq = calloc(m->ring_capacity, sizeof(*m->ring_seq));
	s->cancel = olc_cancel_create();
	bool ok = m->ring && m->ring_seq && s->cancel &&
		  (!cfg->cache_dir || (s->cache_dir = olc_strdup(cfg->cache_dir))) &&
		  (!cfg->data_dir || (s->data_dir = olc_strdup(cfg->data_dir))) &&
		  (!cfg->extra_ca_file || (s->extra_ca_file = olc_strdup(cfg->extra_ca_file)));
	if (ok && s->cache_dir)
		make_dirs(s->cache_dir); /* so the cache can be written before the worker has read it */
	m->state = OLC_CONN_OFFLINE;
	m->cache_read = !s->cache_dir;
	m->revision = 1;
	m->catalog_revision = 1;
	m->featured_revision = 1;
	if (!ok || !publish(s)) {
		olc_error_set(err, "out of memory");
		olc_session_destroy(s);
		return NULL;
	}
	/* The worker reads the cache first (load_cache): however big the catalog, module load goes on
	 * at once, and the overlays show the cache when it is published. */
	if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
		olc_error_set(err, "could not start the shop connection (no thread)");
		olc_session_destroy(s);
		return NULL;
	}
	s->worker_started = true;
	return s;
}

void olc_session_destroy(struct olc_session *s)
{
	if (!s)
		return;

	pthread_mutex_lock(&s->ctl_lock);
	s->stopping = true;
	if (s->cancel)
		olc_cancel_set(s->cancel); /* a transfer in flight ends within ~100 ms */
	pthread_cond_broadcast(&s->ctl_cond);
	bool joined = s->worker_started;
	pthread_mutex_unlock(&s->ctl_lock);
	if (joined)
		pthread_join(s->worker, NULL);

	box_release(s->current);
	model_free(&s->m);
	while (s->listeners) {
		struct listener *next = s->listeners->next;
		free(s->listeners);
		s->listeners = next;
	}
	olc_connection_free(&s->conn);
	if (s->cancel)
		olc_cancel_destroy(s->cancel);
	pthread_mutex_destroy(&s->cache_lock);
	pthread_mutex_destroy(&s->model_lock);
	pthread_mutex_destroy(&s->ctl_lock);
	pthread_cond_destroy(&s->ctl_cond);
	pthread_mutex_destroy(&s->snap_lock);
	pthread_mutex_destroy(&s->listeners_lock);
	pthread_cond_destroy(&s->listeners_idle);
	free(s->cache_dir);
	free(s->data_dir);
	free(s->extra_ca_file);
	free(s);
}

/* ---- connection ---- */

bool olc_session_set_connection(struct olc_session *s, const struct olc_connection *c, struct olc_error *err)
{
	if (!c || !c->provider || !*c->provider) {
		olc_error_set(err, "choose a shop type: demo, json, woocommerce or shopify");
		return false;
	}
	const struct olc_provider_ops *ops = olc_provider_find(c->provider);
	if (!ops) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown shop type \"%s\" (expected demo, json, woocommerce or shopify)",
			      olc_error_excerpt(shown, sizeof(shown), c->provider));
		return false;
	}
	if (c->poll_ms < 0 || (c->poll_ms > 0 && c->poll_ms < POLL_MIN_MS) || c->poll_ms > POLL_MAX_MS) {
		olc_error_set(err, "the poll interval must be from %d ms to %d minutes (or 0 for the default)",
			      POLL_MIN_MS, POLL_MAX_MS / 60000);
		return false;
	}
	if (!ops->check(c, err))
		return false;

	struct olc_connection copy;
	olc_connection_init(&copy);
	if (!olc_connection_copy(&copy, c)) {
		olc_error_set(err, "out of memory");
		return false;
	}

	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	uint64_t identity = shop_identity(c->provider, c->url);
	if (m->shop != identity) {
		/* Another shop: what we hold belongs to the old one. */
		if (m->catalog.count > 0) {
			olc_catalog_free(&m->catalog);
			m->catalog_dirty = true;
			m->catalog_revision++;
			event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
		}
		if (m->featured_count > 0) {
			featured_clear(m);
			m->featured_revision++;
			event_featured(m, &evs);
		}
		ring_clear(m);
		counters_clear(m);
		m->currency[0] = '\0';
		m->last_success_ms = 0;
		m->cache_written_ms = 0;
		olc_str_set(&m->warning, NULL);
		m->shop = identity;
		m->demo_featured = false;
	}
	snprintf(m->provider, sizeof(m->provider), "%s", ops->name);
	m->has_connection = true;
	m->catalog_fetched = false;
	olc_str_set(&m->catalog_error, NULL);
	olc_str_set(&m->orders_error, NULL);
	olc_str_set(&m->order_warning, NULL);
	m->next_retry_ms = 0;

	pthread_mutex_lock(&s->ctl_lock);
	olc_connection_free(&s->conn);
	s->conn = copy;
	s->conn_gen++;
	olc_cancel_set(s->cancel); /* the old connection's transfer in flight ends now */
	pthread_cond_broadcast(&s->ctl_cond);
	pthread_mutex_unlock(&s->ctl_lock);

	commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return true;
}

bool olc_session_get_connection(struct olc_session *s, struct olc_connection *out)
{
	olc_connection_init(out);
	pthread_mutex_lock(&s->ctl_lock);
	bool ok = s->conn_gen > 0 && olc_connection_copy(out, &s->conn);
	pthread_mutex_unlock(&s->ctl_lock);
	return ok;
}

/* ---- snapshots ---- */

unsigned olc_session_shop_nets(struct olc_session *s)
{
	pthread_mutex_lock(&s->model_lock);
	unsigned nets = s->m.shop_nets;
	pthread_mutex_unlock(&s->model_lock);
	return nets;
}

struct olc_snapshot *olc_session_snapshot(struct olc_session *s)
{
	pthread_mutex_lock(&s->snap_lock);
	struct snapshot_box *box = s->current;
	atomic_fetch_add_explicit(&box->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&s->snap_lock);
	return &box->snap;
}

void olc_snapshot_release(struct olc_snapshot *snap)
{
	if (snap)
		box_release((struct snapshot_box *)((char *)snap - offsetof(struct snapshot_box, snap)));
}

const struct olc_product *olc_snapshot_product(const struct olc_snapshot *snap, const char *id)
{
	return olc_catalog_find(&snap->catalog, id);
}

const struct olc_deck_item *olc_snapshot_deck_item(const struct olc_snapshot *snap, const char *product_id)
{
	if (!product_id)
		return NULL;
	if (snap->featured_number > 0 && snap->featured_count > 0 && strcmp(snap->featured[0], product_id) == 0) {
		const struct olc_deck_item *item = olc_deck_find(&snap->deck, snap->featured_number);
		if (item && strcmp(item->product_id, product_id) == 0)
			return item;
	}
	for (size_t i = 0; i < snap->deck.count; i++) {
		if (strcmp(snap->deck.items[i].product_id, product_id) == 0)
			return &snap->deck.items[i];
	}
	return NULL;
}

struct olc_counters olc_snapshot_product_counters(const struct olc_snapshot *snap, const char *product_id)
{
	struct olc_counters none = {0};
	for (size_t i = 0; product_id && i < snap->per_product_count; i++) {
		if (strcmp(snap->per_product[i].product_id, product_id) == 0)
			return snap->per_product[i].counters;
	}
	return none;
}

/* ---- deck ---- */

bool olc_session_load_deck(struct olc_session *s, const struct olc_deck *deck, struct olc_error *err)
{
	struct olc_deck copy;
	olc_deck_init(&copy);
	/* Serialising checks the deck as a deck file would be checked, and gives the cache text. */
	char *text = olc_deck_json_serialise(deck, err);
	if (!text)
		return false;
	if (!olc_deck_copy(&copy, deck)) {
		free(text);
		olc_error_set(err, "out of memory");
		return false;
	}

	struct events evs = {0};
	pthread_mutex_lock(&s->cache_lock); /* so cache files are written in the order decks were loaded */
	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	olc_deck_free(&m->deck);
	m->deck = copy;
	m->deck_loaded = true;
	m->deck_dirty = true;
	m->featured_revision++;
	if (m->featured_number > 0) {
		const struct olc_deck_item *item = olc_deck_find(&m->deck, m->featured_number);
		if (!item || m->featured_count == 0 || strcmp(item->product_id, m->featured[0]) != 0)
			m->featured_number = 0;
	}
	event_add(&evs, OLC_EVENT_DECK_CHANGED);
	commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	if (s->cache_dir)
		write_cache(s, CACHE_DECK_FILE, text);
	pthread_mutex_unlock(&s->cache_lock);
	free(text);
	dispatch(s, &evs);
	return true;
}

bool olc_session_load_deck_file(struct olc_session *s, const char *path, struct olc_error *err)
{
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok = olc_deck_json_load(path, &deck, err) && olc_session_load_deck(s, &deck, err);
	olc_deck_free(&deck);
	return ok;
}

/* ---- featuring ---- */

/* Sets the featured list (ids already checked) and sends PRODUCT_FEATURED. model_lock held. */
static bool set_featured(struct model *m, const char *const *ids, size_t count, int number, struct events *evs,
			 struct olc_error *err)
{
	char *copies[OLC_FEATURED_MAX] = {NULL};
	for (size_t i = 0; i < count; i++) {
		copies[i] = olc_strdup(ids[i]);
		if (!copies[i]) {
			for (size_t k = 0; k < i; k++)
				free(copies[k]);
			olc_error_set(err, "out of memory");
			return false;
		}
	}
	featured_clear(m);
	memcpy(m->featured, copies, sizeof(copies));
	m->featured_count = count;
	m->featured_number = number;
	m->featured_revision++;
	event_featured(m, evs);
	return true;
}

static bool check_in_catalog(const struct model *m, const char *id, struct olc_error *err)
{
	char shown[OLC_EXCERPT_LEN];
	if (!olc_product_id_check(id, "a product id", err))
		return false;
	if (!olc_catalog_find(&m->catalog, id)) {
		olc_error_set(err, "the shop has no product \"%s\"", olc_error_excerpt(shown, sizeof(shown), id));
		return false;
	}
	return true;
}

bool olc_session_feature(struct olc_session *s, const char *const *ids, size_t count, struct olc_error *err)
{
	if (!ids || count < 1 || count > OLC_FEATURED_MAX) {
		olc_error_set(err, "feature 1 to %d products, not %zu", OLC_FEATURED_MAX, ids ? count : 0);
		return false;
	}
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++) {
		ok = check_in_catalog(&s->m, ids[i], err);
		for (size_t k = 0; ok && k < i; k++) {
			if (strcmp(ids[k], ids[i]) == 0) {
				char shown[OLC_EXCERPT_LEN];
				olc_error_set(err, "product \"%s\" is listed twice",
					      olc_error_excerpt(shown, sizeof(shown), ids[i]));
				ok = false;
			}
		}
	}
	ok = ok && set_featured(&s->m, ids, count, 0, &evs, err);
	if (ok)
		commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return ok;
}

static bool feature_item(struct olc_session *s, const struct olc_deck_item *item, struct events *evs,
			 struct olc_error *err)
{
	const char *id = item->product_id;
	if (!olc_catalog_find(&s->m.catalog, id)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "number %d is product \"%s\", which the shop does not list", item->number,
			      olc_error_excerpt(shown, sizeof(shown), id));
		return false;
	}
	return set_featured(&s->m, &id, 1, item->number, evs, err);
}

bool olc_session_feature_number(struct olc_session *s, int number, struct olc_error *err)
{
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	const struct olc_deck_item *item = olc_deck_find(&s->m.deck, number);
	bool ok = item != NULL;
	if (!ok)
		olc_error_set(err, "the deck has no number %d", number);
	ok = ok && feature_item(s, item, &evs, err);
	if (ok)
		commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return ok;
}

bool olc_session_feature_step(struct olc_session *s, int delta, struct olc_error *err)
{
	if (delta == 0) {
		olc_error_set(err, "step by +1 (next) or -1 (previous)");
		return false;
	}
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	size_t n = m->deck.count;
	bool ok = false;
	if (n == 0) {
		olc_error_set(err, "the deck is empty: load a deck to step through it");
	} else {
		/* Where we are: the item last featured by number, else the first featured product's
		 * first item; nowhere means the step lands on the first (or last) item. */
		long at = delta > 0 ? -1 : (long)n;
		long first_of_product = -1;
		for (size_t i = 0; i < n && m->featured_count > 0; i++) {
			const struct olc_deck_item *item = &m->deck.items[i];
			if (strcmp(item->product_id, m->featured[0]) != 0)
				continue;
			if (first_of_product < 0)
				first_of_product = (long)i;
			if (item->number == m->featured_number)
				at = (long)i;
		}
		if (at < 0 || at == (long)n)
			at = first_of_product >= 0 ? first_of_product : at;

		/* Items whose product the shop does not list are passed over. */
		long dir = delta > 0 ? 1 : -1;
		bool found = false;
		for (size_t k = 1; k <= n && !found; k++) {
			long idx = ((at + dir * (long)k) % (long)n + (long)n) % (long)n;
			const struct olc_deck_item *item = &m->deck.items[idx];
			if (olc_catalog_find(&m->catalog, item->product_id)) {
				found = true;
				ok = set_featured(m, (const char *const *)&item->product_id, 1, item->number, &evs,
						  err);
			}
		}
		if (!found)
			olc_error_set(err, "none of the deck's products is in the shop's catalog");
	}
	if (ok)
		commit(s, &evs, true);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return ok;
}

void olc_session_hide(struct olc_session *s)
{
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	if (s->m.featured_count > 0) {
		featured_clear(&s->m);
		s->m.featured_revision++;
		event_featured(&s->m, &evs);
		commit(s, &evs, true);
	}
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
}

/* ---- test orders ---- */

bool olc_session_simulate_order(struct olc_session *s, const char *product_id, int quantity, struct olc_error *err)
{
	if (quantity <= 0)
		quantity = 1;
	if (quantity > SIMULATE_MAX_QUANTITY) {
		olc_error_set(err, "a test order is for at most %d units", SIMULATE_MAX_QUANTITY);
		return false;
	}
	struct events evs = {0};
	pthread_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	const struct olc_product *p = NULL;
	bool ok = false;
	if (product_id) {
		if (check_in_catalog(m, product_id, err))
			p = olc_catalog_find(&m->catalog, product_id);
	} else if (m->featured_count > 0 && olc_catalog_find(&m->catalog, m->featured[0])) {
		p = olc_catalog_find(&m->catalog, m->featured[0]);
	} else if (m->catalog.count > 0) {
		p = &m->catalog.products[0];
	} else {
		olc_error_set(err, "the catalog is empty: there is no product to test an order with");
	}

	struct olc_order o;
	olc_order_init(&o);
	if (p) {
		char id[32];
		snprintf(id, sizeof(id), "test-%" PRIu64, ++m->test_orders);
		o.created_at_ms = s->now_ms();
		o.quantity = quantity;
		o.test = true;
		ok = olc_money_multiply(&p->price, quantity, &o.total, err);
		if (ok && !(olc_str_set(&o.id, id) && olc_str_set(&o.product_id, p->id) &&
			    olc_str_set(&o.buyer, "测试 Test"))) {
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	ok = ok && add_order(m, &o, &evs, NULL, err); /* a test never moves stock */
	if (ok)
		commit(s, &evs, true);
	olc_order_free(&o);
	pthread_mutex_unlock(&s->model_lock);
	dispatch(s, &evs);
	return ok;
}
