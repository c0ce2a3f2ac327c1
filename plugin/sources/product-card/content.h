/* What one product card says, built from a session snapshot on the card's worker: the deck's
 * overrides applied (title, number, price, coupon), the price and words in the stream language (runtime/stream-language.h),
 * the old price and discount when the shop has a higher one, up to 3 tags, stock in words and
 * as a bar, sold out, the hidden price, the lowest SKU price marked "from" ("¥128.50起"), the cart's
 * call to action ("3号链接"). The photo and the QR are the caller's to add.
 * Any thread; olc_stream_text() is the only libobs-side call. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "raster/card-raster.h"
#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stock at or under this many reads "Only 5 left" instead of "40 in stock". */
#define CARD_STOCK_LOW 10

struct card_words_options {
	const char *language;     /* the stream language: how the price is written */
	bool hide_price;          /* the hidden-price text instead of the price */
	long long stock_capacity; /* a full stock bar; <= 0: no bar (the text only) */
	const char *qr_caption;   /* under the QR; NULL or "": none */
	/* The platform's cart instead of a QR: "3号链接" from the deck number, or the words for the
	 * cart without a number ("点购物车下单") for a product the deck does not number. */
	bool cart;
};

/* One card's words. content points into the fields below (and leaves photo and QR empty); the
 * struct owns everything, so it outlives the snapshot it was built from. */
struct card_words {
	struct olc_card_content content;
	char *product_id;
	char *title;
	char *coupon;
	char *url;       /* the product page, for the QR; NULL: none */
	char *image_url; /* NULL: no photo */
	char *tags[3];
	char *qr_caption;
	char price[160], compare_at[96], hidden_price[96];
	char cart_text[96];
	char stock_text[160];
	char sold_out_text[96];
	bool has_stock;
	int64_t stock;
};

/* Builds the words for the product with this id. false (and *out empty) when the snapshot has no
 * such product or memory runs out. Free with card_words_free() either way. */
bool card_words_build(const struct olc_snapshot *snap, const char *product_id, const struct card_words_options *opt,
		      struct card_words *out);
void card_words_free(struct card_words *w);

/* The discount badge's number: (compare_at - price) / compare_at in whole percent, rounded; 0 when
 * compare_at is not above price. Exact integer arithmetic. */
int card_discount_percent(int64_t price_minor, int64_t compare_minor);

#ifdef __cplusplus
}
#endif
