/* The "shopify" provider: the Admin GraphQL API (REST is legacy) at
 * {url}/admin/api/{version}/graphql.json, version "2025-01" unless the connection names
 * another, with the X-Shopify-Access-Token header (https only, or plain http to this computer).
 *
 * Catalog: shop { currencyCode } and products(first: 50, query: "status:active") followed by
 * pageInfo { hasNextPage endCursor }, at most 20 pages. Per product: the price is
 * priceRangeV2.minVariantPrice, marked "from" (price_from) when maxVariantPrice differs (without
 * the range, the first variant's price); the first variant's compareAtPrice is kept as compare_at
 * when that variant is the lowest priced and it is above the price (Money scalars, decimal text, in
 * the shop currency; a MoneyV2 object {amount, currencyCode} is read too, and must be in the shop
 * currency); stock = totalInventory (or the variant's inventoryQuantity) unless
 * tracksInventory is false; featuredImage.url; onlineStoreUrl as the link (null when the product
 * is not on the online store: then no link); tags. Ids "gid://shopify/Product/123" become "123",
 * as the admin shows them and as a deck file is easiest to write.
 *
 * Orders: orders(first: 10, sortKey: CREATED_AT, query: "created_at:>'T'") with T the newest
 * order seen (or the start) minus 10 minutes, ids already reported dropped, at most 20 pages.
 * T is by the shop's clock (its HTTP Date header) and never past it: an order dated more than an
 * hour in the future is left out, with the reason in the status.
 * One olc_order per line item (the ticker says "bought 2 × X"): product{id}, quantity, total =
 * the line's discountedTotalSet.shopMoney (originalTotalSet when absent) in the order's
 * totalPriceSet.shopMoney currency; buyer = billingAddress.firstName; city = billingAddress.city
 * or shippingAddress.city; test = the order's test flag. The first line carries the order id
 * ("450789469"), later lines "450789469#2"... A line without a product (a custom item) is
 * rejected with a reason. Field errors next to data (e.g. no access to addresses) leave those
 * fields empty rather than failing the poll.
 *
 * Throttling: every answer's extensions.cost.throttleStatus is read. A THROTTLED error, or a
 * bucket too low for the next query, gives a wait of (requested cost - available) / restoreRate
 * seconds (olc_shopify_throttle_wait_ms); HTTP 429 honours Retry-After. Between pages of one
 * fetch the provider waits itself (interruptibly, up to 10 s); otherwise it reports the wait in
 * olc_fetch_result.retry_after_ms. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct olc_provider_ops olc_provider_shopify_ops;

#define OLC_SHOPIFY_DEFAULT_API_VERSION "2025-01"
#define OLC_SHOPIFY_PRODUCTS_PER_PAGE   50
#define OLC_SHOPIFY_ORDERS_PER_PAGE     10
#define OLC_SHOPIFY_MAX_PAGES           20
#define OLC_SHOPIFY_ORDER_OVERLAP_MS    (10 * 60 * 1000)

/* extensions.cost of an answer. */
struct olc_shopify_cost {
	bool present;
	double requested;    /* requestedQueryCost */
	double maximum;      /* throttleStatus.maximumAvailable */
	double available;    /* throttleStatus.currentlyAvailable */
	double restore_rate; /* throttleStatus.restoreRate, points per second */
};

/* What an answer says beyond its data: paging and throttling. */
struct olc_shopify_answer {
	struct olc_shopify_cost cost;
	bool throttled;       /* the errors list had code THROTTLED: nothing was read */
	bool has_next_page;   /* pageInfo.hasNextPage */
	char end_cursor[512]; /* pageInfo.endCursor, "" when none */
};

/* How long to wait until the bucket holds needed points: ceil((needed - available) /
 * restore_rate) in ms; 0 when enough is available; 1000 when the rate is unknown (<= 0). */
int64_t olc_shopify_throttle_wait_ms(double needed, double available, double restore_rate);

/* One page of the catalog query, appended to *out; currency is set from shop.currencyCode.
 * answer is filled even on failure (a throttled answer fails with answer->throttled). report is
 * reset and describes this page. Fails when the page had products and none was readable. Pure. */
bool olc_shopify_parse_products(const char *body, size_t len, struct olc_catalog *out, char currency[4],
				struct olc_shopify_answer *answer, struct olc_parse_report *report,
				struct olc_error *err);

/* One page of the orders query, appended to *out as one olc_order per line item. Pure. */
bool olc_shopify_parse_orders(const char *body, size_t len, struct olc_order_list *out,
			      struct olc_shopify_answer *answer, struct olc_parse_report *report,
			      struct olc_error *err);

/* The token endpoint's answer to the client-credentials grant, status being its HTTP status: on
 * 2xx, *token (malloc'd, a secret: olc_secret_free) and *expires_in_s (0 when not said); otherwise,
 * or for a malformed answer, false with plain words in err (an OAuth "error" code such as
 * invalid_client named with what the merchant should check). Pure. */
bool olc_shopify_parse_token(long status, const char *body, size_t len, char **token, int64_t *expires_in_s,
			     struct olc_error *err);

#ifdef __cplusplus
}
#endif
