/* Sales goals, decided once per goal; see goals.h. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/threading.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/model/money.h"
#include "runtime/events.h"
#include "runtime/goals.h"
#include "runtime/live-session.h"
#include "plugin-support.h"

struct declaration {
	obs_source_t *source;
	struct olc_goal_spec spec;
};

struct goal {
	struct olc_goal_spec spec;
	struct olc_goal_progress progress;
	/* What the progress was started for: a change starts it over silently. */
	int64_t target;
	char currency[4];
	char product_id[OLC_PRODUCT_ID_MAX + 1];
	long reached_count;
};

/* One GoalReached to send once the lock is let go. */
struct crossing {
	struct olc_goal_spec spec;
	int64_t value, target;
	char currency[4];
	char *product_id, *source; /* bmalloc'd */
};

static struct {
	pthread_mutex_t lock;
	DARRAY(struct declaration) declarations; /* oldest first */
	DARRAY(struct goal *) goals;             /* one per distinct spec declared */
	struct olc_session *watching;            /* module load/unload only */
} reg = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int64_t pow10_i64(int exponent)
{
	int64_t v = 1;
	for (int i = 0; i < exponent; i++)
		v *= 10;
	return v;
}

void olc_goal_read(const struct olc_snapshot *snap, const struct olc_goal_spec *spec, struct olc_goal_reading *out)
{
	memset(out, 0, sizeof(*out));
	if (snap) {
		snprintf(out->currency, sizeof(out->currency), "%s", snap->currency);
		if (!spec->featured_only) {
			out->counters = snap->total;
		} else if (snap->featured_count > 0) {
			/* A featured id: never longer than the buffer. */
			olc_product_id_copy(out->product_id, sizeof(out->product_id), snap->featured[0]);
			out->counters = olc_snapshot_product_counters(snap, snap->featured[0]);
		}
	}
	switch (spec->kind) {
	case OLC_GOAL_UNITS:
		out->value = out->counters.units;
		out->target = spec->target;
		break;
	case OLC_GOAL_REVENUE: {
		/* Whole units of the shop's currency, in its minor units: ¥20000 is 2000000 fen. Before
		 * the first catalog the currency is unknown; cents are the commonest guess. */
		const struct olc_currency *cur = olc_currency_find(out->currency);
		out->value = out->counters.revenue_minor;
		out->target = spec->target * pow10_i64(cur ? cur->exponent : 2);
		break;
	}
	case OLC_GOAL_ORDERS:
	default:
		out->value = out->counters.orders;
		out->target = spec->target;
		break;
	}
}

static bool spec_equal(const struct olc_goal_spec *a, const struct olc_goal_spec *b)
{
	return a->kind == b->kind && a->target == b->target && a->featured_only == b->featured_only;
}

/* Under reg.lock. */
static size_t find_declaration(const obs_source_t *source)
{
	for (size_t i = 0; i < reg.declarations.num; i++) {
		if (reg.declarations.array[i].source == source)
			return i;
	}
	return DARRAY_INVALID;
}

/* Under reg.lock. */
static struct goal *find_goal(const struct olc_goal_spec *spec)
{
	for (size_t i = 0; i < reg.goals.num; i++) {
		if (spec_equal(&reg.goals.array[i]->spec, spec))
			return reg.goals.array[i];
	}
	return NULL;
}

static bool same_basis(const struct goal *g, const struct olc_goal_reading *r)
{
	return g->target == r->target && strcmp(g->currency, r->currency) == 0 &&
	       strcmp(g->product_id, r->product_id) == 0;
}

static void start_over(struct goal *g, const struct olc_goal_reading *r)
{
	olc_goal_progress_reset(&g->progress, r->target, 0, r->value);
	g->target = r->target;
	memcpy(g->currency, r->currency, sizeof(g->currency));
	memcpy(g->product_id, r->product_id, sizeof(g->product_id));
}

/* Under reg.lock: goals nobody declares any more go. */
static void drop_undeclared_goals(void)
{
	for (size_t i = reg.goals.num; i-- > 0;) {
		bool declared = false;
		for (size_t d = 0; d < reg.declarations.num && !declared; d++)
			declared = spec_equal(&reg.declarations.array[d].spec, &reg.goals.array[i]->spec);
		if (!declared) {
			bfree(reg.goals.array[i]);
			da_erase(reg.goals, i);
		}
	}
}

