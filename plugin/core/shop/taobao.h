/* The "taobao" provider (淘宝/天猫): the Taobao Open Platform (TOP) gateway {url}/router/rest,
 * https://eco.taobao.com unless the connection names another (https, or plain http to this
 * computer only: the tests' shop).
 *
 * Every call is one POST, form-encoded (application/x-www-form-urlencoded; charset=utf-8, as the
 * TOP SDKs send it), of the system parameters app_key, format=json, method, session, sign_method
 * (md5 or hmac-sha256), timestamp ("2016-01-01 12:00:00", China time, by the shop's clock once
 * its Date header is known), v=2.0, the API's own parameters and sign. Everything goes in the
 * body, never in the URL, so that the session key is not written into any log on the way.
 * sign = uppercase hex of MD5(secret + k1 v1 k2 v2 ... + secret) or HMAC-SHA256(key = secret,
 * k1 v1 k2 v2 ...), the parameters sorted by name (byte order), empty values and sign left out
 * (olc_taobao_sign).
 *
 * An answer is {"<api>_response": {...}} (taobao.items.onsale.get → items_onsale_get_response)
 * or {"error_response": {code, msg, sub_code, sub_msg}}; the refusals are told apart
 * (olc_taobao_refusal) and put in plain words naming what the merchant should check: the
 * signature (App Secret, sign method), the session (expired: authorise again; the plugin cannot
 * renew it), the call limit (code 7: wait as long as the answer says), a missing permission
 * package (code 11/12), and Taobao's rule that some APIs (orders) answer only inside its own
 * cloud (聚石塔) or from whitelisted addresses: then orders fail with exactly that, and the
 * catalog, a separate call, keeps working.
 *
 * Catalog: taobao.items.onsale.get (fields num_iid,title,price,num,pic_url; page_no from 1,
 * page_size 100, total_results for the page count; at most 20 pages), price a yuan string, num
 * the stock; then taobao.items.seller.list.get for the SKUs (num_iids, 20 at a time, fields
 * num_iid,sku): a product with SKUs shows the lowest SKU price (marked "from" when they differ)
 * and their summed quantity. When the app may not call the SKU API, the products keep their
 * item price and stock, and the status says so. Link https://item.taobao.com/item.htm?id={num_iid}.
 *
 * Orders: taobao.trades.sold.increment.get by start_modified/end_modified (windows of at most
 * one day, the next starting where the last ended minus 10 minutes; at most 3 days are caught
 * up), use_has_next=true, page_no from 1, page_size 100, at most 20 pages a window. Only paid
 * trades count (WAIT_SELLER_SEND_GOODS, SELLER_CONSIGNED_PART, WAIT_BUYER_CONFIRM_GOODS,
 * TRADE_BUYER_SIGNED, TRADE_FINISHED), dated by pay_time (created when absent), once: ids
 * already reported are dropped, and a trade paid before the provider started (shipped now, so
 * modified now) is never reported. One olc_order per orders.order[] line: num_iid, num, payment
 * (yuan); buyer = buyer_nick (already masked by Taobao); city = receiver_city. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct olc_provider_ops olc_provider_taobao_ops;

#define OLC_TAOBAO_DEFAULT_GATEWAY   "https://eco.taobao.com"
#define OLC_TAOBAO_PRODUCTS_PER_PAGE 100
#define OLC_TAOBAO_MAX_PRODUCT_PAGES 20
#define OLC_TAOBAO_SKU_BATCH         20
#define OLC_TAOBAO_ORDERS_PER_PAGE   100
#define OLC_TAOBAO_MAX_ORDER_PAGES   20
#define OLC_TAOBAO_ORDER_OVERLAP_MS  (10 * 60 * 1000)
#define OLC_TAOBAO_MAX_WINDOW_MS     (24 * 60 * 60 * 1000)
#define OLC_TAOBAO_MAX_CATCH_UP_MS   (3 * OLC_TAOBAO_MAX_WINDOW_MS)

enum olc_taobao_sign_method {
	OLC_TAOBAO_SIGN_MD5,
	OLC_TAOBAO_SIGN_HMAC_SHA256,
};

/* "md5" (also NULL or "": the default) or "hmac-sha256", case-insensitive. false for any other. */
bool olc_taobao_sign_method_parse(const char *text, enum olc_taobao_sign_method *out);

