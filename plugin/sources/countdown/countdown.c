/* live_commerce_countdown: the flash-sale timer as "mm:ss" under a label, the last 10 seconds in
 * the accent colour with a pulse each second, the end label at zero.
 *
 * The countdown itself is the module's one countdown (countdown-host.h): StartCountdown and
 * StopCountdown, this source's hotkeys and buttons, and the dock all drive the same timer, and
 * every countdown source shows it. CountdownEnded is announced by the host, once, even when no
 * countdown source exists.
 *
 * Nothing is rasterised as it counts. The source's worker rasterises the panel (label, no
 * digits), the same panel with the end label, and a strip of white glyphs '0'-'9' and ':' when
 * the settings or the label change (countdown-raster.h); video_tick uploads them; video_render
 * draws "mm:ss" as five quads out of the strip, tinted and scaled by effect parameters
 * (data/effects/countdown.effect). */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <string.h>

#include "core/stream/motion.h"
#include "raster/card-raster.h"
#include "runtime/countdown-host.h"
#include "raster/countdown-raster.h"
#include "overlay/clock-text.h"
#include "overlay/effect.h"
#include "overlay/host.h"
#include "overlay/look.h"
#include "plugin-support.h"
#include "runtime/stream-language.h"
#include "ids.h"

#define MS              1000000ull
#define PRESENCE_NS     (320 * MS)
#define SECOND_PULSE_NS (450 * MS)
#define END_PULSE_NS    (800 * MS)
#define DIGITS_PULSE    0.14f /* how much bigger the digits get at a pulse's peak */

/* What the worker rasterises from. Strings are bmalloc'd copies. */
struct cd_settings {
	char *label; /* the effective label: the running countdown's, else the setting's */
	char *end_label;
	struct olc_overlay_look look;
	char *language;
};

struct cd_images {
	struct olc_countdown_images images;
	struct olc_countdown_layout layout;
};

/* Everything video_render needs for one frame, made by video_tick. */
struct cd_draw {
	gs_texture_t *panel, *glyphs;
	uint32_t cx, cy;
	float opacity, scale;
	bool digits_shown; /* false when the panel says it all (ended) */
	struct olc_clock_text text;
	float digits_scale;
};

struct cd_source {
	obs_source_t *source;
	struct olc_overlay_host host; /* worker, settings, publish, clock, draw (struct cd_draw), size */

	/* Graphics side, under the host's tick lock. */
	gs_texture_t *tex_panel, *tex_ended, *tex_glyphs;
	struct olc_countdown_layout layout;
	uint32_t cx, cy;
	char setting_label[OLC_COUNTDOWN_LABEL_MAX + 1];
	char shown_label[OLC_COUNTDOWN_LABEL_MAX + 1]; /* what the worker was last asked to draw */
	bool show_when_idle;
	long long duration;
	struct olc_tween presence;
	bool visible;
	uint64_t seen_generation;
	enum olc_countdown_state seen_state;
	uint64_t end_start;
	bool end_pulsing;
	struct olc_countdown_view view;
	int shown_seconds;
	bool emphasised;
	float pulse;

	/* Any thread. */
	volatile long duration_s; /* for the hotkey and the Start button */

	struct olc_glyph_effect fx; /* the panel's Draw and the digits' Glyph */

	obs_hotkey_pair_id hotkeys;
};

/* ---- settings ------------------------------------------------------------------------------------ */

static void settings_free(void *settings)
{
	struct cd_settings *s = settings;
	bfree(s->label);
	bfree(s->end_label);
	olc_look_free(&s->look);
	bfree(s->language);
	memset(s, 0, sizeof(*s));
}

static void settings_copy(void *to, const void *from)
{
	struct cd_settings *dst = to;
	const struct cd_settings *src = from;
	*dst = *src;
	dst->label = src->label ? bstrdup(src->label) : NULL;
	dst->end_label = src->end_label ? bstrdup(src->end_label) : NULL;
	olc_look_copy(&dst->look, &src->look);
	dst->language = src->language ? bstrdup(src->language) : NULL;
}

static const struct olc_look_limits look_limits = {
	.width_min = 240,
	.width_max = 2000,
	.width_default = 420,
	.radius_max = 96,
};

