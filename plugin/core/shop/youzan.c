#include "core/shop/youzan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/shop/token.h"
#include "core/base/text.h"
#include "core/net/url.h"
#include "core/sys/clock.h"

#define ID_MAX   (OLC_PRODUCT_ID_MAX + 1)
#define CURRENCY "CNY"
/* No real price reaches this many fen (a hundred million yuan): larger is broken data. */
#define MAX_FEN   10000000000LL
#define SHOWN_LEN 120

/* ---- envelopes ---- */

static void answer_init(struct olc_youzan_answer *a)
{
	a->outcome = OLC_YOUZAN_BROKEN;
	a->envelope = "";
	a->code = 0;
	a->total = -1;
	a->listed = 0;
}

/* A code written as a number or as digits ("4101" in the rate-limit page's own example). */
static int64_t code_of(const json_t *value)
{
	if (json_is_integer(value))
		return json_integer_value(value);
	const char *text = json_string_value(value);
	if (!text || !*text || strlen(text) > 12)
		return 0;
	int64_t code = 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		code = code * 10 + (*p - '0');
	}
	return code;
}

static bool token_code(int64_t code)
{
	return code == 4201 || code == 4202 || code == 4203;
}

static bool rate_code(int64_t code)
{
	return code == 4101 || code == 500100004 || code == 123000042 || code == 141500203;
}

/* Plain words for an error envelope's code and message; sets answer->outcome. */
static void judge_error(struct olc_youzan_answer *a, int64_t code, const char *message, struct olc_error *err)
{
	char shown[SHOWN_LEN];
	const char *said = message && *message ? olc_error_excerpt(shown, sizeof(shown), message) : "no message";
	a->code = code;
	if (token_code(code)) {
		a->outcome = OLC_YOUZAN_TOKEN_INVALID;
		olc_error_set(err,
			      "Youzan refused the access token (code %lld: %s): the shop may have ended the app's "
			      "authorisation; check the app in the 有赞云 console",
			      (long long)code, said);
	} else if (rate_code(code)) {
		a->outcome = OLC_YOUZAN_RATE_LIMITED;
		olc_error_set(err, "Youzan is limiting requests (code %lld: %s): waiting before the next try",
			      (long long)code, said);
	} else if (code == 4204) {
		a->outcome = OLC_YOUZAN_REFUSED;
		olc_error_set(err,
			      "Youzan says the app may not use this API (code 4204: %s): in the 有赞云 console, add "
			      "the goods and order API packages (能力包) to the app",
			      said);
	} else if (code == 4007) {
		a->outcome = OLC_YOUZAN_REFUSED;
		olc_error_set(err,
			      "Youzan refused the request (code 4007: %s): if it names the IP address, add this "
			      "computer's address to the app's IP whitelist in the 有赞云 console",
			      said);
	} else {
		a->outcome = OLC_YOUZAN_REFUSED;
		olc_error_set(err, "Youzan said (code %lld): %s", (long long)code, said);
	}
}

/* The data of an answer, whichever envelope carries it; NULL with err (and answer->outcome) when the
 * answer is an error or no envelope is recognised. */
static const json_t *envelope_data(const json_t *root, struct olc_youzan_answer *a, struct olc_error *err)
{
	if (!json_is_object(root)) {
		olc_error_set(err, "expected an object ({...}) at the top, found %s", olc_json_kind(root));
		return NULL;
	}
	const json_t *gw = json_object_get(root, "gw_err_resp");
	if (gw && !json_is_null(gw)) {
		a->envelope = "gw_err_resp";
		if (!json_is_object(gw)) {
			olc_error_set(err, "\"gw_err_resp\" must be an object, not %s", olc_json_kind(gw));
			return NULL;
		}
		judge_error(a, code_of(json_object_get(gw, "err_code")),
			    json_string_value(json_object_get(gw, "err_msg")), err);
		return NULL;
	}
	const json_t *e = json_object_get(root, "error_response");
	if (e && !json_is_null(e)) {
		a->envelope = "error_response";
		if (!json_is_object(e)) {
			olc_error_set(err, "\"error_response\" must be an object, not %s", olc_json_kind(e));
			return NULL;
		}
		const char *message = json_string_value(json_object_get(e, "msg"));
		if (!message)
			message = json_string_value(json_object_get(e, "message"));
		judge_error(a, code_of(json_object_get(e, "code")), message, err);
		return NULL;
	}
	const json_t *success = json_object_get(root, "success");
	if (success && !json_is_null(success)) {
		a->envelope = "success";
		if (!json_is_boolean(success)) {
			olc_error_set(err, "\"success\" must be true/false, not %s", olc_json_kind(success));
			return NULL;
		}
		if (!json_is_true(success)) {
			const char *message = json_string_value(json_object_get(root, "message"));
			if (!message)
				message = json_string_value(json_object_get(root, "msg"));
			judge_error(a, code_of(json_object_get(root, "code")), message, err);
			return NULL;
		}
		const json_t *data = json_object_get(root, "data");
		if (!json_is_object(data)) {
			olc_error_set(err, "\"data\" must be an object, not %s", olc_json_kind(data));
			return NULL;
		}
		a->outcome = OLC_YOUZAN_OK;
		return data;
	}
	const json_t *response = json_object_get(root, "response");
	if (response && !json_is_null(response)) {
		a->envelope = "response";
		if (!json_is_object(response)) {
			olc_error_set(err, "\"response\" must be an object, not %s", olc_json_kind(response));
			return NULL;
		}
		a->outcome = OLC_YOUZAN_OK;
		return response;
	}
	olc_error_set(err, "the answer has none of Youzan's envelopes (data, response, error_response, gw_err_resp)");
	return NULL;
}

