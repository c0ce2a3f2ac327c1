/* The live session: a model of the shop and the stream (catalog, deck, featured products,
 * recent orders, counters, connection status) that one poller thread and the callers of the
 * feature/simulate/deck functions change, published to readers as immutable snapshots. This file
 * creates and destroys it and sets its connection; session-internal.h lists the other files and
 * the order of the session's locks. */
#include "core/session/session-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/clock.h"
#include "core/sys/fs.h"
#include "core/sys/thread.h"

static void model_free(struct model *m)
{
	olc_catalog_free(&m->catalog);
	olc_deck_free(&m->deck);
	session_featured_clear(m);
	for (size_t i = 0; i < m->ring_capacity && m->ring; i++)
		olc_order_free(&m->ring[i]);
	free(m->ring);
	free(m->ring_seq);
	session_counters_clear(m);
	session_sold_out_clear(m);
	free(m->per_product);
	free(m->catalog_error);
	free(m->orders_error);
	free(m->warning);
	free(m->order_warning);
	free(m->error);
	if (m->catalog_part)
		session_part_unref(&m->catalog_part->base);
	if (m->deck_part)
		session_part_unref(&m->deck_part->base);
	if (m->orders_part)
		session_part_unref(&m->orders_part->base);
	if (m->counters_part)
		session_part_unref(&m->counters_part->base);
}

static uint64_t clock_seed(const void *salt)
{
	uint64_t seed = olc_clock_unix_ns() ^ (uint64_t)(uintptr_t)salt;
	return seed ? seed : 1;
}

struct olc_session *olc_session_create(const struct olc_session_config *cfg, struct olc_error *err)
{
	static const struct olc_session_config defaults = {0};
	if (!cfg)
		cfg = &defaults;

	struct olc_session *s = calloc(1, sizeof(*s));
	if (!s) {
		olc_error_set(err, "out of memory");
		return NULL;
	}
	s->stale_after_ms = cfg->stale_after_ms > 0 ? cfg->stale_after_ms : STALE_AFTER_DEFAULT_MS;
	s->catalog_min_ms = cfg->catalog_min_ms > 0 ? cfg->catalog_min_ms : CATALOG_INTERVAL_MIN_MS;
	s->catalog_after_order_ms = cfg->catalog_after_order_ms > 0 ? cfg->catalog_after_order_ms
								    : CATALOG_AFTER_ORDER_MS;
	s->now_ms = cfg->now_ms ? cfg->now_ms : olc_clock_unix_ms;
	s->seed = cfg->seed ? cfg->seed : clock_seed(s);
	olc_connection_init(&s->conn);
	olc_catalog_init(&s->m.catalog);
	olc_deck_init(&s->m.deck);

	olc_mutex_init(&s->cache_lock);
	olc_mutex_init(&s->model_lock);
	olc_mutex_init(&s->ctl_lock);
	olc_cond_init(&s->ctl_cond);
	olc_mutex_init(&s->snap_lock);
	olc_mutex_init(&s->listeners_lock);
	olc_cond_init(&s->listeners_idle);

	s->save_credentials = cfg->save_credentials;
	s->save_param = cfg->save_param;

	struct model *m = &s->m;
	m->ring_capacity = cfg->recent_capacity ? cfg->recent_capacity : OLC_RECENT_ORDERS_DEFAULT;
	m->ring = calloc(m->ring_capacity, sizeof(*m->ring));
	m->ring_seq = calloc(m->ring_capacity, sizeof(*m->ring_seq));
	s->cancel = olc_cancel_create();
	bool ok = m->ring && m->ring_seq && s->cancel &&
		  (!cfg->cache_dir || (s->cache_dir = olc_strdup(cfg->cache_dir))) &&
		  (!cfg->data_dir || (s->data_dir = olc_strdup(cfg->data_dir))) &&
		  (!cfg->extra_ca_file || (s->extra_ca_file = olc_strdup(cfg->extra_ca_file)));
	if (ok && s->cache_dir)
		olc_mkdirs(s->cache_dir); /* so the cache can be written before the worker has read it */
	m->state = OLC_CONN_OFFLINE;
	m->cache_read = !s->cache_dir;
	m->revision = 1;
	m->catalog_revision = 1;
	m->featured_revision = 1;
	if (!ok || !session_publish(s)) {
		olc_error_set(err, "out of memory");
		olc_session_destroy(s);
		return NULL;
	}
	/* The worker reads the cache first (session_load_cache): however big the catalog, module load goes on
	 * at once, and the overlays show the cache when it is published. */
	if (!olc_thread_start(&s->worker, session_worker_main, s)) {
		olc_error_set(err, "could not start the shop connection (no thread)");
		olc_session_destroy(s);
		return NULL;
	}
	s->worker_started = true;
	return s;
}

void olc_session_destroy(struct olc_session *s)
{
	if (!s)
		return;

	olc_mutex_lock(&s->ctl_lock);
	s->stopping = true;
	if (s->cancel)
		olc_cancel_set(s->cancel); /* a transfer in flight ends within ~100 ms */
	olc_cond_broadcast(&s->ctl_cond);
	bool joined = s->worker_started;
	olc_mutex_unlock(&s->ctl_lock);
	if (joined)
		olc_thread_join(&s->worker);

	session_box_release(s->current);
	model_free(&s->m);
	while (s->listeners) {
		struct listener *next = s->listeners->next;
		free(s->listeners);
		s->listeners = next;
	}
	olc_connection_free(&s->conn);
	for (size_t i = 0; i < SESSION_RETIRED_TOKENS; i++)
		olc_secret_free(s->retired[i]);
	if (s->cancel)
		olc_cancel_destroy(s->cancel);
	olc_mutex_destroy(&s->cache_lock);
	olc_mutex_destroy(&s->model_lock);
	olc_mutex_destroy(&s->ctl_lock);
	olc_cond_destroy(&s->ctl_cond);
	olc_mutex_destroy(&s->snap_lock);
	olc_mutex_destroy(&s->listeners_lock);
	olc_cond_destroy(&s->listeners_idle);
	free(s->cache_dir);
	free(s->data_dir);
	free(s->extra_ca_file);
	free(s);
}