/* Everything but the label, which the tick decides. */
static void read_settings(obs_data_t *data, struct cd_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->end_label = olc_overlay_text_setting(data, S_CD_END_LABEL, K_CD_END_LABEL_DEFAULT);
	olc_look_read(data, &look_limits, &s->look);
	s->language = olc_overlay_language();
}

/* ---- the worker: rasterises on a change of settings or label, never per second ------------------ */

static void images_free(void *images)
{
	struct cd_images *img = images;
	if (!img)
		return;
	olc_countdown_images_free(&img->images);
	bfree(img);
}

static struct cd_images *rasterise(struct cd_source *cd, const struct cd_settings *set)
{
	struct olc_countdown_content content = {.label = set->label, .end_label = set->end_label};
	struct olc_card_style style;
	olc_card_style_default(&style);
	olc_look_to_card_style(&set->look, &style);
	style.language = set->language;

	struct cd_images *img = bzalloc(sizeof(*img));
	char err[256];
	const uint64_t start = os_gettime_ns();
	if (!olc_countdown_rasterise(&content, &style, &img->images, &img->layout, err, sizeof(err))) {
		obs_log(LOG_WARNING, "countdown '%s': %s", obs_source_get_name(cd->source), err);
		bfree(img);
		return NULL;
	}
	olc_overlay_host_count_raster(&cd->host, start);
	return img;
}

/* Only new settings (a new label among them) make a raster. */
static long long cd_work(void *source, const void *settings, uint32_t reasons)
{
	struct cd_source *cd = source;
	if (reasons & OLC_OVERLAY_WAKE_SETTINGS) {
		struct cd_images *img = rasterise(cd, settings);
		if (img)
			olc_overlay_host_publish(&cd->host, img);
	}
	return OLC_OVERLAY_SLEEP_UNTIL_WOKEN;
}

/* A new label for the next raster; the rest of the settings stay. */
static void request_label(struct cd_source *cd, const char *label)
{
	struct cd_settings next;
	olc_overlay_host_copy_settings(&cd->host, &next);
	bfree(next.label);
	next.label = *label ? bstrdup(label) : NULL;
	olc_overlay_host_set_settings(&cd->host, &next);
}

/* ---- graphics side ------------------------------------------------------------------------------- */

static void cd_update_draw(struct cd_source *cd, uint64_t now);

static void install(struct cd_source *cd, struct cd_images *img, uint64_t now)
{
	obs_enter_graphics();
	gs_texture_t *old[] = {cd->tex_panel, cd->tex_ended, cd->tex_glyphs};
	cd->tex_panel = olc_texture_upload(&img->images.panel);
	cd->tex_ended = olc_texture_upload(&img->images.ended);
	cd->tex_glyphs = olc_texture_upload(&img->images.glyphs);
	if (cd->tex_panel && cd->tex_ended && cd->tex_glyphs) {
		cd->layout = img->layout;
		cd->cx = (uint32_t)img->images.panel.width;
		cd->cy = (uint32_t)img->images.panel.height;
		olc_overlay_host_set_size(&cd->host, cd->cx, cd->cy);
	} else {
		obs_log(LOG_WARNING, "countdown '%s': its textures could not be created",
			obs_source_get_name(cd->source));
	}
	cd_update_draw(cd, now);
	for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++)
		gs_texture_destroy(old[i]);
	obs_leave_graphics();
	images_free(img);
}

/* The label to show: the running (or ended) countdown's own, else this source's setting. */
static const char *effective_label(const struct cd_source *cd)
{
	if (cd->view.state != OLC_COUNTDOWN_IDLE && cd->view.label[0])
		return cd->view.label;
	return cd->setting_label;
}

static void presence_to(struct cd_source *cd, float to, uint64_t now)
{
	const struct olc_tween *p = &cd->presence;
	const float from = p->from + (p->to - p->from) * olc_tween_progress(p, now);
	cd->presence.from = from;
	cd->presence.to = to;
	cd->presence.start_ns = now;
	const float distance = to > from ? to - from : from - to;
	cd->presence.duration_ns = (uint64_t)((double)PRESENCE_NS * distance);
}

