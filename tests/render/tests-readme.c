/* The README is the user's contract: for each source it documents, every setting key it names must be
 * a setting of that source, and every default it states must be what the source's get_defaults sets
 * (obs_get_source_defaults, the module loaded in libobs). The README is read here, not copied: when
 * either side drifts, this fails.
 *
 * What is read, under each "### ... (`live_commerce_...`)" heading up to the next heading:
 *   - tables with "Setting key" and "Default" columns: the keys cell names one or more `keys`, the
 *     default cell one value per key, comma-separated (a single value belongs to the first key only:
 *     "`custom_accent`, `accent_color` | off");
 *   - a "Keys:" paragraph: `key` (N ...) states the default N; `key` (`a`, `b`) lists the choices,
 *     the first being the default; `key` N inside a phrase ("the card's look keys (`width` 640)")
 *     states N; a `key` alone is only checked to exist.
 * Default words: `""` or "look's ..." (the look's own: the empty string), `word` or word (that text, or
 * that number), numbers, on and off, black and white (opaque colours), "Text" in the UI language (the
 * en-US text the harness runs with). Anything else fails as unreadable, so the README stays checkable. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "vendor-stub.h"
#include "api/vendor-requests.h"

#include <obs.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 64

struct documented {
	char key[64];
	char value[160]; /* the stated default, as written; "" when none is stated */
};

struct section {
	char id[64];
	struct documented keys[MAX_KEYS];
	size_t count;
};

static void add_key(struct section *s, const char *key, size_t key_len, const char *value, size_t value_len)
{
	if (s->count >= MAX_KEYS || key_len >= sizeof(s->keys[0].key))
		return;
	struct documented *d = &s->keys[s->count++];
	snprintf(d->key, sizeof(d->key), "%.*s", (int)key_len, key);
	while (value_len && isspace((unsigned char)*value)) {
		value++;
		value_len--;
	}
	while (value_len && isspace((unsigned char)value[value_len - 1]))
		value_len--;
	snprintf(d->value, sizeof(d->value), "%.*s", (int)value_len, value);
}

/* The cells of a table row "| a | b | c |", trimmed, in place; returns how many. */
static size_t split_row(char *line, char **cells, size_t max)
{
	size_t n = 0;
	char *p = strchr(line, '|');
	while (p && n < max) {
		char *end = strchr(p + 1, '|');
		if (!end)
			break;
		*end = '\0';
		char *cell = p + 1;
		while (isspace((unsigned char)*cell))
			cell++;
		char *last = cell + strlen(cell);
		while (last > cell && isspace((unsigned char)last[-1]))
			*--last = '\0';
		cells[n++] = cell;
		p = end;
	}
	return n;
}

/* A table row: the keys cell's `keys`, each with its part of the default cell. */
static void read_table_row(struct section *s, const char *keys, const char *defaults)
{
	const char *parts[MAX_KEYS];
	size_t part_len[MAX_KEYS];
	size_t n_parts = 0;
	for (const char *p = defaults; *p && n_parts < MAX_KEYS;) {
		const char *comma = strstr(p, ", ");
		const size_t len = comma ? (size_t)(comma - p) : strlen(p);
		parts[n_parts] = p;
		part_len[n_parts++] = len;
		p = comma ? comma + 2 : p + len;
	}
	size_t k = 0;
	for (const char *p = strchr(keys, '`'); p; k++) {
		const char *end = strchr(p + 1, '`');
		if (!end)
			break;
		const bool has = k < n_parts;
		add_key(s, p + 1, (size_t)(end - p - 1), has ? parts[k] : "", has ? part_len[k] : 0);
		p = strchr(end + 1, '`');
	}
}

/* A "Keys:" paragraph. */
static void read_keys_paragraph(struct section *s, const char *text)
{
	const char *p = text;
	while ((p = strchr(p, '`')) != NULL) {
		const char *end = strchr(p + 1, '`');
		if (!end)
			return;
		const char *key = p + 1;
		const size_t key_len = (size_t)(end - key);
		const char *after = end + 1;
		if (after[0] == ' ' && after[1] == '(') {
			/* The parenthesised default or choices. */
			const char *group = after + 2;
			const char *close = strchr(group, ')');
			if (!close)
				return;
			if (group[0] == '`') {
				const char *choice_end = strchr(group + 1, '`');
				add_key(s, key, key_len, group, choice_end ? (size_t)(choice_end - group + 1) : 0);
			} else if (isdigit((unsigned char)group[0]) || group[0] == '-') {
				size_t len = 0;
				while (isdigit((unsigned char)group[len]) || group[len] == '.' || group[len] == '-')
					len++;
				add_key(s, key, key_len, group, len);
			} else {
				add_key(s, key, key_len, "", 0);
			}
			p = close + 1;
		} else if (after[0] == ' ' && isdigit((unsigned char)after[1])) {
			size_t len = 0;
			while (isdigit((unsigned char)after[1 + len]) || after[1 + len] == '.')
				len++;
			add_key(s, key, key_len, after + 1, len);
			p = after + 1 + len;
		} else {
			add_key(s, key, key_len, "", 0);
			p = after;
		}
	}
}

