/* live_commerce_product_card: the featured product as a card, with its photo, price, stock and a
 * scan-to-buy QR code, animated on the GPU.
 *
 * Three threads touch a card:
 *   - its worker builds a frame (sources/product-card/frame.c: the words from a session snapshot, the photos,
 *     the QR, the Qt raster, the cards composed into one image) and publishes it through the
 *     overlay host (overlay/host.h).
 *     It wakes only when the settings or the session's catalog/featured revisions change, and
 *     the builder skips the raster when nothing the card shows changed;
 *   - video_tick (graphics thread) notices those revisions, takes a published image, uploads it
 *     (obs_enter_graphics) and runs the animations' state machine on the source's clock;
 *   - video_render (once per view) only draws: the texture through data/effects/product-card.effect
 *     with a matrix for the slide or pop, an opacity for the fade, a wipe for the price reveal, a
 *     second draw of the price rectangle for the pulse and a quad for the stock bar's eased fill.
 * Nothing is rasterised or decoded per frame.
 *
 * While the module's flash-sale countdown (countdown-host.h) runs for the first card's product, an
 * "Ends in mm:ss" badge sits over the top-right of its photo. It is the countdown source's
 * technique at a smaller scale: the worker rasterises the badge's panel and a glyph strip once
 * (countdown-raster.h, on the first such countdown and after a change of settings), and
 * video_render draws the digits as quads out of the strip (data/effects/countdown.effect), so the
 * running timer costs no raster.
 *
 * Showing a different product is an exit followed by an entrance; new data for the same products
 * (price, stock, looks) replaces the texture in place, with a pulse when a price changed and the
 * stock bar easing to its new length. With nothing to show the source draws nothing and keeps its
 * last size, so the scene's layout does not jump. */
#include <obs-module.h>
#include <graphics/vec2.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdlib.h>
#include <string.h>

#include "sources/product-card/frame.h"
#include "core/stream/motion.h"
#include "raster/card-raster.h"
#include "runtime/countdown-host.h"
#include "raster/countdown-raster.h"
#include "core/net/http.h"
#include "runtime/live-session.h"
#include "overlay/clock-text.h"
#include "overlay/effect.h"
#include "overlay/host.h"
#include "overlay/look.h"
#include "plugin-support.h"
#include "runtime/stream-language.h"
#include "ids.h"

#define CARD_TRANSITION_MAX 3000 /* ms */
#define MS                  1000000ull
#define PULSE_NS            (700 * MS)
#define STOCK_EASE_NS       (900 * MS)
#define REVEAL_NS           (900 * MS)
#define BADGE_SCALE         0.6f /* the ends-in badge against the card's scale */
#define BADGE_INSET         14   /* design pixels from the photo's top-right corner */
#define WAKE_SESSION        OLC_OVERLAY_WAKE_OWN(0) /* the catalog or the featured products changed */
#define WAKE_BADGE          OLC_OVERLAY_WAKE_OWN(1) /* the tick wants the badge rasterised */

enum card_phase { PHASE_HIDDEN, PHASE_ENTERING, PHASE_SHOWN, PHASE_EXITING };
enum card_transition { TRANSITION_SLIDE, TRANSITION_FADE, TRANSITION_POP, TRANSITION_NONE };
enum card_edge { EDGE_LEFT, EDGE_RIGHT, EDGE_TOP, EDGE_BOTTOM };

static const char *const phase_names[] = {"hidden", "entering", "shown", "exiting"};

/* The uploaded frame and its per-card animations. Graphics side (the host's tick lock). */
struct card_shown {
	gs_texture_t *tex;
	gs_texture_t *tex_revealed;
	uint32_t cx, cy;
	size_t count;
	struct card_part parts[CARD_MAX];
	uint64_t identity;
	char first_product[sizeof(((struct card_frame *)0)->first_product)];
	struct olc_tween stock[CARD_MAX];
	uint64_t pulse_start[CARD_MAX];
	bool pulsing[CARD_MAX];
};

/* Everything video_render needs for one frame, made by video_tick. */
struct card_draw {
	gs_texture_t *tex, *tex2;
	uint32_t cx, cy;
	float opacity, scale, dx, dy;
	float reveal; /* with tex2: 0 shows tex, 1 shows tex2, between: the wipe */
	size_t count;
	struct {
		struct olc_card_rect bar, price;
		float fill_width; /* pixels; 0: no fill */
		uint32_t fill_from, fill_to;
		float pulse; /* 0: none */
	} parts[CARD_MAX];
	/* The ends-in badge, in card pixels; no panel: none. */
	struct {
		gs_texture_t *panel, *glyphs;
		float x, y;
		uint32_t cx, cy;
		struct olc_clock_text text;
	} badge;
};

/* The ends-in badge as the worker rasterised it. */
struct card_badge {
	struct olc_countdown_images images;
	struct olc_countdown_layout layout;
};

/* What the worker publishes: the newest frame and the newest badge, either may be NULL. */
struct card_output {
	struct card_frame *frame;
	struct card_badge *badge;
};

struct card_source {
	obs_source_t *source;
	struct olc_overlay_host host; /* worker, settings, publish, clock, draw (struct card_draw), size */

	struct olc_cancel *cancel;    /* set on destroy: ends a photo download at once */
	struct card_builder *builder; /* the worker's */
	volatile long texture_bytes;  /* for get_stats */

	/* Graphics side, under the host's tick lock: video_tick normally runs on the graphics thread
	 * only, but the benchmark also ticks from its own thread. */
	bool seen_any;
	uint64_t seen_catalog, seen_featured;
	enum card_transition transition;
	enum card_edge edge;
	uint64_t transition_ns;
	struct card_shown shown;
	struct card_frame *pending; /* waits for the current card's exit */
	enum card_phase phase;
	struct olc_tween presence; /* linear 0 (gone) .. 1 (in place) */
	bool user_visible;
	bool reveal_target;
	struct olc_tween reveal;
	bool badge_requested; /* since the last change of settings */
	gs_texture_t *badge_panel, *badge_glyphs;
	struct olc_countdown_layout badge_layout;
	uint32_t badge_cx, badge_cy;
	bool badge_on;
	int badge_seconds;
	bool badge_emphasised;

