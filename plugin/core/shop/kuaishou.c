#include "core/shop/kuaishou.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/shop/token.h"
#include "core/base/text-buf.h"
#include "core/base/text.h"
#include "core/net/url.h"
#include "core/sys/digest.h"

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)

/* ---- signing ---- */

struct field {
	const char *name;
	const char *value;
};

static int field_cmp(const void *a, const void *b)
{
	return strcmp(((const struct field *)a)->name, ((const struct field *)b)->name);
}

/* The call's fields that are present, sorted by name; returns how many. */
static size_t call_fields(const struct olc_kuaishou_call *c, struct field out[7])
{
	const struct field all[7] = {
		{"appkey", c->appkey},
		{"method", c->method},
		{"version", c->version},
		{"param", c->param},
		{"access_token", c->access_token},
		{"timestamp", c->timestamp},
		{"signMethod", c->sign_method},
	};
	size_t n = 0;
	for (size_t i = 0; i < 7; i++)
		if (all[i].value)
			out[n++] = all[i];
	qsort(out, n, sizeof(out[0]), field_cmp);
	return n;
}

char *olc_kuaishou_sign_input(const struct olc_kuaishou_call *call, const char *sign_secret)
{
	struct field fields[7];
	size_t n = call_fields(call, fields);
	struct olc_text_buf t = {0};
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			olc_text_buf_add_str(&t, "&");
		olc_text_buf_add_str(&t, fields[i].name);
		olc_text_buf_add_str(&t, "=");
		olc_text_buf_add_str(&t, fields[i].value);
	}
	olc_text_buf_add_str(&t, "&signSecret=");
	olc_text_buf_add_str(&t, sign_secret ? sign_secret : "");
	return olc_text_buf_take(&t);
}

bool olc_kuaishou_sign(const struct olc_kuaishou_call *call, const char *sign_secret, char out[OLC_KUAISHOU_SIGN_SIZE])
{
	uint8_t mac[OLC_SHA256_BYTES];
	char *input = olc_kuaishou_sign_input(call, sign_secret);
	const char *key = sign_secret ? sign_secret : "";
	bool ok = input && olc_hmac_sha256(key, strlen(key), input, strlen(input), mac);
	olc_secret_free(input);
	if (ok)
		olc_base64_encode(mac, sizeof(mac), out);
	else
		out[0] = '\0';
	return ok;
}

bool olc_kuaishou_method_path(const char *method, char *buf, size_t len)
{
	size_t n = method ? strlen(method) : 0;
	if (n == 0 || n + 2 > len)
		return false;
	buf[0] = '/';
	for (size_t i = 0; i < n; i++) {
		char c = method[i];
		if (c == '.')
			c = '/';
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
		buf[i + 1] = c;
	}
	buf[n + 1] = '\0';
	return true;
}

/* ---- answers ---- */

static enum olc_kuaishou_status classify(int64_t code)
{
	switch (code) {
	case 1:
		return OLC_KUAISHOU_OK;
	case 21:
	case 24:
		return OLC_KUAISHOU_TOKEN_EXPIRED;
	case 22:
	case 25:
	case 26:
		return OLC_KUAISHOU_PERMISSION;
	case 27:
	case 28:
		return OLC_KUAISHOU_SIGNATURE;
	case 15:
	case 16:
	case 17:
	case 1016:
	case 1017:
	case 802000:
		return OLC_KUAISHOU_RATE_LIMITED;
	default:
		return OLC_KUAISHOU_FAILED;
	}
}

/* What the merchant should check for each kind of refusal. */
static const char *advice(enum olc_kuaishou_status status)
{
	switch (status) {
	case OLC_KUAISHOU_TOKEN_EXPIRED:
		return "the access token is invalid or expired";
	case OLC_KUAISHOU_PERMISSION:
		return "the app lacks this permission: in the Kuaishou open platform console (开放平台 > 控制台 > "
		       "应用 > 权限管理), grant it the order and item APIs, then authorise the app again";
	case OLC_KUAISHOU_SIGNATURE:
		return "the signature was refused: check the sign secret (签名密钥 signSecret) and the app key";
	case OLC_KUAISHOU_RATE_LIMITED:
		return "Kuaishou is limiting requests: waiting before the next try";
	default:
		return "Kuaishou refused the request";
	}
}