/* The list called key in data and the total called total_key. */
static const json_t *page_list(const json_t *data, const char *key, const char *total_key, struct olc_youzan_answer *a,
			       struct olc_error *err)
{
	const json_t *list = json_object_get(data, key);
	bool present;
	int64_t total;
	struct olc_error why;
	if (!json_is_array(list)) {
		a->outcome = OLC_YOUZAN_BROKEN;
		olc_error_set(err, "\"%s\" must be a list, not %s", key, olc_json_kind(list));
		return NULL;
	}
	if (olc_shop_integer(data, total_key, false, &present, &total, &why) && present && total >= 0)
		a->total = total;
	a->listed = json_array_size(list);
	return list;
}

/* ---- token ---- */

bool olc_youzan_parse_token(const char *body, size_t len, int64_t now_ms, char **token, int64_t *expires_in_s,
			    struct olc_youzan_answer *answer, struct olc_error *err)
{
	answer_init(answer);
	*token = NULL;
	*expires_in_s = 0;
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;

	struct olc_error why;
	const json_t *data = envelope_data(root, answer, &why);
	const char *value = NULL;
	bool ok = data != NULL;
	if (!ok && answer->outcome == OLC_YOUZAN_REFUSED) {
		/* 1000: client_secret wrong; 1103: no such client, or it is not authorised for the shop. */
		olc_error_set(
			err,
			"Youzan refused the app's credentials (%s): check the client_id and client_secret "
			"(有赞云 console → the self-use app) and that kdt_id is the shop the app is authorised for",
			why.text);
	} else if (!ok) {
		olc_error_set(err, "Youzan's token answer: %s", why.text);
	} else if (!olc_shop_text(data, "access_token", true, &value, &why)) {
		olc_error_set(err, "Youzan's token answer: %s", why.text);
		ok = false;
	}
	if (ok && (strlen(value) > 512 || strpbrk(value, "\r\n"))) {
		olc_error_set(err, "Youzan's token answer: the access token is not a plausible token");
		ok = false;
	}
	if (ok) {
		bool present;
		int64_t expires = 0, seconds = 0;
		if (olc_shop_integer(data, "expires", false, &present, &expires, &why) && present && expires > now_ms)
			*expires_in_s = (expires - now_ms) / 1000;
		else if (olc_shop_integer(data, "expires_in", false, &present, &seconds, &why) && present &&
			 seconds > 0)
			*expires_in_s = seconds;
		*token = olc_strdup(value);
		if (!*token) {
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	json_decref(root);
	return ok;
}

/* ---- products ---- */

static bool read_fen(const json_t *object, const char *key, bool required, bool *present, struct olc_money *out,
		     struct olc_error *err)
{
	int64_t fen;
	if (!olc_shop_integer(object, key, required, present, &fen, err))
		return false;
	if (!*present)
		return true;
	if (fen < 0 || fen > MAX_FEN) {
		olc_error_set(err, "\"%s\" %lld fen is not a price", key, (long long)fen);
		return false;
	}
	olc_money_set(out, fen, CURRENCY);
	return true;
}

static bool read_stock(const json_t *object, bool *present, int64_t *stock, struct olc_error *err)
{
	if (!olc_shop_integer(object, "quantity", false, present, stock, err))
		return false;
	if (*present && *stock < 0) {
		olc_error_set(err, "\"quantity\" %lld is not a stock count", (long long)*stock);
		return false;
	}
	return true;
}

/* The SKUs of an item that lists them (youzan.item.get's shape: "skus", price in fen and quantity
 * each) into summary, count 0 when it lists none. A SKU naming another item_id is an error. */
static bool read_skus(const json_t *item, const char *item_id, struct olc_sku_summary *summary, struct olc_error *err)
{
	const json_t *skus = json_object_get(item, "skus");
	olc_sku_summary_init(summary);
	if (!skus || json_is_null(skus))
		return true;
	if (!json_is_array(skus)) {
		olc_error_set(err, "\"skus\" must be a list, not %s", olc_json_kind(skus));
		return false;
	}
	for (size_t i = 0; i < json_array_size(skus); i++) {
		const json_t *sku = json_array_get(skus, i);
		char owner[ID_MAX];
		struct olc_money price;
		bool has_price, has_stock;
		int64_t stock = 0;
		struct olc_error why;
		if (!json_is_object(sku)) {
			olc_error_set(err, "SKU %zu: expected an object ({...}), found %s", i + 1, olc_json_kind(sku));
			return false;
		}
		if (json_object_get(sku, "item_id") && olc_shop_id(sku, "item_id", owner, sizeof(owner), &why) &&
		    strcmp(owner, item_id) != 0) {
			char shown[OLC_EXCERPT_LEN];
			olc_error_set(err, "SKU %zu is of item %s", i + 1,
				      olc_error_excerpt(shown, sizeof(shown), owner));
			return false;
		}
		if (!read_fen(sku, "price", true, &has_price, &price, &why) ||
		    !read_stock(sku, &has_stock, &stock, &why) ||
		    !olc_sku_summary_add(summary, &price, has_stock, stock, &why)) {
			olc_error_set(err, "SKU %zu: %s", i + 1, why.text);
			return false;
		}
	}
	return true;
}

/* Shows the SKUs' price and stock (olc_sku_summary_apply); "origin" stays struck through only while
 * it is above the price shown. */
static bool apply_skus(const struct olc_sku_summary *skus, struct olc_product *p, struct olc_error *err)
{
	if (!olc_sku_summary_apply(skus, p, err))
		return false;
	if (p->has_compare_at && p->compare_at.minor <= p->price.minor)
		p->has_compare_at = false;
	return true;
}

/* The item's photo: "image", else the first of "item_imgs" ({url}). */
static const char *item_image(const json_t *item)
{
	const char *image = json_string_value(json_object_get(item, "image"));
	if (image && *image)
		return image;
	const json_t *first = json_array_get(json_object_get(item, "item_imgs"), 0);
	const char *url = json_string_value(json_object_get(first, "url"));
	return url && *url ? url : NULL;
}

/* "origin", the price shown struck through (原价): free text such as "¥198.00" or "198". Read
 * when it is a yuan amount after an optional ¥ or ￥; anything else leaves no compare-at price
 * (it is decoration, never a reason to drop the product). */
static bool read_origin(const json_t *item, struct olc_money *out)
{
	const char *text = json_string_value(json_object_get(item, "origin"));
	if (!text)
		return false;
	if (strncmp(text, "\xC2\xA5", 2) == 0)
		text += 2; /* ¥ U+00A5 */
	else if (strncmp(text, "\xEF\xBF\xA5", 3) == 0)
		text += 3; /* ￥ U+FFE5 */
	struct olc_error why;
	return *text && olc_shop_price(text, CURRENCY, out, &why);
}

static bool read_item(const json_t *item, const char *currency, const char *id, struct olc_product *p,
		      struct olc_error *err)
{
	(void)currency;
	const char *title, *url;
	struct olc_money price;
	bool has_price, has_stock;
	int64_t stock = 0;
	struct olc_sku_summary skus;

	if (!olc_shop_text(item, "title", true, &title, err) || !olc_shop_text(item, "detail_url", false, &url, err) ||
	    !read_fen(item, "price", false, &has_price, &price, err) || !read_stock(item, &has_stock, &stock, err))
		return false;
	if (!has_price)
		olc_money_set(&price, 0, CURRENCY); /* only allowed when SKUs give the price, below */
	struct olc_money origin;
	bool has_origin = read_origin(item, &origin);
	if (!olc_shop_product_set(p, id, title, url, item_image(item), &price, NULL, err) ||
	    !read_skus(item, id, &skus, err))
		return false;
	p->has_compare_at = has_origin;
	if (has_origin)
		p->compare_at = origin;
	if (skus.count > 0)
		return apply_skus(&skus, p, err);
	if (!has_price) {
		olc_error_set(err, "\"price\" is missing");
		return false;
	}
	/* Against the price the card shows: a discount only when above it. */
	p->has_compare_at = has_origin && origin.minor > p->price.minor;
	p->has_stock = has_stock;
	p->stock = has_stock ? stock : 0;
	return true;
}

static bool read_item_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	return olc_shop_id(item, "item_id", buf, len, err);
}

bool olc_youzan_parse_products(const char *body, size_t len, struct olc_catalog *out, struct olc_youzan_answer *answer,
			       struct olc_parse_report *report, struct olc_error *err)
{
	answer_init(answer);
	olc_parse_report_init(report);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	const json_t *data = envelope_data(root, answer, err);
	const json_t *items = data ? page_list(data, "items", "count", answer, err) : NULL;
	const struct olc_product_reader reader = {
		.read_id = read_item_id,
		.read_product = read_item,
		.paged = true,
	};
	bool ok = items && olc_shop_read_products(items, CURRENCY, &reader, out, report, err);
	json_decref(root);
	return ok;
}

bool olc_youzan_parse_item(const char *body, size_t len, const char *item_id, struct olc_sku_summary *skus,
			   struct olc_youzan_answer *answer, struct olc_error *err)
{
	answer_init(answer);
	olc_sku_summary_init(skus);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	const json_t *data = envelope_data(root, answer, err);
	const json_t *item = data ? json_object_get(data, "item") : NULL;
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	struct olc_error why;
	bool ok = false;
	if (!data) {
		/* err says which envelope refused */
	} else if (!json_is_object(item)) {
		olc_error_set(err, "\"item\" must be an object, not %s", olc_json_kind(item));
	} else if (!olc_shop_id(item, "item_id", id, sizeof(id), &why)) {
		olc_error_set(err, "the item: %s", why.text);
	} else if (strcmp(id, item_id) != 0) {
		olc_error_set(err, "the answer is for item %s", olc_error_excerpt(shown, sizeof(shown), id));
	} else {
		answer->listed = 1;
		ok = read_skus(item, item_id, skus, err);
	}
	if (!ok && answer->outcome == OLC_YOUZAN_OK)
		answer->outcome = OLC_YOUZAN_BROKEN;
	if (!ok)
		olc_sku_summary_init(skus); /* nothing half read */
	json_decref(root);
	return ok;
}

/* ---- orders ---- */

bool olc_youzan_status_paid(const char *status)
{
	static const char *const paid[] = {"WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_BUYER_SIGNED",
					   "TRADE_SUCCESS", "TRADE_PAID"};
	for (size_t i = 0; status && i < sizeof(paid) / sizeof(paid[0]); i++) {
		if (strcmp(status, paid[i]) == 0)
			return true;
	}
	return false;
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_num, has_total;
	int64_t num;

	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	const char *key = json_object_get(line, "payment") ? "payment" : "total_fee";
	if (!olc_shop_id(line, "item_id", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "num", true, &has_num, &num, err) ||
	    !olc_shop_price_field(line, key, currency, true, &has_total, &o->total, err))
		return false;
	return olc_shop_order_line(o, product_id, num, err);
}

/* An optional text field of an optional object; a wrong type leaves it out (it is decoration). */
static const char *optional_field(const json_t *object, const char *outer, const char *key)
{
	const char *text = json_string_value(json_object_get(json_object_get(object, outer), key));
	return text && *text ? text : NULL;
}

/* Reads one trade into its lines; false only when memory runs out. */
static bool read_trade(const json_t *entry, size_t index, int64_t paid_since_ms, struct olc_order_list *out,
		       struct olc_parse_report *report)
{
	char tid[ID_MAX], shown[OLC_EXCERPT_LEN];
	const char *status, *time_text, *time_key = "pay_time";
	int64_t paid_ms;
	struct olc_error why;

