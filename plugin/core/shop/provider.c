/* What all shop providers share: the registry, connections, order lists, and the strict-parsing
 * helpers of core/shop/parse.h. Each provider's own shapes live in provider-<name>.c. */
#include "core/shop/provider.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/demo.h"
#include "core/shop/json.h"
#include "core/shop/parse.h"
#include "core/shop/shopify.h"
#include "core/shop/woocommerce.h"
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

void olc_connection_free(struct olc_connection *c)
{
	free(c->provider);
	free(c->url);
	/* Secrets are wiped before their memory goes back to the allocator. */
	olc_secret_free(c->key);
	olc_secret_free(c->secret);
	olc_secret_free(c->token);
	free(c->api_version);
	olc_connection_init(c);
}

bool olc_connection_copy(struct olc_connection *dst, const struct olc_connection *src)
{
	if (dst == src)
		return true;

	struct olc_connection copy;
	olc_connection_init(&copy);
	copy.poll_ms = src->poll_ms;

	bool ok = olc_str_set(&copy.provider, src->provider) && olc_str_set(&copy.url, src->url) &&
		  olc_str_set(&copy.key, src->key) && olc_str_set(&copy.secret, src->secret) &&
		  olc_str_set(&copy.token, src->token) && olc_str_set(&copy.api_version, src->api_version);
	if (!ok) {
		olc_connection_free(&copy);
		return false;
	}
	olc_connection_free(dst);
	*dst = copy;
	return true;
}

/* ---- order lists ---- */

void olc_order_list_init(struct olc_order_list *l)
{
	memset(l, 0, sizeof(*l));
}

void olc_order_list_free(struct olc_order_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		olc_order_free(&l->orders[i]);
	free(l->orders);
	olc_order_list_init(l);
}

bool olc_order_list_take(struct olc_order_list *l, struct olc_order *o)
{
	if (l->count == l->capacity) {
		size_t capacity = l->capacity ? l->capacity * 2 : 16;
		struct olc_order *orders = realloc(l->orders, capacity * sizeof(*orders));
		if (!orders)
			return false;
		l->orders = orders;
		l->capacity = capacity;
	}
	l->orders[l->count++] = *o;
	olc_order_init(o);
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

/* ---- times ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-days algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (unsigned)(c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

bool olc_iso8601_parse(const char *text, bool zone_optional, int64_t *out_ms)
{
	static const unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = text;
	unsigned year, month, day, hour, minute, second;

	if (!p || !digits(&p, 4, &year) || !expect(&p, '-') || !digits(&p, 2, &month) || !expect(&p, '-') ||
	    !digits(&p, 2, &day) || !(expect(&p, 'T') || expect(&p, 't')) || !digits(&p, 2, &hour) ||
	    !expect(&p, ':') || !digits(&p, 2, &minute) || !expect(&p, ':') || !digits(&p, 2, &second))
		return false;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || (month == 2 && day == 29 && !leap) ||
	    hour > 23 || minute > 59 || second > 60)
		return false;
	if (second == 60)
		second = 59; /* a leap second: close enough for an order time */

	unsigned ms = 0;
	if (*p == '.' || *p == ',') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n < 3)
				ms = ms * 10 + (unsigned)(*p - '0');
			n++;
			p++;
		}
		if (n == 0)
			return false;
		for (; n < 3; n++)
			ms *= 10;
	}

	int64_t offset_min = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		unsigned oh, om;
		p++;
		if (!digits(&p, 2, &oh))
			return false;
		if (*p == ':')
			p++;
		if (!digits(&p, 2, &om) || oh > 23 || om > 59)
			return false;
		offset_min = sign * (int64_t)(oh * 60 + om);
	} else if (!zone_optional) {
		return false;
	}
	if (*p != '\0')
		return false;

	int64_t days = days_from_civil(year, month, day);
	int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60;
	*out_ms = seconds * 1000 + ms;
	return true;
}

static void format_time(int64_t ms, char *buf, const char *zone)
{
	int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
	int64_t rest = seconds - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, OLC_ISO8601_LEN, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u%s", y, m, d, (unsigned)(rest / 3600),
		 (unsigned)(rest / 60 % 60), (unsigned)(rest % 60), zone);
}

void olc_iso8601_format(int64_t ms, char *buf)
{
	format_time(ms, buf, "Z");
}

void olc_iso8601_format_naive(int64_t ms, char *buf)
{
	format_time(ms, buf, "");
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
	olc_parse_report_init(&res->report);
	olc_error_clear(&res->warning);
}

/* ---- ids already seen ---- */

bool olc_seen_ids_init(struct olc_seen_ids *s, size_t capacity)
{
	memset(s, 0, sizeof(*s));
	s->ids = calloc(capacity, sizeof(*s->ids));
	if (!s->ids)
		return false;
	s->capacity = capacity;
	return true;
}

