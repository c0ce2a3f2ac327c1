/* The sales journal; see journal.h. */
#include "core/sales/journal.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sales/report.h"
#include "core/sys/clock.h"
#include "core/sys/file-append.h"
#include "core/sys/file-io.h"
#include "core/sys/fs.h"
#include "core/sys/thread.h"

#define HASH_DIGITS 16
#define SYNC_EVERY_MS 1000

static const char *const kind_names[] = {"start", "end", "feature", "order"};

/* ---- records ---- */

void olc_journal_record_free(struct olc_journal_record *r)
{
	for (size_t i = 0; i < r->featured_count; i++) {
		free(r->featured[i].product_id);
		free(r->featured[i].title);
	}
	free(r->featured);
	free(r->order_id);
	free(r->product_id);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

bool olc_journal_record_copy(struct olc_journal_record *dst, const struct olc_journal_record *src)
{
	*dst = *src;
	dst->featured = NULL;
	dst->featured_count = 0;
	dst->order_id = olc_strdup(src->order_id);
	dst->product_id = olc_strdup(src->product_id);
	dst->title = olc_strdup(src->title);
	bool ok = (!src->order_id || dst->order_id) && (!src->product_id || dst->product_id) &&
		  (!src->title || dst->title);
	if (ok && src->featured_count) {
		dst->featured = calloc(src->featured_count, sizeof(*dst->featured));
		ok = dst->featured != NULL;
		for (size_t i = 0; ok && i < src->featured_count; i++) {
			dst->featured_count++;
			dst->featured[i].number = src->featured[i].number;
			dst->featured[i].product_id = olc_strdup(src->featured[i].product_id);
			dst->featured[i].title = olc_strdup(src->featured[i].title);
			ok = dst->featured[i].product_id && (!src->featured[i].title || dst->featured[i].title);
		}
	}
	if (!ok)
		olc_journal_record_free(dst);
	return ok;
}

static void set_text(json_t *o, const char *key, const char *text)
{
	if (text)
		json_object_set_new(o, key, json_string(text));
}

char *olc_journal_line(const struct olc_journal_record *r, size_t *len)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "t", json_string(kind_names[r->kind]));
	json_object_set_new(o, "s", json_integer(r->session));
	json_object_set_new(o, "at", json_integer(r->at_ms));
	switch (r->kind) {
	case OLC_JOURNAL_START:
		json_object_set_new(o, "cur", json_string(r->currency));
		break;
	case OLC_JOURNAL_END:
		break;
	case OLC_JOURNAL_FEATURE: {
		json_t *items = json_array();
		for (size_t i = 0; i < r->featured_count; i++) {
			json_t *item = json_object();
			set_text(item, "id", r->featured[i].product_id);
			set_text(item, "title", r->featured[i].title);
			if (r->featured[i].number)
				json_object_set_new(item, "n", json_integer(r->featured[i].number));
			json_array_append_new(items, item);
		}
		json_object_set_new(o, "items", items);
		break;
	}
	case OLC_JOURNAL_ORDER:
		set_text(o, "id", r->order_id);
		set_text(o, "p", r->product_id);
		set_text(o, "title", r->title);
		json_object_set_new(o, "q", json_integer(r->quantity));
		json_object_set_new(o, "total", json_integer(r->total.minor));
		json_object_set_new(o, "cur", json_string(r->total.currency));
		if (r->test)
			json_object_set_new(o, "test", json_true());
		if (r->placed_ms)
			json_object_set_new(o, "placed", json_integer(r->placed_ms));
		break;
	}
	/* Compact JSON escapes every control character, so the line has no newline or tab of its own. */
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return NULL;
	const size_t text_len = strlen(text);
	char *line = malloc(text_len + 1 + HASH_DIGITS + 2);
	if (line) {
		memcpy(line, text, text_len);
		snprintf(line + text_len, 1 + HASH_DIGITS + 2, "\t%016" PRIx64 "\n",
			 olc_fnv1a(OLC_FNV1A_BASIS, text, text_len));
		*len = text_len + 1 + HASH_DIGITS + 1;
	}
	free(text);
	return line;
}

static bool take_text(json_t *o, const char *key, char **out, bool required)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return !required;
	if (!json_is_string(v))
		return false;
	*out = olc_strdup(json_string_value(v));
	return *out != NULL;
}

static bool take_int(json_t *o, const char *key, int64_t *out, bool required)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return !required;
	if (!json_is_integer(v))
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

static bool take_currency(json_t *o, char currency[4])
{
	json_t *v = json_object_get(o, "cur");
	if (!json_is_string(v) || json_string_length(v) > 3)
		return false;
	memcpy(currency, json_string_value(v), json_string_length(v) + 1);
	return true;
}

