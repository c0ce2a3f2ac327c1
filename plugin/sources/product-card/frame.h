/* One frame of a product card source: the cards it shows, rasterised and composed into one image
 * on the card's worker (plugin/sources/product-card/product-card.c), from the settings and a session snapshot.
 * The builder holds what survives between frames: the photos (sources/product-card/photos.c), the most stock
 * seen per product (a full stock bar), and what the last frame showed, so a session change that
 * does not touch this card (the demo shop's orders for other products) costs no raster.
 * A builder belongs to one worker thread; card_builder_stats() may be called from any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raster/card-raster.h"
#include "core/net/http.h"
#include "overlay/look.h"
#include "core/session/session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CARD_MAX OLC_FEATURED_MAX
#define CARD_GAP 24 /* design pixels between cards shown together */

/* What the card asks viewers to do (S_CARD_CALL_TO_ACTION). */
enum card_call_to_action {
	CARD_CTA_AUTO, /* the cart where the shop's platform sells in its own cart, else the QR */
	CARD_CTA_QR,
	CARD_CTA_CART,
	CARD_CTA_NONE,
};

/* What the source's settings ask for. Strings are bmalloc'd copies. */
struct card_settings {
	char *product_id; /* NULL: the session's featured products */
	bool stacked;
	struct olc_overlay_look look;
	bool vertical;
	enum card_call_to_action call_to_action;
	char *qr_caption;
	bool hide_price;
	char *language;
};

/* One card inside a composed image, in the image's pixels. */
struct card_part {
	struct olc_card_layout layout;
	float stock_fill;   /* 0..1 of the bar; -1: no bar */
	uint64_t price_key; /* changes when the price shown changes */
};

/* What the worker publishes: one image with every card shown side by side or stacked. */
struct card_frame {
	struct olc_raster_image image;    /* the card; with a hidden price, the hidden one */
	struct olc_raster_image revealed; /* hidden-price mode only: the same with the price */
	size_t count;                     /* 0: nothing to show */
	struct card_part parts[CARD_MAX];
	uint64_t identity; /* which products, in order: a change is an exit and an entrance */
	/* The first card's product id, whole ("" when none): its flash sale shows on it. */
	char first_product[OLC_PRODUCT_ID_MAX + 1];
};

void card_settings_free(struct card_settings *s);
/* A deep copy (dst is overwritten, not freed). */
void card_settings_copy(struct card_settings *dst, const struct card_settings *src);

void card_frame_free(struct card_frame *f);

struct card_builder;

/* photo_cache_dir as for card_photos_create(); cancel (borrowed, may be NULL)
 * ends a photo download when the source goes away. NULL when memory runs out. */
struct card_builder *card_builder_create(const char *photo_cache_dir, const struct olc_cancel *cancel);
void card_builder_destroy(struct card_builder *b);

/* The frame the settings and the session's newest snapshot ask for: 0 to CARD_MAX cards (none when
 * nothing is featured or the fixed product is not in the catalog). NULL when it would show exactly
 * what the last frame built showed, when cancelled, or on failure (logged, naming the source
 * `name`). May wait on the network for a photo: worker only. */
struct card_frame *card_builder_build(struct card_builder *b, const struct card_settings *set, const char *name);

struct card_builder_stats {
	long long raster_us; /* the last raster of all cards, microseconds */
	long long build_us;  /* the last build: words, photos, QR, raster and composition */
	long long rasters;   /* frames rasterised so far */
	long long photo_bytes;
};
void card_builder_stats(const struct card_builder *b, struct card_builder_stats *out);

#ifdef __cplusplus
}
#endif
