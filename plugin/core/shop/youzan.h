/* The "youzan" provider (有赞): a self-use app (自用型应用) of 有赞云, the open platform of the
 * WeChat web shops. Gateway {url} = https://open.youzanyun.com unless the connection names another
 * (https only, or plain http to this computer: the access token travels in the URL, as the platform
 * requires).
 *
 * Token: POST {url}/auth/token with the JSON {client_id, client_secret, authorize_type: "silent",
 * grant_id: kdt_id} answers {success, code, data: {access_token, expires (Unix ms), ...}}. The
 * token is renewed before it expires (olc_shop_token), and once when a call says it is invalid or
 * expired (gateway codes 4201, 4202, 4203).
 *
 * Calls: POST {url}/api/{name}/{version}?access_token=... with a JSON body, no signature.
 * - Catalog: youzan.items.onsale.get 3.0.0, page_no from 1, page_size 100, at most 20 pages, until
 *   a page is short or "count" is reached. Per item: item_id, title, price in fen, quantity (stock),
 *   detail_url, image (or the first of item_imgs). The list gives only part of an item: its lowest
 *   price and total stock, never its SKUs. Then youzan.item.get 3.0.0 {item_id} per item: its "skus"
 *   (price in fen and quantity each) make the price the lowest SKU's, marked "from" when SKU prices
 *   differ, and the stock their sum (olc_sku_summary); the same reader serves a list entry that
 *   carries "skus". Every call counts against the shop's monthly API quota, so what item.get said is
 *   kept per item_id with the list's price and quantity then, and asked again only for an item that
 *   is new or whose price or quantity changed; items that leave the list are forgotten. At most
 *   OLC_YOUZAN_ITEM_GETS_PER_FETCH calls and OLC_YOUZAN_ITEM_GET_BUDGET_MS per read: the rest show
 *   their listed price until a later read. An item whose item.get is refused or unreadable shows its
 *   listed price and is asked again after OLC_YOUZAN_ITEM_GET_RETRY_MS (or when its listing
 *   changes); the gateway refusing the API itself (its gw_err_resp: no permission, IP whitelist)
 *   stops every item.get for as long; a rate limit stops the calls of that read. res->warning says
 *   all of it (how many, the last reason): those products were read from the list, none is
 *   rejected. The token or the connection failing fails the read.
 * - Orders: youzan.trades.sold.get 4.0.4 by start_update/end_update ("yyyy-MM-dd HH:mm:ss", China
 *   time), page_size 50, at most 20 pages. Each window starts where the last one ended minus 10
 *   minutes; tids already reported are dropped. Only paid trades count (WAIT_SELLER_SEND_GOODS,
 *   WAIT_BUYER_CONFIRM_GOODS, TRADE_BUYER_SIGNED, TRADE_SUCCESS, TRADE_PAID), dated by pay_time
 *   (created when absent), and only those paid since the provider started: shipping or signing an
 *   older order updates it, but it is no new sale. One olc_order per line (orders[]): item_id, num,
 *   payment in yuan text (total_fee when absent), parsed exactly; buyer = buyer_info.fans_nickname
 *   (else address_info.receiver_name), city = address_info.delivery_city.
 *
 * Envelopes: the gateway answers with HTTP 200 in every case, in one of
 *   {"gw_err_resp": {"err_code", "err_msg"}}                  the gateway refused (token, rate, API)
 *   {"success", "code", "data", "message"}                    4.x APIs and /auth/token
 *   {"response": {...}} / {"error_response": {"code", "msg"}} 3.x APIs
 * and each is read wherever it comes. Rate limits (4101, 500100004, 123000042, 141500203, or HTTP
 * 429) ask the poller to wait (3 s, as the platform's guide advises). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_sku_summary; /* core/shop/items.h */

extern const struct olc_provider_ops olc_provider_youzan_ops;

