#include "core/shop/taobao.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/base/text-buf.h"
#include "core/base/text.h"
#include "core/net/url.h"
#include "core/sys/digest.h"

#define ID_MAX   (OLC_PRODUCT_ID_MAX + 1)
#define CURRENCY "CNY"

/* ---- signing ---- */

static bool lower_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char c = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (c != *b)
			return false;
	}
	return *a == *b;
}

bool olc_taobao_sign_method_parse(const char *text, enum olc_taobao_sign_method *out)
{
	if (!text || !*text || lower_equal(text, "md5")) {
		*out = OLC_TAOBAO_SIGN_MD5;
		return true;
	}
	if (lower_equal(text, "hmac-sha256")) {
		*out = OLC_TAOBAO_SIGN_HMAC_SHA256;
		return true;
	}
	return false;
}

static const char *sign_method_name(enum olc_taobao_sign_method m)
{
	return m == OLC_TAOBAO_SIGN_HMAC_SHA256 ? "hmac-sha256" : "md5";
}

static bool signed_param(const struct olc_taobao_param *p)
{
	return p->key && *p->key && p->value && *p->value && strcmp(p->key, "sign") != 0;
}

bool olc_taobao_sign(const struct olc_taobao_param *params, size_t count, const char *secret,
		     enum olc_taobao_sign_method method, char out[OLC_TAOBAO_SIGN_SIZE], struct olc_error *err)
{
	out[0] = '\0';
	const struct olc_taobao_param **sorted = calloc(count ? count : 1, sizeof(*sorted));
	if (!sorted) {
		olc_error_set(err, "out of memory");
		return false;
	}
	size_t n = 0, len = 2 * strlen(secret) + 1;
	for (size_t i = 0; i < count; i++) {
		if (!signed_param(&params[i]))
			continue;
		/* Insertion sort by name, in byte order as the SDKs' sorted maps compare. */
		size_t at = n;
		while (at > 0 && strcmp(sorted[at - 1]->key, params[i].key) > 0) {
			sorted[at] = sorted[at - 1];
			at--;
		}
		if (at > 0 && strcmp(sorted[at - 1]->key, params[i].key) == 0) {
			char shown[OLC_EXCERPT_LEN];
			olc_error_set(err, "the parameter \"%s\" is given twice",
				      olc_error_excerpt(shown, sizeof(shown), params[i].key));
			free(sorted);
			return false;
		}
		sorted[at] = &params[i];
		n++;
		len += strlen(params[i].key) + strlen(params[i].value);
	}

	char *text = malloc(len);
	if (!text) {
		free(sorted);
		olc_error_set(err, "out of memory");
		return false;
	}
	size_t at = 0;
	if (method == OLC_TAOBAO_SIGN_MD5) {
		memcpy(text + at, secret, strlen(secret));
		at += strlen(secret);
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(sorted[i]->key), v = strlen(sorted[i]->value);
		memcpy(text + at, sorted[i]->key, k);
		memcpy(text + at + k, sorted[i]->value, v);
		at += k + v;
	}
	free(sorted);

	uint8_t digest[OLC_SHA256_BYTES];
	bool ok;
	if (method == OLC_TAOBAO_SIGN_MD5) {
		memcpy(text + at, secret, strlen(secret));
		at += strlen(secret);
		ok = olc_md5(text, at, digest);
		if (ok)
			olc_hex_encode(digest, OLC_MD5_BYTES, true, out);
	} else {
		ok = olc_hmac_sha256(secret, strlen(secret), text, at, digest);
		if (ok)
			olc_hex_encode(digest, OLC_SHA256_BYTES, true, out);
	}
	/* The text holds the secret (md5): wiped before it is freed. */
	olc_wipe(text, len);
	free(text);
	olc_wipe(digest, sizeof(digest));
	if (!ok)
		olc_error_set(err, "the system could not compute the signature");
	return ok;
}

/* ---- answers and refusals ---- */

static bool contains(const char *text, const char *part)
{
	return text && strstr(text, part) != NULL;
}

static bool starts(const char *text, const char *prefix)
{
	return text && strncmp(text, prefix, strlen(prefix)) == 0;
}

/* "This ban will last for 13 more seconds": 13 000 ms; -1 when the text says nothing of it. */
static int64_t ban_seconds_ms(const char *text)
{
	const char *at = text ? strstr(text, "last for ") : NULL;
	if (!at)
		return -1;
	at += strlen("last for ");
	int64_t seconds = 0;
	int digits = 0;
	while (*at >= '0' && *at <= '9' && digits < 7) {
		seconds = seconds * 10 + (*at++ - '0');
		digits++;
	}
	return digits ? seconds * 1000 : -1;
}