	/* Any thread. */
	volatile long visibility_requests, price_requests, reveal_requests;

	gs_effect_t *effect;
	gs_eparam_t *p_image, *p_image2, *p_opacity, *p_progress, *p_wipe_soft, *p_bar_size, *p_bar_full, *p_aa,
		*p_color_from, *p_color_to;
	struct olc_glyph_effect glyph_fx; /* the badge's digits */
};

/* ---- settings ---------------------------------------------------------------------------- */

static const struct olc_look_limits look_limits = {
	.width_min = 240,
	.width_max = 2000,
	.width_default = 560,
	.radius_max = 96,
};

static enum card_transition parse_transition(const char *s)
{
	if (strcmp(s, S_CARD_TRANSITION_FADE) == 0)
		return TRANSITION_FADE;
	if (strcmp(s, S_CARD_TRANSITION_POP) == 0)
		return TRANSITION_POP;
	if (strcmp(s, S_CARD_TRANSITION_NONE) == 0)
		return TRANSITION_NONE;
	return TRANSITION_SLIDE;
}

static enum card_edge parse_edge(const char *s)
{
	if (strcmp(s, S_CARD_SLIDE_FROM_RIGHT) == 0)
		return EDGE_RIGHT;
	if (strcmp(s, S_CARD_SLIDE_FROM_TOP) == 0)
		return EDGE_TOP;
	if (strcmp(s, S_CARD_SLIDE_FROM_BOTTOM) == 0)
		return EDGE_BOTTOM;
	return EDGE_LEFT;
}

/* call_to_action; a scene saved before it existed with the QR switched off shows none. */
static enum card_call_to_action read_call_to_action(obs_data_t *data)
{
	if (!obs_data_has_user_value(data, S_CARD_CALL_TO_ACTION) && obs_data_has_user_value(data, S_CARD_SHOW_QR) &&
	    !obs_data_get_bool(data, S_CARD_SHOW_QR))
		return CARD_CTA_NONE;
	const char *v = obs_data_get_string(data, S_CARD_CALL_TO_ACTION);
	if (strcmp(v, S_CARD_CALL_TO_ACTION_QR) == 0)
		return CARD_CTA_QR;
	if (strcmp(v, S_CARD_CALL_TO_ACTION_CART) == 0)
		return CARD_CTA_CART;
	if (strcmp(v, S_CARD_CALL_TO_ACTION_NONE) == 0)
		return CARD_CTA_NONE;
	return CARD_CTA_AUTO;
}

static void read_settings(obs_data_t *data, struct card_settings *s)
{
	memset(s, 0, sizeof(*s));
	const char *product = obs_data_get_string(data, S_CARD_PRODUCT);
	s->product_id = *product ? bstrdup(product) : NULL;
	s->stacked = strcmp(obs_data_get_string(data, S_CARD_ARRANGEMENT), S_CARD_ARRANGEMENT_COLUMN) == 0;
	olc_look_read(data, &look_limits, &s->look);
	s->vertical = strcmp(obs_data_get_string(data, S_CARD_ORIENTATION), S_CARD_ORIENTATION_H) != 0;
	s->call_to_action = read_call_to_action(data);
	s->qr_caption = olc_overlay_text_setting(data, S_CARD_QR_CAPTION, K_CARD_QR_CAPTION_DEFAULT);
	s->hide_price = obs_data_get_bool(data, S_CARD_HIDE_PRICE);
	s->language = olc_overlay_language();
}

/* ---- the worker ------------------------------------------------------------------------------ */

static void badge_free(struct card_badge *b)
{
	if (!b)
		return;
	olc_countdown_images_free(&b->images);
	bfree(b);
}

/* The ends-in badge in the card's look, smaller: its panel says "Ends in" and leaves the digits'
 * place empty for the glyphs. NULL on failure (logged). */
static struct card_badge *rasterise_badge(struct card_source *card, const struct card_settings *set)
{
	struct olc_card_style style;
	olc_card_style_default(&style);
	olc_look_to_card_style(&set->look, &style);
	style.language = set->language;
	style.width = 240;
	style.scale *= BADGE_SCALE;
	if (style.scale < 0.25f)
		style.scale = 0.25f;
	const struct olc_countdown_content content = {.label = T_CARD_ENDS_IN, .end_label = NULL};
	struct card_badge *b = bzalloc(sizeof(*b));
	char err[256];
	if (!olc_countdown_rasterise(&content, &style, &b->images, &b->layout, err, sizeof(err))) {
		obs_log(LOG_WARNING, "product card '%s': the ends-in badge: %s", obs_source_get_name(card->source),
			err);
		bfree(b);
		return NULL;
	}
	return b;
}

static void output_free(void *output)
{
	struct card_output *out = output;
	if (!out)
		return;
	card_frame_free(out->frame);
	badge_free(out->badge);
	bfree(out);
}

/* Only the newest frame and the newest badge matter: ones the tick has not taken yet are replaced. */
static void *output_merge(void *held, void *fresh)
{
	struct card_output *older = held, *newer = fresh;
	if (!newer->frame) {
		newer->frame = older->frame;
		older->frame = NULL;
	}
	if (!newer->badge) {
		newer->badge = older->badge;
		older->badge = NULL;
	}
	output_free(older);
	return newer;
}

/* The badge when the tick asked for it; a frame for new settings or a change in the session. */
static long long card_work(void *source, const void *settings, uint32_t reasons)
{
	struct card_source *card = source;
	struct card_output out = {0};
	if (reasons & WAKE_BADGE)
		out.badge = rasterise_badge(card, settings);
	if (reasons & (OLC_OVERLAY_WAKE_SETTINGS | WAKE_SESSION))
		out.frame = card_builder_build(card->builder, settings, obs_source_get_name(card->source));
	if (out.frame || out.badge) {
		struct card_output *published = bmemdup(&out, sizeof(out));
		olc_overlay_host_publish(&card->host, published);
	}
	return OLC_OVERLAY_SLEEP_UNTIL_WOKEN;
}