static void advance(struct cd_source *cd, uint64_t now)
{
	olc_countdown_host_view(&cd->view);

	const char *label = effective_label(cd);
	if (strcmp(label, cd->shown_label) != 0) {
		snprintf(cd->shown_label, sizeof(cd->shown_label), "%s", label);
		request_label(cd, cd->shown_label);
	}

	struct cd_images *img = olc_overlay_host_take(&cd->host);
	if (img)
		install(cd, img, now);

	if (cd->view.generation != cd->seen_generation) {
		if (cd->view.state == OLC_COUNTDOWN_ENDED && cd->seen_state == OLC_COUNTDOWN_RUNNING) {
			cd->end_start = now;
			cd->end_pulsing = true;
		}
		cd->seen_generation = cd->view.generation;
		cd->seen_state = cd->view.state;
	}
	if (cd->end_pulsing && now >= cd->end_start + END_PULSE_NS)
		cd->end_pulsing = false;

	const bool want = cd->view.state != OLC_COUNTDOWN_IDLE || cd->show_when_idle;
	if (want != cd->visible) {
		cd->visible = want;
		presence_to(cd, want ? 1.0f : 0.0f, now);
	}

	switch (cd->view.state) {
	case OLC_COUNTDOWN_RUNNING: {
		cd->shown_seconds = olc_countdown_display_seconds(cd->view.remaining_ms);
		cd->emphasised = cd->shown_seconds <= OLC_COUNTDOWN_EMPHASIS_SECONDS;
		/* A beat as each of the last seconds appears: a function of the countdown's own clock,
		 * so every view and every frame rate shows the same pulse. */
		const int into = olc_countdown_ms_into_second(cd->view.remaining_ms);
		cd->pulse = cd->emphasised ? olc_pulse(0, SECOND_PULSE_NS, (uint64_t)into * MS) : 0.0f;
		break;
	}
	case OLC_COUNTDOWN_ENDED:
		cd->shown_seconds = 0;
		cd->emphasised = false;
		cd->pulse = 0.0f;
		break;
	case OLC_COUNTDOWN_IDLE:
		cd->shown_seconds = (int)cd->duration;
		cd->emphasised = false;
		cd->pulse = 0.0f;
		break;
	}
}

/* Called with the tick lock held (and possibly inside graphics, from install). */
static void cd_update_draw(struct cd_source *cd, uint64_t now)
{
	struct cd_draw d = {0};
	const struct olc_tween *p = &cd->presence;
	const float presence = p->from + (p->to - p->from) * olc_tween_progress(p, now);
	if (cd->tex_panel && presence > 0.0f) {
		const struct olc_countdown_layout *l = &cd->layout;
		const bool ended = cd->view.state == OLC_COUNTDOWN_ENDED;
		d.panel = ended ? cd->tex_ended : cd->tex_panel;
		d.glyphs = cd->tex_glyphs;
		d.cx = cd->cx;
		d.cy = cd->cy;
		d.opacity = olc_ease_out_cubic(presence);
		/* Pops in from a little smaller; the end lands with a bump. */
		d.scale = 0.9f + 0.1f * (cd->visible ? olc_ease_out_back(presence) : olc_ease_out_cubic(presence));
		if (cd->end_pulsing)
			d.scale += 0.06f * olc_pulse(cd->end_start, END_PULSE_NS, now);
		d.digits_scale = 1.0f + DIGITS_PULSE * cd->pulse;
		if (!ended) {
			olc_clock_text_layout(&d.text, l, cd->shown_seconds, cd->emphasised);
			d.digits_shown = true;
		}
	}
	olc_overlay_host_set_draw(&cd->host, &d);
}

static void cd_tick(void *source, uint64_t now)
{
	struct cd_source *cd = source;
	advance(cd, now);
	cd_update_draw(cd, now);
}

static void cd_video_tick(void *data, float seconds)
{
	struct cd_source *cd = data;
	olc_overlay_host_video_tick(&cd->host, seconds);
}

