/* The "woocommerce" provider: the WooCommerce REST API v3 under {url}/wp-json/wc/v3/.
 *
 * Requests (all GET):
 *   data/currencies/current               the store currency: {"code": "CNY", ...}
 *   products?status=publish&per_page=100&page=N
 *                                         pages followed by X-WP-TotalPages, at most 20 pages
 *   orders?after=T&dates_are_gmt=true&status=processing,completed&orderby=date&order=asc
 *         &per_page=100&page=N            at most 10 pages per poll
 *
 * Authentication: the consumer key and secret as HTTP Basic credentials, only over https (or
 * plain http to this computer), and never in the query string (WooCommerce's fallback for hosts
 * that strip the Authorization header): URLs end up in server, proxy and CDN logs. Such a host
 * answers 401, and the error says the header may be dropped.
 *
 * Products: id, name and price (text, exact) are required. compare_at is regular_price when it
 * is above price (a sale). Stock: stock_quantity when manage_stock is true; otherwise untracked,
 * except that stock_status "outofstock" gives stock 0. images[0].src is the image, permalink
 * the link (http(s) only, else none), tags[].name the tags.
 *
 * Orders: one olc_order per line item, since the ticker says "bought 2 × X": product_id and
 * quantity from the line, total = the line's total (after discounts, before tax and shipping)
 * in the order's currency, buyer = billing.first_name, city = billing.city or shipping.city,
 * time = date_created_gmt. The first line carries the order's id ("1042"), later lines
 * "1042#2", "1042#3", so every olc_order id is unique. Orders in other statuses are skipped.
 *
 * New orders: each poll asks for orders created after (the newest order seen, or the start)
 * minus 10 minutes, and drops the ids it has already reported, so that orders the shop
 * commits late or out of order are not lost to a race. The first poll only records what is
 * there. Times are the shop's (its HTTP Date header), and the window never starts past the
 * shop's clock: an order an admin dated in the future is left out (more than an hour ahead;
 * the status names it) and does not make later polls skip the orders of today. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct olc_provider_ops olc_provider_woocommerce_ops;

#define OLC_WOO_PER_PAGE          100
#define OLC_WOO_MAX_PRODUCT_PAGES 20
#define OLC_WOO_MAX_ORDER_PAGES   10
#define OLC_WOO_ORDER_OVERLAP_MS  (10 * 60 * 1000)

/* The store currency from data/currencies/current. Pure. */
bool olc_woo_parse_currency(const char *body, size_t len, char currency[4], struct olc_error *err);

/* One page of products in currency, appended to *out. report is reset and describes this page.
 * Fails on the answer's shape, or when the page had products and none was readable; *out then
 * gains nothing. Pure. */
bool olc_woo_parse_products(const char *body, size_t len, const char *currency, struct olc_catalog *out,
			    struct olc_parse_report *report, struct olc_error *err);

/* One page of orders, appended to *out as one olc_order per line item. report is reset and
 * counts lines. Pure. */
bool olc_woo_parse_orders(const char *body, size_t len, struct olc_order_list *out, struct olc_parse_report *report,
			  struct olc_error *err);

/* X-WP-TotalPages as a number of pages (1 or more), or -1 when absent or not a number. */
int olc_woo_total_pages(const char *header_value);

#ifdef __cplusplus
}
#endif
