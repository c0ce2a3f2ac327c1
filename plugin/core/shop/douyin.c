#include "core/shop/douyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/shop/token.h"
#include "core/base/text.h"
#include "core/net/url.h"
#include "core/sys/digest.h"

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)
#define SHOP   "Douyin"

/* ---- signing ---- */

bool olc_douyin_sign(const char *app_key, const char *app_secret, const char *method, int64_t timestamp,
		     const char *param_json, char out[OLC_DOUYIN_SIGN_LEN + 1])
{
	char ts[24];
	snprintf(ts, sizeof(ts), "%lld", (long long)timestamp);
	/* secret, then the fields in their names' alphabetical order, "v2", secret again */
	const char *parts[] = {app_secret, "app_key",   app_key, "method", method,    "param_json",
			       param_json, "timestamp", ts,      "v2",     app_secret};
	size_t n = sizeof(parts) / sizeof(parts[0]), total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(parts[i]);
	char *text = malloc(total + 1);
	if (!text)
		return false;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(parts[i]);
		memcpy(text + at, parts[i], len);
		at += len;
	}
	text[at] = '\0';
	uint8_t mac[OLC_SHA256_BYTES];
	bool ok = olc_hmac_sha256(app_secret, strlen(app_secret), text, at, mac);
	olc_secret_free(text); /* it holds the secret twice */
	if (ok)
		olc_hex_encode(mac, sizeof(mac), false, out);
	olc_wipe(mac, sizeof(mac));
	return ok;
}

char *olc_douyin_param_json(const json_t *params)
{
	/* jansson writes UTF-8 as it is and escapes neither & < > nor / unless asked
	 * (JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH): what Douyin's SDKs send (Go's encoder with
	 * SetEscapeHTML(false) over a map, whose keys it sorts). Go alone writes U+2028 and U+2029
	 * as escapes; no parameter we send (numbers, ids, fixed words) can hold them. */
	return json_dumps(params, JSON_SORT_KEYS | JSON_COMPACT);
}

bool olc_douyin_method_path(const char *method, char *buf, size_t len)
{
	size_t n = method ? strlen(method) : 0;
	if (n == 0 || n + 2 > len || method[0] == '.' || method[n - 1] == '.')
		return false;
	buf[0] = '/';
	for (size_t i = 0; i < n; i++) {
		char c = method[i];
		bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (!word && c != '.')
			return false;
		if (c == '.' && method[i + 1] == '.')
			return false;
		buf[i + 1] = c == '.' ? '/' : c;
	}
	buf[n + 1] = '\0';
	return true;
}

/* ---- answers ---- */