static enum olc_taobao_refusal_kind classify(int64_t code, const char *msg, const char *sub_code, const char *sub_msg)
{
	/* The cloud rule first: it comes as code 11 (a permission) but no permission package helps. */
	if (contains(sub_code, "ip-whitelist") || contains(sub_code, "access-forbidden") ||
	    contains(sub_msg, "ip not in whitelist") || contains(sub_msg, "only allowed to call from"))
		return OLC_TAOBAO_OUTSIDE_CLOUD;
	if (code == 7 || starts(sub_code, "accesscontrol.") ||
	    (starts(sub_code, "isp.") && contains(sub_code, "limit")))
		return OLC_TAOBAO_RATE_LIMIT;
	if (code == 25 || contains(sub_code, "invalid-signature"))
		return OLC_TAOBAO_SIGNATURE;
	if (code == 26 || code == 27 || contains(sub_code, "session"))
		return OLC_TAOBAO_SESSION;
	if (code == 28 || code == 29 || contains(sub_code, "app-key"))
		return OLC_TAOBAO_APP_KEY;
	if (contains(sub_code, "timestamp") || contains(msg, "imestamp"))
		return OLC_TAOBAO_TIMESTAMP;
	if (code == 11 || code == 12 || starts(sub_code, "isv.permission"))
		return OLC_TAOBAO_PERMISSION;
	if (code == 15 || starts(sub_code, "isp."))
		return OLC_TAOBAO_PLATFORM;
	return OLC_TAOBAO_OTHER;
}

/* Reads an error_response into r and err (plain words, what names the call). */
static void read_refusal(const json_t *e, const char *what, struct olc_taobao_refusal *r, struct olc_error *err)
{
	const json_t *code_value = json_object_get(e, "code");
	int64_t code = 0;
	if (json_is_integer(code_value))
		code = (int64_t)json_integer_value(code_value);
	else if (json_is_string(code_value))
		code = strtoll(json_string_value(code_value), NULL, 10);
	const char *msg = json_string_value(json_object_get(e, "msg"));
	const char *sub_code = json_string_value(json_object_get(e, "sub_code"));
	const char *sub_msg = json_string_value(json_object_get(e, "sub_msg"));

	r->code = code;
	olc_error_excerpt(r->sub_code, sizeof(r->sub_code), sub_code ? sub_code : "");
	r->kind = classify(code, msg, sub_code, sub_msg);
	r->retry_after_ms = -1;

	/* Sub codes run long ("accesscontrol.limited-by-api-access-count"): quoted whole up to 79 bytes. */
	char sub[sizeof(r->sub_code)], said[OLC_EXCERPT_LEN];
	olc_error_excerpt(sub, sizeof(sub), sub_code ? sub_code : "no sub_code");
	long long c = (long long)code;
	switch (r->kind) {
	case OLC_TAOBAO_SIGNATURE:
		olc_error_set(err,
			      "%s: Taobao refused the signature (code %lld, %s): check the App Secret and the sign "
			      "method (md5 or hmac-sha256)",
			      what, c, sub);
		break;
	case OLC_TAOBAO_SESSION:
		olc_error_set(err,
			      "%s: Taobao refused the SessionKey (code %lld, %s): it has expired or was revoked; "
			      "authorise the app for this shop again and paste the new SessionKey",
			      what, c, sub);
		break;
	case OLC_TAOBAO_APP_KEY:
		olc_error_set(err, "%s: Taobao does not know this App Key (code %lld, %s): check the App Key", what, c,
			      sub);
		break;
	case OLC_TAOBAO_TIMESTAMP:
		olc_error_set(err, "%s: Taobao refused the request's time (code %lld, %s): check this computer's clock",
			      what, c, sub);
		break;
	case OLC_TAOBAO_RATE_LIMIT: {
		int64_t wait = ban_seconds_ms(sub_msg);
		if (wait < 0)
			wait = ban_seconds_ms(msg);
		/* Without a length, a minute: the limits are counted per minute or longer. */
		r->retry_after_ms = wait > 0 ? wait : (wait == 0 ? 1000 : 60000);
		olc_error_set(err, "%s: Taobao is limiting this app's calls (code %lld, %s): waiting %lld s", what, c,
			      sub, (long long)((r->retry_after_ms + 999) / 1000));
		break;
	}
	case OLC_TAOBAO_OUTSIDE_CLOUD:
		/* It will not change by itself: no use asking every few seconds. */
		r->retry_after_ms = 5 * 60 * 1000;
		olc_error_set(err,
			      "%s: Taobao answers this call only inside its own cloud (聚石塔) or from the app's "
			      "whitelisted IP addresses, not from this computer (%s)",
			      what, sub);
		break;
	case OLC_TAOBAO_PERMISSION:
		r->retry_after_ms = 5 * 60 * 1000;
		olc_error_set(err,
			      "%s: the app may not make this call (code %lld, %s): add the API's permission package "
			      "to the app in the Taobao Open Platform console",
			      what, c, sub);
		break;
	case OLC_TAOBAO_PLATFORM:
		olc_error_set(err, "%s: Taobao had a server error (code %lld, %s): trying again", what, c, sub);
		break;
	default: {
		const char *words = sub_msg ? sub_msg : msg;
		olc_error_set(err, "%s: Taobao refused the call (code %lld, %s: %s)", what, c, sub,
			      olc_error_excerpt(said, sizeof(said), words ? words : "no message"));
		break;
	}
	}
}

