/* The overlay host: see overlay/host.h. */
#include "overlay/host.h"

#include <util/bmem.h>
#include <util/platform.h>

#include <stdio.h>
#include <string.h>

#include "core/sys/heap.h"
#include "plugin-support.h"

#define MS 1000000ull

#ifdef OLC_TEST_HOOKS
/* Stops the animation clock at ms of video time (>= 0), or lets it run again (< 0): render tests
 * take frames at exact moments of an animation. Test builds only (OLC_TEST_HOOKS). */
static void proc_set_animation_clock(void *data, calldata_t *cd)
{
	struct olc_overlay_host *h = data;
	const long long ms = calldata_int(cd, "ms");
	os_atomic_set_long(&h->clock_override_ms, ms < 0 ? -1 : (long)ms);
}
#endif

bool olc_overlay_host_init(struct olc_overlay_host *h, const struct olc_overlay_ops *ops, void *source,
			   obs_source_t *obs)
{
	memset(h, 0, sizeof(*h));
	h->ops = ops;
	h->source = source;
	h->obs = obs;
	h->clock_override_ms = -1;
	pthread_mutex_init(&h->lock, NULL);
	pthread_mutex_init(&h->tick_lock, NULL);
	pthread_mutex_init(&h->draw_lock, NULL);
	h->settings = bzalloc(ops->settings_size);
	h->draw = bzalloc(ops->draw_size);
#ifdef OLC_TEST_HOOKS
	proc_handler_add(obs_source_get_proc_handler(obs), "void set_animation_clock(in int ms)",
			 proc_set_animation_clock, h);
#endif
	return os_event_init(&h->wake, OS_EVENT_TYPE_AUTO) == 0;
}

/* After a pass that was woken for a reason (new data: a raster, its buffers freed, the textures
 * swapped on the graphics thread meanwhile), the C heap's free pages go back to the system: glibc
 * keeps them in the arena of the thread that freed them (see core/sys/heap.h), and several of
 * the megabytes OBS gained with a card and a ticker were such pages (tests/bench/memory.sh). At
 * most once a second for the whole module, so 500 orders a second do not walk the heap 500 times;
 * what a skipped pass freed goes back with the next one. */
static void release_heap(void)
{
	static volatile long last_s = -1;
	const long now_s = (long)(os_gettime_ns() / 1000000000ull);
	const long last = os_atomic_load_long(&last_s);
	if (now_s != last && os_atomic_compare_swap_long(&last_s, last, now_s))
		olc_heap_release();
}

/* Sleeps as the last pass asked, then makes one pass with the reasons gathered meanwhile. A pass
 * that was only woken by a signal whose reasons an earlier pass already took is skipped, unless
 * the pass had asked for a timed sleep (then it runs, as when the time is up). */
static void *host_worker(void *data)
{
	struct olc_overlay_host *h = data;
	os_set_thread_name(h->ops->thread_name);
	void *set = bzalloc(h->ops->settings_size);
	long long sleep_ms = OLC_OVERLAY_SLEEP_UNTIL_WOKEN;
	for (;;) {
		pthread_mutex_lock(&h->lock);
		const bool asked = h->stop || h->reasons;
		pthread_mutex_unlock(&h->lock);
		if (!asked) {
			if (sleep_ms < 0)
				os_event_wait(h->wake);
			else if (sleep_ms > 0)
				os_event_timedwait(h->wake, (unsigned long)sleep_ms);
		}

		pthread_mutex_lock(&h->lock);
		if (h->stop) {
			pthread_mutex_unlock(&h->lock);
			break;
		}
		const uint32_t reasons = h->reasons;
		h->reasons = 0;
		if (reasons || sleep_ms >= 0)
			h->ops->settings_copy(set, h->settings);
		pthread_mutex_unlock(&h->lock);
		if (!reasons && sleep_ms < 0)
			continue;

		sleep_ms = h->ops->work(h->source, set, reasons);
		h->ops->settings_clear(set);
		if (reasons)
			release_heap();
	}
	bfree(set);
	return NULL;
}

bool olc_overlay_host_start(struct olc_overlay_host *h, bool ready)
{
	if (ready && h->wake && pthread_create(&h->thread, NULL, host_worker, h) == 0) {
		h->thread_started = true;
		return true;
	}
	obs_log(LOG_ERROR, "%s '%s': cannot start its worker", h->ops->who, obs_source_get_name(h->obs));
	return false;
}

void olc_overlay_host_stop(struct olc_overlay_host *h)
{
	if (!h->thread_started)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_mutex_unlock(&h->lock);
	os_event_signal(h->wake);
	pthread_join(h->thread, NULL);
	h->thread_started = false;
}

void olc_overlay_host_free(struct olc_overlay_host *h)
{
	olc_overlay_host_stop(h);
	h->ops->output_free(h->output);
	h->ops->settings_clear(h->settings);
	bfree(h->settings);
	bfree(h->draw);
	if (h->wake)
		os_event_destroy(h->wake);
	pthread_mutex_destroy(&h->draw_lock);
	pthread_mutex_destroy(&h->tick_lock);
	pthread_mutex_destroy(&h->lock);
}

