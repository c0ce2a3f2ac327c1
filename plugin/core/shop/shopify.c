#include "core/shop/shopify.h"

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

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)

/* ---- throttling ---- */

int64_t olc_shopify_throttle_wait_ms(double needed, double available, double restore_rate)
{
	if (!(needed > available))
		return 0;
	if (!(restore_rate > 0))
		return 1000;
	double ms = (needed - available) / restore_rate * 1000.0;
	/* A bucket refills completely within minutes; anything beyond an hour is nonsense data. */
	if (!(ms < 3600000.0))
		return 3600000;
	int64_t whole = (int64_t)ms;
	return whole < ms ? whole + 1 : whole; /* round up: waking early would be throttled again */
}

static double number_or(const json_t *object, const char *key, double fallback)
{
	const json_t *value = json_object_get(object, key);
	return json_is_number(value) ? json_number_value(value) : fallback;
}

static void read_cost(const json_t *root, struct olc_shopify_cost *cost)
{
	const json_t *c = json_object_get(json_object_get(root, "extensions"), "cost");
	const json_t *t = json_object_get(c, "throttleStatus");
	memset(cost, 0, sizeof(*cost));
	if (!json_is_object(c) || !json_is_object(t))
		return;
	cost->present = true;
	cost->requested = number_or(c, "requestedQueryCost", 0);
	cost->maximum = number_or(t, "maximumAvailable", 0);
	cost->available = number_or(t, "currentlyAvailable", 0);
	cost->restore_rate = number_or(t, "restoreRate", 0);
}

/* The object at data.<field>, after judging the errors list. NULL with err when there is none. */
static const json_t *graphql_data(const json_t *root, const char *field, struct olc_shopify_answer *answer,
				  struct olc_error *err)
{
	if (!json_is_object(root)) {
		olc_error_set(err, "expected an object ({...}) at the top, found %s", olc_json_kind(root));
		return NULL;
	}
	read_cost(root, &answer->cost);

	const json_t *errors = json_object_get(root, "errors");
	const char *first_message = NULL;
	if (errors && !json_is_null(errors)) {
		/* Shopify answers a malformed request with "errors" as plain text. */
		if (json_is_string(errors))
			first_message = json_string_value(errors);
		for (size_t i = 0; i < json_array_size(errors); i++) {
			const json_t *e = json_array_get(errors, i);
			const char *code = json_string_value(json_object_get(json_object_get(e, "extensions"), "code"));
			const char *message = json_string_value(json_object_get(e, "message"));
			if ((code && strcmp(code, "THROTTLED") == 0) ||
			    (!code && message && strcmp(message, "Throttled") == 0))
				answer->throttled = true;
			if (!first_message)
				first_message = message;
		}
	}
	if (answer->throttled) {
		olc_error_set(err, "Shopify is throttling requests (the query cost budget is used up)");
		return NULL;
	}

	const json_t *data = json_object_get(root, "data");
	const json_t *value = json_is_object(data) ? json_object_get(data, field) : NULL;
	if (value && json_is_object(value))
		return value;

	char shown[120];
	if (first_message)
		olc_error_set(err, "Shopify said: %s", olc_error_excerpt(shown, sizeof(shown), first_message));
	else if (json_is_array(errors) || json_is_string(errors))
		olc_error_set(err, "Shopify answered with errors and no data");
	else if (!json_is_object(data))
		olc_error_set(err, "\"data\" is missing from the answer");
	else if (!value || json_is_null(value))
		olc_error_set(err, "\"data.%s\" is missing from the answer", field);
	else
		olc_error_set(err, "\"data.%s\" must be an object, not %s", field, olc_json_kind(value));
	return NULL;
}

/* pageInfo and nodes of a connection. */
static const json_t *connection_nodes(const json_t *connection, const char *field, struct olc_shopify_answer *answer,
				      struct olc_error *err)
{
	const json_t *page = json_object_get(connection, "pageInfo");
	const json_t *nodes = json_object_get(connection, "nodes");
	if (!json_is_array(nodes)) {
		olc_error_set(err, "\"%s.nodes\" must be a list, not %s", field, olc_json_kind(nodes));
		return NULL;
	}
	if (page && !json_is_null(page)) {
		const char *cursor;
		struct olc_error why;
		if (!json_is_object(page) || !olc_shop_bool(page, "hasNextPage", false, &answer->has_next_page, &why) ||
		    !olc_shop_text(page, "endCursor", false, &cursor, &why)) {
			olc_error_set(err, "\"%s.pageInfo\" is not readable", field);
			return NULL;
		}
		if (cursor && strlen(cursor) >= sizeof(answer->end_cursor)) {
			olc_error_set(err, "\"%s.pageInfo.endCursor\" is too long", field);
			return NULL;
		}
		snprintf(answer->end_cursor, sizeof(answer->end_cursor), "%s", cursor ? cursor : "");
		if (answer->has_next_page && !cursor) {
			olc_error_set(err, "\"%s.pageInfo\" says there is a next page but gives no endCursor", field);
			return NULL;
		}
	}
	return nodes;
}

