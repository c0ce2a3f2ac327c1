/* live_commerce_sales_goal: the stream's (or the featured product's) orders, items sold and
 * revenue, and a goal bar that eases as it fills, with a short celebration each time a step of the
 * target (every 25 % by default) or the goal itself is passed.
 *
 * Three threads touch a goal:
 *   - its worker reads a session snapshot, works out the counted value and the marks it passed
 *     (core/goal-progress.h) for its celebrations, writes the panel's
 *     words and rasterises them with Qt (goal-raster.h) when they changed: at once after a quiet
 *     spell, at most once a second under a burst of orders (the bar moves at once regardless);
 *   - video_tick (graphics thread) notices a new session revision and wakes the worker, takes what
 *     it published, uploads a new panel (obs_enter_graphics) and runs the fill's easing and the
 *     celebrations on the source's clock;
 *   - video_render (once per view) only draws: the panel, the fill as one quad whose width is the
 *     eased value, and during a celebration a glow, a sheen and a confetti burst, all in
 *     data/effects/sales-goal.effect from parameters.
 *
 * GoalReached is not sent here: the source declares its goal to the runtime (runtime/goals.h), which
 * sends it once per crossing of each distinct goal, however many sources show it.
 *
 * Test orders (SimulateOrder) are never sales, so they never move a goal: the session does not
 * count them, and neither does this source. */
#include <obs-module.h>
#include <graphics/vec2.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/stream/motion.h"
#include "raster/card-raster.h"
#include "core/stream/goal-progress.h"
#include "raster/goal-raster.h"
#include "runtime/live-session.h"
#include "raster/money-format.h"
#include "core/model/money.h"
#include "overlay/effect.h"
#include "overlay/host.h"
#include "overlay/key.h"
#include "overlay/look.h"
#include "plugin-support.h"
#include "runtime/stream-language.h"
#include "ids.h"
#include "runtime/goals.h"

#define MS                 1000000ull
#define GOAL_TARGET_MAX    1000000000LL /* orders, items, or whole currency units */
#define FILL_EASE_NS       (900 * MS)
#define RASTER_INTERVAL_NS (1000 * MS) /* under a burst of orders the words change at most this often */
#define STEP_BURST_NS      (1400 * MS)
#define GOAL_BURST_NS      (2400 * MS)
#define FLASH_NS           (700 * MS)
#define SHEEN_NS           (900 * MS)
#define WAKE_SESSION       OLC_OVERLAY_WAKE_OWN(0) /* the session's revision changed */

/* What update() hands the worker. Strings are bmalloc'd copies. */
struct goal_settings {
	enum olc_goal_kind kind;
	long long target_orders, target_units, target_revenue; /* revenue: whole units of the shop's currency */
	bool featured_only;
	int step_percent;
	char *title;
	bool show_orders, show_units, show_revenue;
	bool celebrate;
	struct olc_overlay_look look;
	char *language;
};

/* What the worker publishes for the tick. */
struct goal_state {
	int64_t value, target; /* in the kind's unit (revenue: minor units) */
	double fraction;
	int marks;
	bool reached;
	uint64_t celebrations; /* one more per crossing */
	bool last_was_goal;    /* the latest celebration is the goal's (a bigger one) */
	bool celebrate;        /* the setting */
};

struct goal_image {
	struct olc_raster_image image;
	struct olc_goal_layout layout;
};

/* What the worker publishes: the newest state, and a new panel when one was made. */
struct goal_output {
	struct goal_image *image; /* NULL: the panel stays */
	struct goal_state state;
};

/* Everything video_render needs for one frame, made by video_tick. */
struct goal_draw {
	gs_texture_t *tex;
	uint32_t cx, cy;
	float scale; /* the panel's celebration pop about its centre */
	struct olc_card_rect bar;
	float fill_width; /* pixels; 0: no fill */
	uint32_t fill_from, fill_to, glow, confetti_a, confetti_b;
	float flash, sheen, sheen_x, glow_amount;
	float burst_t; /* < 0: no burst */
	float burst_seed, burst_reach;
	float unit; /* one design pixel in panel pixels */
};

struct goal_source {
	obs_source_t *source;
	struct olc_overlay_host host; /* worker, settings, publish, clock, draw (struct goal_draw), size */

	/* Worker only. */
	struct olc_goal_progress progress;
	uint64_t progress_key; /* what the progress was started for: a change starts over silently */
	bool progress_started;
	uint64_t words_key, raster_key;
	uint64_t last_raster_ns;
	bool raster_due;
	uint64_t celebrations;
	bool last_was_goal;

	/* Statistics (get_state, the benchmark). */

	/* Graphics side, under the host's tick lock. */
	bool seen_any;
	uint64_t seen_revision;
	gs_texture_t *tex;
	struct olc_goal_layout layout;
	uint32_t cx, cy;
	struct goal_state shown_state;
	struct olc_tween fill;
	bool fill_started;
	uint64_t seen_celebrations;
	uint64_t celebration_start;
	bool celebrating, celebrating_goal;
	float scale;

