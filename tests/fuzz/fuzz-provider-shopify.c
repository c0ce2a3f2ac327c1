/* libFuzzer target: the "shopify" provider's parsers (a page of products, a page of orders, the
 * cost throttle, the client-credentials grant's token answer) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/model/money.h"
#include "core/shop/shopify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_answer(const struct olc_shopify_answer *a)
{
	if (strnlen(a->end_cursor, sizeof(a->end_cursor)) == sizeof(a->end_cursor))
		abort(); /* the cursor is always terminated */
	if (a->cost.present) {
		int64_t wait = olc_shopify_throttle_wait_ms(a->cost.requested, a->cost.available, a->cost.restore_rate);
		if (wait < 0 || wait > 3600000)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_shopify_answer answer;
	struct olc_parse_report report;
	struct olc_error err;
	char currency[4] = "";

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	if (olc_shopify_parse_products(text, size, &catalog, currency, &answer, &report, &err)) {
		if (!olc_currency_find(currency) || catalog.count != report.accepted)
			abort();
		for (size_t i = 0; i < catalog.count; i++) {
			if (strcmp(catalog.products[i].price.currency, currency) != 0)
				abort();
		}
	}
	check_answer(&answer);
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	if (olc_shopify_parse_orders(text, size, &orders, &answer, &report, &err) && orders.count != report.accepted)
		abort();
	check_answer(&answer);
	olc_order_list_free(&orders);

	/* The token answer, as a success and as a refusal: a token is never empty, never holds a line
	 * break (it goes into a header) and never comes with a refusal. */
	for (long status = 200; status <= 400; status += 200) {
		char *token = NULL;
		int64_t expires = -1;
		bool ok = olc_shopify_parse_token(status, text, size, &token, &expires, &err);
		if (ok != (token != NULL) || (ok && status != 200) || expires < 0)
			abort();
		if (token && (!*token || strpbrk(token, "\r\n")))
			abort();
		if (!ok && strnlen(err.text, sizeof(err.text)) == sizeof(err.text))
			abort();
		olc_secret_free(token);
	}
	return 0;
}
