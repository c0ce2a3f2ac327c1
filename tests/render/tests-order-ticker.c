/* Render tests of the order ticker source (plugin/sources/order-ticker/order-ticker.c), drawn by real libobs and
 * read back. Orders come through the module's real session: the session is pointed at a json shop
 * in a file (no orders of its own arrive), and orders are made with the vendor request
 * SimulateOrder, as obs-websocket clients make them. Simulated orders are test orders, which the
 * ticker shows only with "show_test" on: the first test checks that it hides them by default.
 *   - rows: an order pops in as a row whose words are exact ("测** · 2 × 松茸 (#3) [TEST]"), the
 *     frame gets ink where the newest row is, and a second order changes the frame again;
 *   - 500 orders in one second: three single rows and one batch row per product, standing for all
 *     500 orders, at most max_rows rows and max_rows + 1 textures, and a bounded render time;
 *   - the marquee: frames at two moments of the (frozen) animation clock are the same row moved by
 *     exactly speed x time, whatever happened between;
 *   - a long burst into a small marquee: the texture pool stays within max_rows + 1 throughout;
 *   - the card's three looks and a custom accent colour the pill and the icon.
 * The source id, setting keys and procedure names are written out rather than taken from the
 * module's headers: they are stored in scene collections and used by automation, so a rename must
 * fail here. */
/* clock_gettime() is POSIX, beyond plain C17. */
#define _XOPEN_SOURCE 700

#include "file-shop.h"
#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>
#include <graphics/vec4.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TICKER_ID "live_commerce_order_ticker"
#define VENDOR    "live-commerce"

#define MATSUTAKE_ID FILE_SHOP_MATSUTAKE
#define ROSE_ID      FILE_SHOP_ROSE_JAM
#define NAAN_ID      FILE_SHOP_NAAN
#define DEMO_ID      "matsutake-500g" /* in the demo shop's catalog */

/* ---- the module's vendor API and the test shop -------------------------------------------------- */

static bool vendor(struct rt_ctx *t, const char *type, obs_data_t *request)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response);
	if (!ok)
		rt_fail(t, "the module registered no vendor request %s", type);
	else if (!obs_data_get_bool(response, "ok"))
		ok = rt_fail(t, "%s failed: %s", type, obs_data_get_string(response, "error"));
	obs_data_release(response);
	return ok;
}

static bool simulate(struct rt_ctx *t, const char *id, int quantity)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "id", id);
	obs_data_set_int(req, "quantity", quantity);
	bool ok = vendor(t, "SimulateOrder", req);
	obs_data_release(req);
	return ok;
}

static bool load_deck(struct rt_ctx *t, const char *json)
{
	obs_data_t *req = obs_data_create();
	obs_data_t *deck = obs_data_create_from_json(json);
	obs_data_set_obj(req, "deck", deck);
	bool ok = deck && vendor(t, "LoadDeck", req);
	obs_data_release(deck);
	obs_data_release(req);
	return ok;
}

/* The file shop (file-shop.h: no orders of its own), matsutake as #3. */
static bool use_ticker_shop(struct rt_ctx *t)
{
	if (rt_vendor_lists_product(MATSUTAKE_ID))
		return true;
	char why[512];
	if (!file_shop_use(t->out_dir, why, sizeof(why)))
		return rt_fail(t, "%s", why);
	return load_deck(t, "{\"version\": 1, \"name\": \"Ticker test\", \"currency\": \"CNY\", \"items\": ["
			    "{\"number\": 3, \"product_id\": \"" MATSUTAKE_ID "\"}]}");
}

/* ---- the ticker's own account ---------------------------------------------------------------------- */

struct rows {
	char text[4096];
	long long batched, orders, shown, row_height;
};

static void get_rows(obs_source_t *source, struct rows *out)
{
	calldata_t cd = {0};
	memset(out, 0, sizeof(*out));
	proc_handler_call(obs_source_get_proc_handler(source), "get_rows", &cd);
	const char *text = calldata_string(&cd, "text");
	snprintf(out->text, sizeof(out->text), "%s", text ? text : "");
	out->batched = calldata_int(&cd, "batched");
	out->orders = calldata_int(&cd, "orders");
	out->shown = calldata_int(&cd, "shown");
	out->row_height = calldata_int(&cd, "row_height");
	calldata_free(&cd);
}

