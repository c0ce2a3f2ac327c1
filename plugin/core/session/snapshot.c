/* The session's snapshots: the shared, reference-counted parts, publishing the model as a new
 * snapshot, and the readers' side (taking, releasing and looking things up in one). */
#include "core/session/session-internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/thread.h"

static void part_ref(struct part *p)
{
	atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
}

void session_part_unref(struct part *p)
{
	if (p && atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) == 1)
		p->destroy(p);
}

static void catalog_part_destroy(struct part *p)
{
	struct catalog_part *c = (struct catalog_part *)p;
	olc_catalog_free(&c->catalog);
	free(c);
}

static void deck_part_destroy(struct part *p)
{
	struct deck_part *d = (struct deck_part *)p;
	olc_deck_free(&d->deck);
	free(d);
}

static void orders_part_destroy(struct part *p)
{
	struct orders_part *o = (struct orders_part *)p;
	for (size_t i = 0; i < o->count; i++)
		olc_order_free(&o->orders[i]);
	free(o->orders);
	free(o->seq);
	free(o);
}

static void counters_part_destroy(struct part *p)
{
	struct counters_part *c = (struct counters_part *)p;
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i].product_id);
	free(c->items);
	free(c);
}

static void *part_new(size_t size, void (*destroy)(struct part *p))
{
	struct part *p = calloc(1, size);
	if (p) {
		atomic_init(&p->refs, 1);
		p->destroy = destroy;
	}
	return p;
}

void session_box_release(struct snapshot_box *box)
{
	if (!box || atomic_fetch_sub_explicit(&box->refs, 1, memory_order_acq_rel) != 1)
		return;
	session_part_unref(&box->catalog->base);
	session_part_unref(&box->deck->base);
	session_part_unref(&box->orders->base);
	session_part_unref(&box->counters->base);
	free(box->snap.error);
	free(box->snap.warning);
	for (size_t i = 0; i < box->snap.featured_count; i++)
		free(box->snap.featured[i]);
	free(box);
}

const char *olc_conn_state_name(enum olc_conn_state s)
{
	switch (s) {
	case OLC_CONN_OFFLINE:
		return "offline";
	case OLC_CONN_CONNECTING:
		return "connecting";
	case OLC_CONN_OK:
		return "ok";
	case OLC_CONN_STALE:
		return "stale";
	case OLC_CONN_ERROR:
		return "error";
	}
	return "error";
}

/* ---- publishing ---- */

static struct catalog_part *make_catalog_part(const struct model *m)
{
	struct catalog_part *p = part_new(sizeof(*p), catalog_part_destroy);
	if (p && !olc_catalog_copy(&p->catalog, &m->catalog)) {
		free(p);
		return NULL;
	}
	return p;
}

static struct deck_part *make_deck_part(const struct model *m)
{
	struct deck_part *p = part_new(sizeof(*p), deck_part_destroy);
	if (!p)
		return NULL;
	olc_deck_init(&p->deck);
	if (!olc_deck_copy(&p->deck, &m->deck)) {
		free(p);
		return NULL;
	}
	return p;
}

