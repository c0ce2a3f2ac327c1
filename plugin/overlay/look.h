/* The "Look" settings the overlay sources share (product card, order ticker, sales goal,
 * countdown): the look list (light/dark/festive), a custom accent colour, the font, the corner
 * radius, the scale and the width. The keys are the card's (ids.h) in every source, so
 * one scene collection's settings mean the same look everywhere; only the limits differ, and the
 * caller passes them. */
#pragma once

#include <obs-module.h>

#include <stdbool.h>
#include <stdint.h>

#include "raster/card-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where one source differs. */
struct olc_look_limits {
	int width_min, width_max, width_default;
	int radius_max; /* 0: the source has no corner radius setting (the ticker) */
};

/* The look settings as read, clamped to the limits. font_family is a bmalloc'd copy or NULL. */
struct olc_overlay_look {
	enum olc_card_look preset; /* the look list */
	bool custom_accent;
	uint32_t accent; /* the colour property's value, opaque RGB */
	char *font_family;
	int corner_radius; /* 0 without a corner radius setting */
	float scale;
	int width;
};

static inline long long olc_clamp_ll(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* "dark", "festive", anything else light. */
enum olc_card_look olc_look_parse(const char *s);

/* The look's defaults (the width's from limits). Any thread (get_defaults). */
void olc_look_set_defaults(obs_data_t *settings, const struct olc_look_limits *limits);

/* Adds the look properties to group, in the order the sources have always shown them: look,
 * custom accent, accent colour, font, corner radius (when limits->radius_max > 0), scale, width
 * (labelled width_label, a translated string). accent_changed is the custom accent's modified callback; it should call
 * olc_look_show_accent(). NULL: olc_look_accent_changed. */
void olc_look_add_properties(obs_properties_t *group, const struct olc_look_limits *limits, const char *width_label,
			     obs_property_modified_t accent_changed);

/* Shows the accent colour only while "custom accent" is on. */
void olc_look_show_accent(obs_properties_t *props, obs_data_t *settings);

/* A modified callback that only calls olc_look_show_accent(). */
bool olc_look_accent_changed(obs_properties_t *props, obs_property_t *p, obs_data_t *settings);

/* Reads settings into out (overwritten, not freed), clamped to limits. Any thread (update). */
void olc_look_read(obs_data_t *settings, const struct olc_look_limits *limits, struct olc_overlay_look *out);

void olc_look_free(struct olc_overlay_look *look);
/* A deep copy (dst is overwritten, not freed). */
void olc_look_copy(struct olc_overlay_look *dst, const struct olc_overlay_look *src);

/* Adds everything of look a raster shows to key (overlay/key.h). */
void olc_look_key(uint64_t *key, const struct olc_overlay_look *look);

/* The rasterisers' accent: OBS colour 0xAABBGGRR made opaque, or 0 for the look's own. */
uint32_t olc_look_accent(const struct olc_overlay_look *look);

/* Sets style's look, accent, font, corner radius, scale and width; leaves the rest (language,
 * show_qr, vertical) as they were. style borrows look->font_family. */
void olc_look_to_card_style(const struct olc_overlay_look *look, struct olc_card_style *style);

/* The language overlays draw in now (runtime/stream-language.h: the stream language, or OBS's own),
 * bstrdup'ed for a source's settings. Any thread (update). The sources' update runs again when the
 * setting changes, so a source that reads it there and keys its raster on it follows. */
char *olc_overlay_language(void);

/* A text setting whose default is overlay text (the QR caption, a goal's title, a countdown's
 * labels): what the user typed, or when they never set it, default_key's text in the stream
 * language, so the default follows the audience's language. bstrdup'ed; NULL when empty. */
char *olc_overlay_text_setting(obs_data_t *settings, const char *key, const char *default_key);

#ifdef __cplusplus
}
#endif