struct olc_taobao_param {
	const char *key;
	const char *value; /* NULL or "": left out of the signature (and of the request) */
};

/* Uppercase hex: 32 digits for MD5, 64 for HMAC-SHA256. */
#define OLC_TAOBAO_SIGN_SIZE 65
/* Signs count parameters (any order; a parameter called "sign" is left out) with secret. false
 * with err when memory runs out or two parameters have the same name. Pure: any thread. */
bool olc_taobao_sign(const struct olc_taobao_param *params, size_t count, const char *secret,
		     enum olc_taobao_sign_method method, char out[OLC_TAOBAO_SIGN_SIZE], struct olc_error *err);

/* What kind of no an error_response is. */
enum olc_taobao_refusal_kind {
	OLC_TAOBAO_OK,            /* not a refusal */
	OLC_TAOBAO_SIGNATURE,     /* code 25, isv.invalid-signature */
	OLC_TAOBAO_SESSION,       /* code 26/27, invalid or expired session */
	OLC_TAOBAO_APP_KEY,       /* code 28/29, unknown app key */
	OLC_TAOBAO_TIMESTAMP,     /* the request's time is too far from Taobao's */
	OLC_TAOBAO_RATE_LIMIT,    /* code 7, accesscontrol.* */
	OLC_TAOBAO_OUTSIDE_CLOUD, /* isv.permission-ip-whitelist-limit, isv.access-forbidden: 聚石塔 only */
	OLC_TAOBAO_PERMISSION,    /* code 11/12, isv.permission-*: a permission package is missing */
	OLC_TAOBAO_PLATFORM,      /* code 15 or isp.*: Taobao's own failure, worth trying again */
	OLC_TAOBAO_OTHER,
};

struct olc_taobao_refusal {
	enum olc_taobao_refusal_kind kind;
	int64_t code;           /* error_response.code, 0 when absent */
	char sub_code[80];      /* "" when absent */
	int64_t retry_after_ms; /* how long to wait before the next call; -1: the usual backoff */
};

/* One page's paging facts. */
struct olc_taobao_page {
	int64_t total_results; /* -1 when absent */
	bool has_next;         /* use_has_next's answer */
};

/* Each parser reads an answer of its API: on an error_response it fails with refusal->kind set
 * and err in plain words (what names the call: "Taobao orders"); on a malformed answer it fails
 * with refusal->kind OLC_TAOBAO_OK. Items that cannot be read are rejected in report, the rest
 * kept. Pure: any thread. */

/* taobao.items.onsale.get: products appended to out (CNY). */
bool olc_taobao_parse_products(const char *body, size_t len, struct olc_catalog *out, struct olc_taobao_page *page,
			       struct olc_taobao_refusal *refusal, struct olc_parse_report *report,
			       struct olc_error *err);

/* taobao.items.seller.list.get with the sku field: each item's SKUs set the price (lowest,
 * price_from when they differ) and stock (their sum) of the product of out with its num_iid. An
 * item without SKUs changes nothing. */
bool olc_taobao_parse_skus(const char *body, size_t len, struct olc_catalog *out, struct olc_taobao_refusal *refusal,
			   struct olc_parse_report *report, struct olc_error *err);

/* taobao.trades.sold.increment.get: the paid trades' lines appended to out. */
bool olc_taobao_parse_orders(const char *body, size_t len, struct olc_order_list *out, struct olc_taobao_page *page,
			     struct olc_taobao_refusal *refusal, struct olc_parse_report *report,
			     struct olc_error *err);

/* The windows of trades.sold.increment.get one poll asks for, by the shop's clock: from the end of
 * the last window (started) minus OLC_TAOBAO_ORDER_OVERLAP_MS, or from now minus it (the first
 * poll), to a second past now, cut into windows of at most a day. More than
 * OLC_TAOBAO_MAX_CATCH_UP_MS behind: only that much is asked for, and *cut says so. Returns the
 * count (at least 1), oldest first. Pure. */
#define OLC_TAOBAO_MAX_WINDOWS 4
struct olc_taobao_window {
	int64_t from_ms, to_ms;
};
size_t olc_taobao_order_windows(bool started, int64_t last_end_ms, int64_t shop_now_ms,
				struct olc_taobao_window out[OLC_TAOBAO_MAX_WINDOWS], bool *cut);

#ifdef __cplusplus
}
#endif