/* ---- connection ---- */

static void keep_rotated(struct olc_session *s, struct olc_connection *c);

bool olc_session_set_connection(struct olc_session *s, const struct olc_connection *c, struct olc_error *err)
{
	if (!c || !c->provider || !*c->provider) {
		olc_error_set(err, "choose a shop type: demo, json, woocommerce, shopify, douyin, kuaishou, youzan or taobao");
		return false;
	}
	const struct olc_provider_ops *ops = olc_provider_find(c->provider);
	if (!ops) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err,
			      "unknown shop type \"%s\" (expected demo, json, woocommerce, shopify, douyin, kuaishou, youzan "
			      "or taobao)",
			      olc_error_excerpt(shown, sizeof(shown), c->provider));
		return false;
	}
	if (c->poll_ms < 0 || (c->poll_ms > 0 && c->poll_ms < POLL_MIN_MS) || c->poll_ms > POLL_MAX_MS) {
		olc_error_set(err, "the poll interval must be from %d ms to %d minutes (or 0 for the default)",
			      POLL_MIN_MS, POLL_MAX_MS / 60000);
		return false;
	}
	if (!ops->check(c, err))
		return false;

	struct olc_connection copy;
	olc_connection_init(&copy);
	if (!olc_connection_copy(&copy, c)) {
		olc_error_set(err, "out of memory");
		return false;
	}

	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	uint64_t identity = session_shop_identity(c->provider, c->url);
	if (m->shop != identity) {
		/* Another shop: what we hold belongs to the old one. */
		if (m->catalog.count > 0) {
			olc_catalog_free(&m->catalog);
			m->catalog_dirty = true;
			m->catalog_revision++;
			session_event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
		}
		if (m->featured_count > 0) {
			session_featured_clear(m);
			m->featured_revision++;
			session_event_featured(m, &evs);
		}
		session_ring_clear(m);
		session_counters_clear(m);
		session_sold_out_clear(m);
		m->currency[0] = '\0';
		m->last_success_ms = 0;
		m->cache_written_ms = 0;
		olc_str_set(&m->warning, NULL);
		m->shop = identity;
		m->demo_featured = false;
	}
	snprintf(m->provider, sizeof(m->provider), "%s", ops->name);
	m->has_connection = true;
	m->catalog_fetched = false;
	olc_str_set(&m->catalog_error, NULL);
	olc_str_set(&m->orders_error, NULL);
	olc_str_set(&m->order_warning, NULL);
	m->next_retry_ms = 0;

	olc_mutex_lock(&s->ctl_lock);
	keep_rotated(s, &copy);
	olc_connection_free(&s->conn);
	s->conn = copy;
	s->conn_gen++;
	olc_cancel_set(s->cancel); /* the old connection's transfer in flight ends now */
	olc_cond_broadcast(&s->ctl_cond);
	olc_mutex_unlock(&s->ctl_lock);

	session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return true;
}

void session_retire_refresh_token(struct olc_session *s, const struct olc_connection *c)
{
	const char *old = s->conn.refresh_token;
	if (!old || !*old || olc_str_equal(old, c->refresh_token))
		return;
	char *copy = olc_strdup(old);
	if (!copy)
		return; /* out of memory: only the dock's stale form goes unguarded */
	olc_secret_free(s->retired[0]);
	memmove(s->retired, s->retired + 1, sizeof(s->retired[0]) * (SESSION_RETIRED_TOKENS - 1));
	s->retired[SESSION_RETIRED_TOKENS - 1] = copy;
}

/* A connection set again with a refresh token the shop rotated away (the dock's form loaded the pair
 * before the rotation, and Save sends it back) would lock the shop out: the old token is dead. The
 * same shop's connection then keeps the current token pair; everything else is taken as given. A
 * pair typed in anew (after authorising again) is not a retired one and is taken as it is. */
static void keep_rotated(struct olc_session *s, struct olc_connection *c)
{
	if (!c->refresh_token || !s->conn.refresh_token || !olc_str_equal(c->provider, s->conn.provider) ||
	    !olc_str_equal(c->url, s->conn.url) || !olc_str_equal(c->key, s->conn.key))
		return;
	for (size_t i = 0; i < SESSION_RETIRED_TOKENS; i++) {
		if (s->retired[i] && strcmp(s->retired[i], c->refresh_token) == 0) {
			char *token = NULL, *refresh = NULL;
			if (!olc_str_set(&token, s->conn.token) || !olc_str_set(&refresh, s->conn.refresh_token)) {
				olc_secret_free(token);
				olc_secret_free(refresh);
				return;
			}
			olc_secret_free(c->token);
			olc_secret_free(c->refresh_token);
			c->token = token;
			c->refresh_token = refresh;
			return;
		}
	}
}

bool olc_session_get_connection(struct olc_session *s, struct olc_connection *out)
{
	olc_connection_init(out);
	olc_mutex_lock(&s->ctl_lock);
	bool ok = s->conn_gen > 0 && olc_connection_copy(out, &s->conn);
	olc_mutex_unlock(&s->ctl_lock);
	return ok;
}