/* Every documented source of the README, in order; returns how many (at most max). */
static size_t read_readme(const char *path, struct section *sections, size_t max)
{
	char *text = os_quick_read_utf8_file(path);
	if (!text)
		return 0;
	size_t n = 0;
	struct section *current = NULL;
	int key_col = -1, default_col = -1;
	struct dstr para = {0};
	bool in_keys = false;

	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (in_keys && (!*line || line[0] == '#' || line[0] == '|')) {
			read_keys_paragraph(current, para.array);
			in_keys = false;
		}
		if (line[0] == '#') {
			current = NULL;
			key_col = default_col = -1;
			const char *id = strstr(line, "(`live_commerce_");
			if (line[1] == '#' && line[2] == '#' && line[3] == ' ' && id && n < max) {
				current = &sections[n++];
				memset(current, 0, sizeof(*current));
				const char *start = id + 2;
				const char *end = strchr(start, '`');
				snprintf(current->id, sizeof(current->id), "%.*s", end ? (int)(end - start) : 0, start);
			}
			continue;
		}
		if (!current)
			continue;
		if (in_keys) {
			dstr_cat_ch(&para, ' ');
			dstr_cat(&para, line);
			continue;
		}
		const char *keys = strstr(line, "Keys:");
		if (keys) {
			dstr_copy(&para, keys);
			in_keys = true;
			continue;
		}
		if (line[0] != '|') {
			key_col = default_col = -1;
			continue;
		}
		char *cells[16];
		const size_t count = split_row(line, cells, 16);
		if (count && strncmp(cells[0], "---", 3) == 0)
			continue;
		if (key_col < 0) {
			for (size_t i = 0; i < count; i++) {
				if (strcmp(cells[i], "Setting key") == 0)
					key_col = (int)i;
				else if (strcmp(cells[i], "Default") == 0)
					default_col = (int)i;
			}
			if (key_col < 0 || default_col < 0)
				key_col = default_col = -1;
			continue;
		}
		if ((size_t)key_col < count && (size_t)default_col < count)
			read_table_row(current, cells[key_col], cells[default_col]);
	}
	if (in_keys && current)
		read_keys_paragraph(current, para.array);
	dstr_free(&para);
	bfree(text);
	return n;
}

/* A stated default as what a setting of this type holds: fills exactly one of *text, *number, *flag
 * and returns which type it is, or OBS_DATA_NULL when the words are not ones this test reads. */
static enum obs_data_type read_default(const char *stated, enum obs_data_type type, char *text, size_t text_len,
				       double *number, bool *flag)
{
	char word[160];
	snprintf(word, sizeof(word), "%s", stated);
	/* "`1` (M)": the value before an explanation in parentheses. */
	char *paren = strstr(word, " (");
	if (paren)
		*paren = '\0';
	bool quoted = false;
	if (word[0] == '`') {
		char *end = strchr(word + 1, '`');
		if (!end)
			return OBS_DATA_NULL;
		*end = '\0';
		memmove(word, word + 1, strlen(word + 1) + 1);
		quoted = true;
	}
	if (strcmp(word, "\"\"") == 0 || strstr(word, "look's")) {
		/* Empty: the look's own (fonts), or nothing. */
		snprintf(text, text_len, "%s", "");
		return OBS_DATA_STRING;
	}
	if (word[0] == '"') {
		/* "Scan to buy" in the UI language: the en-US text. */
		const char *end = strchr(word + 1, '"');
		if (!end)
			return OBS_DATA_NULL;
		snprintf(text, text_len, "%.*s", (int)(end - word - 1), word + 1);
		return OBS_DATA_STRING;
	}
	if (type == OBS_DATA_BOOLEAN && !quoted && (strcmp(word, "on") == 0 || strcmp(word, "off") == 0)) {
		*flag = strcmp(word, "on") == 0;
		return OBS_DATA_BOOLEAN;
	}
	if (type == OBS_DATA_NUMBER && (strcmp(word, "black") == 0 || strcmp(word, "white") == 0)) {
		*number = strcmp(word, "black") == 0 ? (double)0xFF000000u : (double)0xFFFFFFFFu;
		return OBS_DATA_NUMBER;
	}
	char *end = NULL;
	const double v = strtod(word, &end);
	if (type == OBS_DATA_NUMBER && end != word && *end == '\0') {
		*number = v;
		return OBS_DATA_NUMBER;
	}
	if (type == OBS_DATA_STRING && word[0]) {
		for (const char *c = word; *c; c++) {
			if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
				return OBS_DATA_NULL;
		}
		snprintf(text, text_len, "%s", word);
		return OBS_DATA_STRING;
	}
	return OBS_DATA_NULL;
}