/* The answer's code: "result" (a number, or digits as text). */
static bool read_code(const json_t *root, int64_t *code)
{
	const json_t *v = json_object_get(root, "result");
	if (json_is_integer(v)) {
		*code = json_integer_value(v);
		return true;
	}
	const char *s = json_string_value(v);
	if (s && *s && strlen(s) < 12 && strspn(s, "0123456789-") == strlen(s)) {
		*code = strtoll(s, NULL, 10);
		return true;
	}
	return false;
}

/* Judges the envelope of root: OK, or err in plain words. */
static bool judge(const json_t *root, struct olc_kuaishou_answer *answer, struct olc_error *err)
{
	if (!json_is_object(root)) {
		answer->status = OLC_KUAISHOU_FAILED;
		olc_error_set(err, "expected an object ({...}) at the top, found %s", olc_json_kind(root));
		return false;
	}
	int64_t code = 0;
	if (!read_code(root, &code)) {
		answer->status = OLC_KUAISHOU_FAILED;
		olc_error_set(err, "the answer has no \"result\" code");
		return false;
	}
	answer->coded = true;
	answer->code = code;
	answer->status = classify(code);
	if (answer->status == OLC_KUAISHOU_OK)
		return true;
	const char *message = json_string_value(json_object_get(root, "error_msg"));
	if (!message)
		message = json_string_value(json_object_get(root, "msg"));
	char shown[120];
	olc_error_set(err, "Kuaishou said (code %" PRId64 ") \"%s\": %s", code,
		      olc_error_excerpt(shown, sizeof(shown), message ? message : ""), advice(answer->status));
	return false;
}

static void answer_init(struct olc_kuaishou_answer *answer)
{
	memset(answer, 0, sizeof(*answer));
	answer->status = OLC_KUAISHOU_FAILED;
}

json_t *olc_kuaishou_data(const char *body, size_t len, struct olc_kuaishou_answer *answer, struct olc_error *err)
{
	answer_init(answer);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return NULL;
	json_t *data = NULL;
	if (judge(root, answer, err)) {
		data = json_object_get(root, "data");
		if (json_is_object(data)) {
			json_incref(data);
		} else {
			answer->status = OLC_KUAISHOU_FAILED;
			olc_error_set(err, "\"data\" must be an object, not %s", olc_json_kind(data));
			data = NULL;
		}
	}
	json_decref(root);
	return data;
}

/* An amount in fen: a whole number, not negative. */
static bool read_fen(const json_t *object, const char *key, bool required, bool *present, struct olc_money *out,
		     struct olc_error *err)
{
	int64_t fen = 0;
	if (!olc_shop_integer(object, key, required, present, &fen, err))
		return false;
	if (!*present)
		return true;
	if (fen < 0 || fen > INT64_MAX / 1000) {
		olc_error_set(err, "\"%s\" %" PRId64 " is not a price in fen", key, fen);
		return false;
	}
	return olc_money_set(out, fen, "CNY") || (olc_error_set(err, "\"%s\" cannot be kept", key), false);
}

static bool read_item_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	if (!json_is_object(item)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(item));
		return false;
	}
	return olc_shop_id(item, "kwaiItemId", buf, len, err);
}

static bool read_item(const json_t *item, const char *currency, const char *id, struct olc_product *p,
		      struct olc_error *err)
{
	(void)currency; /* Kuaishou sells in CNY, in fen */
	const char *title, *image, *link;
	const json_t *skus = json_object_get(item, "skuList");
	struct olc_sku_summary sum;
	struct olc_money price;
	bool has_price;

