/* The overlay host: what every animated overlay source (product card, order ticker, sales goal,
 * countdown) has the same way, so that a source file keeps only what is its own.
 *
 * A source embeds one struct olc_overlay_host and hands it an olc_overlay_ops table. The host owns:
 *   - the worker thread, its one wake (reason bits under `lock`, an auto-reset os_event) and its
 *     stop; destroy signals, then joins;
 *   - the settings slot: update() moves new settings in, the worker gets its own deep copy each pass;
 *   - the publish slot: what the worker made (a rasterised frame), taken by video_tick;
 *   - the animation clock: video time advanced in video_tick (the same time at any frame rate),
 *     frozen by the test proc "void set_animation_clock(in int ms)";
 *   - the draw slot: what video_render needs for one frame, made by video_tick;
 *   - the source's size (get_width/get_height) and its raster statistics.
 * The source keeps: what the worker makes (ops->work), what a tick does (ops->tick), what to draw.
 *
 * Threads:
 *   - update (graphics thread's tick for video sources), listeners, video_tick: set_settings, wake;
 *   - the worker: ops->work, with no host lock held; it may publish and count rasters;
 *   - video_tick (graphics thread; the benchmarks tick from their own): olc_overlay_host_video_tick
 *     runs ops->tick with `tick_lock` held; ops->tick takes what was published and sets the draw;
 *   - video_render (once per view, graphics entered): get_draw only;
 *   - procs (any thread): lock_tick/unlock_tick around reading what the tick keeps.
 * Lock order: tick_lock, then the graphics context (obs_enter_graphics), then `lock` or `draw_lock`;
 * `lock` and `draw_lock` are never held together, and no host lock is held while a callback runs
 * except tick_lock around ops->tick and `lock` around the settings and output callbacks (which must
 * only copy, merge or free). */
#pragma once

#include <obs-module.h>
#include <util/threading.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raster/card-raster.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why the worker was woken, as bits; ops->work receives those gathered since its last pass. */
#define OLC_OVERLAY_WAKE_SETTINGS 0x1u                /* olc_overlay_host_set_settings */
#define OLC_OVERLAY_WAKE_OWN(n)   (0x2u << (unsigned)(n)) /* a source's own reasons, n = 0..30 */

/* ops->work's answer: sleep until woken. Otherwise it returns how many ms the worker may sleep
 * before the next pass (0: at once), woken or not. */
#define OLC_OVERLAY_SLEEP_UNTIL_WOKEN (-1LL)

struct olc_overlay_ops {
	const char *who;         /* "sales goal": logs say "sales goal '<source name>': ..." */
	const char *thread_name; /* "olc-sales-goal" */

	/* The source's settings: a struct of settings_size bytes. copy makes a deep copy into dst
	 * (overwritten, not freed); clear frees what a copy owns and zeroes it. */
	size_t settings_size;
	void (*settings_copy)(void *dst, const void *src);
	void (*settings_clear)(void *settings);

	/* Worker: one pass. settings is the worker's own copy; reasons the OLC_OVERLAY_WAKE_* bits since
	 * the last pass (0 when a timed sleep ended). Returns OLC_OVERLAY_SLEEP_UNTIL_WOKEN or ms. */
	long long (*work)(void *source, const void *settings, uint32_t reasons);

	/* The published output: frees one (NULL: nothing). merge, when set, combines what the tick
	 * has not taken yet with a fresh one and returns what is held (owning both); when NULL the fresh
	 * one replaces the held one, which is freed: only the newest matters. */
	void (*output_free)(void *output);
	void *(*output_merge)(void *held, void *fresh);

	/* video_tick, tick_lock held: now is the animation clock. */
	void (*tick)(void *source, uint64_t now);

	/* The draw slot: a struct of draw_size bytes, copied whole (no pointers it owns). */
	size_t draw_size;
};

/* Embedded in a source; its fields are the host's (read them through the functions below). */
struct olc_overlay_host {
	const struct olc_overlay_ops *ops;
	void *source;
	obs_source_t *obs;

	/* Worker, and what it shares under lock. */
	pthread_t thread;
	bool thread_started;
	os_event_t *wake;
	pthread_mutex_t lock;
	bool stop;
	uint32_t reasons;
	void *settings;
	void *output;

