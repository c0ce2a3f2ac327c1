#include "core/shop/woocommerce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/items.h"
#include "core/shop/parse.h"
#include "core/shop/shop-env.h"
#include "core/base/text.h"
#include "core/net/url.h"
#include "core/sys/clock.h"

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)

/* ---- parsing ---- */

bool olc_woo_parse_currency(const char *body, size_t len, char currency[4], struct olc_error *err)
{
	struct olc_error why;
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;

	bool ok = false;
	const char *code;
	if (!json_is_object(root)) {
		olc_error_set(err, "expected an object ({...}) for the store currency, found %s", olc_json_kind(root));
	} else if (!olc_shop_text(root, "code", true, &code, &why)) {
		olc_error_set(err, "store currency: %s", why.text);
	} else if (!olc_currency_find(code) || strlen(code) != 3) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown store currency \"%s\" (expected an ISO 4217 code such as CNY)",
			      olc_error_excerpt(shown, sizeof(shown), code));
	} else {
		memcpy(currency, code, 4);
		ok = true;
	}
	json_decref(root);
	return ok;
}

/* The first element of a list field as an object, NULL when the list is absent or empty. */
static bool read_tags(const json_t *item, struct olc_product *p, struct olc_error *err)
{
	const json_t *tags = json_object_get(item, "tags");
	if (!tags || json_is_null(tags))
		return true;
	if (!json_is_array(tags)) {
		olc_error_set(err, "\"tags\" must be a list, not %s", olc_json_kind(tags));
		return false;
	}
	for (size_t i = 0; i < json_array_size(tags); i++) {
		const json_t *tag = json_array_get(tags, i);
		const char *name;
		struct olc_error why;
		if (!json_is_object(tag)) {
			olc_error_set(err, "\"tags\" item %zu must be an object, not %s", i + 1, olc_json_kind(tag));
			return false;
		}
		if (!olc_shop_text(tag, "name", false, &name, &why)) {
			olc_error_set(err, "\"tags\" item %zu: %s", i + 1, why.text);
			return false;
		}
		if (name && !olc_product_add_tag(p, name)) {
			olc_error_set(err, "out of memory");
			return false;
		}
	}
	return true;
}

static bool read_stock(const json_t *item, struct olc_product *p, struct olc_error *err)
{
	bool managed, has_quantity;
	int64_t quantity;
	const char *status;
	if (!olc_shop_bool(item, "manage_stock", false, &managed, err) ||
	    !olc_shop_integer(item, "stock_quantity", false, &has_quantity, &quantity, err) ||
	    !olc_shop_text(item, "stock_status", false, &status, err))
		return false;

	if (managed && has_quantity) {
		p->has_stock = true;
		p->stock = quantity;
	} else if (status && strcmp(status, "outofstock") == 0) {
		/* Not counted, but marked sold out by hand: the overlay should say so. */
		p->has_stock = true;
		p->stock = 0;
	}
	return true;
}

static bool read_product(const json_t *item, const char *currency, const char *id, struct olc_product *p,
			 struct olc_error *err)
{
	const char *name, *permalink, *image = NULL;
	const json_t *first_image;
	bool has_price, has_regular;
	struct olc_money price, regular;

	if (!olc_shop_text(item, "name", true, &name, err) ||
	    !olc_shop_price_field(item, "price", currency, true, &has_price, &price, err) ||
	    !olc_shop_price_field(item, "regular_price", currency, false, &has_regular, &regular, err) ||
	    !olc_shop_text(item, "permalink", false, &permalink, err) ||
	    !olc_shop_first_object(json_object_get(item, "images"), "images", &first_image, err))
		return false;
	if (first_image) {
		struct olc_error why;
		if (!olc_shop_text(first_image, "src", false, &image, &why)) {
			olc_error_set(err, "\"images\" item 1: %s", why.text);
			return false;
		}
	}

	/* WooCommerce's price is already the sale price during a sale; regular_price is the "was". */
	return olc_shop_product_set(p, id, name, permalink, image, &price, has_regular ? &regular : NULL, err) &&
	       read_stock(item, p, err) && read_tags(item, p, err);
}

static bool read_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	return olc_shop_id(item, "id", buf, len, err);
}

