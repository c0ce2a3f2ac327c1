/* What one ticker row says: "张** · 成都 · 2 × 松茸 (#3)", "李** and 9 others ordered 松茸 (#3)",
 * built from an order row (order-batch.h), the session snapshot (product titles, deck numbers) and
 * localised templates, as spans of text with a role each, so the rasteriser can colour the buyer
 * and the product.
 *
 * Templates: "{name}" is replaced by a value; "[...]" is an optional part, left out when a value
 * inside it is empty ("{buyer}[ · {city}] · {quantity} × {product}[ (#{number})]" without a city
 * reads "张** · 2 × 松茸 (#3)"). Values: buyer, city, quantity, product, number, others (orders
 * besides the buyer's), count (all orders). An unknown name is left as written.
 *
 * Pure C; any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/stream/order-batch.h"
#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

enum olc_buyer_display {
	OLC_BUYER_MASKED,    /* "张**" (olc_mask_buyer) */
	OLC_BUYER_FULL,      /* as the shop gave it */
	OLC_BUYER_ANONYMOUS, /* the "someone" word */
};

enum olc_span_role {
	OLC_SPAN_TEXT,    /* values: city, quantity, counts */
	OLC_SPAN_MUTED,   /* the template's own words and separators, the deck number */
	OLC_SPAN_BUYER,   /* the buyer (or "someone") */
	OLC_SPAN_PRODUCT, /* the product's short title */
	OLC_SPAN_CHIP,    /* a label drawn as a chip: "TEST" on test orders */
};

struct olc_span {
	char *text; /* UTF-8, never empty */
	enum olc_span_role role;
};

/* Spans in reading order; adjacent spans of one role are merged. Owns its spans. */
struct olc_row_words {
	struct olc_span *spans;
	size_t count;
};

/* Localised text, borrowed for the call. NULL templates fall back to the English ones. */
struct olc_row_templates {
	const char *single;    /* one order */
	const char *batch_one; /* a batch of two orders: "{buyer} and 1 other ordered ..." */
	const char *batch;     /* a batch of more */
	const char *someone;   /* the anonymous buyer: "Someone", "有人" */
	const char *test;      /* the chip on rows with test orders: "TEST"; NULL or "": no chip */
};

/* Builds the words of row. snap (may be NULL) gives the product's short title (the deck's title
 * override, else olc_short_title of the shop's) and its deck number; a product the snapshot does
 * not list is named by its id. false when memory runs out (out is then empty). Free out either
 * way with olc_row_words_free. */
bool olc_row_words_build(const struct olc_order_row *row, const struct olc_snapshot *snap,
			 const struct olc_row_templates *templates, enum olc_buyer_display who,
			 struct olc_row_words *out);
void olc_row_words_free(struct olc_row_words *w);

/* The spans as one string, a chip as "[TEST]": for logs and tests. malloc'd; NULL when memory runs
 * out. */
char *olc_row_words_text(const struct olc_row_words *w);

struct olc_template_value {
	const char *name; /* without braces */
	const char *text; /* NULL or "": empty (optional parts holding it are left out) */
	enum olc_span_role role;
};

/* Expands template with values into out (appending to what it holds). Text outside placeholders
 * gets OLC_SPAN_MUTED. false when memory runs out. */
bool olc_template_expand(const char *template_text, const struct olc_template_value *values, size_t count,
			 struct olc_row_words *out);

/* A product title short enough for a ticker: for a title in two scripts, "松茸 Wild Matsutake
 * 500g", the first word when it has no Latin letters and the rest has some ("松茸"); otherwise the
 * whole title, trimmed. malloc'd; NULL for NULL or blank titles, or when memory runs out. */
char *olc_short_title(const char *title);

#ifdef __cplusplus
}
#endif
