/* live_commerce_order_ticker: the shop's orders as they arrive, "张** · 成都 · 2 × 松茸 (#3)", as a
 * stack of rows that pop in or as a scrolling marquee.
 *
 * Three threads touch a ticker:
 *   - the session's listener (the poller, or whoever simulated an order) only wakes the worker;
 *   - the worker reads the session snapshot's new orders (by sequence number), batches bursts
 *     (core/order-batch.c: "李** and 496 others ordered 松茸"), writes each row's words
 *     (core/order-words.c), rasterises only the rows it makes (ticker-raster.h) and publishes
 *     them through the overlay host (overlay/host.h); a settings change redraws the rows it
 *     remembers (max_rows of them);
 *   - video_tick (graphics thread) takes the rows, puts each in a slot of the lane
 *     (ticker-lane.c: a pool of max_rows + 1 slots and their motion on the source's clock) and
 *     uploads it into that slot's texture (a static one, made anew: see upload).
 *     video_render (once per view) only draws: each slot's texture at its place, with a matrix for
 *     the slide and pop and an opacity for the fade; the marquee's position is speed x time.
 * So the ticker holds at most max_rows + 1 textures, rasterises a few rows per batch window even at
 * 500 orders a second, and its per-frame work does not depend on the order rate. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdlib.h>
#include <string.h>

#include "raster/card-raster.h"
#include "runtime/live-session.h"
#include "core/stream/order-batch.h"
#include "core/stream/order-words.h"
#include "overlay/effect.h"
#include "overlay/host.h"
#include "overlay/look.h"
#include "plugin-support.h"
#include "runtime/stream-language.h"
#include "ids.h"
#include "core/stream/ticker-lane.h"
#include "raster/ticker-raster.h"

#define MS               1000000ull
#define TICKER_ROWS_MAX  12 /* the setting's range; the lane allows more */
#define TICKER_SPEED_MIN 20
#define TICKER_SPEED_MAX 1000
#define TICKER_BATCH_MAX 60  /* seconds */
#define TICKER_LIFE_MAX  600 /* seconds */
#define TEXTURE_PAD      128 /* row images are padded to multiples of this width (transparent) */
#define ENTER_NS         (420 * MS)
#define EXIT_NS          (380 * MS)
#define STAGGER_NS       (160 * MS) /* stack: rows arriving together pop in one after another */
#define STACK_GAP        10         /* design pixels between stacked rows */
#define MARQUEE_GAP      28         /* design pixels after each marquee row */
#define WORKER_IDLE_MS   1000       /* the worker looks at the session at least this often */
#define SLOTS            (TICKER_ROWS_MAX + 1)
#define WAKE_ORDERS      OLC_OVERLAY_WAKE_OWN(0) /* the session has new orders */

/* What update() hands the worker. Strings are bmalloc'd copies. */
struct ticker_settings {
	enum olc_lane_mode mode;
	bool newest_top;
	size_t max_rows;
	int row_seconds;
	int speed;
	bool loop;
	enum olc_buyer_display who;
	int batch_seconds;
	bool featured_only;
	bool show_test;
	struct olc_overlay_look look; /* no corner radius */
	char *language;
};

/* A row the worker remembers, to redraw it when the looks change. */
struct ticker_row {
	struct olc_order_row order;
	struct olc_row_words words;
	char *text; /* the words as one string (malloc'd), for get_rows */
};

struct row_image {
	struct olc_raster_image image; /* padded to TEXTURE_PAD */
	int width;                     /* the row's own width */
};

/* What the worker publishes for video_tick. A redraw replaces every row shown: the lane starts
 * again with lane_cfg and the first `kept` rows in place; the others (new rows) pop in. */
struct ticker_delivery {
	bool redraw;
	struct olc_lane_config lane_cfg;
	size_t kept;
	size_t count;
	struct row_image rows[TICKER_ROWS_MAX]; /* oldest first */
};

struct ticker_draw {
	gs_texture_t *tex;
	uint32_t src_x, src_y, cx, cy; /* the part of the texture to draw */
	float x, y, scale, opacity;
};

/* Everything video_render needs for one frame, made by video_tick. */
struct ticker_frame {
	struct ticker_draw draws[SLOTS];
	size_t count;
};

struct ticker_source {
	obs_source_t *source;
	struct olc_overlay_host host; /* worker, settings, publish, clock, draw (struct ticker_frame), size */

	/* What get_rows reads, under rows_lock: the worker writes it. */
	pthread_mutex_t rows_lock;
	struct dstr rows_text; /* the remembered rows' words, oldest first, one a line */
	long long rows_batched, rows_orders;
	bool listening;

	/* Worker only. */
	struct olc_order_batch *batch;
	struct ticker_row recent[TICKER_ROWS_MAX]; /* oldest first */
	size_t recent_count;