static void settings_copy(void *dst, const void *src)
{
	card_settings_copy(dst, src);
}

static void settings_clear(void *settings)
{
	card_settings_free(settings);
}

/* ---- graphics side --------------------------------------------------------------------------- */

static float presence_value(const struct card_source *card, uint64_t now)
{
	const struct olc_tween *p = &card->presence;
	return p->from + (p->to - p->from) * olc_tween_progress(p, now);
}

static void presence_to(struct card_source *card, float to, uint64_t now)
{
	const float from = presence_value(card, now);
	const float distance = to > from ? to - from : from - to;
	card->presence.from = from;
	card->presence.to = to;
	card->presence.start_ns = now;
	card->presence.duration_ns = (uint64_t)((double)card->transition_ns * distance);
}

static void start_enter(struct card_source *card, uint64_t now)
{
	card->phase = PHASE_ENTERING;
	presence_to(card, 1.0f, now);
}

static void start_exit(struct card_source *card, uint64_t now)
{
	card->phase = PHASE_EXITING;
	presence_to(card, 0.0f, now);
}

static void card_update_draw(struct card_source *card, uint64_t now);

/* Makes frame the shown one. in_place: the same products with new data, so the animations carry
 * on (a pulse where the price changed, the stock bar easing); otherwise they start afresh.
 * Takes ownership of frame. */
static void install(struct card_source *card, struct card_frame *frame, bool in_place, uint64_t now)
{
	struct card_shown *s = &card->shown;
	obs_enter_graphics();
	gs_texture_t *old = s->tex, *old_revealed = s->tex_revealed;
	s->tex = olc_texture_upload(&frame->image);
	s->tex_revealed = olc_texture_upload(&frame->revealed);
	if (frame->count && !s->tex) {
		obs_log(LOG_WARNING, "product card '%s': the card's texture could not be created",
			obs_source_get_name(card->source));
		frame->count = 0;
	}

	const bool reset_reveal = !in_place && frame->identity != s->identity;
	for (size_t i = 0; i < frame->count; i++) {
		const struct card_part *next = &frame->parts[i];
		const float fill = next->stock_fill < 0 ? 0.0f : next->stock_fill;
		if (in_place) {
			if (next->price_key != s->parts[i].price_key) {
				s->pulse_start[i] = now;
				s->pulsing[i] = true;
			}
			if (next->stock_fill != s->parts[i].stock_fill)
				olc_tween_retarget(&s->stock[i], fill, now, STOCK_EASE_NS);
		} else {
			s->pulsing[i] = false;
			olc_tween_set(&s->stock[i], fill);
		}
		s->parts[i] = *next;
	}
	s->count = frame->count;
	s->identity = frame->identity;
	olc_product_id_copy(s->first_product, sizeof(s->first_product), frame->first_product);
	if (frame->count) {
		s->cx = (uint32_t)frame->image.width;
		s->cy = (uint32_t)frame->image.height;
		/* With nothing to show the size stays: the scene's layout does not jump. */
		olc_overlay_host_set_size(&card->host, s->cx, s->cy);
	}
	if (reset_reveal) {
		card->reveal_target = false;
		olc_tween_set(&card->reveal, 0.0f);
	}
	const long bytes = (long)((size_t)frame->image.stride * (size_t)frame->image.height +
				  (size_t)frame->revealed.stride * (size_t)frame->revealed.height);
	os_atomic_set_long(&card->texture_bytes, s->tex ? bytes : 0);

	/* render (also inside graphics) must never see the old textures again before they go. */
	card_update_draw(card, now);
	gs_texture_destroy(old);
	gs_texture_destroy(old_revealed);
	obs_leave_graphics();
	card_frame_free(frame);
}

/* The session's catalog or featured list changed: the worker has a look. A snapshot is a
 * reference-counted pointer copy under a short lock, never a wait on the network. */
static void watch_session(struct card_source *card)
{
	struct olc_snapshot *snap = olc_live_snapshot();
	if (!snap)
		return;
	const bool changed = !card->seen_any || snap->catalog_revision != card->seen_catalog ||
			     snap->featured_revision != card->seen_featured;
	card->seen_any = true;
	card->seen_catalog = snap->catalog_revision;
	card->seen_featured = snap->featured_revision;
	olc_snapshot_release(snap);
	if (changed)
		olc_overlay_host_wake(&card->host, WAKE_SESSION);
}

/* fresh (owned; NULL: none): a frame the worker made since the last tick. */
static void advance(struct card_source *card, struct card_frame *fresh, uint64_t now)
{
	if (fresh) {
		card_frame_free(card->pending);
		card->pending = fresh;
	}

	if (os_atomic_set_long(&card->visibility_requests, 0) % 2)
		card->user_visible = !card->user_visible;
	if (os_atomic_set_long(&card->price_requests, 0) % 2) {
		card->reveal_target = !card->reveal_target;
		olc_tween_retarget(&card->reveal, card->reveal_target ? 1.0f : 0.0f, now, REVEAL_NS);
	}
	/* RevealPrice: shown whatever the toggles did before it. */
	if (os_atomic_set_long(&card->reveal_requests, 0) && !card->reveal_target) {
		card->reveal_target = true;
		olc_tween_retarget(&card->reveal, 1.0f, now, REVEAL_NS);
	}

	struct card_shown *s = &card->shown;
	if (card->pending) {
		const bool same = s->count && card->pending->count && card->pending->identity == s->identity;
		if (same && card->phase != PHASE_EXITING) {
			install(card, card->pending, true, now);
			card->pending = NULL;
		} else if (card->phase == PHASE_ENTERING || card->phase == PHASE_SHOWN) {
			start_exit(card, now);
		} else if (card->phase == PHASE_HIDDEN) {
			install(card, card->pending, false, now);
			card->pending = NULL;
		}
	}

	const float v = presence_value(card, now);
	if (card->phase == PHASE_EXITING && v <= 0.0f) {
		card->phase = PHASE_HIDDEN;
		if (card->pending) {
			install(card, card->pending, false, now);
			card->pending = NULL;
		}
	}
	if (card->phase == PHASE_ENTERING && v >= 1.0f)
		card->phase = PHASE_SHOWN;

	if (!card->user_visible && (card->phase == PHASE_ENTERING || card->phase == PHASE_SHOWN))
		start_exit(card, now);
	if (card->user_visible && card->phase == PHASE_HIDDEN && s->count && s->tex)
		start_enter(card, now);
}