static bool starts_with(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

enum olc_douyin_failure olc_douyin_classify(int64_t code, const char *sub_code)
{
	const char *sub = sub_code ? sub_code : "";
	if (code == OLC_DOUYIN_SUCCESS)
		return OLC_DOUYIN_OK;
	if (starts_with(sub, "isv.access-token-"))
		return OLC_DOUYIN_TOKEN; /* expired, no-existed, invalid (not this app's), missing */
	if (starts_with(sub, "isv.signature-"))
		return OLC_DOUYIN_SIGNATURE;
	if (starts_with(sub, "isv.app-id-"))
		return OLC_DOUYIN_APP_KEY;
	if (starts_with(sub, "isv.timestamp-"))
		return OLC_DOUYIN_TIMESTAMP;
	if (starts_with(sub, "dop.token-generate-failed"))
		return OLC_DOUYIN_CREDENTIALS;
	switch (code) {
	case 30001:
		return OLC_DOUYIN_PERMISSION;
	case 30002:
		return OLC_DOUYIN_IP;
	case 50001:
		return OLC_DOUYIN_CREDENTIALS; /* the platform could not make a token */
	case 60000:
		return OLC_DOUYIN_RATE_LIMIT;
	default:
		return OLC_DOUYIN_OTHER;
	}
}

/* The failure of st in plain words, naming what the merchant should check. The answer's own
 * texts are quoted only for codes we do not know (and cut short). */
static void describe(const struct olc_douyin_status *st, const json_t *root, struct olc_error *err)
{
	char sub[sizeof(st->sub_code)], said[160];
	olc_error_excerpt(sub, sizeof(sub), st->sub_code[0] ? st->sub_code : "no sub_code");
	switch (st->failure) {
	case OLC_DOUYIN_TOKEN:
		olc_error_set(err, "the access token was refused (%s)", sub);
		return;
	case OLC_DOUYIN_SIGNATURE:
		olc_error_set(err,
			      "the request's signature was refused (%s): check the App Secret (抖店开放平台 > "
			      "控制台 > 应用 > 应用凭证)",
			      sub);
		return;
	case OLC_DOUYIN_APP_KEY:
		olc_error_set(err, "the App Key was refused (%s): check it in 抖店开放平台 > 控制台", sub);
		return;
	case OLC_DOUYIN_PERMISSION:
		olc_error_set(err,
			      "the app may not do this (%lld, %s): check that the app has the product "
			      "and order permissions (权限包) and that the shop still authorises it",
			      (long long)st->code, sub);
		return;
	case OLC_DOUYIN_IP:
		olc_error_set(err, "this computer's IP address is not allowed (30002): add it to the app's IP "
				   "allow-list (IP白名单) or turn the list off");
		return;
	case OLC_DOUYIN_CREDENTIALS:
		olc_error_set(err,
			      "no access token was given (%s): check the App Key, the App Secret and the "
			      "shop ID, and that the self-use app is authorised for this shop",
			      sub);
		return;
	case OLC_DOUYIN_RATE_LIMIT:
		olc_error_set(err, "too many requests (%lld): waiting before the next try", (long long)st->code);
		return;
	case OLC_DOUYIN_TIMESTAMP:
		olc_error_set(err, "the request's time was refused (%s): check this computer's clock", sub);
		return;
	default: {
		const char *text = json_string_value(json_object_get(root, "sub_msg"));
		if (!text || !*text)
			text = json_string_value(json_object_get(root, "msg"));
		olc_error_set(err, "code %lld (%s): %s", (long long)st->code, sub,
			      olc_error_excerpt(said, sizeof(said), text && *text ? text : "no message"));
		return;
	}
	}
}

bool olc_douyin_parse_envelope(const char *body, size_t len, json_t **root, const json_t **data,
			       struct olc_douyin_status *st, struct olc_error *err)
{
	memset(st, 0, sizeof(*st));
	st->failure = OLC_DOUYIN_OTHER;
	*root = NULL;
	*data = NULL;
	json_t *r = olc_shop_json_load(body, len, err);
	if (!r)
		return false;
	if (!json_is_object(r)) {
		olc_error_set(err, "expected an object ({...}) at the top, found %s", olc_json_kind(r));
		json_decref(r);
		return false;
	}
	const json_t *code = json_object_get(r, "code");
	if (!json_is_integer(code)) {
		if (!code)
			olc_error_set(err, "the answer has no \"code\": not an answer of Douyin's open platform");
		else
			olc_error_set(err, "\"code\" must be a whole number, not %s", olc_json_kind(code));
		json_decref(r);
		return false;
	}
	st->code = json_integer_value(code);
	const char *sub = json_string_value(json_object_get(r, "sub_code"));
	if (sub && strlen(sub) < sizeof(st->sub_code))
		memcpy(st->sub_code, sub, strlen(sub) + 1);
	st->failure = olc_douyin_classify(st->code, st->sub_code);
	if (st->failure != OLC_DOUYIN_OK) {
		describe(st, r, err);
		json_decref(r);
		return false;
	}
	*root = r;
	*data = json_object_get(r, "data");
	return true;
}

void olc_douyin_token_free(struct olc_douyin_token *t)
{
	olc_secret_free(t->access_token);
	olc_secret_free(t->refresh_token);
	memset(t, 0, sizeof(*t));
}

bool olc_douyin_parse_token(const char *body, size_t len, struct olc_douyin_token *out, struct olc_douyin_status *st,
			    struct olc_error *err)
{
	json_t *root;
	const json_t *data;
	memset(out, 0, sizeof(*out));
	if (!olc_douyin_parse_envelope(body, len, &root, &data, st, err))
		return false;
	const char *access, *refresh;
	bool has_expiry;
	int64_t expires_in = 0;
	struct olc_error why;
	bool ok = false;
	if (!json_is_object(data)) {
		olc_error_set(err, "the token answer's \"data\" must be an object, not %s", olc_json_kind(data));
	} else if (!olc_shop_text(data, "access_token", true, &access, &why) ||
		   !olc_shop_text(data, "refresh_token", false, &refresh, &why) ||
		   !olc_shop_integer(data, "expires_in", false, &has_expiry, &expires_in, &why)) {
		olc_error_set(err, "the token answer: %s", why.text);
	} else if (strpbrk(access, "\r\n") || (refresh && strpbrk(refresh, "\r\n"))) {
		olc_error_set(err, "the token answer holds a line break");
	} else {
		out->access_token = olc_strdup(access);
		out->refresh_token = refresh ? olc_strdup(refresh) : NULL;
		out->expires_in_s = has_expiry && expires_in > 0 ? expires_in : 0;
		ok = out->access_token && (!refresh || out->refresh_token);
		if (!ok) {
			olc_douyin_token_free(out);
			olc_error_set(err, "out of memory");
		}
	}
	json_decref(root);
	return ok;
}

/* data.<list> of a paged answer (*items NULL when Douyin leaves it out: nothing on this page) and
 * data.total (-1 when absent). */
static bool paged_list(const json_t *data, const char *list, const json_t **items, int64_t *total,
		       struct olc_error *err)
{
	bool has_total;
	*total = -1;
	*items = NULL;
	if (!json_is_object(data)) {
		olc_error_set(err, "\"data\" must be an object, not %s", olc_json_kind(data));
		return false;
	}
	const json_t *value = json_object_get(data, list);
	if (value && !json_is_null(value) && !json_is_array(value)) {
		olc_error_set(err, "\"data.%s\" must be a list, not %s", list, olc_json_kind(value));
		return false;
	}
	if (!olc_shop_integer(data, "total", false, &has_total, total, err))
		return false;
	if (!has_total)
		*total = -1;
	*items = json_is_array(value) ? value : NULL;
	return true;
}

/* ---- products ---- */

static bool read_product_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	/* A 19-digit number that jansson reads exactly as an integer; product_id_str when given. */
	if (json_is_string(json_object_get(item, "product_id_str")))
		return olc_shop_id(item, "product_id_str", buf, len, err);
	return olc_shop_id(item, "product_id", buf, len, err);
}

