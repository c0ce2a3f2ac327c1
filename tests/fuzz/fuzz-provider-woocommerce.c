/* libFuzzer target: the "woocommerce" provider's parsers (store currency, a page of products, a
 * page of orders) on arbitrary bytes. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/money.h"
#include "core/shop/woocommerce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_parse_report report;
	struct olc_error err;
	char currency[4] = "";

	if (olc_woo_parse_currency(text, size, currency, &err) && !olc_currency_find(currency))
		abort();

	/* Two passes into one catalog, as pages arrive: the second must never break the first. */
	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	for (int pass = 0; pass < 2; pass++) {
		size_t before = catalog.count;
		bool ok = olc_woo_parse_products(text, size, pass ? "JPY" : "CNY", &catalog, &report, &err);
		if (!ok && catalog.count != before)
			abort();
		if (ok && catalog.count != before + report.accepted)
			abort();
	}
	for (size_t i = 0; i < catalog.count; i++) {
		if (!catalog.products[i].id || !catalog.products[i].title)
			abort();
	}
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	if (olc_woo_parse_orders(text, size, &orders, &report, &err)) {
		if (report.accepted != orders.count)
			abort();
		for (size_t i = 0; i < orders.count; i++) {
			if (orders.orders[i].quantity < 1 || !olc_currency_find(orders.orders[i].total.currency))
				abort();
		}
	}
	olc_order_list_free(&orders);

	char header[32];
	size_t n = size < sizeof(header) - 1 ? size : sizeof(header) - 1;
	memcpy(header, data, n);
	header[n] = '\0';
	int pages = olc_woo_total_pages(header);
	if (pages == 0 || pages < -1)
		abort();
	return 0;
}
