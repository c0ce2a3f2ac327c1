/* An order as a shop reports it, for "just bought" alerts and the session's sales count.
 * Plain data owned by whoever holds the struct; not thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model/money.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_order {
	char *id;              /* the shop's order id */
	int64_t created_at_ms; /* milliseconds since the Unix epoch, UTC */
	char *product_id;      /* the product this line is for */
	int quantity;
	char *buyer; /* as the shop gives it; may be NULL. Shorten or mask before showing on stream */
	char *city;  /* may be NULL */
	struct olc_money total;
	bool test; /* a test order (from the shop's test mode or the demo): never counted as a sale */
};

/* Every string member is malloc'd and owned by the order; set them with olc_str_set(). */
void olc_order_init(struct olc_order *o);
/* Frees all members and leaves o as after olc_order_init(). */
void olc_order_free(struct olc_order *o);
/* Deep copy into dst, which must be initialised and is freed first. On failure dst is empty. */
bool olc_order_copy(struct olc_order *dst, const struct olc_order *src);

/* A growable list of orders, as a provider hands them over. */
struct olc_order_list {
	struct olc_order *orders; /* oldest first */
	size_t count;
	size_t capacity;
};
void olc_order_list_init(struct olc_order_list *l);
void olc_order_list_free(struct olc_order_list *l);
/* Moves *o into the list (o is left initialised and empty). */
bool olc_order_list_take(struct olc_order_list *l, struct olc_order *o);

#ifdef __cplusplus
}
#endif
