#include "product.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

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

void olc_catalog_init(struct olc_catalog *c)
{
	memset(c, 0, sizeof(*c));
}

void olc_catalog_free(struct olc_catalog *c)
{
	for (size_t i = 0; i < c->count; i++)
		olc_product_free(&c->products[i]);
	free(c->products);
	olc_catalog_init(c);
}

const struct olc_product *olc_catalog_find(const struct olc_catalog *c, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < c->count; i++) {
		if (strcmp(c->products[i].id, id) == 0)
			return &c->products[i];
	}
	return NULL;
}

bool olc_catalog_take(struct olc_catalog *c, struct olc_product *p, struct olc_error *err)
{
	if (!p->id || !*p->id) {
		olc_error_set(err, "a product has no id");
		return false;
	}

	struct olc_product *slot = (struct olc_product *)olc_catalog_find(c, p->id);
	if (slot) {
		olc_product_free(slot);
	} else {
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
		slot = &c->products[c->count++];
	}
	*slot = *p;
	olc_product_init(p);
	return true;
}