	gs_effect_t *effect;
	gs_eparam_t *p_image, *p_opacity, *p_bar_size, *p_bar_full, *p_aa, *p_color_from, *p_color_to, *p_glow_color,
		*p_flash, *p_sheen, *p_sheen_x, *p_glow_reach, *p_glow_amount, *p_burst_size, *p_burst_origin,
		*p_burst_t, *p_burst_seed, *p_burst_reach, *p_burst_unit, *p_confetti_a, *p_confetti_b;
};

/* ---- settings ---------------------------------------------------------------------------------- */

static void settings_free(void *settings)
{
	struct goal_settings *s = settings;
	bfree(s->title);
	olc_look_free(&s->look);
	bfree(s->language);
	memset(s, 0, sizeof(*s));
}

static void settings_copy(void *to, const void *from)
{
	struct goal_settings *dst = to;
	const struct goal_settings *src = from;
	*dst = *src;
	dst->title = src->title ? bstrdup(src->title) : NULL;
	olc_look_copy(&dst->look, &src->look);
	dst->language = src->language ? bstrdup(src->language) : NULL;
}

static enum olc_goal_kind parse_kind(const char *s)
{
	if (strcmp(s, S_GOAL_KIND_UNITS) == 0)
		return OLC_GOAL_UNITS;
	if (strcmp(s, S_GOAL_KIND_REVENUE) == 0)
		return OLC_GOAL_REVENUE;
	return OLC_GOAL_ORDERS;
}

static const struct olc_look_limits look_limits = {
	.width_min = 240,
	.width_max = 2000,
	.width_default = 640,
	.radius_max = 96,
};

static void read_settings(obs_data_t *data, struct goal_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = parse_kind(obs_data_get_string(data, S_GOAL_KIND));
	s->target_orders = olc_clamp_ll(obs_data_get_int(data, S_GOAL_TARGET_ORDERS), 1, GOAL_TARGET_MAX);
	s->target_units = olc_clamp_ll(obs_data_get_int(data, S_GOAL_TARGET_UNITS), 1, GOAL_TARGET_MAX);
	s->target_revenue = olc_clamp_ll(obs_data_get_int(data, S_GOAL_TARGET_REVENUE), 1, GOAL_TARGET_MAX);
	s->featured_only = strcmp(obs_data_get_string(data, S_GOAL_SCOPE), S_GOAL_SCOPE_FEATURED) == 0;
	s->step_percent = (int)olc_clamp_ll(obs_data_get_int(data, S_GOAL_STEP), 0, 50);
	s->title = olc_overlay_text_setting(data, S_GOAL_TITLE, K_GOAL_TITLE_DEFAULT);
	s->show_orders = obs_data_get_bool(data, S_GOAL_SHOW_ORDERS);
	s->show_units = obs_data_get_bool(data, S_GOAL_SHOW_UNITS);
	s->show_revenue = obs_data_get_bool(data, S_GOAL_SHOW_REVENUE);
	s->celebrate = obs_data_get_bool(data, S_GOAL_CELEBRATE);
	olc_look_read(data, &look_limits, &s->look);
	s->language = olc_overlay_language();
}

/* ---- the worker ------------------------------------------------------------------------------- */

/* Writes a translation with "%1" and "%2" replaced: translators move the numbers, and a translation
 * is never a printf format. */
static void fill_two(char *buf, size_t len, const char *text, const char *one, const char *two)
{
	struct dstr out = {0};
	dstr_copy(&out, text);
	dstr_replace(&out, "%1", one);
	dstr_replace(&out, "%2", two);
	snprintf(buf, len, "%s", out.array ? out.array : "");
	dstr_free(&out);
}

static void format_money(char *buf, size_t len, int64_t minor, const char *currency, const char *language)
{
	struct olc_money m;
	if (!currency[0] || !olc_money_set(&m, minor, currency) ||
	    olc_money_format_display(&m, language, buf, len) < 0) {
		/* No catalog yet, so no currency: the amount alone, still exact. */
		snprintf(buf, len, "%" PRId64, minor);
	}
}

struct goal_words {
	char title[256];
	char progress[160];
	char values[OLC_GOAL_STATS_MAX][96];
	const char *labels[OLC_GOAL_STATS_MAX];
	size_t count;
};