static void cd_video_render(void *data, gs_effect_t *unused)
{
	UNUSED_PARAMETER(unused);
	struct cd_source *cd = data;
	struct cd_draw d;
	olc_overlay_host_get_draw(&cd->host, &d);
	if (!d.panel || !cd->fx.effect || d.opacity <= 0.0f)
		return;

	const bool previous_srgb = olc_premultiplied_begin();

	gs_matrix_push();
	olc_matrix_scale_about((float)d.cx / 2.0f, (float)d.cy / 2.0f, d.scale);

	gs_effect_set_texture(cd->fx.p_image, d.panel);
	gs_effect_set_float(cd->fx.p_opacity, d.opacity);
	while (gs_effect_loop(cd->fx.effect, "Draw"))
		gs_draw_sprite(d.panel, 0, d.cx, d.cy);

	if (d.digits_shown && d.glyphs) {
		/* The digits' pulse scales them about the middle of their place. */
		const struct olc_card_rect *digits = &d.text.digits;
		const float mid_x = (float)digits->x + (float)digits->width / 2.0f;
		const float mid_y = (float)digits->y + (float)digits->height / 2.0f;
		gs_matrix_push();
		olc_matrix_scale_about(mid_x, mid_y, d.digits_scale);
		olc_clock_text_draw(&d.text, &cd->fx, d.glyphs, d.opacity);
		gs_matrix_pop();
	}

	gs_matrix_pop();
	olc_premultiplied_end(previous_srgb);
}

static uint32_t cd_get_width(void *data)
{
	struct cd_source *cd = data;
	return olc_overlay_host_width(&cd->host);
}

static uint32_t cd_get_height(void *data)
{
	struct cd_source *cd = data;
	return olc_overlay_host_height(&cd->host);
}

/* ---- starting and stopping: hotkeys, buttons ------------------------------------------------------- */

/* The hotkey and the Start button: this source's duration and label (so CountdownEnded carries
 * the words the viewers saw). */
static void start_with_duration(struct cd_source *cd)
{
	char label[OLC_COUNTDOWN_LABEL_MAX + 1];
	olc_overlay_host_lock_tick(&cd->host);
	snprintf(label, sizeof(label), "%s", cd->setting_label);
	olc_overlay_host_unlock_tick(&cd->host);
	struct olc_error err = {{0}};
	if (!olc_countdown_host_start(os_atomic_load_long(&cd->duration_s), label, NULL, &err))
		obs_log(LOG_WARNING, "countdown '%s': %s", obs_source_get_name(cd->source), err.text);
}

static bool hotkey_start(void *data, obs_hotkey_pair_id id, obs_hotkey_t *hotkey, bool pressed)
{
	UNUSED_PARAMETER(id);
	UNUSED_PARAMETER(hotkey);
	if (pressed)
		start_with_duration(data);
	return pressed;
}

static bool hotkey_stop(void *data, obs_hotkey_pair_id id, obs_hotkey_t *hotkey, bool pressed)
{
	UNUSED_PARAMETER(data);
	UNUSED_PARAMETER(id);
	UNUSED_PARAMETER(hotkey);
	if (pressed)
		olc_countdown_host_stop();
	return pressed;
}

static bool start_clicked(obs_properties_t *props, obs_property_t *p, void *data)
{
	UNUSED_PARAMETER(props);
	UNUSED_PARAMETER(p);
	if (data)
		start_with_duration(data);
	return false;
}

static bool stop_clicked(obs_properties_t *props, obs_property_t *p, void *data)
{
	UNUSED_PARAMETER(props);
	UNUSED_PARAMETER(p);
	UNUSED_PARAMETER(data);
	olc_countdown_host_stop();
	return false;
}

/* ---- procedures: automation, tests, the benchmark -------------------------------------------------- */

#ifdef OLC_TEST_HOOKS
/* Test builds only (OLC_TEST_HOOKS): the countdown's clock (the module's, shared by every countdown) reads ms (>= 0) until
 * set again, or runs on the system's monotonic clock again (< 0). */
static void proc_set_countdown_clock(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(data);
	olc_countdown_host_set_test_clock(calldata_int(cd, "ms"));
}
#endif

/* What the source shows as of its last tick: the countdown's state ("idle", "running", "ended"),
 * the text of the digits ("04:59"; "" when the end label shows), whether they are emphasised and
 * their pulse, whether the source is fully in view, where the digits and the label are, the
 * label drawn, rasters so far and CountdownEnded announcements so far (module-wide). */