	const json_t *trade = json_object_get(entry, "full_order_info");
	if (!json_is_object(trade)) {
		olc_parse_report_reject(report, "trade %zu: \"full_order_info\" must be an object, not %s", index + 1,
					olc_json_kind(trade));
		return true;
	}
	const json_t *info = json_object_get(trade, "order_info");
	if (!json_is_object(info)) {
		olc_parse_report_reject(report, "trade %zu: \"order_info\" must be an object, not %s", index + 1,
					olc_json_kind(info));
		return true;
	}
	if (!olc_shop_id(info, "tid", tid, sizeof(tid), &why)) {
		olc_parse_report_reject(report, "trade %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), tid);
	if (!olc_shop_text(info, "status", true, &status, &why) ||
	    !olc_shop_text(info, "pay_time", false, &time_text, &why)) {
		olc_parse_report_reject(report, "trade %zu (tid %s): %s", index + 1, shown, why.text);
		return true;
	}
	if (!olc_youzan_status_paid(status))
		return true; /* not paid (yet): not a sale, and not an error */
	if (!time_text) {
		time_key = "created";
		if (!olc_shop_text(info, "created", true, &time_text, &why)) {
			olc_parse_report_reject(report, "trade %zu (tid %s): %s", index + 1, shown, why.text);
			return true;
		}
	}
	if (!olc_wall_time_parse(time_text, OLC_CHINA_OFFSET_MINUTES, &paid_ms)) {
		olc_parse_report_reject(report, "trade %zu (tid %s): \"%s\" is not a time like 2025-03-01 10:15:30",
					index + 1, shown, time_key);
		return true;
	}
	if (paid_ms < paid_since_ms)
		return true; /* paid before the provider started: updated since (shipped, signed), no new sale */
	const json_t *lines = json_object_get(trade, "orders");
	if (!json_is_array(lines)) {
		olc_parse_report_reject(report, "trade %zu (tid %s): \"orders\" must be a list, not %s", index + 1,
					shown, olc_json_kind(lines));
		return true;
	}
	const char *buyer = optional_field(trade, "buyer_info", "fans_nickname");
	if (!buyer)
		buyer = optional_field(trade, "address_info", "receiver_name");
	const char *city = optional_field(trade, "address_info", "delivery_city");

	const struct olc_order_head head = {index, tid, shown, paid_ms, buyer, city, false};
	return olc_shop_read_order_lines(lines, &head, CURRENCY, read_line, out, report);
}

bool olc_youzan_parse_orders(const char *body, size_t len, int64_t paid_since_ms, struct olc_order_list *out,
			     struct olc_youzan_answer *answer, struct olc_parse_report *report, struct olc_error *err)
{
	answer_init(answer);
	olc_parse_report_init(report);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	const json_t *data = envelope_data(root, answer, err);
	const json_t *trades = data ? page_list(data, "full_order_info_list", "total_results", answer, err) : NULL;
	bool ok = trades != NULL;
	for (size_t i = 0; ok && i < json_array_size(trades); i++) {
		const json_t *entry = json_array_get(trades, i);
		if (!json_is_object(entry)) {
			olc_parse_report_reject(report, "trade %zu: expected an object ({...}), found %s", i + 1,
						olc_json_kind(entry));
			continue;
		}
		ok = read_trade(entry, i, paid_since_ms, out, report);
		if (!ok)
			olc_error_set(err, "out of memory while reading orders");
	}
	json_decref(root);
	return ok;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096
#define END_LEAD_MS   (60 * 1000)

/* What youzan.item.get said of one item, and what the on-sale list said of it then. */
struct sku_memo {
	char *item_id;
	int64_t price; /* the list's, in fen */
	bool has_stock;
	int64_t stock; /* the list's quantity */
	bool known;    /* item.get answered while the list said this: skus holds its SKUs (count 0: none) */
	int64_t failed_ms; /* when item.get last failed for it while the list said this; 0: it did not */
	struct olc_sku_summary skus;
};

static void memos_free(struct sku_memo *memos, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(memos[i].item_id);
	free(memos);
}

struct youzan_state {
	char *gateway;
	char *token_url;
	char *client_id;
	char *client_secret;
	char *kdt_id;
	struct olc_shop_token token;
	struct olc_order_window orders;
	bool window_started;
	int64_t window_end_ms;  /* by the shop's clock: where the last window ended */
	int64_t paid_since_ms;  /* trades paid before this are not new sales */
	struct sku_memo *memos; /* one per product of the last on-sale list, in its order */
	size_t memo_count;
	int64_t item_get_refused_ms;        /* when the gateway last refused item.get itself; 0: never */
	struct olc_error item_get_failure; /* the last reason an item's item.get failed */
	struct olc_shop_env env;
};

static bool youzan_check(const struct olc_connection *c, struct olc_error *err)
{
	if (!c->key || !*c->key || !c->secret || !*c->secret) {
		olc_error_set(err, "Youzan needs the self-use app's client_id and client_secret (有赞云 console → the "
				   "app → 基本信息)");
		return false;
	}
	if (!c->shop_id || !*c->shop_id) {
		olc_error_set(err, "Youzan needs the shop's kdt_id (店铺 ID, shown in the 有赞 shop admin under 店铺 → "
				   "店铺信息, and in the app's authorised shops)");
		return false;
	}
	if (c->url && *c->url) {
		if (!olc_url_is_web(c->url)) {
			olc_error_set(err, "the Youzan gateway must be an address such as %s", OLC_YOUZAN_GATEWAY);
			return false;
		}
		if (!olc_url_may_carry_credentials(c->url)) {
			olc_error_set(err, "the Youzan access token is only sent over https: the gateway must start "
					   "with https://");
			return false;
		}
	}
	return true;
}

static void youzan_destroy(void *data)
{
	struct youzan_state *s = data;
	if (!s)
		return;
	free(s->gateway);
	free(s->token_url);
	olc_secret_free(s->client_id);
	olc_secret_free(s->client_secret);
	free(s->kdt_id);
	olc_shop_token_clear(&s->token);
	olc_order_window_free(&s->orders);
	memos_free(s->memos, s->memo_count);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *youzan_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!youzan_check(c, err))
		return NULL;
	struct youzan_state *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_shop_token_init(&s->token);
	const char *gateway = c->url && *c->url ? c->url : OLC_YOUZAN_GATEWAY;
	s->gateway = olc_strdup(gateway);
	s->token_url = olc_url_join(gateway, "/auth/token");
	if (!s->gateway || !s->token_url || !olc_str_set(&s->client_id, c->key) ||
	    !olc_str_set(&s->client_secret, c->secret) || !olc_str_set(&s->kdt_id, c->shop_id) ||
	    !olc_order_window_init(&s->orders, SEEN_CAPACITY) || !olc_shop_env_init(&s->env, env)) {
		olc_error_set(err, "out of memory");
		youzan_destroy(s);
		return NULL;
	}
	return s;
}

/* POSTs the JSON text body to url; resp must be freed in every case. */
static bool post_json(struct youzan_state *s, const char *url, const char *body, struct olc_http_response *resp,
		      struct olc_fetch_result *res, struct olc_error *err)
{
	static const char *const headers[] = {"Content-Type: application/json;charset=UTF-8",
					      "Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, url);
	req.method = "POST";
	req.headers = headers;
	req.body = body;
	req.body_len = strlen(body);
	req.sends_credentials = true;
	bool ok = olc_shop_perform("Youzan", &req, resp, res, err);
	olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
	return ok;
}

/* value (stolen) as compact JSON text, malloc'd; NULL without memory. */
static char *dump(json_t *value)
{
	char *text = value ? json_dumps(value, JSON_COMPACT) : NULL;
	json_decref(value);
	return text;
}

static bool fetch_token(struct youzan_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	char *body = dump(json_pack("{s:s, s:s, s:s, s:s}", "client_id", s->client_id, "client_secret",
				    s->client_secret, "authorize_type", "silent", "grant_id", s->kdt_id));
	if (!body) {
		olc_error_set(err, "out of memory");
		return false;
	}
	struct olc_http_response resp;
	bool ok = post_json(s, s->token_url, body, &resp, res, err);
	olc_secret_free(body); /* it holds the client_secret */
	if (ok) {
		char *token = NULL;
		int64_t expires_in_s = 0;
		struct olc_youzan_answer answer;
		int64_t now = s->env.now_ms();
		/* "expires" is a time by the shop's clock (this computer's may be off by hours): how long
		 * the token lasts is reckoned by the shop's clock, and kept by ours. */
		int64_t shop_now = olc_shop_clock_now(&s->orders.clock, now);
		ok = olc_youzan_parse_token(resp.body, resp.body_len, shop_now, &token, &expires_in_s, &answer, err);
		if (ok && !olc_shop_token_set(&s->token, token, expires_in_s, now)) {
			olc_error_set(err, "out of memory");
			ok = false;
		}
		if (!ok && answer.outcome == OLC_YOUZAN_RATE_LIMITED)
			res->retry_after_ms = OLC_YOUZAN_RATE_LIMIT_WAIT_MS;
		olc_secret_free(token);
	}
	olc_http_response_free(&resp);
	return ok;
}

/* Reads one page's answer (appending to the fetch's output). */
typedef bool (*page_parser)(const char *body, size_t len, void *out, struct olc_youzan_answer *answer,
			    struct olc_parse_report *report, struct olc_error *err);

/* Calls api/version with params (borrowed) and parses the answer with parse into out: a new token
 * first when the current one is due, and once more with a new token when the answer says the token
 * is invalid or expired. */
static bool call(struct youzan_state *s, const char *api, const char *version, const json_t *params, page_parser parse,
		 void *out, struct olc_youzan_answer *answer, struct olc_fetch_result *res, struct olc_error *err)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/%s/%s", api, version);
	char *endpoint = olc_url_join(s->gateway, path);
	char *body = json_dumps(params, JSON_COMPACT);
	bool ok = endpoint && body;
	if (!ok)
		olc_error_set(err, "out of memory");
	for (int attempt = 0; ok && attempt < 2; attempt++) {
		if (olc_shop_token_due(&s->token, s->env.now_ms()) && !fetch_token(s, res, err)) {
			ok = false;
			break;
		}
		char *url = olc_url_with_query(endpoint, "access_token", s->token.value);
		if (!url) {
			olc_error_set(err, "out of memory");
			ok = false;
			break;
		}
		struct olc_http_response resp;
		ok = post_json(s, url, body, &resp, res, err);
		olc_secret_free(url);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			ok = parse(resp.body, resp.body_len, out, answer, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
			} else {
				olc_error_set(err, "Youzan %s: %s", api, why.text);
				if (answer->outcome == OLC_YOUZAN_RATE_LIMITED)
					res->retry_after_ms = OLC_YOUZAN_RATE_LIMIT_WAIT_MS;
			}
		}
		olc_http_response_free(&resp);
		if (ok || answer->outcome != OLC_YOUZAN_TOKEN_INVALID || attempt > 0)
			break;
		/* The shop says the token expired before we expected: one new token, one more try. */
		olc_shop_token_clear(&s->token);
		ok = true;
	}
	free(endpoint);
	free(body);
	return ok;
}

static bool parse_products_page(const char *body, size_t len, void *out, struct olc_youzan_answer *answer,
				struct olc_parse_report *report, struct olc_error *err)
{
	return olc_youzan_parse_products(body, len, out, answer, report, err);
}

/* Whether another page follows page (from 1) of per_page entries. */
static bool more_pages(const struct olc_youzan_answer *answer, int page, int per_page)
{
	if (answer->listed < (size_t)per_page)
		return false;
	return answer->total < 0 || (int64_t)page * per_page < answer->total;
}

/* The memos of the products of out, in its order: what an earlier read learnt of an item is kept
 * while the list gives the same price and quantity; items no longer listed are forgotten. */
static bool remember_listed(struct youzan_state *s, const struct olc_catalog *out, struct olc_error *err)
{
	struct sku_memo *fresh = calloc(out->count ? out->count : 1, sizeof(*fresh));
	if (!fresh) {
		olc_error_set(err, "out of memory");
		return false;
	}
	size_t next = 0; /* where the last match was, plus one: lists keep their order */
	for (size_t i = 0; i < out->count; i++) {
		const struct olc_product *p = &out->products[i];
		struct sku_memo *m = &fresh[i];
		struct sku_memo *old = NULL;
		for (size_t k = 0; k < s->memo_count && !old; k++) {
			struct sku_memo *at = &s->memos[(next + k) % s->memo_count];
			if (at->item_id && strcmp(at->item_id, p->id) == 0) {
				old = at;
				next = (next + k) % s->memo_count + 1;
			}
		}
		if (old) {
			*m = *old;
			old->item_id = NULL;
		} else if (!(m->item_id = olc_strdup(p->id))) {
			memos_free(fresh, out->count);
			olc_error_set(err, "out of memory");
			return false;
		}
		if (m->price != p->price.minor || m->has_stock != p->has_stock || m->stock != p->stock) {
			m->known = false;
			m->failed_ms = 0;
		}
		m->price = p->price.minor;
		m->has_stock = p->has_stock;
		m->stock = p->stock;
	}
	memos_free(s->memos, s->memo_count);
	s->memos = fresh;
	s->memo_count = out->count;
	return true;
}

struct item_out {
	const char *item_id;
	struct olc_sku_summary *skus;
	bool answered; /* the parser ran: the shop answered the call */
};

static bool parse_item_page(const char *body, size_t len, void *out, struct olc_youzan_answer *answer,
			    struct olc_parse_report *report, struct olc_error *err)
{
	struct item_out *item = out;
	item->answered = true;
	olc_parse_report_init(report);
	return olc_youzan_parse_item(body, len, item->item_id, item->skus, answer, err);
}

/* Each product's SKUs, by youzan.item.get for the items whose memo is not known, at most
 * OLC_YOUZAN_ITEM_GETS_PER_FETCH calls and OLC_YOUZAN_ITEM_GET_BUDGET_MS of them per read (the rest
 * show their listed price until a later read; the order polls wait while this runs). An item whose
 * item.get is refused or unreadable shows its listed price and is asked again only after
 * OLC_YOUZAN_ITEM_GET_RETRY_MS or when its listing changes; the gateway refusing the API itself
 * stops every item.get for as long; a rate limit stops this read's calls. All of these are said in
 * res->warning: the products were read from the list, none is rejected. The token or the
 * connection failing fails the read. */
static bool fetch_skus(struct youzan_state *s, struct olc_catalog *out, struct olc_fetch_result *res,
		       struct olc_error *err)
{
	const int64_t now = s->env.now_ms(), started = olc_clock_mono_ms();
	size_t calls = 0, waiting = 0, unread = 0;
	bool limited = false;
	bool refused = s->item_get_refused_ms != 0 && now - s->item_get_refused_ms < OLC_YOUZAN_ITEM_GET_RETRY_MS;
	for (size_t i = 0; i < out->count; i++) {
		struct sku_memo *m = &s->memos[i];
		struct olc_product *p = &out->products[i];
		if (m->known) {
			if (m->skus.count > 0 && !apply_skus(&m->skus, p, err))
				return false;
			continue;
		}
		if (refused || (m->failed_ms != 0 && now - m->failed_ms < OLC_YOUZAN_ITEM_GET_RETRY_MS)) {
			unread++;
			continue;
		}
		if (limited || calls >= OLC_YOUZAN_ITEM_GETS_PER_FETCH ||
		    olc_clock_mono_ms() - started >= OLC_YOUZAN_ITEM_GET_BUDGET_MS) {
			waiting++;
			continue;
		}
		if (olc_cancel_is_set(s->env.cancel)) {
			olc_error_set(err, "stopped before the catalog was read");
			return false;
		}
		struct olc_sku_summary skus;
		struct item_out item = {p->id, &skus, false};
		struct olc_youzan_answer answer;
		struct olc_error why;
		char shown[OLC_EXCERPT_LEN];
		answer_init(&answer);
		calls++;
		json_t *params = json_pack("{s:o}", "item_id", olc_shop_id_json(p->id));
		bool ok = params && call(s, OLC_YOUZAN_ITEM_API, OLC_YOUZAN_ITEM_VERSION, params, parse_item_page, &item,
					 &answer, res, &why);
		json_decref(params);
		if (!params) {
			olc_error_set(err, "out of memory");
			return false;
		}
		if (!ok && (!item.answered || answer.outcome == OLC_YOUZAN_TOKEN_INVALID)) {
			*err = why;
			return false;
		}
		if (!ok && answer.outcome == OLC_YOUZAN_RATE_LIMITED) {
			limited = true;
			waiting++;
			continue;
		}
		if (!ok) {
			/* why reads "Youzan youzan.item.get: ...": the warning names Youzan once. */
			const char *words = strncmp(why.text, "Youzan ", 7) == 0 ? why.text + 7 : why.text;
			m->failed_ms = now;
			unread++;
			if (strcmp(answer.envelope, "gw_err_resp") == 0) {
				refused = true;
				s->item_get_refused_ms = now;
				olc_error_set(&s->item_get_failure, "%s", words);
			} else {
				olc_error_set(&s->item_get_failure, "product %zu (id %s): %s", i + 1,
					      olc_error_excerpt(shown, sizeof(shown), p->id), words);
			}
			continue;
		}
		m->known = true;
		m->failed_ms = 0;
		m->skus = skus;
		if (m->skus.count > 0 && !apply_skus(&m->skus, p, err))
			return false;
	}
	if (!refused)
		s->item_get_refused_ms = 0;
	/* The read succeeded: a rate limit met by item.get is no reason to wait before the next one. */
	if (limited)
		res->retry_after_ms = -1;