void olc_goals_declare(obs_source_t *source, const struct olc_goal_spec *spec)
{
	pthread_mutex_lock(&reg.lock);
	const size_t at = find_declaration(source);
	if (at != DARRAY_INVALID && spec_equal(&reg.declarations.array[at].spec, spec)) {
		pthread_mutex_unlock(&reg.lock);
		return;
	}
	if (at != DARRAY_INVALID)
		da_erase(reg.declarations, at);
	struct declaration *d = da_push_back_new(reg.declarations);
	d->source = source;
	d->spec = *spec;
	if (!find_goal(spec)) {
		struct goal *g = bzalloc(sizeof(*g));
		g->spec = *spec;
		struct olc_snapshot *snap = olc_live_snapshot();
		struct olc_goal_reading r;
		olc_goal_read(snap, spec, &r);
		olc_snapshot_release(snap);
		start_over(g, &r);
		da_push_back(reg.goals, &g);
	}
	drop_undeclared_goals();
	pthread_mutex_unlock(&reg.lock);
}

void olc_goals_withdraw(obs_source_t *source)
{
	pthread_mutex_lock(&reg.lock);
	const size_t at = find_declaration(source);
	if (at != DARRAY_INVALID) {
		da_erase(reg.declarations, at);
		drop_undeclared_goals();
	}
	pthread_mutex_unlock(&reg.lock);
}

long olc_goals_reached_count(obs_source_t *source)
{
	long count = 0;
	pthread_mutex_lock(&reg.lock);
	const size_t at = find_declaration(source);
	const struct goal *g = at != DARRAY_INVALID ? find_goal(&reg.declarations.array[at].spec) : NULL;
	if (g)
		count = g->reached_count;
	pthread_mutex_unlock(&reg.lock);
	return count;
}

/* Under reg.lock: the name of the source that has declared spec the longest. */
static const char *first_declarer(const struct olc_goal_spec *spec)
{
	for (size_t i = 0; i < reg.declarations.num; i++) {
		if (spec_equal(&reg.declarations.array[i].spec, spec))
			return obs_source_get_name(reg.declarations.array[i].source);
	}
	return "";
}

/* The session's listener: every change may move a counter, the featured product or the currency. */
static void check_goals(const struct olc_event *ev, void *priv)
{
	UNUSED_PARAMETER(ev);
	struct olc_session *session = priv;
	DARRAY(struct crossing) found;
	da_init(found);

	pthread_mutex_lock(&reg.lock);
	/* The snapshot is taken under the lock, so goals see the session's snapshots in the order they
	 * were published even when two threads change it at once: an older one never comes after a
	 * newer one and makes the value go down and up again (a second GoalReached). */
	struct olc_snapshot *snap = reg.goals.num ? olc_session_snapshot(session) : NULL;
	for (size_t i = 0; snap && i < reg.goals.num; i++) {
		struct goal *g = reg.goals.array[i];
		struct olc_goal_reading r;
		olc_goal_read(snap, &g->spec, &r);
		if (!same_basis(g, &r)) {
			start_over(g, &r);
			continue;
		}
		if (!olc_goal_progress_update(&g->progress, r.value).goal)
			continue;
		g->reached_count++;
		struct crossing *c = da_push_back_new(found);
		c->spec = g->spec;
		c->value = r.value;
		c->target = r.target;
		memcpy(c->currency, r.currency, sizeof(c->currency));
		c->product_id = bstrdup(r.product_id);
		c->source = bstrdup(first_declarer(&g->spec));
	}
	pthread_mutex_unlock(&reg.lock);
	olc_snapshot_release(snap);

	for (size_t i = 0; i < found.num; i++) {
		struct crossing *c = &found.array[i];
		const struct olc_goal_reached ev_data = {
			.kind = c->spec.kind,
			.value = c->value,
			.target = c->target,
			.currency = c->currency,
			.featured_only = c->spec.featured_only,
			.product_id = c->product_id,
			.source = c->source,
		};
		olc_events_goal_reached(&ev_data);
		obs_log(LOG_INFO, "sales goal '%s' reached: %s %" PRId64 " of %" PRId64, c->source,
			olc_goal_kind_name(c->spec.kind), c->value, c->target);
		bfree(c->product_id);
		bfree(c->source);
	}
	da_free(found);
}

void olc_goals_start(void)
{
	reg.watching = olc_live_session();
	if (reg.watching)
		olc_session_add_listener(reg.watching, check_goals, reg.watching);
}

void olc_goals_stop(void)
{
	if (reg.watching)
		olc_session_remove_listener(reg.watching, check_goals, reg.watching);
	reg.watching = NULL;
	/* Sources are gone by unload; whatever is left was never withdrawn. */
	pthread_mutex_lock(&reg.lock);
	for (size_t i = 0; i < reg.goals.num; i++)
		bfree(reg.goals.array[i]);
	da_free(reg.goals);
	da_free(reg.declarations);
	pthread_mutex_unlock(&reg.lock);
}
