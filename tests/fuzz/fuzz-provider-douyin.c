/* libFuzzer target: the "douyin" provider's parsers (the envelope, a token answer, a page of
 * products, a product's SKUs, a page of orders) on arbitrary bytes, and param_json's canonical
 * form: written once, read back and written again, it is the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/base/text.h"
#include "core/model/money.h"
#include "core/shop/douyin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_status(const struct olc_douyin_status *st)
{
	if (!memchr(st->sub_code, 0, sizeof(st->sub_code)))
		abort(); /* always terminated */
}

static void canonical_is_stable(const char *text, size_t size)
{
	json_error_t error;
	json_t *value = json_loadb(text, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &error);
	if (!value)
		return;
	char *once = olc_douyin_param_json(value);
	json_decref(value);
	if (!once)
		return; /* not an object or array at the top, or out of memory */
	json_t *again = json_loads(once, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &error);
	if (!again)
		abort(); /* our own output must read back */
	char *twice = olc_douyin_param_json(again);
	json_decref(again);
	if (!twice || strcmp(once, twice) != 0)
		abort();
	char sign[OLC_DOUYIN_SIGN_LEN + 1];
	if (!olc_douyin_sign("3409409348479354011", "secret", "product.listV2", 1700000000, once, sign) ||
	    strlen(sign) != OLC_DOUYIN_SIGN_LEN)
		abort();
	free(once);
	free(twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_douyin_status st;
	struct olc_parse_report report;
	struct olc_error err;
	int64_t total;

	struct olc_douyin_token token;
	if (olc_douyin_parse_token(text, size, &token, &st, &err) && (!token.access_token || !*token.access_token))
		abort();
	check_status(&st);
	olc_douyin_token_free(&token);

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	if (olc_douyin_parse_products(text, size, &catalog, &total, &st, &report, &err) &&
	    catalog.count != report.accepted)
		abort();
	check_status(&st);
	/* The same bytes as the SKUs of the first product read (or of a made-up one). */
	struct olc_product p;
	olc_product_init(&p);
	if (catalog.count > 0)
		olc_product_copy(&p, &catalog.products[0]);
	else
		p.id = olc_strdup("3628937401234567890");
	if (p.id && olc_douyin_parse_skus(text, size, &p, &st, &err)) {
		if (strcmp(p.price.currency, "CNY") != 0 || p.price.minor < 0)
			abort();
	}
	check_status(&st);
	olc_product_free(&p);
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	if (olc_douyin_parse_orders(text, size, &orders, &total, &st, &report, &err)) {
		if (orders.count != report.accepted)
			abort();
		for (size_t i = 0; i < orders.count; i++) {
			if (orders.orders[i].quantity < 1 || orders.orders[i].total.minor < 0)
				abort();
		}
	}
	check_status(&st);
	olc_order_list_free(&orders);

	canonical_is_stable(text, size);
	return 0;
}