	const bool one_unread = unread == 1, one_waiting = waiting == 1;
	char why_waiting[120], waiting_text[sizeof(why_waiting) + 100] = "";
	char unread_text[sizeof(s->item_get_failure.text) + 200] = "";
	if (unread > 0 && refused)
		snprintf(unread_text, sizeof(unread_text), "%zu %s listed price for %d minutes: %s", unread,
			 one_unread ? "product shows its" : "products show their", OLC_YOUZAN_ITEM_GET_RETRY_MS / 60000,
			 s->item_get_failure.text);
	else if (unread > 0)
		snprintf(unread_text, sizeof(unread_text),
			 "%zu %s listed price, %s SKUs unread (asked again in %d minutes or when listed anew; the last "
			 "reason: %s)",
			 unread, one_unread ? "product shows its" : "products show their", one_unread ? "its" : "their",
			 OLC_YOUZAN_ITEM_GET_RETRY_MS / 60000, s->item_get_failure.text);
	if (limited)
		snprintf(why_waiting, sizeof(why_waiting), "Youzan is limiting requests");
	else
		snprintf(why_waiting, sizeof(why_waiting),
			 "a catalog read makes at most %d youzan.item.get calls in at most %d s, to spare the shop's "
			 "API quota",
			 OLC_YOUZAN_ITEM_GETS_PER_FETCH, OLC_YOUZAN_ITEM_GET_BUDGET_MS / 1000);
	if (waiting > 0)
		snprintf(waiting_text, sizeof(waiting_text), "%zu %s listed price until %s SKUs are read (%s)", waiting,
			 one_waiting ? "product shows its" : "products show their", one_waiting ? "its" : "their",
			 why_waiting);
	if (unread_text[0] || waiting_text[0])
		olc_error_set(&res->warning, "Youzan: %s%s%s", unread_text, unread_text[0] && waiting_text[0] ? "; " : "",
			      waiting_text);
	return true;
}

static bool youzan_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
				 struct olc_error *err)
{
	struct youzan_state *s = data;
	olc_fetch_result_init(res);
	bool ok = true, more = true;
	for (int page = 1; ok && more && page <= OLC_YOUZAN_MAX_PAGES; page++) {
		json_t *params = json_pack("{s:i, s:i}", "page_no", page, "page_size", OLC_YOUZAN_ITEMS_PER_PAGE);
		struct olc_youzan_answer answer;
		answer_init(&answer);
		ok = params && call(s, OLC_YOUZAN_ITEMS_API, OLC_YOUZAN_ITEMS_VERSION, params, parse_products_page, out,
				    &answer, res, err);
		if (!params)
			olc_error_set(err, "out of memory");
		json_decref(params);
		more = ok && more_pages(&answer, page, OLC_YOUZAN_ITEMS_PER_PAGE);
	}
	/* The list gives each item's lowest price and total stock, never its SKUs: item.get does. */
	ok = ok && remember_listed(s, out, err) && fetch_skus(s, out, res, err);
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, CURRENCY, 4);
	return true;
}

