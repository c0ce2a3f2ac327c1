/* olc-bench-ticker: what an order ticker costs, in headless libobs with the render tests' harness.
 *
 *   olc-bench-ticker --module PATH/obs-live-commerce.so --data PATH/data [--out DIR]
 *                    [--seconds N] [--rate ORDERS_PER_SECOND]
 *
 * Needs an X display with GL, like olc-render-tests (LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe). The
 * session is pointed at a json shop in a file (no orders of its own) and orders are made through
 * the module's vendor request SimulateOrder (test orders: the ticker shows them with show_test on),
 * answered by the render tests' stand-in for obs-websocket. The ticker is a stack of 6 rows at
 * 1080p defaults. Prints:
 *   - steady: 6 rows shown, no new orders. The median CPU time of one frame's video_tick +
 *     video_render: the tick measured on the graphics thread from a tick callback to the main
 *     render callback of the same frame, with the ticker minus without it, with
 *     CLOCK_THREAD_CPUTIME_ID; the render as obs_source_video_render() into a texture on this
 *     thread, timed around that one call;
 *   - a rush: RATE orders a second (500) over three products for N seconds (60), sent from a
 *     thread of their own. The same tick and render times meanwhile (median and 99th percentile),
 *     the frames libobs' graphics thread skipped (obs_get_lagged_frames, what obs-websocket reports
 *     as renderSkippedFrames) before and after, and what the ticker did: orders taken, rows made,
 *     rows rasterised, textures created and the most held at once (never above max_rows + 1).
 * Nothing is asserted: timing belongs to a benchmark, not to a test that could flake. */
#define _XOPEN_SOURCE 700

#include "bench-start.h"
#include "file-shop.h"
#include "frame-cost.h"
#include "harness.h"
#include "order-rush.h"
#include "qt-app.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TICKER_ID "live_commerce_order_ticker"
#define PROG      "olc-bench-ticker"

static double tick_samples[FC_FRAMES_MAX];

static long long stat(obs_source_t *source, const char *name)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), "get_stats", &cd);
	long long v = calldata_int(&cd, name);
	calldata_free(&cd);
	return v;
}