static void proc_get_state(void *data, calldata_t *cd)
{
	struct cd_source *src = data;
	const uint64_t now = olc_overlay_host_lock_tick(&src->host);
	calldata_set_string(cd, "state", olc_countdown_state_name(src->view.state));
	calldata_set_int(cd, "remaining_ms", src->view.remaining_ms);
	char text[8] = "";
	if (src->view.state != OLC_COUNTDOWN_ENDED)
		olc_countdown_format(src->shown_seconds, text, sizeof(text));
	calldata_set_string(cd, "text", text);
	calldata_set_bool(cd, "emphasised", src->emphasised);
	calldata_set_float(cd, "pulse", src->pulse);
	const struct olc_tween *p = &src->presence;
	const float presence = p->from + (p->to - p->from) * olc_tween_progress(p, now);
	calldata_set_bool(cd, "shown", src->visible && presence >= 1.0f && src->tex_panel);
	calldata_set_bool(cd, "hidden", presence <= 0.0f);
	calldata_set_string(cd, "label", src->shown_label);
	olc_overlay_put_rect(cd, "digits", &src->layout.digits);
	olc_overlay_put_rect(cd, "label", &src->layout.label);
	calldata_set_int(cd, "width", src->cx);
	calldata_set_int(cd, "height", src->cy);
	calldata_set_int(cd, "ended_events", src->view.ended_count);
	olc_overlay_host_unlock_tick(&src->host);
	olc_overlay_put_raster_stats(&src->host, cd);
}

/* ---- the source ---------------------------------------------------------------------------------------- */

static const char *cd_get_name(void *unused)
{
	UNUSED_PARAMETER(unused);
	return T_CD_NAME;
}

static void cd_update(void *data, obs_data_t *settings)
{
	struct cd_source *cd = data;
	struct cd_settings next;
	read_settings(settings, &next);
	const long long duration = olc_clamp_ll(obs_data_get_int(settings, S_CD_DURATION), OLC_COUNTDOWN_MIN_SECONDS,
						OLC_COUNTDOWN_MAX_SECONDS);
	os_atomic_set_long(&cd->duration_s, (long)duration);

	olc_overlay_host_lock_tick(&cd->host);
	char *label = olc_overlay_text_setting(settings, S_CD_LABEL, K_CD_LABEL_DEFAULT);
	snprintf(cd->setting_label, sizeof(cd->setting_label), "%s", label ? label : "");
	bfree(label);
	cd->show_when_idle = strcmp(obs_data_get_string(settings, S_CD_WHEN_IDLE), S_CD_WHEN_IDLE_SHOW) == 0;
	cd->duration = duration;
	olc_countdown_host_view(&cd->view);
	snprintf(cd->shown_label, sizeof(cd->shown_label), "%s", effective_label(cd));
	next.label = cd->shown_label[0] ? bstrdup(cd->shown_label) : NULL;
	olc_overlay_host_unlock_tick(&cd->host);

	olc_overlay_host_set_settings(&cd->host, &next);
}

static void cd_defaults(obs_data_t *settings)
{
	obs_data_set_default_int(settings, S_CD_DURATION, 300);
	obs_data_set_default_string(settings, S_CD_LABEL, T_CD_LABEL_DEFAULT);
	obs_data_set_default_string(settings, S_CD_END_LABEL, T_CD_END_LABEL_DEFAULT);
	obs_data_set_default_string(settings, S_CD_WHEN_IDLE, S_CD_WHEN_IDLE_HIDE);
	olc_look_set_defaults(settings, &look_limits);
}

