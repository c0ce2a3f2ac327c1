/* Orders into ticker rows. A calm shop's orders each get a row of their own; in a burst (a flash
 * sale at 500 orders a second) the orders of one window are merged per product into one row,
 * "李** and 496 others ordered 松茸", so the ticker stays readable and its work stays bounded.
 *
 * The rule, with a window of W ms (default 5 s) and S singles (default 3):
 *   - the first order after a calm spell opens a window; the window's first S orders become rows
 *     at once;
 *   - the window's further orders are grouped by product; when the window ends, each group becomes
 *     one row (in the order the groups began);
 *   - a window that ended with groups leaves the shop "busy": a window that opens less than W after
 *     it gives no singles, so a long burst is all batches, one row per product per window.
 * Rows never change once made.
 *
 * Pure C, no clock of its own: callers pass the time in milliseconds (any monotonic clock). One
 * batcher belongs to one thread at a time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model/order.h"
#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_ORDER_BATCH_WINDOW_DEFAULT_MS 5000
#define OLC_ORDER_BATCH_SINGLES_DEFAULT   3
/* Rows made but not taken yet: beyond this the oldest are dropped (a caller that stopped taking). */
#define OLC_ORDER_BATCH_READY_MAX 256

struct olc_order_batch_config {
	int64_t window_ms; /* <= 0: OLC_ORDER_BATCH_WINDOW_DEFAULT_MS */
	size_t singles;    /* orders shown one by one at the start of a calm window; 0: batch every order */
};

/* Which of the session's orders become rows. */
struct olc_order_filter {
	bool include_tests; /* test orders (SimulateOrder, a shop's test mode) too */
	bool featured_only; /* only orders for the snapshot's featured products (none featured: none) */
};

/* One row: a single order, or a batch of orders for one product. Owns its strings. */
struct olc_order_row {
	char *product_id; /* may be NULL when the shop gave none */
	char *buyer;      /* the first order's, as the shop gave it (mask before showing); may be NULL */
	char *city;       /* the first order's; may be NULL */
	int64_t quantity; /* units: of the order, or of every order of the batch */
	int64_t orders;   /* 1 for a single order; the others are orders - 1 */
	int64_t tests;    /* how many of the orders are test orders */
	bool batch;       /* made from a group at the end of a window (orders may still be 1) */
};

void olc_order_row_free(struct olc_order_row *row);
/* Deep copy into dst (which is overwritten, not freed). false when memory runs out (dst empty). */
bool olc_order_row_copy(struct olc_order_row *dst, const struct olc_order_row *src);

struct olc_order_batch;

struct olc_order_batch *olc_order_batch_create(const struct olc_order_batch_config *cfg);
void olc_order_batch_destroy(struct olc_order_batch *b);

/* Changes the window and singles; orders already grouped stay grouped. */
void olc_order_batch_configure(struct olc_order_batch *b, const struct olc_order_batch_config *cfg);

/* Feeds the snapshot's orders with a sequence number above the last one fed, through filter.
 * The first call only notes where the session is: orders from before the ticker existed are not
 * shown. Returns how many orders were added. */
size_t olc_order_batch_feed(struct olc_order_batch *b, const struct olc_snapshot *snap,
			    const struct olc_order_filter *filter, int64_t now_ms);

/* Adds one order at now_ms (closing a window that has ended first). false when memory runs out
 * (the order is lost, the batcher goes on). */
bool olc_order_batch_add(struct olc_order_batch *b, const struct olc_order *o, int64_t now_ms);

/* Closes the open window if it has ended by now_ms, making its groups rows. */
void olc_order_batch_tick(struct olc_order_batch *b, int64_t now_ms);

/* When the open window ends (ms, on the caller's clock), or INT64_MAX when none is open: the
 * caller ticks then to get the batch rows. */
int64_t olc_order_batch_deadline(const struct olc_order_batch *b);

/* Rows made and not taken yet. */
size_t olc_order_batch_ready(const struct olc_order_batch *b);
/* Moves the oldest ready row into *out (the caller frees it). false when none is ready. */
bool olc_order_batch_take(struct olc_order_batch *b, struct olc_order_row *out);

/* Totals since creation, for statistics and tests. */
struct olc_order_batch_stats {
	uint64_t orders;  /* orders added */
	uint64_t rows;    /* rows made (single and batch) */
	uint64_t batches; /* of which batch rows */
	uint64_t missed;  /* orders the session's recent ring dropped before they were fed */
	uint64_t dropped; /* rows dropped because nobody took them (OLC_ORDER_BATCH_READY_MAX) */
};
struct olc_order_batch_stats olc_order_batch_stats(const struct olc_order_batch *b);

#ifdef __cplusplus
}
#endif
