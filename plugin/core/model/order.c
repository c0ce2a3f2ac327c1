#include "core/model/order.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

void olc_order_init(struct olc_order *o)
{
	memset(o, 0, sizeof(*o));
}

void olc_order_free(struct olc_order *o)
{
	free(o->id);
	free(o->product_id);
	free(o->buyer);
	free(o->city);
	olc_order_init(o);
}

bool olc_order_copy(struct olc_order *dst, const struct olc_order *src)
{
	olc_order_free(dst);
	dst->created_at_ms = src->created_at_ms;
	dst->quantity = src->quantity;
	dst->total = src->total;
	dst->test = src->test;

	bool ok = olc_str_set(&dst->id, src->id) && olc_str_set(&dst->product_id, src->product_id) &&
		  olc_str_set(&dst->buyer, src->buyer) && olc_str_set(&dst->city, src->city);
	if (!ok)
		olc_order_free(dst);
	return ok;
}

/* ---- order lists ---- */

void olc_order_list_init(struct olc_order_list *l)
{
	memset(l, 0, sizeof(*l));
}

void olc_order_list_free(struct olc_order_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		olc_order_free(&l->orders[i]);
	free(l->orders);
	olc_order_list_init(l);
}

bool olc_order_list_take(struct olc_order_list *l, struct olc_order *o)
{
	if (l->count == l->capacity) {
		size_t capacity = l->capacity ? l->capacity * 2 : 16;
		struct olc_order *orders = realloc(l->orders, capacity * sizeof(*orders));
		if (!orders)
			return false;
		l->orders = orders;
		l->capacity = capacity;
	}
	l->orders[l->count++] = *o;
	olc_order_init(o);
	return true;
}