	/* Statistics (any thread). */
	volatile long textures, texture_creates, slots_used, capacity, rows_shown, waiting,
		row_height;
	volatile long orders_total, rows_total, batches_total, missed_total;

	/* Graphics side, under the host's tick lock (video_tick normally runs on the graphics thread
	 * only; the benchmark also ticks from its own thread). */
	struct olc_lane *lane;
	struct olc_lane_config lane_cfg;
	gs_texture_t *tex[SLOTS];
	uint32_t tex_w[SLOTS], tex_h[SLOTS];
	struct row_image waiting_rows[TICKER_ROWS_MAX]; /* new rows not in the lane yet, oldest first */
	size_t waiting_count;
	uint64_t last_push_ns;
	bool pushed_any;

	gs_effect_t *effect;
	gs_eparam_t *p_image, *p_opacity;
};

/* ---- settings ---------------------------------------------------------------------------------- */

static void settings_free(void *settings)
{
	struct ticker_settings *s = settings;
	olc_look_free(&s->look);
	bfree(s->language);
	memset(s, 0, sizeof(*s));
}

static void settings_copy(void *to, const void *from)
{
	struct ticker_settings *dst = to;
	const struct ticker_settings *src = from;
	*dst = *src;
	olc_look_copy(&dst->look, &src->look);
	dst->language = src->language ? bstrdup(src->language) : NULL;
}

static const struct olc_look_limits look_limits = {
	.width_min = 240,
	.width_max = 3840,
	.width_default = 640,
	.radius_max = 0, /* rows have no corner radius setting */
};

static enum olc_buyer_display parse_buyer(const char *s)
{
	if (strcmp(s, S_TICKER_BUYER_FULL) == 0)
		return OLC_BUYER_FULL;
	if (strcmp(s, S_TICKER_BUYER_ANONYMOUS) == 0)
		return OLC_BUYER_ANONYMOUS;
	return OLC_BUYER_MASKED;
}

static void read_settings(obs_data_t *data, struct ticker_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = strcmp(obs_data_get_string(data, S_TICKER_MODE), S_TICKER_MODE_MARQUEE) == 0 ? OLC_LANE_MARQUEE
											       : OLC_LANE_STACK;
	s->newest_top = strcmp(obs_data_get_string(data, S_TICKER_NEWEST), S_TICKER_NEWEST_TOP) == 0;
	s->max_rows = (size_t)olc_clamp_ll(obs_data_get_int(data, S_TICKER_MAX_ROWS), 1, TICKER_ROWS_MAX);
	s->row_seconds = (int)olc_clamp_ll(obs_data_get_int(data, S_TICKER_ROW_SECONDS), 0, TICKER_LIFE_MAX);
	s->speed = (int)olc_clamp_ll(obs_data_get_int(data, S_TICKER_SPEED), TICKER_SPEED_MIN, TICKER_SPEED_MAX);
	s->loop = obs_data_get_bool(data, S_TICKER_LOOP);
	s->who = parse_buyer(obs_data_get_string(data, S_TICKER_BUYER));
	s->batch_seconds = (int)olc_clamp_ll(obs_data_get_int(data, S_TICKER_BATCH_SECONDS), 1, TICKER_BATCH_MAX);
	s->featured_only = obs_data_get_bool(data, S_TICKER_FEATURED_ONLY);
	s->show_test = obs_data_get_bool(data, S_TICKER_SHOW_TEST);
	olc_look_read(data, &look_limits, &s->look);
	s->language = olc_overlay_language();
}

static int design_px(double px, float scale)
{
	const int v = (int)(px * (double)scale + 0.5);
	return v > 0 ? v : 1;
}

static struct olc_lane_config lane_config(const struct ticker_settings *s)
{
	struct olc_lane_config c = {
		.mode = s->mode,
		.max_rows = s->max_rows,
		.newest_first = s->newest_top,
		.width = s->look.width,
		.row_height = olc_ticker_row_height(s->look.scale),
		.row_gap = design_px(s->mode == OLC_LANE_MARQUEE ? MARQUEE_GAP : STACK_GAP, s->look.scale),
		.speed = (double)s->speed,
		.loop = s->loop,
		.enter_ns = ENTER_NS,
		.exit_ns = EXIT_NS,
		.life_ns = (uint64_t)s->row_seconds * 1000 * MS,
	};
	return c;
}

static void style_from_settings(const struct ticker_settings *s, struct olc_ticker_style *style)
{
	memset(style, 0, sizeof(*style));
	style->look = s->look.preset;
	style->accent = olc_look_accent(&s->look);
	style->font_family = s->look.font_family;
	style->language = s->language;
	style->scale = s->look.scale;
	style->max_width = s->look.width;
}

/* ---- the worker ---------------------------------------------------------------------------------- */