/* The flash sale of the first card's product: asks the worker for the badge the first time, installs
 * what it rasterised (fresh, owned; NULL: none), and works out the seconds to show. Called with the
 * tick lock held. */
static void watch_countdown(struct card_source *card, struct card_badge *fresh)
{
	struct olc_countdown_view view;
	olc_countdown_host_view(&view);
	const struct card_shown *s = &card->shown;
	card->badge_on = view.state == OLC_COUNTDOWN_RUNNING && view.product_id[0] && s->count &&
			 strcmp(view.product_id, s->first_product) == 0;
	if (card->badge_on) {
		card->badge_seconds = olc_countdown_display_seconds(view.remaining_ms);
		card->badge_emphasised = card->badge_seconds <= OLC_COUNTDOWN_EMPHASIS_SECONDS;
		if (!card->badge_requested) {
			card->badge_requested = true;
			olc_overlay_host_wake(&card->host, WAKE_BADGE);
		}
	}

	if (!fresh)
		return;
	obs_enter_graphics();
	gs_texture_t *old_panel = card->badge_panel, *old_glyphs = card->badge_glyphs;
	card->badge_panel = olc_texture_upload(&fresh->images.panel);
	card->badge_glyphs = olc_texture_upload(&fresh->images.glyphs);
	if (!card->badge_panel || !card->badge_glyphs) {
		obs_log(LOG_WARNING, "product card '%s': the ends-in badge's textures could not be created",
			obs_source_get_name(card->source));
		gs_texture_destroy(card->badge_panel);
		gs_texture_destroy(card->badge_glyphs);
		card->badge_panel = card->badge_glyphs = NULL;
	}
	card->badge_layout = fresh->layout;
	card->badge_cx = (uint32_t)fresh->images.panel.width;
	card->badge_cy = (uint32_t)fresh->images.panel.height;
	/* render (also inside graphics) must not see the old textures before they go. */
	struct card_draw draw;
	olc_overlay_host_get_draw(&card->host, &draw);
	draw.badge.panel = NULL;
	olc_overlay_host_set_draw(&card->host, &draw);
	gs_texture_destroy(old_panel);
	gs_texture_destroy(old_glyphs);
	obs_leave_graphics();
	badge_free(fresh);
}

/* Where the badge goes: over the top-right corner of the first card's photo, inset. */
static void badge_origin(const struct card_source *card, float *x, float *y)
{
	const struct olc_card_rect *photo = &card->shown.parts[0].layout.photo;
	/* The badge is 240 design pixels wide at BADGE_SCALE of the card's scale. */
	const float inset = (float)BADGE_INSET * (float)card->badge_cx / (240.0f * BADGE_SCALE);
	*x = (float)(photo->x + photo->width) - (float)card->badge_cx - inset;
	*y = (float)photo->y + inset;
}

/* Called with the tick lock held (and possibly inside graphics, from install). */
static void card_update_draw(struct card_source *card, uint64_t now)
{
	const struct card_shown *s = &card->shown;
	struct card_draw d = {0};
	const bool drawing = card->phase != PHASE_HIDDEN && s->count && s->tex;
	if (drawing) {
		const float v = presence_value(card, now);
		const float e = olc_ease_out_cubic(v);
		d.tex = s->tex;
		d.tex2 = s->tex_revealed;
		d.cx = s->cx;
		d.cy = s->cy;
		d.scale = 1.0f;
		d.opacity = 1.0f;
		switch (card->transition) {
		case TRANSITION_SLIDE: {
			const float away = 1.0f - e;
			d.opacity = olc_ease_out_cubic(v * 1.6f);
			if (card->edge == EDGE_LEFT)
				d.dx = -away * (float)s->cx;
			else if (card->edge == EDGE_RIGHT)
				d.dx = away * (float)s->cx;
			else if (card->edge == EDGE_TOP)
				d.dy = -away * (float)s->cy;
			else
				d.dy = away * (float)s->cy;
			break;
		}
		case TRANSITION_FADE:
			d.opacity = e;
			break;
		case TRANSITION_POP:
			/* Overshoots on the way in; leaves without the bounce. */
			d.scale = 0.55f + 0.45f * (card->phase == PHASE_EXITING ? e : olc_ease_out_back(v));
			d.opacity = v * 3.0f > 1.0f ? 1.0f : v * 3.0f;
			break;
		case TRANSITION_NONE:
			d.opacity = v > 0.0f ? 1.0f : 0.0f;
			break;
		}
		d.reveal = olc_tween_value(&card->reveal, now);
		d.count = s->count;
		for (size_t i = 0; i < s->count; i++) {
			const struct card_part *p = &s->parts[i];
			d.parts[i].price = p->layout.price;
			d.parts[i].bar = p->layout.stock_bar;
			d.parts[i].fill_from = p->layout.stock_fill_start;
			d.parts[i].fill_to = p->layout.stock_fill_end;
			if (p->stock_fill >= 0 && p->layout.stock_bar.width > 0) {
				/* As the rasteriser would draw it: a sliver of stock is still a round dot. */
				const float fill = olc_tween_value(&s->stock[i], now);
				const float w = fill * (float)p->layout.stock_bar.width;
				const float h = (float)p->layout.stock_bar.height;
				d.parts[i].fill_width = fill > 0.0005f ? (w > h ? w : h) : 0.0f;
			}
			if (s->pulsing[i])
				d.parts[i].pulse = olc_pulse(s->pulse_start[i], PULSE_NS, now);
		}
		if (card->badge_on && card->badge_panel && s->parts[0].layout.photo.width > 0) {
			const struct olc_countdown_layout *l = &card->badge_layout;
			d.badge.panel = card->badge_panel;
			d.badge.glyphs = card->badge_glyphs;
			d.badge.cx = card->badge_cx;
			d.badge.cy = card->badge_cy;
			badge_origin(card, &d.badge.x, &d.badge.y);
			olc_clock_text_layout(&d.badge.text, l, card->badge_seconds, card->badge_emphasised);
		}
	}
	olc_overlay_host_set_draw(&card->host, &d);
}