/* "gid://shopify/Product/123" -> "123" when kind matches; other ids are kept whole. */
static bool short_id(const json_t *object, const char *key, const char *kind, char *buf, size_t len,
		     struct olc_error *err)
{
	if (!olc_shop_id(object, key, buf, len, err))
		return false;
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "gid://shopify/%s/", kind);
	size_t n = strlen(prefix);
	if (strncmp(buf, prefix, n) == 0 && buf[n] != '\0' && strchr(buf + n, '/') == NULL)
		memmove(buf, buf + n, strlen(buf + n) + 1);
	return true;
}

/* A Money value: decimal text (the Money scalar of 2025-01), or a MoneyV2 object whose
 * currencyCode must match. Optional: absent or null gives *present false. */
static bool read_money(const json_t *object, const char *key, const char *currency, bool required, bool *present,
		       struct olc_money *out, struct olc_error *err)
{
	const json_t *value = json_object_get(object, key);
	if (!json_is_object(value))
		return olc_shop_price_field(object, key, currency, required, present, out, err);

	const char *code;
	struct olc_error why;
	*present = false;
	if (!olc_shop_text(value, "currencyCode", true, &code, &why) ||
	    !olc_shop_price_field(value, "amount", currency, true, present, out, &why)) {
		olc_error_set(err, "\"%s\": %s", key, why.text);
		return false;
	}
	if (strcmp(code, currency) != 0) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "\"%s\" is in %s, not the shop currency %s", key,
			      olc_error_excerpt(shown, sizeof(shown), code), currency);
		*present = false;
		return false;
	}
	return true;
}

/* The only element of connection.nodes we use: the first, or NULL when the list is empty. */
static bool first_node(const json_t *item, const char *key, const json_t **out, struct olc_error *err)
{
	const json_t *connection = json_object_get(item, key);
	*out = NULL;
	if (!connection || json_is_null(connection))
		return true;
	char name[64];
	snprintf(name, sizeof(name), "%s.nodes", key);
	const json_t *nodes = json_object_get(connection, "nodes");
	if (!nodes) {
		olc_error_set(err, "\"%s\" must be a list, not %s", name, olc_json_kind(nodes));
		return false;
	}
	return olc_shop_first_object(nodes, name, out, err);
}

/* priceRangeV2 {minVariantPrice, maxVariantPrice}: *lowest is the lowest variant's price and *from
 * whether the variants' prices differ. Without a range (an answer to an older query) the first
 * variant's price stands alone. */
static bool read_price_range(const json_t *item, const char *currency, const struct olc_money *first,
			     struct olc_money *lowest, bool *from, struct olc_error *err)
{
	const json_t *range = json_object_get(item, "priceRangeV2");
	struct olc_money highest;
	struct olc_error why;
	bool present;

	*lowest = *first;
	*from = false;
	if (!range || json_is_null(range))
		return true;
	if (!json_is_object(range)) {
		olc_error_set(err, "\"priceRangeV2\" must be an object, not %s", olc_json_kind(range));
		return false;
	}
	if (!read_money(range, "minVariantPrice", currency, true, &present, lowest, &why) ||
	    !read_money(range, "maxVariantPrice", currency, true, &present, &highest, &why)) {
		olc_error_set(err, "\"priceRangeV2\": %s", why.text);
		return false;
	}
	if (highest.minor < lowest->minor) {
		olc_error_set(err, "\"priceRangeV2\": the highest price is below the lowest");
		return false;
	}
	if (lowest->minor > first->minor) {
		/* A range that leaves out the first variant does not describe this product: its first
		 * variant's price stands, marked "from" when the range says others differ. */
		*lowest = *first;
	}
	*from = highest.minor != lowest->minor;
	return true;
}

static bool read_product(const json_t *item, const char *currency, const char *id, struct olc_product *p,
			 struct olc_error *err)
{
	const char *title, *store_url, *image = NULL;
	const json_t *variant, *featured;
	bool tracks, has_price, has_compare, has_total, has_variant_stock = false, from = false;
	int64_t total = 0, variant_stock = 0;
	struct olc_money price, compare, lowest;
	struct olc_error why;

	if (!olc_shop_text(item, "title", true, &title, err) ||
	    !olc_shop_text(item, "onlineStoreUrl", false, &store_url, err) ||
	    !olc_shop_bool(item, "tracksInventory", true, &tracks, err) ||
	    !olc_shop_integer(item, "totalInventory", false, &has_total, &total, err) ||
	    !first_node(item, "variants", &variant, err))
		return false;
	if (!variant) {
		olc_error_set(err, "the product has no variant, so no price");
		return false;
	}
	if (!read_money(variant, "price", currency, true, &has_price, &price, &why) ||
	    !read_money(variant, "compareAtPrice", currency, false, &has_compare, &compare, &why) ||
	    !olc_shop_integer(variant, "inventoryQuantity", false, &has_variant_stock, &variant_stock, &why)) {
		olc_error_set(err, "first variant: %s", why.text);
		return false;
	}
	if (!read_price_range(item, currency, &price, &lowest, &from, err))
		return false;
	/* The first variant's compare-at price is struck through only when it is the lowest's too. */
	has_compare = has_compare && price.minor == lowest.minor;
	featured = json_object_get(item, "featuredImage");
	if (featured && !json_is_null(featured)) {
		if (!json_is_object(featured) || !olc_shop_text(featured, "url", false, &image, &why)) {
			olc_error_set(err, "\"featuredImage\" must be an object with a \"url\"");
			return false;
		}
	}