/* A disagreement between the README and the module: every one goes to stderr (the render log), the
 * first is the test's reason. */
static bool drift(struct rt_ctx *t, const char *fmt, ...)
{
	char line[512];
	va_list args;
	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	fprintf(stderr, "README drift: %s\n", line);
	return rt_fail(t, "%s (every disagreement: \"README drift\" lines on stderr)", line);
}

/* One documented key against the source's defaults and properties. */
static bool check_key(struct rt_ctx *t, const char *id, obs_data_t *defaults, obs_properties_t *props,
		      const struct documented *d)
{
	if (!obs_properties_get(props, d->key))
		return drift(t, "README documents `%s` for %s; the source has no such setting", d->key, id);
	if (!d->value[0])
		return true;
	obs_data_item_t *item = obs_data_item_byname(defaults, d->key);
	const enum obs_data_type type = item ? obs_data_item_gettype(item) : OBS_DATA_NULL;
	char text[160] = "";
	double number = 0;
	bool flag = false;
	bool ok = true;
	const enum obs_data_type stated = read_default(d->value, type, text, sizeof(text), &number, &flag);
	if ((!item || !obs_data_item_has_default_value(item)) &&
	    read_default(d->value, OBS_DATA_STRING, text, sizeof(text), &number, &flag) == OBS_DATA_STRING &&
	    !text[0]) {
		/* No default and an empty one are the same to OBS: the setting reads "". */
	} else if (!item || !obs_data_item_has_default_value(item)) {
		ok = drift(t, "README says %s's `%s` defaults to %s; get_defaults sets no default for it", id, d->key,
			   d->value);
	} else if (stated == OBS_DATA_NULL || stated != type) {
		ok = drift(t, "README's default for %s's `%s` (%s) is not a value this test reads as a %s", id, d->key,
			   d->value,
			   type == OBS_DATA_STRING    ? "text"
			   : type == OBS_DATA_NUMBER  ? "number"
			   : type == OBS_DATA_BOOLEAN ? "switch"
						      : "setting");
	} else if (type == OBS_DATA_STRING) {
		const char *got = obs_data_item_get_default_string(item);
		if (strcmp(got ? got : "", text) != 0)
			ok = drift(t, "%s's `%s`: README says %s, get_defaults sets \"%s\"", id, d->key, d->value,
				   got ? got : "");
	} else if (type == OBS_DATA_BOOLEAN) {
		if (obs_data_item_get_default_bool(item) != flag)
			ok = drift(t, "%s's `%s`: README says %s, get_defaults sets %s", id, d->key, d->value,
				   obs_data_item_get_default_bool(item) ? "on" : "off");
	} else {
		const bool is_int = obs_data_item_numtype(item) == OBS_DATA_NUM_INT;
		const double got =
			is_int ? (double)obs_data_item_get_default_int(item) : obs_data_item_get_default_double(item);
		if (got != number)
			ok = drift(t, "%s's `%s`: README says %s, get_defaults sets %g", id, d->key, d->value, got);
	}
	obs_data_item_release(&item);
	return ok;
}