static void row_forget(struct ticker_row *r)
{
	olc_order_row_free(&r->order);
	olc_row_words_free(&r->words);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static void delivery_free(void *delivery)
{
	struct ticker_delivery *d = delivery;
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		olc_raster_image_free(&d->rows[i].image);
	bfree(d);
}

static void templates_now(struct olc_row_templates *t)
{
	t->single = T_TICKER_ROW;
	t->batch_one = T_TICKER_BATCH_ONE;
	t->batch = T_TICKER_BATCH;
	t->someone = T_TICKER_SOMEONE;
	t->test = T_TICKER_TEST_CHIP;
}

/* (Re)writes the words of r from its order row. */
static void row_words(struct ticker_row *r, const struct olc_snapshot *snap, const struct olc_row_templates *t,
		      enum olc_buyer_display who)
{
	olc_row_words_free(&r->words);
	free(r->text);
	r->text = NULL;
	if (olc_row_words_build(&r->order, snap, t, who, &r->words))
		r->text = olc_row_words_text(&r->words);
}

/* Remembers a new row (taking its strings), forgetting the oldest beyond max_rows. */
static void remember(struct ticker_source *t, struct olc_order_row *order, size_t max_rows)
{
	while (t->recent_count >= max_rows && t->recent_count > 0) {
		row_forget(&t->recent[0]);
		memmove(&t->recent[0], &t->recent[1], (t->recent_count - 1) * sizeof(t->recent[0]));
		t->recent_count--;
	}
	struct ticker_row *r = &t->recent[t->recent_count++];
	memset(r, 0, sizeof(*r));
	r->order = *order;
	memset(order, 0, sizeof(*order));
}

static bool rasterise(struct ticker_source *t, const struct ticker_row *r, const struct olc_ticker_style *style,
		      struct row_image *out)
{
	char err[256];
	const uint64_t start = os_gettime_ns();
	if (!olc_ticker_rasterise(&r->words, style, TEXTURE_PAD, &out->image, &out->width, err, sizeof(err))) {
		obs_log(LOG_WARNING, "order ticker '%s': %s", obs_source_get_name(t->source), err);
		return false;
	}
	olc_overlay_host_count_raster(&t->host, start);
	return true;
}

/* Adds a delivery to what video_tick has not taken yet (a redraw replaces it), keeping the newest
 * max_rows rows. Owns both; returns what is held. */
static void *delivery_merge(void *held, void *fresh)
{
	struct ticker_delivery *p = held, *d = fresh;
	const size_t max_rows = d->lane_cfg.max_rows;
	if (d->redraw) {
		delivery_free(p);
		return d;
	}
	for (size_t i = 0; i < d->count; i++) {
		if (p->count >= max_rows || p->count >= TICKER_ROWS_MAX) {
			/* The oldest row waiting goes: a newer one would push it out at once anyway. */
			olc_raster_image_free(&p->rows[0].image);
			memmove(&p->rows[0], &p->rows[1], (p->count - 1) * sizeof(p->rows[0]));
			p->count--;
			if (p->kept > 0)
				p->kept--;
		}
		p->rows[p->count++] = d->rows[i];
	}
	d->count = 0;
	delivery_free(d);
	return p;
}

/* Publishes the remembered rows' words (changed: they did) and the batcher's totals. */
static void summarise(struct ticker_source *t, bool changed)
{
	const struct olc_order_batch_stats st = olc_order_batch_stats(t->batch);
	os_atomic_set_long(&t->orders_total, (long)st.orders);
	os_atomic_set_long(&t->rows_total, (long)st.rows);
	os_atomic_set_long(&t->batches_total, (long)st.batches);
	os_atomic_set_long(&t->missed_total, (long)st.missed);
	if (!changed)
		return;

	struct dstr text = {0};
	long long batched = 0, orders = 0;
	for (size_t i = 0; i < t->recent_count; i++) {
		const struct ticker_row *r = &t->recent[i];
		dstr_cat(&text, r->text ? r->text : "");
		dstr_cat(&text, "\n");
		batched += r->order.orders > 1;
		orders += r->order.orders;
	}
	pthread_mutex_lock(&t->rows_lock);
	dstr_free(&t->rows_text);
	t->rows_text = text;
	t->rows_batched = batched;
	t->rows_orders = orders;
	pthread_mutex_unlock(&t->rows_lock);
}

static int64_t monotonic_ms(void)
{
	return (int64_t)(os_gettime_ns() / 1000000ull);
}

/* One look at the session: new orders into rows, rows into images. redraw: the settings changed,
 * so every remembered row is drawn again. */
static void worker_pass(struct ticker_source *t, const struct ticker_settings *set, bool redraw)
{
	const int64_t now = monotonic_ms();
	if (redraw) {
		const struct olc_order_batch_config cfg = {(int64_t)set->batch_seconds * 1000,
							   OLC_ORDER_BATCH_SINGLES_DEFAULT};
		olc_order_batch_configure(t->batch, &cfg);
		while (t->recent_count > set->max_rows) {
			row_forget(&t->recent[0]);
			memmove(&t->recent[0], &t->recent[1], (t->recent_count - 1) * sizeof(t->recent[0]));
			t->recent_count--;
		}
	}
	struct olc_snapshot *snap = olc_live_snapshot();
	const struct olc_order_filter filter = {set->show_test, set->featured_only};
	if (snap)
		olc_order_batch_feed(t->batch, snap, &filter, now);
	olc_order_batch_tick(t->batch, now);

	struct olc_row_templates templates;
	templates_now(&templates);
	size_t fresh = 0;
	struct olc_order_row order;
	while (olc_order_batch_take(t->batch, &order)) {
		remember(t, &order, set->max_rows);
		row_words(&t->recent[t->recent_count - 1], snap, &templates, set->who);
		fresh++;
	}
	if (fresh > t->recent_count)
		fresh = t->recent_count; /* more rows than we keep: only the newest are drawn */

	if (redraw || fresh > 0) {
		struct ticker_delivery *d = bzalloc(sizeof(*d));
		d->redraw = redraw;
		d->lane_cfg = lane_config(set);
		const size_t first = redraw ? 0 : t->recent_count - fresh;
		const size_t kept_end = redraw ? t->recent_count - fresh : 0; /* rows already shown */
		struct olc_ticker_style style;
		style_from_settings(set, &style);
		for (size_t i = first; i < t->recent_count; i++) {
			struct ticker_row *r = &t->recent[i];
			if (i < kept_end)
				row_words(r, snap, &templates, set->who); /* the buyer mode may have changed */
			if (!rasterise(t, r, &style, &d->rows[d->count]))
				continue;
			d->count++;
			if (i < kept_end)
				d->kept++;
		}
		olc_overlay_host_publish(&t->host, d);
	}
	olc_snapshot_release(snap);
	summarise(t, redraw || fresh > 0);
}

/* One pass: new settings redraw every remembered row. Returns how long the worker may sleep: until
 * new orders or settings, the end of a batch window, or a second. */
static long long ticker_work(void *source, const void *settings, uint32_t reasons)
{
	struct ticker_source *t = source;
	worker_pass(t, settings, (reasons & OLC_OVERLAY_WAKE_SETTINGS) != 0);
	const int64_t deadline = olc_order_batch_deadline(t->batch);
	int64_t wait_ms = WORKER_IDLE_MS;
	if (deadline != INT64_MAX) {
		const int64_t until = deadline - monotonic_ms();
		wait_ms = until < 0 ? 0 : until < wait_ms ? until : wait_ms;
	}
	return wait_ms;
}

/* The session's listener: runs on the thread that made the order; only wakes the worker. */
static void ticker_on_event(const struct olc_event *ev, void *priv)
{
	struct ticker_source *t = priv;
	if (ev->kind != OLC_EVENT_ORDER_RECEIVED)
		return;
	olc_overlay_host_wake(&t->host, WAKE_ORDERS);
}

/* ---- graphics side ------------------------------------------------------------------------------ */

/* Puts img into slot's texture, made anew: a static texture is one copy of the pixels, where a
 * dynamic one (rewritable in place through gs_texture_map) also keeps a pixel buffer of the same
 * size, which llvmpipe holds in memory as well: twice the memory for a row that changes once per
 * order batch at most (tests/bench/memory.sh). Inside obs_enter_graphics. */
static void upload(struct ticker_source *t, int slot, const struct olc_raster_image *img)
{
	const uint32_t w = (uint32_t)img->width, h = (uint32_t)img->height;
	gs_texture_destroy(t->tex[slot]);
	const uint8_t *planes[] = {img->pixels};
	t->tex[slot] = gs_texture_create(w, h, GS_RGBA, 1, planes, 0);
	t->tex_w[slot] = t->tex[slot] ? w : 0;
	t->tex_h[slot] = t->tex[slot] ? h : 0;
	os_atomic_inc_long(&t->texture_creates);
	if (!t->tex[slot])
		obs_log(LOG_WARNING, "order ticker '%s': a row's texture could not be created",
			obs_source_get_name(t->source));
}

/* Makes what video_render draws at now. Called with the tick lock held; inside graphics when textures
 * changed, so no view ever draws a texture that is gone. */
static void update_draws(struct ticker_source *t, uint64_t now)
{
	struct olc_lane_draw lane_draws[SLOTS];
	const size_t n = olc_lane_draws(t->lane, now, lane_draws, SLOTS);
	int lane_w, lane_h;
	olc_lane_size(t->lane, &lane_w, &lane_h);

	struct ticker_frame frame = {0};
	struct ticker_draw *draws = frame.draws;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const struct olc_lane_draw *ld = &lane_draws[i];
		gs_texture_t *tex = ld->slot >= 0 && ld->slot < SLOTS ? t->tex[ld->slot] : NULL;
		if (!tex)
			continue;
		struct ticker_draw *d = &draws[count];
		const float h = (float)t->tex_h[ld->slot];
		float x = ld->x, y = ld->y, src_x = 0.0f, src_y = 0.0f;
		float w = (float)ld->width, hh = h;
		if (ld->scale == 1.0f) {
			/* Only the part inside the source: a marquee row entering or leaving, a stack row
			 * sliding out. Whole texels, so the texture is never stretched. */
			if (x < 0.0f) {
				src_x = (float)(int)(-x + 0.999f);
				x += src_x;
			}
			if (y < 0.0f) {
				src_y = (float)(int)(-y + 0.999f);
				y += src_y;
			}
			if (x + (w - src_x) > (float)lane_w)
				w = src_x + (float)(int)((float)lane_w - x);
			if (y + (hh - src_y) > (float)lane_h)
				hh = src_y + (float)(int)((float)lane_h - y);
		}
		if (w - src_x < 1.0f || hh - src_y < 1.0f)
			continue;
		d->tex = tex;
		d->src_x = (uint32_t)src_x;
		d->src_y = (uint32_t)src_y;
		d->cx = (uint32_t)(w - src_x);
		d->cy = (uint32_t)(hh - src_y);
		d->x = x;
		d->y = y;
		d->scale = ld->scale;
		d->opacity = ld->opacity;
		count++;
	}
	frame.count = count;
	olc_overlay_host_set_draw(&t->host, &frame);
}