	if (!olc_shop_text(item, "title", true, &title, err) ||
	    !olc_shop_text(item, "mainImageUrl", false, &image, err) ||
	    !olc_shop_text(item, "linkUrl", false, &link, err))
		return false;
	olc_sku_summary_init(&sum);
	if (skus && !json_is_null(skus) && !json_is_array(skus)) {
		olc_error_set(err, "\"skuList\" must be a list, not %s", olc_json_kind(skus));
		return false;
	}
	for (size_t i = 0; i < json_array_size(skus); i++) {
		const json_t *sku = json_array_get(skus, i);
		struct olc_money sku_price;
		bool has_sku_price, has_stock;
		int64_t stock = 0;
		struct olc_error why;
		if (!json_is_object(sku)) {
			olc_error_set(err, "SKU %zu: expected an object ({...}), found %s", i + 1, olc_json_kind(sku));
			return false;
		}
		if (!read_fen(sku, "skuSalePrice", true, &has_sku_price, &sku_price, &why) ||
		    !olc_shop_integer(sku, "skuStock", false, &has_stock, &stock, &why) ||
		    !olc_sku_summary_add(&sum, &sku_price, has_stock, stock, &why)) {
			olc_error_set(err, "SKU %zu: %s", i + 1, why.text);
			return false;
		}
	}
	if (sum.count == 0) {
		/* No SKU listed: the item's own price, its stock not known. */
		if (!read_fen(item, "price", true, &has_price, &price, err))
			return false;
		if (!olc_sku_summary_add(&sum, &price, false, 0, err))
			return false;
	}
	if (!olc_shop_product_set(p, id, title, link, image, &sum.lowest, NULL, err))
		return false;
	return olc_sku_summary_apply(&sum, p, err);
}

bool olc_kuaishou_parse_items(const char *body, size_t len, struct olc_catalog *out, struct olc_kuaishou_answer *answer,
			      struct olc_parse_report *report, struct olc_error *err)
{
	olc_parse_report_init(report);
	json_t *data = olc_kuaishou_data(body, len, answer, err);
	if (!data)
		return false;
	const json_t *items = json_object_get(data, "items");
	bool ok = true;
	if (items && !json_is_null(items) && !json_is_array(items)) {
		olc_error_set(err, "\"data.items\" must be a list, not %s", olc_json_kind(items));
		ok = false;
	}
	answer->items = json_array_size(items);
	if (ok && answer->items > 0) {
		const struct olc_product_reader reader = {
			.read_id = read_item_id,
			.read_product = read_item,
			.paged = true,
		};
		ok = olc_shop_read_products(items, "CNY", &reader, out, report, err);
	}
	json_decref(data);
	return ok;
}

/* Kuaishou's order status: 10 awaiting payment, 30 paid, 40 shipped, 50 received, 70 completed, 80 closed. */
static bool paid_status(int64_t status)
{
	return status == 30 || status == 40 || status == 50 || status == 70;
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_num, has_price;
	int64_t num = 0;
	struct olc_money unit;
	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	if (!olc_shop_id(line, "itemId", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "num", true, &has_num, &num, err) ||
	    !read_fen(line, "price", false, &has_price, &unit, err))
		return false;
	if (!olc_shop_order_line(o, product_id, num, err))
		return false;
	int64_t total = has_price ? unit.minor : 0;
	if (has_price && num > 0 && total > INT64_MAX / 1000 / num) {
		olc_error_set(err, "\"price\" times \"num\" is beyond any order");
		return false;
	}
	return olc_money_set(&o->total, total * (has_price ? num : 1), currency) ||
	       (olc_error_set(err, "the total cannot be kept"), false);
}

/* Optional text of an optional object: a wrong type leaves it out (decoration, not data). */
static const char *optional_text(const json_t *object, const char *outer, const char *key)
{
	const char *text = json_string_value(json_object_get(json_object_get(object, outer), key));
	return text && *text ? text : NULL;
}