static void build_words(const struct goal_settings *set, const struct olc_counters *c, int64_t target,
			const char *currency, struct goal_words *w)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->title, sizeof(w->title), "%s", set->title ? set->title : "");
	char value[96], goal[96];
	switch (set->kind) {
	case OLC_GOAL_ORDERS:
		snprintf(value, sizeof(value), "%" PRId64, c->orders);
		snprintf(goal, sizeof(goal), "%" PRId64, target);
		fill_two(w->progress, sizeof(w->progress), T_GOAL_PROGRESS_ORDERS, value, goal);
		break;
	case OLC_GOAL_UNITS:
		snprintf(value, sizeof(value), "%" PRId64, c->units);
		snprintf(goal, sizeof(goal), "%" PRId64, target);
		fill_two(w->progress, sizeof(w->progress), T_GOAL_PROGRESS_UNITS, value, goal);
		break;
	case OLC_GOAL_REVENUE:
		format_money(value, sizeof(value), c->revenue_minor, currency, set->language);
		format_money(goal, sizeof(goal), target, currency, set->language);
		fill_two(w->progress, sizeof(w->progress), T_GOAL_PROGRESS_REVENUE, value, goal);
		break;
	}
	if (set->show_orders) {
		snprintf(w->values[w->count], sizeof(w->values[0]), "%" PRId64, c->orders);
		w->labels[w->count++] = T_GOAL_ORDERS;
	}
	if (set->show_units) {
		snprintf(w->values[w->count], sizeof(w->values[0]), "%" PRId64, c->units);
		w->labels[w->count++] = T_GOAL_UNITS;
	}
	if (set->show_revenue) {
		format_money(w->values[w->count], sizeof(w->values[0]), c->revenue_minor, currency, set->language);
		w->labels[w->count++] = T_GOAL_REVENUE;
	}
}

static uint64_t hash_words(const struct goal_settings *set, const struct goal_words *w)
{
	uint64_t h = OLC_FNV1A_BASIS;
	olc_key_str(&h, w->title);
	olc_key_str(&h, w->progress);
	for (size_t i = 0; i < w->count; i++) {
		olc_key_str(&h, w->values[i]);
		olc_key_str(&h, w->labels[i]);
	}
	olc_key_int(&h, (int64_t)w->count);
	olc_key_int(&h, set->step_percent);
	olc_look_key(&h, &set->look);
	return h;
}

static bool rasterise(struct goal_source *goal, const struct goal_settings *set, const struct goal_words *w,
		      struct goal_image **out)
{
	struct olc_goal_content content = {0};
	content.title = w->title;
	content.progress_text = w->progress;
	for (size_t i = 0; i < w->count; i++) {
		content.stats[i].value = w->values[i];
		content.stats[i].label = w->labels[i];
	}
	content.stat_count = w->count;
	content.step_percent = set->step_percent;

	struct olc_card_style style;
	olc_card_style_default(&style);
	olc_look_to_card_style(&set->look, &style);
	style.language = set->language;

	struct goal_image *img = bzalloc(sizeof(*img));
	char err[256];
	const uint64_t start = os_gettime_ns();
	if (!olc_goal_rasterise(&content, &style, &img->image, &img->layout, err, sizeof(err))) {
		obs_log(LOG_WARNING, "sales goal '%s': %s", obs_source_get_name(goal->source), err);
		bfree(img);
		return false;
	}
	olc_overlay_host_count_raster(&goal->host, start);
	*out = img;
	return true;
}

static void image_free(struct goal_image *img)
{
	if (!img)
		return;
	olc_raster_image_free(&img->image);
	bfree(img);
}

/* What the goal counts towards, as the runtime compares goals (runtime/goals.h). */
static struct olc_goal_spec goal_spec(const struct goal_settings *s)
{
	const long long target = s->kind == OLC_GOAL_UNITS     ? s->target_units
				 : s->kind == OLC_GOAL_REVENUE ? s->target_revenue
							       : s->target_orders;
	const struct olc_goal_spec spec = {.kind = s->kind, .target = target, .featured_only = s->featured_only};
	return spec;
}

static void output_free(void *output)
{
	struct goal_output *out = output;
	if (!out)
		return;
	image_free(out->image);
	bfree(out);
}

/* The newest state; the newest panel, which may be an older output's. */
static void *output_merge(void *held, void *fresh)
{
	struct goal_output *older = held, *newer = fresh;
	if (!newer->image) {
		newer->image = older->image;
		older->image = NULL;
	}
	output_free(older);
	return newer;
}

/* One look at the session: the value, the crossings, the words and, when they changed, a raster.
 * Returns how long the worker may sleep: until woken, or until a raster held back is due. */
