/* The session's poller: one worker thread that reads the cache, then fetches the catalog and the
 * orders through the connection's provider, backs off after failures and notices stale data. */
#include "core/session/session-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/net/retry.h"
#include "core/sys/clock.h"
#include "core/sys/thread.h"

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

enum fetch_kind { FETCH_CATALOG, FETCH_ORDERS };

struct worker {
	struct olc_session *s;
	uint64_t gen;
	struct olc_connection conn;
	const struct olc_provider_ops *ops;
	void *state;
	int poll_ms;
	int64_t create_due, catalog_due, orders_due, stale_due; /* monotonic ms; NOT_DUE */
	bool catalog_failing, orders_failing;
	unsigned attempt;
	unsigned partial_reads; /* catalog reads in a row with some products unreadable */
	uint64_t rng;
};

/* How long to wait after a failure: what the shop asked for (429, 503, Shopify's throttle),
 * else exponential backoff with full jitter, so that many hosts do not retry in step. */
static int64_t retry_delay(struct worker *w, const struct olc_fetch_result *res)
{
	int64_t delay;
	if (res && res->retry_after_ms >= 0)
		delay = min64(res->retry_after_ms, RETRY_AFTER_CAP_MS);
	else
		delay = olc_backoff_full_jitter_ms(w->attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS, &w->rng);
	if (w->attempt < 32)
		w->attempt++;
	return max64(delay, BACKOFF_FLOOR_MS);
}

static void worker_succeeded(struct worker *w, enum fetch_kind kind)
{
	if (kind == FETCH_CATALOG)
		w->catalog_failing = false;
	else
		w->orders_failing = false;
	if (!w->catalog_failing && !w->orders_failing)
		w->attempt = 0;
}

/* Records a failed attempt in the model (unless the connection changed meanwhile). */
static void report_failure(struct olc_session *s, uint64_t gen, enum fetch_kind kind, const char *text,
			   int64_t delay_ms)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	if (s->conn_gen == gen) {
		struct model *m = &s->m;
		char **field = kind == FETCH_CATALOG ? &m->catalog_error : &m->orders_error;
		olc_str_set(field, text && *text ? text : "the shop could not be reached");
		m->next_retry_ms = s->now_ms() + delay_ms;
		session_commit(s, &evs, true);
	}
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
}

/* The bookkeeping of a successful fetch. model_lock held. */
static void note_success(struct olc_session *s, enum fetch_kind kind)
{
	struct model *m = &s->m;
	char **field = kind == FETCH_CATALOG ? &m->catalog_error : &m->orders_error;
	free(*field);
	*field = NULL;
	if (!m->catalog_error && !m->orders_error)
		m->next_retry_ms = 0;
	m->last_success_ms = s->now_ms();
	if (kind == FETCH_CATALOG)
		m->catalog_fetched = true;
}


/* A read that had unreadable products: the products we held keep their place, the fresh
 * version where the shop sent a readable one and the last good one where it did not; products
 * new to us follow in the shop's order. On failure to copy, fresh stays as the shop sent it. */
static void keep_unread_products(const struct olc_catalog *held, struct olc_catalog *fresh)
{
	struct olc_catalog merged;
	olc_catalog_init(&merged);
	bool ok = true;
	for (size_t i = 0; ok && i < held->count; i++) {
		const struct olc_product *now = olc_catalog_find(fresh, held->products[i].id);
		struct olc_product p;
		olc_product_init(&p);
		ok = olc_product_copy(&p, now ? now : &held->products[i]) && olc_catalog_take(&merged, &p, NULL);
		olc_product_free(&p);
	}
	for (size_t i = 0; ok && i < fresh->count; i++) {
		if (olc_catalog_find(held, fresh->products[i].id))
			continue;
		struct olc_product p;
		olc_product_init(&p);
		ok = olc_product_copy(&p, &fresh->products[i]) && olc_catalog_take(&merged, &p, NULL);
		olc_product_free(&p);
	}
	if (ok) {
		olc_catalog_free(fresh);
		*fresh = merged;
	} else {
		olc_catalog_free(&merged);
	}
}

