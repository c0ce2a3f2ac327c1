/* The live session's private parts, shared by the files of plugin/core/session/ only: the model,
 * the session struct, the snapshot parts and the pending events, and the functions one file of
 * the session calls in another. Nothing outside this folder includes it.
 *
 * Files: session.c (create, destroy, connection), snapshot.c (parts, publishing, snapshots),
 * listeners.c (events and their delivery), orders.c (orders, counters, test orders), cache.c (the
 * last good catalog and deck on disk), poller.c (the worker thread: fetches, backoff, staleness),
 * featuring.c (the deck and the featured products), sold-out.c (products the host marked sold out).
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
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/session/session.h"
#include "core/net/http.h"
#include "core/sys/thread.h"

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
/* After an answer that lets the next long-poll go at once (olc_fetch_result.ask_again): spacing
 * enough that a shop which ignores wait=N and always has orders is asked 4 times a second. */
#define LONG_POLL_AGAIN_MS    250
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

/* After a catalog read with unreadable products, read again this soon (doubling each time). */
#define PARTIAL_RETRY_MS 5000

/* How many rotated-away refresh tokens a session remembers. */
#define SESSION_RETIRED_TOKENS 8

struct part {
	atomic_size_t refs;
	void (*destroy)(struct part *p);
};

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

struct snapshot_box {
	atomic_size_t refs;
	struct catalog_part *catalog;
	struct deck_part *deck;
	struct orders_part *orders;
	struct counters_part *counters;
	struct olc_snapshot snap;
};

/* ---- the model ---- */

struct model {
	uint64_t revision;
	uint64_t catalog_revision;
	uint64_t featured_revision;
	uint64_t orders_seen;
	uint64_t credentials_revision;
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

	/* Products marked sold out by the host (sold-out.c). */
	struct sold_out_mark *marks;
	size_t mark_count;

	/* Parts changed since the last snapshot, and the last published copy of each. */
	bool catalog_dirty, deck_dirty, orders_dirty, counters_dirty;
	struct catalog_part *catalog_part;
	struct deck_part *deck_part;
	struct orders_part *orders_part;
	struct counters_part *counters_part;
};

/* A product the host marked sold out (sold-out.c). */
struct sold_out_mark {
	char *product_id;
	bool tracked;  /* the shop tracked its stock when it was marked, or since */
	int64_t stock; /* then the least stock the shop has reported since the mark */
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
	int64_t catalog_min_ms, catalog_after_order_ms;
	int64_t (*now_ms)(void);
	uint64_t seed;
	bool (*save_credentials)(void *param, const struct olc_connection *c, struct olc_error *err);
	void *save_param;

	struct olc_mutex cache_lock;

	struct olc_mutex model_lock;
	struct model m;

	struct olc_mutex ctl_lock;
	struct olc_cond ctl_cond; /* deadlines on olc_clock_mono_ms() */
	struct olc_connection conn;
	uint64_t conn_gen; /* written under model_lock and ctl_lock, read under either; 0: none yet */
	/* Refresh tokens the shop rotated away (Kuaishou), newest last, under ctl_lock: a connection set
	 * again with one of them (the dock's form still holding the pair it loaded) keeps the current
	 * pair instead, since the old one is dead (session_keep_rotated). */
	char *retired[SESSION_RETIRED_TOKENS];
	bool stopping;
	bool worker_started;
	struct olc_thread worker;
	struct olc_cancel *cancel;

	struct olc_mutex snap_lock;
	struct snapshot_box *current;

	struct olc_mutex listeners_lock;
	struct olc_cond listeners_idle;
	struct listener *listeners;
};

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

/* ---- between the session's files ---- */

/* snapshot.c */
void session_part_unref(struct part *p);
void session_box_release(struct snapshot_box *box);
/* Builds a snapshot of the model and makes it current. model_lock held. */
bool session_publish(struct olc_session *s);
/* Derives the state, adds CONNECTION_CHANGED when it or the error changed, and publishes when
 * anything did. model_lock held. */
void session_commit(struct olc_session *s, struct events *evs, bool changed);

/* listeners.c: events are collected under model_lock and delivered after it by session_dispatch,
 * which frees them. */
struct pending *session_event_add(struct events *evs, enum olc_event_kind kind);
void session_event_featured(struct model *m, struct events *evs);
void session_event_stock(struct events *evs, const struct olc_product *product);
void session_dispatch(struct olc_session *s, struct events *evs);

/* orders.c (model_lock held) */
bool session_add_order(struct model *m, const struct olc_order *o, struct events *evs, bool *moved,
		       struct olc_error *why);
void session_ring_clear(struct model *m);
void session_counters_clear(struct model *m);

/* featuring.c (model_lock held) */
void session_featured_clear(struct model *m);
bool session_set_featured(struct model *m, const char *const *ids, size_t count, int number, struct events *evs,
			  struct olc_error *err);
bool session_check_in_catalog(const struct model *m, const char *id, struct olc_error *err);

/* sold-out.c (model_lock held): shows the marked products of a catalog the shop just sent as sold
 * out, and forgets the marks of products it restocked. */
void session_sold_out_apply(struct model *m, struct olc_catalog *fresh);
void session_sold_out_clear(struct model *m);

/* cache.c */
uint64_t session_shop_identity(const char *provider, const char *url);
char *session_catalog_cache_text(const struct model *m, int64_t fetched_at_ms); /* model_lock held */
void session_load_cache(struct olc_session *s);
void session_write_cache(struct olc_session *s, const char *name, const char *text);

/* session.c: under ctl_lock, before the worker takes c's rotated credentials as s->conn: remembers
 * the refresh token they replace. */
void session_retire_refresh_token(struct olc_session *s, const struct olc_connection *c);

/* poller.c: the worker thread's body; arg is the session. */
void *session_worker_main(void *arg);