static void drop_waiting(struct ticker_source *t)
{
	for (size_t i = 0; i < t->waiting_count; i++)
		olc_raster_image_free(&t->waiting_rows[i].image);
	t->waiting_count = 0;
}

/* A new row waits for its place in the lane; the oldest waiting row goes when too many wait. */
static void add_waiting(struct ticker_source *t, struct row_image *row)
{
	if (t->waiting_count >= t->lane_cfg.max_rows || t->waiting_count >= TICKER_ROWS_MAX) {
		olc_raster_image_free(&t->waiting_rows[0].image);
		memmove(&t->waiting_rows[0], &t->waiting_rows[1], (t->waiting_count - 1) * sizeof(t->waiting_rows[0]));
		t->waiting_count--;
	}
	t->waiting_rows[t->waiting_count++] = *row;
	memset(row, 0, sizeof(*row));
}

/* Takes what the worker published and puts rows into the lane. Returns whether textures changed
 * (then it has entered graphics, and the caller leaves it). */
static bool take_rows(struct ticker_source *t, uint64_t now)
{
	struct ticker_delivery *d = olc_overlay_host_take(&t->host);

	bool entered = false;
	if (d && d->redraw) {
		obs_enter_graphics();
		entered = true;
		drop_waiting(t);
		t->lane_cfg = d->lane_cfg;
		olc_lane_reset(t->lane, &t->lane_cfg);
		t->pushed_any = false;
		/* Slots beyond a smaller pool go with their textures. */
		for (size_t i = olc_lane_capacity(t->lane); i < SLOTS; i++) {
			gs_texture_destroy(t->tex[i]);
			t->tex[i] = NULL;
			t->tex_w[i] = t->tex_h[i] = 0;
		}
		for (size_t i = 0; i < d->kept; i++) {
			const int slot = olc_lane_push(t->lane, d->rows[i].width, false, now);
			if (slot >= 0)
				upload(t, slot, &d->rows[i].image);
		}
	}
	for (size_t i = d ? d->kept : 0; d && i < d->count; i++)
		add_waiting(t, &d->rows[i]);
	delivery_free(d);

	const bool stack = t->lane_cfg.mode == OLC_LANE_STACK;
	while (t->waiting_count > 0) {
		/* Rows that come together pop in one after another, so each is seen. */
		if (stack && t->pushed_any && now < t->last_push_ns + STAGGER_NS)
			break;
		const int slot = olc_lane_push(t->lane, t->waiting_rows[0].width, true, now);
		if (slot < 0)
			break; /* marquee: every slot is still on screen */
		if (!entered) {
			obs_enter_graphics();
			entered = true;
		}
		upload(t, slot, &t->waiting_rows[0].image);
		olc_raster_image_free(&t->waiting_rows[0].image);
		memmove(&t->waiting_rows[0], &t->waiting_rows[1], (t->waiting_count - 1) * sizeof(t->waiting_rows[0]));
		t->waiting_count--;
		t->last_push_ns = now;
		t->pushed_any = true;
	}
	return entered;
}