static long long goal_work(void *source, const void *settings, uint32_t reasons)
{
	struct goal_source *goal = source;
	const struct goal_settings *set_ptr = settings;
	const struct goal_settings set = *set_ptr; /* the strings stay the worker's copy's */
	const bool settings_changed = (reasons & OLC_OVERLAY_WAKE_SETTINGS) != 0;

	struct olc_snapshot *snap = olc_live_snapshot();
	struct olc_goal_reading r;
	const struct olc_goal_spec spec = goal_spec(&set);
	olc_goal_read(snap, &spec, &r);
	olc_snapshot_release(snap);
	const struct olc_counters c = r.counters;
	const int64_t value = r.value, target = r.target;
	const char *currency = r.currency;

	/* A goal for something else (kind, target, steps, the product counted, the shop's currency)
	 * starts over without celebrating what is already passed. */
	uint64_t key = OLC_FNV1A_BASIS;
	olc_key_int(&key, set.kind);
	olc_key_int(&key, target);
	olc_key_int(&key, set.step_percent);
	olc_key_str(&key, r.product_id);
	olc_key_str(&key, currency);
	if (!goal->progress_started || key != goal->progress_key) {
		olc_goal_progress_reset(&goal->progress, target, set.step_percent, value);
		goal->progress_key = key;
		goal->progress_started = true;
	} else {
		const struct olc_goal_crossing cross = olc_goal_progress_update(&goal->progress, value);
		if (cross.goal || cross.marks) {
			goal->celebrations++;
			goal->last_was_goal = cross.goal;
		}
	}

	struct goal_words words;
	build_words(&set, &c, target, currency, &words);
	const uint64_t words_key = hash_words(&set, &words);
	const uint64_t now = os_gettime_ns();
	struct goal_image *img = NULL;
	goal->raster_due = false;
	if (words_key != goal->raster_key) {
		/* Settings show at once; counters at most once a second, the bar meanwhile moves. */
		if (settings_changed || !goal->last_raster_ns || now >= goal->last_raster_ns + RASTER_INTERVAL_NS) {
			if (rasterise(goal, &set, &words, &img)) {
				goal->raster_key = words_key;
				goal->last_raster_ns = now;
			}
		} else {
			goal->raster_due = true;
		}
	}

	struct goal_output *out = bzalloc(sizeof(*out));
	out->image = img;
	out->state.value = value;
	out->state.target = goal->progress.target;
	out->state.fraction = olc_goal_fraction(value, goal->progress.target);
	out->state.marks = goal->progress.marks_passed;
	out->state.reached = goal->progress.reached;
	out->state.celebrations = goal->celebrations;
	out->state.last_was_goal = goal->last_was_goal;
	out->state.celebrate = set.celebrate;
	olc_overlay_host_publish(&goal->host, out);

	if (!goal->raster_due)
		return OLC_OVERLAY_SLEEP_UNTIL_WOKEN;
	const uint64_t after = os_gettime_ns();
	const uint64_t due = goal->last_raster_ns + RASTER_INTERVAL_NS;
	return due > after ? (long long)((due - after) / MS) + 1 : 1;
}

/* ---- graphics side ---------------------------------------------------------------------------- */

static void goal_update_draw(struct goal_source *goal, uint64_t now);

static void install(struct goal_source *goal, struct goal_image *img, uint64_t now)
{
	obs_enter_graphics();
	gs_texture_t *old = goal->tex;
	goal->tex = olc_texture_upload(&img->image);
	if (goal->tex) {
		goal->layout = img->layout;
		goal->cx = (uint32_t)img->image.width;
		goal->cy = (uint32_t)img->image.height;
		olc_overlay_host_set_size(&goal->host, goal->cx, goal->cy);
	} else {
		obs_log(LOG_WARNING, "sales goal '%s': the panel's texture could not be created",
			obs_source_get_name(goal->source));
	}
	/* render (also inside graphics) must never see the old texture again before it goes. */
	goal_update_draw(goal, now);
	gs_texture_destroy(old);
	obs_leave_graphics();
	image_free(img);
}

static void watch_session(struct goal_source *goal)
{
	struct olc_snapshot *snap = olc_live_snapshot();
	if (!snap)
		return;
	const bool changed = !goal->seen_any || snap->revision != goal->seen_revision;
	goal->seen_any = true;
	goal->seen_revision = snap->revision;
	olc_snapshot_release(snap);
	if (changed)
		olc_overlay_host_wake(&goal->host, WAKE_SESSION);
}

static void advance(struct goal_source *goal, uint64_t now)
{
	struct goal_output *out = olc_overlay_host_take(&goal->host);
	if (!out)
		return;
	const struct goal_state state = out->state;
	if (out->image)
		install(goal, out->image, now);
	bfree(out);
	const float fraction = (float)state.fraction;
	if (!goal->fill_started) {
		/* The first value shows as it is: a goal added mid-stream does not fill up from zero. */
		olc_tween_set(&goal->fill, fraction);
		goal->fill_started = true;
		goal->seen_celebrations = state.celebrations;
	} else if (fraction != goal->fill.to) {
		olc_tween_retarget(&goal->fill, fraction, now, FILL_EASE_NS);
	}
	if (state.celebrations != goal->seen_celebrations) {
		goal->seen_celebrations = state.celebrations;
		if (state.celebrate) {
			goal->celebration_start = now;
			goal->celebrating = true;
			goal->celebrating_goal = state.last_was_goal;
		}
	}
	goal->shown_state = state;
}

