/* olc-bench-overlays: what each of the five overlays, and all five in one scene, costs the graphics
 * thread a frame, with steady data and under a rush of orders, in headless libobs with the render
 * tests' harness. The table's "frame" section.
 *
 *   olc-bench-overlays --module PATH/obs-live-commerce.so --data PATH/data [--out DIR]
 *                      [--frames N] [--rush-seconds N] [--rate ORDERS_PER_SECOND]
 *
 * Needs an X display with GL, like olc-render-tests (LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe). The
 * session is pointed at the bench shop (tests/bench/order-rush.h: a json shop in a file, three
 * products) with its matsutake featured and a one-hour countdown running. Rows, one at a time, each
 * made afresh at 1080p defaults and released after: the product card (following the featured
 * product, no entrance), the order ticker (6 rows shown, test orders shown), the sales goal, the
 * countdown (running), the QR code (following the featured product's link), and "all five": a scene
 * of the five side by side, rendered whole at the canvas size.
 *
 * A frame's cost is measured on the graphics thread, in the frame itself: its tick span (a tick
 * callback to the main render callback: frame-cost.h) minus the median span with no source of ours,
 * plus one obs_source_video_render() of the row's source (or scene) into a texture inside the main
 * render callback, as OBS renders its main view right after it, with CLOCK_THREAD_CPUTIME_ID. For
 * each row: median and 99th percentile over N frames (240) with steady data, then over a rush of
 * RATE orders a second (500) for N seconds (8), made with SimulateOrder through the module's vendor
 * API from a thread of their own. They are test orders: the ticker shows them, while they move no
 * stock and count for no goal, so the card, the goal, the countdown and the QR code take the orders'
 * events without drawing anything new. Also the frames libobs' graphics thread skipped meanwhile.
 * Prints a line of prose a row and the table's BENCH lines. Nothing is asserted: timing belongs to a
 * benchmark, not to a test that could flake. */
#define _POSIX_C_SOURCE 200809L

#include "bench-line.h"
#include "bench-start.h"
#include "file-shop.h"
#include "frame-cost.h"
#include "harness.h"
#include "order-rush.h"
#include "qt-app.h"
#include "vendor-stub.h"

#include <obs.h>
#include <graphics/vec2.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG     "olc-bench-overlays"
#define CANVAS_W 1920
#define CANVAS_H 1080

enum overlay { CARD, TICKER, GOAL, COUNTDOWN, QR, OVERLAYS };

static const struct {
	const char *id;
	const char *row; /* the table's row */
} overlays[OVERLAYS] = {
	[CARD] = {"live_commerce_product_card", "product card"},
	[TICKER] = {"live_commerce_order_ticker", "order ticker"},
	[GOAL] = {"live_commerce_sales_goal", "sales goal"},
	[COUNTDOWN] = {"live_commerce_countdown", "countdown"},
	[QR] = {"live_commerce_qr_code", "QR code"},
};

/* One overlay at its defaults, once it draws what a stream shows: NULL (with a reason) otherwise. */
static obs_source_t *make_overlay(enum overlay which, char *err, size_t errlen)
{
	obs_data_t *settings = obs_data_create();
	if (which == CARD)
		obs_data_set_string(settings, "transition", "none");
	if (which == TICKER)
		obs_data_set_bool(settings, "show_test", true);
	obs_source_t *source = harness_create_source(overlays[which].id, overlays[which].row, settings, err, errlen);
	obs_data_release(settings);
	if (!source)
		return NULL;
	bool ready = false;
	if (which == TICKER) {
		/* Six orders: three rows at once, three more when the 5 s batch window ends. */
		for (int i = 0; i < 6; i++) {
			rush_simulate(PROG, file_shop_ids[i % FILE_SHOP_PRODUCTS]);
			harness_wait_ticks(8, 2000);
		}
		for (int i = 0; i < 400 && bench_ticker_rows(source) < 6; i++)
			harness_wait_ticks(1, 1000);
		ready = bench_ticker_rows(source) >= 6;
	} else {
		for (int i = 0;
		     i < 500 && !(obs_source_get_width(source) && (which != CARD || bench_card_shown(source))); i++)
			harness_wait_ticks(1, 1000);
		ready = obs_source_get_width(source) && (which != CARD || bench_card_shown(source));
	}
	if (!ready) {
		snprintf(err, errlen, "the %s never showed", overlays[which].row);
		harness_release_source(source);
		return NULL;
	}
	harness_wait_ticks(60, 5000); /* entrances and pop-ins over */
	return source;
}

