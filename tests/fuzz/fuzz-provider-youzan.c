/* libFuzzer target: the "youzan" provider's parsers (the token answer, a page of items, a page of
 * trades, each behind any of Youzan's envelopes) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
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
