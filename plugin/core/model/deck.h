/* A deck: the running order of one stream. Each item has a number the host says out loud
 * ("number 3 is the linen shirt"), points at a shop product by id and may override what the
 * card shows for this stream only (title, price, coupon text).
 * Plain data owned by whoever holds the struct; not thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/model/money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Item numbers are 1 to 9999: short enough for a card badge and to type in chat. */
#define OLC_DECK_NUMBER_MIN 1
#define OLC_DECK_NUMBER_MAX 9999

struct olc_deck_item {
	int number;             /* unique in the deck, OLC_DECK_NUMBER_MIN..OLC_DECK_NUMBER_MAX */
	char *product_id;       /* never NULL or empty */
	char *title;            /* NULL: show the product's own title */
	bool has_price;         /* false: show the product's own price */
	struct olc_money price; /* when has_price; always in the deck's currency */
	char *coupon;           /* coupon code ("SPRING10"), NULL: none */
	char *coupon_text;      /* words shown with it ("10 off over 99"), NULL: none */
	char **tags;            /* the item's own tags, shown on stream */
	size_t tag_count;
	char *notes;            /* talking points for the host; never drawn on stream */
	bool hide_price;        /* the card starts with the price hidden until RevealPrice */
	char *scene;            /* name of an OBS scene tied to the item, NULL: none */
};

struct olc_deck {
	char *name;                  /* never NULL or empty once set */
	char currency[4];            /* ISO 4217; price overrides are in this currency */
	struct olc_deck_item *items; /* in running order (not sorted by number) */
	size_t count;
	size_t capacity;
};

void olc_deck_init(struct olc_deck *d);
/* Frees all items and strings and leaves d as after olc_deck_init(). */
void olc_deck_free(struct olc_deck *d);
/* Deep copy into dst, which must be initialised and is freed first. On failure dst is empty. */
bool olc_deck_copy(struct olc_deck *dst, const struct olc_deck *src);
/* true when name, currency and every item (in order, with every override) are the same. */
bool olc_deck_equal(const struct olc_deck *a, const struct olc_deck *b);

/* Fails on NULL or "" (a deck needs a name to be picked from a list). */
bool olc_deck_set_name(struct olc_deck *d, const char *name, struct olc_error *err);
/* Fails on an unknown currency, and when an item has a price override in another currency. */
bool olc_deck_set_currency(struct olc_deck *d, const char *code, struct olc_error *err);

/* Appends an item without overrides. Fails on a number out of range or already used, on an
 * empty product id or one longer than OLC_PRODUCT_ID_MAX (never cut), or when memory runs out. The pointer is valid until the deck next changes. */
struct olc_deck_item *olc_deck_append(struct olc_deck *d, int number, const char *product_id, struct olc_error *err);
/* The item with this number, or NULL. */
struct olc_deck_item *olc_deck_find(const struct olc_deck *d, int number);
/* The smallest number above every number in use (1 for an empty deck), or -1 when that would
 * pass OLC_DECK_NUMBER_MAX. */
int olc_deck_next_number(const struct olc_deck *d);
/* Removes the item at index, keeping the order of the rest. false if index is out of range. */
bool olc_deck_remove(struct olc_deck *d, size_t index);
/* Moves the item at index from to index to, shifting those between. false if out of range. */
bool olc_deck_move(struct olc_deck *d, size_t from, size_t to);

/* Overrides; NULL or "" removes the override. false only when memory runs out. */
bool olc_deck_item_set_title(struct olc_deck_item *item, const char *title);
bool olc_deck_item_set_coupon(struct olc_deck_item *item, const char *coupon);
bool olc_deck_item_set_coupon_text(struct olc_deck_item *item, const char *text);
bool olc_deck_item_set_notes(struct olc_deck_item *item, const char *notes);
bool olc_deck_item_set_scene(struct olc_deck_item *item, const char *scene);
/* Replaces the tags with a copy of tags[0..count) (empty and duplicate ones dropped). */
bool olc_deck_item_set_tags(struct olc_deck_item *item, const char *const *tags, size_t count);
/* Sets the price override; it must be in the deck's currency. NULL removes it. */
bool olc_deck_item_set_price(const struct olc_deck *d, struct olc_deck_item *item, const struct olc_money *price,
			     struct olc_error *err);

#ifdef __cplusplus
}
#endif