/* Parses body and finds its payload root[key]; NULL with err (and r->kind for a refusal). *root
 * must be json_decref'd when set. */
static const json_t *answer_payload(const char *body, size_t len, const char *key, const char *what, json_t **root,
				    struct olc_taobao_refusal *r, struct olc_error *err)
{
	struct olc_error why;
	r->kind = OLC_TAOBAO_OK;
	r->code = 0;
	r->sub_code[0] = '\0';
	r->retry_after_ms = -1;
	*root = olc_shop_json_load(body, len, &why);
	if (!*root) {
		olc_error_set(err, "%s: %s", what, why.text);
		return NULL;
	}
	if (!json_is_object(*root)) {
		olc_error_set(err, "%s: expected an object ({...}), found %s", what, olc_json_kind(*root));
		return NULL;
	}
	const json_t *e = json_object_get(*root, "error_response");
	if (e) {
		if (!json_is_object(e)) {
			olc_error_set(err, "%s: \"error_response\" must be an object, not %s", what, olc_json_kind(e));
			return NULL;
		}
		read_refusal(e, what, r, err);
		return NULL;
	}
	const json_t *payload = json_object_get(*root, key);
	if (!json_is_object(payload)) {
		olc_error_set(err, "%s: \"%s\" must be an object, not %s", what, key, olc_json_kind(payload));
		return NULL;
	}
	return payload;
}

/* payload[outer][inner] as a list into *list; an absent or null one is an empty page (*list NULL:
 * Taobao leaves "items" out when there is nothing). false with err when it is something else. */
static bool wrapped_list(const json_t *payload, const char *outer, const char *inner, const char *what,
			 const json_t **list, struct olc_error *err)
{
	const json_t *o = json_object_get(payload, outer);
	*list = NULL;
	if (!o || json_is_null(o))
		return true;
	if (!json_is_object(o)) {
		olc_error_set(err, "%s: \"%s\" must be an object, not %s", what, outer, olc_json_kind(o));
		return false;
	}
	const json_t *l = json_object_get(o, inner);
	if (!l || json_is_null(l))
		return true;
	if (!json_is_array(l)) {
		olc_error_set(err, "%s: \"%s.%s\" must be a list, not %s", what, outer, inner, olc_json_kind(l));
		return false;
	}
	*list = l;
	return true;
}

static bool read_page(const json_t *payload, struct olc_taobao_page *page, const char *what, struct olc_error *err)
{
	bool present;
	struct olc_error why;
	page->total_results = -1;
	if (!olc_shop_integer(payload, "total_results", false, &present, &page->total_results, &why) ||
	    !olc_shop_bool(payload, "has_next", false, &page->has_next, &why)) {
		olc_error_set(err, "%s: %s", what, why.text);
		return false;
	}
	if (!present)
		page->total_results = -1;
	return true;
}

/* ---- products ---- */

static bool all_digits(const char *text)
{
	if (!*text)
		return false;
	for (; *text; text++)
		if (*text < '0' || *text > '9')
			return false;
	return true;
}

static bool read_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	return olc_shop_id(item, "num_iid", buf, len, err);
}

static bool read_product(const json_t *item, const char *currency, const char *id, struct olc_product *p,
			 struct olc_error *err)
{
	const char *title, *pic;
	bool has_price, has_num;
	int64_t num = 0;
	struct olc_money price;
	if (!olc_shop_text(item, "title", true, &title, err) ||
	    !olc_shop_price_field(item, "price", currency, true, &has_price, &price, err) ||
	    !olc_shop_integer(item, "num", false, &has_num, &num, err) ||
	    !olc_shop_text(item, "pic_url", false, &pic, err))
		return false;

	char link[ID_MAX + 48] = "";
	if (all_digits(id))
		snprintf(link, sizeof(link), "https://item.taobao.com/item.htm?id=%s", id);
	/* Taobao's photo addresses may leave the scheme out ("//img.alicdn.com/..."). */
	char image[2048];
	if (pic && starts(pic, "//") && strlen(pic) + 7 < sizeof(image)) {
		snprintf(image, sizeof(image), "https:%s", pic);
		pic = image;
	}
	if (!olc_shop_product_set(p, id, title, link[0] ? link : NULL, pic, &price, NULL, err))
		return false;
	p->has_stock = has_num;
	p->stock = num;
	return true;
}

bool olc_taobao_parse_products(const char *body, size_t len, struct olc_catalog *out, struct olc_taobao_page *page,
			       struct olc_taobao_refusal *refusal, struct olc_parse_report *report,
			       struct olc_error *err)
{
	static const char what[] = "Taobao products";
	json_t *root = NULL;
	olc_parse_report_init(report);
	page->total_results = -1;
	page->has_next = false;

