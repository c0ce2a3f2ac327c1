#include "core/shop/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sys/file-io.h"
#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/base/text.h"
#include "core/net/url.h"

/* ---- parsing ---- */

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)

static bool read_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	return olc_shop_id(item, "id", buf, len, err);
}

/* Fills p from one product object; err says why it cannot. */
static bool read_product(const json_t *item, const char *currency, const char *id, struct olc_product *p,
			 struct olc_error *err)
{
	const char *title, *url, *image;
	bool has_price, has_compare, has_stock;
	struct olc_money price, compare;
	int64_t stock;

	if (!olc_shop_text(item, "title", true, &title, err) ||
	    !olc_shop_price_field(item, "price", currency, true, &has_price, &price, err) ||
	    !olc_shop_price_field(item, "compare_at_price", currency, false, &has_compare, &compare, err) ||
	    !olc_shop_integer(item, "stock", false, &has_stock, &stock, err) ||
	    !olc_shop_text(item, "url", false, &url, err) || !olc_shop_text(item, "image", false, &image, err))
		return false;

	if (!olc_shop_product_set(p, id, title, url, image, &price, has_compare ? &compare : NULL, err))
		return false;
	p->has_stock = has_stock;
	p->stock = has_stock ? stock : 0;
	return olc_shop_text_tags(item, p, err);
}

/* The "products" or "orders" answer (what) as an object, the report emptied; NULL with err when
 * it is not JSON or not an object. json_decref() it. */
static json_t *load_answer(const char *body, size_t len, const char *what, struct olc_parse_report *report,
			   struct olc_error *err)
{
	olc_parse_report_init(report);
	json_t *root = olc_shop_json_load(body, len, err);
	if (root && !json_is_object(root)) {
		olc_error_set(err, "expected an object ({...}) at the top of the %s answer, found %s", what,
			      olc_json_kind(root));
		json_decref(root);
		return NULL;
	}
	return root;
}

/* The answer's list of its items, which the "products" answer calls "products" and the "orders"
 * answer "orders"; NULL with err when it is missing or not a list. */
static const json_t *answer_list(const json_t *root, const char *what, struct olc_error *err)
{
	const json_t *list = json_object_get(root, what);
	if (!list || json_is_null(list)) {
		olc_error_set(err, "%s answer: \"%s\" is missing", what, what);
		return NULL;
	}
	if (!json_is_array(list)) {
		olc_error_set(err, "%s answer: \"%s\" must be a list ([...]), not %s", what, what, olc_json_kind(list));
		return NULL;
	}
	return list;
}

bool olc_json_provider_parse_products(const char *body, size_t len, const struct olc_cancel *cancel,
				      struct olc_catalog *out, char currency[4], struct olc_parse_report *report,
				      struct olc_error *err)
{
	json_t *root = load_answer(body, len, "products", report, err);
	if (!root)
		return false;

	struct olc_error why;
	const char *code;
	const json_t *products = NULL;
	if (!olc_shop_text(root, "currency", true, &code, &why)) {
		olc_error_set(err, "products answer: %s", why.text);
	} else if (!olc_currency_find(code) || strlen(code) != 3) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "products answer: unknown currency \"%s\" (expected an ISO 4217 code such as CNY)",
			      olc_error_excerpt(shown, sizeof(shown), code));
	} else {
		products = answer_list(root, "products", err);
	}
	bool ok = products != NULL;

	const struct olc_product_reader reader = {
		.read_id = read_id,
		.read_product = read_product,
		.quoted_ids = true,
		.cancel = cancel,
	};
	ok = ok && olc_shop_read_products(products, code, &reader, out, report, err);
	if (ok)
		memcpy(currency, code, 4);
	else
		olc_catalog_free(out);
	json_decref(root);
	return ok;
}

static bool read_order(const json_t *item, const char *currency, const char *id, struct olc_order *o,
		       struct olc_error *err)
{
	char product_id[ID_MAX];
	const char *created, *buyer, *city;
	bool has_total, has_quantity, test;
	struct olc_money total;
	int64_t quantity, created_ms;

	if (!olc_shop_text(item, "created_at", true, &created, err))
		return false;
	if (!olc_iso8601_parse(created, false, &created_ms)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err,
			      "\"created_at\": \"%s\" is not an ISO 8601 time with a zone (like 2025-03-01T10:15:30Z)",
			      olc_error_excerpt(shown, sizeof(shown), created));
		return false;
	}
	if (!olc_shop_id(item, "product_id", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(item, "quantity", true, &has_quantity, &quantity, err) ||
	    !olc_shop_text(item, "buyer", false, &buyer, err) || !olc_shop_text(item, "city", false, &city, err) ||
	    !olc_shop_price_field(item, "total", currency, true, &has_total, &total, err) ||
	    !olc_shop_bool(item, "test", false, &test, err))
		return false;
	if (!olc_shop_order_line(o, product_id, quantity, err))
		return false;
	if (!olc_str_set(&o->id, id) || !olc_str_set(&o->buyer, buyer) || !olc_str_set(&o->city, city)) {
		olc_error_set(err, "out of memory");
		return false;
	}
	o->created_at_ms = created_ms;
	o->total = total;
	o->test = test;
	return true;
}

