/* A product as a shop describes it, and a catalog: the products one shop returned.
 * Plain data owned by whoever holds the struct; not thread-safe, so hand a copy to another
 * thread rather than sharing one. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/model/money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest product id the model takes, in bytes of UTF-8. Every way an id comes in (a shop's
 * catalog, a deck, a feature or countdown request) refuses a longer one with an error in plain
 * words; an id is never cut, since a cut id could name another product. Buffers that hold an id
 * are OLC_PRODUCT_ID_MAX + 1 bytes. */
#define OLC_PRODUCT_ID_MAX 512

/* Checks that id may name a product: not NULL or empty, at most OLC_PRODUCT_ID_MAX bytes.
 * what names it in the message ("a product id", "\"product_id\""). Pure: any thread. */
bool olc_product_id_check(const char *id, const char *what, struct olc_error *err);

/* Copies id whole into buf of len bytes, or, when it does not fit, leaves buf "" and returns
 * false: a caller holding ids in arrays never compares a cut one. NULL id gives "". */
bool olc_product_id_copy(char *buf, size_t len, const char *id);

struct olc_product {
	char *id;    /* the shop's id, unique within a catalog; at most OLC_PRODUCT_ID_MAX bytes */
	char *title; /* as the shop names it */
	struct olc_money price;
	bool price_from; /* price is the lowest of the product's SKUs, which differ: "from ¥39.90", "¥39.90起" */
	bool has_compare_at;
	struct olc_money compare_at; /* the "was" price shown struck through, when has_compare_at */
	bool has_stock;              /* false: the shop does not track stock for this product */
	int64_t stock;               /* when has_stock; may be negative if the shop allows overselling */
	char *url;                   /* product page, for the QR code */
	char *image_url;             /* NULL when the product has no image */
	char **tags;
	size_t tag_count;
};

/* Every string member is malloc'd and owned by the product; set them with olc_str_set(). */
void olc_product_init(struct olc_product *p);
/* Frees all members and leaves p as after olc_product_init(). */
void olc_product_free(struct olc_product *p);
/* Deep copy into dst, which must be initialised and is freed first. On failure dst is empty. */
bool olc_product_copy(struct olc_product *dst, const struct olc_product *src);
/* Adds a copy of tag unless an equal tag is there already. false only when memory runs out. */
bool olc_product_add_tag(struct olc_product *p, const char *tag);
bool olc_product_has_tag(const struct olc_product *p, const char *tag);
/* true when a compare-at price in the same currency is above the price. */
bool olc_product_on_sale(const struct olc_product *p);
/* true when stock is untracked or above zero. */
bool olc_product_in_stock(const struct olc_product *p);

struct olc_catalog {
	struct olc_product *products;
	size_t count;
	size_t capacity;
	/* An index by id, kept by olc_catalog_take, so that finding a product costs the same in a
	 * catalog of 100 000 as in one of 10: open addressing over FNV-1a of the id, each slot a
	 * product's position + 1 (0: empty); slot_count is 0 or a power of two above 2 * count. */
	size_t *slots;
	size_t slot_count;
};

void olc_catalog_init(struct olc_catalog *c);
void olc_catalog_free(struct olc_catalog *c);
/* Moves *p into the catalog (p is left initialised and empty), replacing a product with the same
 * id. Fails on a product without an id, with one longer than OLC_PRODUCT_ID_MAX, or when memory
 * runs out; p is then untouched. Amortised constant time. */
bool olc_catalog_take(struct olc_catalog *c, struct olc_product *p, struct olc_error *err);
/* The product with this id, or NULL, in constant time (the index). The pointer is valid until the
 * catalog changes. */
const struct olc_product *olc_catalog_find(const struct olc_catalog *c, const char *id);

/* Whether two products have the same fields (id, title, links, prices, stock, tags, in order). */
bool olc_product_equal(const struct olc_product *a, const struct olc_product *b);
/* Whether two catalogs hold equal products in the same order. */
bool olc_catalog_equal(const struct olc_catalog *a, const struct olc_catalog *b);
/* Initialises dst as a deep copy of src. false when memory runs out; dst is then empty. */
bool olc_catalog_copy(struct olc_catalog *dst, const struct olc_catalog *src);

#ifdef __cplusplus
}
#endif