	const json_t *payload = answer_payload(body, len, "items_onsale_get_response", what, &root, refusal, err);
	const json_t *list = NULL;
	bool ok = payload && wrapped_list(payload, "items", "item", what, &list, err) &&
		  read_page(payload, page, what, err);
	if (ok) {
		struct olc_error why;
		const struct olc_product_reader reader = {
			.read_id = read_id, .read_product = read_product, .paged = true};
		ok = olc_shop_read_products(list, CURRENCY, &reader, out, report, &why);
		if (!ok)
			olc_error_set(err, "%s: %s", what, why.text);
	}
	json_decref(root);
	return ok;
}

/* Reads one item's SKUs into its product, or rejects them with the reason (the product keeps
 * the item's own price and stock). */
static void read_item_skus(const json_t *item, size_t index, struct olc_catalog *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	struct olc_error why;
	if (!json_is_object(item)) {
		olc_parse_report_reject(report, "SKUs of item %zu: expected an object ({...}), found %s", index + 1,
					olc_json_kind(item));
		return;
	}
	if (!read_id(item, id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "SKUs of item %zu: %s", index + 1, why.text);
		return;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	struct olc_product *p = NULL;
	for (size_t i = 0; i < out->count && !p; i++)
		if (strcmp(out->products[i].id, id) == 0)
			p = &out->products[i];
	if (!p)
		return; /* taken off sale between the two calls */

	const json_t *skus = json_object_get(item, "skus");
	if (!skus || json_is_null(skus))
		return;
	const json_t *list = json_is_object(skus) ? json_object_get(skus, "sku") : NULL;
	if (json_is_object(skus) && (!list || json_is_null(list)))
		return;
	if (!json_is_array(list)) {
		olc_parse_report_reject(report, "SKUs of product %s: \"skus.sku\" must be a list", shown);
		return;
	}
	if (json_array_size(list) == 0)
		return;

	struct olc_sku_summary summary;
	olc_sku_summary_init(&summary);
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *sku = json_array_get(list, i);
		bool has_price, has_quantity;
		int64_t quantity = 0;
		struct olc_money price;
		if (!json_is_object(sku)) {
			olc_parse_report_reject(report, "product %s, SKU %zu: expected an object ({...}), found %s",
						shown, i + 1, olc_json_kind(sku));
			return;
		}
		if (!olc_shop_price_field(sku, "price", CURRENCY, true, &has_price, &price, &why) ||
		    !olc_shop_integer(sku, "quantity", false, &has_quantity, &quantity, &why) ||
		    !olc_sku_summary_add(&summary, &price, has_quantity, quantity, &why)) {
			olc_parse_report_reject(report, "product %s, SKU %zu: %s", shown, i + 1, why.text);
			return;
		}
	}
	if (!olc_sku_summary_apply(&summary, p, &why))
		olc_parse_report_reject(report, "product %s: %s", shown, why.text);
}

bool olc_taobao_parse_skus(const char *body, size_t len, struct olc_catalog *out, struct olc_taobao_refusal *refusal,
			   struct olc_parse_report *report, struct olc_error *err)
{
	static const char what[] = "Taobao SKUs";
	json_t *root = NULL;
	olc_parse_report_init(report);
	const json_t *payload = answer_payload(body, len, "items_seller_list_get_response", what, &root, refusal, err);
	const json_t *list = NULL;
	bool ok = payload && wrapped_list(payload, "items", "item", what, &list, err);
	for (size_t i = 0; ok && i < json_array_size(list); i++)
		read_item_skus(json_array_get(list, i), i, out, report);
	json_decref(root);
	return ok;
}

/* ---- orders ---- */

static bool paid_status(const char *status)
{
	static const char *const paid[] = {"WAIT_SELLER_SEND_GOODS", "SELLER_CONSIGNED_PART",
					   "WAIT_BUYER_CONFIRM_GOODS", "TRADE_BUYER_SIGNED", "TRADE_FINISHED"};
	for (size_t i = 0; i < sizeof(paid) / sizeof(paid[0]); i++)
		if (strcmp(status, paid[i]) == 0)
			return true;
	return false;
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_num, has_payment;
	int64_t num;
	struct olc_money payment;
	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	if (!olc_shop_id(line, "num_iid", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "num", true, &has_num, &num, err) ||
	    !olc_shop_price_field(line, "payment", currency, true, &has_payment, &payment, err) ||
	    !olc_shop_order_line(o, product_id, num, err))
		return false;
	o->total = payment;
	return true;
}