static void ticker_tick(void *source, uint64_t now)
{
	struct ticker_source *t = source;
	const bool entered = take_rows(t, now);
	olc_lane_advance(t->lane, now);
	update_draws(t, now);
	if (entered)
		obs_leave_graphics();

	long textures = 0;
	for (size_t i = 0; i < SLOTS; i++)
		textures += t->tex[i] != NULL;
	os_atomic_set_long(&t->textures, textures);
	os_atomic_set_long(&t->slots_used, (long)olc_lane_slots_used(t->lane));
	os_atomic_set_long(&t->capacity, (long)olc_lane_capacity(t->lane));
	os_atomic_set_long(&t->rows_shown, (long)olc_lane_rows(t->lane));
	os_atomic_set_long(&t->waiting, (long)t->waiting_count);
	os_atomic_set_long(&t->row_height, t->lane_cfg.row_height);
}

static void ticker_video_tick(void *data, float seconds)
{
	struct ticker_source *t = data;
	olc_overlay_host_video_tick(&t->host, seconds);
}

static void ticker_video_render(void *data, gs_effect_t *unused)
{
	UNUSED_PARAMETER(unused);
	struct ticker_source *t = data;
	struct ticker_frame frame;
	olc_overlay_host_get_draw(&t->host, &frame);
	if (!frame.count || !t->effect)
		return;

	const bool previous_srgb = olc_premultiplied_begin();
	for (size_t i = 0; i < frame.count; i++) {
		const struct ticker_draw *d = &frame.draws[i];
		if (d->opacity <= 0.0f)
			continue;
		gs_effect_set_texture(t->p_image, d->tex);
		gs_effect_set_float(t->p_opacity, d->opacity);
		gs_matrix_push();
		/* Scaled about the middle of the row's left edge: a new row grows out of its icon. */
		const float half = (float)d->cy / 2.0f;
		gs_matrix_translate3f(d->x, d->y + half, 0.0f);
		gs_matrix_scale3f(d->scale, d->scale, 1.0f);
		gs_matrix_translate3f(0.0f, -half, 0.0f);
		while (gs_effect_loop(t->effect, "Draw"))
			gs_draw_sprite_subregion(d->tex, 0, d->src_x, d->src_y, d->cx, d->cy);
		gs_matrix_pop();
	}
	olc_premultiplied_end(previous_srgb);
}

