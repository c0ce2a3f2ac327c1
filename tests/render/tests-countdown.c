/* Render tests of the flash-sale countdown (plugin/sources/countdown/countdown.c and the module's countdown,
 * plugin/runtime/countdown-host.c), drawn by real libobs and read back.
 *
 * The countdown runs on the module's monotonic clock; these tests stand it still with the
 * source's set_countdown_clock procedure and move it by hand, so the frames at exactly 12 s, 10 s,
 * a pulse's peak and zero are taken without waiting or flaking. They start and stop it through the
 * module's vendor API, as Stream Deck would (StartCountdown, StopCountdown). The vendor events
 * themselves go to obs-websocket, which the render harness does not have: CountdownEnded is
 * counted by the module (ended_events) here and received for real in tests/e2e/overlays.mjs.
 *
 * The source id, setting keys, request and procedure names are written out: a rename must fail
 * here.
 *
 * The goldens (tests/golden/render/countdown-*.png) are what libobs drew, read back: the panel and
 * the digits it draws from the glyph strip at 04:59, at 00:07 (emphasised, 100 ms into the pulse)
 * and at the end, in each look, on both clocks stood still. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNTDOWN_ID "live_commerce_countdown"
#define VENDOR       "live-commerce"

/* The light look's colours (ui/raster/card-theme.cpp): the digits' ink and the accent of the last
 * seconds. */
#define INK_R    0x16
#define INK_G    0x18
#define INK_B    0x23
#define ACCENT_R 0xFE
#define ACCENT_G 0x2C
#define ACCENT_B 0x55

struct rect {
	int x, y, w, h;
};

struct cd_state {
	char state[16], text[8], label[256];
	bool emphasised, shown, hidden;
	double pulse;
	long long ended_events, rasters, remaining_ms;
	struct rect digits, pill;
	int width, height;
};

static void read_rect(calldata_t *cd, const char *name, struct rect *r)
{
	const struct olc_gc_region g = rt_read_region(cd, name);
	*r = (struct rect){g.x, g.y, g.width, g.height};
}

static bool get_state(obs_source_t *source, struct cd_state *s)
{
	calldata_t cd = {0};
	memset(s, 0, sizeof(*s));
	bool ok = proc_handler_call(obs_source_get_proc_handler(source), "get_state", &cd);
	if (ok) {
		const char *v = calldata_string(&cd, "state");
		snprintf(s->state, sizeof(s->state), "%s", v ? v : "");
		v = calldata_string(&cd, "text");
		snprintf(s->text, sizeof(s->text), "%s", v ? v : "");
		v = calldata_string(&cd, "label");
		snprintf(s->label, sizeof(s->label), "%s", v ? v : "");
		s->emphasised = calldata_bool(&cd, "emphasised");
		s->shown = calldata_bool(&cd, "shown");
		s->hidden = calldata_bool(&cd, "hidden");
		s->pulse = calldata_float(&cd, "pulse");
		s->ended_events = calldata_int(&cd, "ended_events");
		s->rasters = calldata_int(&cd, "rasters");
		s->remaining_ms = calldata_int(&cd, "remaining_ms");
		read_rect(&cd, "digits", &s->digits);
		read_rect(&cd, "label", &s->pill);
		s->width = (int)calldata_int(&cd, "width");
		s->height = (int)calldata_int(&cd, "height");
	}
	calldata_free(&cd);
	return ok;
}

static void call_int(obs_source_t *source, const char *proc, long long ms)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", ms);
	proc_handler_call(obs_source_get_proc_handler(source), proc, &cd);
	calldata_free(&cd);
}

/* Calls a vendor request; *response (created here, the caller releases it) holds the answer. */
static bool vendor_call(struct rt_ctx *t, const char *type, obs_data_t *request, obs_data_t **response)
{
	*response = obs_data_create();
	if (!rt_vendor_request(VENDOR, type, request, *response))
		return rt_fail(t, "the module registered no vendor request %s", type);
	return true;
}

