/* What all shop providers share: the registry, connections, the strict JSON reading helpers of
 * core/shop/parse.h, parse reports and performing a shop's request. Each provider's own shapes live
 * in core/shop/<name>.c; times in iso8601.c, order windows in order-window.c, order lists in
 * core/model/order.c. */
#include "core/shop/provider.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/demo.h"
#include "core/shop/douyin.h"
#include "core/shop/json.h"
#include "core/shop/kuaishou.h"
#include "core/shop/parse.h"
#include "core/shop/shopify.h"
#include "core/shop/taobao.h"
#include "core/shop/woocommerce.h"
#include "core/shop/youzan.h"
#include "core/base/text.h"
#include "core/net/url.h"

/* ---- the registry ---- */

const struct olc_provider_ops *olc_provider_find(const char *name)
{
	const struct olc_provider_ops *const all[] = {
		&olc_provider_demo_ops,
		&olc_provider_json_ops,
		&olc_provider_woocommerce_ops,
		&olc_provider_shopify_ops,
		&olc_provider_douyin_ops,
		&olc_provider_kuaishou_ops,
		&olc_provider_youzan_ops,
		&olc_provider_taobao_ops,
	};

	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	}
	return NULL;
}

/* ---- connections ---- */

void olc_connection_init(struct olc_connection *c)
{
	memset(c, 0, sizeof(*c));
}

static const struct olc_connection_member members[] = {
	{"url", offsetof(struct olc_connection, url), false},
	{"key", offsetof(struct olc_connection, key), true},
	{"secret", offsetof(struct olc_connection, secret), true},
	{"token", offsetof(struct olc_connection, token), true},
	{"api_version", offsetof(struct olc_connection, api_version), false},
	{"shop_id", offsetof(struct olc_connection, shop_id), false},
	{"sign_secret", offsetof(struct olc_connection, sign_secret), true},
	{"refresh_token", offsetof(struct olc_connection, refresh_token), true},
	{"sign_method", offsetof(struct olc_connection, sign_method), false},
};

const struct olc_connection_member *olc_connection_members(size_t *count)
{
	*count = sizeof(members) / sizeof(members[0]);
	return members;
}

const struct olc_connection_member *olc_connection_member_find(const char *key)
{
	for (size_t i = 0; key && i < sizeof(members) / sizeof(members[0]); i++)
		if (strcmp(members[i].key, key) == 0)
			return &members[i];
	return NULL;
}

char **olc_connection_member_text(struct olc_connection *c, const struct olc_connection_member *m)
{
	return (char **)((char *)c + m->offset);
}

void olc_connection_free(struct olc_connection *c)
{
	free(c->provider);
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		char *text = *olc_connection_member_text(c, &members[i]);
		/* Secrets are wiped before their memory goes back to the allocator. */
		if (members[i].secret)
			olc_secret_free(text);
		else
			free(text);
	}
	olc_connection_init(c);
}

bool olc_connection_copy(struct olc_connection *dst, const struct olc_connection *src)
{
	if (dst == src)
		return true;

	struct olc_connection copy;
	olc_connection_init(&copy);
	copy.poll_ms = src->poll_ms;

	bool ok = olc_str_set(&copy.provider, src->provider);
	for (size_t i = 0; ok && i < sizeof(members) / sizeof(members[0]); i++)
		ok = olc_str_set(olc_connection_member_text(&copy, &members[i]),
				 *olc_connection_member_text((struct olc_connection *)src, &members[i]));
	if (!ok) {
		olc_connection_free(&copy);
		return false;
	}
	olc_connection_free(dst);
	*dst = copy;
	return true;
}

bool olc_connection_equal(const struct olc_connection *a, const struct olc_connection *b)
{
	if (a->poll_ms != b->poll_ms || !olc_str_equal(a->provider, b->provider))
		return false;
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (!olc_str_equal(*olc_connection_member_text((struct olc_connection *)a, &members[i]),
				   *olc_connection_member_text((struct olc_connection *)b, &members[i])))
			return false;
	return true;
}

/* ---- reading a shop's JSON ---- */

const char *olc_json_kind(const json_t *value)
{
	if (!value)
		return "nothing";
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "text";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true/false";
	case JSON_NULL:
		return "null";
	}
	return "an unknown value";
}

bool olc_shop_text_tags(const json_t *object, struct olc_product *p, struct olc_error *err)
{
	const json_t *tags = json_object_get(object, "tags");
	if (!tags || json_is_null(tags))
		return true;
	if (!json_is_array(tags)) {
		olc_error_set(err, "\"tags\" must be a list of text, not %s", olc_json_kind(tags));
		return false;
	}
	for (size_t i = 0; i < json_array_size(tags); i++) {
		const json_t *tag = json_array_get(tags, i);
		if (!json_is_string(tag)) {
			olc_error_set(err, "\"tags\" item %zu must be text, not %s", i + 1, olc_json_kind(tag));
			return false;
		}
		if (*json_string_value(tag) && !olc_product_add_tag(p, json_string_value(tag))) {
			olc_error_set(err, "out of memory");
			return false;
		}
	}
	return true;
}

