/* Shop providers: "demo", "json", "woocommerce", "shopify". Each is a strict parser of its
 * documented response shapes (provider-<name>.c) plus the requests it makes, behind one
 * table of operations that the session's poller calls on its worker thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/net/http.h"
#include "core/model/order.h"
#include "core/model/product.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where and how to reach a shop. Secrets (key, secret, token) are never logged. */
struct olc_connection {
	char *provider;    /* "demo", "json", "woocommerce", "shopify" */
	char *url;         /* shop base URL; json also takes a local path or file: URL */
	char *key;         /* woocommerce consumer key */
	char *secret;      /* woocommerce consumer secret */
	char *token;       /* shopify Admin API access token; json: optional bearer token */
	char *api_version; /* shopify Admin API version, e.g. "2025-01"; NULL: the provider's default */
	int poll_ms;       /* between polls; 0: the provider's default */
};
void olc_connection_init(struct olc_connection *c);
void olc_connection_free(struct olc_connection *c);
bool olc_connection_copy(struct olc_connection *dst, const struct olc_connection *src);

/* What a parser kept and why it dropped the rest: one bad item never drops the others. */
struct olc_parse_report {
	size_t accepted;
	size_t rejected;
	struct olc_error first_rejection; /* "product 7 (\"p-7\"): \"price\" is not a string" */
};

/* How a fetch went, for the poller's scheduling (backoff, Retry-After, throttles). */
struct olc_fetch_result {
	long http_status;        /* last HTTP status seen, 0 when none */
	int64_t retry_after_ms;  /* the server asked to wait this long; -1: it did not */
	bool not_modified;       /* the catalog did not change (304): the output was left untouched */
	unsigned shop_net;       /* OLC_NET_* class of the shop's address (a local file: loopback); 0: none */
	struct olc_parse_report report;
	/* Plain words about shop data a successful fetch left out (an order dated in the future); "" when none. */
	struct olc_error warning;
};

/* What providers get from the session. */
struct olc_provider_env {
	const struct olc_cancel *cancel; /* set when the session stops: return promptly */
	const char *data_dir;            /* the module's data directory (demo catalog and images) */
	const char *extra_ca_file;       /* a CA bundle to trust besides the system's, for every request; NULL: none */
	int64_t (*now_ms)(void);         /* Unix ms: the session passes its clock (the demo shop needs one) */
	uint64_t seed;                   /* for the demo shop's simulation */
};

struct olc_provider_ops {
	const char *name;
	/* Checks the connection's fields (required ones present, URL scheme) without any I/O. */
	bool (*check)(const struct olc_connection *c, struct olc_error *err);
	/* Per-connection state (cursors, ETags, paging, the demo simulation). NULL on failure. */
	void *(*create)(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err);
	void (*destroy)(void *state);
	/* The whole catalog and the shop currency. On success *out holds the products (replacing
	 * nothing: out is initialised and empty on entry). Returns false with err on failure, or
	 * true with res->not_modified and out untouched when the shop said 304. */
	bool (*fetch_catalog)(void *state, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
			      struct olc_error *err);
	/* Orders that arrived since the last call (the provider keeps its cursor; the first call
	 * only sets the cursor and returns none, so a restart does not replay history). May wait
	 * up to wait_ms for new orders where the shop supports long-polling. */
	bool (*fetch_orders)(void *state, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
			     struct olc_error *err);
	/* Default time between polls, in ms. */
	int default_poll_ms;
};

/* The provider called name, or NULL. */
const struct olc_provider_ops *olc_provider_find(const char *name);

#ifdef __cplusplus
}
#endif
