/* The "kuaishou" provider (快手小店): the Kuaishou e-commerce open platform, at the gateway
 * https://openapi.kwaixiaodian.com unless the connection names another (https, or plain http to
 * this computer: the tests' shop).
 *
 * Every call is a GET of {base}/{method with dots as slashes} ("open.order.cursor.list" ->
 * /open/order/cursor/list), as the platform's SDKs send it, with the query appkey, method,
 * version=1, param (the call's parameters as compact JSON), access_token, timestamp (Unix ms),
 * signMethod=HMAC_SHA256 and sign = Base64(HMAC-SHA256(key = sign_secret, those seven as k=v
 * sorted by name, joined by "&", + "&signSecret=" + sign_secret)), computed on the values before
 * URL-encoding. The access token travels in the query because the protocol puts it there: only
 * over https, or to this computer. The sign secret and the app secret never travel in a call.
 *
 * Every answer is {"result": 1, "data": ...} on success; otherwise result is the platform's
 * error code with "error_msg": 21/24 the access token is invalid or expired (refresh, then try
 * once more), 22/25/26 a permission the app lacks, 27/28 the signature, 15/16/17/1016/1017/802000
 * the rate limit (wait, then retry).
 *
 * Tokens: the merchant authorises their own app once and pastes the access token and refresh
 * token (or the console's copied token). When the access token is due (its expiry, learnt from a
 * refresh) or the platform says it expired, POST {base}/oauth2/refresh_token (form: grant_type =
 * refresh_token, refresh_token, app_id = app_key, app_secret). The answer rotates the refresh
 * token: the old one stops working soon, so the new pair is handed to env->save_credentials
 * (connection.json, atomically) before it is used. A failed save does not stop the shop (the new
 * pair works until OBS quits), but every orders fetch says so in res->warning, and tries to save
 * again, until a save succeeds. A refused refresh token: the merchant must authorise again.
 *
 * Catalog: open.item.list.get {pageNumber from 1, pageSize 100}, while pages are full and at most
 * OLC_KUAISHOU_MAX_PAGES. Per item: kwaiItemId, title, mainImageUrl, linkUrl (the item's page,
 * when given), skuList [{kwaiSkuId, skuSalePrice (fen), skuStock}]: the lowest SKU price ("from"
 * when they differ) and the summed stock (olc_sku_summary); an item without SKUs uses its own
 * "price" (fen) and no stock. Prices are in fen, CNY.
 *
 * Orders: open.order.cursor.list {orderViewStatus 1 (all), queryType 2 (by update time), sort 1,
 * pageSize 50, beginTime/endTime (ms, the window at most 7 days), cursor ("" first)} until the
 * answer's cursor is "nomore", at most OLC_KUAISHOU_MAX_PAGES pages. Each order: orderBaseInfo
 * {oid, status, payTime, createTime, totalFee (fen), buyerNick}, orderItemInfo {itemId, num}
 * (one item per order; a list of them is read too), orderAddress.city. Only paid orders count
 * (status 30 paid, 40 shipped, 50 received, 70 completed; 10 awaiting payment and 80 closed are
 * skipped), each once, dated by payTime. The window starts at the newest payTime seen minus
 * OLC_KUAISHOU_ORDER_OVERLAP_MS, by the shop's clock (olc_order_window). */
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

extern const struct olc_provider_ops olc_provider_kuaishou_ops;

#define OLC_KUAISHOU_GATEWAY          "https://openapi.kwaixiaodian.com"
#define OLC_KUAISHOU_ITEMS_PER_PAGE   100
#define OLC_KUAISHOU_ORDERS_PER_PAGE  50
#define OLC_KUAISHOU_MAX_PAGES        20
#define OLC_KUAISHOU_ORDER_OVERLAP_MS (10 * 60 * 1000)
#define OLC_KUAISHOU_MAX_WINDOW_MS    (7LL * 24 * 60 * 60 * 1000)
/* Base64 of a SHA-256 HMAC, its NUL included. */
#define OLC_KUAISHOU_SIGN_SIZE 45