/* Called with the tick lock held (and possibly inside graphics, from install). */
static void goal_update_draw(struct goal_source *goal, uint64_t now)
{
	struct goal_draw d = {0};
	d.burst_t = -1.0f;
	if (goal->tex) {
		const struct olc_goal_layout *l = &goal->layout;
		d.tex = goal->tex;
		d.cx = goal->cx;
		d.cy = goal->cy;
		d.scale = 1.0f;
		d.bar = l->bar;
		d.fill_from = l->fill_start;
		d.fill_to = l->fill_end;
		d.glow = l->glow;
		d.confetti_a = l->confetti_a;
		d.confetti_b = l->confetti_b;
		d.unit = l->bar.height > 0 ? (float)l->bar.height / 26.0f : 1.0f;
		const float fill = olc_tween_value(&goal->fill, now);
		const float w = fill * (float)l->bar.width, h = (float)l->bar.height;
		/* As a rasteriser would draw it: a sliver of progress is still a round dot. */
		d.fill_width = fill > 0.0005f ? (w > h ? w : h) : 0.0f;

		if (goal->celebrating) {
			const uint64_t start = goal->celebration_start;
			const uint64_t burst_ns = goal->celebrating_goal ? GOAL_BURST_NS : STEP_BURST_NS;
			if (now >= start + burst_ns) {
				goal->celebrating = false;
			} else {
				const float big = goal->celebrating_goal ? 1.0f : 0.6f;
				d.flash = olc_pulse(start, FLASH_NS, now) * big;
				d.glow_amount = olc_pulse(start, burst_ns * 2 / 3, now) * (0.5f + 0.5f * big);
				d.scale = 1.0f + 0.025f * big * olc_pulse(start, FLASH_NS, now);
				const float sweep =
					olc_ease_out_cubic((float)((double)(now - start) / (double)SHEEN_NS));
				d.sheen = now < start + SHEEN_NS ? 1.0f - sweep * sweep : 0.0f;
				d.sheen_x = sweep * d.fill_width;
				d.burst_t = (float)((double)(now - start) / (double)burst_ns);
				d.burst_seed = (float)(goal->seen_celebrations % 97);
				d.burst_reach = (float)goal->cy * (goal->celebrating_goal ? 1.1f : 0.75f);
			}
		}
	}
	olc_overlay_host_set_draw(&goal->host, &d);
}

static void goal_tick(void *source, uint64_t now)
{
	struct goal_source *goal = source;
	watch_session(goal);
	advance(goal, now);
	goal_update_draw(goal, now);
}

static void goal_video_tick(void *data, float seconds)
{
	struct goal_source *goal = data;
	olc_overlay_host_video_tick(&goal->host, seconds);
}

static void draw_quad(gs_effect_t *effect, const char *technique, float x, float y, float w, float h)
{
	gs_matrix_push();
	gs_matrix_translate3f(x, y, 0.0f);
	gs_matrix_scale3f(w, h, 1.0f);
	while (gs_effect_loop(effect, technique))
		gs_draw_sprite(NULL, 0, 1, 1);
	gs_matrix_pop();
}