static obs_properties_t *cd_properties(void *data)
{
	obs_properties_t *props = obs_properties_create();

	obs_properties_t *timer = obs_properties_create();
	obs_property_t *p = obs_properties_add_int(timer, S_CD_DURATION, T_CD_DURATION, OLC_COUNTDOWN_MIN_SECONDS,
						   OLC_COUNTDOWN_MAX_SECONDS, 5);
	obs_property_int_set_suffix(p, " s");
	p = obs_properties_add_text(timer, S_CD_LABEL, T_CD_LABEL, OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_CD_LABEL_HINT);
	obs_properties_add_text(timer, S_CD_END_LABEL, T_CD_END_LABEL, OBS_TEXT_DEFAULT);
	p = obs_properties_add_list(timer, S_CD_WHEN_IDLE, T_CD_WHEN_IDLE, OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_CD_WHEN_IDLE_HIDE, S_CD_WHEN_IDLE_HIDE);
	obs_property_list_add_string(p, T_CD_WHEN_IDLE_SHOW, S_CD_WHEN_IDLE_SHOW);
	obs_properties_add_button2(timer, S_CD_START_BUTTON, T_CD_START, start_clicked, data);
	obs_properties_add_button2(timer, S_CD_STOP_BUTTON, T_CD_STOP, stop_clicked, data);
	obs_properties_add_group(props, "group_timer", T_CD_GROUP_TIMER, OBS_GROUP_NORMAL, timer);

	obs_properties_t *look = obs_properties_create();
	olc_look_add_properties(look, &look_limits, T_CARD_WIDTH, NULL);
	obs_properties_add_group(props, "group_look", T_CARD_GROUP_LOOK, OBS_GROUP_NORMAL, look);
	return props;
}

static const struct olc_overlay_ops cd_ops = {
	.who = "countdown",
	.thread_name = "olc-countdown-src",
	.settings_size = sizeof(struct cd_settings),
	.settings_copy = settings_copy,
	.settings_clear = settings_free,
	.work = cd_work,
	.output_free = images_free,
	.tick = cd_tick,
	.draw_size = sizeof(struct cd_draw),
};

static void *cd_create(obs_data_t *settings, obs_source_t *source)
{
	struct cd_source *cd = bzalloc(sizeof(*cd));
	cd->source = source;
	cd->duration_s = 300;
	olc_tween_set(&cd->presence, 0.0f);
	const bool host_ok = olc_overlay_host_init(&cd->host, &cd_ops, cd, source);

	olc_glyph_effect_load(&cd->fx, "countdown");
	if (host_ok)
		cd_update(cd, settings);

	/* Per source, so each starts with its own duration; libobs saves the bindings with the source
	 * and releases them with it. */
	cd->hotkeys =
		obs_hotkey_pair_register_source(source, H_COUNTDOWN_START, T_HOTKEY_COUNTDOWN_START, H_COUNTDOWN_STOP,
						T_HOTKEY_COUNTDOWN_STOP, hotkey_start, hotkey_stop, cd, cd);

	proc_handler_t *ph = obs_source_get_proc_handler(source);
#ifdef OLC_TEST_HOOKS
	proc_handler_add(ph, "void set_countdown_clock(in int ms)", proc_set_countdown_clock, cd);
#endif
	proc_handler_add(ph,
			 "void get_state(out string state, out int remaining_ms, out string text, out bool emphasised, "
			 "out float pulse, out bool shown, out bool hidden, out string label, out int width, "
			 "out int height, out int ended_events, out int rasters, out int raster_us)",
			 proc_get_state, cd);

	olc_overlay_host_start(&cd->host, host_ok);
	return cd;
}

static void cd_destroy(void *data)
{
	struct cd_source *cd = data;
	olc_overlay_host_stop(&cd->host);
	obs_enter_graphics();
	gs_texture_destroy(cd->tex_panel);
	gs_texture_destroy(cd->tex_ended);
	gs_texture_destroy(cd->tex_glyphs);
	gs_effect_destroy(cd->fx.effect);
	obs_leave_graphics();

	olc_overlay_host_free(&cd->host);
	bfree(cd);
}

struct obs_source_info olc_countdown_source_info = {
	.id = OLC_SOURCE_COUNTDOWN,
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.icon_type = OBS_ICON_TYPE_TEXT,
	.get_name = cd_get_name,
	.create = cd_create,
	.destroy = cd_destroy,
	.update = cd_update,
	.get_defaults = cd_defaults,
	.get_properties = cd_properties,
	.video_tick = cd_video_tick,
	.video_render = cd_video_render,
	.get_width = cd_get_width,
	.get_height = cd_get_height,
};