static uint32_t ticker_get_width(void *data)
{
	struct ticker_source *t = data;
	return olc_overlay_host_width(&t->host);
}

static uint32_t ticker_get_height(void *data)
{
	struct ticker_source *t = data;
	return olc_overlay_host_height(&t->host);
}

/* ---- procedures: automation and tests ------------------------------------------------------------ */

/* The rows the ticker remembers (the newest max_rows, oldest first): their words one a line, how
 * many are batches of several orders and how many orders they stand for; how many rows the lane
 * shows now and how tall a row is (pixels). */
static void proc_get_rows(void *data, calldata_t *cd)
{
	struct ticker_source *t = data;
	pthread_mutex_lock(&t->rows_lock);
	calldata_set_string(cd, "text", t->rows_text.array ? t->rows_text.array : "");
	calldata_set_int(cd, "batched", t->rows_batched);
	calldata_set_int(cd, "orders", t->rows_orders);
	pthread_mutex_unlock(&t->rows_lock);
	calldata_set_int(cd, "shown", os_atomic_load_long(&t->rows_shown));
	calldata_set_int(cd, "row_height", os_atomic_load_long(&t->row_height));
}

/* What the ticker costs and has done: textures held (never above capacity = max_rows + 1), slots in
 * use, textures created so far (the rest were rewritten in place), rows rasterised and the last
 * one's time, rows waiting for a marquee slot; the batcher's orders, rows, batch rows and orders
 * missed since the source was made. */
static void proc_get_stats(void *data, calldata_t *cd)
{
	struct ticker_source *t = data;
	calldata_set_int(cd, "textures", os_atomic_load_long(&t->textures));
	calldata_set_int(cd, "capacity", os_atomic_load_long(&t->capacity));
	calldata_set_int(cd, "slots_used", os_atomic_load_long(&t->slots_used));
	calldata_set_int(cd, "texture_creates", os_atomic_load_long(&t->texture_creates));
	olc_overlay_put_raster_stats(&t->host, cd);
	calldata_set_int(cd, "waiting", os_atomic_load_long(&t->waiting));
	calldata_set_int(cd, "orders", os_atomic_load_long(&t->orders_total));
	calldata_set_int(cd, "rows", os_atomic_load_long(&t->rows_total));
	calldata_set_int(cd, "batches", os_atomic_load_long(&t->batches_total));
	calldata_set_int(cd, "missed", os_atomic_load_long(&t->missed_total));
}

/* ---- the source ------------------------------------------------------------------------------------ */

static const char *ticker_get_name(void *unused)
{
	UNUSED_PARAMETER(unused);
	return T_TICKER_NAME;
}

static void ticker_update(void *data, obs_data_t *settings)
{
	struct ticker_source *t = data;
	struct ticker_settings next;
	read_settings(settings, &next);

	/* The size is known at once (arithmetic), before any row is drawn. */
	const struct olc_lane_config cfg = lane_config(&next);
	const int height = cfg.mode == OLC_LANE_MARQUEE
				   ? cfg.row_height
				   : (int)cfg.max_rows * (cfg.row_height + cfg.row_gap) - cfg.row_gap;
	olc_overlay_host_set_size(&t->host, (uint32_t)cfg.width, (uint32_t)height);
	olc_overlay_host_set_settings(&t->host, &next);
}

