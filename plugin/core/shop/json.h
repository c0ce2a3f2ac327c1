/* The "json" provider: our own simple shop API, the easiest thing a cooperative can host (a
 * static file on any web host works), or a local file prepared offline.
 *
 *   GET {url}/products
 *     {"currency": "CNY",
 *      "products": [{"id": "p1", "title": "Wild matsutake 100 g", "price": "39.90",
 *                    "compare_at_price": "59.00", "stock": 12, "url": "https://...",
 *                    "image": "https://...", "tags": ["mushroom"]}]}
 *   GET {url}/orders?since={cursor}[&wait=SECONDS]
 *     {"orders": [{"id": "o1", "created_at": "2025-03-01T10:15:30Z", "product_id": "p1",
 *                  "quantity": 2, "buyer": "Li", "city": "Lhasa", "total": "79.80"}],
 *      "cursor": "c-17"}
 *
 * Products: id (text or whole number), title and price (text, exact decimal in the currency)
 * are required; compare_at_price (kept only when above price), stock (a whole number; null or
 * absent: not tracked), url and image (http(s) only: any other link, such as javascript:, is
 * dropped to null and the product kept), tags (a list of text) are optional. Orders: id,
 * created_at (ISO 8601 with a zone), product_id, quantity (1 or more) and total are required;
 * buyer, city and test (true/false) optional; an optional top-level "currency" names the
 * totals' currency, otherwise the catalog's. Unknown fields are ignored so the API can grow;
 * a field of the wrong type rejects its item with a reason, never the whole answer, unless no
 * item at all could be read.
 *
 * Without ?since the server answers with its current cursor (the first call only takes that
 * cursor, so a restart never replays history). An empty or missing cursor is what a shop that
 * has sold nothing yet answers: the next call asks "since=" (empty), and every order answered
 * after the first call is news. With &wait=N (N <= 25) the server may hold the request until
 * an order arrives: long-polling for push-speed updates. After an answer with orders (or the
 * first, which takes the cursor) the next request goes within 250 ms (olc_fetch_result.ask_again),
 * since the server holds it. An optional token is sent as "Authorization: Bearer ...", only
 * over https or to this computer.
 *
 * A local path ("/home/me/catalog.json") or a file: URL reads products from that file (same
 * shape); orders are then never reported, and the file is re-read only when it changed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct olc_provider_ops olc_provider_json_ops;

/* Longest long-poll the provider asks for, in seconds. */
#define OLC_JSON_MAX_WAIT_S 25

/* Parses a products answer, in time linear in its size. *out must be initialised and empty; on
 * success it holds every readable product and currency the shop currency, report says what was
 * dropped and why. On failure (the answer's shape, no product readable at all, or cancel set
 * while reading: checked before each product) *out stays empty. cancel may be NULL. Pure. */
bool olc_json_provider_parse_products(const char *body, size_t len, const struct olc_cancel *cancel,
				      struct olc_catalog *out, char currency[4], struct olc_parse_report *report,
				      struct olc_error *err);

/* Parses an orders answer, appending to *out. catalog_currency is used unless the answer names
 * its own. *cursor receives the new cursor (malloc'd; the old value is freed) on success, NULL
 * when the answer has none ("" or missing: no orders yet). Pure. */
bool olc_json_provider_parse_orders(const char *body, size_t len, const char *catalog_currency,
				    struct olc_order_list *out, char **cursor, struct olc_parse_report *report,
				    struct olc_error *err);

#ifdef __cplusplus
}
#endif