	if (!olc_shop_product_set(p, id, title, store_url, image, &lowest, has_compare ? &compare : NULL, err))
		return false;
	p->price_from = from;
	if (tracks && (has_total || has_variant_stock)) {
		p->has_stock = true;
		p->stock = has_total ? total : variant_stock;
	}
	return olc_shop_text_tags(item, p, err);
}

static bool read_product_id(const json_t *item, char *buf, size_t len, struct olc_error *err)
{
	return short_id(item, "id", "Product", buf, len, err);
}

static void answer_init(struct olc_shopify_answer *answer)
{
	memset(answer, 0, sizeof(*answer));
}

bool olc_shopify_parse_products(const char *body, size_t len, struct olc_catalog *out, char currency[4],
				struct olc_shopify_answer *answer, struct olc_parse_report *report,
				struct olc_error *err)
{
	struct olc_error why;
	answer_init(answer);
	olc_parse_report_init(report);

	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;

	const char *code = NULL;
	const json_t *shop = json_is_object(root) ? json_object_get(json_object_get(root, "data"), "shop") : NULL;
	const json_t *products = graphql_data(root, "products", answer, err);
	const json_t *nodes = products ? connection_nodes(products, "products", answer, err) : NULL;
	bool ok = nodes != NULL;
	if (ok && (!json_is_object(shop) || !olc_shop_text(shop, "currencyCode", true, &code, &why))) {
		olc_error_set(err, "\"data.shop.currencyCode\" is missing: the shop currency is not known");
		ok = false;
	} else if (ok && (!olc_currency_find(code) || strlen(code) != 3)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown shop currency \"%s\" (expected an ISO 4217 code such as CNY)",
			      olc_error_excerpt(shown, sizeof(shown), code));
		ok = false;
	}

	const struct olc_product_reader reader = {
		.read_id = read_product_id,
		.read_product = read_product,
		.paged = true,
	};
	ok = ok && olc_shop_read_products(nodes, code, &reader, out, report, err);
	if (ok)
		memcpy(currency, code, 4);
	json_decref(root);
	return ok;
}

/* shopMoney of a MoneyBag field: amount in currency, or, when learned is not NULL, in the currency
 * it names, which is copied there (the order's total names the order's currency). */
static bool read_shop_money(const json_t *object, const char *key, const char *currency, char learned[4],
			    struct olc_money *out, struct olc_error *err)
{
	const json_t *bag = json_object_get(object, key);
	const json_t *money = json_object_get(bag, "shopMoney");
	const char *code;
	bool present;
	struct olc_error why;
	char shown[OLC_EXCERPT_LEN];

	if (!json_is_object(bag) || !json_is_object(money)) {
		olc_error_set(err, "\"%s.shopMoney\" is missing", key);
		return false;
	}
	if (!olc_shop_text(money, "currencyCode", true, &code, &why)) {
		olc_error_set(err, "\"%s.shopMoney\": %s", key, why.text);
		return false;
	}
	if (learned) {
		if (!olc_currency_find(code) || strlen(code) != 3) {
			olc_error_set(err, "unknown currency \"%s\"", olc_error_excerpt(shown, sizeof(shown), code));
			return false;
		}
		memcpy(learned, code, 4);
		currency = learned;
	} else if (strcmp(code, currency) != 0) {
		olc_error_set(err, "\"%s\" is in %s, not the order's currency %s", key,
			      olc_error_excerpt(shown, sizeof(shown), code), currency);
		return false;
	}
	if (!olc_shop_price_field(money, "amount", currency, true, &present, out, &why)) {
		olc_error_set(err, "\"%s.shopMoney\": %s", key, why.text);
		return false;
	}
	return true;
}

static bool read_line(const json_t *line, const char *currency, struct olc_order *o, struct olc_error *err)
{
	char product_id[ID_MAX];
	bool has_quantity;
	int64_t quantity;
	const json_t *product = json_object_get(line, "product");

	if (!json_is_object(line)) {
		olc_error_set(err, "expected an object ({...}), found %s", olc_json_kind(line));
		return false;
	}
	if (!product || json_is_null(product)) {
		olc_error_set(err, "not a product of the shop (a custom item or a deleted product)");
		return false;
	}
	if (!json_is_object(product)) {
		olc_error_set(err, "\"product\" must be an object, not %s", olc_json_kind(product));
		return false;
	}
	const char *total_key = json_object_get(line, "discountedTotalSet") ? "discountedTotalSet" : "originalTotalSet";
	if (!short_id(product, "id", "Product", product_id, sizeof(product_id), err) ||
	    !olc_shop_integer(line, "quantity", true, &has_quantity, &quantity, err) ||
	    !read_shop_money(line, total_key, currency, NULL, &o->total, err))
		return false;
	return olc_shop_order_line(o, product_id, quantity, err);
}