static bool start_countdown(struct rt_ctx *t, long long seconds, const char *label)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_int(req, "seconds", seconds);
	if (label)
		obs_data_set_string(req, "label", label);
	obs_data_t *response = NULL;
	bool ok = vendor_call(t, "StartCountdown", req, &response);
	if (ok && !obs_data_get_bool(response, "ok"))
		ok = rt_fail(t, "StartCountdown {seconds: %lld} failed: %s", seconds,
			     obs_data_get_string(response, "error"));
	obs_data_release(response);
	obs_data_release(req);
	return ok;
}

static void stop_countdown(struct rt_ctx *t)
{
	obs_data_t *response = NULL;
	if (vendor_call(t, "StopCountdown", NULL, &response) && !obs_data_get_bool(response, "ok"))
		rt_fail(t, "StopCountdown failed: %s", obs_data_get_string(response, "error"));
	obs_data_release(response);
}

/* Sets the module's countdown clock, then waits until the source shows what it is told to. */
static bool at_clock(struct rt_ctx *t, obs_source_t *source, long long ms, const char *state, const char *text,
		     struct cd_state *s)
{
	call_int(source, "set_countdown_clock", ms);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (;;) {
		harness_wait_ticks(1, 1000);
		if (get_state(source, s) && strcmp(s->state, state) == 0 && strcmp(s->text, text) == 0 && s->shown)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(t,
				       "at %lld ms the countdown is %s showing \"%s\" (shown %d); expected %s \"%s\"",
				       ms, s->state, s->text, s->shown, state, text);
	}
}

static bool render(struct rt_ctx *t, obs_source_t *source, struct olc_frame *f, const char *what)
{
	if (!harness_render(source, 0, 0, f) || !f->rgba)
		return rt_fail(t, "cannot render the countdown (%s)", what);
	return rt_save(t, f, what);
}

static double region_diff(const struct olc_frame *a, const struct olc_frame *b, const struct rect *r)
{
	double sum = 0;
	for (int y = r->y; y < r->y + r->h; y++) {
		for (int x = r->x; x < r->x + r->w; x++) {
			const uint8_t *p = a->rgba + ((size_t)y * a->width + (size_t)x) * 4;
			const uint8_t *q = b->rgba + ((size_t)y * b->width + (size_t)x) * 4;
			for (int c = 0; c < 4; c++)
				sum += abs((int)p[c] - (int)q[c]);
		}
	}
	return r->w > 0 && r->h > 0 ? sum / ((double)r->w * r->h * 4) : 0;
}

/* The share of pixels in r within 40 (sum of channel differences) of a colour. */
static double share_of(const struct olc_frame *f, const struct rect *r, int red, int green, int blue)
{
	size_t near = 0;
	for (int y = r->y; y < r->y + r->h; y++) {
		for (int x = r->x; x < r->x + r->w; x++) {
			const uint8_t *p = f->rgba + ((size_t)y * f->width + (size_t)x) * 4;
			if (abs(p[0] - red) + abs(p[1] - green) + abs(p[2] - blue) < 40)
				near++;
		}
	}
	return r->w > 0 && r->h > 0 ? (double)near / ((double)r->w * r->h) : 0;
}

static obs_data_t *countdown_settings(const char *end_label)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "label", "Flash sale ends in");
	obs_data_set_string(s, "end_label", end_label);
	obs_data_set_string(s, "when_idle", "hide");
	return s;
}

/* 1. StartCountdown takes 5 to 3600 whole seconds; anything else is an error in plain words and
 * changes nothing. */
