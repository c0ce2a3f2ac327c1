/* The flash-sale countdown as pixels: Qt 6 behind a C header, in the product card's looks and
 * fonts. Rasterised only when the settings or the label change, on the countdown source's worker:
 *   - the panel with the label, the digits' place left empty;
 *   - the same panel with the end label in the digits' place;
 *   - a strip of white glyphs '0' to '9' and ':' that the GPU draws as "mm:ss" each frame, tinted
 *     with a colour parameter (the emphasis of the last seconds is a colour and a scale, never a
 *     new raster). Digits are drawn tabular (each centred in the widest digit's box), so "11:11"
 *     and "00:00" are equally wide and the text never jitters as it counts.
 * Pixels as in card-raster.h: malloc'd premultiplied RGBA. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "raster/card-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_COUNTDOWN_GLYPHS 11 /* '0' to '9', then ':' */

struct olc_countdown_content {
	const char *label;     /* over the digits, in an accent pill: "限时秒杀"; NULL or "": none */
	const char *end_label; /* in the digits' place at zero: "秒杀结束"; NULL or "": "00:00" */
};

struct olc_countdown_images {
	struct olc_raster_image panel; /* the label, no digits */
	struct olc_raster_image ended; /* the label and the end label; the same size as panel */
	struct olc_raster_image glyphs;
};

struct olc_countdown_layout {
	struct olc_card_rect panel;  /* the whole panel image */
	struct olc_card_rect label;  /* the pill; zero when there is no label */
	struct olc_card_rect digits; /* where "mm:ss" goes, centred */
	/* Each glyph's cell in the glyph strip, all of the same height; a cell has `margin` pixels of
	 * room on each side of the glyph's box (for antialiasing and overhang), and the pen moves by
	 * advance[i] after drawing it: draw cell i at (pen - margin, digits.y + (digits.height -
	 * cell height) / 2). */
	struct olc_card_rect glyph[OLC_COUNTDOWN_GLYPHS];
	int advance[OLC_COUNTDOWN_GLYPHS];
	int margin;
	/* The digits' colours, OBS 0xAABBGGRR straight alpha: normally, and in the last seconds. */
	unsigned int digit_color, emphasis_color;
};

/* Draws the three images; style->width is the panel's width (240 to 2000 at scale 1). The digits
 * shrink to fit "60:00" in it; the end label shrinks, then is elided. Returns false with a
 * sentence in err on bad arguments, no QGuiApplication or no memory (out is then empty). Any
 * thread; a few milliseconds: call it from a worker. Free with olc_countdown_images_free. */
bool olc_countdown_rasterise(const struct olc_countdown_content *content, const struct olc_card_style *style,
			     struct olc_countdown_images *out, struct olc_countdown_layout *layout, char *err,
			     size_t err_len);

void olc_countdown_images_free(struct olc_countdown_images *images);

#ifdef __cplusplus
}
#endif
