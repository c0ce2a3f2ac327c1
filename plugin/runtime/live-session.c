/* The module's live session: paths, the saved connection, and logging of state changes. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/net/http.h"
#include "core/shop/connection-store.h"
#include "runtime/auto-feature.h"
#include "core/shop/connection-test.h"
#include "runtime/live-session.h"
#include "plugin-support.h"
#include "ids.h"

static struct olc_session *session;

/* Why the connection in use is not the saved one, for GetStatus: connection.json could not be read at
 * start, or could not be written since. "" when they agree. */
static struct {
	pthread_mutex_t lock;
	struct olc_error error;
} config = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* live.json: the stream language and the live options, read at start. */
#define LIVE_SETTINGS_FILE "live.json"
static struct {
	pthread_mutex_t lock;
	struct olc_live_settings settings;
} live = {.lock = PTHREAD_MUTEX_INITIALIZER};
/* Calls that run on the dock's worker threads (a connection test, a connection being applied):
 * olc_live_stop cancels tests and waits until no call is left inside, so that the session is never
 * destroyed under one. Each is bounded: a test returns promptly once cancelled, applying a
 * connection joins the old poller (about 1 s at most) and writes a small file. */
static struct {
	pthread_mutex_t lock;
	struct olc_cancel *cancel; /* set from olc_live_stop on: no call may enter */
	int running;
} calls = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Enters a worker call; false (err says why) once OBS is quitting. */
static bool call_enter(struct olc_error *err)
{
	pthread_mutex_lock(&calls.lock);
	const bool open = calls.cancel && !olc_cancel_is_set(calls.cancel);
	if (open)
		calls.running++;
	pthread_mutex_unlock(&calls.lock);
	if (!open)
		olc_error_set(err, "the live session is not running");
	return open;
}

static void call_leave(void)
{
	pthread_mutex_lock(&calls.lock);
	calls.running--;
	pthread_mutex_unlock(&calls.lock);
}

static void set_config_error(const char *fmt, ...) OLC_PRINTF(1, 2);
static void set_config_error(const char *fmt, ...)
{
	/* Longer than the error: olc_error_set cuts it at a character boundary. */
	char text[2 * sizeof(config.error.text)] = "";
	if (fmt) {
		va_list args;
		va_start(args, fmt);
		vsnprintf(text, sizeof(text), fmt, args);
		va_end(args);
	}
	pthread_mutex_lock(&config.lock);
	olc_error_set(&config.error, "%s", text);
	pthread_mutex_unlock(&config.lock);
}

static void log_connection_changes(const struct olc_event *ev, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (ev->kind != OLC_EVENT_CONNECTION_CHANGED)
		return;
	/* Transport and provider errors name hosts and reasons, never credentials or queries. */
	if (ev->error)
		obs_log(LOG_WARNING, "shop connection %s: %s", olc_conn_state_name(ev->state), ev->error);
	else
		obs_log(LOG_INFO, "shop connection %s", olc_conn_state_name(ev->state));
}

static char *config_file(const char *name)
{
	char *dir = obs_module_config_path("");
	if (dir)
		os_mkdirs(dir);
	bfree(dir);
	return obs_module_config_path(name);
}

/* The session's save_credentials: a shop rotated its tokens (Kuaishou), so connection.json gets
 * them now, atomically, before they are used; a failure is the session's error to report and the
 * config error GetStatus shows until a connection is saved. Runs on the session's worker. */
static bool save_rotated_credentials(void *param, const struct olc_connection *c, struct olc_error *err)
{
	UNUSED_PARAMETER(param);
	char *path = config_file("connection.json");
	struct olc_error why = {{0}};
	bool saved = path && olc_connection_store_save(path, c, &why);
	bfree(path);
	if (saved) {
		set_config_error(NULL);
		return true;
	}
	olc_error_set(err,
		      "the shop gave new credentials that could not be saved (%s): they work until OBS quits, "
		      "then the shop must be authorised again",
		      why.text[0] ? why.text : "connection.json: no config folder");
	set_config_error("%s", err->text);
	obs_log(LOG_ERROR, "%s", err->text);
	return false;
}