static void apply_catalog(struct olc_session *s, uint64_t gen, struct olc_catalog *catalog, const char *currency,
			  const struct olc_fetch_result *res)
{
	struct events evs = {0};
	char *cache_text = NULL;

	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	if (s->conn_gen != gen) {
		olc_mutex_unlock(&s->model_lock);
		return;
	}
	int64_t now = s->now_ms();
	/* Set with the catalog it goes with: photo loaders woken by the new catalog see it. */
	m->shop_nets = res->shop_net;
	if (!res->not_modified) {
		/* Products the shop sent but we could not read keep their last good version rather
		 * than vanish from the card mid-stream; a clean read replaces the catalog exactly. */
		if (res->report.rejected > 0 && strcmp(m->currency, currency) == 0)
			keep_unread_products(&m->catalog, catalog);
		/* Before comparing: a marked product shows sold out whatever stock the shop still lists. */
		session_sold_out_apply(m, catalog);
		bool same = strcmp(m->currency, currency) == 0 && olc_catalog_equal(&m->catalog, catalog);
		if (!same) {
			for (size_t i = 0; i < catalog->count; i++) {
				const struct olc_product *fresh = &catalog->products[i];
				const struct olc_product *old = olc_catalog_find(&m->catalog, fresh->id);
				if (old && (old->has_stock != fresh->has_stock ||
					    (fresh->has_stock && old->stock != fresh->stock)))
					session_event_stock(&evs, fresh);
			}
			olc_catalog_free(&m->catalog);
			m->catalog = *catalog;
			olc_catalog_init(catalog);
			snprintf(m->currency, sizeof(m->currency), "%s", currency);
			m->catalog_revision++;
			m->catalog_dirty = true;
			session_event_add(&evs, OLC_EVENT_CATALOG_CHANGED);
		}

		/* Unreadable products, then what the provider says it left out (Taobao's SKUs refused,
		 * Youzan's SKUs still to be read): both reach the status. */
		char warning[sizeof(res->report.first_rejection.text) + sizeof(res->warning.text) + 96] = "";
		if (res->report.rejected > 0)
			snprintf(warning, sizeof(warning), "%zu of %zu products could not be read; the first: %s",
				 res->report.rejected, res->report.rejected + res->report.accepted,
				 res->report.first_rejection.text);
		if (res->warning.text[0]) {
			size_t used = strlen(warning);
			snprintf(warning + used, sizeof(warning) - used, "%s%s", used ? "; " : "", res->warning.text);
		}
		olc_str_set(&m->warning, warning[0] ? warning : NULL);

		/* The demo shop is there to show what the overlays do: when its catalog first arrives,
		 * feature the deck's first item (or the first product), so a card dropped into a scene
		 * shows something at once. Hiding it afterwards sticks. */
		if (!m->demo_featured && strcmp(m->provider, "demo") == 0 && m->featured_count == 0 &&
		    m->catalog.count > 0) {
			m->demo_featured = true;
			const struct olc_deck_item *first = m->deck.count > 0 ? &m->deck.items[0] : NULL;
			const char *id = first && olc_catalog_find(&m->catalog, first->product_id)
						 ? first->product_id
						 : m->catalog.products[0].id;
			session_set_featured(m, &id, 1, first && id == first->product_id ? first->number : 0, &evs, NULL);
		}

		/* An empty catalog is never cached: the last one with products is more use offline. */
		if (s->cache_dir && m->catalog.count > 0 && (!same || now - m->cache_written_ms >= CACHE_REFRESH_MS)) {
			cache_text = session_catalog_cache_text(m, now);
			m->cache_written_ms = now;
		}
	}
	note_success(s, FETCH_CATALOG);
	/* Unreadable products are the shop's data being wrong: the host hears it as an error
	 * (state "error", the reason in plain words) until a clean read, without any backoff. What
	 * the provider left out on purpose stays a warning. */
	if (!res->not_modified && res->report.rejected > 0)
		olc_str_set(&m->catalog_error, m->warning);
	session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);

	if (cache_text) {
		olc_mutex_lock(&s->cache_lock);
		session_write_cache(s, CACHE_CATALOG_FILE, cache_text);
		olc_mutex_unlock(&s->cache_lock);
		free(cache_text);
	}
	session_dispatch(s, &evs);
}

