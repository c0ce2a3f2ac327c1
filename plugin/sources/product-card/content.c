/* What one product card says; see sources/product-card/content.h. */
#include "sources/product-card/content.h"

#include <obs-module.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raster/money-format.h"
#include "runtime/stream-language.h"
#include "ids.h"

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Writes a translation with "%1" replaced by value: translators move the value, and a
 * translation is never used as a printf format. */
static void fill_text(char *buf, size_t len, const char *text, const char *value)
{
	const char *mark = strstr(text, "%1");
	if (!mark) {
		snprintf(buf, len, "%s", text);
		return;
	}
	snprintf(buf, len, "%.*s%s%s", (int)(mark - text), text, value, mark + 2);
}

static void fill_count(char *buf, size_t len, const char *text, long long value)
{
	char number[32];
	snprintf(number, sizeof(number), "%lld", value);
	fill_text(buf, len, text, number);
}

int card_discount_percent(int64_t price_minor, int64_t compare_minor)
{
	if (compare_minor <= 0 || price_minor < 0 || compare_minor <= price_minor)
		return 0;
	const int64_t diff = compare_minor - price_minor;
	/* diff * 100 fits unless the amounts are absurd; then dividing first loses nothing visible. */
	if (diff <= INT64_MAX / 100)
		return (int)((diff * 100 + compare_minor / 2) / compare_minor);
	return (int)(diff / (compare_minor / 100));
}

static void set_stock_words(struct card_words *w, const struct olc_product *p, long long capacity)
{
	struct olc_card_content *c = &w->content;
	w->has_stock = p->has_stock;
	w->stock = p->stock;
	if (!p->has_stock)
		return;
	c->has_stock = true;
	c->stock = p->stock;
	c->stock_capacity = capacity;
	if (p->stock <= 0) {
		snprintf(w->stock_text, sizeof(w->stock_text), "%s", T_CARD_STOCK_SOLD_OUT);
		c->sold_out = true;
		snprintf(w->sold_out_text, sizeof(w->sold_out_text), "%s", T_CARD_SOLD_OUT_STAMP);
		c->sold_out_text = w->sold_out_text;
	} else if (p->stock <= CARD_STOCK_LOW) {
		fill_count(w->stock_text, sizeof(w->stock_text), T_CARD_STOCK_LOW, p->stock);
	} else {
		fill_count(w->stock_text, sizeof(w->stock_text), T_CARD_STOCK, p->stock);
	}
	c->stock_text = w->stock_text;
}

/* The coupon line: the code and the words shown with it ("SPRING10 · 10 off over 99"), either
 * alone when only one is set; NULL for neither. */
static char *coupon_line(const struct olc_deck_item *item)
{
	if (!item->coupon || !item->coupon_text)
		return dup_or_null(item->coupon ? item->coupon : item->coupon_text);
	size_t len = strlen(item->coupon) + strlen(item->coupon_text) + sizeof(" \u00b7 ");
	char *line = malloc(len);
	if (line)
		snprintf(line, len, "%s \u00b7 %s", item->coupon, item->coupon_text);
	return line;
}

bool card_words_build(const struct olc_snapshot *snap, const char *product_id, const struct card_words_options *opt,
		      struct card_words *out)
{
	memset(out, 0, sizeof(*out));
	const struct olc_product *p = snap && product_id ? olc_snapshot_product(snap, product_id) : NULL;
	if (!p)
		return false;
	const struct olc_deck_item *item = olc_snapshot_deck_item(snap, product_id);
	struct olc_card_content *c = &out->content;

	out->product_id = strdup(product_id);
	out->title = dup_or_null(item && item->title ? item->title : p->title);
	out->coupon = item ? coupon_line(item) : NULL;
	out->url = dup_or_null(p->url);
	out->image_url = dup_or_null(p->image_url);
	out->qr_caption = dup_or_null(opt->qr_caption);
	/* The deck item's own tags replace the product's: the deck is what this stream says. */
	char *const *tag_list = item && item->tag_count ? item->tags : p->tags;
	const size_t tag_count = item && item->tag_count ? item->tag_count : p->tag_count;
	size_t tags = 0;
	for (size_t i = 0; i < tag_count && tags < 3; i++) {
		if (tag_list[i] && *tag_list[i])
			out->tags[tags++] = strdup(tag_list[i]);
	}
	if (!out->product_id || (p->title && *p->title && !out->title)) {
		card_words_free(out);
		return false;
	}

	c->title = out->title;
	c->number = item ? item->number : 0;
	c->coupon = out->coupon;
	c->tags = (const char *const *)out->tags;
	c->tag_count = tags;
	c->qr_caption = out->qr_caption;

	/* The deck's price for this stream wins; the shop's old price still shows when it is higher
	 * and in the same currency. */
	const bool deck_price = item && item->has_price;
	const struct olc_money price = deck_price ? item->price : p->price;
	char amount[96];
	if (olc_money_format_display(&price, opt->language, amount, sizeof(amount)) < 0)
		amount[0] = '\0';
	/* SKUs at different prices: the shop's lowest, marked "from" in the stream language. A price
	 * the deck sets for this stream is the price, whatever the SKUs cost. */
	if (p->price_from && !deck_price && amount[0])
		fill_text(out->price, sizeof(out->price), T_CARD_PRICE_FROM, amount);
	else
		snprintf(out->price, sizeof(out->price), "%s", amount);
	c->price_text = out->price;
	if (p->has_compare_at && olc_money_same_currency(&price, &p->compare_at) && p->compare_at.minor > price.minor &&
	    olc_money_format_display(&p->compare_at, opt->language, out->compare_at, sizeof(out->compare_at)) > 0) {
		c->compare_at_text = out->compare_at;
		c->discount_percent = card_discount_percent(price.minor, p->compare_at.minor);
	}
	/* The deck item may keep its price hidden until the host reveals it; the card starts hidden
	 * each time such an item comes on (a new product on the card resets the reveal). */
	if (opt->hide_price || (item && item->hide_price)) {
		c->hidden_price = true;
		if (olc_money_format_hidden(price.currency, opt->language, NULL, out->hidden_price,
					    sizeof(out->hidden_price)) > 0)
			c->hidden_price_text = out->hidden_price;
	}

	/* The cart's call to action: the number the live room's cart shows, which is the deck's. */
	if (opt->cart) {
		if (c->number > 0)
			fill_count(out->cart_text, sizeof(out->cart_text), T_CARD_CART_LINK, c->number);
		else
			snprintf(out->cart_text, sizeof(out->cart_text), "%s", T_CARD_CART_NO_NUMBER);
		c->cart_text = out->cart_text;
		c->qr_caption = NULL;
	}

	set_stock_words(out, p, opt->stock_capacity);
	/* The GPU draws the bar's fill, so a stock change eases instead of jumping. */
	c->stock_fill_external = true;
	return true;
}

void card_words_free(struct card_words *w)
{
	free(w->product_id);
	free(w->title);
	free(w->coupon);
	free(w->url);
	free(w->image_url);
	free(w->qr_caption);
	for (size_t i = 0; i < 3; i++)
		free(w->tags[i]);
	memset(w, 0, sizeof(*w));
}