static bool read_listed_product(const json_t *item, const char *currency, const char *id, struct olc_product *p,
				struct olc_error *err)
{
	const char *name, *img;
	if (!olc_shop_text(item, "name", true, &name, err) || !olc_shop_text(item, "img", false, &img, err))
		return false;
	char link[sizeof(OLC_DOUYIN_PRODUCT_PAGE) + ID_MAX];
	snprintf(link, sizeof(link), "%s%s", OLC_DOUYIN_PRODUCT_PAGE, id);
	/* market_price: the 划线价 (struck-through price) in fen, 0 or absent when there is none. Kept
	 * here and dropped again once the SKUs' prices are known, unless it is above them. */
	bool has_market;
	int64_t market = 0;
	if (!olc_shop_integer(item, "market_price", false, &has_market, &market, err))
		return false;
	struct olc_money unknown, was;
	olc_money_set(&unknown, 0, currency);
	const bool compare = has_market && market > 0 && olc_money_set(&was, market, currency);
	return olc_shop_product_set(p, id, name, link, img, &unknown, compare ? &was : NULL, err);
}

/* The products on sale: status 0 ("在线"); 1 is offline, 2 deleted. Absent: on sale. */
static bool on_sale(const json_t *item)
{
	const json_t *status = json_object_get(item, "status");
	return !status || json_is_null(status) || (json_is_integer(status) && json_integer_value(status) == 0);
}

