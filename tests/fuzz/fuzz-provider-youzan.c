/* libFuzzer target: the "youzan" provider's parsers (the token answer, a page of items, one item's
 * SKUs by item.get, a page of trades, each behind any of Youzan's envelopes) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/shop/items.h"
#include "core/shop/youzan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_answer(const struct olc_youzan_answer *a, bool ok)
{
	if (!a->envelope || (ok && a->outcome != OLC_YOUZAN_OK) || a->outcome > OLC_YOUZAN_BROKEN || a->total < -1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_youzan_answer answer;
	struct olc_parse_report report;
	struct olc_error err;

	char *token = NULL;
	int64_t expires_in = -1;
	bool ok = olc_youzan_parse_token(text, size, 1741000000000LL, &token, &expires_in, &answer, &err);
	if (ok != (token != NULL) || expires_in < 0 || (ok && (!*token || strlen(token) > 512)))
		abort();
	check_answer(&answer, ok);
	olc_secret_free(token);

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	ok = olc_youzan_parse_products(text, size, &catalog, &answer, &report, &err);
	if (ok && catalog.count != report.accepted)
		abort();
	for (size_t i = 0; i < catalog.count; i++) {
		if (strcmp(catalog.products[i].price.currency, "CNY") != 0 || catalog.products[i].price.minor < 0 ||
		    (catalog.products[i].has_stock && catalog.products[i].stock < 0))
			abort();
	}
	check_answer(&answer, ok);
	olc_catalog_free(&catalog);

	/* The fixtures' item ids, and one that matches nothing. */
	static const char *const item_ids[] = {"418826620", "418826617", "5", "x"};
	for (size_t i = 0; i < sizeof(item_ids) / sizeof(item_ids[0]); i++) {
		struct olc_sku_summary skus;
		ok = olc_youzan_parse_item(text, size, item_ids[i], &skus, &answer, &err);
		if ((!ok && skus.count != 0) || skus.stock < 0 || (skus.count > 0 && skus.lowest.minor < 0) ||
		    (skus.count > 0 && strcmp(skus.lowest.currency, "CNY") != 0) ||
		    (skus.count < 2 && skus.prices_differ))
			abort();
		check_answer(&answer, ok);
	}

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	ok = olc_youzan_parse_orders(text, size, INT64_MIN, &orders, &answer, &report, &err);
	if (ok && orders.count != report.accepted)
		abort();
	for (size_t i = 0; i < orders.count; i++) {
		if (orders.orders[i].quantity < 1 || strcmp(orders.orders[i].total.currency, "CNY") != 0)
			abort();
	}
	check_answer(&answer, ok);
	olc_order_list_free(&orders);
	return 0;
}