/* The record in one line's JSON (without its hash); false when it is not one. */
static bool parse_record(const char *text, size_t len, struct olc_journal_record *r)
{
	memset(r, 0, sizeof(*r));
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	const char *t = json_string_value(json_object_get(o, "t"));
	bool ok = t != NULL && take_int(o, "s", &r->session, true) && take_int(o, "at", &r->at_ms, true);
	int kind = -1;
	for (int i = 0; ok && i < 4; i++)
		if (strcmp(t, kind_names[i]) == 0)
			kind = i;
	ok = ok && kind >= 0;
	if (ok)
		r->kind = (enum olc_journal_kind)kind;
	if (ok && r->kind == OLC_JOURNAL_START)
		ok = take_currency(o, r->currency);
	if (ok && r->kind == OLC_JOURNAL_FEATURE) {
		json_t *items = json_object_get(o, "items");
		ok = json_is_array(items);
		size_t n = ok ? json_array_size(items) : 0;
		if (n) {
			r->featured = calloc(n, sizeof(*r->featured));
			ok = r->featured != NULL;
		}
		for (size_t i = 0; ok && i < n; i++) {
			json_t *item = json_array_get(items, i);
			int64_t number = 0;
			r->featured_count++;
			ok = json_is_object(item) && take_text(item, "id", &r->featured[i].product_id, true) &&
			     take_text(item, "title", &r->featured[i].title, false) && take_int(item, "n", &number, false) &&
			     number >= 0 && number <= INT32_MAX;
			r->featured[i].number = (int)number;
		}
	}
	if (ok && r->kind == OLC_JOURNAL_ORDER) {
		int64_t q = 0;
		ok = take_text(o, "id", &r->order_id, true) && take_text(o, "p", &r->product_id, true) &&
		     take_text(o, "title", &r->title, false) && take_int(o, "q", &q, true) && q >= 0 && q <= INT32_MAX &&
		     take_int(o, "total", &r->total.minor, true) && take_currency(o, r->total.currency) &&
		     take_int(o, "placed", &r->placed_ms, false);
		r->quantity = (int)q;
		r->test = json_is_true(json_object_get(o, "test"));
	}
	json_decref(o);
	if (!ok)
		olc_journal_record_free(r);
	return ok;
}

void olc_journal_contents_free(struct olc_journal_contents *c)
{
	for (size_t i = 0; i < c->count; i++)
		olc_journal_record_free(&c->records[i]);
	free(c->records);
	memset(c, 0, sizeof(*c));
}

static bool hash_matches(const char *text, size_t text_len, const char *digits)
{
	char want[HASH_DIGITS + 1];
	snprintf(want, sizeof(want), "%016" PRIx64, olc_fnv1a(OLC_FNV1A_BASIS, text, text_len));
	return memcmp(want, digits, HASH_DIGITS) == 0;
}

bool olc_journal_parse(const char *bytes, size_t len, struct olc_journal_contents *out)
{
	memset(out, 0, sizeof(*out));
	size_t capacity = 0;
	for (size_t pos = 0; pos < len;) {
		const char *line = bytes + pos;
		const char *nl = memchr(line, '\n', len - pos);
		if (!nl) {
			out->damaged++; /* the last line, cut before its end */
			break;
		}
		const size_t line_len = (size_t)(nl - line);
		pos += line_len + 1;
		struct olc_journal_record r;
		if (line_len < 2 + HASH_DIGITS || line[line_len - HASH_DIGITS - 1] != '\t' ||
		    !hash_matches(line, line_len - HASH_DIGITS - 1, line + line_len - HASH_DIGITS) ||
		    !parse_record(line, line_len - HASH_DIGITS - 1, &r)) {
			out->damaged++;
			continue;
		}
		if (out->count == capacity) {
			size_t grown = capacity ? capacity * 2 : 256;
			struct olc_journal_record *bigger = realloc(out->records, grown * sizeof(*bigger));
			if (!bigger) {
				olc_journal_record_free(&r);
				olc_journal_contents_free(out);
				return false;
			}
			out->records = bigger;
			capacity = grown;
		}
		out->records[out->count++] = r;
		out->whole_len = pos;
	}
	return true;
}