bool olc_douyin_parse_products(const char *body, size_t len, struct olc_catalog *out, int64_t *total,
			       struct olc_douyin_status *st, struct olc_parse_report *report, struct olc_error *err)
{
	json_t *root;
	const json_t *data;
	olc_parse_report_init(report);
	*total = -1;
	if (!olc_douyin_parse_envelope(body, len, &root, &data, st, err))
		return false;
	const json_t *items;
	bool ok = paged_list(data, "data", &items, total, err);
	/* The products on sale go to the reader; anything that is not an object stays, for the
	 * reader to reject with its reason. */
	json_t *list = ok ? json_array() : NULL;
	for (size_t i = 0; list && i < json_array_size(items); i++) {
		const json_t *item = json_array_get(items, i);
		if (json_is_object(item) && !on_sale(item))
			continue;
		if (json_array_append(list, (json_t *)item) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	if (ok && !list) {
		olc_error_set(err, "out of memory");
		ok = false;
	}
	const struct olc_product_reader reader = {
		.read_id = read_product_id, .read_product = read_listed_product, .paged = true};
	ok = ok && olc_shop_read_products(list, "CNY", &reader, out, report, err);
	json_decref(list);
	json_decref(root);
	return ok;
}

/* A SKU's stock: stock_num for ordinary stock (sku_type 0), the sum of stock_map for regional
 * stock (sku_type 1). *tracked false when the SKU gives no count. */
static bool read_sku_stock(const json_t *sku, bool *tracked, int64_t *stock, struct olc_error *err)
{
	bool has_type, has_num;
	int64_t type = 0, num = 0;
	*tracked = false;
	*stock = 0;
	if (!olc_shop_integer(sku, "sku_type", false, &has_type, &type, err) ||
	    !olc_shop_integer(sku, "stock_num", false, &has_num, &num, err))
		return false;
	const json_t *map = json_object_get(sku, "stock_map");
	if (has_type && type == 1 && json_is_object(map) && json_object_size(map) > 0) {
		const char *warehouse;
		const json_t *value;
		int64_t sum = 0;
		json_object_foreach((json_t *)map, warehouse, value)
		{
			int64_t v = json_integer_value(value);
			if (!json_is_integer(value) || v < 0 || v > INT64_MAX - sum) {
				olc_error_set(err,
					      "\"stock_map\" holds a count that is not a whole number of 0 or more");
				return false;
			}
			sum += v;
		}
		*tracked = true;
		*stock = sum;
		return true;
	}
	if (has_num) {
		*tracked = true;
		*stock = num;
	}
	return true;
}

bool olc_douyin_parse_skus(const char *body, size_t len, struct olc_product *p, struct olc_douyin_status *st,
			   struct olc_error *err)
{
	json_t *root;
	const json_t *data;
	if (!olc_douyin_parse_envelope(body, len, &root, &data, st, err))
		return false;
	/* sku.list's data is the list itself; some gateways wrap it as {"data": [...]}. */
	if (json_is_object(data) && json_is_array(json_object_get(data, "data")))
		data = json_object_get(data, "data");
	bool ok = true;
	if (!json_is_array(data)) {
		olc_error_set(err, "the SKU list (\"data\") must be a list, not %s", olc_json_kind(data));
		ok = false;
	}
	struct olc_sku_summary summary;
	olc_sku_summary_init(&summary);
	for (size_t i = 0; ok && i < json_array_size(data); i++) {
		const json_t *sku = json_array_get(data, i);
		char owner[ID_MAX];
		bool has_price, tracked;
		int64_t fen = 0, stock = 0;
		struct olc_money price;
		struct olc_error why;
		if (!json_is_object(sku)) {
			olc_error_set(&why, "expected an object ({...}), found %s", olc_json_kind(sku));
			ok = false;
		} else if ((json_object_get(sku, "product_id") || json_object_get(sku, "product_id_str")) &&
			   read_product_id(sku, owner, sizeof(owner), &why) && strcmp(owner, p->id) != 0) {
			olc_error_set(&why, "it belongs to another product");
			ok = false;
		} else if (!olc_shop_integer(sku, "price", true, &has_price, &fen, &why) ||
			   !read_sku_stock(sku, &tracked, &stock, &why)) {
			ok = false;
		} else if (fen < 0) {
			olc_error_set(&why, "\"price\" %lld fen is below zero", (long long)fen);
			ok = false;
		} else if (!olc_money_set(&price, fen, "CNY") ||
			   !olc_sku_summary_add(&summary, &price, tracked, stock, &why)) {
			ok = false;
		}
		if (!ok)
			olc_error_set(err, "SKU %zu: %s", i + 1, why.text);
	}
	if (ok)
		ok = olc_sku_summary_apply(&summary, p, err);
	if (ok && p->has_compare_at && !olc_product_on_sale(p))
		p->has_compare_at = false; /* a market price at or below the SKUs' is no discount */
	json_decref(root);
	return ok;
}

/* ---- orders ---- */

bool olc_douyin_status_paid(int64_t order_status)
{
	switch (order_status) {
	case 105: /* paid */
	case 2:   /* to ship (备货中) */
	case 101: /* partly shipped */
	case 3:   /* shipped */
	case 5:   /* completed */
		return true;
	default: /* 1 unpaid, 4 cancelled, and anything new */
		return false;
	}
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_quantity, has_amount;
	int64_t quantity, fen;
	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	if (!read_product_id(line, product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "item_num", true, &has_quantity, &quantity, err) ||
	    !olc_shop_integer(line, "pay_amount", true, &has_amount, &fen, err))
		return false;
	if (fen < 0) {
		olc_error_set(err, "\"pay_amount\" %lld fen is below zero", (long long)fen);
		return false;
	}
	if (!olc_shop_order_line(o, product_id, quantity, err))
		return false;
	olc_money_set(&o->total, fen, currency);
	return true;
}

/* The text at object.outer.inner.key, or NULL: the address is decoration, never a reason to
 * drop an order. */
static const char *nested_text(const json_t *object, const char *outer, const char *inner, const char *key)
{
	const char *text =
		json_string_value(json_object_get(json_object_get(json_object_get(object, outer), inner), key));
	return text && *text ? text : NULL;
}

/* Reads one shop order into its lines (paid ones only); false only when memory runs out. */
static bool read_order(const json_t *item, size_t index, struct olc_order_list *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	bool has_status, has_pay, has_update, has_create;
	int64_t status, pay_s = 0, update_s = 0, create_s = 0;
	const char *buyer;
	struct olc_error why;

	if (!json_is_object(item)) {
		olc_parse_report_reject(report, "order %zu: expected an object ({...}), found %s", index + 1,
					olc_json_kind(item));
		return true;
	}
	if (!olc_shop_id(item, "order_id", id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "order %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	if (!olc_shop_integer(item, "order_status", true, &has_status, &status, &why) ||
	    !olc_shop_integer(item, "pay_time", false, &has_pay, &pay_s, &why) ||
	    !olc_shop_integer(item, "update_time", false, &has_update, &update_s, &why) ||
	    !olc_shop_integer(item, "create_time", false, &has_create, &create_s, &why) ||
	    !olc_shop_text(item, "mask_post_receiver", false, &buyer, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	if (!olc_douyin_status_paid(status))
		return true; /* not a sale (yet): unpaid or cancelled */
	/* Dated when paid: the moment it became a sale. */
	int64_t when_s = has_pay && pay_s > 0 ? pay_s : has_update && update_s > 0 ? update_s : create_s;
	if (when_s <= 0 || when_s > INT64_MAX / 1000) {
		olc_parse_report_reject(report, "order %zu (id %s): no \"pay_time\" or \"create_time\"", index + 1,
					shown);
		return true;
	}
	const json_t *lines = json_object_get(item, "sku_order_list");
	if (!json_is_array(lines)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"sku_order_list\" must be a list, not %s",
					index + 1, shown, olc_json_kind(lines));
		return true;
	}
	const char *city = nested_text(item, "post_addr", "city", "name");
	if (!city)
		city = nested_text(item, "mask_post_addr", "city", "name");

	const struct olc_order_head head = {index, id, shown, when_s * 1000, buyer, city, false};
	return olc_shop_read_order_lines(lines, &head, "CNY", read_line, out, report);
}

bool olc_douyin_parse_orders(const char *body, size_t len, struct olc_order_list *out, int64_t *total,
			     struct olc_douyin_status *st, struct olc_parse_report *report, struct olc_error *err)
{
	json_t *root;
	const json_t *data;
	olc_parse_report_init(report);
	*total = -1;
	if (!olc_douyin_parse_envelope(body, len, &root, &data, st, err))
		return false;
	const json_t *orders;
	bool ok = paged_list(data, "shop_order_list", &orders, total, err);
	for (size_t i = 0; ok && i < json_array_size(orders); i++) {
		if (!read_order(json_array_get(orders, i), i, out, report)) {
			olc_error_set(err, "out of memory while reading orders");
			ok = false;
		}
	}
	json_decref(root);
	return ok;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096

struct douyin_state {
	char *base; /* the gateway, without a trailing '/' */
	char *app_key;
	char *app_secret;
	char *shop_id;
	struct olc_shop_token token;
	char *refresh_token; /* the last token answer's; NULL: none */
	struct olc_order_window orders;
	struct olc_shop_env env;
};

static const char *gateway_of(const struct olc_connection *c)
{
	return c->url && *c->url ? c->url : OLC_DOUYIN_GATEWAY;
}

static bool douyin_check(const struct olc_connection *c, struct olc_error *err)
{
	const char *url = gateway_of(c);
	if (!olc_url_is_web(url)) {
		olc_error_set(err, "the Douyin gateway must be a web address (https://...); leave it empty for "
				   "Douyin's own");
		return false;
	}
	if (!c->key || !*c->key || !c->secret || !*c->secret || !c->shop_id || !*c->shop_id) {
		olc_error_set(err, "Douyin needs the self-use app's App Key and App Secret (抖店开放平台 > 控制台) "
				   "and the shop ID (抖店后台 > 店铺 > 店铺基本信息)");
		return false;
	}
	if (!olc_url_may_carry_credentials(url)) {
		olc_error_set(err, "the Douyin access token is only sent over https: the gateway must start with "
				   "https://");
		return false;
	}
	return true;
}

static void douyin_destroy(void *data)
{
	struct douyin_state *s = data;
	if (!s)
		return;
	free(s->base);
	olc_secret_free(s->app_key);
	olc_secret_free(s->app_secret);
	free(s->shop_id);
	olc_shop_token_clear(&s->token);
	olc_secret_free(s->refresh_token);
	olc_order_window_free(&s->orders);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *douyin_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!douyin_check(c, err))
		return NULL;
	struct douyin_state *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_shop_token_init(&s->token);
	bool ok = olc_str_set(&s->base, gateway_of(c)) && olc_str_set(&s->app_key, c->key) &&
		  olc_str_set(&s->app_secret, c->secret) && olc_str_set(&s->shop_id, c->shop_id) &&
		  olc_order_window_init(&s->orders, SEEN_CAPACITY) && olc_shop_env_init(&s->env, env);
	if (!ok) {
		olc_error_set(err, "out of memory");
		douyin_destroy(s);
		return NULL;
	}
	size_t n = strlen(s->base);
	while (n > 0 && s->base[n - 1] == '/')
		s->base[--n] = '\0';
	return s;
}

/* url with each {key, value} of pairs (count of them) added to its query; malloc'd or NULL. */
static char *with_query(const char *url, const char *const (*pairs)[2], size_t count)
{
	char *at = olc_strdup(url);
	for (size_t i = 0; at && i < count; i++) {
		char *next = olc_url_with_query(at, pairs[i][0], pairs[i][1]);
		olc_secret_free(at); /* a URL that holds the access token */
		at = next;
	}
	return at;
}

/* POSTs one call: method with params (stolen), signed, with the access token unless it is a
 * token call. resp must be freed in every case. */
static bool post(struct douyin_state *s, const char *method, json_t *params, bool with_token,
		 struct olc_http_response *resp, struct olc_fetch_result *res, struct olc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	char path[128], ts[24], sign[OLC_DOUYIN_SIGN_LEN + 1];
	char *param_json = params ? olc_douyin_param_json(params) : NULL;
	json_decref(params);
	if (!olc_douyin_method_path(method, path, sizeof(path))) {
		free(param_json);
		olc_error_set(err, "\"%s\" is not a Douyin method name", method);
		return false;
	}
	int64_t timestamp = olc_shop_clock_now(&s->orders.clock, s->env.now_ms()) / 1000;
	snprintf(ts, sizeof(ts), "%lld", (long long)timestamp);
	if (!param_json || !olc_douyin_sign(s->app_key, s->app_secret, method, timestamp, param_json, sign)) {
		free(param_json);
		olc_error_set(err, "out of memory");
		return false;
	}
	char *endpoint = malloc(strlen(s->base) + strlen(path) + 1);
	if (endpoint) {
		strcpy(endpoint, s->base);
		strcat(endpoint, path);
	}
	/* The query Douyin's gateway reads; the access token last, and only on API calls. */
	const char *const pairs[][2] = {
		{"app_key", s->app_key},
		{"method", method},
		{"timestamp", ts},
		{"v", "2"},
		{"sign_method", "hmac-sha256"},
		{"sign", sign},
		{"access_token", s->token.value},
	};
	size_t count = sizeof(pairs) / sizeof(pairs[0]) - (with_token ? 0 : 1);
	char *url = endpoint ? with_query(endpoint, pairs, count) : NULL;
	free(endpoint);
	if (!url) {
		free(param_json);
		olc_error_set(err, "out of memory");
		return false;
	}
	/* x-open-no-old-err-code: the gateway answers with today's codes (40003 + isv.*), as its
	 * SDKs ask. */
	const char *headers[] = {"Content-Type: application/json", "Accept: application/json",
				 "x-open-no-old-err-code: 1", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, url);
	req.method = "POST";
	req.headers = headers;
	req.body = param_json;
	req.body_len = strlen(param_json);
	req.sends_credentials = true;
	bool ok = olc_shop_perform(SHOP, &req, resp, res, err);
	olc_secret_free(url);
	free(param_json);
	olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
	return ok;
}

/* Whether a call Douyin refused for its timestamp is worth one more try: our clock is off, and the
 * refusal's Date header has just taught us the gateway's (post() noted it). */
static bool retry_for_clock(const struct douyin_state *s, const struct olc_douyin_status *st, int attempt)
{
	return attempt == 0 && st->failure == OLC_DOUYIN_TIMESTAMP && s->orders.clock.known;
}

/* A token call (token.create or token.refresh); keeps the new token. st says how it failed. */
static bool token_call(struct douyin_state *s, const char *method, json_t *params, struct olc_douyin_status *st,
		       struct olc_fetch_result *res, struct olc_error *err)
{
	bool ok = false;
	for (int attempt = 0; attempt < 2; attempt++) {
		struct olc_http_response resp;
		memset(st, 0, sizeof(*st));
		st->failure = OLC_DOUYIN_OTHER;
		ok = post(s, method, json_incref(params), false, &resp, res, err);
		if (ok) {
			struct olc_douyin_token t;
			ok = olc_douyin_parse_token(resp.body, resp.body_len, &t, st, err);
			if (ok) {
				ok = olc_shop_token_set(&s->token, t.access_token, t.expires_in_s, s->env.now_ms());
				if (ok && t.refresh_token) {
					olc_secret_free(s->refresh_token);
					s->refresh_token = t.refresh_token;
					t.refresh_token = NULL;
				}
				if (!ok)
					olc_error_set(err, "out of memory");
				olc_douyin_token_free(&t);
			}
		}
		olc_http_response_free(&resp);
		if (ok || !retry_for_clock(s, st, attempt))
			break;
	}
	json_decref(params);
	return ok;
}

/* Gets a token when there is none or it is due: token.refresh when a refresh token is known,
 * token.create when there is none or the refresh is refused. */
static bool ensure_token(struct douyin_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	if (!olc_shop_token_due(&s->token, s->env.now_ms()))
		return true;
	struct olc_douyin_status st;
	bool ok = false, create = true;
	if (s->refresh_token) {
		json_t *params =
			json_pack("{s:s, s:s}", "grant_type", "refresh_token", "refresh_token", s->refresh_token);
		ok = token_call(s, "token.refresh", params, &st, res, err);
		/* A refresh Douyin refused (expired, used already) ends with a new token; a network
		 * failure, a rate limit or a refused signature is no reason to think it bad. */
		create = !ok && st.code != 0 &&
			 (st.failure == OLC_DOUYIN_CREDENTIALS || st.failure == OLC_DOUYIN_TOKEN ||
			  st.failure == OLC_DOUYIN_OTHER);
		if (create) {
			olc_secret_free(s->refresh_token);
			s->refresh_token = NULL;
		}
	}
	if (create) {
		json_t *params = json_pack("{s:s, s:s, s:o}", "code", "", "grant_type", "authorization_self", "shop_id",
					   olc_shop_id_json(s->shop_id));
		ok = token_call(s, "token.create", params, &st, res, err);
	}
	if (ok)
		return true;
	if (st.failure == OLC_DOUYIN_RATE_LIMIT)
		res->retry_after_ms = OLC_DOUYIN_RATE_LIMIT_WAIT_MS;
	olc_shop_token_clear(&s->token);
	char why[sizeof(err->text)];
	snprintf(why, sizeof(why), "%s", err->text);
	olc_error_set(err, "Douyin access token: %s", why);
	return false;
}

/* One API call with the access token: gets a token first when needed, and once more when Douyin
 * says the token expired. true with resp holding a successful answer (its code 10000); false with
 * err "Douyin <what>: <why>" and st saying which failure (code 0: no Douyin answer at all). resp
 * must be freed in every case. */
static bool api(struct douyin_state *s, const char *method, json_t *params, const char *what,
		struct olc_http_response *resp, struct olc_douyin_status *st, struct olc_fetch_result *res,
		struct olc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	memset(st, 0, sizeof(*st));
	st->failure = OLC_DOUYIN_OTHER;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!ensure_token(s, res, err)) {
			json_decref(params);
			return false;
		}
		struct olc_error why;
		json_t *root;
		const json_t *data;
		if (!post(s, method, json_incref(params), true, resp, res, err)) {
			json_decref(params);
			return false;
		}
		if (olc_douyin_parse_envelope(resp->body, resp->body_len, &root, &data, st, &why)) {
			json_decref(root);
			json_decref(params);
			return true;
		}
		if (st->failure == OLC_DOUYIN_TOKEN && attempt == 0) {
			/* Expired early or revoked: forget it, get a new one and try once more. */
			olc_shop_token_clear(&s->token);
			olc_http_response_free(resp);
			continue;
		}
		if (retry_for_clock(s, st, attempt)) {
			olc_http_response_free(resp);
			continue;
		}
		if (st->failure == OLC_DOUYIN_RATE_LIMIT)
			res->retry_after_ms = OLC_DOUYIN_RATE_LIMIT_WAIT_MS;
		olc_error_set(err, "Douyin %s: %s", what, why.text);
		json_decref(params);
		return false;
	}
	json_decref(params);
	return false; /* not reached */
}

/* Whether a failed call was Douyin refusing this one request (a business error: the rest of the
 * catalog is still worth reading), rather than the connection or the credentials failing. */
static bool only_this_request(const struct olc_douyin_status *st)
{
	return st->code != 0 && st->failure == OLC_DOUYIN_OTHER;
}

static bool douyin_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
				 struct olc_error *err)
{
	struct douyin_state *s = data;
	olc_fetch_result_init(res);