/* Reads one trade into its lines; false only when memory runs out. */
static bool read_trade(const json_t *item, size_t index, struct olc_order_list *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	const char *status, *paid, *created, *buyer, *city;
	int64_t when_ms;
	struct olc_error why;

	if (!json_is_object(item)) {
		olc_parse_report_reject(report, "order %zu: expected an object ({...}), found %s", index + 1,
					olc_json_kind(item));
		return true;
	}
	if (!olc_shop_id(item, "tid", id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "order %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	if (!olc_shop_text(item, "status", true, &status, &why) ||
	    !olc_shop_text(item, "pay_time", false, &paid, &why) ||
	    !olc_shop_text(item, "created", false, &created, &why) ||
	    !olc_shop_text(item, "buyer_nick", false, &buyer, &why) ||
	    !olc_shop_text(item, "receiver_city", false, &city, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	/* Unpaid, closed or refunded trades are not sales. */
	if (!paid_status(status))
		return true;
	const char *when = paid ? paid : created;
	if (!when) {
		olc_parse_report_reject(report, "order %zu (id %s): neither \"pay_time\" nor \"created\" is given",
					index + 1, shown);
		return true;
	}
	if (!olc_wall_time_parse(when, OLC_CHINA_OFFSET_MINUTES, &when_ms)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"%s\" is not a time like 2016-01-01 12:00:00",
					index + 1, shown, paid ? "pay_time" : "created");
		return true;
	}
	const json_t *orders = json_object_get(item, "orders");
	const json_t *lines = json_is_object(orders) ? json_object_get(orders, "order") : NULL;
	if (!json_is_array(lines)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"orders.order\" must be a list", index + 1, shown);
		return true;
	}
	const struct olc_order_head head = {index, id, shown, when_ms, buyer, city, false};
	return olc_shop_read_order_lines(lines, &head, CURRENCY, read_line, out, report);
}

bool olc_taobao_parse_orders(const char *body, size_t len, struct olc_order_list *out, struct olc_taobao_page *page,
			     struct olc_taobao_refusal *refusal, struct olc_parse_report *report, struct olc_error *err)
{
	static const char what[] = "Taobao orders";
	json_t *root = NULL;
	olc_parse_report_init(report);
	page->total_results = -1;
	page->has_next = false;

	const json_t *payload =
		answer_payload(body, len, "trades_sold_increment_get_response", what, &root, refusal, err);
	const json_t *list = NULL;
	bool ok = payload && wrapped_list(payload, "trades", "trade", what, &list, err) &&
		  read_page(payload, page, what, err);
	for (size_t i = 0; ok && i < json_array_size(list); i++) {
		ok = read_trade(json_array_get(list, i), i, out, report);
		if (!ok)
			olc_error_set(err, "out of memory while reading orders");
	}
	json_decref(root);
	return ok;
}

/* ---- order windows ---- */

size_t olc_taobao_order_windows(bool started, int64_t last_end_ms, int64_t shop_now_ms,
				struct olc_taobao_window out[OLC_TAOBAO_MAX_WINDOWS], bool *cut)
{
	int64_t start = (started ? last_end_ms : shop_now_ms) - OLC_TAOBAO_ORDER_OVERLAP_MS;
	*cut = shop_now_ms - start > OLC_TAOBAO_MAX_CATCH_UP_MS;
	if (*cut)
		start = shop_now_ms - OLC_TAOBAO_MAX_CATCH_UP_MS;
	/* The Date header the shop's clock comes from is in whole seconds: the shop's time may be up to
	 * a second past it, and a trade of that second must be in this window, not only the next. */
	int64_t end = shop_now_ms + 1000;
	if (start >= end)
		start = end - OLC_TAOBAO_ORDER_OVERLAP_MS; /* a clock that went back: ask for the last minutes */

	size_t n = 0;
	for (int64_t from = start; from < end && n < OLC_TAOBAO_MAX_WINDOWS; n++) {
		int64_t to = end - from > OLC_TAOBAO_MAX_WINDOW_MS ? from + OLC_TAOBAO_MAX_WINDOW_MS : end;
		out[n].from_ms = from;
		out[n].to_ms = to;
		from = to;
	}
	return n;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096
#define MAX_PARAMS    16

struct taobao_state {
	char *endpoint; /* {url}/router/rest */
	char *app_key;
	char *secret;
	char *session;
	enum olc_taobao_sign_method sign_method;
	struct olc_order_window orders; /* ids already reported, the shop's clock */
	bool window_started;
	int64_t since_ms;                          /* trades paid before this were there before us: never reported */
	int64_t window_end_ms;                     /* where the last read window ended (shop clock) */
	enum olc_taobao_refusal_kind last_refusal; /* of the last failed call in this fetch */
	struct olc_shop_env env;
};

static bool taobao_check(const struct olc_connection *c, struct olc_error *err)
{
	enum olc_taobao_sign_method m;
	if (!c->key || !*c->key || !c->secret || !*c->secret) {
		olc_error_set(err, "Taobao needs the app's App Key and App Secret (Taobao Open Platform console > the "
				   "app's overview)");
		return false;
	}
	if (!c->token || !*c->token) {
		olc_error_set(err, "Taobao needs the shop's SessionKey: authorise the app for the shop and paste the "
				   "SessionKey it gives");
		return false;
	}
	if (!olc_taobao_sign_method_parse(c->sign_method, &m)) {
		olc_error_set(err, "the Taobao sign method must be md5 or hmac-sha256");
		return false;
	}
	if (c->url && *c->url) {
		if (!olc_url_is_web(c->url)) {
			olc_error_set(err, "the Taobao gateway must be an address starting with https://");
			return false;
		}
		if (!olc_url_may_carry_credentials(c->url)) {
			olc_error_set(err, "the Taobao keys are only sent over https: the gateway must start with "
					   "https:// (plain http only to this computer)");
			return false;
		}
	}
	return true;
}

static void taobao_destroy(void *data)
{
	struct taobao_state *s = data;
	if (!s)
		return;
	free(s->endpoint);
	olc_secret_free(s->app_key);
	olc_secret_free(s->secret);
	olc_secret_free(s->session);
	olc_order_window_free(&s->orders);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *taobao_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!taobao_check(c, err))
		return NULL;
	struct taobao_state *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_taobao_sign_method_parse(c->sign_method, &s->sign_method);
	s->endpoint = olc_url_join(c->url && *c->url ? c->url : OLC_TAOBAO_DEFAULT_GATEWAY, "/router/rest");
	if (!s->endpoint || !olc_str_set(&s->app_key, c->key) || !olc_str_set(&s->secret, c->secret) ||
	    !olc_str_set(&s->session, c->token) || !olc_order_window_init(&s->orders, SEEN_CAPACITY) ||
	    !olc_shop_env_init(&s->env, env)) {
		olc_error_set(err, "out of memory");
		taobao_destroy(s);
		return NULL;
	}
	return s;
}

/* POSTs one signed call of method with the API's own parameters; resp must be freed in every case. */
static bool call(struct taobao_state *s, const char *method, const struct olc_taobao_param *api, size_t api_count,
		 struct olc_http_response *resp, struct olc_fetch_result *res, struct olc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	char timestamp[OLC_ISO8601_LEN];
	/* Taobao refuses a timestamp far from its own clock: the shop's clock, once its Date header is known. */
	olc_wall_time_format(olc_shop_clock_now(&s->orders.clock, s->env.now_ms()), OLC_CHINA_OFFSET_MINUTES,
			     timestamp);

	struct olc_taobao_param params[MAX_PARAMS + 1] = {
		{"app_key", s->app_key},
		{"format", "json"},
		{"method", method},
		{"session", s->session},
		{"sign_method", sign_method_name(s->sign_method)},
		{"timestamp", timestamp},
		{"v", "2.0"},
	};
	size_t count = 7;
	for (size_t i = 0; i < api_count && count < MAX_PARAMS; i++)
		params[count++] = api[i];

	char sign[OLC_TAOBAO_SIGN_SIZE];
	if (!olc_taobao_sign(params, count, s->secret, s->sign_method, sign, err))
		return false;
	params[count++] = (struct olc_taobao_param){"sign", sign};

	struct olc_text_buf body = {0};
	for (size_t i = 0; i < count; i++) {
		if (!params[i].value || !*params[i].value)
			continue;
		if (body.len)
			olc_text_buf_add(&body, "&", 1);
		olc_text_buf_add_encoded(&body, params[i].key);
		olc_text_buf_add(&body, "=", 1);
		olc_text_buf_add_encoded(&body, params[i].value);
	}
	if (body.failed || !body.data) {
		olc_text_buf_free(&body);
		olc_error_set(err, "out of memory");
		return false;
	}

	static const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded;charset=utf-8",
					      "Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, s->endpoint);
	req.method = "POST";
	req.headers = headers;
	req.body = body.data;
	req.body_len = body.len;
	req.sends_credentials = true;
	bool ok = olc_shop_perform("Taobao", &req, resp, res, err);
	olc_text_buf_free(&body);
	olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
	return ok;
}

/* A refusal of no known kind quotes Taobao's words. An answer that repeats a key of this connection
 * (a gateway echoing the request) is not quoted: secrets never go into a status or a log. */
static void unquote_echo(const struct taobao_state *s, const struct olc_http_response *resp,
			 const struct olc_taobao_refusal *r, const char *what, struct olc_error *err)
{
	if (r->kind != OLC_TAOBAO_OTHER || !resp->body)
		return;
	if (strstr(resp->body, s->session) || strstr(resp->body, s->secret) || strstr(resp->body, s->app_key))
		olc_error_set(err,
			      "%s: Taobao refused the call (code %lld; its answer repeats a key of this "
			      "connection, so it is not quoted)",
			      what, (long long)r->code);
}

/* What a refused call means for the poller: the wait it asked for. */
static void note_refusal(struct taobao_state *s, const struct olc_taobao_refusal *r, struct olc_fetch_result *res)
{
	s->last_refusal = r->kind;
	if (r->kind != OLC_TAOBAO_OK && r->retry_after_ms >= 0)
		res->retry_after_ms = r->retry_after_ms;
}

/* Asks for the SKUs of every product of out, 20 at a time. A refusal for lack of permission (or
 * the cloud rule) leaves the items' own prices, with a warning; any other failure fails. */
static bool fetch_skus(struct taobao_state *s, struct olc_catalog *out, struct olc_fetch_result *res,
		       struct olc_error *err)
{
	for (size_t first = 0; first < out->count; first += OLC_TAOBAO_SKU_BATCH) {
		struct olc_text_buf ids = {0};
		for (size_t i = first; i < out->count && i < first + OLC_TAOBAO_SKU_BATCH; i++) {
			if (ids.len)
				olc_text_buf_add(&ids, ",", 1);
			olc_text_buf_add(&ids, out->products[i].id, strlen(out->products[i].id));
		}
		if (ids.failed || !ids.data) {
			olc_text_buf_free(&ids);
			olc_error_set(err, "out of memory");
			return false;
		}
		const struct olc_taobao_param api[] = {{"fields", "num_iid,sku"}, {"num_iids", ids.data}};
		struct olc_http_response resp;
		struct olc_taobao_refusal refusal = {0};
		bool ok = call(s, "taobao.items.seller.list.get", api, 2, &resp, res, err);
		olc_text_buf_free(&ids);
		if (ok) {
			struct olc_parse_report report;
			ok = olc_taobao_parse_skus(resp.body, resp.body_len, out, &refusal, &report, err);
			if (ok)
				olc_parse_report_merge(&res->report, &report);
			else
				unquote_echo(s, &resp, &refusal, "Taobao SKUs", err);
		}
		olc_http_response_free(&resp);
		if (!ok && (refusal.kind == OLC_TAOBAO_PERMISSION || refusal.kind == OLC_TAOBAO_OUTSIDE_CLOUD)) {
			olc_error_set(&res->warning,
				      "%s; the products show their item price and stock, not their SKUs'", err->text);
			olc_error_clear(err);
			return true;
		}
		if (!ok) {
			note_refusal(s, &refusal, res);
			return false;
		}
	}
	return true;
}

static bool catalog_once(struct taobao_state *s, struct olc_catalog *out, char currency[4],
			 struct olc_fetch_result *res, struct olc_error *err)
{
	olc_fetch_result_init(res);

	char size[16];
	snprintf(size, sizeof(size), "%d", OLC_TAOBAO_PRODUCTS_PER_PAGE);
	bool ok = true;
	int pages = 1;
	for (int page = 1; ok && page <= pages && page <= OLC_TAOBAO_MAX_PRODUCT_PAGES; page++) {
		char number[16];
		snprintf(number, sizeof(number), "%d", page);
		const struct olc_taobao_param api[] = {
			{"fields", "num_iid,title,price,num,pic_url"},
			{"page_no", number},
			{"page_size", size},
		};
		struct olc_http_response resp;
		struct olc_taobao_refusal refusal = {0};
		ok = call(s, "taobao.items.onsale.get", api, 3, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_taobao_page facts;
			ok = olc_taobao_parse_products(resp.body, resp.body_len, out, &facts, &refusal, &report, err);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				const int64_t most =
					(int64_t)OLC_TAOBAO_MAX_PRODUCT_PAGES * OLC_TAOBAO_PRODUCTS_PER_PAGE;
				if (facts.total_results > most)
					pages = OLC_TAOBAO_MAX_PRODUCT_PAGES + 1; /* bounded, whatever the shop says */
				else if (facts.total_results >= 0)
					pages = (int)((facts.total_results + OLC_TAOBAO_PRODUCTS_PER_PAGE - 1) /
						      OLC_TAOBAO_PRODUCTS_PER_PAGE);
				else if (out->count >= (size_t)page * OLC_TAOBAO_PRODUCTS_PER_PAGE)
					pages = page + 1; /* no count: a full page suggests another */
			} else {
				unquote_echo(s, &resp, &refusal, "Taobao products", err);
				note_refusal(s, &refusal, res);
			}
		}
		olc_http_response_free(&resp);
	}
	if (ok && pages > OLC_TAOBAO_MAX_PRODUCT_PAGES)
		olc_error_set(&res->warning,
			      "Taobao products: the shop has more than %d products on sale; the first %d "
			      "are shown",
			      OLC_TAOBAO_MAX_PRODUCT_PAGES * OLC_TAOBAO_PRODUCTS_PER_PAGE,
			      OLC_TAOBAO_MAX_PRODUCT_PAGES * OLC_TAOBAO_PRODUCTS_PER_PAGE);
	ok = ok && fetch_skus(s, out, res, err);
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, CURRENCY, 4);
	return true;
}