/* The seven signed fields of a call. */
struct olc_kuaishou_call {
	const char *appkey;
	const char *method;       /* "open.order.cursor.list" */
	const char *version;      /* "1" */
	const char *param;        /* compact JSON */
	const char *access_token; /* NULL: left out of the signature, as the SDKs do */
	const char *timestamp;    /* Unix ms, as decimal text */
	const char *sign_method;  /* "HMAC_SHA256" */
};

/* The text that is signed: the fields present, sorted by name, as k=v joined by "&", then
 * "&signSecret=" + sign_secret. malloc'd (wipe it: it holds the secret), NULL without memory. */
char *olc_kuaishou_sign_input(const struct olc_kuaishou_call *call, const char *sign_secret);
/* Base64(HMAC-SHA256(key = sign_secret, olc_kuaishou_sign_input())) into out. false when memory
 * runs out or the digest fails. Pure. */
bool olc_kuaishou_sign(const struct olc_kuaishou_call *call, const char *sign_secret, char out[OLC_KUAISHOU_SIGN_SIZE]);

/* "/open/order/cursor/list" for "open.order.cursor.list" into buf. false when it does not fit or
 * the method has characters other than letters, digits and dots. */
bool olc_kuaishou_method_path(const char *method, char *buf, size_t len);

/* What an answer's "result" says. */
enum olc_kuaishou_status {
	OLC_KUAISHOU_OK,
	OLC_KUAISHOU_TOKEN_EXPIRED, /* 21, 24: refresh the access token */
	OLC_KUAISHOU_PERMISSION,    /* 22, 25, 26 */
	OLC_KUAISHOU_SIGNATURE,     /* 27, 28 */
	OLC_KUAISHOU_RATE_LIMITED,  /* 15, 16, 17, 1016, 1017, 802000 */
	OLC_KUAISHOU_FAILED,        /* any other code, or an unreadable answer */
};

struct olc_kuaishou_answer {
	enum olc_kuaishou_status status;
	bool coded;       /* the answer was read and had a "result" code */
	int64_t code;     /* "result"; 0 when absent */
	char cursor[128]; /* orders: the next cursor, "nomore" at the end */
	size_t items;     /* how many items or orders the page listed (read or not) */
};

/* Judges the envelope {"result", "error_msg", "data"} of body and, on success, returns its "data"
 * object (a new reference: json_decref it). NULL with answer->status and err in plain words
 * naming what the merchant should check. Pure. */
json_t *olc_kuaishou_data(const char *body, size_t len, struct olc_kuaishou_answer *answer, struct olc_error *err);

/* One page of open.item.list.get appended to *out (CNY, fen). answer->items is the page's length.
 * report is reset and describes this page. Fails on an error answer or when the page had items and
 * none was readable. Pure. */
bool olc_kuaishou_parse_items(const char *body, size_t len, struct olc_catalog *out, struct olc_kuaishou_answer *answer,
			      struct olc_parse_report *report, struct olc_error *err);

/* One page of open.order.cursor.list: the paid orders appended to *out (one olc_order per item),
 * the others skipped (not rejected); answer->cursor is the next cursor. Pure. */
bool olc_kuaishou_parse_orders(const char *body, size_t len, struct olc_order_list *out,
			       struct olc_kuaishou_answer *answer, struct olc_parse_report *report,
			       struct olc_error *err);

/* The answer of oauth2/refresh_token. */
struct olc_kuaishou_tokens {
	char *access_token; /* malloc'd secrets: olc_kuaishou_tokens_free wipes them */
	char *refresh_token;
	int64_t expires_in_s; /* 0: not said */
};
void olc_kuaishou_tokens_free(struct olc_kuaishou_tokens *t);
/* Reads a refresh answer. false with err (and answer->status) when the platform refused or the
 * answer lacks either token. Pure. */
bool olc_kuaishou_parse_tokens(const char *body, size_t len, struct olc_kuaishou_tokens *out,
			       struct olc_kuaishou_answer *answer, struct olc_error *err);

#ifdef __cplusplus
}
#endif
