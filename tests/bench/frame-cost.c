/* See frame-cost.h. */
#define _POSIX_C_SOURCE 200809L

#include "frame-cost.h"

#include <graphics/vec4.h>
#include <util/platform.h>
#include <util/threading.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double fc_thread_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double fc_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), compare_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* Inside the graphics context: renders source into target as OBS renders a view; its CPU time. */
static double render_in_graphics(obs_source_t *source, gs_texrender_t *target, uint32_t cx, uint32_t cy)
{
	double t0 = 0, t1 = 0;
	gs_texrender_reset(target);
	if (gs_texrender_begin(target, cx, cy)) {
		struct vec4 clear;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_ortho(0.0f, (float)cx, 0.0f, (float)cy, -100.0f, 100.0f);
		gs_blend_state_push();
		gs_reset_blend_state();
		t0 = fc_thread_us();
		obs_source_video_render(source);
		t1 = fc_thread_us();
		gs_blend_state_pop();
		gs_texrender_end(target);
	}
	return t1 - t0;
}

double fc_render_once(obs_source_t *source, gs_texrender_t *target, uint32_t cx, uint32_t cy)
{
	obs_enter_graphics();
	const double took = render_in_graphics(source, target, cx, cy);
	gs_flush();
	obs_leave_graphics();
	return took;
}

void fc_render_times(obs_source_t *source, uint32_t cx, uint32_t cy, int frames, double *median, double *p90)
{
	if (!cx || !cy) {
		cx = obs_source_get_width(source);
		cy = obs_source_get_height(source);
	}
	double *render = malloc(sizeof(double) * (size_t)frames);
	obs_enter_graphics();
	gs_texrender_t *target = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	obs_leave_graphics();
	for (int i = -100; i < frames; i++) {
		const double took = fc_render_once(source, target, cx, cy);
		if (i >= 0)
			render[i] = took;
	}
	obs_enter_graphics();
	gs_texrender_destroy(target);
	obs_leave_graphics();
	*median = fc_percentile(render, (size_t)frames, 0.5);
	*p90 = fc_percentile(render, (size_t)frames, 0.9);
	free(render);
}

/* ---- the per-frame recorder -------------------------------------------------------------------------- */

static struct {
	pthread_mutex_t lock; /* guards the render source while the graphics thread may use it */
	double ticks[FC_FRAMES_MAX];
	double renders[FC_FRAMES_MAX];
	volatile long count;
	volatile bool recording;
	double tick_started; /* graphics thread only */
	obs_source_t *source;
	uint32_t cx, cy;
	gs_texrender_t *target;
} rec = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void on_tick(void *param, float seconds)
{
	(void)param;
	(void)seconds;
	rec.tick_started = fc_thread_us();
}

static void on_main_render(void *param, uint32_t cx, uint32_t cy)
{
	(void)param;
	(void)cx;
	(void)cy;
	const double tick = rec.tick_started > 0 ? fc_thread_us() - rec.tick_started : -1;
	rec.tick_started = 0;
	pthread_mutex_lock(&rec.lock);
	const long n = os_atomic_load_long(&rec.count);
	if (tick >= 0 && rec.recording && n < FC_FRAMES_MAX) {
		rec.ticks[n] = tick;
		rec.renders[n] =
			rec.source && rec.target ? render_in_graphics(rec.source, rec.target, rec.cx, rec.cy) : 0.0;
		os_atomic_set_long(&rec.count, n + 1);
	}
	pthread_mutex_unlock(&rec.lock);
}

bool fc_frames_install(void)
{
	obs_enter_graphics();
	rec.target = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	obs_leave_graphics();
	if (!rec.target)
		return false;
	obs_add_tick_callback(on_tick, NULL);
	obs_add_main_render_callback(on_main_render, NULL);
	return true;
}

void fc_frames_remove(void)
{
	obs_remove_main_render_callback(on_main_render, NULL);
	obs_remove_tick_callback(on_tick, NULL);
	obs_enter_graphics();
	gs_texrender_destroy(rec.target);
	obs_leave_graphics();
	rec.target = NULL;
}

void fc_frames_start(obs_source_t *render_source, uint32_t cx, uint32_t cy)
{
	pthread_mutex_lock(&rec.lock);
	rec.recording = false;
	rec.source = render_source;
	rec.cx = cx ? cx : (render_source ? obs_source_get_width(render_source) : 0);
	rec.cy = cy ? cy : (render_source ? obs_source_get_height(render_source) : 0);
	os_atomic_set_long(&rec.count, 0);
	rec.recording = true;
	pthread_mutex_unlock(&rec.lock);
}

size_t fc_frames_count(void)
{
	return (size_t)os_atomic_load_long(&rec.count);
}

void fc_frames_wait(size_t frames)
{
	if (frames > FC_FRAMES_MAX)
		frames = FC_FRAMES_MAX;
	while (fc_frames_count() < frames)
		os_sleep_ms(10);
}

size_t fc_frames_stop(double *ticks, double *renders, size_t max)
{
	pthread_mutex_lock(&rec.lock);
	rec.recording = false;
	rec.source = NULL;
	const size_t n = fc_frames_count();
	pthread_mutex_unlock(&rec.lock);
	const size_t copied = n < max ? n : max;
	if (ticks)
		memcpy(ticks, rec.ticks, sizeof(double) * copied);
	if (renders)
		memcpy(renders, rec.renders, sizeof(double) * copied);
	return n;
}
