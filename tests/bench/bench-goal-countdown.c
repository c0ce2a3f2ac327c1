/* olc-bench-goal-countdown: what a sales goal and a running countdown cost per frame, in headless
 * libobs with the render tests' harness.
 *
 *   olc-bench-goal-countdown --module PATH/obs-live-commerce.so --data PATH/data [--out DIR]
 *                            [--frames N]
 *
 * Needs an X display with GL, like olc-render-tests (LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe). Both
 * sources at 1080p defaults, one at a time:
 *   - the goal on the demo shop (the session starts on it): its simulated orders arrive every few
 *     seconds, so "steady" here is a live stream's pace: the counters change now and then, the
 *     worker rasterises the new words, the tick uploads them once;
 *   - the countdown running (a 3600 s StartCountdown): its digits change every second, drawn from
 *     the glyph strip, never rasterised.
 * For each it prints the median CPU time of one frame's video_tick + video_render (the tick
 * measured on the graphics thread from a tick callback to a graphics task queued by it, with the
 * source minus without it; the render as obs_source_video_render() into a texture on this thread,
 * with CLOCK_THREAD_CPUTIME_ID), the rasters made meanwhile, and the raster time on a change of
 * look on its worker. Nothing is asserted: timing belongs to a benchmark. */
#define _POSIX_C_SOURCE 200809L

#include "bench-start.h"
#include "frame-cost.h"
#include "harness.h"
#include "qt-app.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOAL_ID      "live_commerce_sales_goal"
#define COUNTDOWN_ID "live_commerce_countdown"
#define VENDOR       "live-commerce"
#define CHANGES      10

/* Graphics-thread CPU time of each frame's source ticks: from a tick callback (libobs calls them
 * just before it ticks the sources) to a graphics task it queues (run right after the ticks). */
#define TICK_SAMPLES 4096
static double tick_samples[TICK_SAMPLES];
static volatile long tick_count;
static volatile bool tick_recording;
static double tick_started;

static void ticks_done(void *param)
{
	(void)param;
	const long n = os_atomic_load_long(&tick_count);
	if (tick_started > 0 && tick_recording && n < TICK_SAMPLES) {
		tick_samples[n] = fc_thread_us() - tick_started;
		os_atomic_set_long(&tick_count, n + 1);
	}
	tick_started = 0;
}

static void on_tick(void *param, float seconds)
{
	(void)param;
	(void)seconds;
	tick_started = fc_thread_us();
	obs_queue_task(OBS_TASK_GRAPHICS, ticks_done, NULL, false);
}

static double tick_median(int frames)
{
	os_atomic_set_long(&tick_count, 0);
	tick_recording = true;
	while (os_atomic_load_long(&tick_count) < frames)
		os_sleep_ms(10);
	tick_recording = false;
	return fc_percentile(tick_samples, (size_t)frames, 0.5);
}

static long long stat(obs_source_t *source, const char *name)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), "get_state", &cd);
	long long v = calldata_int(&cd, name);
	calldata_free(&cd);
	return v;
}

/* The worker's raster time on a change of look (light and dark in turn), median in ms. */
static double raster_on_change(obs_source_t *source, obs_data_t *settings, int *measured)
{
	double raster[CHANGES];
	*measured = 0;
	for (int i = 0; i < CHANGES; i++) {
		const long long before = stat(source, "rasters");
		obs_data_set_string(settings, "look", i % 2 ? "light" : "dark");
		obs_source_update(source, settings);
		for (int w = 0; w < 2000 && stat(source, "rasters") == before; w++)
			os_sleep_ms(2);
		if (stat(source, "rasters") == before)
			continue;
		raster[(*measured)++] = (double)stat(source, "raster_us") / 1000.0;
	}
	return *measured ? fc_percentile(raster, (size_t)*measured, 0.5) : 0.0;
}