/* Adds the orders; true when the stock of some product went down. warning: what the provider left
 * out (an order dated in the future), or "". */
static bool apply_orders(struct olc_session *s, uint64_t gen, const struct olc_order_list *list, const char *warning)
{
	struct events evs = {0};
	bool any_moved = false;

	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	if (s->conn_gen != gen) {
		olc_mutex_unlock(&s->model_lock);
		return false;
	}
	/* Out of memory for this: the orders still count, the stock waits for the next catalog. */
	bool *moved = calloc(m->catalog.count + 1, sizeof(*moved));
	struct olc_error refused = {""};
	for (size_t i = 0; i < list->count; i++) {
		struct olc_error why;
		if (!session_add_order(m, &list->orders[i], &evs, moved, &why))
			refused = why;
	}
	/* The newest refusal stays in the status (GetStatus "warning", the dock) until the next
	 * connection, so the host can tell the shop which order is wrong. */
	const bool warned = refused.text[0] && !olc_str_equal(refused.text, m->order_warning) &&
			    olc_str_set(&m->order_warning, refused.text);
	for (size_t i = 0; moved && i < m->catalog.count; i++) {
		if (moved[i]) {
			session_event_stock(&evs, &m->catalog.products[i]);
			any_moved = true;
		}
	}
	if (any_moved)
		m->catalog_revision++;
	free(moved);
	note_success(s, FETCH_ORDERS);
	/* Like unreadable products: the shop's data is wrong, so the host hears it as an error until a
	 * poll without it, with no backoff (the orders that could be read still came in). */
	if (*warning)
		olc_str_set(&m->orders_error, warning);
	/* A quiet poll (every 100 ms with some shops) only moves the time of the last success:
	 * session_publish that at most once a second, so readers watching revision are not kept busy. */
	session_commit(s, &evs, evs.count > 0 || warned || m->last_success_ms - m->published_success_ms >= 1000);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return any_moved;
}

/* Publishes the state again if time alone changed it (the data went stale). */
static void refresh_state(struct olc_session *s, uint64_t gen)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	if (s->conn_gen == gen)
		session_commit(s, &evs, false);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
}

/* When the data goes stale, in monotonic ms, so the worker wakes to say so. */
static int64_t stale_due(struct olc_session *s)
{
	olc_mutex_lock(&s->model_lock);
	int64_t last = s->m.last_success_ms;
	olc_mutex_unlock(&s->model_lock);
	int64_t remaining = last + s->stale_after_ms - s->now_ms();
	if (last <= 0 || remaining < 0)
		return NOT_DUE; /* no data, or stale already */
	return olc_clock_mono_ms() + remaining + 1;
}

static int64_t catalog_interval(const struct worker *w)
{
	return max64((int64_t)w->poll_ms * CATALOG_POLL_FACTOR, w->s->catalog_min_ms);
}

/* The snapshot's credentials_revision rises: readers (the dock's Connection form) then find the
 * rotated credentials with olc_session_get_connection, which already returns them. */
static void publish_rotation(struct olc_session *s, uint64_t gen)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	if (s->conn_gen == gen) {
		s->m.credentials_revision++;
		session_commit(s, &evs, true);
	}
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
}

/* The provider's save_credentials: the rotated credentials become the session's connection (still
 * this generation: no restart), then the session's own saver writes them. A provider whose save
 * failed hands the same pair again at each poll: only a change of credentials is a rotation. */
static bool worker_save_credentials(void *param, const struct olc_connection *c, struct olc_error *err)
{
	struct worker *w = param;
	struct olc_session *s = w->s;

	olc_mutex_lock(&s->ctl_lock);
	const bool current = s->conn_gen == w->gen;
	const bool rotated = current && !olc_connection_equal(&s->conn, c);
	if (current)
		session_retire_refresh_token(s, c);
	const bool copied = current && olc_connection_copy(&s->conn, c);
	olc_mutex_unlock(&s->ctl_lock);
	if (!current)
		return true; /* another connection was set meanwhile: these credentials are not wanted */
	if (!copied || !olc_connection_copy(&w->conn, c)) {
		olc_error_set(err, "out of memory while keeping the shop's new credentials");
		return false;
	}
	if (rotated)
		publish_rotation(s, w->gen);
	return !s->save_credentials || s->save_credentials(s->save_param, c, err);
}