/* Text of an optional object's optional field; a wrong type just leaves it out (the address
 * may be null for lack of access, and it is decoration). */
static const char *optional_field(const json_t *object, const char *outer, const char *key)
{
	const json_t *o = json_object_get(object, outer);
	const char *text = json_string_value(json_object_get(o, key));
	return text && *text ? text : NULL;
}

/* Reads one order into its lines; false only when memory runs out. */
static bool read_order(const json_t *item, size_t index, struct olc_order_list *out, struct olc_parse_report *report)
{
	char id[ID_MAX], shown[OLC_EXCERPT_LEN], currency[4];
	const char *created;
	int64_t created_ms;
	bool test;
	struct olc_money order_total;
	struct olc_error why;

	if (!json_is_object(item)) {
		olc_parse_report_reject(report, "order %zu: expected an object ({...}), found %s", index + 1,
					olc_json_kind(item));
		return true;
	}
	if (!short_id(item, "id", "Order", id, sizeof(id), &why)) {
		olc_parse_report_reject(report, "order %zu: %s", index + 1, why.text);
		return true;
	}
	olc_error_excerpt(shown, sizeof(shown), id);
	if (!olc_shop_text(item, "createdAt", true, &created, &why) ||
	    !olc_shop_bool(item, "test", false, &test, &why) ||
	    !read_shop_money(item, "totalPriceSet", NULL, currency, &order_total, &why)) {
		olc_parse_report_reject(report, "order %zu (id %s): %s", index + 1, shown, why.text);
		return true;
	}
	if (!olc_iso8601_parse(created, false, &created_ms)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"createdAt\" is not an ISO 8601 time", index + 1,
					shown);
		return true;
	}
	const json_t *lines = json_object_get(json_object_get(item, "lineItems"), "nodes");
	if (!json_is_array(lines)) {
		olc_parse_report_reject(report, "order %zu (id %s): \"lineItems.nodes\" must be a list", index + 1,
					shown);
		return true;
	}
	const char *buyer = optional_field(item, "billingAddress", "firstName");
	const char *city = optional_field(item, "billingAddress", "city");
	if (!city)
		city = optional_field(item, "shippingAddress", "city");

	const struct olc_order_head head = {index, id, shown, created_ms, buyer, city, test};
	return olc_shop_read_order_lines(lines, &head, currency, read_line, out, report);
}

bool olc_shopify_parse_orders(const char *body, size_t len, struct olc_order_list *out,
			      struct olc_shopify_answer *answer, struct olc_parse_report *report, struct olc_error *err)
{
	answer_init(answer);
	olc_parse_report_init(report);

	json_t *root = olc_shop_json_load(body, len, err);
	if (!root)
		return false;
	const json_t *orders = graphql_data(root, "orders", answer, err);
	const json_t *nodes = orders ? connection_nodes(orders, "orders", answer, err) : NULL;
	bool ok = nodes != NULL;
	for (size_t i = 0; ok && i < json_array_size(nodes); i++)
		ok = read_order(json_array_get(nodes, i), i, out, report);
	if (nodes && !ok)
		olc_error_set(err, "out of memory while reading orders");
	json_decref(root);
	return ok;
}

/* ---- the provider ---- */

#define SEEN_CAPACITY 4096
/* Longest wait for the cost bucket between two pages of one fetch; longer waits go to the poller. */
#define MAX_INLINE_WAIT_MS 10000

static const char products_query[] =
	"query Catalog($after: String) { shop { currencyCode } "
	"products(first: 50, after: $after, query: \"status:active\") { pageInfo { hasNextPage endCursor } "
	"nodes { id title onlineStoreUrl tags totalInventory tracksInventory featuredImage { url } "
	"priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } } "
	"variants(first: 1) { nodes { price compareAtPrice inventoryQuantity } } } } }";

static const char orders_query[] =
	"query Orders($q: String!, $after: String) { "
	"orders(first: 10, after: $after, sortKey: CREATED_AT, query: $q) { pageInfo { hasNextPage endCursor } "
	"nodes { id createdAt test totalPriceSet { shopMoney { amount currencyCode } } "
	"billingAddress { firstName city } shippingAddress { city } "
	"lineItems(first: 5) { nodes { quantity product { id } "
	"discountedTotalSet { shopMoney { amount currencyCode } } } } } } }";

struct shopify_state {
	char *endpoint;
	char *token_endpoint;        /* {shop}/admin/oauth/access_token; NULL with a fixed token */
	char *client_id;             /* a Dev Dashboard app's, for the client-credentials grant; NULL: fixed token */
	char *client_secret;         /* a secret: wiped when freed */
	struct olc_shop_token token; /* the fixed token, or the last one the grant gave */
	struct olc_order_window orders;
	struct olc_shop_env env;
};