bool olc_live_start(void)
{
	olc_http_global_init();
	pthread_mutex_lock(&calls.lock);
	if (!calls.cancel)
		calls.cancel = olc_cancel_create();
	else
		olc_cancel_reset(calls.cancel);
	pthread_mutex_unlock(&calls.lock);

	char *cache_dir = config_file("cache");
	if (cache_dir)
		os_mkdirs(cache_dir);
	const char *data_dir = obs_get_module_data_path(obs_current_module());
	struct olc_session_config cfg = {
		.cache_dir = cache_dir,
		.data_dir = data_dir,
		.save_credentials = save_rotated_credentials,
	};
	struct olc_error err = {{0}};
	session = olc_session_create(&cfg, &err);
	bfree(cache_dir);
	if (!session) {
		obs_log(LOG_ERROR, "cannot start the live session: %s", err.text);
		return false;
	}
	olc_session_add_listener(session, log_connection_changes, NULL);

	/* A broken live.json is logged and left for the user to mend; the defaults run meanwhile. */
	struct olc_live_settings settings;
	olc_live_settings_default(&settings);
	char *live_path = config_file(LIVE_SETTINGS_FILE);
	if (live_path && os_file_exists(live_path) && !olc_live_settings_load(live_path, &settings, &err))
		obs_log(LOG_WARNING, "ignoring the saved live settings: %s", err.text);
	bfree(live_path);
	pthread_mutex_lock(&live.lock);
	live.settings = settings;
	pthread_mutex_unlock(&live.lock);

	struct olc_connection conn;
	olc_connection_init(&conn);
	char *path = config_file("connection.json");
	/* A broken file is left as it is (the user may want to mend it) until a new connection is
	 * saved; meanwhile GetStatus says why the demo shop runs. */
	if (path && os_file_exists(path) && !olc_connection_store_load(path, &conn, &err)) {
		obs_log(LOG_WARNING, "ignoring the saved shop connection: %s", err.text);
		set_config_error("%s; using the demo shop until a connection is saved", err.text);
	}
	bfree(path);
	if (!conn.provider)
		conn.provider = strdup("demo");
	if (!olc_session_set_connection(session, &conn, &err)) {
		obs_log(LOG_WARNING, "saved shop connection refused (%s); using the demo shop", err.text);
		set_config_error("connection.json: %s; using the demo shop until a connection is saved", err.text);
		olc_connection_free(&conn);
		olc_connection_init(&conn);
		conn.provider = strdup("demo");
		olc_session_set_connection(session, &conn, &err);
	}
	obs_log(LOG_INFO, "live session started with the %s shop", conn.provider);
	olc_connection_free(&conn);
	return true;
}

/* Closes the worker calls: cancels tests under way and waits until every call has left. */
static void stop_calls(void)
{
	pthread_mutex_lock(&calls.lock);
	if (calls.cancel)
		olc_cancel_set(calls.cancel);
	while (calls.running > 0) {
		pthread_mutex_unlock(&calls.lock);
		os_sleep_ms(10);
		pthread_mutex_lock(&calls.lock);
	}
	pthread_mutex_unlock(&calls.lock);
}

void olc_live_stop(void)
{
	stop_calls();
	if (!session)
		return;
	olc_session_remove_listener(session, log_connection_changes, NULL);
	const uint64_t start = os_gettime_ns();
	olc_session_destroy(session);
	session = NULL;
	/* The e2e tests read this line: exit must never wait on a slow shop. */
	obs_log(LOG_INFO, "live session stopped in %llu ms", (unsigned long long)((os_gettime_ns() - start) / 1000000));
}

struct olc_session *olc_live_session(void)
{
	return session;
}

struct olc_snapshot *olc_live_snapshot(void)
{
	return session ? olc_session_snapshot(session) : NULL;
}

/* The session, or NULL with err saying there is none. */
static struct olc_session *running(struct olc_error *err)
{
	if (!session)
		olc_error_set(err, "the live session is not running");
	return session;
}

bool olc_live_feature(const char *product_id, struct olc_error *err)
{
	struct olc_session *s = running(err);
	return s && olc_session_feature(s, &product_id, 1, err);
}

bool olc_live_feature_step(int delta, struct olc_error *err)
{
	struct olc_session *s = running(err);
	return s && olc_session_feature_step(s, delta, err);
}

void olc_live_hide(void)
{
	if (session)
		olc_session_hide(session);
}

bool olc_live_simulate_order(const char *product_id, int quantity, struct olc_error *err)
{
	struct olc_session *s = running(err);
	return s && olc_session_simulate_order(s, product_id, quantity, err);
}

