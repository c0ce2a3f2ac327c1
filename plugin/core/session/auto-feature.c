/* What the live session features by itself; see auto-feature.h. */
#include "core/session/auto-feature.h"

#include <stdio.h>
#include <string.h>

bool olc_product_sold_out(const struct olc_product *p)
{
	return p && p->has_stock && p->stock <= 0;
}

int olc_deck_next_in_stock(const struct olc_deck *deck, const struct olc_catalog *catalog, int from)
{
	const size_t n = deck->count;
	size_t first = 0, candidates = n; /* from not in the deck: every item, from the first */
	for (size_t i = 0; from > 0 && i < n; i++) {
		if (deck->items[i].number == from) {
			first = i + 1;
			candidates = n - 1; /* every item but from's own */
			break;
		}
	}
	for (size_t k = 0; k < candidates; k++) {
		const struct olc_deck_item *item = &deck->items[(first + k) % n];
		const struct olc_product *p = olc_catalog_find(catalog, item->product_id);
		if (p && !olc_product_sold_out(p))
			return item->number;
	}
	return 0;
}

/* The deck number the featured product stands at: the one it was featured by, else its first item. */
static int featured_at(const struct olc_snapshot *snap)
{
	if (snap->featured_number > 0)
		return snap->featured_number;
	for (size_t i = 0; i < snap->deck.count; i++)
		if (strcmp(snap->deck.items[i].product_id, snap->featured[0]) == 0)
			return snap->deck.items[i].number;
	return 0;
}

int olc_sold_out_watch_look(struct olc_sold_out_watch *w, const struct olc_snapshot *snap, int64_t now_ms,
			    int64_t sold_out_ms, int64_t *wait_ms)
{
	*wait_ms = -1;
	const char *featured = snap->featured_count > 0 ? snap->featured[0] : NULL;
	if (!featured || !olc_product_sold_out(olc_snapshot_product(snap, featured))) {
		memset(w, 0, sizeof(*w));
		return 0;
	}
	if (strcmp(w->product_id, featured) != 0 || w->number != snap->featured_number) {
		snprintf(w->product_id, sizeof(w->product_id), "%s", featured);
		w->number = snap->featured_number;
		w->due_ms = now_ms + (sold_out_ms > 0 ? sold_out_ms : 0);
		w->done = false;
	}
	if (w->done)
		return 0;
	if (now_ms < w->due_ms) {
		*wait_ms = w->due_ms - now_ms;
		return 0;
	}
	/* Once per sell-out: with nothing in stock the sold-out card stays, as the host left it. */
	w->done = true;
	return olc_deck_next_in_stock(&snap->deck, &snap->catalog, featured_at(snap));
}

int olc_scene_tie_match(const char *scene, const struct olc_scene_tie *ties, size_t count)
{
	if (!scene || !*scene)
		return 0;
	for (size_t i = 0; i < count; i++)
		if (ties[i].scene && strcmp(ties[i].scene, scene) == 0)
			return ties[i].number;
	return 0;
}