static bool valid_version(const char *v)
{
	if (strcmp(v, "unstable") == 0)
		return true;
	/* "2025-01" */
	if (strlen(v) != 7 || v[4] != '-')
		return false;
	for (int i = 0; i < 7; i++) {
		if (i != 4 && (v[i] < '0' || v[i] > '9'))
			return false;
	}
	return true;
}

static bool filled(const char *text)
{
	return text && *text;
}

/* A Dev Dashboard app's client ID and secret, which the grant exchanges for 24-hour tokens; when
 * both are set they win over a token, which is then the old custom app's left in the form. */
static bool uses_client_credentials(const struct olc_connection *c)
{
	return filled(c->key) && filled(c->secret);
}

static bool shopify_check(const struct olc_connection *c, struct olc_error *err)
{
	if (!c->url || !olc_url_is_web(c->url)) {
		olc_error_set(err, "Shopify needs the shop's address, such as https://your-shop.myshopify.com");
		return false;
	}
	if (!uses_client_credentials(c) && !filled(c->token)) {
		if (filled(c->key) || filled(c->secret))
			olc_error_set(err,
				      "Shopify needs both the client ID and the client secret of the Dev Dashboard "
				      "app (its Settings page shows them)");
		else
			olc_error_set(err, "Shopify needs an Admin API access token (a custom app's token, shpat_...), "
					   "or the client ID and secret of a Dev Dashboard app");
		return false;
	}
	if (!olc_url_may_carry_credentials(c->url)) {
		olc_error_set(err, "the Shopify %s only sent over https: the address must start with https://",
			      uses_client_credentials(c) ? "client secret is" : "token is");
		return false;
	}
	if (c->api_version && *c->api_version && !valid_version(c->api_version)) {
		olc_error_set(err, "the Shopify API version must look like 2025-01");
		return false;
	}
	if (!uses_client_credentials(c) && strpbrk(c->token, "\r\n")) {
		olc_error_set(err, "the Shopify token contains a line break");
		return false;
	}
	return true;
}

static void shopify_destroy(void *data)
{
	struct shopify_state *s = data;
	if (!s)
		return;
	free(s->endpoint);
	free(s->token_endpoint);
	free(s->client_id);
	olc_secret_free(s->client_secret);
	olc_shop_token_clear(&s->token);
	olc_order_window_free(&s->orders);
	olc_shop_env_free(&s->env);
	free(s);
}

static void *shopify_create(const struct olc_connection *c, const struct olc_provider_env *env, struct olc_error *err)
{
	if (!shopify_check(c, err))
		return NULL;
	struct shopify_state *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	olc_shop_token_init(&s->token);
	char path[64];
	snprintf(path, sizeof(path), "/admin/api/%s/graphql.json",
		 c->api_version && *c->api_version ? c->api_version : OLC_SHOPIFY_DEFAULT_API_VERSION);
	s->endpoint = olc_url_join(c->url, path);
	bool ok = s->endpoint != NULL;
	if (uses_client_credentials(c)) {
		s->token_endpoint = olc_url_join(c->url, "/admin/oauth/access_token");
		s->client_id = olc_strdup(c->key);
		s->client_secret = olc_strdup(c->secret);
		ok = ok && s->token_endpoint && s->client_id && s->client_secret;
	} else {
		ok = ok && olc_shop_token_set(&s->token, c->token, 0, 0); /* never expires */
	}
	if (!ok || !olc_order_window_init(&s->orders, SEEN_CAPACITY) || !olc_shop_env_init(&s->env, env)) {
		olc_error_set(err, "out of memory");
		shopify_destroy(s);
		return NULL;
	}
	return s;
}

/* ---- the client-credentials grant ---- */

/* Appends "&key=value" (no "&" when *text is empty) to a form body, percent-encoding the value as
 * application/x-www-form-urlencoded. The old text is wiped: it may hold the secret. */