/* Reads one order; false only when memory runs out. Unpaid orders are skipped without a word. */
static bool read_order(const json_t *item, size_t index, struct olc_order_list *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	const json_t *base = json_object_get(item, "orderBaseInfo");
	int64_t status = 0, pay_ms = 0, create_ms = 0;
	bool has_status, has_pay, has_create, has_total;
	struct olc_money total;
	struct olc_error why;

	if (!json_is_object(item) || !json_is_object(base)) {
		olc_parse_report_reject(report, "order %zu: expected an object with \"orderBaseInfo\"", index + 1);
		return true;
	}
	if (!olc_shop_id(base, "oid", id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "order %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	if (!olc_shop_integer(base, "status", true, &has_status, &status, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	if (!paid_status(status))
		return true;
	if (!olc_shop_integer(base, "payTime", false, &has_pay, &pay_ms, &why) ||
	    !olc_shop_integer(base, "createTime", false, &has_create, &create_ms, &why) ||
	    !read_fen(base, "totalFee", false, &has_total, &total, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	int64_t when = has_pay && pay_ms > 0 ? pay_ms : create_ms;
	if (when <= 0) {
		olc_parse_report_reject(report, "order %zu (id %s): neither \"payTime\" nor \"createTime\" is a time",
					index + 1, shown);
		return true;
	}

	/* One item per Kuaishou order; a list is read too, each item an order line. */
	const json_t *lines_in = json_object_get(item, "orderItemInfo");
	json_t *lines = NULL;
	if (json_is_object(lines_in)) {
		lines = json_array();
		if (!lines || json_array_append(lines, (json_t *)lines_in) != 0) {
			json_decref(lines);
			return false;
		}
	} else if (json_is_array(lines_in) && json_array_size(lines_in) > 0) {
		lines = json_incref((json_t *)lines_in);
	} else {
		olc_parse_report_reject(report, "order %zu (id %s): \"orderItemInfo\" must be an object", index + 1,
					shown);
		return true;
	}
	const char *buyer = optional_text(item, "orderBaseInfo", "buyerNick");
	const char *city = optional_text(item, "orderAddress", "city");
	const struct olc_order_head head = {index, id, shown, when, buyer, city, false};
	size_t before = out->count;
	bool ok = olc_shop_read_order_lines(lines, &head, "CNY", read_line, out, report);
	/* A one-item order's total is what the buyer paid (discounts and postage included). */
	if (ok && has_total && out->count == before + 1 && json_array_size(lines) == 1)
		out->orders[before].total = total;
	json_decref(lines);
	return ok;
}

bool olc_kuaishou_parse_orders(const char *body, size_t len, struct olc_order_list *out,
			       struct olc_kuaishou_answer *answer, struct olc_parse_report *report,
			       struct olc_error *err)
{
	olc_parse_report_init(report);
	json_t *data = olc_kuaishou_data(body, len, answer, err);
	if (!data)
		return false;
	const json_t *orders = json_object_get(data, "orderList");
	const char *cursor = NULL;
	struct olc_error why;
	bool ok = true;
	if (orders && !json_is_null(orders) && !json_is_array(orders)) {
		olc_error_set(err, "\"data.orderList\" must be a list, not %s", olc_json_kind(orders));
		ok = false;
	} else if (!olc_shop_text(data, "cursor", true, &cursor, &why)) {
		olc_error_set(err, "\"data.cursor\": %s", why.text);
		ok = false;
	} else if (strlen(cursor) >= sizeof(answer->cursor)) {
		olc_error_set(err, "\"data.cursor\" is too long");
		ok = false;
	}
	if (ok) {
		snprintf(answer->cursor, sizeof(answer->cursor), "%s", cursor);
		answer->items = json_array_size(orders);
		for (size_t i = 0; ok && i < answer->items; i++)
			ok = read_order(json_array_get(orders, i), i, out, report);
		if (!ok)
			olc_error_set(err, "out of memory while reading orders");
	}
	json_decref(data);
	return ok;
}

void olc_kuaishou_tokens_free(struct olc_kuaishou_tokens *t)
{
	olc_secret_free(t->access_token);
	olc_secret_free(t->refresh_token);
	memset(t, 0, sizeof(*t));
}

bool olc_kuaishou_parse_tokens(const char *body, size_t len, struct olc_kuaishou_tokens *out,
			       struct olc_kuaishou_answer *answer, struct olc_error *err)
{
	memset(out, 0, sizeof(*out));
	answer_init(answer);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	const char *access = NULL, *refresh = NULL;
	bool has_expiry = false;
	int64_t expires = 0;
	struct olc_error why;
	bool ok = judge(root, answer, err);
	if (ok && (!olc_shop_text(root, "access_token", true, &access, &why) ||
		   !olc_shop_text(root, "refresh_token", true, &refresh, &why) ||
		   !olc_shop_integer(root, "expires_in", false, &has_expiry, &expires, &why))) {
		answer->status = OLC_KUAISHOU_FAILED;
		olc_error_set(err, "the refresh answer is not readable: %s", why.text);
		ok = false;
	}
	if (ok && (strpbrk(access, "\r\n") || strpbrk(refresh, "\r\n"))) {
		answer->status = OLC_KUAISHOU_FAILED;
		olc_error_set(err, "the refresh answer has a token with a line break");
		ok = false;
	}
	if (ok) {
		out->access_token = olc_strdup(access);
		out->refresh_token = olc_strdup(refresh);
		out->expires_in_s = has_expiry && expires > 0 ? expires : 0;
		if (!out->access_token || !out->refresh_token) {
			olc_kuaishou_tokens_free(out);
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	json_decref(root);
	return ok;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096
/* Kuaishou sends no Retry-After: its limits are per second and per day, so a short wait first. */
#define RATE_LIMIT_WAIT_MS 2000

struct ks_state {
	char *base;                 /* the gateway, without a trailing '/' */
	struct olc_connection conn; /* the whole connection, with the current token pair: what is saved */
	struct olc_shop_token access;
	struct olc_order_window orders;
	struct olc_shop_env env;
	bool (*save)(void *param, const struct olc_connection *c, struct olc_error *err);
	void *save_param;
	bool unsaved;                  /* the current pair is not saved yet */
	struct olc_error save_failure; /* why, while unsaved */
};

static bool ks_check(const struct olc_connection *c, struct olc_error *err)
{
	if (c->url && *c->url && !olc_url_is_web(c->url)) {
		olc_error_set(err, "the Kuaishou gateway must be a web address (leave it empty for %s)",
			      OLC_KUAISHOU_GATEWAY);
		return false;
	}
	if (!c->key || !*c->key || !c->sign_secret || !*c->sign_secret) {
		olc_error_set(err, "Kuaishou needs the app key (AppKey) and the sign secret (签名密钥 signSecret) "
				   "from the open platform console (开放平台 > 控制台 > 应用详情)");
		return false;
	}
	bool has_token = c->token && *c->token, has_refresh = c->refresh_token && *c->refresh_token;
	if (!has_token && !has_refresh) {
		olc_error_set(err, "Kuaishou needs the access token and refresh token the shop got when it authorised "
				   "the app (or the console's copied token)");
		return false;
	}
	if (has_refresh && (!c->secret || !*c->secret)) {
		olc_error_set(err, "Kuaishou needs the app secret (AppSecret) to refresh the access token");
		return false;
	}
	if (c->url && *c->url && !olc_url_may_carry_credentials(c->url)) {
		olc_error_set(err, "the Kuaishou token is only sent over https: the gateway must start with https://");
		return false;
	}
	const char *const fields[] = {c->key, c->secret, c->sign_secret, c->token, c->refresh_token};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i] && strpbrk(fields[i], "\r\n")) {
			olc_error_set(err, "a Kuaishou credential contains a line break");
			return false;
		}
	}
	return true;
}

static void ks_destroy(void *data)
{
	struct ks_state *s = data;
	if (!s)
		return;
	free(s->base);
	olc_connection_free(&s->conn);
	olc_shop_token_clear(&s->access);
	olc_order_window_free(&s->orders);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *ks_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!ks_check(c, err))
		return NULL;
	struct ks_state *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_connection_init(&s->conn);
	olc_shop_token_init(&s->access);
	s->base = olc_url_join(c->url && *c->url ? c->url : OLC_KUAISHOU_GATEWAY, "");
	bool ok = s->base && olc_connection_copy(&s->conn, c) && olc_order_window_init(&s->orders, SEEN_CAPACITY) &&
		  olc_shop_env_init(&s->env, env);
	/* A pasted access token's expiry is not known: it is used until Kuaishou says it expired. */
	if (ok && c->token && *c->token)
		ok = olc_shop_token_set(&s->access, c->token, 0, 0);
	if (!ok) {
		olc_error_set(err, "out of memory");
		ks_destroy(s);
		return NULL;
	}
	if (env) {
		s->save = env->save_credentials;
		s->save_param = env->save_param;
	}
	return s;
}

/* Saves the current pair; keeps why it failed for the status. */
static void save_pair(struct ks_state *s)
{
	struct olc_error why = {""};
	if (s->save(s->save_param, &s->conn, &why)) {
		s->unsaved = false;
		s->save_failure.text[0] = '\0';
		return;
	}
	s->unsaved = true;
	if (why.text[0])
		s->save_failure = why;
	else
		olc_error_set(&s->save_failure, "the new Kuaishou tokens could not be saved");
}

/* POSTs the refresh; on success the new pair is saved, then used. */
static bool refresh(struct ks_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	if (!s->conn.refresh_token || !*s->conn.refresh_token) {
		olc_error_set(err, "the Kuaishou access token has expired and there is no refresh token: authorise the "
				   "app again and paste the new tokens");
		return false;
	}
	if (!s->save) {
		/* Kuaishou replaces the refresh token on every refresh: one not kept would lock the shop
		 * out after the next restart, so only a connection that can be saved refreshes. */
		olc_error_set(
			err,
			"the Kuaishou access token is missing or has expired: Save the connection and the "
			"plugin gets a new one (a test cannot, since Kuaishou replaces the refresh token each time)");
		return false;
	}
	char *url = olc_url_join(s->base, "/oauth2/refresh_token");
	struct olc_text_buf form = {0};
	olc_text_buf_add_str(&form, "grant_type=refresh_token&refresh_token=");
	olc_text_buf_add_encoded(&form, s->conn.refresh_token);
	olc_text_buf_add_str(&form, "&app_id=");
	olc_text_buf_add_encoded(&form, s->conn.key);
	olc_text_buf_add_str(&form, "&app_secret=");
	olc_text_buf_add_encoded(&form, s->conn.secret ? s->conn.secret : "");
	char *body = olc_text_buf_take(&form);
	if (!url || !body) {
		free(url);
		olc_secret_free(body);
		olc_error_set(err, "out of memory");
		return false;
	}
	const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, url);
	req.method = "POST";
	req.headers = headers;
	req.body = body;
	req.body_len = strlen(body);
	req.sends_credentials = true;
	req.max_redirects = 0; /* the app secret goes to the gateway only */
	struct olc_http_response resp;
	struct olc_error why;
	bool ok = olc_shop_perform("Kuaishou", &req, &resp, res, &why);
	olc_secret_free(body);
	free(url);
	struct olc_kuaishou_tokens tokens = {0};
	struct olc_kuaishou_answer answer;
	answer_init(&answer);
	if (ok)
		ok = olc_kuaishou_parse_tokens(resp.body, resp.body_len, &tokens, &answer, &why);
	olc_http_response_free(&resp);
	if (!ok) {
		if (answer.status == OLC_KUAISHOU_RATE_LIMITED || res->http_status == 429) {
			if (res->retry_after_ms < 0)
				res->retry_after_ms = RATE_LIMIT_WAIT_MS;
			olc_error_set(err, "refreshing the Kuaishou access token: %s", why.text);
		} else if ((answer.coded && answer.code != 1) || res->http_status == 400 || res->http_status == 401) {
			olc_error_set(
				err,
				"Kuaishou refused the refresh token (%s): authorise the app again in the Kuaishou "
				"open platform and paste the new access token and refresh token",
				why.text);
		} else {
			olc_error_set(err, "refreshing the Kuaishou access token: %s", why.text);
		}
		return false;
	}
	/* The new pair replaces the old one everywhere before anything uses it: the old refresh
	 * token stops working within minutes. */
	ok = olc_str_set(&s->conn.token, tokens.access_token) &&
	     olc_str_set(&s->conn.refresh_token, tokens.refresh_token) &&
	     olc_shop_token_set(&s->access, tokens.access_token, tokens.expires_in_s, s->env.now_ms());
	olc_kuaishou_tokens_free(&tokens);
	if (!ok) {
		olc_error_set(err, "out of memory while keeping Kuaishou's new tokens");
		return false;
	}
	save_pair(s);
	return true;
}

/* Adds "&name=value" (percent-encoded) to a query. */
static void query_add(struct olc_text_buf *t, const char *name, const char *value)
{
	olc_text_buf_add_str(t, t->len && t->data[t->len - 1] != '?' ? "&" : "");
	olc_text_buf_add_str(t, name);
	olc_text_buf_add_str(t, "=");
	olc_text_buf_add_encoded(t, value);
}

/* One GET of method with param (JSON text); resp holds the answer when true (free it always). */
static bool get_once(struct ks_state *s, const char *method, const char *param, struct olc_http_response *resp,
		     struct olc_fetch_result *res, struct olc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	char path[128], timestamp[24], sign[OLC_KUAISHOU_SIGN_SIZE];
	if (!olc_kuaishou_method_path(method, path, sizeof(path))) {
		olc_error_set(err, "bad method name");
		return false;
	}
	snprintf(timestamp, sizeof(timestamp), "%" PRId64, s->env.now_ms());
	const struct olc_kuaishou_call call = {
		.appkey = s->conn.key,
		.method = method,
		.version = "1",
		.param = param,
		.access_token = s->access.value,
		.timestamp = timestamp,
		.sign_method = "HMAC_SHA256",
	};
	if (!olc_kuaishou_sign(&call, s->conn.sign_secret, sign)) {
		olc_error_set(err, "could not sign the request");
		return false;
	}
	struct olc_text_buf url = {0};
	olc_text_buf_add_str(&url, s->base);
	olc_text_buf_add_str(&url, path);
	olc_text_buf_add_str(&url, "?");
	query_add(&url, "appkey", call.appkey);
	query_add(&url, "method", method);
	query_add(&url, "version", call.version);
	query_add(&url, "param", param);
	if (call.access_token)
		query_add(&url, "access_token", call.access_token);
	query_add(&url, "timestamp", timestamp);
	query_add(&url, "signMethod", call.sign_method);
	query_add(&url, "sign", sign);
	char *target = olc_text_buf_take(&url);
	if (!target) {
		olc_error_set(err, "out of memory");
		return false;
	}
	const char *headers[] = {"Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, target);
	req.headers = headers;
	req.sends_credentials = true;
	req.max_redirects = 0; /* the token is in the URL: it goes to the gateway only */
	bool ok = olc_shop_perform("Kuaishou", &req, resp, res, err);
	olc_secret_free(target);
	olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
	return ok;
}

/* Calls method; refreshes the access token when it is due or Kuaishou says it expired (then
 * tries once more). true with resp holding a successful answer (free it always). */
static bool call(struct ks_state *s, const char *method, const char *param, struct olc_http_response *resp,
		 struct olc_fetch_result *res, struct olc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	bool refreshed = false;
	if (olc_shop_token_due(&s->access, s->env.now_ms()) && s->conn.refresh_token && *s->conn.refresh_token) {
		if (!refresh(s, res, err))
			return false;
		refreshed = true;
	}
	for (;;) {
		if (!get_once(s, method, param, resp, res, err))
			return false;
		struct olc_kuaishou_answer answer;
		struct olc_error why;
		json_t *data = olc_kuaishou_data(resp->body, resp->body_len, &answer, &why);
		json_decref(data);
		if (answer.status == OLC_KUAISHOU_TOKEN_EXPIRED && !refreshed) {
			olc_http_response_free(resp);
			olc_shop_token_clear(&s->access);
			if (!refresh(s, res, err))
				return false;
			refreshed = true;
			continue;
		}
		if (answer.status == OLC_KUAISHOU_RATE_LIMITED && res->retry_after_ms < 0)
			res->retry_after_ms = RATE_LIMIT_WAIT_MS;
		if (answer.status == OLC_KUAISHOU_TOKEN_EXPIRED) {
			olc_http_response_free(resp);
			olc_error_set(err, "Kuaishou refused the access token it had just given: %s", why.text);
			return false;
		}
		/* Other outcomes are the page parser's to read (and word). */
		return true;
	}
}

/* The page answer parsed by the caller failed: its err, prefixed. */
static void page_failed(const char *what, const struct olc_kuaishou_answer *answer, const struct olc_error *why,
			struct olc_fetch_result *res, struct olc_error *err)
{
	if (answer->status == OLC_KUAISHOU_RATE_LIMITED && res->retry_after_ms < 0)
		res->retry_after_ms = RATE_LIMIT_WAIT_MS;
	olc_error_set(err, "Kuaishou %s: %s", what, why->text);
}

static bool ks_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
			     struct olc_error *err)
{
	struct ks_state *s = data;
	olc_fetch_result_init(res);
	bool ok = true, more = true;
	for (int page = 1; ok && more && page <= OLC_KUAISHOU_MAX_PAGES; page++) {
		char param[96];
		snprintf(param, sizeof(param), "{\"pageNumber\":%d,\"pageSize\":%d}", page,
			 OLC_KUAISHOU_ITEMS_PER_PAGE);
		struct olc_http_response resp;
		ok = call(s, "open.item.list.get", param, &resp, res, err);
		if (ok) {
			struct olc_kuaishou_answer answer;
			struct olc_parse_report report;
			struct olc_error why;
			ok = olc_kuaishou_parse_items(resp.body, resp.body_len, out, &answer, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				more = answer.items >= OLC_KUAISHOU_ITEMS_PER_PAGE;
			} else {
				page_failed("items", &answer, &why, res, err);
			}
		}
		olc_http_response_free(&resp);
	}
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, "CNY", 4);
	return true;
}

/* res->warning names an unsaved token pair (before anything else it says: it matters most). */
static void warn_unsaved(const struct ks_state *s, struct olc_fetch_result *res)
{
	if (!s->unsaved)
		return;
	struct olc_error other = res->warning;
	if (other.text[0])
		olc_error_set(&res->warning, "Kuaishou: %s; %s", s->save_failure.text, other.text);
	else
		olc_error_set(&res->warning, "Kuaishou: %s", s->save_failure.text);
}

static bool ks_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
			    struct olc_error *err)
{
	(void)wait_ms; /* no long-polling: plain polling */
	struct ks_state *s = data;
	olc_fetch_result_init(res);
	if (s->unsaved)
		save_pair(s); /* again: the disk may be writable now */

