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

/* Where and how to reach a shop. Secrets (key, secret, token, sign_secret, refresh_token) are
 * never logged. Each provider reads the members it needs, under its own names in the dock:
 *
 *   provider     url                    key          secret         token          others
 *   json         address or file        -            -              bearer token   -
 *   woocommerce  site                   consumer key consumer secret -             -
 *   shopify      shop                   client id    client secret  access token   api_version
 *                                       (a Dev Dashboard app: key + secret instead of token)
 *   douyin       gateway (default)      app_key      app_secret     -              shop_id
 *   kuaishou     gateway (default)      app_key      app_secret     access_token   sign_secret, refresh_token
 *   youzan       gateway (default)      client_id    client_secret  -              shop_id (kdt_id)
 *   taobao       gateway (default)      app_key      app_secret     session        sign_method
 *
 * The Chinese platforms' url is optional: their real gateway is the default, and another one
 * (the tests' shop) may be plain http only on this computer. */
struct olc_connection {
	char *provider;      /* "demo", "json", "woocommerce", "shopify", "douyin", "kuaishou", "youzan", "taobao" */
	char *url;           /* shop base URL or gateway; json also takes a local path or file: URL */
	char *key;           /* consumer key, client id or app key */
	char *secret;        /* consumer secret, client secret or app secret */
	char *token;         /* an access token (Shopify, Kuaishou), Taobao's session key; json: a bearer token */
	char *api_version;   /* shopify Admin API version, e.g. "2025-01"; NULL: the provider's default */
	char *shop_id;       /* Douyin's shop_id, Youzan's kdt_id */
	char *sign_secret;   /* Kuaishou's signSecret */
	char *refresh_token; /* Kuaishou's refresh token (rotated by each refresh: see olc_provider_env) */
	char *sign_method;   /* Taobao: "md5" (default) or "hmac-sha256" */
	int poll_ms;         /* between polls; 0: the provider's default */
};

/* The text members of olc_connection but provider, by the name they have in connection.json, the
 * dock's form and SetConnection: one table, so that copying, wiping, saving and the form agree. */
struct olc_connection_member {
	const char *key; /* "url", "key", ... */
	size_t offset;   /* of the char * in struct olc_connection */
	bool secret;     /* wiped when freed; never logged */
};
/* Every member, in the order connection.json writes them. */
const struct olc_connection_member *olc_connection_members(size_t *count);
/* The member called key, or NULL. */
const struct olc_connection_member *olc_connection_member_find(const char *key);
/* Where c keeps member m. */
char **olc_connection_member_text(struct olc_connection *c, const struct olc_connection_member *m);

void olc_connection_init(struct olc_connection *c);
void olc_connection_free(struct olc_connection *c);
bool olc_connection_copy(struct olc_connection *dst, const struct olc_connection *src);
/* Every member, the provider and poll_ms alike (NULL and "" differ, as they do in connection.json). */
bool olc_connection_equal(const struct olc_connection *a, const struct olc_connection *b);

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
	/* The next request may go soon (the poller waits 250 ms): the shop holds a long-poll until it
	 * has news, and this answer either brought orders or only took the cursor. Without it, a poll
	 * interval passes. */
	bool ask_again;
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
	/* Keeps credentials a provider was given by the shop and cannot get again: Kuaishou's
	 * refresh rotates the refresh token, and the old one stops working within minutes, so the
	 * new pair must be saved (connection.json, atomically) before it is used. c is the whole
	 * connection with the new values. false with err when it could not be saved: the provider
	 * then still uses the new pair and reports the failure as an error, loudly, since a restart
	 * would lock the shop out. NULL: nothing to save to (tests, Test in the dock): the provider
	 * goes on with the new pair in memory. Called on the provider's thread. */
	bool (*save_credentials)(void *param, const struct olc_connection *c, struct olc_error *err);
	void *save_param;
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
	/* Viewers buy in the platform's own app, through the numbered cart of the live room (Douyin,
	 * Kuaishou, Taobao): an outside QR code may break the platform's rules, so the product card's
	 * call to action is the cart number ("🛒 3号链接") unless the user chooses the QR code. */
	bool buys_in_app_cart;
};

/* The provider called name, or NULL. */
const struct olc_provider_ops *olc_provider_find(const char *name);

#ifdef __cplusplus
}
#endif
