/* The sold-out advance and the scene ties; see auto-feature.h. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdlib.h>
#include <string.h>

#include "core/session/auto-feature.h"
#include "runtime/auto-feature.h"
#include "runtime/live-session.h"
#include "plugin-support.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#define SCENES_WATCHED 1
#include <obs-frontend-api.h>

#include "runtime/frontend-present.h"
#endif


static struct {
	os_event_t *wake; /* auto-reset: the session changed, the options changed, or stop */
	pthread_t thread;
	bool thread_started;
	volatile bool stopping;
	struct olc_session *listened;
#ifdef SCENES_WATCHED
	bool scenes_watched;
#endif
} af;

void olc_auto_feature_wake(void)
{
	if (af.wake)
		os_event_signal(af.wake);
}

static void on_session_event(const struct olc_event *ev, void *priv)
{
	UNUSED_PARAMETER(priv);
	/* Orders and connection changes that matter come with STOCK_CHANGED or CATALOG_CHANGED. */
	if (ev->kind == OLC_EVENT_STOCK_CHANGED || ev->kind == OLC_EVENT_PRODUCT_FEATURED ||
	    ev->kind == OLC_EVENT_CATALOG_CHANGED || ev->kind == OLC_EVENT_DECK_CHANGED)
		olc_auto_feature_wake();
}

/* One look at the session; returns how long to sleep (-1: until woken). */
static int64_t look(struct olc_sold_out_watch *watch)
{
	struct olc_live_options opt;
	olc_live_options_get(&opt);
	struct olc_snapshot *snap = olc_live_snapshot();
	if (!snap)
		return -1;
	int64_t wait_ms = -1;
	int number = 0;
	if (opt.sold_out_advance)
		number = olc_sold_out_watch_look(watch, snap, (int64_t)(os_gettime_ns() / 1000000),
						 (int64_t)opt.sold_out_seconds * 1000, &wait_ms);
	else
		memset(watch, 0, sizeof(*watch));
	olc_snapshot_release(snap);

	struct olc_session *session = olc_live_session();
	struct olc_error err = {{0}};
	if (number > 0 && session) {
		if (olc_session_feature_number(session, number, &err))
			obs_log(LOG_INFO, "the featured product sold out: featuring number %d", number);
		else
			obs_log(LOG_INFO, "the featured product sold out, but number %d cannot be featured: %s", number,
				err.text);
	}
	return wait_ms;
}

static void *auto_feature_main(void *unused)
{
	UNUSED_PARAMETER(unused);
	os_set_thread_name("olc-auto-feature");
	struct olc_sold_out_watch *watch = bzalloc(sizeof(*watch));
	int64_t wait_ms = -1;
	while (!af.stopping) {
		if (wait_ms < 0)
			os_event_wait(af.wake);
		else
			os_event_timedwait(af.wake, (unsigned long)(wait_ms > 0 ? wait_ms : 1));
		if (af.stopping)
			break;
		wait_ms = look(watch);
	}
	bfree(watch);
	return NULL;
}

#ifdef SCENES_WATCHED
/* A scene switch features the deck item tied to the new scene. UI thread; memory only. */
static void feature_scene_item(void)
{
	struct olc_live_options opt;
	olc_live_options_get(&opt);
	struct olc_session *session = olc_live_session();
	if (!opt.scene_features_item || !session)
		return;
	obs_source_t *scene = obs_frontend_get_current_scene();
	const char *name = scene ? obs_source_get_name(scene) : NULL;
	struct olc_snapshot *snap = olc_session_snapshot(session);
	struct olc_scene_tie *ties = snap && snap->deck.count ? bzalloc(snap->deck.count * sizeof(*ties)) : NULL;
	int number = 0;
	if (ties) {
		for (size_t i = 0; i < snap->deck.count; i++)
			ties[i] = (struct olc_scene_tie){snap->deck.items[i].number, snap->deck.items[i].scene};
		number = olc_scene_tie_match(name, ties, snap->deck.count);
	}
	const bool already = number > 0 && snap->featured_number == number;
	bfree(ties);
	olc_snapshot_release(snap);
	struct olc_error err = {{0}};
	if (number > 0 && !already && !olc_session_feature_number(session, number, &err))
		obs_log(LOG_INFO, "scene switch: number %d cannot be featured: %s", number, err.text);
	obs_source_release(scene);
}

static void on_frontend_event(enum obs_frontend_event event, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (event == OBS_FRONTEND_EVENT_SCENE_CHANGED)
		feature_scene_item();
}
#endif

void olc_auto_feature_start(void)
{
	if (af.thread_started || os_event_init(&af.wake, OS_EVENT_TYPE_AUTO) != 0)
		return;
	af.stopping = false;
	if (pthread_create(&af.thread, NULL, auto_feature_main, NULL) != 0) {
		obs_log(LOG_ERROR, "cannot start the sold-out advance's thread");
		os_event_destroy(af.wake);
		af.wake = NULL;
		return;
	}
	af.thread_started = true;
	af.listened = olc_live_session();
	if (af.listened)
		olc_session_add_listener(af.listened, on_session_event, NULL);
	olc_auto_feature_wake(); /* the cached catalog may already show a sold-out featured product */
#ifdef SCENES_WATCHED
	af.scenes_watched = olc_frontend_present();
	if (af.scenes_watched)
		obs_frontend_add_event_callback(on_frontend_event, NULL);
#endif
}

void olc_auto_feature_stop(void)
{
#ifdef SCENES_WATCHED
	if (af.scenes_watched)
		obs_frontend_remove_event_callback(on_frontend_event, NULL);
	af.scenes_watched = false;
#endif
	if (af.listened)
		olc_session_remove_listener(af.listened, on_session_event, NULL);
	af.listened = NULL;
	if (!af.thread_started)
		return;
	af.stopping = true;
	os_event_signal(af.wake);
	pthread_join(af.thread, NULL);
	af.thread_started = false;
	os_event_destroy(af.wake);
	af.wake = NULL;
}