static struct orders_part *make_orders_part(const struct model *m)
{
	struct orders_part *p = part_new(sizeof(*p), orders_part_destroy);
	if (!p)
		return NULL;
	if (m->ring_count) {
		p->orders = calloc(m->ring_count, sizeof(*p->orders));
		p->seq = calloc(m->ring_count, sizeof(*p->seq));
		if (!p->orders || !p->seq) {
			orders_part_destroy(&p->base);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->ring_count; i++) {
		size_t slot = (m->ring_start + i) % m->ring_capacity;
		olc_order_init(&p->orders[i]);
		p->count = i + 1;
		if (!olc_order_copy(&p->orders[i], &m->ring[slot])) {
			orders_part_destroy(&p->base);
			return NULL;
		}
		p->seq[i] = m->ring_seq[slot];
	}
	return p;
}

static struct counters_part *make_counters_part(const struct model *m)
{
	struct counters_part *p = part_new(sizeof(*p), counters_part_destroy);
	if (!p)
		return NULL;
	if (m->per_product_count) {
		p->items = calloc(m->per_product_count, sizeof(*p->items));
		if (!p->items) {
			free(p);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->per_product_count; i++) {
		p->items[i].counters = m->per_product[i].counters;
		p->items[i].product_id = olc_strdup(m->per_product[i].product_id);
		p->count = i + 1;
		if (!p->items[i].product_id) {
			counters_part_destroy(&p->base);
			return NULL;
		}
	}
	return p;
}

/* Replaces the model's published copy of each changed part. false when memory runs out; the
 * parts stay dirty and the next session_publish tries again. */
static bool refresh_parts(struct model *m)
{
#define REFRESH(name, make)                                                                                            \
	if (m->name##_dirty || !m->name##_part) {                                                                      \
		void *fresh = make(m);                                                                                 \
		if (!fresh)                                                                                            \
			return false;                                                                                  \
		if (m->name##_part)                                                                                    \
			session_part_unref(&m->name##_part->base);                                                             \
		m->name##_part = fresh;                                                                                \
		m->name##_dirty = false;                                                                               \
	}
	REFRESH(catalog, make_catalog_part)
	REFRESH(deck, make_deck_part)
	REFRESH(orders, make_orders_part)
	REFRESH(counters, make_counters_part)
#undef REFRESH
	return true;
}

/* "a; b", or the one that is there; NULL when neither is (or memory runs out). */
static char *join_warnings(const char *a, const char *b)
{
	if (!a || !b)
		return olc_strdup(a ? a : b);
	size_t len = strlen(a) + 2 + strlen(b) + 1;
	char *text = malloc(len);
	if (text)
		snprintf(text, len, "%s; %s", a, b);
	return text;
}

/* Builds a snapshot of the model and makes it current. Called with model_lock held. */
bool session_publish(struct olc_session *s)
{
	struct model *m = &s->m;
	if (!refresh_parts(m))
		return false;

	struct snapshot_box *box = calloc(1, sizeof(*box));
	if (!box)
		return false;
	struct olc_snapshot *snap = &box->snap;
	bool ok = true;
	snap->error = olc_strdup(m->error);
	snap->warning = join_warnings(m->warning, m->order_warning);
	ok = (!m->error || snap->error) && (!(m->warning || m->order_warning) || snap->warning);
	for (size_t i = 0; ok && i < m->featured_count; i++) {
		snap->featured[i] = olc_strdup(m->featured[i]);
		snap->featured_count = i + 1;
		ok = snap->featured[i] != NULL;
	}
	if (!ok) {
		free(snap->error);
		free(snap->warning);
		for (size_t i = 0; i < snap->featured_count; i++)
			free(snap->featured[i]);
		free(box);
		return false;
	}

	atomic_init(&box->refs, 1);
	box->catalog = m->catalog_part;
	box->deck = m->deck_part;
	box->orders = m->orders_part;
	box->counters = m->counters_part;
	part_ref(&box->catalog->base);
	part_ref(&box->deck->base);
	part_ref(&box->orders->base);
	part_ref(&box->counters->base);

	snap->revision = m->revision;
	snap->catalog_revision = m->catalog_revision;
	snap->featured_revision = m->featured_revision;
	snap->orders_seen = m->orders_seen;
	snap->credentials_revision = m->credentials_revision;
	memcpy(snap->provider, m->provider, sizeof(snap->provider));
	snap->state = m->state;
	snap->cache_read = m->cache_read;
	snap->last_success_ms = m->published_success_ms = m->last_success_ms;
	snap->next_retry_ms = m->next_retry_ms;
	memcpy(snap->currency, m->currency, sizeof(snap->currency));
	snap->catalog = box->catalog->catalog; /* shared, read-only */
	snap->deck = box->deck->deck;
	snap->featured_number = m->featured_number;
	snap->recent = box->orders->orders;
	snap->recent_seq = box->orders->seq;
	snap->recent_count = box->orders->count;
	snap->total = m->total;
	snap->per_product = box->counters->items;
	snap->per_product_count = box->counters->count;

	olc_mutex_lock(&s->snap_lock);
	struct snapshot_box *old = s->current;
	s->current = box;
	olc_mutex_unlock(&s->snap_lock);
	session_box_release(old);
	return true;
}

static enum olc_conn_state derive_state(const struct olc_session *s, int64_t now)
{
	const struct model *m = &s->m;
	if (!m->has_connection)
		return OLC_CONN_OFFLINE;
	bool old = m->last_success_ms > 0 && now - m->last_success_ms > s->stale_after_ms;
	if (m->catalog_error || m->orders_error)
		return old ? OLC_CONN_STALE : OLC_CONN_ERROR;
	if (!m->catalog_fetched)
		return OLC_CONN_CONNECTING;
	return old ? OLC_CONN_STALE : OLC_CONN_OK;
}

/* Derives the state, adds CONNECTION_CHANGED when it or the error changed, and publishes when
 * anything did. Called with model_lock held. */
void session_commit(struct olc_session *s, struct events *evs, bool changed)
{
	struct model *m = &s->m;
	enum olc_conn_state state = derive_state(s, s->now_ms());
	const char *error = m->catalog_error ? m->catalog_error : m->orders_error;

	if (state != m->state || !olc_str_equal(error, m->error)) {
		m->state = state;
		olc_str_set(&m->error, error);
		struct pending *p = session_event_add(evs, OLC_EVENT_CONNECTION_CHANGED);
		if (p) {
			p->state = state;
			p->error = olc_strdup(m->error);
		}
		changed = true;
	}
	if (changed) {
		m->revision++;
		session_publish(s);
	}
}

/* ---- snapshots ---- */

unsigned olc_session_shop_nets(struct olc_session *s)
{
	olc_mutex_lock(&s->model_lock);
	unsigned nets = s->m.shop_nets;
	olc_mutex_unlock(&s->model_lock);
	return nets;
}

struct olc_snapshot *olc_session_snapshot(struct olc_session *s)
{
	olc_mutex_lock(&s->snap_lock);
	struct snapshot_box *box = s->current;
	atomic_fetch_add_explicit(&box->refs, 1, memory_order_relaxed);
	olc_mutex_unlock(&s->snap_lock);
	return &box->snap;
}

void olc_snapshot_release(struct olc_snapshot *snap)
{
	if (snap)
		session_box_release((struct snapshot_box *)((char *)snap - offsetof(struct snapshot_box, snap)));
}

const struct olc_product *olc_snapshot_product(const struct olc_snapshot *snap, const char *id)
{
	return olc_catalog_find(&snap->catalog, id);
}

const struct olc_deck_item *olc_snapshot_deck_item(const struct olc_snapshot *snap, const char *product_id)
{
	if (!product_id)
		return NULL;
	if (snap->featured_number > 0 && snap->featured_count > 0 && strcmp(snap->featured[0], product_id) == 0) {
		const struct olc_deck_item *item = olc_deck_find(&snap->deck, snap->featured_number);
		if (item && strcmp(item->product_id, product_id) == 0)
			return item;
	}
	for (size_t i = 0; i < snap->deck.count; i++) {
		if (strcmp(snap->deck.items[i].product_id, product_id) == 0)
			return &snap->deck.items[i];
	}
	return NULL;
}

struct olc_counters olc_snapshot_product_counters(const struct olc_snapshot *snap, const char *product_id)
{
	struct olc_counters none = {0};
	for (size_t i = 0; product_id && i < snap->per_product_count; i++) {
		if (strcmp(snap->per_product[i].product_id, product_id) == 0)
			return snap->per_product[i].counters;
	}
	return none;
}