static void card_tick(void *source, uint64_t now)
{
	struct card_source *card = source;
	watch_session(card);
	struct card_output *out = olc_overlay_host_take(&card->host);
	advance(card, out ? out->frame : NULL, now);
	watch_countdown(card, out ? out->badge : NULL);
	bfree(out);
	for (size_t i = 0; i < card->shown.count; i++) {
		if (card->shown.pulsing[i] && now >= card->shown.pulse_start[i] + PULSE_NS)
			card->shown.pulsing[i] = false;
	}
	card_update_draw(card, now);
}

static void card_video_tick(void *data, float seconds)
{
	struct card_source *card = data;
	olc_overlay_host_video_tick(&card->host, seconds);
}

/* The ends-in badge: its panel, then "mm:ss" as quads out of the glyph strip, tinted. Inside the
 * card's matrix, so it slides, fades and pops with the card. */
static void draw_badge(struct card_source *card, const struct card_draw *d)
{
	gs_matrix_push();
	gs_matrix_translate3f(d->badge.x, d->badge.y, 0.0f);
	gs_effect_set_texture(card->p_image, d->badge.panel);
	gs_effect_set_float(card->p_opacity, d->opacity);
	while (gs_effect_loop(card->effect, "Draw"))
		gs_draw_sprite(d->badge.panel, 0, d->badge.cx, d->badge.cy);
	if (card->glyph_fx.effect && d->badge.glyphs)
		olc_clock_text_draw(&d->badge.text, &card->glyph_fx, d->badge.glyphs, d->opacity);
	gs_matrix_pop();
}

static void card_video_render(void *data, gs_effect_t *unused)
{
	UNUSED_PARAMETER(unused);
	struct card_source *card = data;
	struct card_draw d;
	olc_overlay_host_get_draw(&card->host, &d);
	if (!d.tex || !card->effect || d.opacity <= 0.0f)
		return;

	const bool previous_srgb = olc_premultiplied_begin();

	gs_matrix_push();
	const float half_w = (float)d.cx / 2.0f, half_h = (float)d.cy / 2.0f;
	gs_matrix_translate3f(d.dx + half_w, d.dy + half_h, 0.0f);
	gs_matrix_scale3f(d.scale, d.scale, 1.0f);
	gs_matrix_translate3f(-half_w, -half_h, 0.0f);

	const bool wiping = d.tex2 && d.reveal > 0.0f && d.reveal < 1.0f;
	gs_texture_t *base = d.tex2 && d.reveal >= 1.0f ? d.tex2 : d.tex;
	gs_effect_set_texture(card->p_image, base);
	gs_effect_set_float(card->p_opacity, d.opacity);
	if (wiping) {
		gs_effect_set_texture(card->p_image2, d.tex2);
		gs_effect_set_float(card->p_progress, d.reveal);
		gs_effect_set_float(card->p_wipe_soft, 0.08f);
	}
	while (gs_effect_loop(card->effect, wiping ? "Reveal" : "Draw"))
		gs_draw_sprite(base, 0, d.cx, d.cy);

	for (size_t i = 0; i < d.count; i++) {
		const struct olc_card_rect *bar = &d.parts[i].bar;
		const float w = d.parts[i].fill_width;
		if (w <= 0.0f)
			continue;
		struct vec2 size;
		vec2_set(&size, w, (float)bar->height);
		gs_effect_set_vec2(card->p_bar_size, &size);
		gs_effect_set_float(card->p_bar_full, (float)bar->width);
		gs_effect_set_float(card->p_aa, 1.0f / (d.scale > 0.05f ? d.scale : 0.05f));
		olc_effect_set_color(card->p_color_from, d.parts[i].fill_from);
		olc_effect_set_color(card->p_color_to, d.parts[i].fill_to);
		gs_effect_set_float(card->p_opacity, d.opacity);
		gs_matrix_push();
		gs_matrix_translate3f((float)bar->x, (float)bar->y, 0.0f);
		gs_matrix_scale3f(w, (float)bar->height, 1.0f);
		while (gs_effect_loop(card->effect, "Bar"))
			gs_draw_sprite(NULL, 0, 1, 1);
		gs_matrix_pop();
	}

	/* The pulse: the price drawn again over itself, scaled about its centre. Not while the price
	 * is hidden or being revealed. */
	const bool price_visible = !d.tex2 || d.reveal >= 1.0f;
	for (size_t i = 0; price_visible && i < d.count; i++) {
		const struct olc_card_rect *r = &d.parts[i].price;
		if (d.parts[i].pulse <= 0.0f || r->width <= 0)
			continue;
		const float s = 1.0f + 0.14f * d.parts[i].pulse;
		gs_effect_set_texture(card->p_image, base);
		gs_effect_set_float(card->p_opacity, d.opacity);
		gs_matrix_push();
		gs_matrix_translate3f((float)r->x + (float)r->width / 2.0f, (float)r->y + (float)r->height / 2.0f,
				      0.0f);
		gs_matrix_scale3f(s, s, 1.0f);
		gs_matrix_translate3f(-(float)r->width / 2.0f, -(float)r->height / 2.0f, 0.0f);
		while (gs_effect_loop(card->effect, "Draw"))
			gs_draw_sprite_subregion(base, 0, (uint32_t)r->x, (uint32_t)r->y, (uint32_t)r->width,
						 (uint32_t)r->height);
		gs_matrix_pop();
	}

	if (d.badge.panel)
		draw_badge(card, &d);

	gs_matrix_pop();
	olc_premultiplied_end(previous_srgb);
}

