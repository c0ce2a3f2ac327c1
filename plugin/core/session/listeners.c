/* The session's events: collected under model_lock while the model changes, delivered after it to
 * the listeners, which may add and remove listeners (themselves too) from inside a call. */
#include "core/session/session-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/thread.h"

/* A new event of this kind, or NULL when memory runs out (the event is then not sent; the
 * snapshot still has the change). */
struct pending *session_event_add(struct events *evs, enum olc_event_kind kind)
{
	if (evs->count == evs->capacity) {
		size_t capacity = evs->capacity ? evs->capacity * 2 : 8;
		struct pending *items = realloc(evs->items, capacity * sizeof(*items));
		if (!items)
			return NULL;
		evs->items = items;
		evs->capacity = capacity;
	}
	struct pending *p = &evs->items[evs->count++];
	memset(p, 0, sizeof(*p));
	olc_order_init(&p->order);
	p->kind = kind;
	return p;
}

static void events_free(struct events *evs)
{
	for (size_t i = 0; i < evs->count; i++) {
		struct pending *p = &evs->items[i];
		olc_order_free(&p->order);
		for (size_t k = 0; k < p->id_count; k++)
			free(p->ids[k]);
		free(p->product_id);
		free(p->error);
	}
	free(evs->items);
	memset(evs, 0, sizeof(*evs));
}

void session_event_featured(struct model *m, struct events *evs)
{
	struct pending *p = session_event_add(evs, OLC_EVENT_PRODUCT_FEATURED);
	if (!p)
		return;
	for (size_t i = 0; i < m->featured_count; i++) {
		p->ids[i] = olc_strdup(m->featured[i]);
		if (!p->ids[i]) {
			evs->count--; /* drop it whole rather than send a shorter list */
			for (size_t k = 0; k < i; k++)
				free(p->ids[k]);
			return;
		}
		p->id_count = i + 1;
	}
}

void session_event_stock(struct events *evs, const struct olc_product *product)
{
	struct pending *p = session_event_add(evs, OLC_EVENT_STOCK_CHANGED);
	if (!p)
		return;
	p->product_id = olc_strdup(product->id);
	p->has_stock = product->has_stock;
	p->stock = product->stock;
	if (!p->product_id)
		evs->count--;
}

/* This thread's listener calls in progress, so that a listener may remove itself. */
#define CALL_DEPTH_MAX 16
static _Thread_local const struct listener *calling[CALL_DEPTH_MAX];
static _Thread_local int calling_depth;

static void listener_unlink(struct olc_session *s, struct listener *target)
{
	for (struct listener **l = &s->listeners; *l; l = &(*l)->next) {
		if (*l == target) {
			*l = target->next;
			free(target);
			return;
		}
	}
}

static void deliver(struct olc_session *s, const struct olc_event *ev)
{
	olc_mutex_lock(&s->listeners_lock);
	size_t n = 0;
	for (struct listener *l = s->listeners; l; l = l->next)
		n += !l->removed;
	struct listener **list = n ? malloc(n * sizeof(*list)) : NULL;
	size_t count = 0;
	for (struct listener *l = s->listeners; l && list; l = l->next) {
		if (!l->removed) {
			l->active++;
			list[count++] = l;
		}
	}
	olc_mutex_unlock(&s->listeners_lock);

	for (size_t i = 0; i < count; i++) {
		struct listener *l = list[i];
		olc_mutex_lock(&s->listeners_lock);
		bool removed = l->removed;
		olc_mutex_unlock(&s->listeners_lock);

		if (!removed) {
			if (calling_depth < CALL_DEPTH_MAX)
				calling[calling_depth] = l;
			calling_depth++;
			l->cb(ev, l->priv);
			calling_depth--;
		}

		olc_mutex_lock(&s->listeners_lock);
		l->active--;
		if (l->removed && l->active == 0 && l->waiters == 0)
			listener_unlink(s, l);
		olc_cond_broadcast(&s->listeners_idle);
		olc_mutex_unlock(&s->listeners_lock);
	}
	free(list);
}

void session_dispatch(struct olc_session *s, struct events *evs)
{
	for (size_t i = 0; i < evs->count; i++) {
		struct pending *p = &evs->items[i];
		struct olc_event ev = {.kind = p->kind};
		switch (p->kind) {
		case OLC_EVENT_ORDER_RECEIVED:
			ev.order = &p->order;
			break;
		case OLC_EVENT_PRODUCT_FEATURED:
			ev.featured = (const char *const *)p->ids;
			ev.featured_count = p->id_count;
			break;
		case OLC_EVENT_STOCK_CHANGED:
			ev.product_id = p->product_id;
			ev.has_stock = p->has_stock;
			ev.stock = p->stock;
			break;
		case OLC_EVENT_CONNECTION_CHANGED:
			ev.state = p->state;
			ev.error = p->error;
			break;
		case OLC_EVENT_CATALOG_CHANGED:
		case OLC_EVENT_DECK_CHANGED:
			break;
		}
		deliver(s, &ev);
	}
	events_free(evs);
}

void olc_session_add_listener(struct olc_session *s, olc_session_listener cb, void *priv)
{
	if (!s || !cb)
		return;
	olc_mutex_lock(&s->listeners_lock);
	struct listener **tail = &s->listeners;
	for (; *tail; tail = &(*tail)->next) {
		if (!(*tail)->removed && (*tail)->cb == cb && (*tail)->priv == priv) {
			olc_mutex_unlock(&s->listeners_lock);
			return;
		}
	}
	struct listener *l = calloc(1, sizeof(*l));
	if (l) {
		l->cb = cb;
		l->priv = priv;
		*tail = l; /* at the end: listeners are called in the order they were added */
	}
	olc_mutex_unlock(&s->listeners_lock);
}

/* Returns once the listener is no longer called on any other thread, so priv may be freed. */
void olc_session_remove_listener(struct olc_session *s, olc_session_listener cb, void *priv)
{
	if (!s)
		return;
	olc_mutex_lock(&s->listeners_lock);
	struct listener *target = NULL, *leaving = NULL;
	for (struct listener *l = s->listeners; l && !target; l = l->next) {
		if (l->cb == cb && l->priv == priv) {
			if (!l->removed)
				target = l;
			else if (l->active > 0 && !leaving)
				leaving = l;
		}
	}
	int own = 0;
	for (int i = 0; i < calling_depth && i < CALL_DEPTH_MAX; i++)
		own += calling[i] == (target ? target : leaving);
	/* It removed itself on another thread, where it (and maybe elsewhere) may still run: wait for those calls too,
	 * unless this thread is inside it as well (then the thread that removed it waits for this one). */
	if (!target && leaving && own == 0)
		target = leaving;
	if (target) {
		target->removed = true;
		target->waiters++;
		while (target->active > own)
			olc_cond_wait(&s->listeners_idle, &s->listeners_lock);
		target->waiters--;
		if (target->active == 0 && target->waiters == 0)
			listener_unlink(s, target);
	}
	olc_mutex_unlock(&s->listeners_lock);
}
