/* The overlay sources' shared "Look" settings: see overlay/look.h. */
#include "overlay/look.h"

#include <util/bmem.h>

#include <string.h>

#include "ids.h"
#include "overlay/key.h"
#include "runtime/stream-language.h"

#define SCALE_MIN      0.25
#define SCALE_MAX      4.0
#define RADIUS_DEFAULT 24
#define ACCENT_DEFAULT 0xFF3B2EFF /* a live-shopping red */

enum olc_card_look olc_look_parse(const char *s)
{
	if (strcmp(s, S_CARD_LOOK_DARK) == 0)
		return OLC_CARD_LOOK_DARK;
	if (strcmp(s, S_CARD_LOOK_FESTIVE) == 0)
		return OLC_CARD_LOOK_FESTIVE;
	return OLC_CARD_LOOK_LIGHT;
}

void olc_look_set_defaults(obs_data_t *settings, const struct olc_look_limits *limits)
{
	obs_data_set_default_string(settings, S_CARD_LOOK, S_CARD_LOOK_LIGHT);
	obs_data_set_default_bool(settings, S_CARD_CUSTOM_ACCENT, false);
	obs_data_set_default_int(settings, S_CARD_ACCENT_COLOR, ACCENT_DEFAULT);
	if (limits->radius_max > 0)
		obs_data_set_default_int(settings, S_CARD_CORNER_RADIUS, RADIUS_DEFAULT);
	obs_data_set_default_double(settings, S_CARD_SCALE, 1.0);
	obs_data_set_default_int(settings, S_CARD_WIDTH, limits->width_default);
}

void olc_look_show_accent(obs_properties_t *props, obs_data_t *settings)
{
	obs_property_set_visible(obs_properties_get(props, S_CARD_ACCENT_COLOR),
				 obs_data_get_bool(settings, S_CARD_CUSTOM_ACCENT));
}

bool olc_look_accent_changed(obs_properties_t *props, obs_property_t *p, obs_data_t *settings)
{
	UNUSED_PARAMETER(p);
	olc_look_show_accent(props, settings);
	return true;
}

void olc_look_add_properties(obs_properties_t *group, const struct olc_look_limits *limits, const char *width_label,
			     obs_property_modified_t accent_changed)
{
	obs_property_t *p =
		obs_properties_add_list(group, S_CARD_LOOK, T_CARD_LOOK, OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_LOOK_LIGHT, S_CARD_LOOK_LIGHT);
	obs_property_list_add_string(p, T_CARD_LOOK_DARK, S_CARD_LOOK_DARK);
	obs_property_list_add_string(p, T_CARD_LOOK_FESTIVE, S_CARD_LOOK_FESTIVE);
	p = obs_properties_add_bool(group, S_CARD_CUSTOM_ACCENT, T_CARD_CUSTOM_ACCENT);
	obs_property_set_modified_callback(p, accent_changed ? accent_changed : olc_look_accent_changed);
	obs_properties_add_color(group, S_CARD_ACCENT_COLOR, T_CARD_ACCENT_COLOR);
	p = obs_properties_add_font(group, S_CARD_FONT, T_CARD_FONT);
	obs_property_set_long_description(p, T_CARD_FONT_HINT);
	if (limits->radius_max > 0) {
		p = obs_properties_add_int_slider(group, S_CARD_CORNER_RADIUS, T_CARD_CORNER_RADIUS, 0,
						  limits->radius_max, 1);
		obs_property_int_set_suffix(p, " px");
	}
	p = obs_properties_add_float_slider(group, S_CARD_SCALE, T_CARD_SCALE, SCALE_MIN, SCALE_MAX, 0.05);
	obs_property_float_set_suffix(p, "×");
	p = obs_properties_add_int_slider(group, S_CARD_WIDTH, width_label, limits->width_min, limits->width_max, 10);
	obs_property_int_set_suffix(p, " px");
}

void olc_look_read(obs_data_t *settings, const struct olc_look_limits *limits, struct olc_overlay_look *out)
{
	memset(out, 0, sizeof(*out));
	out->preset = olc_look_parse(obs_data_get_string(settings, S_CARD_LOOK));
	out->custom_accent = obs_data_get_bool(settings, S_CARD_CUSTOM_ACCENT);
	out->accent = (uint32_t)obs_data_get_int(settings, S_CARD_ACCENT_COLOR);
	obs_data_t *font = obs_data_get_obj(settings, S_CARD_FONT);
	const char *face = font ? obs_data_get_string(font, "face") : "";
	out->font_family = *face ? bstrdup(face) : NULL;
	obs_data_release(font);
	if (limits->radius_max > 0)
		out->corner_radius =
			(int)olc_clamp_ll(obs_data_get_int(settings, S_CARD_CORNER_RADIUS), 0, limits->radius_max);
	const double scale = obs_data_get_double(settings, S_CARD_SCALE);
	out->scale = (float)(scale >= SCALE_MIN && scale <= SCALE_MAX ? scale : 1.0);
	out->width = (int)olc_clamp_ll(obs_data_get_int(settings, S_CARD_WIDTH), limits->width_min, limits->width_max);
}

void olc_look_free(struct olc_overlay_look *look)
{
	bfree(look->font_family);
	look->font_family = NULL;
}

void olc_look_copy(struct olc_overlay_look *dst, const struct olc_overlay_look *src)
{
	*dst = *src;
	dst->font_family = src->font_family ? bstrdup(src->font_family) : NULL;
}

void olc_look_key(uint64_t *key, const struct olc_overlay_look *look)
{
	olc_key_int(key, look->preset);
	olc_key_int(key, look->custom_accent ? (int64_t)look->accent : -1);
	olc_key_str(key, look->font_family);
	olc_key_int(key, look->corner_radius);
	olc_key_bytes(key, &look->scale, sizeof(look->scale));
	olc_key_int(key, look->width);
}

uint32_t olc_look_accent(const struct olc_overlay_look *look)
{
	/* The accent colour property is opaque RGB; 0 would mean "the look's own". */
	return look->custom_accent ? (look->accent | 0xFF000000u) : 0;
}

void olc_look_to_card_style(const struct olc_overlay_look *look, struct olc_card_style *style)
{
	style->look = look->preset;
	style->accent = olc_look_accent(look);
	style->font_family = look->font_family;
	style->corner_radius = look->corner_radius;
	style->scale = look->scale;
	style->width = look->width;
}

char *olc_overlay_language(void)
{
	char code[16];
	olc_stream_language_effective(code, sizeof(code));
	return bstrdup(code);
}

char *olc_overlay_text_setting(obs_data_t *settings, const char *key, const char *default_key)
{
	const char *text = obs_data_has_user_value(settings, key) ? obs_data_get_string(settings, key)
								   : olc_stream_text(default_key);
	return text && *text ? bstrdup(text) : NULL;
}