static uint32_t card_get_width(void *data)
{
	struct card_source *card = data;
	return olc_overlay_host_width(&card->host);
}

static uint32_t card_get_height(void *data)
{
	struct card_source *card = data;
	return olc_overlay_host_height(&card->host);
}

/* ---- procedures: hotkeys, automation, tests -------------------------------------------------- */

static void proc_toggle_visibility(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(cd);
	struct card_source *card = data;
	os_atomic_inc_long(&card->visibility_requests);
}

static void proc_toggle_price(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(cd);
	struct card_source *card = data;
	os_atomic_inc_long(&card->price_requests);
}

static void proc_reveal_price(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(cd);
	struct card_source *card = data;
	os_atomic_set_long(&card->reveal_requests, 1);
}

/* Where card `index` of the shown image puts its parts, in source pixels at rest, and the
 * animation phase ("hidden", "entering", "shown", "exiting"). */
static void proc_get_layout(void *data, calldata_t *cd)
{
	struct card_source *card = data;
	const long long index = calldata_int(cd, "index");
	olc_overlay_host_lock_tick(&card->host);
	const struct card_shown *s = &card->shown;
	calldata_set_int(cd, "count", (long long)s->count);
	calldata_set_string(cd, "phase", phase_names[card->phase]);
	calldata_set_int(cd, "width", s->cx);
	calldata_set_int(cd, "height", s->cy);
	if (index >= 0 && (size_t)index < s->count) {
		const struct olc_card_layout *l = &s->parts[index].layout;
		olc_overlay_put_rect(cd, "card", &l->card);
		olc_overlay_put_rect(cd, "photo", &l->photo);
		olc_overlay_put_rect(cd, "title", &l->title);
		olc_overlay_put_rect(cd, "price", &l->price);
		olc_overlay_put_rect(cd, "compare_at", &l->compare_at);
		olc_overlay_put_rect(cd, "stock_bar", &l->stock_bar);
		olc_overlay_put_rect(cd, "qr", &l->qr);
		olc_overlay_put_rect(cd, "cart", &l->cart);
		olc_overlay_put_rect(cd, "number", &l->number);
		olc_overlay_put_rect(cd, "coupon", &l->coupon);
		olc_overlay_put_rect(cd, "tags", &l->tags);
		olc_overlay_put_rect(cd, "sold_out_stamp", &l->sold_out_stamp);
		calldata_set_int(cd, "qr_module", l->qr_module);
	}
	/* The ends-in badge where it is drawn now; zero when there is none. */
	struct olc_card_rect badge = {0};
	if (index == 0 && card->badge_on && card->badge_panel && s->count) {
		float x, y;
		badge_origin(card, &x, &y);
		badge = (struct olc_card_rect){(int)x, (int)y, (int)card->badge_cx, (int)card->badge_cy};
	}
	olc_overlay_put_rect(cd, "ends_badge", &badge);
	olc_overlay_host_unlock_tick(&card->host);
}

/* What the card costs: bytes of textures and of decoded photos held, the last raster (all cards,
 * microseconds) and the last build (words, photos, QR and raster), and the rasters so far. */
static void proc_get_stats(void *data, calldata_t *cd)
{
	struct card_source *card = data;
	struct card_builder_stats stats = {0};
	if (card->builder)
		card_builder_stats(card->builder, &stats);
	calldata_set_int(cd, "texture_bytes", os_atomic_load_long(&card->texture_bytes));
	calldata_set_int(cd, "photo_bytes", stats.photo_bytes);
	calldata_set_int(cd, "raster_us", stats.raster_us);
	calldata_set_int(cd, "build_us", stats.build_us);
	calldata_set_int(cd, "rasters", stats.rasters);
}

/* ---- the source -------------------------------------------------------------------------------- */

static const char *card_get_name(void *unused)
{
	UNUSED_PARAMETER(unused);
	return T_CARD_NAME;
}

static void card_update(void *data, obs_data_t *settings)
{
	struct card_source *card = data;
	struct card_settings next;
	read_settings(settings, &next);

	olc_overlay_host_lock_tick(&card->host);
	card->transition = parse_transition(obs_data_get_string(settings, S_CARD_TRANSITION));
	card->edge = parse_edge(obs_data_get_string(settings, S_CARD_SLIDE_FROM));
	card->transition_ns =
		(uint64_t)olc_clamp_ll(obs_data_get_int(settings, S_CARD_TRANSITION_MS), 0, CARD_TRANSITION_MAX) * MS;
	if (card->transition == TRANSITION_NONE)
		card->transition_ns = 0;
	card->badge_requested = false; /* the badge follows the new looks when it is next shown */
	olc_overlay_host_unlock_tick(&card->host);

	olc_overlay_host_set_settings(&card->host, &next);
}

static void card_defaults(obs_data_t *settings)
{
	obs_data_set_default_string(settings, S_CARD_PRODUCT, "");
	obs_data_set_default_string(settings, S_CARD_ARRANGEMENT, S_CARD_ARRANGEMENT_ROW);
	olc_look_set_defaults(settings, &look_limits);
	obs_data_set_default_string(settings, S_CARD_ORIENTATION, S_CARD_ORIENTATION_V);
	obs_data_set_default_bool(settings, S_CARD_SHOW_QR, true); /* read only for older scenes */
	obs_data_set_default_string(settings, S_CARD_CALL_TO_ACTION, S_CARD_CALL_TO_ACTION_AUTO);
	obs_data_set_default_string(settings, S_CARD_QR_CAPTION, T_CARD_QR_CAPTION_DEFAULT);
	obs_data_set_default_bool(settings, S_CARD_HIDE_PRICE, false);
	obs_data_set_default_string(settings, S_CARD_TRANSITION, S_CARD_TRANSITION_SLIDE);
	obs_data_set_default_string(settings, S_CARD_SLIDE_FROM, S_CARD_SLIDE_FROM_LEFT);
	obs_data_set_default_int(settings, S_CARD_TRANSITION_MS, 450);
}