static long long stat(obs_source_t *source, const char *name)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), "get_stats", &cd);
	long long v = calldata_int(&cd, name);
	calldata_free(&cd);
	return v;
}

static void set_clock(obs_source_t *source, long long ms)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", ms);
	proc_handler_call(obs_source_get_proc_handler(source), "set_animation_clock", &cd);
	calldata_free(&cd);
}

/* Waits (ticking) until the ticker has made `rows` rows in all and shows `shown` of them, with none
 * waiting for a place. */
static bool wait_rows(struct rt_ctx *t, obs_source_t *source, long long rows, long long shown, uint32_t timeout_ms)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)timeout_ms * 1000000ULL;
	struct rows r;
	for (;;) {
		harness_wait_ticks(1, 1000);
		get_rows(source, &r);
		if (stat(source, "rows") == rows && r.shown == shown && stat(source, "waiting") == 0)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(t,
				       "the ticker made %lld row(s) and shows %lld; expected %lld and %lld. Rows:\n%s",
				       stat(source, "rows"), r.shown, rows, shown, r.text);
	}
}

static obs_data_t *ticker_settings(const char *mode, int max_rows, bool show_test)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "mode", mode);
	obs_data_set_int(s, "max_rows", max_rows);
	obs_data_set_bool(s, "show_test", show_test);
	return s;
}

/* ---- pixels ------------------------------------------------------------------------------------------ */

struct rect {
	int x, y, w, h;
};

/* The share of pixels in r that are not fully transparent. */
static double cover(const struct olc_frame *f, struct rect r)
{
	size_t n = 0, opaque = 0;
	for (int y = r.y; y < r.y + r.h; y++) {
		for (int x = r.x; x < r.x + r.w; x++, n++)
			opaque += f->rgba[((size_t)y * f->width + (size_t)x) * 4 + 3] > 0;
	}
	return n ? (double)opaque / (double)n : 0;
}

/* The share of the opaque pixels in r far from the most common opaque colour there (the pill's):
 * glyphs. */
static double ink(const struct olc_frame *f, struct rect r)
{
	static unsigned bins[4096];
	memset(bins, 0, sizeof(bins));
	for (int y = r.y; y < r.y + r.h; y++) {
		for (int x = r.x; x < r.x + r.w; x++) {
			const uint8_t *p = f->rgba + ((size_t)y * f->width + (size_t)x) * 4;
			if (p[3] == 255)
				bins[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | p[2] >> 4]++;
		}
	}
	unsigned mode = 0;
	for (unsigned i = 1; i < 4096; i++)
		mode = bins[i] > bins[mode] ? i : mode;
	const int bg[3] = {(int)(mode >> 8) * 16 + 8, (int)(mode >> 4 & 15) * 16 + 8, (int)(mode & 15) * 16 + 8};
	size_t opaque = 0, marked = 0;
	for (int y = r.y; y < r.y + r.h; y++) {
		for (int x = r.x; x < r.x + r.w; x++) {
			const uint8_t *p = f->rgba + ((size_t)y * f->width + (size_t)x) * 4;
			if (p[3] != 255)
				continue;
			opaque++;
			marked += abs(p[0] - bg[0]) + abs(p[1] - bg[1]) + abs(p[2] - bg[2]) > 150;
		}
	}
	return opaque ? (double)marked / (double)opaque : 0;
}

static bool frames_equal(const struct olc_frame *a, const struct olc_frame *b)
{
	return a->width == b->width && a->height == b->height &&
	       (!a->rgba || memcmp(a->rgba, b->rgba, (size_t)a->width * a->height * 4) == 0);
}