static void worker_create(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_error err = {""};
	struct olc_provider_env env = {
		.cancel = s->cancel,
		.data_dir = s->data_dir,
		.extra_ca_file = s->extra_ca_file,
		.now_ms = s->now_ms,
		.seed = s->seed,
		.save_credentials = worker_save_credentials,
		.save_param = w,
	};
	w->state = w->ops ? w->ops->create(&w->conn, &env, &err) : NULL;
	if (olc_cancel_is_set(s->cancel))
		return; /* stopping or switching: the loop sees which */
	if (!w->state) {
		w->catalog_failing = true;
		int64_t delay = retry_delay(w, NULL);
		w->create_due = now + delay;
		report_failure(s, w->gen, FETCH_CATALOG, err.text, delay);
		return;
	}
	w->create_due = NOT_DUE;
	w->catalog_due = now;
	w->orders_due = now;
}

static void init_result(struct olc_fetch_result *res)
{
	memset(res, 0, sizeof(*res));
	res->retry_after_ms = -1;
}

static void worker_fetch_catalog(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_catalog catalog;
	struct olc_fetch_result res;
	struct olc_error err = {""};
	char currency[4] = "";

	olc_catalog_init(&catalog);
	init_result(&res);
	bool ok = w->ops->fetch_catalog(w->state, &catalog, currency, &res, &err);
	if (olc_cancel_is_set(s->cancel)) {
		olc_catalog_free(&catalog);
		return;
	}
	if (ok && !res.not_modified && !olc_currency_find(currency)) {
		olc_error_set(&err, "the shop's currency \"%s\" is not one this plugin knows", currency);
		ok = false;
	}
	/* Every product rejected: the shop's data is broken, not empty; keep the last good one. */
	if (ok && !res.not_modified && catalog.count == 0 && res.report.rejected > 0) {
		olc_error_set(&err, "no product could be read: %s", res.report.first_rejection.text);
		ok = false;
	}
	if (ok) {
		worker_succeeded(w, FETCH_CATALOG);
		/* A read with unreadable products is read again soon (5 s, doubling up to the normal
		 * interval): the shop may be mid-update, and the warning should clear when it is. */
		int64_t interval = catalog_interval(w);
		if (!res.not_modified && res.report.rejected > 0) {
			unsigned shift = w->partial_reads < 16 ? w->partial_reads : 16;
			interval = min64(interval, (int64_t)PARTIAL_RETRY_MS << shift);
			w->partial_reads++;
		} else if (!res.not_modified) {
			w->partial_reads = 0;
		}
		w->catalog_due = olc_clock_mono_ms() + interval;
		apply_catalog(s, w->gen, &catalog, currency, &res);
	} else {
		w->catalog_failing = true;
		int64_t delay = retry_delay(w, &res);
		w->catalog_due = olc_clock_mono_ms() + delay;
		report_failure(s, w->gen, FETCH_CATALOG, err.text, delay);
	}
	olc_catalog_free(&catalog);
	(void)now;
}