bool olc_json_provider_parse_orders(const char *body, size_t len, const char *catalog_currency,
				    struct olc_order_list *out, char **cursor, struct olc_parse_report *report,
				    struct olc_error *err)
{
	json_t *root = load_answer(body, len, "orders", report, err);
	if (!root)
		return false;

	struct olc_error why;
	bool ok = false;
	const char *code = NULL, *next = NULL;
	const json_t *orders = NULL;
	char shown[OLC_EXCERPT_LEN];
	if (!olc_shop_text(root, "currency", false, &code, &why) ||
	    !olc_shop_text(root, "cursor", false, &next, &why)) {
		olc_error_set(err, "orders answer: %s", why.text);
	} else if (!(orders = answer_list(root, "orders", err))) {
		/* err says what is wrong with the list */
	} else if (!code && !catalog_currency && json_array_size(orders) > 0) {
		olc_error_set(err, "orders answer: the currency of the totals is not known yet");
	} else {
		if (!code)
			code = catalog_currency;
		ok = !code || (olc_currency_find(code) && strlen(code) == 3);
		if (!ok)
			olc_error_set(err,
				      "orders answer: unknown currency \"%s\" (expected an ISO 4217 code such as CNY)",
				      olc_error_excerpt(shown, sizeof(shown), code));
	}

	for (size_t i = 0; ok && i < json_array_size(orders); i++) {
		const json_t *item = json_array_get(orders, i);
		char id[ID_MAX];
		struct olc_order o;

		if (!json_is_object(item)) {
			olc_parse_report_reject(report, "order %zu: expected an object ({...}), found %s", i + 1,
						olc_json_kind(item));
			continue;
		}
		if (!olc_shop_id(item, "id", id, sizeof(id), &why)) {
			olc_parse_report_reject(report, "order %zu: %s", i + 1, why.text);
			continue;
		}
		olc_order_init(&o);
		if (!read_order(item, code, id, &o, &why)) {
			olc_parse_report_reject(report, "order %zu (\"%s\"): %s", i + 1,
						olc_error_excerpt(shown, sizeof(shown), id), why.text);
			olc_order_free(&o);
			continue;
		}
		if (!olc_order_list_take(out, &o)) {
			olc_order_free(&o);
			olc_error_set(err, "out of memory while reading orders");
			ok = false;
			break;
		}
		report->accepted++;
	}