static void ticker_defaults(obs_data_t *settings)
{
	obs_data_set_default_string(settings, S_TICKER_MODE, S_TICKER_MODE_STACK);
	obs_data_set_default_string(settings, S_TICKER_NEWEST, S_TICKER_NEWEST_BOTTOM);
	obs_data_set_default_int(settings, S_TICKER_MAX_ROWS, 6);
	obs_data_set_default_int(settings, S_TICKER_ROW_SECONDS, 30);
	obs_data_set_default_int(settings, S_TICKER_SPEED, 120);
	obs_data_set_default_bool(settings, S_TICKER_LOOP, true);
	obs_data_set_default_string(settings, S_TICKER_BUYER, S_TICKER_BUYER_MASKED);
	obs_data_set_default_int(settings, S_TICKER_BATCH_SECONDS, OLC_ORDER_BATCH_WINDOW_DEFAULT_MS / 1000);
	obs_data_set_default_bool(settings, S_TICKER_FEATURED_ONLY, false);
	obs_data_set_default_bool(settings, S_TICKER_SHOW_TEST, false);
	olc_look_set_defaults(settings, &look_limits);
}

static bool ticker_mode_changed(obs_properties_t *props, obs_property_t *p, obs_data_t *settings)
{
	UNUSED_PARAMETER(p);
	const bool marquee = strcmp(obs_data_get_string(settings, S_TICKER_MODE), S_TICKER_MODE_MARQUEE) == 0;
	obs_property_set_visible(obs_properties_get(props, S_TICKER_NEWEST), !marquee);
	obs_property_set_visible(obs_properties_get(props, S_TICKER_ROW_SECONDS), !marquee);
	obs_property_set_visible(obs_properties_get(props, S_TICKER_SPEED), marquee);
	obs_property_set_visible(obs_properties_get(props, S_TICKER_LOOP), marquee);
	olc_look_show_accent(props, settings);
	return true;
}

static obs_properties_t *ticker_properties(void *data)
{
	UNUSED_PARAMETER(data);
	obs_properties_t *props = obs_properties_create();

	obs_properties_t *orders = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(orders, S_TICKER_MODE, T_TICKER_MODE, OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_TICKER_MODE_STACK, S_TICKER_MODE_STACK);
	obs_property_list_add_string(p, T_TICKER_MODE_MARQUEE, S_TICKER_MODE_MARQUEE);
	obs_property_set_modified_callback(p, ticker_mode_changed);
	p = obs_properties_add_list(orders, S_TICKER_BUYER, T_TICKER_BUYER, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_TICKER_BUYER_MASKED, S_TICKER_BUYER_MASKED);
	obs_property_list_add_string(p, T_TICKER_BUYER_FULL, S_TICKER_BUYER_FULL);
	obs_property_list_add_string(p, T_TICKER_BUYER_ANONYMOUS, S_TICKER_BUYER_ANONYMOUS);
	p = obs_properties_add_int_slider(orders, S_TICKER_BATCH_SECONDS, T_TICKER_BATCH_SECONDS, 1, TICKER_BATCH_MAX,
					  1);
	obs_property_int_set_suffix(p, " s");
	obs_property_set_long_description(p, T_TICKER_BATCH_HINT);
	obs_properties_add_bool(orders, S_TICKER_FEATURED_ONLY, T_TICKER_FEATURED_ONLY);
	p = obs_properties_add_bool(orders, S_TICKER_SHOW_TEST, T_TICKER_SHOW_TEST);
	obs_property_set_long_description(p, T_TICKER_SHOW_TEST_HINT);
	obs_properties_add_group(props, "group_orders", T_TICKER_GROUP_ORDERS, OBS_GROUP_NORMAL, orders);

	obs_properties_t *look = obs_properties_create();
	olc_look_add_properties(look, &look_limits, T_TICKER_WIDTH, ticker_mode_changed);
	obs_properties_add_group(props, "group_look", T_CARD_GROUP_LOOK, OBS_GROUP_NORMAL, look);

	obs_properties_t *motion = obs_properties_create();
	p = obs_properties_add_int_slider(motion, S_TICKER_MAX_ROWS, T_TICKER_MAX_ROWS, 1, TICKER_ROWS_MAX, 1);
	p = obs_properties_add_list(motion, S_TICKER_NEWEST, T_TICKER_NEWEST, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_TICKER_NEWEST_BOTTOM, S_TICKER_NEWEST_BOTTOM);
	obs_property_list_add_string(p, T_TICKER_NEWEST_TOP, S_TICKER_NEWEST_TOP);
	p = obs_properties_add_int_slider(motion, S_TICKER_ROW_SECONDS, T_TICKER_ROW_SECONDS, 0, TICKER_LIFE_MAX, 1);
	obs_property_int_set_suffix(p, " s");
	obs_property_set_long_description(p, T_TICKER_ROW_SECONDS_HINT);
	p = obs_properties_add_int_slider(motion, S_TICKER_SPEED, T_TICKER_SPEED, TICKER_SPEED_MIN, TICKER_SPEED_MAX,
					  5);
	obs_property_int_set_suffix(p, " px/s");
	obs_properties_add_bool(motion, S_TICKER_LOOP, T_TICKER_LOOP);
	obs_properties_add_group(props, "group_motion", T_TICKER_GROUP_MOTION, OBS_GROUP_NORMAL, motion);
	return props;
}

