/* Where a provider is in a shop's orders: the ids already reported, the shop's own clock and the
 * time windows WooCommerce and Shopify are asked for (declared in core/shop/parse.h). */
#include "core/shop/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/net/retry.h"

bool olc_seen_ids_init(struct olc_seen_ids *s, size_t capacity)
{
	memset(s, 0, sizeof(*s));
	s->ids = calloc(capacity, sizeof(*s->ids));
	if (!s->ids)
		return false;
	s->capacity = capacity;
	return true;
}

void olc_seen_ids_free(struct olc_seen_ids *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->ids[i]);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

bool olc_seen_ids_has(const struct olc_seen_ids *s, const char *id)
{
	for (size_t i = 0; i < s->count; i++) {
		if (strcmp(s->ids[i], id) == 0)
			return true;
	}
	return false;
}

bool olc_seen_ids_add(struct olc_seen_ids *s, const char *id)
{
	if (s->capacity == 0)
		return false;
	char *copy = olc_strdup(id);
	if (!copy)
		return false;
	if (s->count < s->capacity) {
		s->ids[s->count++] = copy;
	} else {
		free(s->ids[s->next]);
		s->ids[s->next] = copy;
		s->next = (s->next + 1) % s->capacity;
	}
	return true;
}

bool olc_take_unseen_orders(struct olc_seen_ids *seen, struct olc_order_list *got, bool first, int64_t latest_ms,
			    struct olc_order_list *out, struct olc_error *err)
{
	for (size_t i = 0; i < got->count; i++) {
		struct olc_order *o = &got->orders[i];
		if (o->created_at_ms > latest_ms || olc_seen_ids_has(seen, o->id))
			continue;
		if (!olc_seen_ids_add(seen, o->id) || (!first && !olc_order_list_take(out, o))) {
			olc_error_set(err, "out of memory while reading orders");
			return false;
		}
	}
	return true;
}

/* ---- the shop's clock and order windows ---- */

void olc_shop_clock_note(struct olc_shop_clock *c, const struct olc_http_response *resp, int64_t now_ms)
{
	int64_t date_ms;
	if (!olc_http_parse_date(olc_http_response_header(resp, "date"), &date_ms))
		return;
	c->known = true;
	c->offset_ms = date_ms - now_ms;
}

int64_t olc_shop_clock_now(const struct olc_shop_clock *c, int64_t now_ms)
{
	return c->known ? now_ms + c->offset_ms : now_ms;
}

bool olc_order_window_init(struct olc_order_window *w, size_t seen_capacity)
{
	memset(w, 0, sizeof(*w));
	return olc_seen_ids_init(&w->seen, seen_capacity);
}

void olc_order_window_free(struct olc_order_window *w)
{
	olc_seen_ids_free(&w->seen);
	memset(w, 0, sizeof(*w));
}

int64_t olc_order_window_after(const struct olc_order_window *w, int64_t now_ms, int64_t overlap_ms)
{
	int64_t start = w->started ? w->cursor_ms : olc_shop_clock_now(&w->clock, now_ms);
	return start - overlap_ms;
}

bool olc_order_window_take(struct olc_order_window *w, const char *shop, int64_t now_ms, struct olc_order_list *got,
			   struct olc_order_list *out, struct olc_fetch_result *res, struct olc_error *err)
{
	int64_t shop_now = olc_shop_clock_now(&w->clock, now_ms);
	int64_t latest = shop_now + OLC_ORDER_FUTURE_SLACK_MS;
	int64_t newest = w->started ? w->cursor_ms : shop_now;

	for (size_t i = 0; i < got->count; i++) {
		const struct olc_order *o = &got->orders[i];
		if (o->created_at_ms <= latest) {
			if (o->created_at_ms > newest)
				newest = o->created_at_ms;
		} else if (!res->warning.text[0]) {
			char dated[OLC_ISO8601_LEN], clock[OLC_ISO8601_LEN], shown[OLC_EXCERPT_LEN];
			olc_iso8601_format(o->created_at_ms, dated);
			olc_iso8601_format(shop_now, clock);
			olc_error_set(
				&res->warning,
				"%s order %s is dated %s, in the future by %s (%s): it is left out until its date "
				"is corrected",
				shop, olc_error_excerpt(shown, sizeof(shown), o->id), dated,
				w->clock.known ? "the shop's own clock" : "this computer's clock", clock);
		}
	}
	if (!olc_take_unseen_orders(&w->seen, got, !w->started, latest, out, err))
		return false;
	/* A start that only moves forward, and never past the shop's clock: orders with a date
	 * slightly ahead (clocks differ) are asked for again and dropped as already seen. */
	int64_t start = newest < shop_now ? newest : shop_now;
	if (!w->started || start > w->cursor_ms)
		w->cursor_ms = start;
	w->started = true;
	return true;
}
