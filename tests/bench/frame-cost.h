/* What a source costs the graphics thread a frame, in headless libobs with the render tests' harness
 * (tests/render/harness.h): the benches' shared clock, percentiles, render timing and per-frame
 * recorder. All CPU times are CLOCK_THREAD_CPUTIME_ID of the thread that does the work, in
 * microseconds, so other processes on a shared machine cost them little.
 *
 * libobs does not export obs_source_video_tick(), so a frame's tick is measured where it happens: on
 * the graphics thread, from a tick callback (libobs calls them just before it ticks the sources) to
 * the main render callback of the same frame (libobs renders its output right after the ticks). A
 * bench subtracts the same span measured without its source. */
#pragma once

#include <obs.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* This thread's CPU time, in microseconds. */
double fc_thread_us(void);

/* The p-quantile (0..1) of n values, nearest rank; sorts v. 0 when n is 0. */
double fc_percentile(double *v, size_t n, double p);

/* CPU time of one obs_source_video_render(source) into target at cx x cy, as OBS renders a view
 * (cleared to transparent, default blending, gs_ortho over the target), timed around that one call.
 * Enters and leaves the graphics context itself: call it from the bench's thread. */
double fc_render_once(obs_source_t *source, gs_texrender_t *target, uint32_t cx, uint32_t cy);

/* Median and 90th percentile of fc_render_once over `frames` renders one after another, after 100
 * more to warm caches and the driver. cx, cy 0: the source's own size. */
void fc_render_times(obs_source_t *source, uint32_t cx, uint32_t cy, int frames, double *median, double *p90);

/* ---- the per-frame recorder (one per process; bench thread only) ----------------------------------- */

#define FC_FRAMES_MAX 8192

/* Adds the tick and main render callbacks; false when the graphics context cannot make a texture. */
bool fc_frames_install(void);
void fc_frames_remove(void);

/* Starts recording each frame's tick span (see above). With render_source set, each recorded frame
 * also renders it once into a texture of cx x cy (0, 0: its size) inside the main render callback, on
 * the graphics thread in that frame as OBS renders its main view, and records that render's CPU time.
 * The caller keeps render_source alive until fc_frames_stop. */
void fc_frames_start(obs_source_t *render_source, uint32_t cx, uint32_t cy);

/* Frames recorded since fc_frames_start. */
size_t fc_frames_count(void);

/* Waits until at least `frames` are recorded (or FC_FRAMES_MAX). */
void fc_frames_wait(size_t frames);

/* Stops recording; copies up to max frames' tick spans into ticks and render times into renders
 * (either may be NULL; renders are 0 without a render source) and returns how many were recorded. */
size_t fc_frames_stop(double *ticks, double *renders, size_t max);
