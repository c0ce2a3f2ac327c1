/* Reading a shop's products and orders item by item: what the json, WooCommerce and Shopify
 * providers do alike once each has found its list in the answer. A provider brings what is its
 * own (how an id is written, how one product or one order line reads); the loops, the messages
 * about rejected items, the compare-at rule and the line ids are here, once. Internal to the
 * providers. Pure functions: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/base/error.h"
#include "core/model/money.h"
#include "core/model/order.h"
#include "core/model/product.h"
#include "core/net/http.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How one provider reads the products of its list. */
struct olc_product_reader {
	/* The item's id (at most OLC_PRODUCT_ID_MAX bytes) into buf; err says why it cannot. */
	bool (*read_id)(const json_t *item, char *buf, size_t len, struct olc_error *err);
	/* Fills p (initialised, empty) from item; err says why it cannot. */
	bool (*read_product)(const json_t *item, const char *currency, const char *id, struct olc_product *p,
			     struct olc_error *err);
	/* Messages name a product "product 3 (\"p-3\")" when true, "product 3 (id p-3)" otherwise. */
	bool quoted_ids;
	/* A paged API: pages that shift while they are read repeat products, so a repeated id is no
	 * sign of a broken answer (an answer of nothing but repeats is not an error). */
	bool paged;
	/* Checked before each product (NULL: never); when set, reading stops with an error. */
	const struct olc_cancel *cancel;
};

/* Reads every item of list (a JSON list) into out, prices in currency: an item that cannot be
 * read, or whose id an earlier product has, is rejected in report with the reason, and the rest
 * are read. false with err when no product at all could be read though some were rejected
 * ("no product could be read; the first problem: ...") or when cancel was set; out then keeps
 * what was read (the caller frees it). */
bool olc_shop_read_products(const json_t *list, const char *currency, const struct olc_product_reader *reader,
			    struct olc_catalog *out, struct olc_parse_report *report, struct olc_error *err);

/* Sets what every shop says of a product: its id and title, its page and photo when they are
 * http(s) links (olc_shop_web_url), its price, and the compare-at price only when it is above the
 * price (at or below it is no discount, and striking it through would mislead). compare NULL:
 * none. false with err when memory runs out. */
bool olc_shop_product_set(struct olc_product *p, const char *id, const char *title, const char *url, const char *image,
			  const struct olc_money *price, const struct olc_money *compare, struct olc_error *err);

/* Sets an order line's product and quantity; the quantity must be a count of 1 or more ("\"quantity\"
 * 0 is not a count of 1 or more"). false with err otherwise, or when memory runs out. */
bool olc_shop_order_line(struct olc_order *o, const char *product_id, int64_t quantity, struct olc_error *err);

/* What an order says for all its lines. */
struct olc_order_head {
	size_t index;       /* the order's place in the answer, from 0 */
	const char *id;     /* the shop's order id */
	const char *shown;  /* the id as messages quote it (olc_error_excerpt) */
	int64_t created_ms; /* Unix ms */
	const char *buyer;  /* NULL: not given */
	const char *city;   /* NULL: not given */
	bool test;          /* a test order */
};

/* Reads one line of an order (product and quantity, its total in currency) into o. */
typedef bool (*olc_order_line_reader)(const json_t *line, const char *currency, struct olc_order *o,
				      struct olc_error *err);

/* Appends each line of lines (a JSON list) to out as an order of its own, with the head's time,
 * buyer, city and test flag: the first line's id is the order's, the others' "<id>#2", "<id>#3"...
 * A line that cannot be read is rejected in report ("order 1 (id 7), line 2: ..."). false only
 * when memory runs out. */
bool olc_shop_read_order_lines(const json_t *lines, const struct olc_order_head *head, const char *currency,
			       olc_order_line_reader read_line, struct olc_order_list *out,
			       struct olc_parse_report *report);

/* A product's SKUs (variants: sizes, weights) as the card shows one product: the lowest price,
 * marked "from" when the SKUs' prices differ, and the stock of all of them together. Fed one SKU at
 * a time by the Douyin, Kuaishou, Youzan and Taobao readers. */
struct olc_sku_summary {
	size_t count;
	struct olc_money lowest;
	bool prices_differ;
	bool untracked; /* a SKU without a stock count: the product's stock is not tracked */
	int64_t stock;  /* the sum of the tracked SKUs' stock */
};
void olc_sku_summary_init(struct olc_sku_summary *s);
/* Adds one SKU: its price (in the product's currency) and its stock (has_stock false: the shop does
 * not count it). false with err when the currency differs from the first SKU's or the summed stock
 * would overflow. */
bool olc_sku_summary_add(struct olc_sku_summary *s, const struct olc_money *price, bool has_stock, int64_t stock,
			 struct olc_error *err);
/* Sets p's price (and price_from), and its stock unless a SKU was untracked. false with err when no
 * SKU was added. */
bool olc_sku_summary_apply(const struct olc_sku_summary *s, struct olc_product *p, struct olc_error *err);

/* An id as a request parameter, as the platforms' SDKs send one: a JSON number (their int64) when it
 * is one, written without a leading zero, else text. NULL without memory. */
json_t *olc_shop_id_json(const char *id);

/* Adds the report of one page to that of the whole fetch (the first rejection is kept). */
void olc_parse_report_merge(struct olc_parse_report *into, const struct olc_parse_report *page);

#ifdef __cplusplus
}
#endif
