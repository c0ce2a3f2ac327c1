/* The live session: one per OBS instance. It owns the catalog, the active deck, the featured
 * products, recent orders, counters and the connection status, and a poller thread that
 * talks to the shop through a provider.
 *
 * Readers (sources on the graphics thread, the dock, the vendor API) take immutable,
 * reference-counted snapshots: taking one is a short mutex-guarded pointer copy and never
 * waits on the network. Writers build a new snapshot and swap it in. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model/deck.h"
#include "core/base/error.h"
#include "core/model/order.h"
#include "core/model/product.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_FEATURED_MAX          3
#define OLC_RECENT_ORDERS_DEFAULT 200

enum olc_conn_state {
	OLC_CONN_OFFLINE,    /* no connection configured, or showing cached data before the first poll */
	OLC_CONN_CONNECTING, /* first fetch under way */
	OLC_CONN_OK,
	OLC_CONN_STALE, /* the last success is older than stale_after_ms */
	OLC_CONN_ERROR, /* the last attempt failed; retrying */
};
/* "offline", "connecting", "ok", "stale", "error": the vendor API's words. */
const char *olc_conn_state_name(enum olc_conn_state s);

/* Orders a shop reports count here unless they cannot be real: a quantity below 1, a negative
 * total, a total more than 100 times price x quantity (when the catalog prices the product in that
 * currency; any lower total is real, a one-yuan flash sale or a gift), or one that would take a
 * counter past int64_t. Such an order is left out whole (counters, stock, recent orders, events)
 * and the snapshot's warning names it. */
struct olc_counters {
	int64_t orders;
	int64_t units;
	int64_t revenue_minor; /* in the snapshot's currency; test orders are not counted, and an order
				  in another currency counts in orders and units but not here */
};

struct olc_product_counters {
	char *product_id;
	struct olc_counters counters;
};

/* Immutable once published. Hold it with olc_session_snapshot, drop it with
 * olc_snapshot_release; any thread may read it meanwhile. */
struct olc_snapshot {
	uint64_t revision;          /* changes whenever anything below changes */
	uint64_t catalog_revision;  /* changes when products, prices or stock change */
	uint64_t featured_revision; /* changes when the featured list or deck changes */
	uint64_t orders_seen;       /* orders received so far (test ones too): new ones have a higher sequence */
	/* Rises each time the shop handed new credentials (Kuaishou's rotated tokens) and the session
	 * took them: by then olc_session_get_connection returns them. 0 until the first. */
	uint64_t credentials_revision;

	char provider[16];
	enum olc_conn_state state;
	char *error;             /* plain words; NULL when the last attempt succeeded */
	char *warning;           /* plain words about a catalog read in part ("2 of 40 products could not
				    be read; the first: ...", or what the provider left out: "Youzan: 56
				    products show their listed price until ...") and about the last order refused as
				    impossible ("order \"1002\" was not counted: its total -5.00 CNY is
				    negative"), joined by "; "; NULL when there is neither */
	bool cache_read;         /* the cached catalog and deck have been read (and are in this snapshot
				    if they were usable); true at once without a cache */
	int64_t last_success_ms; /* Unix ms, 0: never */
	int64_t next_retry_ms;   /* Unix ms of the next attempt after an error, 0: none */

	char currency[4];
	struct olc_catalog catalog;
	struct olc_deck deck;
	char *featured[OLC_FEATURED_MAX];
	size_t featured_count;
	int featured_number; /* the deck number last featured by number or step while it is still the
				first featured product (a product may be in a deck twice); 0 otherwise */

	struct olc_order *recent; /* oldest first, at most the configured capacity */
	uint64_t *recent_seq;     /* the sequence number (1-based, see orders_seen) of each */
	size_t recent_count;

	struct olc_counters total;
	struct olc_product_counters *per_product;
	size_t per_product_count;
};

struct olc_session;

struct olc_session_config {
	const char *cache_dir;     /* last good catalog and deck (temp + rename); NULL: no cache */
	const char *data_dir;      /* the module's data (demo shop) */
	const char *extra_ca_file; /* a CA bundle to trust besides the system's; NULL: none */
	int64_t stale_after_ms;    /* 0: 5 minutes */
	/* The catalog is fetched every 10 polls, at least this often (0: 30 s), and this soon after
	 * orders moved the stock of some product (0: 10 s). */
	int64_t catalog_min_ms;
	int64_t catalog_after_order_ms;
	size_t recent_capacity;    /* 0: OLC_RECENT_ORDERS_DEFAULT */
	int64_t (*now_ms)(void);   /* NULL: the system clock */
	uint64_t seed;             /* the demo shop's simulation and the retry jitter; 0: from the clock */
	/* Saves a connection whose credentials the shop changed (Kuaishou's rotated tokens; see
	 * olc_provider_env.save_credentials), after the session has taken them as its current
	 * connection (olc_session_get_connection returns them). Called on the worker thread; NULL:
	 * the new credentials live in memory only. */
	bool (*save_credentials)(void *param, const struct olc_connection *c, struct olc_error *err);
	void *save_param;
};