	struct olc_catalog listed;
	olc_catalog_init(&listed);
	struct olc_parse_report listing;
	olc_parse_report_init(&listing);
	bool ok = true;
	int64_t total = -1;
	for (int page = 1; ok && page <= OLC_DOUYIN_MAX_PRODUCT_PAGES; page++) {
		struct olc_http_response resp;
		struct olc_douyin_status st;
		json_t *params = json_pack("{s:i, s:i}", "page", page, "size", OLC_DOUYIN_PRODUCTS_PER_PAGE);
		ok = api(s, "product.listV2", params, "products", &resp, &st, res, err);
		size_t before = listed.count;
		struct olc_parse_report report;
		if (ok) {
			struct olc_error why;
			ok = olc_douyin_parse_products(resp.body, resp.body_len, &listed, &total, &st, &report, &why);
			if (ok)
				olc_parse_report_merge(&listing, &report);
			else
				olc_error_set(err, "Douyin products, page %d: %s", page, why.text);
		}
		olc_http_response_free(&resp);
		size_t items = listed.count - before + (ok ? report.rejected : 0);
		/* Stop at the total, or at a short page when Douyin gives no total. */
		if (!ok || (total >= 0 && (int64_t)page * OLC_DOUYIN_PRODUCTS_PER_PAGE >= total) ||
		    (total < 0 && items < OLC_DOUYIN_PRODUCTS_PER_PAGE) || items == 0)
			break;
	}