static bool form_append(char **text, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t old = *text ? strlen(*text) : 0, klen = strlen(key), vlen = strlen(value);
	if (vlen > (SIZE_MAX - old - klen - 3) / 3)
		return false;
	char *out = malloc(old + 1 + klen + 1 + 3 * vlen + 1);
	if (!out)
		return false;
	char *w = out;
	if (old) {
		memcpy(w, *text, old);
		w += old;
		*w++ = '&';
	}
	memcpy(w, key, klen);
	w += klen;
	*w++ = '=';
	for (const unsigned char *r = (const unsigned char *)value; *r; r++) {
		if ((*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9') || *r == '-' ||
		    *r == '_' || *r == '.' || *r == '~') {
			*w++ = (char)*r;
		} else {
			*w++ = '%';
			*w++ = hex[*r >> 4];
			*w++ = hex[*r & 15];
		}
	}
	*w = '\0';
	olc_secret_free(*text);
	*text = out;
	return true;
}

/* Plain words for the OAuth error codes Shopify's token endpoint answers with. */
static void token_refusal(long status, const char *code, const char *description, struct olc_error *err)
{
	char shown[120];
	if (code && strcmp(code, "invalid_client") == 0)
		olc_error_set(err, "Shopify refused the client ID or client secret (invalid_client): copy both again "
				   "from the app's Settings page in the Dev Dashboard");
	else if (code && strcmp(code, "app_not_installed") == 0)
		olc_error_set(err, "the Dev Dashboard app is not installed on this shop (app_not_installed): install "
				   "it from the app's page in the Dev Dashboard, then try again");
	else if (code && strcmp(code, "shop_not_permitted") == 0)
		olc_error_set(err, "Shopify gives client-credentials tokens only to shops of the app's own "
				   "organization (shop_not_permitted): create the app in this shop's Dev Dashboard");
	else if (code && description)
		olc_error_set(err, "Shopify refused the token request (HTTP %ld, %s): %s", status,
			      olc_error_excerpt(shown, 40, code),
			      olc_error_excerpt(shown + 40, sizeof(shown) - 40, description));
	else if (code)
		olc_error_set(err, "Shopify refused the token request (HTTP %ld, %s)", status,
			      olc_error_excerpt(shown, sizeof(shown), code));
	else
		olc_error_set(err, "Shopify refused the token request (HTTP %ld)", status);
}

bool olc_shopify_parse_token(long status, const char *body, size_t len, char **token, int64_t *expires_in_s,
			     struct olc_error *err)
{
	*token = NULL;
	*expires_in_s = 0;
	struct olc_error why;
	json_t *root = body ? olc_shop_json_load(body, len, &why) : NULL;
	if (!body)
		olc_error_set(&why, "the answer is empty");
	if (status < 200 || status >= 300) {
		const char *code = NULL, *description = NULL;
		if (root && json_is_object(root)) {
			code = json_string_value(json_object_get(root, "error"));
			description = json_string_value(json_object_get(root, "error_description"));
			if (!code) /* the Admin API's own shape: {"errors": "..."} */
				description = json_string_value(json_object_get(root, "errors"));
		}
		if (!code && description) {
			char shown[120];
			olc_error_set(err, "Shopify refused the token request (HTTP %ld): %s", status,
				      olc_error_excerpt(shown, sizeof(shown), description));
		} else {
			token_refusal(status, code, description, err);
		}
		json_decref(root);
		return false;
	}
	if (!root) {
		olc_error_set(err, "Shopify's token answer: %s", why.text);
		return false;
	}
	const char *value = NULL;
	bool has_expiry = false;
	int64_t expiry = 0;
	bool ok = false;
	if (!json_is_object(root))
		olc_error_set(err, "Shopify's token answer is not an object ({...})");
	else if (!olc_shop_text(root, "access_token", true, &value, &why) || !*value)
		olc_error_set(err, "Shopify's token answer has no \"access_token\"");
	else if (strlen(value) > 4096 || strpbrk(value, "\r\n"))
		olc_error_set(err, "Shopify's token answer has an \"access_token\" that cannot be sent back");
	else if (!olc_shop_integer(root, "expires_in", false, &has_expiry, &expiry, &why))
		olc_error_set(err, "Shopify's token answer: %s", why.text);
	else if (has_expiry && expiry <= 0)
		olc_error_set(err, "Shopify's token answer says it expires in %lld s", (long long)expiry);
	else
		ok = true;
	if (ok) {
		*token = olc_strdup(value);
		*expires_in_s = has_expiry ? expiry : 0;
		if (!*token) {
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	json_decref(root);
	return ok;
}

/* Exchanges the client ID and secret for a new access token (a form POST: the secret travels in
 * the body, never in the URL). */
static bool request_token(struct shopify_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	olc_shop_token_clear(&s->token);
	char *form = NULL;
	if (!form_append(&form, "grant_type", "client_credentials") || !form_append(&form, "client_id", s->client_id) ||
	    !form_append(&form, "client_secret", s->client_secret)) {
		olc_secret_free(form);
		olc_error_set(err, "out of memory");
		return false;
	}
	const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json", NULL};
	struct olc_http_request req = olc_shop_env_request(&s->env, s->token_endpoint);
	req.method = "POST";
	req.headers = headers;
	req.body = form;
	req.body_len = strlen(form);
	req.sends_credentials = true;
	req.max_redirects = 0; /* a redirect would carry the secret elsewhere */
	struct olc_http_response resp;
	bool ok = olc_shop_perform("Shopify", &req, &resp, res, err);
	olc_secret_free(form);
	olc_shop_clock_note(&s->orders.clock, &resp, s->env.now_ms());
	char *token = NULL;
	int64_t expires_in = 0;
	/* A refusal (400, 401, 403) says why in OAuth's words; a 429, a 5xx or no answer at all keep
	 * the usual words and waits. */
	if (ok || (resp.status >= 400 && resp.status < 429))
		ok = olc_shopify_parse_token(resp.status, resp.body, resp.body_len, &token, &expires_in, err);
	olc_http_response_free(&resp);
	if (ok && !olc_shop_token_set(&s->token, token, expires_in, s->env.now_ms())) {
		olc_error_set(err, "out of memory");
		ok = false;
	}
	olc_secret_free(token);
	return ok;
}

/* A token valid for the next request: the fixed one, or one from the grant renewed before it expires. */
static bool ensure_token(struct shopify_state *s, struct olc_fetch_result *res, struct olc_error *err)
{
	if (!s->client_id || !olc_shop_token_due(&s->token, s->env.now_ms()))
		return true;
	return request_token(s, res, err);
}

/* The POST body {"query": ..., "variables": {...}}; variables is stolen. malloc'd text. */
static char *request_body(const char *query, json_t *variables, size_t *len)
{
	json_t *root = json_object();
	char *text = NULL;
	if (root && variables && json_object_set_new(root, "query", json_string(query)) == 0 &&
	    json_object_set(root, "variables", variables) == 0) {
		size_t n = json_dumpb(root, NULL, 0, JSON_COMPACT);
		text = n ? malloc(n + 1) : NULL;
		if (text && json_dumpb(root, text, n, JSON_COMPACT) == n) {
			text[n] = '\0';
			*len = n;
		} else {
			free(text);
			text = NULL;
		}
	}
	json_decref(variables);
	json_decref(root);
	return text;
}

/* "X-Shopify-Access-Token: ..." for the current token; malloc'd, a secret (olc_secret_free). */
static char *token_header(const struct shopify_state *s)
{
	static const char prefix[] = "X-Shopify-Access-Token: ";
	char *h = malloc(sizeof(prefix) + strlen(s->token.value));
	if (h) {
		memcpy(h, prefix, sizeof(prefix) - 1);
		strcpy(h + sizeof(prefix) - 1, s->token.value);
	}
	return h;
}

/* POSTs query with variables (stolen) to the shop's endpoint; resp must be freed in every case.
 * With client credentials, a token due for renewal is renewed first, and a 401 (the shop
 * forgot the token early, or a clock was off) gets one new token and one more try. */
static bool post(struct shopify_state *s, const char *query, json_t *variables, struct olc_http_response *resp,
		 struct olc_fetch_result *res, struct olc_error *err)
{
	size_t len = 0;
	char *body = request_body(query, variables, &len);
	memset(resp, 0, sizeof(*resp));
	if (!body) {
		olc_error_set(err, "out of memory");
		return false;
	}
	bool ok = false, refused_fresh = false;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (attempt > 0)
			olc_http_response_free(resp);
		if (!ensure_token(s, res, err))
			break;
		char *header = token_header(s);
		if (!header) {
			olc_error_set(err, "out of memory");
			break;
		}
		const char *headers[] = {"Content-Type: application/json", "Accept: application/json", header, NULL};
		struct olc_http_request req = olc_shop_env_request(&s->env, s->endpoint);
		req.method = "POST";
		req.headers = headers;
		req.body = body;
		req.body_len = len;
		req.sends_credentials = true;
		ok = olc_shop_perform("Shopify", &req, resp, res, err);
		olc_secret_free(header);
		olc_shop_clock_note(&s->orders.clock, resp, s->env.now_ms());
		if (ok || resp->status != 401 || !s->client_id)
			break;
		refused_fresh = attempt > 0;
		olc_shop_token_clear(&s->token); /* refused: a new one before the next request */
	}
	free(body);
	if (refused_fresh)
		olc_error_set(err,
			      "Shopify refused a token it had just given (HTTP 401): check the app's access scopes "
			      "(read_products, read_orders) in the Dev Dashboard and install its latest version");
	if (!ok && resp->status == 429 && res->retry_after_ms < 0)
		res->retry_after_ms = 1000; /* Shopify's REST answer asks for 1 s; GraphQL sends no header */
	return ok;
}

/* Sleeps ms unless the session stops meanwhile. */
static bool wait_unless_cancelled(const struct olc_cancel *cancel, int64_t ms)
{
	while (ms > 0) {
		if (cancel && olc_cancel_is_set(cancel))
			return false;
		int64_t step = ms < 20 ? ms : 20;
		olc_sleep_ms(step);
		ms -= step;
	}
	return !(cancel && olc_cancel_is_set(cancel));
}

/* After a page: wait here for the bucket when another page follows and the wait is short;
 * otherwise tell the poller. false (with err) when the fetch should stop. */
static bool pace(struct shopify_state *s, const struct olc_shopify_answer *answer, bool more,
		 struct olc_fetch_result *res, struct olc_error *err)
{
	if (!answer->cost.present)
		return true;
	int64_t wait =
		olc_shopify_throttle_wait_ms(answer->cost.requested, answer->cost.available, answer->cost.restore_rate);
	if (wait <= 0)
		return true;
	if (!more) {
		res->retry_after_ms = wait;
		return true;
	}
	if (wait > MAX_INLINE_WAIT_MS) {
		res->retry_after_ms = wait;
		olc_error_set(err, "Shopify's query budget is low: waiting %lld s", (long long)((wait + 999) / 1000));
		return false;
	}
	if (!wait_unless_cancelled(s->env.cancel, wait)) {
		olc_error_set(err, "stopped");
		return false;
	}
	return true;
}

static void throttled(const struct olc_shopify_answer *answer, struct olc_fetch_result *res, struct olc_error *err)
{
	int64_t wait = answer->cost.present
			       ? olc_shopify_throttle_wait_ms(answer->cost.requested, answer->cost.available,
							      answer->cost.restore_rate)
			       : 0;
	if (wait <= 0)
		wait = 1000;
	res->retry_after_ms = wait;
	olc_error_set(err, "Shopify is throttling requests: waiting %lld s", (long long)((wait + 999) / 1000));
}

/* What one page's answer means for the fetch: read (parsed), its report joins the fetch's and
 * *more says whether another page follows (after pacing); otherwise err says why, a throttle or
 * "Shopify <what>: <why>". false when the fetch stops. */
static bool page_read(struct shopify_state *s, bool parsed, const struct olc_shopify_answer *answer,
		      const struct olc_parse_report *report, const char *what, const struct olc_error *why, int page,
		      bool *more, struct olc_fetch_result *res, struct olc_error *err)
{
	if (!parsed) {
		if (answer->throttled)
			throttled(answer, res, err);
		else
			olc_error_set(err, "Shopify %s: %s", what, why->text);
		return false;
	}
	olc_parse_report_merge(&res->report, report);
	*more = answer->has_next_page;
	return pace(s, answer, *more && page + 1 < OLC_SHOPIFY_MAX_PAGES, res, err);
}

static json_t *cursor_value(const char *cursor)
{
	return cursor && *cursor ? json_string(cursor) : json_null();
}

static bool shopify_fetch_catalog(void *data, struct olc_catalog *out, char currency[4], struct olc_fetch_result *res,
				  struct olc_error *err)
{
	struct shopify_state *s = data;
	struct olc_shopify_answer answer;
	olc_fetch_result_init(res);
	answer_init(&answer);

	bool ok = true, more = true;
	char page_currency[4] = "";
	for (int page = 0; ok && more && page < OLC_SHOPIFY_MAX_PAGES; page++) {
		json_t *variables = json_pack("{s:o}", "after", cursor_value(answer.end_cursor));
		struct olc_http_response resp;
		ok = post(s, products_query, variables, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			char previous[4];
			memcpy(previous, page_currency, 4);
			ok = olc_shopify_parse_products(resp.body, resp.body_len, out, page_currency, &answer, &report,
							&why);
			if (ok && previous[0] && strcmp(previous, page_currency) != 0) {
				olc_error_set(err,
					      "Shopify products: the shop currency changed while reading the catalog");
				ok = false;
			} else {
				ok = page_read(s, ok, &answer, &report, "products", &why, page, &more, res, err);
			}
		}
		olc_http_response_free(&resp);
	}
	if (!ok) {
		olc_catalog_free(out);
		return false;
	}
	memcpy(currency, page_currency, 4);
	return true;
}

static bool shopify_fetch_orders(void *data, struct olc_order_list *out, int wait_ms, struct olc_fetch_result *res,
				 struct olc_error *err)
{
	(void)wait_ms; /* the Admin API has no long-polling: plain polling */
	struct shopify_state *s = data;
	struct olc_shopify_answer answer;
	olc_fetch_result_init(res);
	answer_init(&answer);

	char after[OLC_ISO8601_LEN], query[OLC_ISO8601_LEN + 32];
	olc_iso8601_format(olc_order_window_after(&s->orders, s->env.now_ms(), OLC_SHOPIFY_ORDER_OVERLAP_MS), after);
	snprintf(query, sizeof(query), "created_at:>'%s'", after);

	struct olc_order_list got;
	olc_order_list_init(&got);
	bool ok = true, more = true;
	for (int page = 0; ok && more && page < OLC_SHOPIFY_MAX_PAGES; page++) {
		json_t *variables = json_pack("{s:s, s:o}", "q", query, "after", cursor_value(answer.end_cursor));
		struct olc_http_response resp;
		ok = post(s, orders_query, variables, &resp, res, err);
		if (ok) {
			struct olc_parse_report report;
			struct olc_error why;
			ok = olc_shopify_parse_orders(resp.body, resp.body_len, &got, &answer, &report, &why);
			ok = page_read(s, ok, &answer, &report, "orders", &why, page, &more, res, err);
		}
		olc_http_response_free(&resp);
	}

	ok = ok && olc_order_window_take(&s->orders, "Shopify", s->env.now_ms(), &got, out, res, err);
	olc_order_list_free(&got);
	return ok;
}

const struct olc_provider_ops olc_provider_shopify_ops = {
	.name = "shopify",
	.check = shopify_check,
	.create = shopify_create,
	.destroy = shopify_destroy,
	.fetch_catalog = shopify_fetch_catalog,
	.fetch_orders = shopify_fetch_orders,
	.default_poll_ms = 10000,
};
