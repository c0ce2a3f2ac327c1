/* Products the host marked sold out (MarkSoldOut, the dock, a hotkey) while the shop still lists
 * stock: a seller often knows before the shop does (the last jar broke, the stall sold it). The mark
 * shows the product as sold out (stock 0) at once and through every catalog the shop sends, until the
 * shop reports more stock than it did when the product was marked, or less then more again: a
 * restock. Marks end with the connection to that shop and are not saved (a restart forgets them).
 * model_lock guards them with the model. */
#include "core/session/session-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/thread.h"

/* Makes p show as sold out; true when that changed it. */
static bool zero_stock(struct olc_product *p)
{
	const bool changed = !p->has_stock || p->stock != 0;
	p->has_stock = true;
	p->stock = 0;
	return changed;
}

static struct sold_out_mark *find_mark(struct model *m, const char *id)
{
	for (size_t i = 0; i < m->mark_count; i++)
		if (strcmp(m->marks[i].product_id, id) == 0)
			return &m->marks[i];
	return NULL;
}

bool olc_session_mark_sold_out(struct olc_session *s, const char *product_id, struct olc_error *err)
{
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	const char *id = product_id ? product_id : (m->featured_count > 0 ? m->featured[0] : NULL);
	bool ok = true;
	if (!id) {
		olc_error_set(err, "nothing is featured: name the product to mark sold out");
		ok = false;
	}
	ok = ok && session_check_in_catalog(m, id, err);
	struct olc_product *p = ok ? (struct olc_product *)olc_catalog_find(&m->catalog, id) : NULL;
	if (p && !find_mark(m, id)) {
		struct sold_out_mark *grown = realloc(m->marks, (m->mark_count + 1) * sizeof(*grown));
		char *copy = olc_strdup(id);
		if (grown)
			m->marks = grown;
		if (!grown || !copy) {
			free(copy);
			olc_error_set(err, "out of memory");
			ok = false;
			p = NULL;
		} else {
			m->marks[m->mark_count++] = (struct sold_out_mark){
				.product_id = copy, .tracked = p->has_stock, .stock = p->stock};
		}
	}
	if (p && zero_stock(p)) {
		m->catalog_dirty = true;
		m->catalog_revision++;
		session_event_stock(&evs, p);
	}
	if (ok)
		session_commit(s, &evs, evs.count > 0);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return ok;
}

static void remove_mark(struct model *m, size_t i)
{
	free(m->marks[i].product_id);
	m->marks[i] = m->marks[--m->mark_count];
}

void session_sold_out_apply(struct model *m, struct olc_catalog *fresh)
{
	for (size_t i = 0; i < m->mark_count;) {
		struct sold_out_mark *mark = &m->marks[i];
		struct olc_product *p = (struct olc_product *)olc_catalog_find(fresh, mark->product_id);
		if (p && p->has_stock && p->stock > 0 && (!mark->tracked || p->stock > mark->stock)) {
			remove_mark(m, i); /* restocked: the shop's count stands */
			continue;
		}
		if (p) {
			/* Orders lower the shop's count while the mark stands; a restock is more than the least. */
			if (p->has_stock && (!mark->tracked || p->stock < mark->stock)) {
				mark->tracked = true;
				mark->stock = p->stock;
			}
			zero_stock(p);
		}
		i++;
	}
}

void session_sold_out_clear(struct model *m)
{
	for (size_t i = 0; i < m->mark_count; i++)
		free(m->marks[i].product_id);
	free(m->marks);
	m->marks = NULL;
	m->mark_count = 0;
}
