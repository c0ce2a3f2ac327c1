#include "core/model/product.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

void olc_product_init(struct olc_product *p)
{
	memset(p, 0, sizeof(*p));
}

void olc_product_free(struct olc_product *p)
{
	free(p->id);
	free(p->title);
	free(p->url);
	free(p->image_url);
	for (size_t i = 0; i < p->tag_count; i++)
		free(p->tags[i]);
	free(p->tags);
	olc_product_init(p);
}

bool olc_product_copy(struct olc_product *dst, const struct olc_product *src)
{
	olc_product_free(dst);
	dst->price = src->price;
	dst->price_from = src->price_from;
	dst->has_compare_at = src->has_compare_at;
	dst->compare_at = src->compare_at;
	dst->has_stock = src->has_stock;
	dst->stock = src->stock;

	bool ok = olc_str_set(&dst->id, src->id) && olc_str_set(&dst->title, src->title) &&
		  olc_str_set(&dst->url, src->url) && olc_str_set(&dst->image_url, src->image_url);
	for (size_t i = 0; ok && i < src->tag_count; i++)
		ok = olc_product_add_tag(dst, src->tags[i]);
	if (!ok)
		olc_product_free(dst);
	return ok;
}

bool olc_product_has_tag(const struct olc_product *p, const char *tag)
{
	for (size_t i = 0; i < p->tag_count; i++) {
		if (strcmp(p->tags[i], tag) == 0)
			return true;
	}
	return false;
}

bool olc_product_add_tag(struct olc_product *p, const char *tag)
{
	if (olc_product_has_tag(p, tag))
		return true;

	char *copy = olc_strdup(tag);
	char **tags = copy ? realloc(p->tags, (p->tag_count + 1) * sizeof(*tags)) : NULL;
	if (!tags) {
		free(copy);
		return false;
	}
	tags[p->tag_count++] = copy;
	p->tags = tags;
	return true;
}

bool olc_product_on_sale(const struct olc_product *p)
{
	return p->has_compare_at && olc_money_same_currency(&p->price, &p->compare_at) &&
	       p->compare_at.minor > p->price.minor;
}

bool olc_product_in_stock(const struct olc_product *p)
{
	return !p->has_stock || p->stock > 0;
}

bool olc_product_id_check(const char *id, const char *what, struct olc_error *err)
{
	if (!id || !*id) {
		olc_error_set(err, "%s is empty", what);
		return false;
	}
	const size_t len = strlen(id);
	if (len > OLC_PRODUCT_ID_MAX) {
		olc_error_set(err, "%s is %zu bytes long; at most %d are accepted", what, len, OLC_PRODUCT_ID_MAX);
		return false;
	}
	return true;
}

bool olc_product_id_copy(char *buf, size_t len, const char *id)
{
	const size_t need = id ? strlen(id) + 1 : 1;
	if (len == 0)
		return false;
	if (need > len) {
		buf[0] = '\0';
		return false;
	}
	memcpy(buf, id ? id : "", need);
	return true;
}

void olc_catalog_init(struct olc_catalog *c)
{
	memset(c, 0, sizeof(*c));
}

void olc_catalog_free(struct olc_catalog *c)
{
	for (size_t i = 0; i < c->count; i++)
		olc_product_free(&c->products[i]);
	free(c->products);
	free(c->slots);
	olc_catalog_init(c);
}

static size_t id_hash(const char *id)
{
	return (size_t)olc_fnv1a(OLC_FNV1A_BASIS, id, strlen(id));
}

/* The slot holding id, or the empty slot where it would go. slot_count > count. */
static size_t slot_of(const struct olc_catalog *c, const char *id)
{
	const size_t mask = c->slot_count - 1;
	size_t i = id_hash(id) & mask;
	while (c->slots[i] && strcmp(c->products[c->slots[i] - 1].id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

const struct olc_product *olc_catalog_find(const struct olc_catalog *c, const char *id)
{
	if (!id || !c->slot_count)
		return NULL;
	const size_t slot = c->slots[slot_of(c, id)];
	return slot ? &c->products[slot - 1] : NULL;
}

/* Makes room in the index for one more product: at most half the slots are used, so a lookup
 * probes about two slots. Rebuilt from the products when it grows. */
static bool index_reserve(struct olc_catalog *c)
{
	if ((c->count + 1) * 2 <= c->slot_count)
		return true;
	const size_t slot_count = c->slot_count ? c->slot_count * 2 : 32;
	size_t *slots = calloc(slot_count, sizeof(*slots));
	if (!slots)
		return false;
	free(c->slots);
	c->slots = slots;
	c->slot_count = slot_count;
	for (size_t i = 0; i < c->count; i++)
		c->slots[slot_of(c, c->products[i].id)] = i + 1;
	return true;
}

bool olc_catalog_take(struct olc_catalog *c, struct olc_product *p, struct olc_error *err)
{
	if (!p->id || !*p->id) {
		olc_error_set(err, "a product has no id");
		return false;
	}
	if (!olc_product_id_check(p->id, "a product id", err))
		return false;

	struct olc_product *slot = (struct olc_product *)olc_catalog_find(c, p->id);
	if (slot) {
		olc_product_free(slot);
	} else {
		if (!index_reserve(c)) {
			olc_error_set(err, "out of memory while reading products");
			return false;
		}
		if (c->count == c->capacity) {
			size_t capacity = c->capacity ? c->capacity * 2 : 16;
			struct olc_product *products = realloc(c->products, capacity * sizeof(*products));
			if (!products) {
				olc_error_set(err, "out of memory while reading products");
				return false;
			}
			c->products = products;
			c->capacity = capacity;
		}
		c->slots[slot_of(c, p->id)] = c->count + 1;
		slot = &c->products[c->count++];
	}
	*slot = *p;
	olc_product_init(p);
	return true;
}

static bool money_equal(const struct olc_money *a, const struct olc_money *b)
{
	return a->minor == b->minor && strcmp(a->currency, b->currency) == 0;
}

bool olc_product_equal(const struct olc_product *a, const struct olc_product *b)
{
	if (!olc_str_equal(a->id, b->id) || !olc_str_equal(a->title, b->title) || !olc_str_equal(a->url, b->url) ||
	    !olc_str_equal(a->image_url, b->image_url) || !money_equal(&a->price, &b->price) ||
	    a->price_from != b->price_from || a->has_compare_at != b->has_compare_at ||
	    (a->has_compare_at && !money_equal(&a->compare_at, &b->compare_at)) || a->has_stock != b->has_stock ||
	    (a->has_stock && a->stock != b->stock) || a->tag_count != b->tag_count)
		return false;
	for (size_t i = 0; i < a->tag_count; i++) {
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			return false;
	}
	return true;
}

bool olc_catalog_equal(const struct olc_catalog *a, const struct olc_catalog *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (!olc_product_equal(&a->products[i], &b->products[i]))
			return false;
	}
	return true;
}

bool olc_catalog_copy(struct olc_catalog *dst, const struct olc_catalog *src)
{
	olc_catalog_init(dst);
	for (size_t i = 0; i < src->count; i++) {
		struct olc_product p;
		olc_product_init(&p);
		if (!olc_product_copy(&p, &src->products[i]) || !olc_catalog_take(dst, &p, NULL)) {
			olc_product_free(&p);
			olc_catalog_free(dst);
			return false;
		}
	}
	return true;
}
