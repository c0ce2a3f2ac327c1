/* libFuzzer target: the "json" provider's parsers (products and orders) on arbitrary bytes.
 * Whatever comes in, the parsers must return cleanly, free everything, and on success hand back
 * only well-formed data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/money.h"
#include "core/shop/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_catalog(const struct olc_catalog *c, const char *currency)
{
	for (size_t i = 0; i < c->count; i++) {
		const struct olc_product *p = &c->products[i];
		/* Invariants a reader relies on: an id and a title, a price in the shop's currency. */
		if (!p->id || !*p->id || !p->title || strcmp(p->price.currency, currency) != 0)
			abort();
		if (p->has_compare_at && p->compare_at.minor <= p->price.minor)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_catalog catalog;
	struct olc_parse_report report;
	struct olc_error err;
	char currency[4] = "";

	olc_catalog_init(&catalog);
	if (olc_json_provider_parse_products(text, size, NULL, &catalog, currency, &report, &err)) {
		if (!olc_currency_find(currency) || report.accepted != catalog.count)
			abort();
		check_catalog(&catalog, currency);
	} else if (catalog.count != 0) {
		abort(); /* a failed parse leaves the catalog empty */
	}
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	char *cursor = NULL;
	olc_order_list_init(&orders);
	if (olc_json_provider_parse_orders(text, size, "KWD", &orders, &cursor, &report, &err)) {
		/* No cursor (NULL) is a shop with no orders yet; a cursor given is never empty text. */
		if ((cursor && !*cursor) || report.accepted != orders.count)
			abort();
		for (size_t i = 0; i < orders.count; i++) {
			if (orders.orders[i].quantity < 1 || !orders.orders[i].id || !orders.orders[i].product_id)
				abort();
		}
	}
	free(cursor);
	olc_order_list_free(&orders);
	return 0;
}