struct orders_page {
	struct olc_order_list *got;
	int64_t paid_since_ms;
};

static bool parse_orders_page(const char *body, size_t len, void *out, struct olc_youzan_answer *answer,
			      struct olc_parse_report *report, struct olc_error *err)
{
	struct orders_page *page = out;
	return olc_youzan_parse_orders(body, len, page->paid_since_ms, page->got, answer, report, err);
}

static bool youzan_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
				struct olc_error *err)
{
	(void)wait_ms; /* the open API cannot hold a request open: plain polling */
	struct youzan_state *s = data;
	olc_fetch_result_init(res);

	/* The window is reckoned by the shop's clock, which its answers tell (the Date header): on a
	 * first poll, the token's answer tells it before the window is set. */
	if (olc_shop_token_due(&s->token, s->env.now_ms()) && !fetch_token(s, res, err))
		return false;
	int64_t shop_now = olc_shop_clock_now(&s->orders.clock, s->env.now_ms());
	/* Never after the shop's clock: a clock that stepped back must not leave start past end. */
	int64_t from = s->window_started && s->window_end_ms < shop_now ? s->window_end_ms : shop_now;
	int64_t start = from - OLC_YOUZAN_ORDER_OVERLAP_MS;
	if (!s->window_started)
		s->paid_since_ms = start;
	char start_text[OLC_ISO8601_LEN], end_text[OLC_ISO8601_LEN];
	olc_wall_time_format(start, OLC_CHINA_OFFSET_MINUTES, start_text);
	/* The end a minute ahead: the shop's clock is known to whole seconds (its Date header), and
	 * a trade updated in the second before the call must not fall after the window. */
	olc_wall_time_format(shop_now + END_LEAD_MS, OLC_CHINA_OFFSET_MINUTES, end_text);