bool olc_woo_parse_products(const char *body, size_t len, const char *currency, struct olc_catalog *out,
			    struct olc_parse_report *report, struct olc_error *err)
{
	olc_parse_report_init(report);

	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	if (!json_is_array(root)) {
		olc_error_set(err, "expected a list of products ([...]), found %s", olc_json_kind(root));
		json_decref(root);
		return false;
	}
	if (!olc_currency_find(currency)) {
		olc_error_set(err, "the store currency is not known");
		json_decref(root);
		return false;
	}

	const struct olc_product_reader reader = {.read_id = read_id, .read_product = read_product, .paged = true};
	bool ok = olc_shop_read_products(root, currency, &reader, out, report, err);
	json_decref(root);
	return ok;
}

/* Buyer and city: billing first, shipping as the fallback for the city. */
static bool read_person(const json_t *order, const char **buyer, const char **city, struct olc_error *err)
{
	const json_t *billing = json_object_get(order, "billing");
	const json_t *shipping = json_object_get(order, "shipping");
	struct olc_error why;
	*buyer = NULL;
	*city = NULL;

	if (billing && !json_is_null(billing)) {
		if (!json_is_object(billing)) {
			olc_error_set(err, "\"billing\" must be an object, not %s", olc_json_kind(billing));
			return false;
		}
		if (!olc_shop_text(billing, "first_name", false, buyer, &why) ||
		    !olc_shop_text(billing, "city", false, city, &why)) {
			olc_error_set(err, "\"billing\": %s", why.text);
			return false;
		}
	}
	if (!*city && shipping && json_is_object(shipping) && !olc_shop_text(shipping, "city", false, city, &why)) {
		olc_error_set(err, "\"shipping\": %s", why.text);
		return false;
	}
	return true;
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_quantity, has_total;
	int64_t quantity;
	struct olc_money total;

	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	if (!olc_shop_id(line, "product_id", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "quantity", true, &has_quantity, &quantity, err) ||
	    !olc_shop_price_field(line, "total", currency, true, &has_total, &total, err))
		return false;
	if (strcmp(product_id, "0") == 0) {
		olc_error_set(err, "the product no longer exists in the shop (\"product_id\" is 0)");
		return false;
	}
	if (!olc_shop_order_line(o, product_id, quantity, err))
		return false;
	o->total = total;
	return true;
}

/* Reads one order into its lines. Returns false only when memory runs out. */
static bool read_order(const json_t *item, size_t index, struct olc_order_list *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN];
	const char *status, *currency, *created, *buyer, *city;
	int64_t created_ms;
	struct olc_error why;

	if (!json_is_object(item)) {
		olc_parse_report_reject(report, "order %zu: expected an object ({...}), found %s", index + 1,
					olc_json_kind(item));
		return true;
	}
	if (!olc_shop_id(item, "id", id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "order %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	if (!olc_shop_text(item, "status", true, &status, &why) ||
	    !olc_shop_text(item, "currency", true, &currency, &why) ||
	    !olc_shop_text(item, "date_created_gmt", true, &created, &why) || !read_person(item, &buyer, &city, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	/* Pending, on-hold, cancelled, refunded or failed orders are not sales (yet). */
	if (strcmp(status, "processing") != 0 && strcmp(status, "completed") != 0)
		return true;
	if (!olc_currency_find(currency) || strlen(currency) != 3) {
		char code[OLC_EXCERPT_LEN];
		olc_parse_report_reject(report, "order %zu (id %s): unknown currency \"%s\"", index + 1, shown,
					olc_error_excerpt(code, sizeof(code), currency));
		return true;
	}
	if (!olc_iso8601_parse(created, true, &created_ms)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"date_created_gmt\" is not an ISO 8601 time",
					index + 1, shown);
		return true;
	}
	const json_t *lines = json_object_get(item, "line_items");
	if (!json_is_array(lines)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"line_items\" must be a list, not %s", index + 1,
					shown, olc_json_kind(lines));
		return true;
	}

	const struct olc_order_head head = {index, id, shown, created_ms, buyer, city, false};
	return olc_shop_read_order_lines(lines, &head, currency, read_line, out, report);
}