bool olc_shop_first_object(const json_t *list, const char *name, const json_t **out, struct olc_error *err)
{
	*out = NULL;
	if (!list || json_is_null(list))
		return true;
	if (!json_is_array(list)) {
		olc_error_set(err, "\"%s\" must be a list, not %s", name, olc_json_kind(list));
		return false;
	}
	if (json_array_size(list) == 0)
		return true;
	*out = json_array_get(list, 0);
	if (!json_is_object(*out)) {
		olc_error_set(err, "\"%s\" item 1 must be an object, not %s", name, olc_json_kind(*out));
		*out = NULL;
		return false;
	}
	return true;
}

json_t *olc_shop_json_load(const char *body, size_t len, struct olc_error *err)
{
	static const char bom[] = "\xEF\xBB\xBF";

	if (len > OLC_SHOP_MAX_BYTES) {
		olc_error_set(err, "the shop's answer is larger than %u MiB", OLC_SHOP_MAX_BYTES / (1024u * 1024u));
		return NULL;
	}
	if (!body)
		len = 0;
	if (len >= 3 && memcmp(body, bom, 3) == 0) {
		body += 3;
		len -= 3;
	}

	size_t first = 0;
	while (first < len && (body[first] == ' ' || body[first] == '\t' || body[first] == '\r' || body[first] == '\n'))
		first++;
	if (first == len) {
		olc_error_set(err, "the shop sent an empty answer");
		return NULL;
	}
	if (body[first] == '<') {
		olc_error_set(err, "the shop answered with a web page, not JSON (maybe maintenance?)");
		return NULL;
	}

	json_error_t parse_error;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &parse_error);
	if (root)
		return root;

	switch (json_error_code(&parse_error)) {
	case json_error_invalid_utf8:
		olc_error_set(err, "the shop's answer is not valid UTF-8 text (line %d, column %d)", parse_error.line,
			      parse_error.column);
		break;
	case json_error_premature_end_of_input:
		olc_error_set(err, "the shop's answer was cut off before its end (incomplete JSON)");
		break;
	case json_error_duplicate_key:
		olc_error_set(err, "the shop's answer has a field twice in one object (line %d, column %d)",
			      parse_error.line, parse_error.column);
		break;
	default:
		/* Never jansson's text: its "near '...'" would quote a local catalog file. */
		olc_error_set(err, "the shop's answer is not JSON (line %d, column %d: %s)", parse_error.line,
			      parse_error.column, olc_json_error_words(json_error_code(&parse_error)));
		break;
	}
	return NULL;
}

bool olc_shop_text(const json_t *object, const char *key, bool required, const char **out, struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);
	*out = NULL;

	if (value && !json_is_null(value) && !json_is_string(value)) {
		olc_error_set(err, "\"%s\" must be text, not %s", key, olc_json_kind(value));
		return false;
	}
	const char *text = value ? json_string_value(value) : NULL;
	if (text && *text) {
		/* jansson allows "\u0000" only with JSON_ALLOW_NUL, so the length is strlen(text). */
		*out = text;
		return true;
	}
	if (required) {
		olc_error_set(err, "\"%s\" is %s", key, text ? "empty" : "missing");
		return false;
	}
	return true;
}

bool olc_shop_id(const json_t *object, const char *key, char *buf, size_t len, struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);

	if (!value || json_is_null(value)) {
		olc_error_set(err, "\"%s\" is missing", key);
		return false;
	}
	if (json_is_integer(value)) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
		return true;
	}
	if (!json_is_string(value)) {
		olc_error_set(err, "\"%s\" must be text or a whole number, not %s", key, olc_json_kind(value));
		return false;
	}
	const char *text = json_string_value(value);
	if (!*text) {
		olc_error_set(err, "\"%s\" is empty", key);
		return false;
	}
	if (strlen(text) >= len) {
		olc_error_set(err, "\"%s\" is longer than %zu bytes", key, len - 1);
		return false;
	}
	memcpy(buf, text, strlen(text) + 1);
	return true;
}

bool olc_shop_integer(const json_t *object, const char *key, bool required, bool *present, int64_t *out,
		      struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);
	*present = false;

	if (!value || json_is_null(value)) {
		if (required) {
			olc_error_set(err, "\"%s\" is missing", key);
			return false;
		}
		return true;
	}
	if (!json_is_integer(value)) {
		olc_error_set(err, "\"%s\" must be a whole number, not %s", key, olc_json_kind(value));
		return false;
	}
	*out = (int64_t)json_integer_value(value);
	*present = true;
	return true;
}