/* Reads every page of the trades modified in [from, to] (shop clock) into got. */
static bool fetch_window(struct taobao_state *s, int64_t from, int64_t to, struct olc_order_list *got,
			 struct olc_fetch_result *res, struct olc_error *err)
{
	char start[OLC_ISO8601_LEN], end[OLC_ISO8601_LEN], size[16];
	olc_wall_time_format(from, OLC_CHINA_OFFSET_MINUTES, start);
	olc_wall_time_format(to, OLC_CHINA_OFFSET_MINUTES, end);
	snprintf(size, sizeof(size), "%d", OLC_TAOBAO_ORDERS_PER_PAGE);

	bool ok = true, more = true;
	for (int page = 1; ok && more && page <= OLC_TAOBAO_MAX_ORDER_PAGES; page++) {
		char number[16];
		snprintf(number, sizeof(number), "%d", page);
		const struct olc_taobao_param api[] = {
			{"fields", "tid,status,created,pay_time,modified,buyer_nick,receiver_city,payment,orders"},
			{"start_modified", start},
			{"end_modified", end},
			{"page_no", number},
			{"page_size", size},
			{"use_has_next", "true"},
		};
		struct olc_http_response resp;
		struct olc_taobao_refusal refusal = {0};
		ok = call(s, "taobao.trades.sold.increment.get", api, 6, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_taobao_page facts;
			ok = olc_taobao_parse_orders(resp.body, resp.body_len, got, &facts, &refusal, &report, err);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				more = facts.has_next;
			} else {
				unquote_echo(s, &resp, &refusal, "Taobao orders", err);
				note_refusal(s, &refusal, res);
			}
		}
		olc_http_response_free(&resp);
	}
	if (ok && more)
		olc_error_set(&res->warning,
			      "Taobao orders: more than %d trades changed in one window; the rest were not read",
			      OLC_TAOBAO_MAX_ORDER_PAGES * OLC_TAOBAO_ORDERS_PER_PAGE);
	return ok;
}