bool olc_woo_parse_orders(const char *body, size_t len, struct olc_order_list *out, struct olc_parse_report *report,
			  struct olc_error *err)
{
	olc_parse_report_init(report);
	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	if (!json_is_array(root)) {
		olc_error_set(err, "expected a list of orders ([...]), found %s", olc_json_kind(root));
		json_decref(root);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < json_array_size(root); i++)
		ok = read_order(json_array_get(root, i), i, out, report);
	if (!ok)
		olc_error_set(err, "out of memory while reading orders");
	json_decref(root);
	return ok;
}

int olc_woo_total_pages(const char *value)
{
	if (!value || !*value)
		return -1;
	long pages = 0;
	for (const char *p = value; *p; p++) {
		if (*p < '0' || *p > '9' || pages > 100000)
			return -1;
		pages = pages * 10 + (*p - '0');
	}
	return pages >= 1 ? (int)pages : -1;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096

struct woo_state {
	char *api; /* {url}/wp-json/wc/v3 */
	char *key;
	char *secret;
	char currency[4];
	struct olc_order_window orders;
	struct olc_shop_env env;
};

static bool woo_check(const struct olc_connection *c, struct olc_error *err)
{
	if (!c->url || !olc_url_is_web(c->url)) {
		olc_error_set(err, "WooCommerce needs the shop's address, starting with https://");
		return false;
	}
	if (!c->key || !*c->key || !c->secret || !*c->secret) {
		olc_error_set(err, "WooCommerce needs a consumer key and a consumer secret (WooCommerce > Settings > "
				   "Advanced > REST API)");
		return false;
	}
	if (!olc_url_may_carry_credentials(c->url)) {
		olc_error_set(err, "WooCommerce keys are only sent over https: the address must start with https://");
		return false;
	}
	return true;
}

static void woo_destroy(void *data)
{
	struct woo_state *s = data;
	if (!s)
		return;
	free(s->api);
	olc_secret_free(s->key);
	olc_secret_free(s->secret);
	olc_order_window_free(&s->orders);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *woo_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!woo_check(c, err))
		return NULL;
	struct woo_state *s = calloc(1, sizeof(*s));
	if (s)
		s->api = olc_url_join(c->url, "/wp-json/wc/v3");
	if (!s || !s->api || !olc_str_set(&s->key, c->key) || !olc_str_set(&s->secret, c->secret) ||
	    !olc_order_window_init(&s->orders, SEEN_CAPACITY) || !olc_shop_env_init(&s->env, env)) {
		olc_error_set(err, "out of memory");
		woo_destroy(s);
		return NULL;
	}
	return s;
}

/* GET url with the keys as HTTP Basic credentials, never in the query string: a URL is written
 * into server, proxy and CDN logs, a header is not. A host that drops the Authorization header
 * answers 401, and the message says so, rather than the keys going into the URL instead. */
static bool woo_get(struct woo_state *s, const char *url, struct olc_http_response *resp, struct olc_fetch_result *res,
		    struct olc_error *err)
{
	static const char *const headers[] = {"Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, url);
	req.headers = headers;
	req.basic_user = s->key;
	req.basic_password = s->secret;
	req.sends_credentials = true;
	bool ok = olc_shop_perform("WooCommerce", &req, resp, res, err);
	olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
	if (!ok && resp->status == 401)
		olc_error_set(err, "WooCommerce refused the key and secret (HTTP 401): check them; if they are right, "
				   "the web server may be dropping the Authorization header");
	return ok;
}

/* GET page number page of base (a list the API pages); resp must be freed in every case. */
static bool get_page(struct woo_state *s, const char *base, int page, struct olc_http_response *resp,
		     struct olc_fetch_result *res, struct olc_error *err)
{
	char number[16];
	snprintf(number, sizeof(number), "%d", page);
	char *url = olc_url_with_query(base, "page", number);
	if (!url) {
		memset(resp, 0, sizeof(*resp));
		olc_error_set(err, "out of memory");
		return false;
	}
	bool ok = woo_get(s, url, resp, res, err);
	free(url);
	return ok;
}

/* How many pages there are after reading page number page with count items. */
static int pages_after(const struct olc_http_response *resp, int page, size_t count)
{
	int total = olc_woo_total_pages(olc_http_response_header(resp, "x-wp-totalpages"));
	if (total > 0)
		return total;
	/* No header (a caching proxy dropped it): a full page suggests there is another. */
	return count >= OLC_WOO_PER_PAGE ? page + 1 : page;
}

static bool fetch_currency(struct woo_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	struct olc_http_response resp;
	char *url = olc_url_join(s->api, "/data/currencies/current");
	if (!url) {
		olc_error_set(err, "out of memory");
		return false;
	}
	bool ok = woo_get(s, url, &resp, res, err);
	free(url);
	if (ok) {
		struct olc_error why;
		ok = olc_woo_parse_currency(resp.body, resp.body_len, s->currency, &why);
		if (!ok)
			olc_error_set(err, "WooCommerce store currency: %s", why.text);
	}
	olc_http_response_free(&resp);
	return ok;
}

static bool woo_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
			      struct olc_error *err)
{
	struct woo_state *s = data;
	olc_fetch_result_init(res);
	/* The currency is asked every time: a shop may switch it, and prices mean nothing without it. */
	if (!fetch_currency(s, res, err))
		return false;