bool olc_journal_read_file(const char *path, struct olc_journal_contents *out, struct olc_error *err)
{
	memset(out, 0, sizeof(*out));
	if (olc_file_mtime(path) < 0)
		return true; /* no journal yet */
	char *bytes = NULL;
	size_t len = 0;
	/* A little over the cap: the last record may have been written past it. */
	if (!olc_file_read_all(path, OLC_JOURNAL_MAX_BYTES + (1u << 20), &bytes, &len, err))
		return false;
	bool ok = olc_journal_parse(bytes, len, out);
	free(bytes);
	if (!ok)
		olc_error_set(err, "%s: out of memory while reading", olc_file_name(path));
	return ok;
}

/* ---- the journal ---- */

struct olc_journal {
	char *path;
	uint64_t max_bytes;
	int64_t (*now_ms)(void);

	struct olc_mutex lock;
	struct olc_cond wake; /* the worker: something to write, or stop */
	struct olc_cond done; /* waiters: loaded, or written and synced further */
	struct olc_thread worker;
	bool stopping, loaded, dirty;
	bool urgent; /* a flush waits: fsync without waiting for the next second */

	struct olc_journal_record *records; /* everything, in order: read back, then appended */
	size_t count, capacity;
	size_t written;     /* records[0..written) went to the file (or were refused by it) */
	size_t synced_upto; /* and records[0..synced_upto) are flushed to the disk too */
	int64_t running, newest_id;

	struct olc_append_file *file; /* NULL until loaded, or when it cannot be opened */
	struct olc_error error;
	bool full;
};

static int64_t system_now(void)
{
	return olc_clock_unix_ms();
}

/* Writes records[written..count) to the file, on the worker. The lines are made with the lock
 * held (a few microseconds each) and written without it, so appends never wait on the disk. */
static void write_pending(struct olc_journal *j)
{
	char *batch = NULL;
	size_t batch_len = 0, batch_capacity = 0;
	const uint64_t size = j->file ? olc_append_size(j->file) : 0;
	while (j->written < j->count && batch_len < (1u << 20)) {
		const struct olc_journal_record *r = &j->records[j->written++];
		if (!j->file || j->full)
			continue;
		size_t len = 0;
		char *line = olc_journal_line(r, &len);
		if (line && batch_len + len > batch_capacity) {
			char *bigger = realloc(batch, batch_len + len + 4096);
			if (bigger) {
				batch = bigger;
				batch_capacity = batch_len + len + 4096;
			} else {
				free(line);
				line = NULL;
			}
		}
		if (!line) {
			olc_error_set(&j->error, "%s: out of memory while writing a record", olc_file_name(j->path));
			continue;
		}
		if (size + batch_len + len > j->max_bytes) {
			j->full = true;
			olc_error_set(&j->error,
				      "the sales journal %s is full (%" PRIu64 " KB): later sales are in this run's report "
				      "but not kept; export the report, then move the file away to start a new one",
				      olc_file_name(j->path), j->max_bytes >> 10);
		} else {
			memcpy(batch + batch_len, line, len);
			batch_len += len;
		}
		free(line);
	}
	if (!batch_len) {
		free(batch);
		return;
	}
	struct olc_append_file *file = j->file;
	olc_mutex_unlock(&j->lock);
	struct olc_error err = {""};
	bool wrote = olc_append_write(file, batch, batch_len, &err);
	/* A full disk may take part of the batch: keep its whole records and cut the torn one off, so
	 * the next write does not glue a record to it. */
	if (!wrote) {
		size_t taken = (size_t)(olc_append_size(file) - size), whole = 0;
		for (size_t i = 0; i < taken && i < batch_len; i++)
			if (batch[i] == '\n')
				whole = i + 1;
		olc_append_cut(file, size + whole, NULL);
	}
	free(batch);
	olc_mutex_lock(&j->lock);
	if (wrote && !j->full)
		olc_error_clear(&j->error);
	else if (!wrote)
		j->error = err;
	j->dirty = true;
}

static bool keep(struct olc_journal *j, const struct olc_journal_record *r)
{
	if (j->count == j->capacity) {
		size_t grown = j->capacity ? j->capacity * 2 : 256;
		struct olc_journal_record *bigger = realloc(j->records, grown * sizeof(*bigger));
		if (!bigger)
			return false;
		j->records = bigger;
		j->capacity = grown;
	}
	if (!olc_journal_record_copy(&j->records[j->count], r))
		return false;
	j->count++;
	return true;
}

/* Makes the folder of the journal. */
static void make_folder(const char *path)
{
	const char *name = olc_file_name(path);
	if (name == path)
		return;
	size_t dir_len = (size_t)(name - path) - 1;
	char *dir = malloc(dir_len + 1);
	if (!dir)
		return;
	memcpy(dir, path, dir_len);
	dir[dir_len] = '\0';
	olc_mkdirs(dir);
	free(dir);
}

