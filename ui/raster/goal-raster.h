/* The sales goal panel as pixels: Qt 6 (QPainter on a QImage) behind a C header, in the product
 * card's looks and fonts (card-theme.h). The sales-goal source rasterises it on its worker when a
 * counter's text or a setting changes, and draws the bar's fill over it on the GPU, eased and
 * celebrated there: the raster holds the empty track only.
 *
 * Strings are UTF-8, borrowed for the call; the result is malloc'd premultiplied RGBA as
 * olc_card_rasterise() makes it (see card-raster.h for the pixel format and how to draw it). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "raster/card-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_GOAL_STATS_MAX 3

/* What the panel says, already localised; NULL or "" leaves an element out. */
struct olc_goal_content {
	const char *title;         /* left of the first row, one line, elided: "今日目标" */
	const char *progress_text; /* right of the first row: "128 / 200 单" */
	/* The counters under the bar, left to right in equal columns: a big value over a small label
	 * ("¥12,800.00" over "销售额"). */
	struct {
		const char *value;
		const char *label;
	} stats[OLC_GOAL_STATS_MAX];
	size_t stat_count;
	int step_percent; /* faint marks on the track every step_percent (1 to 99); 0: none */
};

/* Where things landed, in the image's pixels, and the colours of the GPU-drawn fill. */
struct olc_goal_layout {
	struct olc_card_rect panel; /* the whole image; outside its rounded corners alpha is 0 */
	struct olc_card_rect title, progress, bar, stats;
	/* The fill's horizontal gradient across the whole bar, and the celebration's glow and
	 * confetti colours: OBS colours 0xAABBGGRR, straight alpha. */
	unsigned int fill_start, fill_end, glow, confetti_a, confetti_b;
};

/* Draws the panel, style->width wide (240 to 2000 at scale 1; show_qr and vertical are ignored),
 * as tall as its rows need. Returns false with a sentence in err on bad arguments, no
 * QGuiApplication or no memory. Any thread; a few milliseconds: call it from a worker. */
bool olc_goal_rasterise(const struct olc_goal_content *content, const struct olc_card_style *style,
			struct olc_raster_image *out, struct olc_goal_layout *layout, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