	/* Each product's SKUs: its price in fen and its stock. */
	res->report = listing;
	res->report.accepted = 0;
	for (size_t i = 0; ok && i < listed.count; i++) {
		struct olc_product *p = &listed.products[i];
		struct olc_http_response resp;
		struct olc_douyin_status st;
		struct olc_error why;
		char shown[OLC_EXCERPT_LEN];
		olc_error_excerpt(shown, sizeof(shown), p->id);
		if (olc_cancel_is_set(s->env.cancel)) {
			olc_error_set(err, "stopped before the catalog was read");
			ok = false;
			break;
		}
		json_t *params = json_pack("{s:o}", "product_id", olc_shop_id_json(p->id));
		bool got = api(s, "sku.list", params, "SKUs", &resp, &st, res, &why);
		if (got && olc_douyin_parse_skus(resp.body, resp.body_len, p, &st, &why)) {
			if (!olc_catalog_take(out, p, err))
				ok = false;
			else
				res->report.accepted++;
		} else if (!got && !only_this_request(&st)) {
			*err = why; /* the connection, the token or a rate limit: the whole fetch stops */
			ok = false;
		} else {
			olc_parse_report_reject(&res->report, "product %zu (id %s): its SKUs: %s", i + 1, shown,
						why.text);
		}
		olc_http_response_free(&resp);
	}
	olc_catalog_free(&listed);
	if (ok && out->count == 0 && res->report.rejected > 0) {
		olc_error_set(err, "no product could be read; the first problem: %s", res->report.first_rejection.text);
		ok = false;
	}
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, "CNY", 4); /* Douyin sells in yuan; prices are in fen */
	return true;
}

