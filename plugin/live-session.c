/* The module's live session: paths, the saved connection, and logging of state changes. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <stdlib.h>

#include "connection-store.h"
#include "live-session.h"
#include "plugin-support.h"

static struct olc_session *session;

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

bool olc_live_start(void)
{
	olc_http_global_init();

	char *cache_dir = config_file("cache");
	if (cache_dir)
		os_mkdirs(cache_dir);
	const char *data_dir = obs_get_module_data_path(obs_current_module());
	/* Tests point providers at a loopback shop with its own certificate authority. */
	const char *test_ca = getenv("OLC_TEST_CA_FILE");

	struct olc_session_config cfg = {
		.cache_dir = cache_dir,
		.data_dir = data_dir,
		.extra_ca_file = test_ca && *test_ca ? test_ca : NULL,
	};
	struct olc_error err = {{0}};
	session = olc_session_create(&cfg, &err);
	bfree(cache_dir);
	if (!session) {
		obs_log(LOG_ERROR, "cannot start the live session: %s", err.text);
		return false;
	}
	olc_session_add_listener(session, log_connection_changes, NULL);

	struct olc_connection conn;
	olc_connection_init(&conn);
	char *path = config_file("connection.json");
	if (path && os_file_exists(path)) {
		if (!olc_connection_store_load(path, &conn, &err))
			obs_log(LOG_WARNING, "ignoring the saved shop connection: %s", err.text);
	}
	bfree(path);
	if (!conn.provider)
		conn.provider = strdup("demo");
	if (!olc_session_set_connection(session, &conn, &err)) {
		obs_log(LOG_WARNING, "saved shop connection refused (%s); using the demo shop", err.text);
		olc_connection_free(&conn);
		olc_connection_init(&conn);
		conn.provider = strdup("demo");
		olc_session_set_connection(session, &conn, &err);
	}
	obs_log(LOG_INFO, "live session started with the %s shop", conn.provider);
	olc_connection_free(&conn);
	return true;
}

void olc_live_stop(void)
{
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

bool olc_live_set_connection(const struct olc_connection *c, struct olc_error *err)
{
	if (!session) {
		olc_error_set(err, "the live session is not running");
		return false;
	}
	if (!olc_session_set_connection(session, c, err))
		return false;

	char *path = config_file("connection.json");
	bool saved = path && olc_connection_store_save(path, c, err);
	bfree(path);
	if (!saved)
		obs_log(LOG_WARNING, "shop connection applied but not saved: %s", err->text);
	return true;
}
