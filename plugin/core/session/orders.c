/* The session's orders: the ring of recent orders, the counters (whole stream and per product),
 * the checks that keep an impossible order out, and test orders. model_lock held throughout. */
#include "core/session/session-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/thread.h"

static struct olc_counters *find_counters(struct model *m, const char *product_id)
{
	for (size_t i = 0; i < m->per_product_count; i++) {
		if (strcmp(m->per_product[i].product_id, product_id) == 0)
			return &m->per_product[i].counters;
	}
	return NULL;
}

static struct olc_counters *product_counters(struct model *m, const char *product_id)
{
	struct olc_counters *found = find_counters(m, product_id);
	if (found)
		return found;
	if (m->per_product_count == m->per_product_capacity) {
		size_t capacity = m->per_product_capacity ? m->per_product_capacity * 2 : 16;
		struct olc_product_counters *items = realloc(m->per_product, capacity * sizeof(*items));
		if (!items)
			return NULL;
		m->per_product = items;
		m->per_product_capacity = capacity;
	}
	char *id = olc_strdup(product_id);
	if (!id)
		return NULL;
	struct olc_product_counters *pc = &m->per_product[m->per_product_count++];
	memset(pc, 0, sizeof(*pc));
	pc->product_id = id;
	return &pc->counters;
}

/* A total above this many times price x quantity is no real order line: no tax, fee or price
 * change since the order goes that far. Below is no limit: live streams sell at a tiny fraction of
 * the listed price (a one-yuan flash sale of a 268-yuan product) or free. */
#define ORDER_TOTAL_FACTOR 100

/* a * k < b for a, b >= 0 and k > 0, where an a * k past int64_t counts as above any b. */
static bool scaled_below(int64_t a, int64_t k, int64_t b)
{
	return a <= INT64_MAX / k && a * k < b;
}