#define OLC_YOUZAN_GATEWAY             "https://open.youzanyun.com"
#define OLC_YOUZAN_ITEMS_API           "youzan.items.onsale.get"
#define OLC_YOUZAN_ITEMS_VERSION       "3.0.0"
#define OLC_YOUZAN_ITEM_API            "youzan.item.get"
#define OLC_YOUZAN_ITEM_VERSION        "3.0.0"
#define OLC_YOUZAN_TRADES_API          "youzan.trades.sold.get"
#define OLC_YOUZAN_TRADES_VERSION      "4.0.4"
#define OLC_YOUZAN_ITEMS_PER_PAGE      100
#define OLC_YOUZAN_TRADES_PER_PAGE     50
#define OLC_YOUZAN_MAX_PAGES           20
#define OLC_YOUZAN_ITEM_GETS_PER_FETCH 100 /* item.get calls per catalog read, at most */
#define OLC_YOUZAN_ITEM_GET_BUDGET_MS  10000 /* and the time they may take: order polls wait meanwhile */
/* An item whose item.get failed (or every item, when the gateway refused the API) is asked again
 * after this long, or sooner when its listing changes. */
#define OLC_YOUZAN_ITEM_GET_RETRY_MS (10 * 60 * 1000)
#define OLC_YOUZAN_ORDER_OVERLAP_MS    (10 * 60 * 1000)
#define OLC_YOUZAN_RATE_LIMIT_WAIT_MS  3000

/* What an answer's envelope said. */
enum olc_youzan_outcome {
	OLC_YOUZAN_OK,            /* data was read */
	OLC_YOUZAN_TOKEN_INVALID, /* the access token is invalid or expired: get a new one and try again */
	OLC_YOUZAN_RATE_LIMITED,  /* too many calls: wait */
	OLC_YOUZAN_REFUSED,       /* another error the platform named (code and message in err) */
	OLC_YOUZAN_BROKEN,        /* not an answer of the platform's shapes */
};

struct olc_youzan_answer {
	enum olc_youzan_outcome outcome;
	const char *envelope; /* "gw_err_resp", "error_response", "response", "success"; "" when none */
	int64_t code;         /* the platform's error code; 0 when none */
	int64_t total;        /* "count" (items) or "total_results" (trades); -1 when not given */
	size_t listed;        /* entries on this page, read or not */
};

/* The answer of /auth/token: *token (malloc'd, a secret: olc_secret_free it) and how many seconds
 * it lasts from now_ms (data.expires in Unix ms, or data.expires_in in seconds; 0 when not said).
 * false with err in plain words (the credentials refused, with the platform's code). Pure. */
bool olc_youzan_parse_token(const char *body, size_t len, int64_t now_ms, char **token, int64_t *expires_in_s,
			    struct olc_youzan_answer *answer, struct olc_error *err);

/* One page of youzan.items.onsale.get, appended to *out (CNY). report is reset and describes this
 * page. Fails on an error envelope (answer->outcome says which) or when the page had items and none
 * was readable. Pure. */
bool olc_youzan_parse_products(const char *body, size_t len, struct olc_catalog *out, struct olc_youzan_answer *answer,
			       struct olc_parse_report *report, struct olc_error *err);

/* youzan.item.get's answer for the item item_id: its SKUs summed into *skus (count 0: it lists none,
 * an item of one SKU). Fails on an error envelope (answer->outcome says which), an answer for another
 * item, or a SKU that cannot be read (err names it; answer->outcome OLC_YOUZAN_BROKEN). Pure. */
bool olc_youzan_parse_item(const char *body, size_t len, const char *item_id, struct olc_sku_summary *skus,
			   struct olc_youzan_answer *answer, struct olc_error *err);

/* One page of youzan.trades.sold.get, appended to *out as one olc_order per line of the paid trades
 * paid at or after paid_since_ms (INT64_MIN: any time); other trades are skipped, not rejected.
 * Pure. */
bool olc_youzan_parse_orders(const char *body, size_t len, int64_t paid_since_ms, struct olc_order_list *out,
			     struct olc_youzan_answer *answer, struct olc_parse_report *report, struct olc_error *err);

/* Whether a trade status means the buyer has paid ("WAIT_SELLER_SEND_GOODS"...). */
bool olc_youzan_status_paid(const char *status);

#ifdef __cplusplus
}
#endif