static bool orders_once(struct taobao_state *s, struct olc_order_list *out, struct olc_fetch_result *res,
			struct olc_error *err)
{
	olc_fetch_result_init(res);

	int64_t now = s->env.now_ms();
	struct olc_taobao_window windows[OLC_TAOBAO_MAX_WINDOWS];
	bool cut = false;
	size_t count = olc_taobao_order_windows(s->window_started, s->window_end_ms,
						olc_shop_clock_now(&s->orders.clock, now), windows, &cut);
	if (cut)
		olc_error_set(&res->warning, "Taobao orders: the orders were not read for more than 3 days; only the "
					     "last 3 days were asked for");

	struct olc_order_list got;
	olc_order_list_init(&got);
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++)
		ok = fetch_window(s, windows[i].from_ms, windows[i].to_ms, &got, res, err);

	struct olc_order_list fresh;
	olc_order_list_init(&fresh);
	if (ok) {
		if (!s->window_started)
			s->since_ms = windows[0].from_ms;
		/* A trade paid before we started, modified now (shipped, signed for), is no new sale. */
		for (size_t i = 0; ok && i < got.count; i++) {
			if (got.orders[i].created_at_ms >= s->since_ms &&
			    !olc_order_list_take(&fresh, &got.orders[i])) {
				olc_error_set(err, "out of memory while reading orders");
				ok = false;
			}
		}
	}
	if (ok) {
		ok = olc_order_window_take(&s->orders, "Taobao", now, &fresh, out, res, err);
		s->window_end_ms = windows[count - 1].to_ms;
		s->window_started = true;
	}
	olc_order_list_free(&fresh);
	olc_order_list_free(&got);
	return ok;
}