static void goal_video_render(void *data, gs_effect_t *unused)
{
	UNUSED_PARAMETER(unused);
	struct goal_source *goal = data;
	struct goal_draw d;
	olc_overlay_host_get_draw(&goal->host, &d);
	if (!d.tex || !goal->effect)
		return;

	const bool previous_srgb = olc_premultiplied_begin();

	gs_matrix_push();
	olc_matrix_scale_about((float)d.cx / 2.0f, (float)d.cy / 2.0f, d.scale);

	gs_effect_set_texture(goal->p_image, d.tex);
	gs_effect_set_float(goal->p_opacity, 1.0f);
	while (gs_effect_loop(goal->effect, "Draw"))
		gs_draw_sprite(d.tex, 0, d.cx, d.cy);

	const struct olc_card_rect *bar = &d.bar;
	const float aa = 1.0f / (d.scale > 0.05f ? d.scale : 0.05f);
	struct vec2 fill_size;
	vec2_set(&fill_size, d.fill_width, (float)bar->height);
	/* gs_technique_end() forgets every parameter: each draw sets all of its own. */
	if (d.fill_width > 0.0f && bar->width > 0 && d.glow_amount > 0.0f) {
		const float reach = (float)bar->height * 0.9f;
		gs_effect_set_vec2(goal->p_bar_size, &fill_size);
		gs_effect_set_float(goal->p_aa, aa);
		gs_effect_set_float(goal->p_opacity, 1.0f);
		olc_effect_set_color(goal->p_glow_color, d.glow);
		gs_effect_set_float(goal->p_glow_reach, reach);
		gs_effect_set_float(goal->p_glow_amount, d.glow_amount);
		draw_quad(goal->effect, "Glow", (float)bar->x - reach, (float)bar->y - reach,
			  d.fill_width + 2.0f * reach, (float)bar->height + 2.0f * reach);
	}
	if (d.fill_width > 0.0f && bar->width > 0) {
		gs_effect_set_vec2(goal->p_bar_size, &fill_size);
		gs_effect_set_float(goal->p_aa, aa);
		gs_effect_set_float(goal->p_opacity, 1.0f);
		olc_effect_set_color(goal->p_glow_color, d.glow);
		gs_effect_set_float(goal->p_bar_full, (float)bar->width);
		olc_effect_set_color(goal->p_color_from, d.fill_from);
		olc_effect_set_color(goal->p_color_to, d.fill_to);
		gs_effect_set_float(goal->p_flash, d.flash);
		gs_effect_set_float(goal->p_sheen, d.sheen);
		gs_effect_set_float(goal->p_sheen_x, d.sheen_x);
		draw_quad(goal->effect, "Fill", (float)bar->x, (float)bar->y, d.fill_width, (float)bar->height);
	}

	if (d.burst_t >= 0.0f && d.burst_t < 1.0f) {
		/* The confetti stay inside the panel: the source's size is all a scene item promises. */
		struct vec2 size, origin;
		vec2_set(&size, (float)d.cx, (float)d.cy);
		vec2_set(&origin, (float)bar->x + (d.fill_width > 0.0f ? d.fill_width : 0.0f),
			 (float)bar->y + (float)bar->height / 2.0f);
		gs_effect_set_vec2(goal->p_burst_size, &size);
		gs_effect_set_vec2(goal->p_burst_origin, &origin);
		gs_effect_set_float(goal->p_burst_t, d.burst_t);
		gs_effect_set_float(goal->p_burst_seed, d.burst_seed);
		gs_effect_set_float(goal->p_burst_reach, d.burst_reach);
		gs_effect_set_float(goal->p_burst_unit, d.unit);
		gs_effect_set_float(goal->p_opacity, 1.0f);
		olc_effect_set_color(goal->p_confetti_a, d.confetti_a);
		olc_effect_set_color(goal->p_confetti_b, d.confetti_b);
		draw_quad(goal->effect, "Burst", 0.0f, 0.0f, (float)d.cx, (float)d.cy);
	}

	gs_matrix_pop();
	olc_premultiplied_end(previous_srgb);
}

static uint32_t goal_get_width(void *data)
{
	struct goal_source *goal = data;
	return olc_overlay_host_width(&goal->host);
}

static uint32_t goal_get_height(void *data)
{
	struct goal_source *goal = data;
	return olc_overlay_host_height(&goal->host);
}

/* ---- procedures: automation, tests, the benchmark ------------------------------------------------ */

/* What the goal shows: the counted value and target (revenue in minor units), the marks passed,
 * the celebrations so far and the GoalReached events the runtime sent for its goal (goals.h), the
 * fill now and where it is going (0..1), where the bar, the title, the progress words and the
 * counters are in the panel (the render tests' golden regions), and how many rasters it took. */
static void proc_get_state(void *data, calldata_t *cd)
{
	struct goal_source *goal = data;
	const uint64_t now = olc_overlay_host_lock_tick(&goal->host);
	const struct goal_state *s = &goal->shown_state;
	calldata_set_int(cd, "value", s->value);
	calldata_set_int(cd, "target", s->target);
	calldata_set_int(cd, "marks", s->marks);
	calldata_set_bool(cd, "reached", s->reached);
	calldata_set_int(cd, "celebrations", (long long)s->celebrations);
	calldata_set_float(cd, "fill", olc_tween_value(&goal->fill, now));
	calldata_set_float(cd, "fill_target", goal->fill.to);
	calldata_set_bool(cd, "fill_settled", olc_tween_done(&goal->fill, now));
	calldata_set_bool(cd, "celebrating", goal->celebrating);
	olc_overlay_put_rect(cd, "bar", &goal->layout.bar);
	olc_overlay_put_rect(cd, "title", &goal->layout.title);
	olc_overlay_put_rect(cd, "progress", &goal->layout.progress);
	olc_overlay_put_rect(cd, "stats", &goal->layout.stats);
	calldata_set_int(cd, "width", goal->cx);
	calldata_set_int(cd, "height", goal->cy);
	olc_overlay_host_unlock_tick(&goal->host);
	calldata_set_int(cd, "goal_events", olc_goals_reached_count(goal->source));
	olc_overlay_put_raster_stats(&goal->host, cd);
}

/* ---- the source ------------------------------------------------------------------------------------ */

static const char *goal_get_name(void *unused)
{
	UNUSED_PARAMETER(unused);
	return T_GOAL_NAME;
}

static void goal_update(void *data, obs_data_t *settings)
{
	struct goal_source *goal = data;
	struct goal_settings next;
	read_settings(settings, &next);
	const struct olc_goal_spec spec = goal_spec(&next);
	olc_goals_declare(goal->source, &spec);
	olc_overlay_host_set_settings(&goal->host, &next);
}

