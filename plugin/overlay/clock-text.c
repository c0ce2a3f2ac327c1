/* "mm:ss" out of a glyph strip: see overlay/clock-text.h. */
#include "overlay/clock-text.h"

#include <graphics/vec4.h>

#include <string.h>

#include "core/stream/countdown.h"
#include "overlay/effect.h"

#define GLYPH_COLON 10

bool olc_glyph_effect_load(struct olc_glyph_effect *e, const char *who)
{
	memset(e, 0, sizeof(*e));
	e->effect = olc_effect_load("countdown.effect", who);
	if (e->effect) {
		e->p_image = gs_effect_get_param_by_name(e->effect, "image");
		e->p_opacity = gs_effect_get_param_by_name(e->effect, "opacity");
		e->p_tint = gs_effect_get_param_by_name(e->effect, "tint");
	}
	return e->effect != NULL;
}

void olc_clock_text_layout(struct olc_clock_text *t, const struct olc_countdown_layout *layout, int seconds,
			   bool emphasised)
{
	t->digits = layout->digits;
	t->margin = layout->margin;
	memcpy(t->cells, layout->glyph, sizeof(t->cells));
	t->color = emphasised ? layout->emphasis_color : layout->digit_color;
	char text[8];
	olc_countdown_format(seconds, text, sizeof(text));
	float total = 0.0f;
	for (size_t i = 0; i < OLC_CLOCK_TEXT_CHARS; i++) {
		t->glyph[i] = text[i] == ':' ? GLYPH_COLON : text[i] - '0';
		total += (float)layout->advance[t->glyph[i]];
	}
	float pen = (float)layout->digits.x + ((float)layout->digits.width - total) / 2.0f;
	for (size_t i = 0; i < OLC_CLOCK_TEXT_CHARS; i++) {
		t->pen_x[i] = pen;
		pen += (float)layout->advance[t->glyph[i]];
	}
}

void olc_clock_text_draw(const struct olc_clock_text *t, const struct olc_glyph_effect *e, gs_texture_t *strip,
			 float opacity)
{
	struct vec4 tint;
	vec4_from_rgba(&tint, t->color);
	for (size_t i = 0; i < OLC_CLOCK_TEXT_CHARS; i++) {
		const struct olc_card_rect *cell = &t->cells[t->glyph[i]];
		/* gs_technique_end() forgets every parameter: set them again for each draw. */
		gs_effect_set_vec4(e->p_tint, &tint);
		gs_effect_set_texture(e->p_image, strip);
		gs_effect_set_float(e->p_opacity, opacity);
		gs_matrix_push();
		gs_matrix_translate3f(t->pen_x[i] - (float)t->margin, (float)t->digits.y, 0.0f);
		while (gs_effect_loop(e->effect, "Glyph"))
			gs_draw_sprite_subregion(strip, 0, (uint32_t)cell->x, (uint32_t)cell->y, (uint32_t)cell->width,
						 (uint32_t)cell->height);
		gs_matrix_pop();
	}
}