static bool test_start_range(struct rt_ctx *t)
{
	stop_countdown(t);
	struct {
		const char *json;
		const char *error;
	} bad[] = {
		{"{\"seconds\": 2}", "\"seconds\" must be a whole number from 5 to 3600, not 2"},
		{"{\"seconds\": 4}", "\"seconds\" must be a whole number from 5 to 3600, not 4"},
		{"{\"seconds\": 3601}", "\"seconds\" must be a whole number from 5 to 3600, not 3601"},
		{"{\"seconds\": -30}", "\"seconds\" must be a whole number from 5 to 3600, not -30"},
		{"{\"seconds\": 12.5}", "\"seconds\" must be a whole number from 5 to 3600, not 12.5"},
		{"{\"seconds\": \"60\"}", "\"seconds\" must be a whole number from 5 to 3600, not text of 2 bytes"},
		{"{}", "\"seconds\" is required: a whole number from 5 to 3600"},
		{"{\"seconds\": 60, \"label\": 7}", "\"label\" must be text of at most 200 bytes, not 7"},
		{"{\"seconds\": 60, \"label\": \"two\\nlines\"}",
		 "\"label\" must be one line of text, without control characters"},
		{"{\"seconds\": 60, \"product_id\": \"no-such-product\"}", "\"product_id\" is not in the catalog"},
	};
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(bad) / sizeof(bad[0]); i++) {
		obs_data_t *req = obs_data_create_from_json(bad[i].json);
		obs_data_t *response = NULL;
		ok = vendor_call(t, "StartCountdown", req, &response);
		if (ok && obs_data_get_bool(response, "ok"))
			ok = rt_fail(t, "StartCountdown %s was accepted", bad[i].json);
		else if (ok && strcmp(obs_data_get_string(response, "error"), bad[i].error) != 0)
			ok = rt_fail(t, "StartCountdown %s: error \"%s\", expected \"%s\"", bad[i].json,
				     obs_data_get_string(response, "error"), bad[i].error);
		obs_data_release(response);
		obs_data_release(req);
	}
	obs_data_t *response = NULL;
	if (ok && vendor_call(t, "GetCountdown", NULL, &response) &&
	    strcmp(obs_data_get_string(response, "state"), "idle") != 0)
		ok = rt_fail(t, "after refused starts the countdown is %s, not idle",
			     obs_data_get_string(response, "state"));
	obs_data_release(response);

	/* The edges are fine, and the answer says what was started. */
	for (long long seconds = 5; ok && seconds <= 3600; seconds += 3595) {
		obs_data_t *req = obs_data_create();
		obs_data_set_int(req, "seconds", seconds);
		obs_data_set_string(req, "label", "秒杀");
		ok = vendor_call(t, "StartCountdown", req, &response);
		if (ok && (!obs_data_get_bool(response, "ok") || obs_data_get_int(response, "seconds") != seconds ||
			   strcmp(obs_data_get_string(response, "label"), "秒杀") != 0))
			ok = rt_fail(t, "StartCountdown {seconds: %lld} answered ok %d, seconds %lld: %s", seconds,
				     obs_data_get_bool(response, "ok"), obs_data_get_int(response, "seconds"),
				     obs_data_get_string(response, "error"));
		obs_data_release(response);
		obs_data_release(req);
	}
	if (ok && vendor_call(t, "GetCountdown", NULL, &response)) {
		if (strcmp(obs_data_get_string(response, "state"), "running") != 0 ||
		    obs_data_get_int(response, "seconds") != 3600 ||
		    obs_data_get_int(response, "remaining_ms") > 3600000 ||
		    obs_data_get_int(response, "remaining_ms") < 3590000)
			ok = rt_fail(t, "GetCountdown after a 3600 s start: %s, %lld s, %lld ms left",
				     obs_data_get_string(response, "state"), obs_data_get_int(response, "seconds"),
				     obs_data_get_int(response, "remaining_ms"));
	}
	obs_data_release(response);
	stop_countdown(t);
	if (ok && vendor_call(t, "GetCountdown", NULL, &response) &&
	    strcmp(obs_data_get_string(response, "state"), "idle") != 0)
		ok = rt_fail(t, "StopCountdown left it %s", obs_data_get_string(response, "state"));
	obs_data_release(response);
	return ok;
}

/* 2. Frames at 12 s, 10 s (emphasised), the pulse's peak and zero (the end label); nothing is
 * rasterised as it counts, and the end is announced once. */