	struct olc_order_list got;
	olc_order_list_init(&got);
	struct orders_page page_out = {&got, s->paid_since_ms};
	bool ok = true, more = true;
	for (int page = 1; ok && more && page <= OLC_YOUZAN_MAX_PAGES; page++) {
		json_t *params = json_pack("{s:s, s:s, s:i, s:i}", "start_update", start_text, "end_update", end_text,
					   "page_no", page, "page_size", OLC_YOUZAN_TRADES_PER_PAGE);
		struct olc_youzan_answer answer;
		answer_init(&answer);
		ok = params && call(s, OLC_YOUZAN_TRADES_API, OLC_YOUZAN_TRADES_VERSION, params, parse_orders_page,
				    &page_out, &answer, res, err);
		if (!params)
			olc_error_set(err, "out of memory");
		json_decref(params);
		more = ok && more_pages(&answer, page, OLC_YOUZAN_TRADES_PER_PAGE);
	}

	ok = ok && olc_order_window_take(&s->orders, "Youzan", s->env.now_ms(), &got, out, res, err);
	if (ok) {
		/* The next window starts where this one ended, less the overlap. */
		s->window_end_ms = shop_now;
		s->window_started = true;
	}
	olc_order_list_free(&got);
	return ok;
}

const struct olc_provider_ops olc_provider_youzan_ops = {
	.name = "youzan",
	.check = youzan_check,
	.create = youzan_create,
	.destroy = youzan_destroy,
	.fetch_catalog = youzan_fetch_catalog,
	.fetch_orders = youzan_fetch_orders,
	.default_poll_ms = 10000,
	.buys_in_app_cart = false, /* a WeChat web shop: the QR code opens it */
};