void olc_seen_ids_free(struct olc_seen_ids *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->ids[i]);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

bool olc_seen_ids_has(const struct olc_seen_ids *s, const char *id)
{
	for (size_t i = 0; i < s->count; i++) {
		if (strcmp(s->ids[i], id) == 0)
			return true;
	}
	return false;
}

bool olc_seen_ids_add(struct olc_seen_ids *s, const char *id)
{
	if (s->capacity == 0)
		return false;
	char *copy = olc_strdup(id);
	if (!copy)
		return false;
	if (s->count < s->capacity) {
		s->ids[s->count++] = copy;
	} else {
		free(s->ids[s->next]);
		s->ids[s->next] = copy;
		s->next = (s->next + 1) % s->capacity;
	}
	return true;
}

bool olc_take_unseen_orders(struct olc_seen_ids *seen, struct olc_order_list *got, bool first, int64_t latest_ms,
			    struct olc_order_list *out, struct olc_error *err)
{
	for (size_t i = 0; i < got->count; i++) {
		struct olc_order *o = &got->orders[i];
		if (o->created_at_ms > latest_ms || olc_seen_ids_has(seen, o->id))
			continue;
		if (!olc_seen_ids_add(seen, o->id) || (!first && !olc_order_list_take(out, o))) {
			olc_error_set(err, "out of memory while reading orders");
			return false;
		}
	}
	return true;
}

/* ---- the shop's clock and order windows ---- */

void olc_shop_clock_note(struct olc_shop_clock *c, const struct olc_http_response *resp, int64_t now_ms)
{
	int64_t date_ms;
	if (!olc_http_parse_date(olc_http_response_header(resp, "date"), &date_ms))
		return;
	c->known = true;
	c->offset_ms = date_ms - now_ms;
}

int64_t olc_shop_clock_now(const struct olc_shop_clock *c, int64_t now_ms)
{
	return c->known ? now_ms + c->offset_ms : now_ms;
}

bool olc_order_window_init(struct olc_order_window *w, size_t seen_capacity)
{
	memset(w, 0, sizeof(*w));
	return olc_seen_ids_init(&w->seen, seen_capacity);
}

void olc_order_window_free(struct olc_order_window *w)
{
	olc_seen_ids_free(&w->seen);
	memset(w, 0, sizeof(*w));
}

int64_t olc_order_window_after(const struct olc_order_window *w, int64_t now_ms, int64_t overlap_ms)
{
	int64_t start = w->started ? w->cursor_ms : olc_shop_clock_now(&w->clock, now_ms);
	return start - overlap_ms;
}

bool olc_order_window_take(struct olc_order_window *w, const char *shop, int64_t now_ms, struct olc_order_list *got,
			   struct olc_order_list *out, struct olc_fetch_result *res, struct olc_error *err)
{
	int64_t shop_now = olc_shop_clock_now(&w->clock, now_ms);
	int64_t latest = shop_now + OLC_ORDER_FUTURE_SLACK_MS;
	int64_t newest = w->started ? w->cursor_ms : shop_now;

	for (size_t i = 0; i < got->count; i++) {
		const struct olc_order *o = &got->orders[i];
		if (o->created_at_ms <= latest) {
			if (o->created_at_ms > newest)
				newest = o->created_at_ms;
		} else if (!res->warning.text[0]) {
			char dated[OLC_ISO8601_LEN], clock[OLC_ISO8601_LEN], shown[OLC_EXCERPT_LEN];
			olc_iso8601_format(o->created_at_ms, dated);
			olc_iso8601_format(shop_now, clock);
			olc_error_set(
				&res->warning,
				"%s order %s is dated %s, in the future by %s (%s): it is left out until its date "
				"is corrected",
				shop, olc_error_excerpt(shown, sizeof(shown), o->id), dated,
				w->clock.known ? "the shop's own clock" : "this computer's clock", clock);
		}
	}
	if (!olc_take_unseen_orders(&w->seen, got, !w->started, latest, out, err))
		return false;
	/* A start that only moves forward, and never past the shop's clock: orders with a date
	 * slightly ahead (clocks differ) are asked for again and dropped as already seen. */
	int64_t start = newest < shop_now ? newest : shop_now;
	if (!w->started || start > w->cursor_ms)
		w->cursor_ms = start;
	w->started = true;
	return true;
}

/* ---- requests ---- */

char *olc_url_join(const char *base, const char *path)
{
	size_t base_len = strlen(base);
	while (base_len > 0 && base[base_len - 1] == '/')
		base_len--;
	size_t path_len = strlen(path);
	char *url = malloc(base_len + path_len + 1);
	if (!url)
		return NULL;
	memcpy(url, base, base_len);
	memcpy(url + base_len, path, path_len + 1);
	return url;
}

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