/* Per-frame costs of the frames just recorded, into costs: tick span minus the span without our
 * sources, plus the render. */
static size_t frame_costs(double *costs, double *ticks, double *renders, double without, double *tick_med,
			  double *render_med)
{
	const size_t n = fc_frames_stop(ticks, renders, FC_FRAMES_MAX);
	const size_t kept = n < FC_FRAMES_MAX ? n : FC_FRAMES_MAX;
	for (size_t i = 0; i < kept; i++)
		costs[i] = ticks[i] - without + renders[i];
	*tick_med = fc_percentile(ticks, kept, 0.5) - without;
	*render_med = fc_percentile(renders, kept, 0.5);
	return kept;
}

/* How many of n frame costs are over limit µs (before they are sorted). */
static size_t over(const double *costs, size_t n, double limit)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += costs[i] > limit;
	return count;
}

static double at_least_zero(double v)
{
	return v > 0 ? v : 0;
}

static double ticks_buf[FC_FRAMES_MAX], renders_buf[FC_FRAMES_MAX], costs_buf[FC_FRAMES_MAX];

/* Steady, then the rush, for one row; prints its prose and BENCH lines. */
static void measure(const char *row, obs_source_t *shown, double without, int frames, int rate, int seconds)
{
	const uint32_t cx = obs_source_get_width(shown), cy = obs_source_get_height(shown);
	double tick_med, render_med;

	harness_wait_ticks(10, 2000);
	fc_frames_start(shown, 0, 0);
	fc_frames_wait((size_t)frames);
	size_t n = frame_costs(costs_buf, ticks_buf, renders_buf, without, &tick_med, &render_med);
	size_t slow = over(costs_buf, n, 1000.0);
	const double steady_med = at_least_zero(fc_percentile(costs_buf, n, 0.5));
	const double steady_p99 = at_least_zero(fc_percentile(costs_buf, n, 0.99));
	printf("bench overlays: %s (%ux%u), steady: tick+render per frame median %.1f us, 99th percentile %.1f "
	       "(tick %.1f us, render %.1f us, medians) over %zu frames, %zu of them over 1 ms\n",
	       row, cx, cy, steady_med, steady_p99, tick_med, render_med, n, slow);
	bench_line("frame", row, "median steady", steady_med, "µs");
	bench_line("frame", row, "p99 steady", steady_p99, "µs");

	struct rush r;
	const uint32_t lagged_before = obs_get_lagged_frames(), total_before = obs_get_total_frames();
	const uint64_t start = os_gettime_ns();
	if (!rush_start(&r, PROG, rate, seconds)) {
		fprintf(stderr, "%s: cannot start the orders' sender\n", PROG);
		return;
	}
	fc_frames_start(shown, 0, 0);
	while (!r.done)
		os_sleep_ms(50);
	const long sent = rush_join(&r);
	n = frame_costs(costs_buf, ticks_buf, renders_buf, without, &tick_med, &render_med);
	slow = over(costs_buf, n, 1000.0);
	const double took = (double)(os_gettime_ns() - start) / 1e9;
	const uint32_t lagged = obs_get_lagged_frames() - lagged_before, total = obs_get_total_frames() - total_before;
	const double rush_med = at_least_zero(fc_percentile(costs_buf, n, 0.5));
	const double rush_p99 = at_least_zero(fc_percentile(costs_buf, n, 0.99));
	printf("bench overlays: %s, %ld orders in %.1f s (%.0f a second): tick+render per frame median %.1f us, "
	       "99th percentile %.1f (tick %.1f us, render %.1f us, medians) over %zu frames, %zu of them over 1 ms; "
	       "the graphics thread skipped %u of %u frames\n",
	       row, sent, took, (double)sent / took, rush_med, rush_p99, tick_med, render_med, n, slow, lagged, total);
	char metric[64];
	snprintf(metric, sizeof(metric), "median %d orders/s", rate);
	bench_line("frame", row, metric, rush_med, "µs");
	snprintf(metric, sizeof(metric), "p99 %d orders/s", rate);
	bench_line("frame", row, metric, rush_p99, "µs");
}

