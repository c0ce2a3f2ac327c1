/* "mm:ss" drawn out of a glyph strip (countdown-raster.h): the countdown source's digits and the
 * product card's ends-in badge. The strip is rasterised once; a new second is new quads, never a
 * new raster. */
#pragma once

#include <obs-module.h>

#include <stdbool.h>
#include <stdint.h>

#include "raster/countdown-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_CLOCK_TEXT_CHARS 5 /* "mm:ss" */

/* One "mm:ss" laid out in the panel's pixels; a value, copied into a draw slot. */
struct olc_clock_text {
	int glyph[OLC_CLOCK_TEXT_CHARS]; /* cells of the strip: '0'-'9', then ':' */
	float pen_x[OLC_CLOCK_TEXT_CHARS];
	struct olc_card_rect cells[OLC_COUNTDOWN_GLYPHS];
	int margin;
	struct olc_card_rect digits;
	uint32_t color;
};

/* data/effects/countdown.effect and the parameters its Glyph technique takes. */
struct olc_glyph_effect {
	gs_effect_t *effect;
	gs_eparam_t *p_image, *p_opacity, *p_tint;
};

/* Loads the effect (overlay/effect.h's olc_effect_load, logged as who); false when it failed.
 * The caller destroys e->effect inside obs_enter_graphics(). */
bool olc_glyph_effect_load(struct olc_glyph_effect *e, const char *who);

/* Lays seconds out as "mm:ss", centred in layout's place for the digits, in the emphasis colour
 * or the normal one. Any thread. */
void olc_clock_text_layout(struct olc_clock_text *t, const struct olc_countdown_layout *layout, int seconds,
			   bool emphasised);

/* Draws t's glyphs out of strip with the effect's Glyph technique, tinted, at opacity, under the
 * current matrix. video_render. */
void olc_clock_text_draw(const struct olc_clock_text *t, const struct olc_glyph_effect *e, gs_texture_t *strip,
			 float opacity);

#ifdef __cplusplus
}
#endif