/* Times one source: tick (with minus without) and render, with the rasters made meanwhile. */
static void measure(const char *what, obs_source_t *source, obs_data_t *settings, double without, int ticks, int frames)
{
	const long long rasters_before = stat(source, "rasters");
	const uint64_t start = os_gettime_ns();
	double render_med, render_p90;
	fc_render_times(source, 0, 0, frames, &render_med, &render_p90);
	const double with = tick_median(ticks);
	const double seconds = (double)(os_gettime_ns() - start) / 1e9;
	const long long rasters = stat(source, "rasters") - rasters_before;
	const double tick = with > without ? with - without : 0.0;
	printf("bench %s: tick+render median %.1f us per frame (tick %.1f us: %.1f with it - %.1f without, over %d "
	       "frames; render %.1f us, 90th percentile %.1f, over %d renders), %ux%u; %lld raster(s) on its worker "
	       "in those %.1f s\n",
	       what, tick + render_med, tick, with, without, ticks, render_med, render_p90, frames,
	       obs_source_get_width(source), obs_source_get_height(source), rasters, seconds);
	int measured;
	const double raster = raster_on_change(source, settings, &measured);
	if (measured)
		printf("bench %s: raster on a change of look median %.2f ms over %d changes, on its worker\n", what,
		       raster, measured);
	else
		printf("bench %s: raster on a change: it never redrew\n", what);
}

static bool wait_size(obs_source_t *source)
{
	for (int i = 0; i < 500 && !obs_source_get_width(source); i++)
		harness_wait_ticks(1, 1000);
	return obs_source_get_width(source) > 0;
}

int main(int argc, char **argv)
{
	struct bench_args args = {.out = "/tmp/olc-bench-goal-countdown"};
	int frames = 3000;
	const int ticks = 300; /* 10 s at 30 fps */
	const struct bench_option options[] = {{"frames", &frames, 10, 1000000}, {NULL}};
	char err[512];
	if (!bench_parse(argc, argv,
			 "usage: olc-bench-goal-countdown --module PATH/obs-live-commerce.so --data PATH/data [--out "
			 "DIR] [--frames N]",
			 &args, options))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	const int status = bench_start("olc-bench-goal-countdown", &args, true);
	if (status)
		return status;

	obs_add_tick_callback(on_tick, NULL);
	harness_wait_ticks(30, 5000);
	const double without = tick_median(ticks);

	/* The goal on the demo shop's live orders. */
	obs_data_t *gs = obs_data_create();
	obs_source_t *goal = harness_create_source(GOAL_ID, "bench goal", gs, err, sizeof(err));
	if (goal && wait_size(goal))
		measure("goal", goal, gs, without, ticks, frames);
	else
		fprintf(stderr, "olc-bench-goal-countdown: the goal never showed: %s\n", goal ? "" : err);
	harness_release_source(goal);
	obs_data_release(gs);

	/* The countdown running: a new second every second. */
	obs_data_t *cs = obs_data_create();
	obs_source_t *countdown = harness_create_source(COUNTDOWN_ID, "bench countdown", cs, err, sizeof(err));
	obs_data_t *req = obs_data_create_from_json("{\"seconds\": 3600, \"label\": \"限时秒杀 Flash sale\"}");
	obs_data_t *response = obs_data_create();
	const bool started =
		rt_vendor_request(VENDOR, "StartCountdown", req, response) && obs_data_get_bool(response, "ok");
	obs_data_release(req);
	obs_data_release(response);
	if (countdown && started && wait_size(countdown)) {
		harness_wait_ticks(15, 2000); /* its entrance */
		measure("countdown", countdown, cs, without, ticks, frames);
	} else {
		fprintf(stderr, "olc-bench-goal-countdown: the countdown never showed\n");
	}
	response = obs_data_create();
	rt_vendor_request(VENDOR, "StopCountdown", NULL, response);
	obs_data_release(response);
	harness_release_source(countdown);
	obs_data_release(cs);

	obs_remove_tick_callback(on_tick, NULL);
	bench_stop(true);
	return 0;
}