	/* Graphics side. */
	pthread_mutex_t tick_lock;
	uint64_t clock_ns;
	pthread_mutex_t draw_lock;
	void *draw;

	/* Any thread. */
	volatile long clock_override_ms; /* >= 0: the animation clock stands there (tests) */
	volatile long width, height;
	volatile long rasters, raster_us;
};

/* Sets up h for source (the ops' `source` argument) and registers set_animation_clock on obs's
 * proc handler. Returns false when the wake cannot be made (the host is still safe to free).
 * The source's create, before anything else touches h. */
bool olc_overlay_host_init(struct olc_overlay_host *h, const struct olc_overlay_ops *ops, void *source,
			   obs_source_t *obs);

/* Starts the worker when ready (the host's init succeeded and the source's own parts exist);
 * otherwise, or when the thread cannot start, logs "<who> '<name>': cannot start its worker".
 * Settings set before this are the first pass's. The source's create. */
bool olc_overlay_host_start(struct olc_overlay_host *h, bool ready);

/* Signals the worker to stop and joins it (a pass in progress ends first: cancel the source's own
 * long waits before). Idempotent. The source's destroy. */
void olc_overlay_host_stop(struct olc_overlay_host *h);

/* Frees what the host holds (settings, output, draw, locks, wake). After olc_overlay_host_stop;
 * textures the source made are the source's to destroy. */
void olc_overlay_host_free(struct olc_overlay_host *h);

/* ---- worker side --------------------------------------------------------------------------------- */

/* Moves *settings in (the old are cleared; *settings is zeroed) and wakes the worker with
 * OLC_OVERLAY_WAKE_SETTINGS. Any thread. */
void olc_overlay_host_set_settings(struct olc_overlay_host *h, void *settings);

/* A deep copy of the settings into out (overwritten, not freed). Any thread. */
void olc_overlay_host_copy_settings(struct olc_overlay_host *h, void *out);

/* Wakes the worker for reasons. Any thread (a session listener, video_tick). */
void olc_overlay_host_wake(struct olc_overlay_host *h, uint32_t reasons);

/* Hands output (owned) to video_tick. The worker. */
void olc_overlay_host_publish(struct olc_overlay_host *h, void *output);

/* Counts a raster that began at start_ns (os_gettime_ns) and ended now. The worker. */
void olc_overlay_host_count_raster(struct olc_overlay_host *h, uint64_t start_ns);

/* ---- graphics side ------------------------------------------------------------------------------- */

/* The source's video_tick: advances the animation clock by seconds (or stands it where the test
 * proc froze it) and runs ops->tick with tick_lock held. */
void olc_overlay_host_video_tick(struct olc_overlay_host *h, float seconds);

/* What the worker published since the last take (the caller owns it), or NULL. ops->tick. */
void *olc_overlay_host_take(struct olc_overlay_host *h);

/* Sets the draw slot (draw_size bytes from draw). ops->tick (tick_lock held), possibly inside
 * graphics. */
void olc_overlay_host_set_draw(struct olc_overlay_host *h, const void *draw);

/* Copies the draw slot into out (draw_size bytes). video_render, or ops->tick. */
void olc_overlay_host_get_draw(struct olc_overlay_host *h, void *out);

/* The size get_width/get_height report. Any thread. */
void olc_overlay_host_set_size(struct olc_overlay_host *h, uint32_t cx, uint32_t cy);
uint32_t olc_overlay_host_width(struct olc_overlay_host *h);
uint32_t olc_overlay_host_height(struct olc_overlay_host *h);

/* ---- procs: automation, tests, the benchmarks ----------------------------------------------------- */

/* Takes tick_lock (for reading what ops->tick keeps) and returns the animation clock. Any thread
 * but ops->tick's. */
uint64_t olc_overlay_host_lock_tick(struct olc_overlay_host *h);
void olc_overlay_host_unlock_tick(struct olc_overlay_host *h);

/* Sets "rasters" (so far) and "raster_us" (the last one's time). */
void olc_overlay_put_raster_stats(struct olc_overlay_host *h, calldata_t *cd);

/* Sets "<name>_x", "<name>_y", "<name>_w" and "<name>_h" from r. */
void olc_overlay_put_rect(calldata_t *cd, const char *name, const struct olc_card_rect *r);

#ifdef __cplusplus
}
#endif
