/* The sales report; see report.h. */
#include "core/sales/report.h"

#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/model/money.h"
#include "core/sales/journal.h"
#include "core/shop/iso8601.h"

/* ---- a string-keyed index (open addressing, FNV-1a) ---- */

struct index {
	char **keys;
	size_t *values;
	size_t capacity, count; /* capacity: a power of two, or 0 */
};

static void index_free(struct index *ix)
{
	for (size_t i = 0; i < ix->capacity; i++)
		free(ix->keys[i]);
	free(ix->keys);
	free(ix->values);
	memset(ix, 0, sizeof(*ix));
}

static size_t index_slot(const struct index *ix, const char *key)
{
	size_t mask = ix->capacity - 1, i = (size_t)olc_fnv1a(OLC_FNV1A_BASIS, key, strlen(key)) & mask;
	while (ix->keys[i] && strcmp(ix->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static bool index_grow(struct index *ix)
{
	struct index bigger = {0};
	bigger.capacity = ix->capacity ? ix->capacity * 2 : 64;
	bigger.keys = calloc(bigger.capacity, sizeof(*bigger.keys));
	bigger.values = calloc(bigger.capacity, sizeof(*bigger.values));
	if (!bigger.keys || !bigger.values) {
		free(bigger.keys);
		free(bigger.values);
		return false;
	}
	for (size_t i = 0; i < ix->capacity; i++) {
		if (!ix->keys[i])
			continue;
		size_t s = index_slot(&bigger, ix->keys[i]);
		bigger.keys[s] = ix->keys[i];
		bigger.values[s] = ix->values[i];
	}
	bigger.count = ix->count;
	free(ix->keys);
	free(ix->values);
	*ix = bigger;
	return true;
}

/* The value of key, or adds it with value: *found says which. false when memory runs out. */
static bool index_get_or_add(struct index *ix, const char *key, size_t value, size_t *out, bool *found)
{
	if ((ix->count + 1) * 2 > ix->capacity && !index_grow(ix))
		return false;
	size_t s = index_slot(ix, key);
	if (ix->keys[s]) {
		*found = true;
		*out = ix->values[s];
		return true;
	}
	if (!(ix->keys[s] = olc_strdup(key)))
		return false;
	ix->values[s] = value;
	ix->count++;
	*found = false;
	*out = value;
	return true;
}

/* "order\x1fproduct": an order line's identity. */
static char *line_key(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *k = malloc(la + lb + 2);
	if (k) {
		memcpy(k, a, la);
		k[la] = '\x1f';
		memcpy(k + la + 1, b, lb + 1);
	}
	return k;
}

/* ---- building ---- */

struct open_interval {
	size_t product;
	int64_t from_ms;
};

struct order_line {
	size_t product;
	int64_t time_ms;
	int quantity;
	struct olc_money total;
	bool new_order; /* the first line of its order id in the session */
};

struct building {
	int64_t id, last_at;
	bool ended;
	struct index products;
	struct index order_ids;
	struct open_interval *open;
	size_t open_count;
	struct order_line *lines;
	size_t line_count, line_capacity;
	size_t interval_capacity, product_capacity;
};

static void report_session_free(struct olc_report_session *s)
{
	for (size_t i = 0; i < s->product_count; i++) {
		free(s->products[i].product_id);
		free(s->products[i].title);
	}
	free(s->products);
	free(s->intervals);
	free(s->order_times);
	memset(s, 0, sizeof(*s));
}

void olc_report_free(struct olc_report *r)
{
	for (size_t i = 0; i < r->count; i++)
		report_session_free(&r->sessions[i]);
	free(r->sessions);
	memset(r, 0, sizeof(*r));
}

static bool grow(void **items, size_t *capacity, size_t need, size_t size)
{
	if (need <= *capacity)
		return true;
	size_t n = *capacity ? *capacity * 2 : 16;
	while (n < need)
		n *= 2;
	void *bigger = realloc(*items, n * size);
	if (!bigger)
		return false;
	*items = bigger;
	*capacity = n;
	return true;
}

/* The product's index in s, added when new; title and number update it when given. SIZE_MAX when
 * memory runs out. */
static size_t product_of(struct olc_report_session *s, struct building *b, const char *id, const char *title,
			 int number)
{
	size_t at;
	bool found;
	if (!grow((void **)&s->products, &b->product_capacity, s->product_count + 1, sizeof(*s->products)) ||
	    !index_get_or_add(&b->products, id, s->product_count, &at, &found))
		return SIZE_MAX;
	if (!found) {
		struct olc_report_product *p = &s->products[s->product_count++];
		memset(p, 0, sizeof(*p));
		if (!(p->product_id = olc_strdup(id)))
			return SIZE_MAX;
	}
	struct olc_report_product *p = &s->products[at];
	if (title && !olc_str_set(&p->title, title))
		return SIZE_MAX;
	if (number)
		p->number = number;
	return at;
}

/* Ends the open intervals at to_ms. */
static bool close_intervals(struct olc_report_session *s, struct building *b, int64_t to_ms)
{
	for (size_t i = 0; i < b->open_count; i++) {
		struct open_interval *o = &b->open[i];
		int64_t to = to_ms > o->from_ms ? to_ms : o->from_ms;
		if (!grow((void **)&s->intervals, &b->interval_capacity, s->interval_count + 1, sizeof(*s->intervals)))
			return false;
		s->intervals[s->interval_count++] = (struct olc_report_interval){o->product, o->from_ms, to};
		s->products[o->product].featured_ms += to - o->from_ms;
	}
	b->open_count = 0;
	return true;
}

static bool add_fits(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

/* c += (orders, units, revenue), all or nothing. */
static void counters_add(struct olc_counters *c, int64_t orders, int64_t units, int64_t revenue)
{
	if (add_fits(c->orders, orders) && add_fits(c->units, units) && add_fits(c->revenue_minor, revenue)) {
		c->orders += orders;
		c->units += units;
		c->revenue_minor += revenue;
	}
}

static bool featured_at(const struct olc_report_session *s, size_t product, int64_t t)
{
	for (size_t i = 0; i < s->interval_count; i++) {
		const struct olc_report_interval *iv = &s->intervals[i];
		if (iv->product == product && iv->from_ms <= t && t < iv->to_ms)
			return true;
	}
	return false;
}

static void count_orders(struct olc_report_session *s, struct building *b)
{
	for (size_t i = 0; i < b->line_count; i++) {
		const struct order_line *l = &b->lines[i];
		const int64_t revenue = strcmp(l->total.currency, s->currency) == 0 ? l->total.minor : 0;
		struct olc_report_product *p = &s->products[l->product];
		counters_add(&s->total, l->new_order ? 1 : 0, l->quantity, revenue);
		counters_add(&p->overall, 1, l->quantity, revenue);
		if (featured_at(s, l->product, l->time_ms))
			counters_add(&p->while_featured, 1, l->quantity, revenue);
		s->order_times[s->order_time_count++] = l->time_ms;
	}
}

/* When the order was placed, as "while featured" reads it: the shop's time when it is plausible (not
 * after the order arrived, and at most OLC_REPORT_ORDER_DELAY_MS before), else the arrival. A shop
 * whose clock is off by minutes then still gives arrival times, never a wrong product. */
static int64_t order_time(const struct olc_journal_record *r)
{
	if (r->placed_ms > 0 && r->placed_ms <= r->at_ms && r->at_ms - r->placed_ms <= OLC_REPORT_ORDER_DELAY_MS)
		return r->placed_ms;
	return r->at_ms;
}

static void building_free(struct building *b)
{
	index_free(&b->products);
	index_free(&b->order_ids);
	free(b->open);
	free(b->lines);
}

bool olc_report_build(const struct olc_journal_record *records, size_t count, int64_t running, int64_t now_ms,
		      struct olc_report *out, struct olc_error *err)
{
	memset(out, 0, sizeof(*out));
	struct building *builds = NULL;
	size_t capacity = 0, build_capacity = 0;
	struct index seen_lines = {0};
	bool ok = true;

	for (size_t i = 0; ok && i < count; i++) {
		const struct olc_journal_record *r = &records[i];
		/* The session of the record: nearly always the newest. */
		size_t k = out->count;
		while (k > 0 && builds[k - 1].id != r->session)
			k--;
		if (r->kind == OLC_JOURNAL_START) {
			if (k > 0)
				continue; /* started twice: the first start holds */
			if (!grow((void **)&out->sessions, &capacity, out->count + 1, sizeof(*out->sessions)) ||
			    !grow((void **)&builds, &build_capacity, out->count + 1, sizeof(*builds))) {
				ok = false;
				break;
			}
			struct olc_report_session *s = &out->sessions[out->count];
			memset(s, 0, sizeof(*s));
			memset(&builds[out->count], 0, sizeof(*builds));
			s->start_ms = r->at_ms;
			snprintf(s->currency, sizeof(s->currency), "%s", r->currency);
			builds[out->count].id = r->session;
			builds[out->count].last_at = r->at_ms;
			out->count++;
			continue;
		}
		if (k == 0 || builds[k - 1].ended)
			continue; /* outside a session: nothing to count it in */
		struct olc_report_session *s = &out->sessions[k - 1];
		struct building *b = &builds[k - 1];
		if (r->at_ms > b->last_at)
			b->last_at = r->at_ms;

		if (r->kind == OLC_JOURNAL_END) {
			ok = close_intervals(s, b, r->at_ms);
			s->end_ms = r->at_ms > s->start_ms ? r->at_ms : s->start_ms;
			b->ended = true;
		} else if (r->kind == OLC_JOURNAL_FEATURE) {
			ok = close_intervals(s, b, r->at_ms);
			free(b->open);
			b->open = r->featured_count ? calloc(r->featured_count, sizeof(*b->open)) : NULL;
			ok = ok && (!r->featured_count || b->open);
			for (size_t f = 0; ok && f < r->featured_count; f++) {
				const struct olc_journal_featured *fe = &r->featured[f];
				size_t p = product_of(s, b, fe->product_id, fe->title, fe->number);
				ok = p != SIZE_MAX;
				bool twice = false;
				for (size_t e = 0; e < b->open_count; e++)
					twice = twice || b->open[e].product == p;
				if (ok && !twice)
					b->open[b->open_count++] = (struct open_interval){p, r->at_ms};
			}
		} else if (r->kind == OLC_JOURNAL_ORDER && !r->test && r->order_id && r->product_id &&
			   r->quantity >= 0) {
			char *key = line_key(r->order_id, r->product_id);
			size_t ignored;
			bool repeat = false, order_seen = false;
			ok = key && index_get_or_add(&seen_lines, key, 0, &ignored, &repeat);
			if (ok && !repeat)
				ok = index_get_or_add(&b->order_ids, r->order_id, 0, &ignored, &order_seen);
			free(key);
			if (!ok || repeat)
				continue;
			size_t p = product_of(s, b, r->product_id, r->title, 0);
			ok = p != SIZE_MAX &&
			     grow((void **)&b->lines, &b->line_capacity, b->line_count + 1, sizeof(*b->lines));
			if (!ok)
				break;
			if (!s->currency[0])
				snprintf(s->currency, sizeof(s->currency), "%s", r->total.currency);
			b->lines[b->line_count++] =
				(struct order_line){p, order_time(r), r->quantity, r->total, !order_seen};
		}
	}

	for (size_t k = 0; ok && k < out->count; k++) {
		struct olc_report_session *s = &out->sessions[k];
		struct building *b = &builds[k];
		if (!b->ended) {
			/* Still running: up to now. Left open by a crash: up to its last record. */
			const bool runs = b->id == running;
			const int64_t until = runs ? (now_ms > b->last_at ? now_ms : b->last_at) : b->last_at;
			ok = close_intervals(s, b, until);
			s->end_ms = runs ? 0 : until;
			s->until_ms = until;
		} else {
			s->until_ms = s->end_ms;
		}
		s->order_times = b->line_count ? malloc(b->line_count * sizeof(*s->order_times)) : NULL;
		ok = ok && (!b->line_count || s->order_times);
		if (ok)
			count_orders(s, b);
	}

	for (size_t k = 0; k < out->count; k++)
		building_free(&builds[k]);
	free(builds);
	index_free(&seen_lines);
	if (!ok) {
		olc_report_free(out);
		olc_error_set(err, "out of memory while making the sales report");
	}
	return ok;
}

_Static_assert(OLC_REPORT_TIME_LEN >= OLC_ISO8601_LEN, "the report's times are ISO 8601 times");

void olc_report_time_text(int64_t ms, char *buf)
{
	olc_iso8601_format_naive(ms, buf);
	char *t = strchr(buf, 'T');
	if (t)
		*t = ' '; /* what spreadsheets read as a date and time */
}

/* ---- CSV ---- */

struct buffer {
	char *data;
	size_t len, capacity;
	bool failed;
};

static void put(struct buffer *b, const char *text, size_t len)
{
	if (b->failed || !grow((void **)&b->data, &b->capacity, b->len + len + 1, 1)) {
		b->failed = true;
		return;
	}
	memcpy(b->data + b->len, text, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/* One field, quoted by libcsv (a quote doubled, commas and newlines kept inside the quotes), then
 * a comma, or CRLF after the last field of a row. */
static void field(struct buffer *b, const char *text, bool last)
{
	const size_t len = strlen(text);
	const size_t need = csv_write(NULL, 0, text, len);
	if (b->failed || !grow((void **)&b->data, &b->capacity, b->len + need + 3, 1)) {
		b->failed = true;
		return;
	}
	b->len += csv_write(b->data + b->len, need, text, len);
	put(b, last ? "\r\n" : ",", last ? 2 : 1);
}

static const char *money_text(int64_t minor, const char *currency, char *buf, size_t len)
{
	struct olc_money m = {.minor = minor};
	snprintf(m.currency, sizeof(m.currency), "%s", currency);
	if (olc_money_format_plain(&m, buf, len) < 0)
		snprintf(buf, len, "%lld", (long long)minor); /* no known currency: minor units */
	return buf;
}

static const char *whole_text(int64_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

static void counters_fields(struct buffer *b, const struct olc_counters *c, const char *currency, bool last)
{
	char t[32];
	field(b, whole_text(c->orders, t, sizeof(t)), false);
	field(b, whole_text(c->units, t, sizeof(t)), false);
	field(b, money_text(c->revenue_minor, currency, t, sizeof(t)), last);
}

static void row(struct buffer *b, const struct olc_report_session *s, const struct olc_report_product *p)
{
	char start[OLC_REPORT_TIME_LEN], end[OLC_REPORT_TIME_LEN], t[32];
	olc_report_time_text(s->start_ms, start);
	olc_report_time_text(s->end_ms, end);
	field(b, start, false);
	field(b, s->end_ms ? end : "", false);
	field(b, s->currency, false);
	if (p) {
		field(b, p->number ? whole_text(p->number, t, sizeof(t)) : "", false);
		field(b, p->product_id, false);
		field(b, p->title ? p->title : "", false);
		/* Seconds with the milliseconds kept: 12.345 */
		snprintf(t, sizeof(t), "%lld.%03lld", (long long)(p->featured_ms / 1000), (long long)(p->featured_ms % 1000));
		field(b, t, false);
		counters_fields(b, &p->while_featured, s->currency, false);
		counters_fields(b, &p->overall, s->currency, true);
	} else {
		int64_t featured = 0;
		for (size_t i = 0; i < s->product_count; i++)
			featured += s->products[i].featured_ms;
		field(b, "", false);
		field(b, "", false);
		field(b, "TOTAL", false);
		snprintf(t, sizeof(t), "%lld.%03lld", (long long)(featured / 1000), (long long)(featured % 1000));
		field(b, t, false);
		field(b, "", false);
		field(b, "", false);
		field(b, "", false);
		counters_fields(b, &s->total, s->currency, true);
	}
}

static bool range_ok(const struct olc_report *r, size_t first, size_t count, struct olc_error *err)
{
	if (first > r->count || count > r->count - first) {
		olc_error_set(err, "there is no such sales session");
		return false;
	}
	return true;
}

char *olc_report_csv(const struct olc_report *r, size_t first, size_t count, size_t *len, struct olc_error *err)
{
	if (!range_ok(r, first, count, err))
		return NULL;
	static const char *const header[] = {
		"session_start", "session_end", "currency", "number", "product_id", "title", "featured_seconds",
		"orders_featured", "units_featured", "revenue_featured", "orders", "units", "revenue",
	};
	const size_t columns = sizeof(header) / sizeof(header[0]);
	struct buffer b = {0};
	put(&b, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < columns; i++)
		field(&b, header[i], i + 1 == columns);
	for (size_t k = first; k < first + count; k++) {
		const struct olc_report_session *s = &r->sessions[k];
		for (size_t i = 0; i < s->product_count; i++)
			row(&b, s, &s->products[i]);
		row(&b, s, NULL);
	}
	if (b.failed) {
		free(b.data);
		olc_error_set(err, "out of memory while writing the sales report");
		return NULL;
	}
	*len = b.len;
	return b.data;
}

/* ---- JSON ---- */

static json_t *counters_json(const struct olc_counters *c)
{
	return json_pack("{s:I,s:I,s:I}", "orders", (json_int_t)c->orders, "units", (json_int_t)c->units,
			 "revenue_minor", (json_int_t)c->revenue_minor);
}

static json_t *session_json(const struct olc_report_session *s)
{
	json_t *products = json_array();
	for (size_t i = 0; i < s->product_count; i++) {
		const struct olc_report_product *p = &s->products[i];
		json_array_append_new(products,
				      json_pack("{s:s,s:s?,s:i,s:I,s:o,s:o}", "product_id", p->product_id, "title",
						p->title, "number", p->number, "featured_ms", (json_int_t)p->featured_ms,
						"while_featured", counters_json(&p->while_featured), "overall",
						counters_json(&p->overall)));
	}
	return json_pack("{s:I,s:I,s:s,s:o,s:o}", "start_ms", (json_int_t)s->start_ms, "end_ms", (json_int_t)s->end_ms,
			 "currency", s->currency, "total", counters_json(&s->total), "products", products);
}

char *olc_report_json(const struct olc_report *r, size_t first, size_t count, size_t *len, struct olc_error *err)
{
	if (!range_ok(r, first, count, err))
		return NULL;
	json_t *sessions = json_array();
	for (size_t k = first; k < first + count; k++)
		json_array_append_new(sessions, session_json(&r->sessions[k]));
	json_t *root = json_pack("{s:o}", "sessions", sessions);
	char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	if (!text) {
		olc_error_set(err, "out of memory while writing the sales report");
		return NULL;
	}
	*len = strlen(text);
	return text;
}
