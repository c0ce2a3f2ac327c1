/* The module's unload while its vendor requests keep arriving (plugin/api/vendor-api.c,
 * plugin/runtime/countdown-host.c, plugin/module.c).
 *
 * obs-websocket calls a vendor request's callback outside its own lock, so a request it looked up
 * just before the module unregistered it still arrives during the unload, and another thread's
 * request can arrive at any moment of it. Neither may reach what the unload has torn down. Two
 * probes run around harness_stop (obs_shutdown, which unloads the module):
 * - when the module unregisters its first request, the stub sends StartCountdown from the
 *   unloading thread, as obs-websocket would for a request already looked up: it must be refused
 *   in plain words, not start a countdown whose watcher thread is gone;
 * - a thread sends StartCountdown, GetCountdown and StopCountdown without pause from before the
 *   unload until the requests are gone: every answer has "ok", and the process lives on. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define VENDOR "live-commerce"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t answered_cond;
	bool stop;
	/* The thread's counts; read after it is joined. */
	long answered, refused, malformed;
	bool gone; /* a whole round of the three requests found none registered */
	char malformed_first[256];
	/* The late request, sent from the unloading thread. */
	bool late_sent, late_registered, late_ok;
	char late_error[256];
	pthread_t thread;
	bool thread_started;
} probe = {.lock = PTHREAD_MUTEX_INITIALIZER, .answered_cond = PTHREAD_COND_INITIALIZER};

static obs_data_t *countdown_request(const char *type, const char *label)
{
	obs_data_t *req = obs_data_create();
	if (strcmp(type, "StartCountdown") == 0) {
		obs_data_set_int(req, "seconds", 60);
		obs_data_set_string(req, "label", label);
	}
	return req;
}

static bool stopping(void)
{
	pthread_mutex_lock(&probe.lock);
	bool stop = probe.stop;
	pthread_mutex_unlock(&probe.lock);
	return stop;
}

static void *hammer(void *unused)
{
	(void)unused;
	static const char *const types[] = {"StartCountdown", "GetCountdown", "StopCountdown"};
	while (!stopping() && !probe.gone) {
		int registered = 0;
		for (size_t i = 0; i < 3; i++) {
			obs_data_t *req = countdown_request(types[i], "hammer");
			obs_data_t *resp = obs_data_create();
			if (rt_vendor_request(VENDOR, types[i], req, resp)) {
				registered++;
				if (!obs_data_has_user_value(resp, "ok")) {
					if (!probe.malformed++)
						snprintf(probe.malformed_first, sizeof(probe.malformed_first), "%s: %s",
							 types[i], obs_data_get_json(resp));
				} else if (obs_data_get_bool(resp, "ok")) {
					pthread_mutex_lock(&probe.lock);
					probe.answered++;
					pthread_cond_signal(&probe.answered_cond);
					pthread_mutex_unlock(&probe.lock);
				} else {
					probe.refused++;
				}
			}
			obs_data_release(resp);
			obs_data_release(req);
		}
		probe.gone = registered == 0;
	}
	return NULL;
}

static void late_request(const char *type, void *param)
{
	(void)type;
	(void)param;
	if (probe.late_sent)
		return;
	probe.late_sent = true;
	obs_data_t *req = countdown_request("StartCountdown", "late");
	obs_data_t *resp = obs_data_create();
	probe.late_registered = rt_vendor_request(VENDOR, "StartCountdown", req, resp);
	probe.late_ok = obs_data_get_bool(resp, "ok");
	snprintf(probe.late_error, sizeof(probe.late_error), "%s", obs_data_get_string(resp, "error"));
	obs_data_release(resp);
	obs_data_release(req);
}

bool rt_unload_begin(void)
{
	rt_vendor_on_unregister(late_request, NULL);
	probe.thread_started = pthread_create(&probe.thread, NULL, hammer, NULL) == 0;
	if (!probe.thread_started)
		return false;
	/* The unload must overlap requests that are being answered: wait for the first answer. */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += RT_TIMEOUT_MS / 1000;
	pthread_mutex_lock(&probe.lock);
	int waited = 0;
	while (!probe.answered && waited == 0)
		waited = pthread_cond_timedwait(&probe.answered_cond, &probe.lock, &until);
	const bool answered = probe.answered > 0;
	pthread_mutex_unlock(&probe.lock);
	return answered;
}

bool rt_unload_end(struct rt_ctx *t, bool began)
{
	pthread_mutex_lock(&probe.lock);
	probe.stop = true;
	pthread_mutex_unlock(&probe.lock);
	if (probe.thread_started)
		pthread_join(probe.thread, NULL);
	rt_vendor_on_unregister(NULL, NULL);

	if (!began)
		return rt_fail(t, "no countdown request was answered before the unload (%ld refused)", probe.refused);
	if (!probe.late_sent)
		return rt_fail(t, "the module unregistered no vendor request while it unloaded");
	if (!probe.late_registered)
		return rt_fail(t, "StartCountdown was unregistered before the module's first unregistration");
	if (probe.late_ok)
		return rt_fail(t, "StartCountdown sent while the module unregistered its requests was answered ok: it "
				  "reached the countdown during the unload");
	if (!strstr(probe.late_error, "shutting down"))
		return rt_fail(t,
			       "StartCountdown during the unload: error \"%s\", want one saying OBS is shutting down",
			       probe.late_error);
	if (probe.malformed)
		return rt_fail(t, "%ld answers without \"ok\", the first %s", probe.malformed, probe.malformed_first);
	if (!probe.gone)
		return rt_fail(t, "the countdown requests were still registered after the unload");
	printf("# render: %s: %ld answered, %ld refused by the thread; the late StartCountdown: \"%s\"\n", t->name,
	       probe.answered, probe.refused, probe.late_error);
	return true;
}