/* Reads the file, then puts what was read before what was appended meanwhile. */
static void load(struct olc_journal *j)
{
	struct olc_journal_contents c;
	struct olc_error err = {""};
	make_folder(j->path);
	bool read = olc_journal_read_file(j->path, &c, &err);
	struct olc_append_file *file = NULL;
	if (read)
		file = olc_append_open(j->path, c.whole_len, &err);

	olc_mutex_lock(&j->lock);
	if (read) {
		/* Records read first, then the ones appended while reading. */
		struct olc_journal_record *merged = malloc((c.count + j->count + 1) * sizeof(*merged));
		if (merged) {
			/* A new journal reads no records (c.records NULL), and memcpy must not be given NULL. */
			if (c.count)
				memcpy(merged, c.records, c.count * sizeof(*merged));
			if (j->count)
				memcpy(merged + c.count, j->records, j->count * sizeof(*merged));
			free(j->records);
			free(c.records);
			j->records = merged;
			j->capacity = c.count + j->count + 1;
			j->written = c.count;
			j->count += c.count;
			for (size_t i = 0; i < c.count; i++)
				if (j->records[i].session > j->newest_id)
					j->newest_id = j->records[i].session;
			/* A session the last run left open ends at its last record: a crash loses what came
			 * after it. Written before what this run appended. */
			int64_t open = 0, last_at = 0;
			for (size_t i = 0; i < c.count; i++) {
				const struct olc_journal_record *r = &j->records[i];
				if (r->kind == OLC_JOURNAL_START)
					open = r->session;
				else if (r->kind == OLC_JOURNAL_END && r->session == open)
					open = 0;
				if (r->session == open)
					last_at = r->at_ms;
			}
			if (open && open != j->running) {
				struct olc_journal_record end = {.kind = OLC_JOURNAL_END, .session = open, .at_ms = last_at};
				if (keep(j, &end)) {
					/* Move it before this run's records. */
					struct olc_journal_record moved = j->records[j->count - 1];
					memmove(&j->records[c.count + 1], &j->records[c.count],
						(j->count - 1 - c.count) * sizeof(moved));
					j->records[c.count] = moved;
				}
			}
		} else {
			olc_journal_contents_free(&c);
			olc_error_set(&err, "out of memory while reading the sales journal");
		}
	}
	j->file = file;
	if (!read || !file)
		j->error = err;
	j->loaded = true;
	olc_cond_broadcast(&j->done);
	olc_mutex_unlock(&j->lock);
}

static void *journal_worker(void *arg)
{
	struct olc_journal *j = arg;
	load(j);
	int64_t last_sync = 0;
	olc_mutex_lock(&j->lock);
	for (;;) {
		if (j->written < j->count) {
			write_pending(j);
			continue;
		}
		const int64_t now = olc_clock_mono_ms();
		if (j->dirty && j->file && (now - last_sync >= SYNC_EVERY_MS || j->urgent)) {
			/* At most one fsync a second: a power cut loses at most the last second. */
			j->dirty = false;
			j->urgent = false;
			struct olc_append_file *file = j->file;
			olc_mutex_unlock(&j->lock);
			struct olc_error err = {""};
			bool synced = olc_append_sync(file, &err);
			olc_mutex_lock(&j->lock);
			if (!synced)
				j->error = err;
			last_sync = now;
			continue;
		}
		j->synced_upto = j->dirty ? j->synced_upto : j->written;
		olc_cond_broadcast(&j->done);
		if (j->stopping)
			break;
		olc_cond_wait_until(&j->wake, &j->lock, j->dirty ? last_sync + SYNC_EVERY_MS : now + 60000);
	}
	olc_mutex_unlock(&j->lock);
	return NULL;
}

struct olc_journal *olc_journal_create(const struct olc_journal_config *cfg, struct olc_error *err)
{
	struct olc_journal *j = calloc(1, sizeof(*j));
	if (!j || !(j->path = olc_strdup(cfg->path))) {
		free(j);
		olc_error_set(err, "out of memory while starting the sales journal");
		return NULL;
	}
	j->max_bytes = cfg->max_bytes ? cfg->max_bytes : OLC_JOURNAL_MAX_BYTES;
	j->now_ms = cfg->now_ms ? cfg->now_ms : system_now;
	olc_mutex_init(&j->lock);
	olc_cond_init(&j->wake);
	olc_cond_init(&j->done);
	if (!olc_thread_start(&j->worker, journal_worker, j)) {
		olc_error_set(err, "the sales journal could not start its thread");
		olc_cond_destroy(&j->wake);
		olc_cond_destroy(&j->done);
		olc_mutex_destroy(&j->lock);
		free(j->path);
		free(j);
		return NULL;
	}
	return j;
}

