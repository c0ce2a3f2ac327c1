#include "core/model/deck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/product.h"
#include "core/base/text.h"

void olc_deck_init(struct olc_deck *d)
{
	memset(d, 0, sizeof(*d));
}

static void tags_free(char **tags, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(tags[i]);
	free(tags);
}

static void item_free(struct olc_deck_item *item)
{
	free(item->product_id);
	free(item->title);
	free(item->coupon);
	free(item->coupon_text);
	tags_free(item->tags, item->tag_count);
	free(item->notes);
	free(item->scene);
	memset(item, 0, sizeof(*item));
}

void olc_deck_free(struct olc_deck *d)
{
	for (size_t i = 0; i < d->count; i++)
		item_free(&d->items[i]);
	free(d->items);
	free(d->name);
	olc_deck_init(d);
}

static bool reserve(struct olc_deck *d, size_t wanted)
{
	if (wanted <= d->capacity)
		return true;

	size_t capacity = d->capacity ? d->capacity : 8;
	while (capacity < wanted)
		capacity *= 2;
	struct olc_deck_item *items = realloc(d->items, capacity * sizeof(*items));
	if (!items)
		return false;
	d->items = items;
	d->capacity = capacity;
	return true;
}

bool olc_deck_copy(struct olc_deck *dst, const struct olc_deck *src)
{
	olc_deck_free(dst);
	memcpy(dst->currency, src->currency, sizeof(dst->currency));
	if (!olc_str_set(&dst->name, src->name) || !reserve(dst, src->count))
		goto fail;

	for (size_t i = 0; i < src->count; i++) {
		const struct olc_deck_item *from = &src->items[i];
		struct olc_deck_item *to = &dst->items[dst->count++];
		memset(to, 0, sizeof(*to));
		to->number = from->number;
		to->has_price = from->has_price;
		to->price = from->price;
		to->hide_price = from->hide_price;
		if (!olc_str_set(&to->product_id, from->product_id) || !olc_str_set(&to->title, from->title) ||
		    !olc_str_set(&to->coupon, from->coupon) || !olc_str_set(&to->coupon_text, from->coupon_text) ||
		    !olc_str_set(&to->notes, from->notes) || !olc_str_set(&to->scene, from->scene) ||
		    !olc_deck_item_set_tags(to, (const char *const *)from->tags, from->tag_count))
			goto fail;
	}
	return true;

fail:
	olc_deck_free(dst);
	return false;
}

static bool item_equal(const struct olc_deck_item *a, const struct olc_deck_item *b)
{
	if (a->number != b->number || a->has_price != b->has_price || a->hide_price != b->hide_price ||
	    a->tag_count != b->tag_count)
		return false;
	for (size_t i = 0; i < a->tag_count; i++) {
		if (!olc_str_equal(a->tags[i], b->tags[i]))
			return false;
	}
	if (a->has_price && (a->price.minor != b->price.minor || !olc_money_same_currency(&a->price, &b->price)))
		return false;
	return olc_str_equal(a->product_id, b->product_id) && olc_str_equal(a->title, b->title) &&
	       olc_str_equal(a->coupon, b->coupon) && olc_str_equal(a->coupon_text, b->coupon_text) &&
	       olc_str_equal(a->notes, b->notes) && olc_str_equal(a->scene, b->scene);
}

bool olc_deck_equal(const struct olc_deck *a, const struct olc_deck *b)
{
	if (!olc_str_equal(a->name, b->name) || strncmp(a->currency, b->currency, sizeof(a->currency)) != 0 ||
	    a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (!item_equal(&a->items[i], &b->items[i]))
			return false;
	}
	return true;
}

bool olc_deck_set_name(struct olc_deck *d, const char *name, struct olc_error *err)
{
	if (!name || !*name) {
		olc_error_set(err, "a deck needs a name");
		return false;
	}
	if (!olc_str_set(&d->name, name)) {
		olc_error_set(err, "out of memory");
		return false;
	}
	return true;
}

bool olc_deck_set_currency(struct olc_deck *d, const char *code, struct olc_error *err)
{
	const struct olc_currency *currency = olc_currency_find(code);
	if (!currency) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown currency \"%s\" (expected an ISO 4217 code such as CNY, EUR or USD)",
			      olc_error_excerpt(shown, sizeof(shown), code));
		return false;
	}
	for (size_t i = 0; i < d->count; i++) {
		const struct olc_deck_item *item = &d->items[i];
		if (item->has_price && strcmp(item->price.currency, currency->code) != 0) {
			olc_error_set(err, "cannot change the currency to %s: item #%d has a price in %s",
				      currency->code, item->number, item->price.currency);
			return false;
		}
	}
	memcpy(d->currency, currency->code, sizeof(d->currency));
	return true;
}