static bool test_frames_to_the_end(struct rt_ctx *t)
{
	stop_countdown(t);
	obs_data_t *settings = countdown_settings("SALE ENDED");
	obs_source_t *source = rt_create_source(t, COUNTDOWN_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	struct cd_state s;
	struct olc_frame f12 = {0}, f10 = {0}, peak = {0}, f10_late = {0}, end = {0}, end_later = {0};
	/* Idle and "show nothing": the source keeps its size but draws nothing. */
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (!(get_state(source, &s) && s.width > 0) && os_gettime_ns() < deadline)
		harness_wait_ticks(1, 1000);
	bool ok = s.width > 0 || rt_fail(t, "the countdown never rasterised its panel");
	if (ok && (!harness_render(source, 0, 0, &f12) || !olc_frame_is_clear(&f12) || f12.width != (uint32_t)s.width))
		ok = rt_fail(t, "idle with \"show nothing\": the %ux%u frame is not empty", f12.width, f12.height);
	harness_frame_free(&f12);

	call_int(source, "set_countdown_clock", 0);
	const long long ended_before = s.ended_events;
	ok = ok && start_countdown(t, 20, "限时秒杀 Flash sale");
	ok = ok && at_clock(t, source, 8000, "running", "00:12", &s) && render(t, source, &f12, "00-12");
	if (ok && (s.emphasised || strcmp(s.label, "限时秒杀 Flash sale") != 0))
		ok = rt_fail(t, "at 12 s: emphasised %d, label \"%s\" (expected the StartCountdown label)",
			     s.emphasised, s.label);
	const long long rasters = s.rasters;
	/* The digits are drawn glyph by glyph: at 11 s the minutes and the colon are the very same
	 * pixels, the seconds are not. */
	struct olc_frame f11 = {0};
	ok = ok && at_clock(t, source, 9000, "running", "00:11", &s) && render(t, source, &f11, "00-11");
	if (ok) {
		const struct rect left = {s.digits.x, s.digits.y, s.digits.w / 2, s.digits.h};
		const struct rect right = {s.digits.x + s.digits.w / 2, s.digits.y, s.digits.w - s.digits.w / 2,
					   s.digits.h};
		const double ink = share_of(&f12, &s.digits, INK_R, INK_G, INK_B);
		if (region_diff(&f12, &f11, &left) != 0.0 || region_diff(&f12, &f11, &right) < 2.0)
			ok = rt_fail(t,
				     "00:12 and 00:11 should differ in the seconds only (left half %.2f, right %.2f)",
				     region_diff(&f12, &f11, &left), region_diff(&f12, &f11, &right));
		else if (ink < 0.03 || ink > 0.4)
			ok = rt_fail(t, "00:12 covers %.0f %% of the digits' place in ink: not digits", ink * 100);
	}
	harness_frame_free(&f11);

	ok = ok && at_clock(t, source, 10000, "running", "00:10", &s) && render(t, source, &f10, "00-10");
	if (ok && (!s.emphasised || s.pulse != 0.0))
		ok = rt_fail(t, "at 10 s: emphasised %d, pulse %.2f; expected emphasised, no pulse yet", s.emphasised,
			     s.pulse);
	if (ok) {
		/* 00:12 in ink, 00:10 in the accent: the last seconds stand out by colour. */
		const double ink12 = share_of(&f12, &s.digits, INK_R, INK_G, INK_B);
		const double red12 = share_of(&f12, &s.digits, ACCENT_R, ACCENT_G, ACCENT_B);
		const double ink10 = share_of(&f10, &s.digits, INK_R, INK_G, INK_B);
		const double red10 = share_of(&f10, &s.digits, ACCENT_R, ACCENT_G, ACCENT_B);
		if (ink12 < 0.03 || red12 > 0.002 || red10 < 0.03 || ink10 > 0.002)
			ok = rt_fail(t,
				     "digits' colours: at 12 s %.1f %% ink and %.1f %% accent, at 10 s %.1f %% ink and "
				     "%.1f %% accent",
				     ink12 * 100, red12 * 100, ink10 * 100, red10 * 100);
		if (ok && region_diff(&f12, &f10, &s.digits) < 5.0)
			ok = rt_fail(t, "the frames at 12 s and 10 s hardly differ in the digits");
	}

	/* The pulse: 225 ms into the second it is at its peak, and gone by 700 ms. */
	ok = ok && at_clock(t, source, 10225, "running", "00:10", &s) && render(t, source, &peak, "00-10-pulse");
	if (ok && s.pulse < 0.99)
		ok = rt_fail(t, "225 ms into 00:10 the pulse is %.2f, expected its peak", s.pulse);
	ok = ok && at_clock(t, source, 10700, "running", "00:10", &s) && render(t, source, &f10_late, "00-10-late");
	if (ok && region_diff(&peak, &f10, &s.digits) < 2.0)
		ok = rt_fail(t, "at the pulse's peak the digits look as they do without it");
	if (ok && region_diff(&f10_late, &f10, &s.digits) != 0.0)
		ok = rt_fail(t, "after the pulse 00:10 is not drawn as it was at 10.000 s");

	/* Zero: the end label in the digits' place, announced once. */
	ok = ok && at_clock(t, source, 20000, "ended", "", &s);
	if (ok) {
		os_sleep_ms(1000); /* the end's bump on the source's own clock */
		harness_wait_ticks(2, 1000);
		ok = render(t, source, &end, "ended");
	}
	if (ok && region_diff(&end, &f10, &s.digits) < 5.0)
		ok = rt_fail(t, "at zero the digits' place looks as it did at 10 s");
	if (ok && share_of(&end, &s.digits, ACCENT_R, ACCENT_G, ACCENT_B) < 0.02)
		ok = rt_fail(t, "at zero there is no end label in the accent colour");
	ok = ok && at_clock(t, source, 30000, "ended", "", &s);
	if (ok && s.ended_events != ended_before + 1)
		ok = rt_fail(t, "CountdownEnded was announced %lld times, expected once",
			     s.ended_events - ended_before);
	if (ok && s.rasters != rasters)
		ok = rt_fail(t, "counting from 12 s to zero rasterised %lld times; digits must never be rasterised",
			     s.rasters - rasters);

	/* Another end label: the same place now holds other words, so the label is what is drawn. */
	if (ok) {
		obs_data_t *other = countdown_settings("Merci !");
		obs_source_update(source, other);
		obs_data_release(other);
		const uint64_t until = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		while (get_state(source, &s) && s.rasters == rasters && os_gettime_ns() < until)
			harness_wait_ticks(1, 1000);
		harness_wait_ticks(3, 1000);
		ok = render(t, source, &end_later, "ended-other-label");
		if (ok && region_diff(&end_later, &end, &s.digits) < 2.0)
			ok = rt_fail(t, "the end label \"Merci !\" draws like \"SALE ENDED\"");
	}

	stop_countdown(t);
	call_int(source, "set_countdown_clock", -1);
	harness_frame_free(&f12);
	harness_frame_free(&f10);
	harness_frame_free(&peak);
	harness_frame_free(&f10_late);
	harness_frame_free(&end);
	harness_frame_free(&end_later);
	harness_release_source(source);
	return ok;
}

/* 3. "Show the full duration" before it starts: the source's own duration in ink, with its own
 * label; the looks render at 1080p defaults (PNGs for the README). */
static bool test_idle_and_looks(struct rt_ctx *t)
{
	stop_countdown(t);
	const char *looks[] = {"light", "dark", "festive"};
	bool ok = true;
	for (size_t i = 0; ok && i < 3; i++) {
		obs_data_t *settings = obs_data_create();
		obs_data_set_string(settings, "when_idle", "show");
		obs_data_set_int(settings, "duration", 300);
		obs_data_set_string(settings, "look", looks[i]);
		obs_source_t *source = rt_create_source(t, COUNTDOWN_ID, settings);
		obs_data_release(settings);
		if (!source)
			return false;
		struct cd_state s;
		struct olc_frame f = {0};
		const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		while (!(get_state(source, &s) && s.shown && strcmp(s.text, "05:00") == 0)) {
			harness_wait_ticks(1, 1000);
			if (os_gettime_ns() > deadline) {
				ok = rt_fail(t, "%s: idle with \"show the full duration\" shows \"%s\" (shown %d)",
					     looks[i], s.text, s.shown);
				break;
			}
		}
		ok = ok && render(t, source, &f, looks[i]);
		if (ok && (s.width != 420 || s.pill.w <= 0 || s.digits.w <= 0))
			ok = rt_fail(t, "%s: a 420 px panel with a label and digits; got %d px, label %d, digits %d",
				     looks[i], s.width, s.pill.w, s.digits.w);
		if (ok && strcmp(looks[i], "light") == 0 && share_of(&f, &s.digits, INK_R, INK_G, INK_B) < 0.03)
			ok = rt_fail(t, "idle 05:00 is not drawn in ink");
		harness_frame_free(&f);
		harness_release_source(source);
	}
	return ok;
}

struct hotkey_find {
	const char *name;
	obs_hotkey_id id;
};

static bool find_hotkey(void *data, obs_hotkey_id id, obs_hotkey_t *key)
{
	struct hotkey_find *find = data;
	if (strcmp(obs_hotkey_get_name(key), find->name) == 0)
		find->id = id;
	return true;
}

/* Presses and releases a hotkey, as OBS does when its frontend routes hotkeys. */
static bool press(struct rt_ctx *t, const char *name)
{
	struct hotkey_find find = {name, OBS_INVALID_HOTKEY_ID};
	obs_enum_hotkeys(find_hotkey, &find);
	if (find.id == OBS_INVALID_HOTKEY_ID)
		return rt_fail(t, "the countdown registered no hotkey %s", name);
	obs_hotkey_trigger_routed_callback(find.id, true);
	obs_hotkey_trigger_routed_callback(find.id, false);
	return true;
}

/* 4. The source's start hotkey starts the module's countdown with the source's own duration and
 * label; its stop hotkey stops it. */
static bool test_hotkeys(struct rt_ctx *t)
{
	stop_countdown(t);
	obs_data_t *settings = countdown_settings("Done");
	obs_data_set_int(settings, "duration", 45);
	obs_data_set_string(settings, "label", "Hotkey sale");
	obs_source_t *source = rt_create_source(t, COUNTDOWN_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	obs_hotkey_enable_callback_rerouting(true);
	obs_data_t *response = NULL;
	bool ok = press(t, "live_commerce.countdown_start") && vendor_call(t, "GetCountdown", NULL, &response);
	if (ok && (strcmp(obs_data_get_string(response, "state"), "running") != 0 ||
		   obs_data_get_int(response, "seconds") != 45 ||
		   strcmp(obs_data_get_string(response, "label"), "Hotkey sale") != 0))
		ok = rt_fail(
			t, "after the start hotkey: %s, %lld s, label \"%s\"; expected running, 45 s, \"Hotkey sale\"",
			obs_data_get_string(response, "state"), obs_data_get_int(response, "seconds"),
			obs_data_get_string(response, "label"));
	obs_data_release(response);
	response = NULL;
	ok = ok && press(t, "live_commerce.countdown_stop") && vendor_call(t, "GetCountdown", NULL, &response);
	if (ok && strcmp(obs_data_get_string(response, "state"), "idle") != 0)
		ok = rt_fail(t, "after the stop hotkey the countdown is %s", obs_data_get_string(response, "state"));
	obs_data_release(response);
	obs_hotkey_enable_callback_rerouting(false);
	stop_countdown(t);
	harness_release_source(source);
	return ok;
}

/* 5. Goldens of what libobs draws, in each look: 04:59, 00:07 100 ms into its pulse, and the end
 * label once its bump is over. The module's countdown clock and each source's animation clock
 * (the entrance, the end's bump) stand still at chosen moments. */
static bool test_goldens(struct rt_ctx *t)
{
	stop_countdown(t);
	const char *looks[] = {"light", "dark", "festive"};
	obs_source_t *sources[3] = {NULL, NULL, NULL};
	const long long a0 = 100000; /* ms of the sources' animation clocks */
	bool ok = true;
	for (size_t i = 0; ok && i < 3; i++) {
		obs_data_t *settings = countdown_settings("秒杀结束 Sold out");
		obs_data_set_string(settings, "look", looks[i]);
		sources[i] = rt_create_source(t, COUNTDOWN_ID, settings);
		obs_data_release(settings);
		ok = sources[i] != NULL;
		if (ok)
			call_int(sources[i], "set_animation_clock", a0);
	}
	if (ok) {
		call_int(sources[0], "set_countdown_clock", 0);
		ok = start_countdown(t, 300, "限时秒杀 Flash sale");
	}
	/* Each source has seen the start (its entrance began at a0), then the entrance is over. */
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (size_t i = 0; ok && i < 3; i++) {
		struct cd_state s;
		while (ok && !(get_state(sources[i], &s) && strcmp(s.state, "running") == 0)) {
			harness_wait_ticks(1, 1000);
			if (os_gettime_ns() > deadline)
				ok = rt_fail(t, "%s: the countdown source never saw the start (%s)", looks[i], s.state);
		}
		call_int(sources[i], "set_animation_clock", a0 + 5000);
	}

	const struct {
		long long clock_ms;
		const char *state, *text, *name;
	} moments[] = {
		{1000, "running", "04:59", "04-59"},
		{293100, "running", "00:07", "00-07"},
		{300000, "ended", "", "ended"},
	};
	for (size_t m = 0; ok && m < sizeof(moments) / sizeof(moments[0]); m++) {
		struct cd_state s;
		for (size_t i = 0; ok && i < 3; i++)
			ok = at_clock(t, sources[i], moments[m].clock_ms, moments[m].state, moments[m].text, &s);
		if (ok && strcmp(moments[m].state, "ended") == 0) {
			/* The end lands with a bump on each source's clock: let it pass. */
			for (size_t i = 0; i < 3; i++)
				call_int(sources[i], "set_animation_clock", a0 + 10000);
		}
		harness_wait_ticks(2, 1000);
		for (size_t i = 0; ok && i < 3; i++) {
			struct olc_frame f = {0};
			char name[64];
			ok = get_state(sources[i], &s) && render(t, sources[i], &f, looks[i]);
			const struct olc_gc_region regions[] = {
				{"label", s.pill.x, s.pill.y, s.pill.w, s.pill.h},
				{"digits", s.digits.x, s.digits.y, s.digits.w, s.digits.h},
			};
			if (ok && (s.pill.w <= 0 || s.digits.w <= 0))
				ok = rt_fail(t, "%s: get_state reports no label or digits", looks[i]);
			snprintf(name, sizeof(name), "countdown-%s-%s", looks[i], moments[m].name);
			ok = ok && rt_expect_golden(t, &f, name, regions, 2);
			harness_frame_free(&f);
		}
	}
	stop_countdown(t);
	if (sources[0])
		call_int(sources[0], "set_countdown_clock", -1);
	for (size_t i = 0; i < 3; i++) {
		if (sources[i])
			call_int(sources[i], "set_animation_clock", -1);
		harness_release_source(sources[i]);
	}
	return ok;
}

const struct render_test countdown_tests[] = {
	{"countdown StartCountdown takes 5 to 3600 whole seconds, refuses the rest in plain words", test_start_range},
	{"countdown frames at 12 s, 10 s (emphasised, pulsing) and zero (end label), announced once",
	 test_frames_to_the_end},
	{"countdown idle shows its duration when asked; three looks", test_idle_and_looks},
	{"countdown start and stop hotkeys use the source's duration and label", test_hotkeys},
	{"countdown goldens: what libobs draws at 04:59, 00:07 and the end, in each look", test_goldens},
	{NULL, NULL},
};
