/* One order ticker row as pixels: a pill in the card's look (light, dark, festive) with a shopping
 * cart in the accent colour and the row's words ("张** · 成都 · 2 × 松茸 (#3)"), the buyer in bold,
 * the product in the accent, a "TEST" chip on test orders. Qt 6 (QPainter on a QImage) behind a C
 * header, called on the ticker's worker thread when a row is made or the looks change, never per
 * frame. Fonts and colours are the card's (card-theme.h), so a ticker and a card with the same
 * look belong together. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "raster/card-raster.h"
#include "core/stream/order-words.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_ticker_style {
	enum olc_card_look look;
	unsigned int accent;     /* OBS colour 0xAABBGGRR; 0: the look's own (as olc_card_style) */
	const char *font_family; /* NULL or "": the look's own, with the card's script fallbacks */
	const char *language;    /* UI language, for the CJK glyph forms; NULL: simplified Chinese */
	float scale;             /* 1.0 = designed for 1080p; 0.25 to 4 */
	int max_width;           /* the widest a row may be, in output pixels; longer text is elided */
};

/* The height of every row at this scale, in pixels (pure arithmetic: any thread, no Qt). */
int olc_ticker_row_height(float scale);

/* Draws the row. The image is premultiplied sRGB RGBA like the card's (see olc_raster_image), as
 * tall as olc_ticker_row_height(style->scale) and as wide as the row rounded up to a multiple of
 * pad_to (<= 1: not rounded), transparent beyond the row: a texture of that width can be reused
 * for rows a little wider or narrower. *row_width receives the row's own width. On failure returns
 * false, leaves *out empty and writes a sentence to err: bad arguments, no QGuiApplication, no
 * memory. Any thread (a QGuiApplication must exist); a millisecond or so. */
bool olc_ticker_rasterise(const struct olc_row_words *words, const struct olc_ticker_style *style, int pad_to,
			  struct olc_raster_image *out, int *row_width, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