static void goal_defaults(obs_data_t *settings)
{
	obs_data_set_default_string(settings, S_GOAL_KIND, S_GOAL_KIND_ORDERS);
	obs_data_set_default_int(settings, S_GOAL_TARGET_ORDERS, 100);
	obs_data_set_default_int(settings, S_GOAL_TARGET_UNITS, 200);
	obs_data_set_default_int(settings, S_GOAL_TARGET_REVENUE, 20000);
	obs_data_set_default_string(settings, S_GOAL_SCOPE, S_GOAL_SCOPE_STREAM);
	obs_data_set_default_int(settings, S_GOAL_STEP, 25);
	obs_data_set_default_string(settings, S_GOAL_TITLE, T_GOAL_TITLE_DEFAULT);
	obs_data_set_default_bool(settings, S_GOAL_SHOW_ORDERS, true);
	obs_data_set_default_bool(settings, S_GOAL_SHOW_UNITS, true);
	obs_data_set_default_bool(settings, S_GOAL_SHOW_REVENUE, true);
	obs_data_set_default_bool(settings, S_GOAL_CELEBRATE, true);
	olc_look_set_defaults(settings, &look_limits);
}

static bool goal_kind_changed(obs_properties_t *props, obs_property_t *p, obs_data_t *settings)
{
	UNUSED_PARAMETER(p);
	const enum olc_goal_kind kind = parse_kind(obs_data_get_string(settings, S_GOAL_KIND));
	obs_property_set_visible(obs_properties_get(props, S_GOAL_TARGET_ORDERS), kind == OLC_GOAL_ORDERS);
	obs_property_set_visible(obs_properties_get(props, S_GOAL_TARGET_UNITS), kind == OLC_GOAL_UNITS);
	obs_property_set_visible(obs_properties_get(props, S_GOAL_TARGET_REVENUE), kind == OLC_GOAL_REVENUE);
	olc_look_show_accent(props, settings);
	return true;
}

static obs_properties_t *goal_properties(void *data)
{
	UNUSED_PARAMETER(data);
	obs_properties_t *props = obs_properties_create();

	obs_properties_t *target = obs_properties_create();
	obs_property_t *p =
		obs_properties_add_list(target, S_GOAL_KIND, T_GOAL_KIND, OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_GOAL_KIND_ORDERS, S_GOAL_KIND_ORDERS);
	obs_property_list_add_string(p, T_GOAL_KIND_UNITS, S_GOAL_KIND_UNITS);
	obs_property_list_add_string(p, T_GOAL_KIND_REVENUE, S_GOAL_KIND_REVENUE);
	obs_property_set_modified_callback(p, goal_kind_changed);
	obs_properties_add_int(target, S_GOAL_TARGET_ORDERS, T_GOAL_TARGET_ORDERS, 1, (int)GOAL_TARGET_MAX, 1);
	obs_properties_add_int(target, S_GOAL_TARGET_UNITS, T_GOAL_TARGET_UNITS, 1, (int)GOAL_TARGET_MAX, 1);
	obs_properties_add_int(target, S_GOAL_TARGET_REVENUE, T_GOAL_TARGET_REVENUE, 1, (int)GOAL_TARGET_MAX, 100);
	p = obs_properties_add_list(target, S_GOAL_SCOPE, T_GOAL_SCOPE, OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_GOAL_SCOPE_STREAM, S_GOAL_SCOPE_STREAM);
	obs_property_list_add_string(p, T_GOAL_SCOPE_FEATURED, S_GOAL_SCOPE_FEATURED);
	p = obs_properties_add_int_slider(target, S_GOAL_STEP, T_GOAL_STEP, 0, 50, 5);
	obs_property_int_set_suffix(p, " %");
	obs_property_set_long_description(p, T_GOAL_STEP_HINT);
	obs_properties_add_bool(target, S_GOAL_CELEBRATE, T_GOAL_CELEBRATE);
	obs_properties_add_group(props, "group_goal", T_GOAL_GROUP_GOAL, OBS_GROUP_NORMAL, target);

	obs_properties_t *content = obs_properties_create();
	obs_properties_add_text(content, S_GOAL_TITLE, T_GOAL_TITLE, OBS_TEXT_DEFAULT);
	obs_properties_add_bool(content, S_GOAL_SHOW_ORDERS, T_GOAL_SHOW_ORDERS);
	obs_properties_add_bool(content, S_GOAL_SHOW_UNITS, T_GOAL_SHOW_UNITS);
	obs_properties_add_bool(content, S_GOAL_SHOW_REVENUE, T_GOAL_SHOW_REVENUE);
	obs_properties_add_group(props, "group_content", T_CARD_GROUP_CONTENT, OBS_GROUP_NORMAL, content);

	obs_properties_t *look = obs_properties_create();
	olc_look_add_properties(look, &look_limits, T_CARD_WIDTH, goal_kind_changed);
	obs_properties_add_group(props, "group_look", T_CARD_GROUP_LOOK, OBS_GROUP_NORMAL, look);
	return props;
}