/* ---- worker side --------------------------------------------------------------------------------- */

void olc_overlay_host_set_settings(struct olc_overlay_host *h, void *settings)
{
	pthread_mutex_lock(&h->lock);
	h->ops->settings_clear(h->settings);
	memcpy(h->settings, settings, h->ops->settings_size);
	memset(settings, 0, h->ops->settings_size);
	h->reasons |= OLC_OVERLAY_WAKE_SETTINGS;
	pthread_mutex_unlock(&h->lock);
	if (h->wake)
		os_event_signal(h->wake);
}

void olc_overlay_host_copy_settings(struct olc_overlay_host *h, void *out)
{
	pthread_mutex_lock(&h->lock);
	h->ops->settings_copy(out, h->settings);
	pthread_mutex_unlock(&h->lock);
}

void olc_overlay_host_wake(struct olc_overlay_host *h, uint32_t reasons)
{
	pthread_mutex_lock(&h->lock);
	h->reasons |= reasons;
	pthread_mutex_unlock(&h->lock);
	if (h->wake)
		os_event_signal(h->wake);
}

void olc_overlay_host_publish(struct olc_overlay_host *h, void *output)
{
	pthread_mutex_lock(&h->lock);
	if (h->output && h->ops->output_merge) {
		h->output = h->ops->output_merge(h->output, output);
	} else {
		h->ops->output_free(h->output);
		h->output = output;
	}
	pthread_mutex_unlock(&h->lock);
}

void olc_overlay_host_count_raster(struct olc_overlay_host *h, uint64_t start_ns)
{
	os_atomic_set_long(&h->raster_us, (long)((os_gettime_ns() - start_ns) / 1000));
	os_atomic_inc_long(&h->rasters);
}

/* ---- graphics side ------------------------------------------------------------------------------- */

void olc_overlay_host_video_tick(struct olc_overlay_host *h, float seconds)
{
	pthread_mutex_lock(&h->tick_lock);
	/* The animation clock is video time, so animations take the same time at any frame rate. */
	const long frozen = os_atomic_load_long(&h->clock_override_ms);
	if (frozen >= 0)
		h->clock_ns = (uint64_t)frozen * MS;
	else if (seconds > 0.0f)
		h->clock_ns += (uint64_t)((double)seconds * 1e9);
	h->ops->tick(h->source, h->clock_ns);
	pthread_mutex_unlock(&h->tick_lock);
}

void *olc_overlay_host_take(struct olc_overlay_host *h)
{
	pthread_mutex_lock(&h->lock);
	void *output = h->output;
	h->output = NULL;
	pthread_mutex_unlock(&h->lock);
	return output;
}

void olc_overlay_host_set_draw(struct olc_overlay_host *h, const void *draw)
{
	pthread_mutex_lock(&h->draw_lock);
	memcpy(h->draw, draw, h->ops->draw_size);
	pthread_mutex_unlock(&h->draw_lock);
}

void olc_overlay_host_get_draw(struct olc_overlay_host *h, void *out)
{
	pthread_mutex_lock(&h->draw_lock);
	memcpy(out, h->draw, h->ops->draw_size);
	pthread_mutex_unlock(&h->draw_lock);
}

void olc_overlay_host_set_size(struct olc_overlay_host *h, uint32_t cx, uint32_t cy)
{
	os_atomic_set_long(&h->width, (long)cx);
	os_atomic_set_long(&h->height, (long)cy);
}

uint32_t olc_overlay_host_width(struct olc_overlay_host *h)
{
	return (uint32_t)os_atomic_load_long(&h->width);
}

uint32_t olc_overlay_host_height(struct olc_overlay_host *h)
{
	return (uint32_t)os_atomic_load_long(&h->height);
}

/* ---- procs ----------------------------------------------------------------------------------------- */

uint64_t olc_overlay_host_lock_tick(struct olc_overlay_host *h)
{
	pthread_mutex_lock(&h->tick_lock);
	return h->clock_ns;
}

void olc_overlay_host_unlock_tick(struct olc_overlay_host *h)
{
	pthread_mutex_unlock(&h->tick_lock);
}

void olc_overlay_put_raster_stats(struct olc_overlay_host *h, calldata_t *cd)
{
	calldata_set_int(cd, "rasters", os_atomic_load_long(&h->rasters));
	calldata_set_int(cd, "raster_us", os_atomic_load_long(&h->raster_us));
}

void olc_overlay_put_rect(calldata_t *cd, const char *name, const struct olc_card_rect *r)
{
	char key[64];
	snprintf(key, sizeof(key), "%s_x", name);
	calldata_set_int(cd, key, r->x);
	snprintf(key, sizeof(key), "%s_y", name);
	calldata_set_int(cd, key, r->y);
	snprintf(key, sizeof(key), "%s_w", name);
	calldata_set_int(cd, key, r->width);
	snprintf(key, sizeof(key), "%s_h", name);
	calldata_set_int(cd, key, r->height);
}
