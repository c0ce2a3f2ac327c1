/* The "douyin" provider: 抖店 (Douyin Shop) through its open platform, as a merchant's own
 * self-use app (自用型应用) calls it: app_key, app_secret and the shop's shop_id.
 *
 * Every call is POST {url}/{path}, the method "product.listV2" at the path "/product/listV2",
 * with the query app_key, method, timestamp (Unix s), v=2, sign_method=hmac-sha256, sign and,
 * except for the token calls, access_token; the body is param_json itself (Content-Type
 * application/json): the call's parameters with the keys sorted at every level, compact, UTF-8
 * and without HTML escaping (olc_douyin_param_json). sign = lowercase hex HMAC-SHA256 keyed with
 * the secret of secret + "app_key" K + "method" M + "param_json" P + "timestamp" T + "v2" + secret
 * (olc_douyin_sign). url defaults to Douyin's gateway; another one must be https, or plain http
 * only to this computer (the tests' shop). The access token travels in the query because the
 * protocol puts it there; it is never logged.
 *
 * Token: token.create {code: "", grant_type: "authorization_self", shop_id} (no access_token)
 * gives access_token, expires_in and refresh_token; before expiry (olc_shop_token) token.refresh
 * {grant_type: "refresh_token", refresh_token} renews it, and when that fails token.create is
 * asked again (a self-use app can always get a new token, so none is stored on disk). A call that
 * meets an expired or unknown token gets a new one and is tried once more.
 *
 * Answers are {code, msg, sub_code, sub_msg, data, log_id}; success is code 10000. The codes of
 * Douyin's list of platform errors become plain words (olc_douyin_classify): 40003 with
 * isv.access-token-expired / -no-existed / -invalid (a new token), isv.signature-invalid (check the
 * app secret), 30001 (permission or authorisation missing), 30002 (IP allow-list), 50001
 * dop.token-generate-failed:* (app key, secret or shop id), 60000 (rate limit: the poller waits).
 *
 * Catalog: product.listV2 {page (from 1), size 100} until total is read (at most
 * OLC_DOUYIN_MAX_PRODUCT_PAGES pages); products not on sale (status other than 0) are left out.
 * Then sku.list {product_id} per product: prices in fen (CNY minor units, exact integers),
 * stock_num (or the sum of stock_map for regional stock); the product shows the lowest SKU price,
 * "from" when they differ, and the summed stock (olc_sku_summary). Link:
 * https://haohuo.jinritemai.com/views/product/detail?id=ID, Douyin's product page; photo: img.
 *
 * Orders: order.searchList {update_time_start, update_time_end (Unix s, by the gateway's clock),
 * order_by update_time, order_asc, page from 0, size 100} with the start the newest order seen
 * minus OLC_DOUYIN_ORDER_OVERLAP_MS (olc_order_window), ids already reported dropped, at most
 * OLC_DOUYIN_MAX_ORDER_PAGES pages. Paid orders only: order_status 105 (paid), 2 (to ship), 101
 * (partly shipped), 3 (shipped), 5 (completed); 1 (unpaid) and 4 (cancelled) are not sales. One
 * olc_order per sku_order_list line: product_id, item_num, pay_amount (fen); dated pay_time;
 * buyer = mask_post_receiver as Douyin masks it (never the encrypted name), city = post_addr's
 * (or mask_post_addr's) city.name. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct olc_provider_ops olc_provider_douyin_ops;

#define OLC_DOUYIN_GATEWAY            "https://openapi-fxg.jinritemai.com"
#define OLC_DOUYIN_PRODUCT_PAGE       "https://haohuo.jinritemai.com/views/product/detail?id="
#define OLC_DOUYIN_SUCCESS            10000
#define OLC_DOUYIN_PRODUCTS_PER_PAGE  100
#define OLC_DOUYIN_MAX_PRODUCT_PAGES  20
#define OLC_DOUYIN_ORDERS_PER_PAGE    100
#define OLC_DOUYIN_MAX_ORDER_PAGES    20
#define OLC_DOUYIN_ORDER_OVERLAP_MS   (10 * 60 * 1000)
#define OLC_DOUYIN_RATE_LIMIT_WAIT_MS 2000
#define OLC_DOUYIN_SIGN_LEN           64 /* lowercase hex of HMAC-SHA256 */