bool olc_shop_bool(const json_t *object, const char *key, bool fallback, bool *out, struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);

	if (!value || json_is_null(value)) {
		*out = fallback;
		return true;
	}
	if (!json_is_boolean(value)) {
		olc_error_set(err, "\"%s\" must be true or false, not %s", key, olc_json_kind(value));
		return false;
	}
	*out = json_is_true(value);
	return true;
}

bool olc_shop_price(const char *text, const char *currency, struct olc_money *out, struct olc_error *err)
{
	const struct olc_currency *cur = olc_currency_find(currency);
	const char *dot = text ? strchr(text, '.') : NULL;
	if (!cur || !dot)
		return olc_money_parse(text, currency, out, err);

	/* Drop zeros past the currency's digits: exact, never a rounding. */
	size_t len = strlen(text);
	size_t keep = len;
	size_t limit = (size_t)(dot - text) + 1 + (size_t)cur->exponent;
	while (keep > limit && text[keep - 1] == '0')
		keep--;
	if (keep == len)
		return olc_money_parse(text, currency, out, err);
	if (cur->exponent == 0 && keep == limit)
		keep--; /* "1980." would not parse: drop the point as well */

	char trimmed[64];
	if (keep >= sizeof(trimmed))
		return olc_money_parse(text, currency, out, err);
	memcpy(trimmed, text, keep);
	trimmed[keep] = '\0';

	struct olc_error why;
	if (!olc_money_parse(trimmed, currency, out, &why)) {
		/* Report against what the shop sent, not our shortened copy. */
		return olc_money_parse(text, currency, out, err);
	}
	return true;
}

bool olc_shop_price_field(const json_t *object, const char *key, const char *currency, bool required, bool *present,
			  struct olc_money *out, struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);
	*present = false;

	if (value && json_is_number(value)) {
		olc_error_set(err, "\"%s\" must be text such as \"39.90\", not a number (numbers lose exactness)", key);
		return false;
	}
	const char *text;
	if (!olc_shop_text(object, key, required, &text, err))
		return false;
	if (!text)
		return true;

	struct olc_error why;
	if (!olc_shop_price(text, currency, out, &why)) {
		olc_error_set(err, "\"%s\": %s", key, why.text);
		return false;
	}
	*present = true;
	return true;
}

const char *olc_shop_web_url(const char *text)
{
	return text && olc_url_is_web(text) ? text : NULL;
}

/* ---- parse reports ---- */

void olc_parse_report_init(struct olc_parse_report *r)
{
	r->accepted = 0;
	r->rejected = 0;
	olc_error_clear(&r->first_rejection);
}

void olc_parse_report_reject(struct olc_parse_report *r, const char *fmt, ...)
{
	if (r->rejected++ > 0)
		return;

	va_list args;
	va_start(args, fmt);
	int n = vsnprintf(r->first_rejection.text, sizeof(r->first_rejection.text), fmt, args);
	va_end(args);
	if (n >= (int)sizeof(r->first_rejection.text)) {
		/* Let olc_error_set cut it at a character boundary. */
		char copy[sizeof(r->first_rejection.text)];
		memcpy(copy, r->first_rejection.text, sizeof(copy));
		olc_error_set(&r->first_rejection, "%s", copy);
	}
}

void olc_fetch_result_init(struct olc_fetch_result *res)
{
	res->http_status = 0;
	res->retry_after_ms = -1;
	res->not_modified = false;
	res->ask_again = false;
	olc_parse_report_init(&res->report);
	olc_error_clear(&res->warning);
}

/* ---- requests ---- */

bool olc_shop_perform(const char *shop, const struct olc_http_request *req, struct olc_http_response *resp,
		      struct olc_fetch_result *res, struct olc_error *err)
{
	/* Transport failures already speak of "the shop" in plain words: passed on as they are. */
	if (!olc_http_perform(req, resp, err)) {
		res->http_status = resp->status;
		return false;
	}
	res->shop_net = resp->peer_net;

	long status = resp->status;
	res->http_status = status;
	if (status >= 200 && status < 300)
		return true;
	if (status == 304 && (req->if_none_match || req->if_modified_since))
		return true;

	if (status == 429 || status == 503)
		res->retry_after_ms = resp->retry_after_ms;
	if (status == 401 || status == 403)
		olc_error_set(err, "%s refused the credentials (HTTP %ld): check the key, secret or token", shop,
			      status);
	else if (status == 404)
		olc_error_set(err, "%s: nothing at this address (HTTP 404): check the shop URL", shop);
	else if (status == 429)
		olc_error_set(err, "%s is limiting requests (HTTP 429): waiting before the next try", shop);
	else if (status == 503)
		olc_error_set(err, "%s is unavailable for now (HTTP 503, maybe maintenance)", shop);
	else if (status >= 500)
		olc_error_set(err, "%s had a server error (HTTP %ld)", shop, status);
	else
		olc_error_set(err, "%s answered with HTTP %ld instead of data", shop, status);
	return false;
}
