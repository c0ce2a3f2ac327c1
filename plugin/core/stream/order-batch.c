/* Orders into ticker rows, batched in bursts; see order-batch.h. */
#include "core/stream/order-batch.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

struct row_list {
	struct olc_order_row *rows;
	size_t count, capacity;
};

struct olc_order_batch {
	int64_t window_ms;
	size_t singles;

	bool started;      /* the first feed noted the session's position */
	uint64_t last_seq; /* the newest order fed */

	bool window_open;
	int64_t window_start;
	size_t singles_left;
	bool busy;            /* the last window ended with groups */
	int64_t busy_until;   /* ... and a window opening before this gives no singles */
	struct row_list open; /* the open window's groups, one per product, in the order they began */
	struct row_list ready;

	struct olc_order_batch_stats stats;
};

void olc_order_row_free(struct olc_order_row *row)
{
	free(row->product_id);
	free(row->buyer);
	free(row->city);
	memset(row, 0, sizeof(*row));
}

bool olc_order_row_copy(struct olc_order_row *dst, const struct olc_order_row *src)
{
	*dst = *src;
	dst->product_id = dst->buyer = dst->city = NULL;
	if ((src->product_id && !(dst->product_id = olc_strdup(src->product_id))) ||
	    (src->buyer && !(dst->buyer = olc_strdup(src->buyer))) ||
	    (src->city && !(dst->city = olc_strdup(src->city)))) {
		olc_order_row_free(dst);
		return false;
	}
	return true;
}

static void list_free(struct row_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		olc_order_row_free(&l->rows[i]);
	free(l->rows);
	memset(l, 0, sizeof(*l));
}

/* Appends a zeroed row; NULL when memory runs out. */
static struct olc_order_row *list_push(struct row_list *l)
{
	if (l->count == l->capacity) {
		const size_t capacity = l->capacity ? l->capacity * 2 : 8;
		struct olc_order_row *rows = realloc(l->rows, capacity * sizeof(*rows));
		if (!rows)
			return NULL;
		l->rows = rows;
		l->capacity = capacity;
	}
	struct olc_order_row *row = &l->rows[l->count++];
	memset(row, 0, sizeof(*row));
	return row;
}

static void apply_config(struct olc_order_batch *b, const struct olc_order_batch_config *cfg)
{
	b->window_ms = cfg && cfg->window_ms > 0 ? cfg->window_ms : OLC_ORDER_BATCH_WINDOW_DEFAULT_MS;
	b->singles = cfg ? cfg->singles : OLC_ORDER_BATCH_SINGLES_DEFAULT;
}

struct olc_order_batch *olc_order_batch_create(const struct olc_order_batch_config *cfg)
{
	struct olc_order_batch *b = calloc(1, sizeof(*b));
	if (b)
		apply_config(b, cfg);
	return b;
}

void olc_order_batch_destroy(struct olc_order_batch *b)
{
	if (!b)
		return;
	list_free(&b->open);
	list_free(&b->ready);
	free(b);
}

void olc_order_batch_configure(struct olc_order_batch *b, const struct olc_order_batch_config *cfg)
{
	apply_config(b, cfg);
	if (b->singles_left > b->singles)
		b->singles_left = b->singles;
}

/* Moves row into the ready list (taking its strings), dropping the oldest ready row when full. */
static void make_ready(struct olc_order_batch *b, struct olc_order_row *row)
{
	if (b->ready.count >= OLC_ORDER_BATCH_READY_MAX) {
		olc_order_row_free(&b->ready.rows[0]);
		memmove(&b->ready.rows[0], &b->ready.rows[1], (b->ready.count - 1) * sizeof(b->ready.rows[0]));
		b->ready.count--;
		b->stats.dropped++;
	}
	struct olc_order_row *slot = list_push(&b->ready);
	if (!slot) {
		olc_order_row_free(row);
		return;
	}
	*slot = *row;
	memset(row, 0, sizeof(*row));
	b->stats.rows++;
	if (slot->batch)
		b->stats.batches++;
}

