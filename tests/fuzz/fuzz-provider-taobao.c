/* libFuzzer target: the "taobao" provider's parsers (a page of products, the SKUs of those
 * products, a page of trades, every error_response) and its signer, on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/money.h"
#include "core/shop/taobao.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refusal(const struct olc_taobao_refusal *r, const struct olc_error *err, bool ok)
{
	if (strnlen(r->sub_code, sizeof(r->sub_code)) == sizeof(r->sub_code))
		abort(); /* always terminated */
	if (r->retry_after_ms < -1 || r->retry_after_ms > 10000000000LL)
		abort(); /* "last for 9999999 more seconds" at most */
	if (!ok && !err->text[0])
		abort(); /* every failure says why */
}

static void check_hex(const char *sign, size_t len)
{
	if (strlen(sign) != len)
		abort();
	for (size_t i = 0; i < len; i++)
		if (!((sign[i] >= '0' && sign[i] <= '9') || (sign[i] >= 'A' && sign[i] <= 'F')))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_taobao_refusal refusal;
	struct olc_taobao_page page;
	struct olc_parse_report report;
	struct olc_error err;

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	err.text[0] = '\0';
	bool ok = olc_taobao_parse_products(text, size, &catalog, &page, &refusal, &report, &err);
	check_refusal(&refusal, &err, ok);
	if (ok && catalog.count != report.accepted)
		abort();
	size_t count = catalog.count;
	err.text[0] = '\0';
	ok = olc_taobao_parse_skus(text, size, &catalog, &refusal, &report, &err);
	check_refusal(&refusal, &err, ok);
	if (catalog.count != count)
		abort(); /* SKUs change products, never add any */
	for (size_t i = 0; i < catalog.count; i++) {
		if (strcmp(catalog.products[i].price.currency, "CNY") != 0)
			abort();
	}
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	err.text[0] = '\0';
	ok = olc_taobao_parse_orders(text, size, &orders, &page, &refusal, &report, &err);
	check_refusal(&refusal, &err, ok);
	if (ok && orders.count != report.accepted)
		abort();
	for (size_t i = 0; i < orders.count; i++) {
		if (orders.orders[i].quantity < 1 || strcmp(orders.orders[i].total.currency, "CNY") != 0)
			abort();
	}
	olc_order_list_free(&orders);

	/* The signer on the bytes as a value and as the secret (up to the first NUL). */
	char *value = malloc(size + 1);
	if (!value)
		return 0;
	memcpy(value, data, size);
	value[size] = '\0';
	const struct olc_taobao_param params[] = {{"method", "taobao.items.onsale.get"}, {"q", value}, {"z", ""}};
	char sign[OLC_TAOBAO_SIGN_SIZE];
	if (!olc_taobao_sign(params, 3, value, OLC_TAOBAO_SIGN_MD5, sign, &err))
		abort();
	check_hex(sign, 32);
	if (!olc_taobao_sign(params, 3, value, OLC_TAOBAO_SIGN_HMAC_SHA256, sign, &err))
		abort();
	check_hex(sign, 64);
	free(value);
	return 0;
}