static bool add_fits(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

/* c += (orders, units, revenue), all or nothing: false when any would pass int64_t. */
static bool counters_add(struct olc_counters *c, int64_t orders, int64_t units, int64_t revenue)
{
	if (!add_fits(c->orders, orders) || !add_fits(c->units, units) || !add_fits(c->revenue_minor, revenue))
		return false;
	c->orders += orders;
	c->units += units;
	c->revenue_minor += revenue;
	return true;
}

/* Whether a shop's order line can be real: a quantity of 1 or more, a total that is not negative
 * and, when the catalog prices the product in the total's currency, at most ORDER_TOTAL_FACTOR
 * times price x quantity. Shop data is hostile: one absurd line must not make the counters
 * nonsense. */
static bool order_possible(const struct model *m, const struct olc_order *o, struct olc_error *why)
{
	char total[32] = "", price[32] = "";
	if (o->quantity < 1) {
		olc_error_set(why, "its quantity %d is not a count of 1 or more", o->quantity);
		return false;
	}
	olc_money_format_plain(&o->total, total, sizeof(total));
	if (o->total.minor < 0) {
		olc_error_set(why, "its total %s %s is negative", total, o->total.currency);
		return false;
	}
	const struct olc_product *p = olc_catalog_find(&m->catalog, o->product_id);
	if (!p || !olc_money_same_currency(&p->price, &o->total) || p->price.minor <= 0)
		return true; /* nothing to compare it with */
	olc_money_format_plain(&p->price, price, sizeof(price));
	struct olc_money expected;
	if (!olc_money_multiply(&p->price, o->quantity, &expected, NULL)) {
		olc_error_set(why, "%d x %s %s is more than an amount can hold", o->quantity, price, p->price.currency);
		return false;
	}
	if (scaled_below(expected.minor, ORDER_TOTAL_FACTOR, o->total.minor)) {
		olc_error_set(why, "its total %s %s is more than %d times %d x %s %s", total, o->total.currency,
			      ORDER_TOTAL_FACTOR, o->quantity, price, p->price.currency);
		return false;
	}
	return true;
}

/* Adds one order line: to the ring, the counters and the stock unless it is a test, and as an
 * event. A line already in the ring (same order id and product) is a repeat and ignored; the
 * order count counts order ids, so an order of two products is one order of two lines.
 * moved[i] is set when catalog product i's stock went down; moved NULL leaves the stock alone.
 * A line that cannot be real (order_possible) or that would push a counter past int64_t is
 * refused whole: false, with why naming the order and the reason. */
bool session_add_order(struct model *m, const struct olc_order *o, struct events *evs, bool *moved,
		      struct olc_error *why)
{
	bool order_counted = false;
	for (size_t i = 0; i < m->ring_count; i++) {
		const struct olc_order *r = &m->ring[(m->ring_start + i) % m->ring_capacity];
		if (r->test != o->test || !olc_str_equal(r->id, o->id))
			continue;
		if (olc_str_equal(r->product_id, o->product_id))
			return true;
		order_counted = true;
	}

	char shown[OLC_EXCERPT_LEN];
	struct olc_error reason = {""};
	const bool counted = !o->test && o->product_id;
	const bool revenue = counted && strcmp(o->total.currency, m->currency) == 0;
	const int64_t orders = order_counted ? 0 : 1, units = o->quantity, minor = revenue ? o->total.minor : 0;
	struct olc_counters total = m->total, product = {0};
	const struct olc_counters *pc = counted ? find_counters(m, o->product_id) : NULL;
	if (pc)
		product = *pc;
	if (!order_possible(m, o, &reason)) {
		olc_error_set(why, "order \"%s\" was not counted: %s", olc_error_excerpt(shown, sizeof(shown), o->id),
			      reason.text);
		return false;
	}
	if (counted && (!counters_add(&total, orders, units, minor) || !counters_add(&product, 1, units, minor))) {
		olc_error_set(why, "order \"%s\" was not counted: the sales counters cannot go any higher",
			      olc_error_excerpt(shown, sizeof(shown), o->id));
		return false;
	}

	struct olc_order copy;
	olc_order_init(&copy);
	if (!olc_order_copy(&copy, o))
		return true; /* out of memory: the order is lost, the session goes on */
	size_t slot;
	if (m->ring_count < m->ring_capacity) {
		slot = (m->ring_start + m->ring_count) % m->ring_capacity;
		m->ring_count++;
	} else {
		slot = m->ring_start; /* the oldest makes room */
		m->ring_start = (m->ring_start + 1) % m->ring_capacity;
		olc_order_free(&m->ring[slot]);
	}
	m->ring[slot] = copy;
	m->ring_seq[slot] = ++m->orders_seen;
	m->orders_dirty = true;

	if (counted) {
		m->total = total;
		struct olc_counters *entry = product_counters(m, o->product_id);
		if (entry)
			*entry = product;
		m->counters_dirty = true;

		/* Show the sale at once; the shop's next catalog says what the stock really is. */
		struct olc_product *p =
			moved ? (struct olc_product *)olc_catalog_find(&m->catalog, o->product_id) : NULL;
		if (p && p->has_stock && p->stock > 0) {
			p->stock = p->stock > o->quantity ? p->stock - o->quantity : 0;
			moved[p - m->catalog.products] = true;
			m->catalog_dirty = true;
		}
	}

	struct pending *p = session_event_add(evs, OLC_EVENT_ORDER_RECEIVED);
	if (p && !olc_order_copy(&p->order, o))
		evs->count--;
	return true;
}

void session_ring_clear(struct model *m)
{
	for (size_t i = 0; i < m->ring_capacity; i++)
		olc_order_free(&m->ring[i]);
	m->ring_start = 0;
	m->ring_count = 0;
	m->orders_dirty = true;
}

void session_counters_clear(struct model *m)
{
	for (size_t i = 0; i < m->per_product_count; i++)
		free(m->per_product[i].product_id);
	m->per_product_count = 0;
	memset(&m->total, 0, sizeof(m->total));
	m->counters_dirty = true;
}

/* ---- test orders ---- */

bool olc_session_simulate_order(struct olc_session *s, const char *product_id, int quantity, struct olc_error *err)
{
	if (quantity <= 0)
		quantity = 1;
	if (quantity > SIMULATE_MAX_QUANTITY) {
		olc_error_set(err, "a test order is for at most %d units", SIMULATE_MAX_QUANTITY);
		return false;
	}
	struct events evs = {0};
	olc_mutex_lock(&s->model_lock);
	struct model *m = &s->m;
	const struct olc_product *p = NULL;
	bool ok = false;
	if (product_id) {
		if (session_check_in_catalog(m, product_id, err))
			p = olc_catalog_find(&m->catalog, product_id);
	} else if (m->featured_count > 0 && olc_catalog_find(&m->catalog, m->featured[0])) {
		p = olc_catalog_find(&m->catalog, m->featured[0]);
	} else if (m->catalog.count > 0) {
		p = &m->catalog.products[0];
	} else {
		olc_error_set(err, "the catalog is empty: there is no product to test an order with");
	}

	struct olc_order o;
	olc_order_init(&o);
	if (p) {
		char id[32];
		snprintf(id, sizeof(id), "test-%" PRIu64, ++m->test_orders);
		o.created_at_ms = s->now_ms();
		o.quantity = quantity;
		o.test = true;
		ok = olc_money_multiply(&p->price, quantity, &o.total, err);
		if (ok && !(olc_str_set(&o.id, id) && olc_str_set(&o.product_id, p->id) &&
			    olc_str_set(&o.buyer, "测试 Test"))) {
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	ok = ok && session_add_order(m, &o, &evs, NULL, err); /* a test never moves stock */
	if (ok)
		session_commit(s, &evs, true);
	olc_order_free(&o);
	olc_mutex_unlock(&s->model_lock);
	session_dispatch(s, &evs);
	return ok;
}