static bool card_reveal_clicked(obs_properties_t *props, obs_property_t *p, void *data)
{
	UNUSED_PARAMETER(props);
	UNUSED_PARAMETER(p);
	struct card_source *card = data;
	if (card)
		os_atomic_inc_long(&card->price_requests);
	return false;
}

static bool card_look_changed(obs_properties_t *props, obs_property_t *p, obs_data_t *settings)
{
	UNUSED_PARAMETER(p);
	olc_look_show_accent(props, settings);
	const bool slide = strcmp(obs_data_get_string(settings, S_CARD_TRANSITION), S_CARD_TRANSITION_SLIDE) == 0;
	const bool animated = strcmp(obs_data_get_string(settings, S_CARD_TRANSITION), S_CARD_TRANSITION_NONE) != 0;
	obs_property_set_visible(obs_properties_get(props, S_CARD_SLIDE_FROM), slide);
	obs_property_set_visible(obs_properties_get(props, S_CARD_TRANSITION_MS), animated);
	return true;
}

/* The catalog's products, "#3 松茸 Wild Matsutake 500g" when the deck numbers them. */
static void add_products(obs_property_t *list, const char *current)
{
	obs_property_list_add_string(list, T_CARD_PRODUCT_FEATURED, "");
	struct olc_snapshot *snap = olc_live_snapshot();
	bool found = !current || !*current;
	for (size_t i = 0; snap && i < snap->catalog.count; i++) {
		const struct olc_product *p = &snap->catalog.products[i];
		const struct olc_deck_item *item = olc_snapshot_deck_item(snap, p->id);
		struct dstr label = {0};
		if (item)
			dstr_printf(&label, "#%d ", item->number);
		dstr_cat(&label, p->title && *p->title ? p->title : p->id);
		obs_property_list_add_string(list, label.array, p->id);
		dstr_free(&label);
		if (current && strcmp(current, p->id) == 0)
			found = true;
	}
	olc_snapshot_release(snap);
	if (!found) {
		/* Keep a product the shop no longer lists selectable, so the setting is not lost. */
		struct dstr label = {0};
		dstr_printf(&label, "%s %s", current, T_CARD_PRODUCT_MISSING);
		obs_property_list_add_string(list, label.array, current);
		dstr_free(&label);
	}
}