/* The row of the stack's row place `index` counted from the newest (at the bottom). */
static struct rect row_place(const struct olc_frame *f, long long row_height, int index, int width)
{
	const int pitch = (int)row_height + 10; /* the stack's gap: 10 design pixels at scale 1 */
	return (struct rect){0, (int)f->height - (int)row_height - index * pitch, width, (int)row_height};
}

static bool expect_row(struct rt_ctx *t, const struct olc_frame *f, struct rect r, const char *what)
{
	/* The pill's left end (past its rounding) and its text. */
	const double c = cover(f, (struct rect){r.x + r.h / 4, r.y + r.h / 4, r.h * 3 / 4, r.h / 2});
	const double i = ink(f, (struct rect){r.x + r.h, r.y + r.h / 5, r.w - r.h, r.h * 3 / 5});
	if (c < 0.95 || i < 0.02)
		return rt_fail(t, "no row at %s (%d,%d %dx%d): %.0f %% covered, %.1f %% ink", what, r.x, r.y, r.w, r.h,
			       c * 100, i * 100);
	return true;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The slowest and the median wall time of obs_source_video_render(source) into a texture, as OBS
 * renders a view, over n renders. */
static void render_times(obs_source_t *source, int n, double *median, double *slowest)
{
	const uint32_t cx = obs_source_get_width(source), cy = obs_source_get_height(source);
	double *v = bzalloc(sizeof(double) * (size_t)n);
	obs_enter_graphics();
	gs_texrender_t *target = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	for (int i = 0; i < n; i++) {
		gs_texrender_reset(target);
		if (gs_texrender_begin(target, cx, cy)) {
			struct vec4 clear;
			vec4_zero(&clear);
			gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
			gs_ortho(0.0f, (float)cx, 0.0f, (float)cy, -100.0f, 100.0f);
			const double t0 = now_us();
			obs_source_video_render(source);
			v[i] = now_us() - t0;
			gs_texrender_end(target);
		}
	}
	gs_texrender_destroy(target);
	obs_leave_graphics();
	*slowest = 0;
	for (int i = 0; i < n; i++)
		*slowest = v[i] > *slowest ? v[i] : *slowest;
	/* A median by counting: n is small. */
	*median = 0;
	for (int i = 0; i < n; i++) {
		int below = 0;
		for (int j = 0; j < n; j++)
			below += v[j] < v[i];
		if (below == n / 2)
			*median = v[i];
	}
	bfree(v);
}

/* ---- tests ---------------------------------------------------------------------------------------------- */

/* 1. Test orders are hidden unless the setting allows them: nothing drawn, nothing counted. */
static bool test_hides_test_orders(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	obs_source_t *source = rt_create_source(t, TICKER_ID, NULL);
	if (!source)
		return false;
	struct olc_frame frame = {0};
	bool ok = simulate(t, MATSUTAKE_ID, 1) && simulate(t, NAAN_ID, 2) && harness_wait_ticks(30, RT_TIMEOUT_MS);
	os_sleep_ms(300); /* the worker would have made the rows by now */
	ok = ok && harness_wait_ticks(10, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &frame) &&
	     rt_save(t, &frame, "hidden");
	if (ok && (frame.width != 640 || frame.height != 6 * 66 - 10))
		ok = rt_fail(t, "the default ticker is %ux%u; expected 640x386 (6 rows of 56 px, 10 apart)",
			     frame.width, frame.height);
	if (ok && (!olc_frame_is_clear(&frame) || stat(source, "orders") != 0))
		ok = rt_fail(t, "with show_test off the ticker took %lld test order(s) and drew %s",
			     stat(source, "orders"), olc_frame_is_clear(&frame) ? "nothing" : "something");
	harness_frame_free(&frame);
	harness_release_source(source);
	return ok;
}

/* 2. Orders become rows with exact words; the frame shows them where the stack puts them; new
 * settings redraw them in place. */
static bool test_rows_appear(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	obs_data_t *settings = ticker_settings("stack", 4, true);
	obs_source_t *source = rt_create_source(t, TICKER_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	struct olc_frame empty = {0}, one = {0}, two = {0};
	struct rows r;
	bool ok = harness_wait_ticks(5, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &empty);
	if (ok && !olc_frame_is_clear(&empty))
		ok = rt_fail(t, "a new ticker draws something before any order");

	ok = ok && simulate(t, MATSUTAKE_ID, 2) && wait_rows(t, source, 1, 1, RT_TIMEOUT_MS);
	get_rows(source, &r);
	/* The simulated buyer is "测试 Test", masked; no city; matsutake is #3 in the deck. */
	if (ok && strcmp(r.text, "测** · 2 × 松茸 (#3) [TEST]\n") != 0)
		ok = rt_fail(t, "the row says \"%s\"", r.text);
	/* The pop-in takes under half a second of video time. */
	ok = ok && harness_wait_ticks(40, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &one) &&
	     rt_save(t, &one, "one-order");
	ok = ok && expect_row(t, &one, row_place(&one, r.row_height, 0, 300), "the newest place");
	if (ok && cover(&one, row_place(&one, r.row_height, 1, 300)) > 0)
		ok = rt_fail(t, "one order, but the second row place is drawn on");

	ok = ok && simulate(t, ROSE_ID, 1) && wait_rows(t, source, 2, 2, RT_TIMEOUT_MS);
	get_rows(source, &r);
	if (ok && strcmp(r.text, "测** · 2 × 松茸 (#3) [TEST]\n测** · 1 × 和田玫瑰酱 [TEST]\n") != 0)
		ok = rt_fail(t, "the rows say \"%s\"", r.text);
	ok = ok && harness_wait_ticks(40, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &two) &&
	     rt_save(t, &two, "two-orders");
	ok = ok && expect_row(t, &two, row_place(&two, r.row_height, 0, 300), "the newest place") &&
	     expect_row(t, &two, row_place(&two, r.row_height, 1, 300), "the second place");
	if (ok && (frames_equal(&one, &two) || frames_equal(&empty, &one)))
		ok = rt_fail(t, "the frames did not change with the orders");

	/* New settings redraw the rows shown, in place: anonymous buyers. */
	if (ok) {
		settings = obs_data_create();
		obs_data_set_string(settings, "buyer", "anonymous");
		obs_source_update(source, settings);
		obs_data_release(settings);
		const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		const char *want = "Someone · 2 × 松茸 (#3) [TEST]\nSomeone · 1 × 和田玫瑰酱 [TEST]\n";
		for (get_rows(source, &r); ok && strcmp(r.text, want) != 0; get_rows(source, &r)) {
			if (os_gettime_ns() > deadline)
				ok = rt_fail(t, "with anonymous buyers the rows say \"%s\"", r.text);
			harness_wait_ticks(1, 1000);
		}
		harness_frame_free(&one);
		ok = ok && harness_wait_ticks(5, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &one) &&
		     rt_save(t, &one, "anonymous") &&
		     expect_row(t, &one, row_place(&one, r.row_height, 0, 300), "newest") &&
		     expect_row(t, &one, row_place(&one, r.row_height, 1, 300), "second");
		if (ok && (r.shown != 2 || frames_equal(&one, &two)))
			ok = rt_fail(t, "after the redraw %lld rows are shown and the frame is %s", r.shown,
				     frames_equal(&one, &two) ? "unchanged" : "new");
	}

	harness_frame_free(&empty);
	harness_frame_free(&one);
	harness_frame_free(&two);
	harness_release_source(source);
	return ok;
}

/* 3. A flash sale: 500 orders in one second over three products. */
static bool test_burst_is_batched(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	obs_data_t *settings = ticker_settings("stack", 6, true);
	obs_source_t *source = rt_create_source(t, TICKER_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	const char *ids[] = {MATSUTAKE_ID, ROSE_ID, NAAN_ID};
	const uint64_t start = os_gettime_ns();
	bool ok = harness_wait_ticks(3, RT_TIMEOUT_MS);
	long long textures_max = 0;
	for (int i = 0; ok && i < 500; i++) {
		/* Spread over a second, as a real rush comes in. */
		while (os_gettime_ns() < start + (uint64_t)i * 2000000ULL)
			os_sleep_ms(1);
		ok = simulate(t, ids[i % 3], 1);
		const long long held = stat(source, "textures");
		textures_max = held > textures_max ? held : textures_max;
	}
	const double sent_s = (double)(os_gettime_ns() - start) / 1e9;
	if (ok && sent_s > 4.5)
		ok = rt_fail(t, "sending 500 orders took %.1f s: longer than the 5 s batch window", sent_s);

	/* 3 singles at once, then one batch row per product when the 5 s window ends. */
	ok = ok && wait_rows(t, source, 6, 6, 12000);
	struct rows r;
	get_rows(source, &r);
	const char *want = "测** · 1 × 松茸 (#3) [TEST]\n"
			   "测** · 1 × 和田玫瑰酱 [TEST]\n"
			   "测** · 1 × 馕 [TEST]\n"
			   "测** and 165 others ordered 松茸 (#3) [TEST]\n"
			   "测** and 165 others ordered 和田玫瑰酱 [TEST]\n"
			   "测** and 164 others ordered 馕 [TEST]\n";
	if (ok && (strcmp(r.text, want) != 0 || r.orders != 500 || r.batched != 3))
		ok = rt_fail(t, "%lld batch row(s) standing with the singles for %lld orders; the rows say:\n%s",
			     r.batched, r.orders, r.text);
	if (ok && (stat(source, "orders") != 500 || stat(source, "missed") != 0))
		ok = rt_fail(t, "the ticker took %lld orders and missed %lld; expected 500 and 0",
			     stat(source, "orders"), stat(source, "missed"));

	struct olc_frame frame = {0};
	ok = ok && harness_wait_ticks(40, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &frame) &&
	     rt_save(t, &frame, "batched");
	for (int place = 0; ok && place < 6; place++) {
		char what[32];
		snprintf(what, sizeof(what), "row place %d", place);
		ok = expect_row(t, &frame, row_place(&frame, r.row_height, place, 300), what);
	}
	harness_frame_free(&frame);

	const long long textures = stat(source, "textures"), capacity = stat(source, "capacity");
	textures_max = textures > textures_max ? textures : textures_max;
	if (ok && (capacity != 7 || textures_max > capacity || stat(source, "slots_used") > capacity))
		ok = rt_fail(t, "max_rows 6 but the ticker held up to %lld textures (capacity %lld, %lld slots used)",
			     textures_max, capacity, stat(source, "slots_used"));

	double median = 0, slowest = 0;
	if (ok)
		render_times(source, 200, &median, &slowest);
	printf("# render: order ticker with 6 rows: render median %.1f us, slowest %.1f us over 200 renders; "
	       "%lld rows rasterised, the last in %lld us\n",
	       median, slowest, stat(source, "rasters"), stat(source, "raster_us"));
	/* Generous: six textured quads; a software rasteriser on a busy machine is well under this. */
	if (ok && (median > 5000 || slowest > 50000))
		ok = rt_fail(t, "render took %.0f us (median), %.0f us (slowest)", median, slowest);
	harness_release_source(source);
	return ok;
}

/* 4. The marquee moves by speed x time on the source's clock, independent of the frames between. */
static bool test_marquee_moves_with_time(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	obs_data_t *settings = ticker_settings("marquee", 3, true);
	obs_data_set_int(settings, "width", 800);
	obs_data_set_int(settings, "speed", 100);
	obs_source_t *source = rt_create_source(t, TICKER_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	struct olc_frame a = {0}, b = {0}, c = {0};
	set_clock(source, 0);
	bool ok = harness_wait_ticks(3, RT_TIMEOUT_MS) && simulate(t, NAAN_ID, 3) && wait_rows(t, source, 1, 1, 5000);
	/* Laid at the right edge at time 0: 4 s later its left end is 400 px in, 5 s later 300. */
	set_clock(source, 4000);
	ok = ok && harness_wait_ticks(3, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &a) && rt_save(t, &a, "4s");
	set_clock(source, 5000);
	ok = ok && harness_wait_ticks(7, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &b) && rt_save(t, &b, "5s");
	ok = ok && harness_wait_ticks(20, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &c);
	if (ok && (a.width != 800 || a.height != 56))
		ok = rt_fail(t, "the marquee is %ux%u; expected 800x56", a.width, a.height);
	if (ok && !frames_equal(&b, &c))
		ok = rt_fail(t, "with the clock stopped the marquee still moved over 20 frames");
	if (ok) {
		/* Nothing left of the row's start; then b's columns 300.. are a's columns 400.. */
		if (cover(&a, (struct rect){0, 0, 400, 56}) > 0 || cover(&a, (struct rect){414, 14, 42, 28}) < 0.95 ||
		    cover(&b, (struct rect){0, 0, 300, 56}) > 0 || cover(&b, (struct rect){314, 14, 42, 28}) < 0.95)
			ok = rt_fail(t, "the row does not start at x 400 (4 s) and 300 (5 s)");
		for (uint32_t y = 0; ok && y < 56; y++) {
			if (memcmp(b.rgba + ((size_t)y * 800 + 300) * 4, a.rgba + ((size_t)y * 800 + 400) * 4,
				   400 * 4) != 0)
				ok = rt_fail(t, "at 5 s line %u is not the 4 s line moved 100 px left", y);
		}
	}
	harness_frame_free(&a);
	harness_frame_free(&b);
	harness_frame_free(&c);
	harness_release_source(source);
	return ok;
}

/* 5. A minute-long rush compressed: orders for five products for three seconds into a marquee of 3
 * rows with a 1 s window. The pool never holds more than 4 textures, and rewrites them in place. */
static bool test_marquee_pool_is_bounded(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	obs_data_t *settings = ticker_settings("marquee", 3, true);
	obs_data_set_int(settings, "batch_seconds", 1);
	obs_data_set_int(settings, "speed", 1000);
	obs_data_set_int(settings, "width", 1280);
	obs_source_t *source = rt_create_source(t, TICKER_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	const char *ids[] = {MATSUTAKE_ID, ROSE_ID, NAAN_ID};
	bool ok = true;
	long long textures_max = 0, sent = 0;
	const uint64_t end = os_gettime_ns() + 3000000000ULL;
	while (ok && os_gettime_ns() < end) {
		for (int i = 0; ok && i < 20; i++, sent++)
			ok = simulate(t, ids[sent % 3], 1 + (int)(sent % 4));
		harness_wait_ticks(1, 1000);
		const long long held = stat(source, "textures");
		textures_max = held > textures_max ? held : textures_max;
	}
	for (int i = 0; ok && i < 90; i++) {
		harness_wait_ticks(1, 1000);
		const long long held = stat(source, "textures");
		textures_max = held > textures_max ? held : textures_max;
	}
	struct olc_frame frame = {0};
	ok = ok && harness_render(source, 0, 0, &frame) && rt_save(t, &frame, "rush");
	if (ok && !olc_frame_has_content(&frame))
		ok = rt_fail(t, "the marquee shows nothing after %lld orders", sent);
	harness_frame_free(&frame);
	const long long rasters = stat(source, "rasters"), creates = stat(source, "texture_creates");
	printf("# render: order ticker marquee rush: %lld orders, %lld rows made (%lld batches), %lld rasterised, "
	       "%lld textures created, at most %lld held\n",
	       sent, stat(source, "rows"), stat(source, "batches"), rasters, creates, textures_max);
	if (ok && (textures_max > 4 || stat(source, "capacity") != 4))
		ok = rt_fail(t, "max_rows 3 but up to %lld textures were held", textures_max);
	if (ok && stat(source, "orders") != sent)
		ok = rt_fail(t, "%lld orders sent, %lld taken", sent, stat(source, "orders"));
	harness_release_source(source);
	return ok;
}

/* 6. The card's looks: the pill's colour (between the icon and the words) and the icon's accent. */
static bool test_looks(struct rt_ctx *t)
{
	if (!use_ticker_shop(t))
		return false;
	struct look {
		const char *name;
		uint32_t accent; /* 0: the look's own */
		int pill_min[3], pill_max[3];
		int icon_min[3], icon_max[3];
	} looks[] = {
		{"light", 0, {235, 235, 235}, {255, 255, 255}, {230, 20, 60}, {255, 70, 110}},
		{"dark", 0, {10, 10, 10}, {60, 60, 70}, {230, 40, 70}, {255, 90, 120}},
		{"festive", 0, {150, 0, 10}, {230, 50, 60}, {230, 180, 60}, {255, 230, 130}},
		/* 0xAABBGGRR: a green accent. */
		{"light", 0xFF30C810, {235, 235, 235}, {255, 255, 255}, {0, 170, 20}, {50, 230, 80}},
	};
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(looks) / sizeof(looks[0]); i++) {
		obs_data_t *settings = ticker_settings("stack", 1, true);
		obs_data_set_string(settings, "look", looks[i].name);
		if (looks[i].accent) {
			obs_data_set_bool(settings, "custom_accent", true);
			obs_data_set_int(settings, "accent_color", looks[i].accent);
		}
		obs_source_t *source = rt_create_source(t, TICKER_ID, settings);
		obs_data_release(settings);
		if (!source)
			return false;
		struct olc_frame f = {0};
		char what[64];
		snprintf(what, sizeof(what), "%s%s", looks[i].name, looks[i].accent ? "-accent" : "");
		ok = simulate(t, MATSUTAKE_ID, 1) && wait_rows(t, source, 1, 1, RT_TIMEOUT_MS) &&
		     harness_wait_ticks(40, RT_TIMEOUT_MS) && harness_render(source, 0, 0, &f) && rt_save(t, &f, what);
		/* At 1080p scale: the icon's circle spans x 8 to 48, the words start at 60, rows are 56 tall. */
		const uint8_t *pill = ok ? f.rgba + ((size_t)28 * f.width + 54) * 4 : NULL;
		const uint8_t *icon = ok ? f.rgba + ((size_t)28 * f.width + 11) * 4 : NULL;
		for (int c = 0; ok && c < 3; c++) {
			if (pill[c] < looks[i].pill_min[c] || pill[c] > looks[i].pill_max[c] ||
			    icon[c] < looks[i].icon_min[c] || icon[c] > looks[i].icon_max[c])
				ok = rt_fail(t, "%s: the pill is %u,%u,%u and the icon %u,%u,%u", what, pill[0],
					     pill[1], pill[2], icon[0], icon[1], icon[2]);
		}
		harness_frame_free(&f);
		harness_release_source(source);
	}
	return ok;
}

/* The last ticker test puts the session back on the demo shop with an empty deck. */
static bool test_back_to_demo(struct rt_ctx *t)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "demo");
	bool ok = load_deck(t, "{\"version\": 1, \"name\": \"Empty\", \"currency\": \"CNY\", \"items\": []}") &&
		  vendor(t, "SetConnection", req);
	obs_data_release(req);
	return ok && (rt_vendor_wait_listed(DEMO_ID, RT_TIMEOUT_MS) || rt_fail(t, "the shop never listed %s", DEMO_ID));
}

const struct render_test order_ticker_tests[] = {
	{"ticker hides test orders by default", test_hides_test_orders},
	{"ticker orders pop in as rows with their words", test_rows_appear},
	{"ticker 500 orders in a second are batched, pool and render time bounded", test_burst_is_batched},
	{"ticker marquee moves by speed x time", test_marquee_moves_with_time},
	{"ticker marquee texture pool stays bounded in a rush", test_marquee_pool_is_bounded},
	{"ticker looks: light, dark, festive and a custom accent", test_looks},
	{NULL, NULL},
};

/* Tear-down, not a test: the demo shop with an empty deck again. */
const struct render_test order_ticker_teardown[] = {
	{"ticker test shop replaced by the demo shop again", test_back_to_demo},
	{NULL, NULL},
};
