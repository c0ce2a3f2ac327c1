/* The session's deck and featuring: loading a deck, featuring products by id, by deck number or
 * by stepping through the deck, and hiding them. */
#include "core/session/session-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/model/deck-json.h"
#include "core/sys/thread.h"

bool olc_session_load_deck(struct olc_session *s, const struct olc_deck *deck, struct olc_error *err)
{
	struct olc_deck copy;
	olc_deck_init(&copy);
	/* Serialising checks the deck as a deck file would be checked, and gives the cache text. */
	char *text = olc_deck_json_serialise(deck, err);
	if (!text)
		return false;
	if (!olc_deck_copy(&copy, deck)) {
		free(text);
		olc_error_set(err, "out of memory");
		return false;
	}

	struct events evs = {0};
	olc_mutex_lock(&s->cache_lock); /* so cache files are written in the order decks were loaded */
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	olc_deck_free(&m->deck);
	m->deck = copy;
	m->deck_loaded = true;
	m->deck_dirty = true;
	m->featured_revision++;
	if (m->featured_number > 0) {
		const struct olc_deck_item *item = olc_deck_find(&m->deck, m->featured_number);
		if (!item || m->featured_count == 0 || strcmp(item->product_id, m->featured[0]) != 0)
			m->featured_number = 0;
	}
	session_event_add(&evs, OLC_EVENT_DECK_CHANGED);
	session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	if (s->cache_dir)
		session_write_cache(s, CACHE_DECK_FILE, text);
	olc_mutex_unlock(&s->cache_lock);
	free(text);
	session_dispatch(s, &evs);
	return true;
}

bool olc_session_load_deck_file(struct olc_session *s, const char *path, struct olc_error *err)
{
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok = olc_deck_json_load(path, &deck, err) && olc_session_load_deck(s, &deck, err);
	olc_deck_free(&deck);
	return ok;
}

void session_featured_clear(struct model *m)
{
	for (size_t i = 0; i < m->featured_count; i++) {
		free(m->featured[i]);
		m->featured[i] = NULL;
	}
	m->featured_count = 0;
	m->featured_number = 0;
}

/* Sets the featured list (ids already checked) and sends PRODUCT_FEATURED. model_lock held. */
bool session_set_featured(struct model *m, const char *const *ids, size_t count, int number, struct events *evs,
			 struct olc_error *err)
{
	char *copies[OLC_FEATURED_MAX] = {NULL};
	for (size_t i = 0; i < count; i++) {
		copies[i] = olc_strdup(ids[i]);
		if (!copies[i]) {
			for (size_t k = 0; k < i; k++)
				free(copies[k]);
			olc_error_set(err, "out of memory");
			return false;
		}
	}
	session_featured_clear(m);
	memcpy(m->featured, copies, sizeof(copies));
	m->featured_count = count;
	m->featured_number = number;
	m->featured_revision++;
	session_event_featured(m, evs);
	return true;
}

bool session_check_in_catalog(const struct model *m, const char *id, struct olc_error *err)
{
	char shown[OLC_EXCERPT_LEN];
	if (!olc_product_id_check(id, "a product id", err))
		return false;
	if (!olc_catalog_find(&m->catalog, id)) {
		olc_error_set(err, "the shop has no product \"%s\"", olc_error_excerpt(shown, sizeof(shown), id));
		return false;
	}
	return true;
}

bool olc_session_feature(struct olc_session *s, const char *const *ids, size_t count, struct olc_error *err)
{
	if (!ids || count < 1 || count > OLC_FEATURED_MAX) {
		olc_error_set(err, "feature 1 to %d products, not %zu", OLC_FEATURED_MAX, ids ? count : 0);
		return false;
	}
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++) {
		ok = session_check_in_catalog(&s->m, ids[i], err);
		for (size_t k = 0; ok && k < i; k++) {
			if (strcmp(ids[k], ids[i]) == 0) {
				char shown[OLC_EXCERPT_LEN];
				olc_error_set(err, "product \"%s\" is listed twice",
					      olc_error_excerpt(shown, sizeof(shown), ids[i]));
				ok = false;
			}
		}
	}
	ok = ok && session_set_featured(&s->m, ids, count, 0, &evs, err);
	if (ok)
		session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return ok;
}

static bool feature_item(struct olc_session *s, const struct olc_deck_item *item, struct events *evs,
			 struct olc_error *err)
{
	const char *id = item->product_id;
	if (!olc_catalog_find(&s->m.catalog, id)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "number %d is product \"%s\", which the shop does not list", item->number,
			      olc_error_excerpt(shown, sizeof(shown), id));
		return false;
	}
	return session_set_featured(&s->m, &id, 1, item->number, evs, err);
}

bool olc_session_feature_number(struct olc_session *s, int number, struct olc_error *err)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	const struct olc_deck_item *item = olc_deck_find(&s->m.deck, number);
	bool ok = item != NULL;
	if (!ok)
		olc_error_set(err, "the deck has no number %d", number);
	ok = ok && feature_item(s, item, &evs, err);
	if (ok)
		session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return ok;
}

bool olc_session_feature_step(struct olc_session *s, int delta, struct olc_error *err)
{
	if (delta == 0) {
		olc_error_set(err, "step by +1 (next) or -1 (previous)");
		return false;
	}
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	size_t n = m->deck.count;
	bool ok = false;
	if (n == 0) {
		olc_error_set(err, "the deck is empty: load a deck to step through it");
	} else {
		/* Where we are: the item last featured by number, else the first featured product's
		 * first item; nowhere means the step lands on the first (or last) item. */
		long at = delta > 0 ? -1 : (long)n;
		long first_of_product = -1;
		for (size_t i = 0; i < n && m->featured_count > 0; i++) {
			const struct olc_deck_item *item = &m->deck.items[i];
			if (strcmp(item->product_id, m->featured[0]) != 0)
				continue;
			if (first_of_product < 0)
				first_of_product = (long)i;
			if (item->number == m->featured_number)
				at = (long)i;
		}
		if (at < 0 || at == (long)n)
			at = first_of_product >= 0 ? first_of_product : at;

		/* Items whose product the shop does not list are passed over. */
		long dir = delta > 0 ? 1 : -1;
		bool found = false;
		for (size_t k = 1; k <= n && !found; k++) {
			long idx = ((at + dir * (long)k) % (long)n + (long)n) % (long)n;
			const struct olc_deck_item *item = &m->deck.items[idx];
			if (olc_catalog_find(&m->catalog, item->product_id)) {
				found = true;
				ok = session_set_featured(m, (const char *const *)&item->product_id, 1, item->number, &evs,
						  err);
			}
		}
		if (!found)
			olc_error_set(err, "none of the deck's products is in the shop's catalog");
	}
	if (ok)
		session_commit(s, &evs, true);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return ok;
}

void olc_session_hide(struct olc_session *s)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	if (s->m.featured_count > 0) {
		session_featured_clear(&s->m);
		s->m.featured_revision++;
		session_event_featured(&s->m, &evs);
		session_commit(s, &evs, true);
	}
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
}