/* Taobao refuses a call whose time is more than a few minutes off its own. The first call goes by
 * this computer's clock (the shop's is not known yet); when it is refused for its time, the
 * answer's Date header has just taught us Taobao's clock, and the fetch is tried once more. */
static bool clock_learnt(struct taobao_state *s, bool knew)
{
	return !knew && s->orders.clock.known && s->last_refusal == OLC_TAOBAO_TIMESTAMP;
}

static bool taobao_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
				 struct olc_error *err)
{
	struct taobao_state *s = data;
	bool knew = s->orders.clock.known;
	s->last_refusal = OLC_TAOBAO_OK;
	bool ok = catalog_once(s, out, currency, res, err);
	if (!ok && clock_learnt(s, knew))
		ok = catalog_once(s, out, currency, res, err);
	return ok;
}

static bool taobao_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
				struct olc_error *err)
{
	(void)wait_ms; /* TOP has no long-polling: plain polling */
	struct taobao_state *s = data;
	bool knew = s->orders.clock.known;
	s->last_refusal = OLC_TAOBAO_OK;
	bool ok = orders_once(s, out, res, err);
	if (!ok && clock_learnt(s, knew))
		ok = orders_once(s, out, res, err);
	return ok;
}

const struct olc_provider_ops olc_provider_taobao_ops = {
	.name = "taobao",
	.check = taobao_check,
	.create = taobao_create,
	.destroy = taobao_destroy,
	.fetch_catalog = taobao_fetch_catalog,
	.fetch_orders = taobao_fetch_orders,
	.default_poll_ms = 10000,
	.buys_in_app_cart = true,
};