/* What a failed answer means for the provider. */
enum olc_douyin_failure {
	OLC_DOUYIN_OK,
	OLC_DOUYIN_TOKEN,       /* the access token expired, is unknown or not the app's: get a new one */
	OLC_DOUYIN_SIGNATURE,   /* the signature was refused: the app secret (or app key) is wrong */
	OLC_DOUYIN_APP_KEY,     /* the app key is unknown, malformed or expired */
	OLC_DOUYIN_PERMISSION,  /* the app may not call this API, or the shop's authorisation is gone */
	OLC_DOUYIN_IP,          /* the request's IP address is not on the app's allow-list */
	OLC_DOUYIN_CREDENTIALS, /* token.create/refresh refused: app key, secret, shop id or refresh token */
	OLC_DOUYIN_RATE_LIMIT,  /* too many calls: wait */
	OLC_DOUYIN_TIMESTAMP,   /* the gateway's clock and ours disagree */
	OLC_DOUYIN_OTHER,
};

/* The envelope of one answer. */
struct olc_douyin_status {
	int64_t code;      /* 10000 on success; 0 when the answer had none */
	char sub_code[96]; /* "" when none */
	enum olc_douyin_failure failure;
};

/* The signature of one call into out (64 lowercase hex digits and a NUL). false only when the
 * digest library fails. Pure. */
bool olc_douyin_sign(const char *app_key, const char *app_secret, const char *method, int64_t timestamp,
		     const char *param_json, char out[OLC_DOUYIN_SIGN_LEN + 1]);

/* params as Douyin's gateway checks its signature: keys sorted at every level, compact, UTF-8 as it
 * is (no \u escapes for non-ASCII, none for & < > or /). malloc'd; NULL when memory runs out. */
char *olc_douyin_param_json(const json_t *params);

/* "product.listV2" -> "/product/listV2" into buf. false when method is empty, too long or holds
 * anything but letters, digits, '_' and '.'. */
bool olc_douyin_method_path(const char *method, char *buf, size_t len);

/* What code and sub_code mean (see the header's comment). */
enum olc_douyin_failure olc_douyin_classify(int64_t code, const char *sub_code);

/* The envelope of an answer: false with err in plain words (naming what the merchant should
 * check) when it is not JSON, has no code, or its code is not 10000; st says which failure.
 * *data (borrowed from *root, which the caller json_decref()s) is the answer's "data". */
bool olc_douyin_parse_envelope(const char *body, size_t len, json_t **root, const json_t **data,
			       struct olc_douyin_status *st, struct olc_error *err);

/* A token answer (token.create or token.refresh). */
struct olc_douyin_token {
	char *access_token;   /* malloc'd secrets: olc_douyin_token_free() wipes them */
	char *refresh_token;  /* NULL when the answer had none */
	int64_t expires_in_s; /* 0 when not said */
};
void olc_douyin_token_free(struct olc_douyin_token *t);
bool olc_douyin_parse_token(const char *body, size_t len, struct olc_douyin_token *out, struct olc_douyin_status *st,
			    struct olc_error *err);

/* One page of product.listV2, appended to *out: id, title, link and photo, the price not yet
 * known (0 fen) until olc_douyin_parse_skus fills it. Products not on sale are skipped (not
 * rejections). *total is data.total (-1 when absent). report is reset and describes this page. */
bool olc_douyin_parse_products(const char *body, size_t len, struct olc_catalog *out, int64_t *total,
			       struct olc_douyin_status *st, struct olc_parse_report *report, struct olc_error *err);

/* sku.list's answer for product p: sets its price (the lowest SKU's, price_from when they
 * differ) and stock (summed) from the SKUs. A SKU of another product, with a negative or
 * missing price or unreadable stock makes the whole product unreadable (err says which SKU). */
bool olc_douyin_parse_skus(const char *body, size_t len, struct olc_product *p, struct olc_douyin_status *st,
			   struct olc_error *err);

/* One page of order.searchList, appended to *out as one olc_order per paid line. *total is
 * data.total (-1 when absent). */
bool olc_douyin_parse_orders(const char *body, size_t len, struct olc_order_list *out, int64_t *total,
			     struct olc_douyin_status *st, struct olc_parse_report *report, struct olc_error *err);

/* Whether order_status counts as paid (105, 2, 101, 3, 5). */
bool olc_douyin_status_paid(int64_t order_status);

#ifdef __cplusplus
}
#endif