/* The five side by side on the canvas, as a stream would place them (none covers another). */
static void place(obs_sceneitem_t *item, enum overlay which, obs_source_t *source)
{
	const float w = (float)obs_source_get_width(source), h = (float)obs_source_get_height(source);
	struct vec2 pos;
	vec2_set(&pos, 40.0f, 40.0f);
	switch (which) {
	case CARD:
		pos.y = (float)CANVAS_H - h - 40.0f;
		break;
	case TICKER:
		pos.x = 640.0f;
		pos.y = (float)CANVAS_H - h - 40.0f;
		break;
	case GOAL:
		pos.x = (float)CANVAS_W - w - 40.0f;
		break;
	case COUNTDOWN:
		pos.x = 640.0f;
		break;
	case QR:
	default:
		pos.x = (float)CANVAS_W - w - 40.0f;
		pos.y = (float)CANVAS_H - h - 40.0f;
		break;
	}
	obs_sceneitem_set_pos(item, &pos);
}

int main(int argc, char **argv)
{
	struct bench_args args = {.out = "/tmp/olc-bench-overlays"};
	int frames = 240, seconds = 8, rate = 500;
	const struct bench_option options[] = {{"frames", &frames, 10, FC_FRAMES_MAX},
					       {"rush-seconds", &seconds, 1, FC_FRAMES_MAX / 30},
					       {"rate", &rate, 1, 100000},
					       {NULL}};
	char err[512];
	if (!bench_parse(argc, argv,
			 "usage: olc-bench-overlays --module PATH/obs-live-commerce.so --data PATH/data [--out DIR] "
			 "[--frames N] [--rush-seconds N] [--rate ORDERS_PER_SECOND]",
			 &args, options))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	const int started = bench_start(PROG, &args, true);
	if (started)
		return started;
	const char *out = args.out;
	obs_data_t *featured = obs_data_create_from_json("{\"id\": \"" FILE_SHOP_MATSUTAKE "\"}");
	obs_data_t *countdown = obs_data_create_from_json("{\"seconds\": 3600, \"label\": \"限时秒杀 Flash sale\"}");
	char why[512] = "";
	const bool ready = file_shop_use(out, why, sizeof(why)) && rush_vendor(PROG, "FeatureProduct", featured) &&
			   rush_vendor(PROG, "StartCountdown", countdown) && fc_frames_install();
	obs_data_release(featured);
	obs_data_release(countdown);
	if (!ready) {
		fprintf(stderr, "%s: the file shop (%s), its featured product, the countdown or the recorder failed\n",
			PROG, why[0] ? why : "ok");
		harness_stop();
		return 1;
	}

	/* The graphics thread's span with no source of ours: what every row subtracts. */
	harness_wait_ticks(30, 5000);
	fc_frames_start(NULL, 0, 0);
	fc_frames_wait(300);
	const size_t base_n = fc_frames_stop(ticks_buf, NULL, FC_FRAMES_MAX);
	const double without = fc_percentile(ticks_buf, base_n, 0.5);
	printf("bench overlays: the graphics thread's tick span with no source of ours: median %.1f us over %zu "
	       "frames (subtracted below)\n",
	       without, base_n);

	int status = 0;
	for (int which = 0; which < OVERLAYS; which++) {
		obs_source_t *source = make_overlay((enum overlay)which, err, sizeof(err));
		if (!source) {
			fprintf(stderr, "%s: %s\n", PROG, err);
			status = 1;
			continue;
		}
		measure(overlays[which].row, source, without, frames, rate, seconds);
		harness_release_source(source);
	}

	/* All five in one scene, rendered whole at the canvas size. */
	obs_scene_t *scene = obs_scene_create_private("bench all five");
	obs_source_t *scene_source = obs_scene_get_source(scene);
	obs_source_t *sources[OVERLAYS] = {0};
	obs_source_inc_showing(scene_source);
	/* The ticker last: its rows leave after 30 s. */
	static const enum overlay order[OVERLAYS] = {CARD, GOAL, COUNTDOWN, QR, TICKER};
	bool all = true;
	for (int i = 0; i < OVERLAYS && all; i++) {
		const enum overlay which = order[i];
		sources[which] = make_overlay(which, err, sizeof(err));
		if (sources[which])
			place(obs_scene_add(scene, sources[which]), which, sources[which]);
		else
			all = false;
	}
	if (all) {
		harness_wait_ticks(30, 5000);
		measure("all five", scene_source, without, frames, rate, seconds);
	} else {
		fprintf(stderr, "%s: all five: %s\n", PROG, err);
		status = 1;
	}
	obs_source_dec_showing(scene_source);
	obs_scene_release(scene);
	for (int which = 0; which < OVERLAYS; which++)
		if (sources[which])
			harness_release_source(sources[which]);

	obs_data_t *response = obs_data_create();
	rt_vendor_request("live-commerce", "StopCountdown", NULL, response);
	obs_data_release(response);
	fc_frames_remove();
	bench_stop(true);
	return status;
}