static obs_properties_t *card_properties(void *data)
{
	struct card_source *card = data;
	obs_properties_t *props = obs_properties_create();

	obs_properties_t *content = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(content, S_CARD_PRODUCT, T_CARD_PRODUCT, OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	obs_data_t *settings = card ? obs_source_get_settings(card->source) : NULL;
	add_products(p, settings ? obs_data_get_string(settings, S_CARD_PRODUCT) : NULL);
	obs_data_release(settings);
	p = obs_properties_add_list(content, S_CARD_ARRANGEMENT, T_CARD_ARRANGEMENT, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_ARRANGEMENT_ROW, S_CARD_ARRANGEMENT_ROW);
	obs_property_list_add_string(p, T_CARD_ARRANGEMENT_COLUMN, S_CARD_ARRANGEMENT_COLUMN);
	p = obs_properties_add_list(content, S_CARD_CALL_TO_ACTION, T_CARD_CALL_TO_ACTION, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_CALL_TO_ACTION_AUTO, S_CARD_CALL_TO_ACTION_AUTO);
	obs_property_list_add_string(p, T_CARD_CALL_TO_ACTION_QR, S_CARD_CALL_TO_ACTION_QR);
	obs_property_list_add_string(p, T_CARD_CALL_TO_ACTION_CART, S_CARD_CALL_TO_ACTION_CART);
	obs_property_list_add_string(p, T_CARD_CALL_TO_ACTION_NONE, S_CARD_CALL_TO_ACTION_NONE);
	obs_property_set_long_description(p, T_CARD_CALL_TO_ACTION_HINT);
	/* The older switch, kept (hidden) so that scenes saved with it still load every setting they
	 * have: off, with no call_to_action saved, reads as "none" (read_call_to_action). */
	p = obs_properties_add_bool(content, S_CARD_SHOW_QR, T_CARD_SHOW_QR);
	obs_property_set_visible(p, false);
	obs_properties_add_text(content, S_CARD_QR_CAPTION, T_CARD_QR_CAPTION, OBS_TEXT_DEFAULT);
	p = obs_properties_add_bool(content, S_CARD_HIDE_PRICE, T_CARD_HIDE_PRICE);
	obs_property_set_long_description(p, T_CARD_HIDE_PRICE_HINT);
	obs_properties_add_button2(content, S_CARD_REVEAL_BUTTON, T_CARD_REVEAL_BUTTON, card_reveal_clicked, card);
	obs_properties_add_group(props, "group_content", T_CARD_GROUP_CONTENT, OBS_GROUP_NORMAL, content);

	obs_properties_t *look = obs_properties_create();
	olc_look_add_properties(look, &look_limits, T_CARD_WIDTH, card_look_changed);
	p = obs_properties_add_list(look, S_CARD_ORIENTATION, T_CARD_ORIENTATION, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_ORIENTATION_V, S_CARD_ORIENTATION_V);
	obs_property_list_add_string(p, T_CARD_ORIENTATION_H, S_CARD_ORIENTATION_H);
	obs_properties_add_group(props, "group_look", T_CARD_GROUP_LOOK, OBS_GROUP_NORMAL, look);

	obs_properties_t *anim = obs_properties_create();
	p = obs_properties_add_list(anim, S_CARD_TRANSITION, T_CARD_TRANSITION, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_TRANSITION_SLIDE, S_CARD_TRANSITION_SLIDE);
	obs_property_list_add_string(p, T_CARD_TRANSITION_FADE, S_CARD_TRANSITION_FADE);
	obs_property_list_add_string(p, T_CARD_TRANSITION_POP, S_CARD_TRANSITION_POP);
	obs_property_list_add_string(p, T_CARD_TRANSITION_NONE, S_CARD_TRANSITION_NONE);
	obs_property_set_modified_callback(p, card_look_changed);
	p = obs_properties_add_list(anim, S_CARD_SLIDE_FROM, T_CARD_SLIDE_FROM, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CARD_SLIDE_FROM_LEFT, S_CARD_SLIDE_FROM_LEFT);
	obs_property_list_add_string(p, T_CARD_SLIDE_FROM_RIGHT, S_CARD_SLIDE_FROM_RIGHT);
	obs_property_list_add_string(p, T_CARD_SLIDE_FROM_TOP, S_CARD_SLIDE_FROM_TOP);
	obs_property_list_add_string(p, T_CARD_SLIDE_FROM_BOTTOM, S_CARD_SLIDE_FROM_BOTTOM);
	p = obs_properties_add_int_slider(anim, S_CARD_TRANSITION_MS, T_CARD_TRANSITION_MS, 0, CARD_TRANSITION_MAX, 50);
	obs_property_int_set_suffix(p, " ms");
	obs_properties_add_group(props, "group_animation", T_CARD_GROUP_ANIMATION, OBS_GROUP_NORMAL, anim);
	return props;
}

static bool load_effect(struct card_source *card)
{
	card->effect = olc_effect_load("product-card.effect", "product card");
	if (card->effect) {
		card->p_image = gs_effect_get_param_by_name(card->effect, "image");
		card->p_image2 = gs_effect_get_param_by_name(card->effect, "image2");
		card->p_opacity = gs_effect_get_param_by_name(card->effect, "opacity");
		card->p_progress = gs_effect_get_param_by_name(card->effect, "progress");
		card->p_wipe_soft = gs_effect_get_param_by_name(card->effect, "wipe_soft");
		card->p_bar_size = gs_effect_get_param_by_name(card->effect, "bar_size");
		card->p_bar_full = gs_effect_get_param_by_name(card->effect, "bar_full");
		card->p_aa = gs_effect_get_param_by_name(card->effect, "aa");
		card->p_color_from = gs_effect_get_param_by_name(card->effect, "color_from");
		card->p_color_to = gs_effect_get_param_by_name(card->effect, "color_to");
	}
	olc_glyph_effect_load(&card->glyph_fx, "countdown");
	return card->effect != NULL;
}

static const struct olc_overlay_ops card_ops = {
	.who = "product card",
	.thread_name = "olc-product-card",
	.settings_size = sizeof(struct card_settings),
	.settings_copy = settings_copy,
	.settings_clear = settings_clear,
	.work = card_work,
	.output_free = output_free,
	.output_merge = output_merge,
	.tick = card_tick,
	.draw_size = sizeof(struct card_draw),
};

static void *card_create(obs_data_t *settings, obs_source_t *source)
{
	struct card_source *card = bzalloc(sizeof(*card));
	card->source = source;
	card->user_visible = true;
	card->transition_ns = 450 * MS;
	const bool host_ok = olc_overlay_host_init(&card->host, &card_ops, card, source);
	card->cancel = olc_cancel_create();
	char *cache_dir = obs_module_config_path("images");
	card->builder = card->cancel ? card_builder_create(cache_dir, card->cancel) : NULL;
	bfree(cache_dir);

	load_effect(card);
	card_update(card, settings);

	proc_handler_t *ph = obs_source_get_proc_handler(source);
	proc_handler_add(ph, "void " P_CARD_TOGGLE_VISIBILITY "()", proc_toggle_visibility, card);
	proc_handler_add(ph, "void " P_CARD_TOGGLE_PRICE "()", proc_toggle_price, card);
	proc_handler_add(ph, "void " P_CARD_REVEAL_PRICE "()", proc_reveal_price, card);
	proc_handler_add(ph, "void get_layout(in int index, out int count, out string phase)", proc_get_layout, card);
	proc_handler_add(ph,
			 "void get_stats(out int texture_bytes, out int photo_bytes, out int raster_us, "
			 "out int build_us, out int rasters)",
			 proc_get_stats, card);

	olc_overlay_host_start(&card->host, host_ok && card->builder);
	return card;
}

static void card_destroy(void *data)
{
	struct card_source *card = data;
	/* Ends a photo download within ~100 ms; a raster in progress takes a few ms. */
	if (card->cancel)
		olc_cancel_set(card->cancel);
	olc_overlay_host_stop(&card->host);

	obs_enter_graphics();
	gs_texture_destroy(card->shown.tex);
	gs_texture_destroy(card->shown.tex_revealed);
	gs_texture_destroy(card->badge_panel);
	gs_texture_destroy(card->badge_glyphs);
	gs_effect_destroy(card->effect);
	gs_effect_destroy(card->glyph_fx.effect);
	obs_leave_graphics();

	olc_overlay_host_free(&card->host);
	card_frame_free(card->pending);
	card_builder_destroy(card->builder);
	olc_cancel_destroy(card->cancel);
	bfree(card);
}

struct obs_source_info olc_product_card_source_info = {
	.id = OLC_SOURCE_PRODUCT_CARD,
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.icon_type = OBS_ICON_TYPE_IMAGE,
	.get_name = card_get_name,
	.create = card_create,
	.destroy = card_destroy,
	.update = card_update,
	.get_defaults = card_defaults,
	.get_properties = card_properties,
	.video_tick = card_video_tick,
	.video_render = card_video_render,
	.get_width = card_get_width,
	.get_height = card_get_height,
};