	int64_t now = s->env.now_ms();
	int64_t end = olc_shop_clock_now(&s->orders.clock, now) + 60 * 1000;
	int64_t begin = olc_order_window_after(&s->orders, now, OLC_KUAISHOU_ORDER_OVERLAP_MS);
	if (end - begin > OLC_KUAISHOU_MAX_WINDOW_MS)
		begin = end - OLC_KUAISHOU_MAX_WINDOW_MS; /* the platform's limit: older orders are history */

	struct olc_order_list got;
	olc_order_list_init(&got);
	struct olc_kuaishou_answer answer;
	answer_init(&answer);
	bool ok = true, more = true;
	for (int page = 0; ok && more && page < OLC_KUAISHOU_MAX_PAGES; page++) {
		json_t *p = json_pack("{s:i, s:i, s:i, s:i, s:I, s:I, s:s}", "orderViewStatus", 1, "queryType", 2,
				      "sort", 1, "pageSize", OLC_KUAISHOU_ORDERS_PER_PAGE, "beginTime",
				      (json_int_t)begin, "endTime", (json_int_t)end, "cursor", answer.cursor);
		char *param = p ? json_dumps(p, JSON_COMPACT) : NULL;
		json_decref(p);
		if (!param) {
			olc_error_set(err, "out of memory");
			ok = false;
			break;
		}
		struct olc_http_response resp;
		ok = call(s, "open.order.cursor.list", param, &resp, res, err);
		free(param);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			ok = olc_kuaishou_parse_orders(resp.body, resp.body_len, &got, &answer, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				more = strcmp(answer.cursor, "nomore") != 0 && answer.cursor[0] != '\0';
			} else {
				page_failed("orders", &answer, &why, res, err);
			}
		}
		olc_http_response_free(&resp);
	}
	ok = ok && olc_order_window_take(&s->orders, "Kuaishou", s->env.now_ms(), &got, out, res, err);
	olc_order_list_free(&got);
	warn_unsaved(s, res);
	return ok;
}

const struct olc_provider_ops olc_provider_kuaishou_ops = {
	.name = "kuaishou",
	.check = ks_check,
	.create = ks_create,
	.destroy = ks_destroy,
	.fetch_catalog = ks_fetch_catalog,
	.fetch_orders = ks_fetch_orders,
	.default_poll_ms = 5000,
	.buys_in_app_cart = true,
};