	/* No cursor ("" or none) is what a shop that has sold nothing yet answers: NULL. */
	if (ok && !olc_str_set(cursor, next)) {
		olc_error_set(err, "out of memory while reading orders");
		ok = false;
	}
	json_decref(root);
	return ok;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 2048

struct json_state {
	char *products_url;
	char *orders_url;
	char *file_path; /* set instead of the URLs for a local catalog */
	char *authorization;
	char *etag;
	char *last_modified;
	char currency[4];
	bool started; /* the first answer set the baseline, whatever its cursor */
	char *cursor; /* NULL: the shop gave none (it has no orders yet) */
	bool have_file_hash;
	uint64_t file_hash;
	struct olc_seen_ids seen; /* a static host answers the same orders every time */
	struct olc_shop_env env;
};

static bool is_http(const char *url)
{
	return olc_starts_with_nocase(url, "http://") || olc_starts_with_nocase(url, "https://");
}

/* The local path a url names: "/abs/path", "file:/abs/path", "file:///abs/path" or
 * "file://localhost/abs/path" (percent-escapes decoded). NULL (with err) for anything else. */
static char *local_path(const char *url, struct olc_error *err)
{
	const char *path = NULL;
	bool escaped = false;

	if (url[0] == '/') {
		path = url;
	} else if (olc_starts_with_nocase(url, "file:")) {
		escaped = true;
		path = url + 5;
		if (strncmp(path, "//", 2) == 0) {
			path += 2;
			if (olc_starts_with_nocase(path, "localhost/"))
				path += 9;
			else if (path[0] != '/')
				path = NULL; /* a file on another machine */
		}
		if (path && path[0] != '/')
			path = NULL;
	}
	if (!path) {
		olc_error_set(err, "the json shop needs an http(s) address, a file: URL or a full file path");
		return NULL;
	}

	char *out = malloc(strlen(path) + 1);
	if (!out) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	size_t n = 0;
	for (const char *p = path; *p; p++) {
		int hi, lo;
		if (escaped && p[0] == '%' && (hi = olc_hex_digit(p[1])) >= 0 && (lo = olc_hex_digit(p[2])) >= 0) {
			out[n++] = (char)(hi * 16 + lo);
			p += 2;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	if (strlen(out) != n) {
		olc_error_set(err, "the file path contains a NUL byte");
		free(out);
		return NULL;
	}
	return out;
}

static bool json_check(const struct olc_connection *c, struct olc_error *err)
{
	if (!c->url || !*c->url) {
		olc_error_set(err, "the json shop needs an address (URL) or a file path");
		return false;
	}
	if (is_http(c->url)) {
		if (!olc_url_is_web(c->url)) {
			olc_error_set(err, "the shop address is not a valid http(s) URL");
			return false;
		}
		if (c->token && *c->token && !olc_url_may_carry_credentials(c->url)) {
			olc_error_set(err, "the token is only sent over https (or plain http to this computer)");
			return false;
		}
		return true;
	}
	char *path = local_path(c->url, err);
	free(path);
	return path != NULL;
}

static void json_destroy(void *data)
{
	struct json_state *s = data;
	if (!s)
		return;
	free(s->products_url);
	free(s->orders_url);
	free(s->file_path);
	olc_secret_free(s->authorization);
	free(s->etag);
	free(s->last_modified);
	free(s->cursor);
	olc_seen_ids_free(&s->seen);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *json_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!json_check(c, err))
		return NULL;

	struct json_state *s = calloc(1, sizeof(*s));
	bool ok = s && olc_seen_ids_init(&s->seen, SEEN_CAPACITY) && olc_shop_env_init(&s->env, env);

	if (ok && is_http(c->url)) {
		s->products_url = olc_url_join(c->url, "/products");
		s->orders_url = olc_url_join(c->url, "/orders");
		ok = s->products_url && s->orders_url;
		if (ok && c->token && *c->token) {
			static const char prefix[] = "Authorization: Bearer ";
			s->authorization = malloc(sizeof(prefix) + strlen(c->token));
			ok = s->authorization != NULL;
			if (ok) {
				memcpy(s->authorization, prefix, sizeof(prefix) - 1);
				strcpy(s->authorization + sizeof(prefix) - 1, c->token);
			}
		}
	} else if (ok) {
		s->file_path = local_path(c->url, err);
		if (!s->file_path) {
			json_destroy(s);
			return NULL;
		}
	}
	if (!ok) {
		olc_error_set(err, "out of memory");
		json_destroy(s);
		return NULL;
	}
	return s;
}

static void base_request(const struct json_state *s, struct olc_http_request *req, const char *url,
			 const char **headers)
{
	*req = olc_shop_env_request(&s->env, url);
	headers[0] = "Accept: application/json";
	headers[1] = s->authorization;
	headers[2] = NULL;
	req->headers = headers;
	req->sends_credentials = s->authorization != NULL;
}

static bool fetch_catalog_file(struct json_state *s, struct olc_catalog *out, char currency[4],
			       struct olc_fetch_result *res, struct olc_error *err)
{
	char *text;
	size_t len;
	if (!olc_file_read_all(s->file_path, OLC_SHOP_MAX_BYTES, &text, &len, err))
		return false;
	res->shop_net = OLC_NET_LOOPBACK; /* a catalog file is on this computer: so may its photos be */

	/* FNV-1a: enough to notice that a local catalog file changed. */
	uint64_t h = olc_fnv1a(OLC_FNV1A_BASIS, text, len);
	if (s->have_file_hash && h == s->file_hash) {
		free(text);
		res->not_modified = true;
		return true;
	}

	struct olc_error why;
	bool ok = olc_json_provider_parse_products(text, len, s->env.cancel, out, currency, &res->report, &why);
	free(text);
	if (!ok) {
		olc_error_set(err, "%s: %s", olc_file_name(s->file_path), why.text);
		return false;
	}
	s->have_file_hash = true;
	s->file_hash = h;
	memcpy(s->currency, currency, 4);
	return true;
}

/* GET {url}/products; remember_validators false only when orders need the currency first, so
 * that the session's own catalog fetch is not answered with a 304 it never saw the body of. */
static bool get_products(struct json_state *s, bool conditional, struct olc_catalog *out, char currency[4],
			 struct olc_fetch_result *res, struct olc_error *err)
{
	const char *headers[3];
	struct olc_http_request req;
	struct olc_http_response resp;
	base_request(s, &req, s->products_url, headers);
	if (conditional) {
		req.if_none_match = s->etag;
		req.if_modified_since = s->last_modified;
	}

	bool ok = olc_shop_perform("the shop", &req, &resp, res, err);
	if (ok && resp.status == 304) {
		res->not_modified = true;
	} else if (ok) {
		struct olc_error why;
		ok = olc_json_provider_parse_products(resp.body, resp.body_len, s->env.cancel, out, currency,
						      &res->report, &why);
		if (!ok)
			olc_error_set(err, "products: %s", why.text);
	}
	if (ok && !res->not_modified) {
		memcpy(s->currency, currency, 4);
		if (conditional) {
			/* Validators only after an answer read in full: one with rejected products is fetched
			 * whole again, in case what broke it was on the way rather than in the shop. */
			bool clean = res->report.rejected == 0;
			ok = olc_str_set(&s->etag, clean ? resp.etag : NULL) &&
			     olc_str_set(&s->last_modified, clean ? resp.last_modified : NULL);
			if (!ok) {
				olc_catalog_free(out);
				olc_error_set(err, "out of memory");
			}
		}
	}
	olc_http_response_free(&resp);
	return ok;
}

static bool json_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
			       struct olc_error *err)
{
	struct json_state *s = data;
	olc_fetch_result_init(res);
	if (s->file_path)
		return fetch_catalog_file(s, out, currency, res, err);
	return get_products(s, true, out, currency, res, err);
}

static bool json_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
			      struct olc_error *err)
{
	struct json_state *s = data;
	olc_fetch_result_init(res);
	if (s->file_path)
		return true; /* a catalog prepared offline has no orders */