/* Every source the README documents, every key it names and every default it states. */
static bool test_defaults_match_readme(struct rt_ctx *t)
{
	static struct section sections[8];
	const size_t n = read_readme(OLC_README, sections, 8);
	if (n != 5)
		return rt_fail(t,
			       "README.md (%s) documents %zu sources under \"### ... (`live_commerce_...`)\" "
			       "headings, expected the 5 the module registers",
			       OLC_README, n);
	size_t defaults_checked = 0;
	for (size_t i = 0; i < n; i++) {
		const struct section *s = &sections[i];
		if (!harness_source_type_exists(s->id)) {
			drift(t, "README documents %s, which the module does not register", s->id);
			continue;
		}
		if (s->count == 0)
			drift(t, "README lists no setting key for %s", s->id);
		obs_data_t *defaults = obs_get_source_defaults(s->id);
		obs_properties_t *props = obs_get_source_properties(s->id);
		for (size_t k = 0; k < s->count; k++) {
			check_key(t, s->id, defaults, props, &s->keys[k]);
			defaults_checked += s->keys[k].value[0] != '\0';
		}
		obs_properties_destroy(props);
		obs_data_release(defaults);
	}
	/* The reading itself works: the tables and the Keys: paragraphs state dozens of defaults. */
	if (defaults_checked < 30)
		rt_fail(t, "only %zu defaults read from README.md; its tables or Keys: paragraphs changed shape",
			defaults_checked);
	return t->reason[0] == '\0';
}

/* ---- the vendor request reference ------------------------------------------------------------------
 *
 * The README's table under "### obs-websocket vendor `live-commerce`" (columns Request, Data, Response)
 * against the module's request table (plugin/api/vendor-requests.c, compiled into this test as into the
 * module; the loaded module's registered requests are checked to be the same ones). A row per request:
 *   - Request: `Name`;
 *   - Data: its fields in the table's order, "; " between them, each `name`, then " (required)",
 *     " (one of)" or " (at most one of)" unless optional, then ": " and the rule in the words of the
 *     errors (olc_field_describe); a list adds ", each {" and its items' fields "}". Empty: no fields;
 *   - Response: the table's words.
 * Backticks are for the reader and are not compared. */

#define MAX_REQUESTS 32

struct request_row {
	char name[64];
	char data[1024];
	char response[512];
};

/* Copies text without backticks, its runs of spaces made one. */
static void plain(char *out, size_t size, const char *text)
{
	size_t n = 0;
	for (const char *c = text; *c && n + 1 < size; c++) {
		if (*c == '`' || (*c == ' ' && n > 0 && out[n - 1] == ' '))
			continue;
		out[n++] = *c;
	}
	out[n] = '\0';
}

/* The rows of the request table; returns how many (at most max), or 0 without the table. */
static size_t read_request_rows(const char *path, struct request_row *rows, size_t max)
{
	char *text = os_quick_read_utf8_file(path);
	if (!text)
		return 0;
	size_t n = 0;
	bool in_section = false, in_table = false;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#') {
			in_section = strstr(line, "vendor `live-commerce`") != NULL;
			in_table = false;
			continue;
		}
		if (!in_section)
			continue;
		if (line[0] != '|') {
			if (in_table)
				break; /* the first table of the section only */
			continue;
		}
		char *cells[8];
		const size_t count = split_row(line, cells, 8);
		if (!in_table) {
			in_table = count == 3 && strcmp(cells[0], "Request") == 0 && strcmp(cells[1], "Data") == 0 &&
				   strcmp(cells[2], "Response") == 0;
			continue;
		}
		if (count && strncmp(cells[0], "---", 3) == 0)
			continue;
		if (count != 3 || n >= max)
			continue;
		plain(rows[n].name, sizeof(rows[n].name), cells[0]);
		plain(rows[n].data, sizeof(rows[n].data), cells[1]);
		plain(rows[n].response, sizeof(rows[n].response), cells[2]);
		n++;
	}
	bfree(text);
	return n;
}

/* What the README's Data cell says of these fields, without backticks. */
static void describe_fields(struct dstr *out, const struct olc_field *fields)
{
	static const char *const needs[] = {
		[OLC_FIELD_OPTIONAL] = "",
		[OLC_FIELD_REQUIRED] = " (required)",
		[OLC_FIELD_ONE_OF] = " (one of)",
		[OLC_FIELD_AT_MOST_ONE] = " (at most one of)",
	};
	for (const struct olc_field *f = fields; f->name; f++) {
		char rule[160];
		olc_field_describe(f, rule, sizeof(rule));
		dstr_catf(out, "%s%s%s: %s", f == fields ? "" : "; ", f->name, needs[f->need], rule);
		if (f->type == OLC_FIELD_LIST && f->items) {
			dstr_cat(out, ", each {");
			describe_fields(out, f->items);
			dstr_cat(out, "}");
		}
	}
}

