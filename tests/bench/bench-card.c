/* olc-bench-card: what a product card costs, in headless libobs with the render tests' harness.
 *
 *   olc-bench-card --module PATH/obs-live-commerce.so --data PATH/data [--out DIR] [--frames N]
 *
 * Needs an X display with GL, like olc-render-tests (LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe). The card
 * shows the demo shop's naan (its stock is not tracked, so the demo's simulated orders never change
 * it: "unchanged data"), at 1080p defaults without entrance animation. Prints:
 *   - the median CPU time of one frame's video_tick + video_render, with CLOCK_THREAD_CPUTIME_ID.
 *     libobs does not export obs_source_video_tick(), so the tick is measured where it happens, on
 *     the graphics thread: from a tick callback (libobs calls them just before it ticks the
 *     sources) to the main render callback of the same frame (libobs renders its output right after
 *     the ticks), with the card minus without it, in alternating rounds (the card is the only
 *     source). The render is obs_source_video_render() of the card into a texture on this thread,
 *     as OBS renders a view, timed around that one call; libobs' colour and image sources are
 *     timed the same way for scale (a software GL driver costs tens of microseconds a draw);
 *   - the raster time on a change (the look toggled between light and dark): the worker's time to
 *     rasterise, and to build the whole card (words, photo from the memory cache, QR, raster);
 *   - the memory the card holds: texture bytes and decoded photo bytes.
 * Nothing is asserted: timing belongs to a benchmark, not to a test that could flake. */
#define _POSIX_C_SOURCE 200809L

#include "bench-start.h"
#include "frame-cost.h"
#include "harness.h"
#include "qt-app.h"

#include <obs.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARD_ID           "live_commerce_product_card"
#define CARD_PRODUCT      "naan-4"
#define CHANGES           15
#define TICK_ROUNDS       4
#define TICK_ROUND_FRAMES 150

/* Records the next `frames` frames' tick spans into pool (from *used on). */
static void record_ticks(double *pool, int *used, int frames)
{
	harness_wait_ticks(10, 5000); /* a new card's first frames upload its texture */
	fc_frames_start(NULL, 0, 0);
	fc_frames_wait((size_t)frames);
	fc_frames_stop(pool + *used, NULL, (size_t)frames);
	*used += frames;
}

static long long stat(obs_source_t *source, const char *name)
{
	calldata_t cd = {0};
	proc_handler_call(obs_source_get_proc_handler(source), "get_stats", &cd);
	long long v = calldata_int(&cd, name);
	calldata_free(&cd);
	return v;
}

/* A card on the demo shop's naan, once it shows; NULL with a reason. */
static obs_source_t *show_card(obs_data_t *settings, char *err, size_t errlen)
{
	obs_source_t *source = harness_create_source(CARD_ID, "bench card", settings, err, errlen);
	for (int i = 0; source && i < 500 && !bench_card_shown(source); i++)
		harness_wait_ticks(1, 1000);
	if (source && !bench_card_shown(source)) {
		snprintf(err, errlen, "the card never showed the demo shop's %s", CARD_PRODUCT);
		harness_release_source(source);
		return NULL;
	}
	return source;
}

