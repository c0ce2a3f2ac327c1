/* The module's one flash-sale countdown; see countdown-host.h. */
#include <obs-module.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdio.h>
#include <string.h>

#include "runtime/countdown-host.h"
#include "runtime/events.h"
#include "plugin-support.h"

#define MS 1000000ull

static struct {
	pthread_mutex_t lock;
	struct olc_countdown cd;
	long long test_clock_ms; /* >= 0: the clock stands there (tests) */
	long ended_count;

	os_event_t *wake; /* start, stop, a test clock and unload wake the watcher; set and destroyed under lock */
	pthread_t thread;
	bool thread_started;
	volatile bool stopping;
} host = {.lock = PTHREAD_MUTEX_INITIALIZER, .test_clock_ms = -1};

/* Under host.lock. */
static uint64_t host_now(void)
{
	return host.test_clock_ms >= 0 ? (uint64_t)host.test_clock_ms * MS : os_gettime_ns();
}

static void announce_end(const char *label)
{
	olc_events_countdown_ended(label);
	obs_log(LOG_INFO, "countdown ended");
}

/* Sleeps until the running countdown's end (or until woken), then announces the end once. */
static void *watch_countdown(void *unused)
{
	UNUSED_PARAMETER(unused);
	os_set_thread_name("olc-countdown");
	while (!host.stopping) {
		char label[OLC_COUNTDOWN_LABEL_MAX + 1] = "";
		pthread_mutex_lock(&host.lock);
		const uint64_t now = host_now();
		const bool ended = olc_countdown_take_end(&host.cd, now);
		if (ended) {
			snprintf(label, sizeof(label), "%s", host.cd.label ? host.cd.label : "");
			host.ended_count++;
		}
		const bool running = host.cd.state == OLC_COUNTDOWN_RUNNING;
		const bool frozen = host.test_clock_ms >= 0;
		const int64_t left_ms = olc_countdown_remaining_ms(&host.cd, now);
		pthread_mutex_unlock(&host.lock);

		/* Outside the lock: CountdownEnded goes to obs-websocket. */
		if (ended)
			announce_end(label);

		if (running && !frozen)
			os_event_timedwait(host.wake, (unsigned long)(left_ms > 0 ? left_ms : 1));
		else
			os_event_wait(host.wake); /* idle, ended, or a test clock that only moves when set */
	}
	return NULL;
}

/* Under host.lock, so that a start or stop from another thread never signals an event being
 * destroyed: after olc_countdown_host_stop_module it signals nothing. */
static void wake_watcher(void)
{
	pthread_mutex_lock(&host.lock);
	if (host.wake)
		os_event_signal(host.wake);
	pthread_mutex_unlock(&host.lock);
}

static void destroy_wake(void)
{
	pthread_mutex_lock(&host.lock);
	if (host.wake)
		os_event_destroy(host.wake);
	host.wake = NULL;
	pthread_mutex_unlock(&host.lock);
}

bool olc_countdown_host_start_module(void)
{
	if (host.thread_started)
		return true;
	olc_countdown_init(&host.cd);
	host.stopping = false;
	os_event_t *wake = NULL;
	if (os_event_init(&wake, OS_EVENT_TYPE_AUTO) != 0) {
		obs_log(LOG_ERROR, "countdown: cannot create its event");
		return false;
	}
	pthread_mutex_lock(&host.lock);
	host.wake = wake;
	pthread_mutex_unlock(&host.lock);
	if (pthread_create(&host.thread, NULL, watch_countdown, NULL) != 0) {
		obs_log(LOG_ERROR, "countdown: cannot start its thread; CountdownEnded will not be sent");
		destroy_wake();
		return false;
	}
	host.thread_started = true;
	return true;
}

void olc_countdown_host_stop_module(void)
{
	if (host.thread_started) {
		host.stopping = true;
		wake_watcher();
		pthread_join(host.thread, NULL);
		host.thread_started = false;
	}
	destroy_wake();
	pthread_mutex_lock(&host.lock);
	olc_countdown_free(&host.cd);
	pthread_mutex_unlock(&host.lock);
}

bool olc_countdown_host_start(long long seconds, const char *label, const char *product_id, struct olc_error *err)
{
	pthread_mutex_lock(&host.lock);
	const bool ok = olc_countdown_start(&host.cd, seconds, label, product_id, host_now(), err);
	pthread_mutex_unlock(&host.lock);
	if (ok) {
		wake_watcher();
		obs_log(LOG_INFO, "countdown started for %lld s", seconds);
	}
	return ok;
}

bool olc_countdown_host_stop(void)
{
	pthread_mutex_lock(&host.lock);
	const bool was = olc_countdown_stop(&host.cd);
	pthread_mutex_unlock(&host.lock);
	if (was) {
		wake_watcher();
		obs_log(LOG_INFO, "countdown stopped");
	}
	return was;
}

void olc_countdown_host_view(struct olc_countdown_view *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&host.lock);
	const uint64_t now = host_now();
	/* The state as of now, not as of the watcher's last wake: a source drawn a millisecond after
	 * the end shows the end label even if the watcher has not run yet. */
	const bool past_end = host.cd.state == OLC_COUNTDOWN_RUNNING && now >= host.cd.end_ns;
	out->state = past_end ? OLC_COUNTDOWN_ENDED : host.cd.state;
	out->remaining_ms = olc_countdown_remaining_ms(&host.cd, now);
	out->seconds = host.cd.seconds;
	snprintf(out->label, sizeof(out->label), "%s", host.cd.label ? host.cd.label : "");
	/* Whole: the countdown refuses ids longer than the buffer, so this copy never fails. */
	olc_product_id_copy(out->product_id, sizeof(out->product_id), host.cd.product_id);
	out->generation = host.cd.generation + (past_end ? 1 : 0);
	out->ended_count = host.ended_count;
	pthread_mutex_unlock(&host.lock);
	if (past_end)
		wake_watcher();
}

#ifdef OLC_TEST_HOOKS
void olc_countdown_host_set_test_clock(long long ms)
{
	pthread_mutex_lock(&host.lock);
	host.test_clock_ms = ms < 0 ? -1 : ms;
	pthread_mutex_unlock(&host.lock);
	wake_watcher();
}
#endif