static bool load_effect(struct goal_source *goal)
{
	goal->effect = olc_effect_load("sales-goal.effect", "sales goal");
	if (goal->effect) {
		gs_effect_t *e = goal->effect;
		goal->p_image = gs_effect_get_param_by_name(e, "image");
		goal->p_opacity = gs_effect_get_param_by_name(e, "opacity");
		goal->p_bar_size = gs_effect_get_param_by_name(e, "bar_size");
		goal->p_bar_full = gs_effect_get_param_by_name(e, "bar_full");
		goal->p_aa = gs_effect_get_param_by_name(e, "aa");
		goal->p_color_from = gs_effect_get_param_by_name(e, "color_from");
		goal->p_color_to = gs_effect_get_param_by_name(e, "color_to");
		goal->p_glow_color = gs_effect_get_param_by_name(e, "glow_color");
		goal->p_flash = gs_effect_get_param_by_name(e, "flash");
		goal->p_sheen = gs_effect_get_param_by_name(e, "sheen");
		goal->p_sheen_x = gs_effect_get_param_by_name(e, "sheen_x");
		goal->p_glow_reach = gs_effect_get_param_by_name(e, "glow_reach");
		goal->p_glow_amount = gs_effect_get_param_by_name(e, "glow_amount");
		goal->p_burst_size = gs_effect_get_param_by_name(e, "burst_size");
		goal->p_burst_origin = gs_effect_get_param_by_name(e, "burst_origin");
		goal->p_burst_t = gs_effect_get_param_by_name(e, "burst_t");
		goal->p_burst_seed = gs_effect_get_param_by_name(e, "burst_seed");
		goal->p_burst_reach = gs_effect_get_param_by_name(e, "burst_reach");
		goal->p_burst_unit = gs_effect_get_param_by_name(e, "burst_unit");
		goal->p_confetti_a = gs_effect_get_param_by_name(e, "confetti_a");
		goal->p_confetti_b = gs_effect_get_param_by_name(e, "confetti_b");
	}
	return goal->effect != NULL;
}

static const struct olc_overlay_ops goal_ops = {
	.who = "sales goal",
	.thread_name = "olc-sales-goal",
	.settings_size = sizeof(struct goal_settings),
	.settings_copy = settings_copy,
	.settings_clear = settings_free,
	.work = goal_work,
	.output_free = output_free,
	.output_merge = output_merge,
	.tick = goal_tick,
	.draw_size = sizeof(struct goal_draw),
};

static void *goal_create(obs_data_t *settings, obs_source_t *source)
{
	struct goal_source *goal = bzalloc(sizeof(*goal));
	goal->source = source;
	olc_tween_set(&goal->fill, 0.0f);
	const bool host_ok = olc_overlay_host_init(&goal->host, &goal_ops, goal, source);

	load_effect(goal);
	if (host_ok)
		goal_update(goal, settings);

	proc_handler_t *ph = obs_source_get_proc_handler(source);
	proc_handler_add(ph,
			 "void get_state(out int value, out int target, out int marks, out bool reached, "
			 "out int celebrations, out float fill, out float fill_target, out bool fill_settled, "
			 "out bool celebrating, out int bar_x, out int bar_y, out int bar_w, out int bar_h, "
			 "out int title_x, out int title_y, out int title_w, out int title_h, out int progress_x, "
			 "out int progress_y, out int progress_w, out int progress_h, out int stats_x, "
			 "out int stats_y, out int stats_w, out int stats_h, "
			 "out int width, out int height, out int goal_events, out int rasters, out int raster_us)",
			 proc_get_state, goal);

	olc_overlay_host_start(&goal->host, host_ok);
	return goal;
}

static void goal_destroy(void *data)
{
	struct goal_source *goal = data;
	olc_goals_withdraw(goal->source);
	/* A raster in progress takes a few milliseconds; nothing here waits on the network. */
	olc_overlay_host_stop(&goal->host);
	obs_enter_graphics();
	gs_texture_destroy(goal->tex);
	gs_effect_destroy(goal->effect);
	obs_leave_graphics();

	olc_overlay_host_free(&goal->host);
	bfree(goal);
}

struct obs_source_info olc_sales_goal_source_info = {
	.id = OLC_SOURCE_SALES_GOAL,
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.icon_type = OBS_ICON_TYPE_TEXT,
	.get_name = goal_get_name,
	.create = goal_create,
	.destroy = goal_destroy,
	.update = goal_update,
	.get_defaults = goal_defaults,
	.get_properties = goal_properties,
	.video_tick = goal_video_tick,
	.video_render = goal_video_render,
	.get_width = goal_get_width,
	.get_height = goal_get_height,
};