void olc_order_batch_tick(struct olc_order_batch *b, int64_t now_ms)
{
	if (!b->window_open || now_ms < b->window_start + b->window_ms)
		return;
	const int64_t end = b->window_start + b->window_ms;
	b->busy = b->open.count > 0;
	b->busy_until = end + b->window_ms;
	for (size_t i = 0; i < b->open.count; i++)
		make_ready(b, &b->open.rows[i]);
	b->open.count = 0;
	b->window_open = false;
}

int64_t olc_order_batch_deadline(const struct olc_order_batch *b)
{
	return b->window_open ? b->window_start + b->window_ms : INT64_MAX;
}

/* Fills row from the order: strings copied, counts of one order. */
static bool row_from_order(struct olc_order_row *row, const struct olc_order *o, bool batch)
{
	memset(row, 0, sizeof(*row));
	row->quantity = o->quantity > 0 ? o->quantity : 1;
	row->orders = 1;
	row->tests = o->test ? 1 : 0;
	row->batch = batch;
	if ((o->product_id && !(row->product_id = olc_strdup(o->product_id))) ||
	    (o->buyer && !(row->buyer = olc_strdup(o->buyer))) || (o->city && !(row->city = olc_strdup(o->city)))) {
		olc_order_row_free(row);
		return false;
	}
	return true;
}

bool olc_order_batch_add(struct olc_order_batch *b, const struct olc_order *o, int64_t now_ms)
{
	olc_order_batch_tick(b, now_ms);
	if (!b->window_open) {
		b->window_open = true;
		b->window_start = now_ms;
		const bool still_busy = b->busy && now_ms < b->busy_until;
		b->singles_left = still_busy ? 0 : b->singles;
	}
	b->stats.orders++;

	if (b->singles_left > 0) {
		b->singles_left--;
		struct olc_order_row row;
		if (!row_from_order(&row, o, false))
			return false;
		make_ready(b, &row);
		return true;
	}

	for (size_t i = 0; i < b->open.count; i++) {
		struct olc_order_row *g = &b->open.rows[i];
		if (olc_str_equal(g->product_id, o->product_id)) {
			g->orders++;
			g->quantity += o->quantity > 0 ? o->quantity : 1;
			g->tests += o->test ? 1 : 0;
			return true;
		}
	}
	struct olc_order_row *g = list_push(&b->open);
	if (!g)
		return false;
	if (!row_from_order(g, o, true)) {
		b->open.count--;
		return false;
	}
	return true;
}

static bool is_featured(const struct olc_snapshot *snap, const char *product_id)
{
	for (size_t i = 0; product_id && i < snap->featured_count; i++) {
		if (strcmp(snap->featured[i], product_id) == 0)
			return true;
	}
	return false;
}

size_t olc_order_batch_feed(struct olc_order_batch *b, const struct olc_snapshot *snap,
			    const struct olc_order_filter *filter, int64_t now_ms)
{
	if (!b->started) {
		b->started = true;
		b->last_seq = snap->orders_seen;
		return 0;
	}
	if (snap->orders_seen <= b->last_seq)
		return 0;

	uint64_t found = 0;
	size_t added = 0;
	for (size_t i = 0; i < snap->recent_count; i++) {
		if (snap->recent_seq[i] <= b->last_seq)
			continue;
		found++;
		const struct olc_order *o = &snap->recent[i];
		if (o->test && !filter->include_tests)
			continue;
		if (filter->featured_only && !is_featured(snap, o->product_id))
			continue;
		if (olc_order_batch_add(b, o, now_ms))
			added++;
	}
	/* Orders the ring no longer holds arrived faster than we read: counted, not shown. */
	b->stats.missed += snap->orders_seen - b->last_seq - found;
	b->last_seq = snap->orders_seen;
	return added;
}

size_t olc_order_batch_ready(const struct olc_order_batch *b)
{
	return b->ready.count;
}

bool olc_order_batch_take(struct olc_order_batch *b, struct olc_order_row *out)
{
	if (b->ready.count == 0)
		return false;
	*out = b->ready.rows[0];
	b->ready.count--;
	memmove(&b->ready.rows[0], &b->ready.rows[1], b->ready.count * sizeof(b->ready.rows[0]));
	return true;
}

struct olc_order_batch_stats olc_order_batch_stats(const struct olc_order_batch *b)
{
	return b->stats;
}