void olc_journal_destroy(struct olc_journal *j)
{
	if (!j)
		return;
	olc_mutex_lock(&j->lock);
	j->stopping = true;
	olc_cond_broadcast(&j->wake);
	olc_mutex_unlock(&j->lock);
	olc_thread_join(&j->worker);
	if (j->file) {
		olc_append_sync(j->file, NULL);
		olc_append_close(j->file);
	}
	for (size_t i = 0; i < j->count; i++)
		olc_journal_record_free(&j->records[i]);
	free(j->records);
	olc_cond_destroy(&j->wake);
	olc_cond_destroy(&j->done);
	olc_mutex_destroy(&j->lock);
	free(j->path);
	free(j);
}

bool olc_journal_loaded(struct olc_journal *j)
{
	olc_mutex_lock(&j->lock);
	bool loaded = j->loaded;
	olc_mutex_unlock(&j->lock);
	return loaded;
}

bool olc_journal_wait_loaded(struct olc_journal *j, int64_t timeout_ms)
{
	const int64_t due = olc_clock_mono_ms() + timeout_ms;
	olc_mutex_lock(&j->lock);
	while (!j->loaded && olc_clock_mono_ms() < due)
		olc_cond_wait_until(&j->done, &j->lock, due);
	bool loaded = j->loaded;
	olc_mutex_unlock(&j->lock);
	return loaded;
}

bool olc_journal_flush(struct olc_journal *j, int64_t timeout_ms)
{
	const int64_t due = olc_clock_mono_ms() + timeout_ms;
	olc_mutex_lock(&j->lock);
	const size_t upto = j->count;
	/* The worker may be waiting for the next second to fsync: have it flush now. */
	j->urgent = true;
	olc_cond_signal(&j->wake);
	while ((!j->loaded || j->synced_upto < upto) && olc_clock_mono_ms() < due)
		olc_cond_wait_until(&j->done, &j->lock, due);
	bool flushed = j->loaded && j->synced_upto >= upto;
	olc_mutex_unlock(&j->lock);
	return flushed;
}

static void append_locked(struct olc_journal *j, const struct olc_journal_record *r)
{
	if (!keep(j, r)) {
		olc_error_set(&j->error, "out of memory: a sales record was lost");
		return;
	}
	olc_cond_signal(&j->wake);
}

void olc_journal_append(struct olc_journal *j, const struct olc_journal_record *r)
{
	olc_mutex_lock(&j->lock);
	append_locked(j, r);
	olc_mutex_unlock(&j->lock);
}

int64_t olc_journal_start_session(struct olc_journal *j, const char *currency)
{
	olc_mutex_lock(&j->lock);
	if (!j->running) {
		int64_t now = j->now_ms();
		/* Unique and increasing even when the clock goes back or two start in one millisecond;
		 * the newest id read back is known only once loaded, so a start before that may collide
		 * with an older id only if the clock went back across runs. */
		j->running = now > j->newest_id ? now : j->newest_id + 1;
		j->newest_id = j->running;
		struct olc_journal_record r = {.kind = OLC_JOURNAL_START, .session = j->running, .at_ms = now};
		snprintf(r.currency, sizeof(r.currency), "%s", currency ? currency : "");
		append_locked(j, &r);
	}
	int64_t id = j->running;
	olc_mutex_unlock(&j->lock);
	return id;
}

void olc_journal_end_session(struct olc_journal *j)
{
	olc_mutex_lock(&j->lock);
	if (j->running) {
		struct olc_journal_record r = {.kind = OLC_JOURNAL_END, .session = j->running, .at_ms = j->now_ms()};
		append_locked(j, &r);
		j->running = 0;
	}
	olc_mutex_unlock(&j->lock);
}

int64_t olc_journal_now(struct olc_journal *j)
{
	return j->now_ms();
}

int64_t olc_journal_running(struct olc_journal *j)
{
	olc_mutex_lock(&j->lock);
	int64_t id = j->running;
	olc_mutex_unlock(&j->lock);
	return id;
}

void olc_journal_error(struct olc_journal *j, struct olc_error *out)
{
	olc_mutex_lock(&j->lock);
	*out = j->error;
	olc_mutex_unlock(&j->lock);
}

bool olc_journal_report(struct olc_journal *j, struct olc_report *out, struct olc_error *err)
{
	olc_mutex_lock(&j->lock);
	bool ok = olc_report_build(j->records, j->count, j->running, j->now_ms(), out, err);
	olc_mutex_unlock(&j->lock);
	return ok;
}