static void worker_fetch_orders(struct olc_session *s, struct worker *w, int64_t now)
{
	struct olc_order_list list;
	struct olc_fetch_result res;
	struct olc_error err = {""};

	/* Long-poll (where the provider can) until the catalog is next due; the poll interval
	 * below still spaces the requests of a shop that answers at once, unless the answer says
	 * the shop holds the next one (ask_again: it brought orders, so more may follow soon). */
	int wait_ms = 0;
	if (!w->orders_failing && w->catalog_due != NOT_DUE)
		wait_ms = (int)max64(0, min64(w->catalog_due - now, LONG_POLL_MAX_MS));

	olc_order_list_init(&list);
	init_result(&res);
	bool ok = w->ops->fetch_orders(w->state, &list, wait_ms, &res, &err);
	if (olc_cancel_is_set(s->cancel)) {
		olc_order_list_free(&list);
		return;
	}
	if (ok) {
		worker_succeeded(w, FETCH_ORDERS);
		w->orders_due = now + w->poll_ms;
		if (res.ask_again)
			w->orders_due = min64(w->orders_due, olc_clock_mono_ms() + LONG_POLL_AGAIN_MS);
		if (apply_orders(s, w->gen, &list, res.warning.text))
			w->catalog_due = min64(w->catalog_due, olc_clock_mono_ms() + s->catalog_after_order_ms);
	} else {
		w->orders_failing = true;
		int64_t delay = retry_delay(w, &res);
		w->orders_due = olc_clock_mono_ms() + delay;
		report_failure(s, w->gen, FETCH_ORDERS, err.text, delay);
	}
	olc_order_list_free(&list);
}

/* Starts over with the connection the session now has (conn is NULL when copying it failed). */
static void worker_switch(struct olc_session *s, struct worker *w, struct olc_connection *conn)
{
	if (w->state)
		w->ops->destroy(w->state);
	w->state = NULL;
	olc_connection_free(&w->conn);
	if (conn) {
		w->conn = *conn;
		olc_connection_init(conn);
	}
	w->ops = olc_provider_find(w->conn.provider);
	w->poll_ms = w->conn.poll_ms;
	if (w->poll_ms <= 0)
		w->poll_ms = w->ops && w->ops->default_poll_ms > 0 ? w->ops->default_poll_ms : 2000;
	w->create_due = olc_clock_mono_ms();
	w->catalog_due = w->orders_due = w->stale_due = NOT_DUE;
	w->catalog_failing = w->orders_failing = false;
	w->attempt = 0;
	(void)s;
}

static void worker_step(struct olc_session *s, struct worker *w, int64_t now)
{
	if (w->create_due <= now)
		worker_create(s, w, now);
	else if (w->catalog_due <= now)
		worker_fetch_catalog(s, w, now);
	else if (w->orders_due <= now)
		worker_fetch_orders(s, w, now);
	else if (w->stale_due <= now)
		refresh_state(s, w->gen);
	w->stale_due = stale_due(s);
}

void *session_worker_main(void *arg)
{
	struct olc_session *s = arg;
	struct worker w;

	memset(&w, 0, sizeof(w));
	w.s = s;
	olc_connection_init(&w.conn);
	w.rng = (s->seed ^ 0x5DEECE66Dull) | 1;
	w.create_due = w.catalog_due = w.orders_due = w.stale_due = NOT_DUE;

	if (s->cache_dir)
		session_load_cache(s);

	olc_mutex_lock(&s->ctl_lock);
	while (!s->stopping) {
		if (s->conn_gen != w.gen) {
			struct olc_connection next;
			olc_connection_init(&next);
			bool copied = olc_connection_copy(&next, &s->conn);
			w.gen = s->conn_gen;
			/* Cleared only here, with the newest generation taken: a later switch or stop
			 * sets it again under this lock and is seen on the next turn. */
			olc_cancel_reset(s->cancel);
			olc_mutex_unlock(&s->ctl_lock);
			worker_switch(s, &w, copied ? &next : NULL);
			olc_connection_free(&next);
			olc_mutex_lock(&s->ctl_lock);
			continue;
		}
		int64_t now = olc_clock_mono_ms();
		int64_t due = min64(min64(w.create_due, w.catalog_due), min64(w.orders_due, w.stale_due));
		if (due > now) {
			if (due == NOT_DUE)
				olc_cond_wait(&s->ctl_cond, &s->ctl_lock);
			else
				olc_cond_wait_until(&s->ctl_cond, &s->ctl_lock, due);
			continue;
		}
		olc_mutex_unlock(&s->ctl_lock);
		worker_step(s, &w, now);
		olc_mutex_lock(&s->ctl_lock);
	}
	olc_mutex_unlock(&s->ctl_lock);

	if (w.state)
		w.ops->destroy(w.state);
	olc_connection_free(&w.conn);
	return NULL;
}