int main(int argc, char **argv)
{
	struct bench_args args = {.out = "/tmp/olc-bench-ticker"};
	int seconds = 60, rate = 500;
	const struct bench_option options[] = {{"seconds", &seconds, 1, 250}, {"rate", &rate, 1, 100000}, {NULL}};
	char err[512];
	if (!bench_parse(argc, argv,
			 "usage: olc-bench-ticker --module PATH/obs-live-commerce.so --data PATH/data [--out DIR] "
			 "[--seconds N] [--rate ORDERS_PER_SECOND]",
			 &args, options))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	const int started = bench_start("olc-bench-ticker", &args, true);
	if (started)
		return started;
	const char *out = args.out;
	if (!file_shop_use(out, err, sizeof(err))) {
		fprintf(stderr, "olc-bench-ticker: the session did not take the file shop: %s\n", err);
		harness_stop();
		return 1;
	}

	if (!fc_frames_install()) {
		fprintf(stderr, "olc-bench-ticker: no texture for the renders\n");
		harness_stop();
		return 1;
	}
	harness_wait_ticks(30, 5000);
	const int ticks = 300;
	fc_frames_start(NULL, 0, 0);
	fc_frames_wait(ticks);
	const size_t base_n = fc_frames_stop(tick_samples, NULL, FC_FRAMES_MAX);
	const double without = fc_percentile(tick_samples, base_n, 0.5);

	obs_data_t *settings = obs_data_create();
	obs_data_set_bool(settings, "show_test", true);
	obs_source_t *source = harness_create_source(TICKER_ID, "bench ticker", settings, err, sizeof(err));
	obs_data_release(settings);
	if (!source) {
		fprintf(stderr, "olc-bench-ticker: %s\n", err);
		harness_stop();
		return 1;
	}
	const uint32_t cx = obs_source_get_width(source), cy = obs_source_get_height(source);

	/* Six orders: three rows at once, three more when the 5 s batch window ends. */
	for (int i = 0; i < 6; i++) {
		rush_simulate(PROG, file_shop_ids[i % FILE_SHOP_PRODUCTS]);
		harness_wait_ticks(8, 2000);
	}
	for (int i = 0; i < 300 && bench_ticker_rows(source) < 6; i++)
		harness_wait_ticks(1, 1000);
	harness_wait_ticks(60, 5000); /* every pop-in over */

	obs_enter_graphics();
	gs_texrender_t *target = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	obs_leave_graphics();
	/* Renders as a view would: one a frame, 10 s, while the tick callbacks record the ticks. */
	const int renders = 300;
	double *render = malloc(sizeof(double) * (size_t)renders);
	fc_frames_start(NULL, 0, 0);
	for (int i = 0; i < renders; i++) {
		render[i] = fc_render_once(source, target, cx, cy);
		os_sleep_ms(33);
	}
	const size_t steady_n = fc_frames_stop(tick_samples, NULL, FC_FRAMES_MAX);
	const double render_med = fc_percentile(render, (size_t)renders, 0.5);
	const double render_p99 = fc_percentile(render, (size_t)renders, 0.99);
	const double with = fc_percentile(tick_samples, steady_n, 0.5);
	const double tick_med = with > without ? with - without : 0.0;
	printf("bench ticker: steady (%lld rows shown, no new orders): tick+render median %.1f us per frame (tick "
	       "%.1f us: %.1f with the ticker - %.1f without, over %zu frames; render %.1f us, 99th percentile "
	       "%.1f, over %d renders one a frame), %ux%u stack\n",
	       bench_ticker_rows(source), tick_med + render_med, tick_med, with, without, steady_n, render_med,
	       render_p99, renders, cx, cy);

	/* The rush. */
	struct rush r;
	const uint32_t lagged_before = obs_get_lagged_frames(), total_before = obs_get_total_frames();
	const long long orders_before = stat(source, "orders"), rows_before = stat(source, "rows");
	const long long rasters_before = stat(source, "rasters"), creates_before = stat(source, "texture_creates");
	const long long batches_before = stat(source, "batches");
	if (!rush_start(&r, PROG, rate, seconds)) {
		fprintf(stderr, "olc-bench-ticker: cannot start the sender\n");
		return 1;
	}
	const uint64_t rush_start = os_gettime_ns();
	fc_frames_start(NULL, 0, 0);
	int rush_renders = 0;
	double *rush_render = malloc(sizeof(double) * (size_t)(seconds * 30 + 30));
	long long textures_max = 0;
	while (!r.done) {
		if (rush_renders < seconds * 30 + 30)
			rush_render[rush_renders++] = fc_render_once(source, target, cx, cy);
		const long long held = stat(source, "textures");
		textures_max = held > textures_max ? held : textures_max;
		os_sleep_ms(33);
	}
	const long sent = rush_join(&r);
	const size_t rush_n = fc_frames_stop(tick_samples, NULL, FC_FRAMES_MAX);
	const double rush_s = (double)(os_gettime_ns() - rush_start) / 1e9;
	harness_wait_ticks(30, 5000);
	os_sleep_ms(5500); /* the last batch window closes */
	harness_wait_ticks(30, 5000);
	const uint32_t lagged = obs_get_lagged_frames() - lagged_before, total = obs_get_total_frames() - total_before;

	double rush_tick_med = fc_percentile(tick_samples, rush_n, 0.5) - without;
	double rush_tick_p99 = fc_percentile(tick_samples, rush_n, 0.99) - without;
	rush_tick_med = rush_tick_med > 0 ? rush_tick_med : 0;
	rush_tick_p99 = rush_tick_p99 > 0 ? rush_tick_p99 : 0;
	const double rush_render_med = fc_percentile(rush_render, (size_t)rush_renders, 0.5);
	const double rush_render_p99 = fc_percentile(rush_render, (size_t)rush_renders, 0.99);
	printf("bench ticker: rush of %ld orders in %.1f s (%.0f a second): tick+render median %.1f us per frame "
	       "(tick %.1f us, 99th percentile %.1f, over %zu frames; render %.1f us, 99th percentile %.1f, over %d "
	       "renders one a frame)\n",
	       sent, rush_s, (double)sent / rush_s, rush_tick_med + rush_render_med, rush_tick_med, rush_tick_p99,
	       rush_n, rush_render_med, rush_render_p99, rush_renders);
	printf("bench ticker: rush: graphics thread skipped %u of %u frames (obs_get_lagged_frames, "
	       "renderSkippedFrames in obs-websocket)\n",
	       lagged, total);
	printf("bench ticker: rush: the ticker took %lld orders (missed %lld) into %lld rows (%lld batches), "
	       "rasterised %lld rows (the last in %lld us), created %lld textures and held at most %lld "
	       "(capacity %lld)\n",
	       stat(source, "orders") - orders_before, stat(source, "missed"), stat(source, "rows") - rows_before,
	       stat(source, "batches") - batches_before, stat(source, "rasters") - rasters_before,
	       stat(source, "raster_us"), stat(source, "texture_creates") - creates_before, textures_max,
	       stat(source, "capacity"));

	free(render);
	free(rush_render);
	obs_enter_graphics();
	gs_texrender_destroy(target);
	obs_leave_graphics();
	harness_release_source(source);
	fc_frames_remove();
	bench_stop(true);
	return 0;
}