	char *products = olc_url_join(s->api, "/products?status=publish&per_page=100");
	bool ok = products != NULL;
	if (!ok)
		olc_error_set(err, "out of memory");
	int pages = 1;
	for (int page = 1; ok && page <= pages && page <= OLC_WOO_MAX_PRODUCT_PAGES; page++) {
		struct olc_http_response resp;
		ok = get_page(s, products, page, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			size_t before = out->count;
			ok = olc_woo_parse_products(resp.body, resp.body_len, s->currency, out, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				pages = pages_after(&resp, page, out->count - before + report.rejected);
			} else {
				olc_error_set(err, "WooCommerce products, page %d: %s", page, why.text);
			}
		}
		olc_http_response_free(&resp);
	}
	free(products);
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, s->currency, 4);
	return true;
}

static bool woo_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
			     struct olc_error *err)
{
	(void)wait_ms; /* WooCommerce cannot hold a request open: plain polling */
	struct woo_state *s = data;
	olc_fetch_result_init(res);

	char after[OLC_ISO8601_LEN];
	olc_iso8601_format_naive(olc_order_window_after(&s->orders, s->env.now_ms(), OLC_WOO_ORDER_OVERLAP_MS), after);

	char *orders = olc_url_join(s->api, "/orders");
	char *a = orders ? olc_url_with_query(orders, "after", after) : NULL;
	char *b = a ? olc_url_with_query(a, "dates_are_gmt", "true") : NULL;
	char *c = b ? olc_url_with_query(b, "status", "processing,completed") : NULL;
	char *d = c ? olc_url_with_query(c, "orderby", "date") : NULL;
	char *e = d ? olc_url_with_query(d, "order", "asc") : NULL;
	char *base = e ? olc_url_with_query(e, "per_page", "100") : NULL;
	free(orders);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	if (!base) {
		olc_error_set(err, "out of memory");
		return false;
	}

	struct olc_order_list got;
	olc_order_list_init(&got);
	bool ok = true;
	int pages = 1;
	for (int page = 1; ok && page <= pages && page <= OLC_WOO_MAX_ORDER_PAGES; page++) {
		struct olc_http_response resp;
		ok = get_page(s, base, page, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			ok = olc_woo_parse_orders(resp.body, resp.body_len, &got, &report, &why);
			if (ok) {
				olc_parse_report_merge(&res->report, &report);
				/* Pages count orders, not lines: without the header, one page is all we know of. */
				int total = olc_woo_total_pages(olc_http_response_header(&resp, "x-wp-totalpages"));
				pages = total > 0 ? total : page;
			} else {
				olc_error_set(err, "WooCommerce orders: %s", why.text);
			}
		}
		olc_http_response_free(&resp);
	}
	free(base);

	ok = ok && olc_order_window_take(&s->orders, "WooCommerce", s->env.now_ms(), &got, out, res, err);
	olc_order_list_free(&got);
	return ok;
}

const struct olc_provider_ops olc_provider_woocommerce_ops = {
	.name = "woocommerce",
	.check = woo_check,
	.create = woo_create,
	.destroy = woo_destroy,
	.fetch_catalog = woo_fetch_catalog,
	.fetch_orders = woo_fetch_orders,
	.default_poll_ms = 10000,
};
