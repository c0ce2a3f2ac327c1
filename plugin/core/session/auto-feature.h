/* What the live session features by itself, decided purely (no clock, no thread, no lock): the
 * next deck item in stock some seconds after the featured product sells out, and the deck item tied
 * to the OBS scene just switched to. The runtime (runtime/auto-feature.c) feeds these the newest
 * snapshot and its clock and acts on the answer; the unit tests feed them a clock of their own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sold out: a product whose shop tracks stock and reports none left (0 or below). */
bool olc_product_sold_out(const struct olc_product *p);

/* The number of the deck item after the one at `from` (a deck number; 0 or a number not in the deck:
 * before the first item), wrapping, whose product is in the catalog and not sold out; the item at
 * `from` itself is never the answer. 0 when there is none. */
int olc_deck_next_in_stock(const struct olc_deck *deck, const struct olc_catalog *catalog, int from);

/* The sold-out advance's memory between two looks at the session. Zero it to begin. */
struct olc_sold_out_watch {
	char product_id[OLC_PRODUCT_ID_MAX + 1]; /* the featured product seen sold out; "" none */
	int number;                              /* its deck number as featured (0: not by number) */
	int64_t due_ms;                          /* when to feature the next item */
	bool done;                               /* acted (or found nothing in stock) for this sell-out */
};

/* Looks at snap at now_ms (any monotonic ms): when the first featured product has sold out, the
 * first look arms the watch for sold_out_ms later; a look at or after that time returns the deck
 * number to feature now (then the watch is done until something else is featured or sells out).
 * Returns 0 when nothing is to be featured now. *wait_ms: how long until a look is worth making
 * again whatever happens (-1: only when the session changes). */
int olc_sold_out_watch_look(struct olc_sold_out_watch *w, const struct olc_snapshot *snap, int64_t now_ms,
			    int64_t sold_out_ms, int64_t *wait_ms);

/* A deck item's tie to an OBS scene, as the deck gives it. */
struct olc_scene_tie {
	int number;
	const char *scene; /* NULL or "": not tied */
};

/* The number of the first item tied to exactly this scene name (names compare byte for byte, as
 * OBS's own do), or 0. */
int olc_scene_tie_match(const char *scene, const struct olc_scene_tie *ties, size_t count);

#ifdef __cplusplus
}
#endif