	if (!s->currency[0]) {
		/* Totals are in the catalog's currency: learn it if the session asked for orders first. */
		struct olc_catalog ignored;
		char currency[4];
		struct olc_fetch_result ignored_res;
		olc_catalog_init(&ignored);
		olc_fetch_result_init(&ignored_res);
		bool ok = get_products(s, false, &ignored, currency, &ignored_res, err);
		olc_catalog_free(&ignored);
		if (!ok) {
			*res = ignored_res;
			return false;
		}
	}

	char *url = NULL, *with_since = NULL;
	int wait_s = 0;
	if (s->started) {
		/* "since=" with an empty cursor: every order the shop has, all of them news. */
		with_since = olc_url_with_query(s->orders_url, "since", s->cursor ? s->cursor : "");
		/* Long-poll only in whole seconds, as the API counts them; never longer than 25 s. */
		wait_s = wait_ms / 1000 > OLC_JSON_MAX_WAIT_S ? OLC_JSON_MAX_WAIT_S : wait_ms / 1000;
		if (with_since && wait_s > 0) {
			char value[16];
			snprintf(value, sizeof(value), "%d", wait_s);
			url = olc_url_with_query(with_since, "wait", value);
		} else if (with_since) {
			url = with_since;
			with_since = NULL;
		}
	} else {
		url = olc_strdup(s->orders_url);
	}
	free(with_since);
	if (!url) {
		olc_error_set(err, "out of memory");
		return false;
	}

	const char *headers[3];
	struct olc_http_request req;
	struct olc_http_response resp;
	base_request(s, &req, url, headers);
	if (wait_s > 0) {
		/* The server is silent while it holds the request: allow for that on top of the usual limits. */
		req.total_timeout_ms = OLC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS + wait_s * 1000L;
		req.low_speed_time_s = OLC_HTTP_DEFAULT_LOW_SPEED_TIME_S + wait_s;
	}

	struct olc_order_list got;
	olc_order_list_init(&got);
	bool ok = olc_shop_perform("the shop", &req, &resp, res, err);
	if (ok) {
		struct olc_error why;
		ok = olc_json_provider_parse_orders(resp.body, resp.body_len, s->currency[0] ? s->currency : NULL, &got,
						    &s->cursor, &res->report, &why);
		if (!ok)
			olc_error_set(err, "orders: %s", why.text);
	}
	olc_http_response_free(&resp);
	free(url);

	/* The cursor orders the shop's answers, not their dates: every date is taken as it is. */
	size_t before = out->count;
	ok = ok && olc_take_unseen_orders(&s->seen, &got, !s->started, INT64_MAX, out, err);
	olc_order_list_free(&got);
	if (ok) {
		/* A held request answered with news, or the cursor just taken: the shop will hold the
		 * next request (wait=N) until there is more, so it can go soon. */
		res->ask_again = wait_ms >= 1000 && (!s->started || out->count > before);
		s->started = true;
	}
	return ok;
}

const struct olc_provider_ops olc_provider_json_ops = {
	.name = "json",
	.check = json_check,
	.create = json_create,
	.destroy = json_destroy,
	.fetch_catalog = json_fetch_catalog,
	.fetch_orders = json_fetch_orders,
	.default_poll_ms = 5000,
};