static bool load_effect(struct ticker_source *t)
{
	/* The card's effect: its Draw technique is a premultiplied texture at an opacity, all a row
	 * needs. */
	t->effect = olc_effect_load("product-card.effect", "order ticker");
	if (t->effect) {
		t->p_image = gs_effect_get_param_by_name(t->effect, "image");
		t->p_opacity = gs_effect_get_param_by_name(t->effect, "opacity");
	}
	return t->effect != NULL;
}

static const struct olc_overlay_ops ticker_ops = {
	.who = "order ticker",
	.thread_name = "olc-order-ticker",
	.settings_size = sizeof(struct ticker_settings),
	.settings_copy = settings_copy,
	.settings_clear = settings_free,
	.work = ticker_work,
	.output_free = delivery_free,
	.output_merge = delivery_merge,
	.tick = ticker_tick,
	.draw_size = sizeof(struct ticker_frame),
};

static void *ticker_create(obs_data_t *settings, obs_source_t *source)
{
	struct ticker_source *t = bzalloc(sizeof(*t));
	t->source = source;
	const bool host_ok = olc_overlay_host_init(&t->host, &ticker_ops, t, source);
	pthread_mutex_init(&t->rows_lock, NULL);

	struct ticker_settings first;
	read_settings(settings, &first);
	t->lane_cfg = lane_config(&first);
	settings_free(&first);
	t->lane = olc_lane_create(&t->lane_cfg);
	t->batch = olc_order_batch_create(NULL);

	/* Orders from before the ticker existed are not shown: the batcher notes where the session
	 * is now, so an order made right after this returns is shown. */
	struct olc_snapshot *snap = olc_live_snapshot();
	if (snap && t->batch) {
		const struct olc_order_filter all = {true, false};
		olc_order_batch_feed(t->batch, snap, &all, monotonic_ms());
	}
	olc_snapshot_release(snap);

	load_effect(t);
	ticker_update(t, settings);

	proc_handler_t *ph = obs_source_get_proc_handler(source);
	proc_handler_add(
		ph,
		"void get_rows(out string text, out int batched, out int orders, out int shown, out int row_height)",
		proc_get_rows, t);
	proc_handler_add(ph,
			 "void get_stats(out int textures, out int capacity, out int slots_used, out int "
			 "texture_creates, out int rasters, out int raster_us, out int waiting, out int orders, out "
			 "int rows, out int batches, out int missed)",
			 proc_get_stats, t);

	if (olc_overlay_host_start(&t->host, host_ok && t->lane && t->batch) && olc_live_session()) {
		olc_session_add_listener(olc_live_session(), ticker_on_event, t);
		t->listening = true;
	}
	return t;
}

static void ticker_destroy(void *data)
{
	struct ticker_source *t = data;
	/* Returns once no order is inside our listener. */
	if (t->listening && olc_live_session())
		olc_session_remove_listener(olc_live_session(), ticker_on_event, t);
	/* A raster in progress takes a millisecond or so. */
	olc_overlay_host_stop(&t->host);

	obs_enter_graphics();
	for (size_t i = 0; i < SLOTS; i++)
		gs_texture_destroy(t->tex[i]);
	gs_effect_destroy(t->effect);
	obs_leave_graphics();

	olc_overlay_host_free(&t->host);
	drop_waiting(t);
	for (size_t i = 0; i < t->recent_count; i++)
		row_forget(&t->recent[i]);
	olc_order_batch_destroy(t->batch);
	olc_lane_destroy(t->lane);
	dstr_free(&t->rows_text);
	pthread_mutex_destroy(&t->rows_lock);
	bfree(t);
}

struct obs_source_info olc_order_ticker_source_info = {
	.id = OLC_SOURCE_ORDER_TICKER,
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.icon_type = OBS_ICON_TYPE_TEXT,
	.get_name = ticker_get_name,
	.create = ticker_create,
	.destroy = ticker_destroy,
	.update = ticker_update,
	.get_defaults = ticker_defaults,
	.get_properties = ticker_properties,
	.video_tick = ticker_video_tick,
	.video_render = ticker_video_render,
	.get_width = ticker_get_width,
	.get_height = ticker_get_height,
};