static void copy_part(char *out, size_t size, const char *part, size_t len)
{
	if (len)
		snprintf(out, size, "%.*s", (int)len, part);
	else
		snprintf(out, size, "(nothing)");
}

/* The first "; "-separated part where a and b differ, each copied out ("(nothing)" where one has no part). */
static void first_difference(const char *a, const char *b, char *a_part, char *b_part, size_t size)
{
	for (;;) {
		const char *a_end = strstr(a, "; "), *b_end = strstr(b, "; ");
		const size_t a_len = a_end ? (size_t)(a_end - a) : strlen(a);
		const size_t b_len = b_end ? (size_t)(b_end - b) : strlen(b);
		const bool same = a_len == b_len && strncmp(a, b, a_len) == 0;
		if (same && a_end && b_end) {
			a = a_end + 2;
			b = b_end + 2;
			continue;
		}
		if (same) { /* one has more parts */
			a = a_end ? a_end + 2 : "";
			b = b_end ? b_end + 2 : "";
			copy_part(a_part, size, a, strlen(a));
			copy_part(b_part, size, b, strlen(b));
		} else {
			copy_part(a_part, size, a, a_len);
			copy_part(b_part, size, b, b_len);
		}
		return;
	}
}

static const struct request_row *find_row(const struct request_row *rows, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	}
	return NULL;
}

/* Every request of the table has its row, with its fields, types, ranges and answer; no row names a
 * request the module does not have; the module registers exactly the table's requests. */
static bool test_vendor_requests_match_readme(struct rt_ctx *t)
{
	static struct request_row rows[MAX_REQUESTS];
	const size_t n = read_request_rows(OLC_README, rows, MAX_REQUESTS);
	if (n == 0)
		return rt_fail(t,
			       "README.md (%s) has no | Request | Data | Response | table under "
			       "\"### obs-websocket vendor `live-commerce`\"",
			       OLC_README);
	for (size_t i = 0; i < OLC_REQ_COUNT; i++) {
		const struct olc_vendor_request_spec *spec = &olc_vendor_requests[i];
		const struct request_row *row = find_row(rows, n, spec->name);
		if (!row) {
			drift(t, "the vendor request table has no README row for `%s`", spec->name);
			continue;
		}
		struct dstr data = {0};
		describe_fields(&data, spec->fields);
		const char *want = data.array ? data.array : "";
		if (strcmp(row->data, want) != 0) {
			char got_part[256], want_part[256];
			first_difference(row->data, want, got_part, want_part, sizeof(got_part));
			drift(t, "README row `%s`: Data has \"%s\" where the request table has \"%s\"", spec->name,
			      got_part, want_part);
		}
		if (strcmp(row->response, spec->response) != 0)
			drift(t, "README row `%s`: Response reads \"%s\"; the request table says \"%s\"", spec->name,
			      row->response, spec->response);
		dstr_free(&data);
	}
	for (size_t r = 0; r < n; r++) {
		bool known = false;
		for (size_t i = 0; i < OLC_REQ_COUNT && !known; i++)
			known = strcmp(rows[r].name, olc_vendor_requests[i].name) == 0;
		if (!known)
			drift(t, "README row `%s`: the module has no such vendor request", rows[r].name);
	}
	/* The table this test compiled is the one the loaded module registered. */
	char registered[MAX_REQUESTS][64];
	const size_t count = rt_vendor_request_types("live-commerce", registered, MAX_REQUESTS);
	if (count != OLC_REQ_COUNT)
		rt_fail(t, "the loaded module registered %zu vendor requests; its request table has %d", count,
			OLC_REQ_COUNT);
	for (size_t r = 0; r < count && r < MAX_REQUESTS; r++) {
		bool known = false;
		for (size_t i = 0; i < OLC_REQ_COUNT && !known; i++)
			known = strcmp(registered[r], olc_vendor_requests[i].name) == 0;
		if (!known)
			rt_fail(t, "the loaded module registered `%s`, which its request table does not have",
				registered[r]);
	}
	return t->reason[0] == '\0';
}

const struct render_test readme_tests[] = {
	{"README setting keys exist and its defaults are what get_defaults sets", test_defaults_match_readme},
	{"README vendor requests: every request, its fields, types, ranges and answer as the request table has them",
	 test_vendor_requests_match_readme},
	{NULL, NULL},
};
