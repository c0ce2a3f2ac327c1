/* libFuzzer target: the "kuaishou" provider's parsers (a page of items, a page of orders, the refresh
 * answer, the envelope) on arbitrary bytes, and the signer on the bytes as a sign secret. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/shop/kuaishou.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_answer(const struct olc_kuaishou_answer *a)
{
	if (strnlen(a->cursor, sizeof(a->cursor)) == sizeof(a->cursor))
		abort(); /* the cursor is always terminated */
	if (a->status == OLC_KUAISHOU_OK && (!a->coded || a->code != 1))
		abort(); /* success only on result 1 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct olc_kuaishou_answer answer;
	struct olc_parse_report report;
	struct olc_error err;

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	if (olc_kuaishou_parse_items(text, size, &catalog, &answer, &report, &err)) {
		if (catalog.count != report.accepted)
			abort();
		for (size_t i = 0; i < catalog.count; i++) {
			const struct olc_product *p = &catalog.products[i];
			if (strcmp(p->price.currency, "CNY") != 0 || p->price.minor < 0)
				abort(); /* fen, never negative */
		}
	}
	check_answer(&answer);
	olc_catalog_free(&catalog);

	struct olc_order_list orders;
	olc_order_list_init(&orders);
	if (olc_kuaishou_parse_orders(text, size, &orders, &answer, &report, &err)) {
		if (orders.count != report.accepted)
			abort();
		for (size_t i = 0; i < orders.count; i++)
			if (orders.orders[i].quantity < 1 || orders.orders[i].total.minor < 0)
				abort();
	}
	check_answer(&answer);
	olc_order_list_free(&orders);

	struct olc_kuaishou_tokens tokens;
	if (olc_kuaishou_parse_tokens(text, size, &tokens, &answer, &err)) {
		if (!tokens.access_token || !tokens.refresh_token || tokens.expires_in_s < 0)
			abort();
		olc_kuaishou_tokens_free(&tokens);
	}
	check_answer(&answer);

	/* The signer: any secret (cut at a NUL) gives 44 Base64 characters. */
	char *secret = malloc(size + 1);
	if (secret) {
		memcpy(secret, data, size);
		secret[size] = '\0';
		const struct olc_kuaishou_call call = {"ks", "open.item.list.get", "1", "{}", secret,
						       "1",  "HMAC_SHA256"};
		char sign[OLC_KUAISHOU_SIGN_SIZE];
		if (olc_kuaishou_sign(&call, secret, sign) && strlen(sign) != OLC_KUAISHOU_SIGN_SIZE - 1)
			abort();
		free(secret);
	}
	return 0;
}