bool olc_live_set_connection(const struct olc_connection *c, struct olc_error *err, struct olc_error *save_err)
{
	olc_error_clear(save_err);
	if (!call_enter(err))
		return false;
	if (!running(err) || !olc_session_set_connection(session, c, err)) {
		call_leave();
		return false;
	}

	/* What the session took, which may differ from c: a connection sent back with a refresh token
	 * the shop has rotated away keeps the current pair (see olc_session_set_connection). */
	struct olc_connection taken;
	const bool took = olc_session_get_connection(session, &taken);
	char *path = config_file("connection.json");
	struct olc_error why = {{0}};
	bool saved = path && olc_connection_store_save(path, took ? &taken : c, &why);
	bfree(path);
	olc_connection_free(&taken);
	if (saved) {
		set_config_error(NULL);
	} else {
		olc_error_set(save_err, "%s; the connection is used until OBS quits but is not saved",
			      why.text[0] ? why.text : "connection.json: no config folder");
		set_config_error("%s", save_err->text);
		obs_log(LOG_WARNING, "shop connection applied but not saved: %s", why.text);
	}
	call_leave();
	return true;
}

bool olc_live_test_connection(const struct olc_connection *c, char *summary, size_t len, struct olc_error *err)
{
	if (len > 0)
		summary[0] = '\0';
	if (!call_enter(err))
		return false;

	struct olc_provider_env env = {
		.cancel = calls.cancel,
		.data_dir = obs_get_module_data_path(obs_current_module()),
	};
	struct olc_connection_test result;
	const bool ok = olc_connection_test_run(c, &env, &result, err);
	if (ok)
		olc_connection_test_summary(&result, summary, len);

	call_leave();
	return ok;
}

void olc_live_config_error(struct olc_error *out)
{
	pthread_mutex_lock(&config.lock);
	*out = config.error;
	pthread_mutex_unlock(&config.lock);
}

static bool call_on_card(void *param, obs_source_t *source)
{
	const char *proc = param;
	if (strcmp(obs_source_get_unversioned_id(source), OLC_SOURCE_PRODUCT_CARD) == 0) {
		calldata_t cd = {0};
		proc_handler_call(obs_source_get_proc_handler(source), proc, &cd);
		calldata_free(&cd);
	}
	return true;
}

void olc_live_call_cards(const char *proc)
{
	obs_enum_sources(call_on_card, (void *)proc);
}

void olc_live_reveal_price(void)
{
	olc_live_call_cards(P_CARD_REVEAL_PRICE);
}

bool olc_live_mark_sold_out(const char *product_id, struct olc_error *err)
{
	struct olc_session *s = running(err);
	return s && olc_session_mark_sold_out(s, product_id, err);
}

void olc_live_settings_get(struct olc_live_settings *out)
{
	pthread_mutex_lock(&live.lock);
	*out = live.settings;
	pthread_mutex_unlock(&live.lock);
}

bool olc_live_settings_put(const struct olc_live_settings *in, struct olc_error *err)
{
	if (!olc_live_settings_check(in, err))
		return false;
	pthread_mutex_lock(&live.lock);
	live.settings = *in;
	pthread_mutex_unlock(&live.lock);

	char *path = config_file(LIVE_SETTINGS_FILE);
	struct olc_error why = {{0}};
	const bool saved = path && olc_live_settings_save(path, in, &why);
	bfree(path);
	if (!saved) {
		olc_error_set(err, "%s; the setting is used until OBS quits but is not saved",
			      why.text[0] ? why.text : LIVE_SETTINGS_FILE ": no config folder");
		obs_log(LOG_WARNING, "live settings applied but not saved: %s", why.text);
	}
	return saved;
}

void olc_live_options_get(struct olc_live_options *out)
{
	struct olc_live_settings s;
	olc_live_settings_get(&s);
	out->sold_out_advance = s.sold_out_advance;
	out->sold_out_seconds = s.sold_out_seconds;
	out->scene_features_item = s.scene_features_item;
}

bool olc_live_options_set(const struct olc_live_options *in, struct olc_error *err)
{
	struct olc_live_settings s;
	olc_live_settings_get(&s);
	s.sold_out_advance = in->sold_out_advance;
	s.sold_out_seconds = in->sold_out_seconds;
	s.scene_features_item = in->scene_features_item;
	/* Refused: nothing changed. Applied but not saved: the advance follows it all the same. */
	struct olc_error why = {{0}};
	if (!olc_live_settings_check(&s, err))
		return false;
	const bool saved = olc_live_settings_put(&s, &why);
	olc_auto_feature_wake();
	if (!saved)
		*err = why;
	return saved;
}