/* Orders whose pay time is before from_ms were paid before this window: already reported, or
 * sold before the plugin watched (an old order that was shipped now is no new sale). */
static void drop_paid_before(struct olc_order_list *got, int64_t from_ms)
{
	size_t kept = 0;
	for (size_t i = 0; i < got->count; i++) {
		if (got->orders[i].created_at_ms < from_ms) {
			olc_order_free(&got->orders[i]);
			continue;
		}
		if (kept != i)
			got->orders[kept] = got->orders[i];
		kept++;
	}
	got->count = kept;
}

static bool douyin_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
				struct olc_error *err)
{
	(void)wait_ms; /* no long-polling: plain polling */
	struct douyin_state *s = data;
	olc_fetch_result_init(res);

	int64_t now = s->env.now_ms();
	int64_t after_ms = olc_order_window_after(&s->orders, now, OLC_DOUYIN_ORDER_OVERLAP_MS);
	int64_t until_ms = olc_shop_clock_now(&s->orders.clock, now) + OLC_ORDER_FUTURE_SLACK_MS;

	struct olc_order_list got;
	olc_order_list_init(&got);
	bool ok = true;
	int64_t total = -1;
	for (int page = 0; ok && page < OLC_DOUYIN_MAX_ORDER_PAGES; page++) {
		struct olc_http_response resp;
		struct olc_douyin_status st;
		json_t *params =
			json_pack("{s:i, s:i, s:I, s:I, s:s, s:b}", "page", page, "size", OLC_DOUYIN_ORDERS_PER_PAGE,
				  "update_time_start", (json_int_t)(after_ms / 1000), "update_time_end",
				  (json_int_t)(until_ms / 1000), "order_by", "update_time", "order_asc", 1);
		ok = api(s, "order.searchList", params, "orders", &resp, &st, res, err);
		size_t items = 0;
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			size_t before = got.count;
			ok = olc_douyin_parse_orders(resp.body, resp.body_len, &got, &total, &st, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				items = got.count - before + report.rejected;
			} else {
				olc_error_set(err, "Douyin orders: %s", why.text);
			}
		}
		olc_http_response_free(&resp);
		if (!ok || (total >= 0 && (int64_t)(page + 1) * OLC_DOUYIN_ORDERS_PER_PAGE >= total) ||
		    (total < 0 && items < OLC_DOUYIN_ORDERS_PER_PAGE))
			break;
	}

	if (ok) {
		drop_paid_before(&got, after_ms);
		ok = olc_order_window_take(&s->orders, SHOP, s->env.now_ms(), &got, out, res, err);
	}
	olc_order_list_free(&got);
	return ok;
}

const struct olc_provider_ops olc_provider_douyin_ops = {
	.name = "douyin",
	.check = douyin_check,
	.create = douyin_create,
	.destroy = douyin_destroy,
	.fetch_catalog = douyin_fetch_catalog,
	.fetch_orders = douyin_fetch_orders,
	.default_poll_ms = 10000,
	.buys_in_app_cart = true,
};