/* Creates the session and its worker thread, without reading anything: the worker first reads
 * the cached catalog and deck, if any, and publishes them (CATALOG_CHANGED, DECK_CHANGED, and
 * cache_read in the snapshot), so this returns at once whatever the cache's size. The worker
 * talks to no shop until a connection is set. */
struct olc_session *olc_session_create(const struct olc_session_config *cfg, struct olc_error *err);
/* Stops the poller (cancelling any transfer) and joins it: returns within about 1 s even
 * while a shop hangs. */
void olc_session_destroy(struct olc_session *s);

/* Validates c, then (re)starts the poller with it. On error nothing changes. One exception to taking
 * c as it is: when c is the same shop's connection with a refresh token the shop has rotated away
 * (save_credentials replaced it; the dock's form may still hold it), the current token pair is
 * kept, since the old refresh token no longer works. olc_session_get_connection says what was taken. */
bool olc_session_set_connection(struct olc_session *s, const struct olc_connection *c, struct olc_error *err);
/* A copy of the current connection, secrets included: never log it. */
bool olc_session_get_connection(struct olc_session *s, struct olc_connection *out);

struct olc_snapshot *olc_session_snapshot(struct olc_session *s);
void olc_snapshot_release(struct olc_snapshot *snap);
const struct olc_product *olc_snapshot_product(const struct olc_snapshot *snap, const char *id);
/* The deck item for a product, or NULL: the one featured by number when the product is the
 * first featured one, else its first item in the deck. */
const struct olc_deck_item *olc_snapshot_deck_item(const struct olc_snapshot *snap, const char *product_id);
/* Counters of one product (zeros when it has none). */
struct olc_counters olc_snapshot_product_counters(const struct olc_snapshot *snap, const char *product_id);

/* The OLC_NET_* class (url.h) of the address the current catalog came from (a catalog file: this
 * computer, OLC_NET_LOOPBACK); 0 before any catalog arrived and for the demo shop. Where the
 * shop is, its product photos may be too. Any thread. */
unsigned olc_session_shop_nets(struct olc_session *s);

bool olc_session_load_deck(struct olc_session *s, const struct olc_deck *deck, struct olc_error *err);
bool olc_session_load_deck_file(struct olc_session *s, const char *path, struct olc_error *err);

/* Features 1 to OLC_FEATURED_MAX products by id (each must be in the catalog). */
bool olc_session_feature(struct olc_session *s, const char *const *ids, size_t count, struct olc_error *err);
/* Features the deck item with this number. */
bool olc_session_feature_number(struct olc_session *s, int number, struct olc_error *err);
/* Next (+1) or previous (-1) deck item after the first featured one, wrapping. */
bool olc_session_feature_step(struct olc_session *s, int delta, struct olc_error *err);
/* Nothing featured. */
void olc_session_hide(struct olc_session *s);

/* Marks a product sold out now (NULL: the first featured one; it must be in the catalog): its stock
 * shows 0 (STOCK_CHANGED when that changes it) through every catalog the shop sends, until the
 * shop reports more stock than it did when it was marked (a restock) or the shop changes. Not
 * saved: a restart forgets it. Quick; any thread. */
bool olc_session_mark_sold_out(struct olc_session *s, const char *product_id, struct olc_error *err);

/* A test order through the whole pipeline (events, ring, per-product view), marked test
 * and never counted as a sale. product_id NULL: the first featured product, else the first
 * product. quantity <= 0: 1. */
bool olc_session_simulate_order(struct olc_session *s, const char *product_id, int quantity, struct olc_error *err);

enum olc_event_kind {
	OLC_EVENT_ORDER_RECEIVED,
	OLC_EVENT_PRODUCT_FEATURED,
	OLC_EVENT_STOCK_CHANGED,
	OLC_EVENT_CONNECTION_CHANGED,
	OLC_EVENT_CATALOG_CHANGED,
	OLC_EVENT_DECK_CHANGED, /* a deck was loaded: the snapshot has it */
};

struct olc_event {
	enum olc_event_kind kind;
	const struct olc_order *order; /* ORDER_RECEIVED (buyer as the shop gave it: mask before showing) */
	const char *const *featured;   /* PRODUCT_FEATURED */
	size_t featured_count;
	const char *product_id; /* STOCK_CHANGED */
	bool has_stock;
	int64_t stock;
	enum olc_conn_state state; /* CONNECTION_CHANGED */
	const char *error;         /* CONNECTION_CHANGED, NULL when fine */
};

/* Listeners are called on the thread that made the change (the poller, or the caller of a
 * feature/simulate function), after the new snapshot is published and with no session lock
 * held, so they may call any session function but olc_session_destroy. They must be quick.
 * Events from two threads may interleave: the newest snapshot, not the last event, is the
 * state. olc_session_remove_listener returns once no other thread is inside the listener (a
 * listener may remove itself), so priv may be freed afterwards. */
typedef void (*olc_session_listener)(const struct olc_event *ev, void *priv);
void olc_session_add_listener(struct olc_session *s, olc_session_listener cb, void *priv);
void olc_session_remove_listener(struct olc_session *s, olc_session_listener cb, void *priv);

#ifdef __cplusplus
}
#endif