struct olc_deck_item *olc_deck_find(const struct olc_deck *d, int number)
{
	for (size_t i = 0; i < d->count; i++) {
		if (d->items[i].number == number)
			return &d->items[i];
	}
	return NULL;
}

struct olc_deck_item *olc_deck_append(struct olc_deck *d, int number, const char *product_id, struct olc_error *err)
{
	if (number < OLC_DECK_NUMBER_MIN || number > OLC_DECK_NUMBER_MAX) {
		olc_error_set(err, "item number %d is out of range (%d to %d)", number, OLC_DECK_NUMBER_MIN,
			      OLC_DECK_NUMBER_MAX);
		return NULL;
	}
	if (olc_deck_find(d, number)) {
		olc_error_set(err, "number %d is already used by another item", number);
		return NULL;
	}
	if (!product_id || !*product_id) {
		olc_error_set(err, "item #%d has no product", number);
		return NULL;
	}
	char what[48];
	snprintf(what, sizeof(what), "the product id of item #%d", number);
	if (!olc_product_id_check(product_id, what, err))
		return NULL;

	char *id = olc_strdup(product_id);
	if (!id || !reserve(d, d->count + 1)) {
		free(id);
		olc_error_set(err, "out of memory");
		return NULL;
	}
	struct olc_deck_item *item = &d->items[d->count++];
	memset(item, 0, sizeof(*item));
	item->number = number;
	item->product_id = id;
	return item;
}

int olc_deck_next_number(const struct olc_deck *d)
{
	int highest = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (d->items[i].number > highest)
			highest = d->items[i].number;
	}
	return highest < OLC_DECK_NUMBER_MAX ? highest + 1 : -1;
}

bool olc_deck_remove(struct olc_deck *d, size_t index)
{
	if (index >= d->count)
		return false;
	item_free(&d->items[index]);
	memmove(&d->items[index], &d->items[index + 1], (d->count - index - 1) * sizeof(d->items[0]));
	d->count--;
	return true;
}

bool olc_deck_move(struct olc_deck *d, size_t from, size_t to)
{
	if (from >= d->count || to >= d->count)
		return false;

	struct olc_deck_item moving = d->items[from];
	if (from < to)
		memmove(&d->items[from], &d->items[from + 1], (to - from) * sizeof(d->items[0]));
	else
		memmove(&d->items[to + 1], &d->items[to], (from - to) * sizeof(d->items[0]));
	d->items[to] = moving;
	return true;
}

bool olc_deck_item_set_title(struct olc_deck_item *item, const char *title)
{
	return olc_str_set_optional(&item->title, title);
}

bool olc_deck_item_set_coupon(struct olc_deck_item *item, const char *coupon)
{
	return olc_str_set_optional(&item->coupon, coupon);
}

bool olc_deck_item_set_coupon_text(struct olc_deck_item *item, const char *text)
{
	return olc_str_set_optional(&item->coupon_text, text);
}

bool olc_deck_item_set_notes(struct olc_deck_item *item, const char *notes)
{
	return olc_str_set_optional(&item->notes, notes);
}

bool olc_deck_item_set_scene(struct olc_deck_item *item, const char *scene)
{
	return olc_str_set_optional(&item->scene, scene);
}

bool olc_deck_item_set_tags(struct olc_deck_item *item, const char *const *tags, size_t count)
{
	char **kept = count ? calloc(count, sizeof(*kept)) : NULL;
	size_t n = 0;
	if (count && !kept)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!tags[i] || !*tags[i])
			continue;
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(kept[j], tags[i]) == 0;
		if (seen)
			continue;
		if (!(kept[n] = olc_strdup(tags[i]))) {
			tags_free(kept, n);
			return false;
		}
		n++;
	}
	tags_free(item->tags, item->tag_count);
	item->tags = kept;
	item->tag_count = n;
	return true;
}

bool olc_deck_item_set_price(const struct olc_deck *d, struct olc_deck_item *item, const struct olc_money *price,
			     struct olc_error *err)
{
	if (!price) {
		item->has_price = false;
		memset(&item->price, 0, sizeof(item->price));
		return true;
	}
	if (strncmp(price->currency, d->currency, sizeof(d->currency)) != 0) {
		olc_error_set(err, "item #%d: the price is in %.3s, but the deck is in %.3s", item->number,
			      price->currency, d->currency);
		return false;
	}
	item->has_price = true;
	item->price = *price;
	return true;
}