int main(int argc, char **argv)
{
	struct bench_args args = {.out = "/tmp/olc-bench-card"};
	int frames = 3000; /* renders; ticks are timed over 4 x 150 frames with and without the card */
	const struct bench_option options[] = {{"frames", &frames, 10, 1000000}, {NULL}};
	char err[512];
	if (!bench_parse(argc, argv,
			 "usage: olc-bench-card --module PATH/obs-live-commerce.so --data PATH/data [--out DIR] "
			 "[--frames N]",
			 &args, options))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	const int started = bench_start("olc-bench-card", &args, false);
	if (started)
		return started;
	const char *data = args.data;

	obs_data_t *settings = obs_data_create();
	obs_data_set_string(settings, "product", CARD_PRODUCT);
	obs_data_set_string(settings, "transition", "none");

	/* Ticks: the graphics thread's per-frame cost with the card and without any source, in
	 * alternating rounds so that the machine's load drifts alike for both. */
	if (!fc_frames_install()) {
		fprintf(stderr, "olc-bench-card: no texture for the renders\n");
		obs_data_release(settings);
		harness_stop();
		return 1;
	}
	double *with_pool = malloc(sizeof(double) * TICK_ROUNDS * TICK_ROUND_FRAMES);
	double *without_pool = malloc(sizeof(double) * TICK_ROUNDS * TICK_ROUND_FRAMES);
	int with_used = 0, without_used = 0;
	obs_source_t *source = NULL;
	for (int round = 0; round < TICK_ROUNDS; round++) {
		record_ticks(without_pool, &without_used, TICK_ROUND_FRAMES);
		source = show_card(settings, err, sizeof(err));
		if (!source)
			break;
		record_ticks(with_pool, &with_used, TICK_ROUND_FRAMES);
		if (round + 1 < TICK_ROUNDS) {
			harness_release_source(source);
			source = NULL;
		}
	}
	if (!source) {
		fprintf(stderr, "olc-bench-card: %s\n", err);
		obs_data_release(settings);
		harness_stop();
		return 1;
	}
	const double with_card = fc_percentile(with_pool, (size_t)with_used, 0.5);
	const double without_card = fc_percentile(without_pool, (size_t)without_used, 0.5);
	free(with_pool);
	free(without_pool);
	const uint32_t cx = obs_source_get_width(source), cy = obs_source_get_height(source);

	double render_med, render_p90, quad_med = 0, quad_p90 = 0;
	(void)quad_p90;
	fc_render_times(source, cx, cy, frames, &render_med, &render_p90);

	/* For scale: libobs' own colour source, one untextured quad of the same size, timed the same
	 * way. On a software rasteriser (llvmpipe) most of a render is the driver's cost per draw. */
	obs_source_t *quad = NULL;
	if (harness_load_builtin_module("image-source", err, sizeof(err))) {
		obs_data_t *qs = obs_data_create();
		obs_data_set_int(qs, "width", cx);
		obs_data_set_int(qs, "height", cy);
		quad = harness_create_source("color_source", "bench quad", qs, err, sizeof(err));
		obs_data_release(qs);
	}
	if (quad) {
		harness_wait_ticks(3, 1000);
		fc_render_times(quad, cx, cy, frames, &quad_med, &quad_p90);
		harness_release_source(quad);
	}
	/* And libobs' image source showing a photo: one textured quad. */
	obs_source_t *photo = NULL;
	double photo_med = 0, photo_p90 = 0;
	(void)photo_p90;
	{
		char file[1024];
		snprintf(file, sizeof(file), "%s/demo-shop/images/naan.png", data);
		obs_data_t *ps = obs_data_create();
		obs_data_set_string(ps, "file", file);
		photo = harness_create_source("image_source", "bench photo", ps, err, sizeof(err));
		obs_data_release(ps);
	}
	if (photo) {
		for (int i = 0; i < 100 && !obs_source_get_width(photo); i++)
			harness_wait_ticks(1, 1000);
		fc_render_times(photo, obs_source_get_width(photo), obs_source_get_height(photo), frames, &photo_med,
				&photo_p90);
		harness_release_source(photo);
	}

	const double tick_med = with_card > without_card ? with_card - without_card : 0.0;
	printf("bench card: tick+render median %.1f us per frame with unchanged data, one %ux%u card\n",
	       tick_med + render_med, cx, cy);
	printf("bench card:   tick %.1f us (graphics thread per frame: %.1f with the card - %.1f without, over %d "
	       "frames each)\n",
	       tick_med, with_card, without_card, with_used);
	printf("bench card:   render %.1f us (90th percentile %.1f, over %d renders)\n", render_med, render_p90,
	       frames);
	if (quad)
		printf("bench card:   for scale on this GL driver, libobs' color_source (one quad of the same size) "
		       "renders in %.1f us, its image_source (one textured quad) in %.1f us\n",
		       quad_med, photo_med);

	/* Changes: the look alternates, the same product stays (an in-place redraw). */
	double raster[CHANGES], build[CHANGES];
	int measured = 0;
	for (int i = 0; i < CHANGES; i++) {
		const long long before = stat(source, "rasters");
		obs_data_set_string(settings, "look", i % 2 ? "light" : "dark");
		obs_source_update(source, settings);
		for (int w = 0; w < 2000 && stat(source, "rasters") == before; w++)
			os_sleep_ms(2);
		if (stat(source, "rasters") == before)
			continue;
		raster[measured] = (double)stat(source, "raster_us") / 1000.0;
		build[measured] = (double)stat(source, "build_us") / 1000.0;
		measured++;
	}
	if (measured)
		printf("bench card: raster on a change median %.2f ms (whole rebuild %.2f ms) over %d changes, on the "
		       "card's worker\n",
		       fc_percentile(raster, (size_t)measured, 0.5), fc_percentile(build, (size_t)measured, 0.5),
		       measured);
	else
		printf("bench card: raster on a change: the card never redrew\n");

	harness_wait_ticks(3, 1000);
	const long long textures = stat(source, "texture_bytes"), photos = stat(source, "photo_bytes");
	printf("bench card: memory held %.0f KiB of textures + %.0f KiB of decoded photos = %.0f KiB\n",
	       (double)textures / 1024.0, (double)photos / 1024.0, (double)(textures + photos) / 1024.0);

	obs_data_release(settings);
	harness_release_source(source);
	fc_frames_remove();
	bench_stop(false);
	return 0;
}
