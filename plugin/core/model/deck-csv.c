/* Decks as CSV (see deck-csv.h). libcsv splits the records; this file maps columns to deck items
 * and says in plain words what is wrong with which row. */
#include "core/model/deck-csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/base/text.h"
#include "core/model/money.h"
#include "core/sys/charset.h"

enum column {
	COL_NUMBER,
	COL_ID,
	COL_SKU,
	COL_TITLE,
	COL_PRICE,
	COL_COUPON,
	COL_COUPON_TEXT,
	COL_TAGS,
	COL_NOTES,
	COL_HIDE_PRICE,
	COL_SCENE,
	COL_COUNT
};

/* English name (the export's header, matched without case) and Chinese name of each column. */
static const struct {
	const char *english;
	const char *chinese;
} column_names[COL_COUNT] = {
	[COL_NUMBER] = {"number", "编号"},
	[COL_ID] = {"id", "商品ID"},
	[COL_SKU] = {"sku", "SKU"},
	[COL_TITLE] = {"title", "标题"},
	[COL_PRICE] = {"stream_price", "直播价"},
	[COL_COUPON] = {"coupon", "优惠券"},
	[COL_COUPON_TEXT] = {"coupon_text", "优惠说明"},
	[COL_TAGS] = {"tags", "标签"},
	[COL_NOTES] = {"notes", "讲解要点"},
	[COL_HIDE_PRICE] = {"hide_price", "隐藏价格"},
	[COL_SCENE] = {"scene", "场景"},
};

/* The columns exported, in this order (sku is not: the deck keeps only the product id). */
static const enum column export_columns[] = {COL_NUMBER, COL_ID,   COL_TITLE,      COL_PRICE, COL_COUPON,
					      COL_COUPON_TEXT, COL_TAGS, COL_HIDE_PRICE, COL_SCENE, COL_NOTES};

void olc_deck_problems_free(struct olc_deck_problems *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->items[i].error);
	free(p->items);
	p->items = NULL;
	p->count = 0;
}

bool olc_deck_problems_add(struct olc_deck_problems *p, size_t row, const char *error)
{
	char *copy = olc_strdup(error);
	struct olc_deck_problem *items = copy ? realloc(p->items, (p->count + 1) * sizeof(*items)) : NULL;
	if (!items) {
		free(copy);
		return false;
	}
	p->items = items;
	p->items[p->count].row = row;
	p->items[p->count].error = copy;
	p->count++;
	return true;
}

/* ---- reading records with libcsv ---- */

struct record {
	char **fields;
	size_t count;
};

struct records {
	struct record *rows;
	size_t count, capacity;
	struct record current;
	bool out_of_memory;
};

static void records_free(struct records *r)
{
	for (size_t i = 0; i < r->count; i++) {
		for (size_t j = 0; j < r->rows[i].count; j++)
			free(r->rows[i].fields[j]);
		free(r->rows[i].fields);
	}
	for (size_t j = 0; j < r->current.count; j++)
		free(r->current.fields[j]);
	free(r->current.fields);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* libcsv: one field (s may be NULL for an empty one; not NUL-terminated without CSV_APPEND_NULL). */
static void on_field(void *s, size_t len, void *data)
{
	struct records *r = data;
	if (r->out_of_memory)
		return;
	char *field = malloc(len + 1);
	char **fields = field ? realloc(r->current.fields, (r->current.count + 1) * sizeof(*fields)) : NULL;
	if (!fields) {
		free(field);
		r->out_of_memory = true;
		return;
	}
	/* A line break inside a cell is LF in Excel's files; a CRLF one (a file passed through a
	 * Windows editor), or CRs piled up before an LF by several such passes, is kept as LF too, so
	 * they all read the same and a deck read, written and read again is the same deck. */
	const char *in = s;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '\r') {
			size_t j = i;
			while (j < len && in[j] == '\r')
				j++;
			if (j < len && in[j] == '\n')
				continue;
		}
		field[n++] = in[i];
	}
	field[n] = '\0';
	r->current.fields = fields;
	r->current.fields[r->current.count++] = field;
}

/* libcsv: the end of a record. */
static void on_record(int terminator, void *data)
{
	(void)terminator;
	struct records *r = data;
	if (r->out_of_memory)
		return;
	if (r->count == r->capacity) {
		size_t capacity = r->capacity ? r->capacity * 2 : 64;
		struct record *rows = realloc(r->rows, capacity * sizeof(*rows));
		if (!rows) {
			r->out_of_memory = true;
			return;
		}
		r->rows = rows;
		r->capacity = capacity;
	}
	r->rows[r->count++] = r->current;
	memset(&r->current, 0, sizeof(r->current));
}

static bool read_records(const char *text, size_t len, struct records *r, struct olc_error *err)
{
	struct csv_parser parser;
	memset(r, 0, sizeof(*r));
	/* Not CSV_STRICT: Excel writes a stray quote inside an unquoted field as it is, and libcsv
	 * then keeps it as text, which is what the user typed. */
	if (csv_init(&parser, 0) != 0) {
		olc_error_set(err, "out of memory");
		return false;
	}
	bool ok = csv_parse(&parser, text, len, on_field, on_record, r) == len &&
		  csv_fini(&parser, on_field, on_record, r) == 0;
	if (!ok && !r->out_of_memory)
		olc_error_set(err, "the file is not CSV (%s)", csv_strerror(csv_error(&parser)));
	csv_free(&parser);
	if (r->out_of_memory) {
		olc_error_set(err, "out of memory");
		ok = false;
	}
	if (!ok)
		records_free(r);
	return ok;
}

/* ---- cells ---- */

static bool blank(const char *s)
{
	for (; *s; s++) {
		if (!isspace((unsigned char)*s))
			return false;
	}
	return true;
}

/* s without spaces (ASCII and the ideographic space U+3000) at either end, in place: the cell
 * itself is trimmed (the second pass over rows without a number reads the cells again). */
static char *trim(char *cell)
{
	char *s = cell;
	for (;;) {
		if (isspace((unsigned char)*s))
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && isspace((unsigned char)s[n - 1]))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	memmove(cell, s, n);
	cell[n] = '\0';
	return cell;
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	}
	return *a == *b;
}

static int column_of(const char *name)
{
	for (int c = 0; c < COL_COUNT; c++) {
		if (ascii_equal_nocase(name, column_names[c].english) || ascii_equal_nocase(name, column_names[c].chinese))
			return c;
	}
	return -1;
}

/* yes/no in the words a spreadsheet user types. -1: not one of them. */
static int parse_flag(const char *s)
{
	static const char *const yes[] = {"yes", "true", "1", "y", "是", "√", NULL};
	static const char *const no[] = {"no", "false", "0", "n", "否", "", NULL};
	for (size_t i = 0; yes[i]; i++) {
		if (ascii_equal_nocase(s, yes[i]))
			return 1;
	}
	for (size_t i = 0; no[i]; i++) {
		if (ascii_equal_nocase(s, no[i]))
			return 0;
	}
	return -1;
}

/* A whole number 1..9999 written with digits only; -1 otherwise. */
static int parse_number(const char *s)
{
	long n = 0;
	if (!*s || strlen(s) > 6)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n >= OLC_DECK_NUMBER_MIN && n <= OLC_DECK_NUMBER_MAX ? (int)n : -1;
}

/* Splits tags on '|' and '、' (in place) and sets them. */
static bool set_tags(struct olc_deck_item *item, char *cell)
{
	const char *tags[64];
	size_t count = 0;
	char *s = cell;
	for (;;) {
		char *bar = strchr(s, '|');
		char *comma = strstr(s, "、");
		char *end = bar && (!comma || bar < comma) ? bar : comma;
		size_t skip = end == bar ? 1 : 3;
		if (end)
			*end = '\0';
		if (count < sizeof(tags) / sizeof(tags[0]))
			tags[count++] = trim(s);
		if (!end)
			break;
		s = end + skip;
	}
	return olc_deck_item_set_tags(item, tags, count);
}

/* ---- rows to items ---- */

struct row_ref {
	size_t row;  /* 1-based record number */
	int number;  /* 0: none given (filled in afterwards) */
	size_t item; /* index in the deck */
};

/* Fills one item from a record; false with why (without the row) on a problem. */
static bool read_row(char **cells, struct olc_deck *deck, int number, struct olc_error *why)
{
	char *id = cells[COL_ID] && *cells[COL_ID] ? cells[COL_ID] : cells[COL_SKU];
	if (!id || !*id) {
		olc_error_set(why, "no product id (fill in the %s column)", "id/商品ID");
		return false;
	}
	struct olc_deck_item *item = olc_deck_append(deck, number, id, why);
	if (!item)
		return false;
	char shown[OLC_EXCERPT_LEN];
	if (cells[COL_PRICE] && *cells[COL_PRICE]) {
		struct olc_money price;
		struct olc_error money_why;
		/* Spreadsheets show money with a sign; the sign of the deck's own currency is fine. */
		const char *text = cells[COL_PRICE];
		if (strncmp(text, "¥", 2) == 0 || strncmp(text, "￥", 3) == 0)
			text += (unsigned char)text[0] == 0xC2 ? 2 : 3;
		if (!olc_money_parse(text, deck->currency, &price, &money_why)) {
			olc_error_set(why, "stream price %s", money_why.text); /* which quotes the price */
			return false;
		}
		if (!olc_deck_item_set_price(deck, item, &price, why))
			return false;
	}
	int hide = cells[COL_HIDE_PRICE] ? parse_flag(cells[COL_HIDE_PRICE]) : 0;
	if (hide < 0) {
		olc_error_set(why, "hide price \"%s\" is not yes or no (是/否)",
			      olc_error_excerpt(shown, sizeof(shown), cells[COL_HIDE_PRICE]));
		return false;
	}
	item->hide_price = hide == 1;
	if (!olc_deck_item_set_title(item, cells[COL_TITLE]) || !olc_deck_item_set_coupon(item, cells[COL_COUPON]) ||
	    !olc_deck_item_set_coupon_text(item, cells[COL_COUPON_TEXT]) ||
	    !olc_deck_item_set_notes(item, cells[COL_NOTES]) || !olc_deck_item_set_scene(item, cells[COL_SCENE]) ||
	    (cells[COL_TAGS] && !set_tags(item, cells[COL_TAGS]))) {
		olc_error_set(why, "out of memory");
		return false;
	}
	return true;
}

/* "row 7: " and the words; a problem of the whole file (row 0) is the words alone. */
static bool add_problem(struct olc_deck_problems *problems, size_t row, const char *text)
{
	char line[sizeof(((struct olc_error *)0)->text) + 32];
	if (row)
		snprintf(line, sizeof(line), "row %zu: %s", row, text);
	else
		snprintf(line, sizeof(line), "%s", text);
	return olc_deck_problems_add(problems, row, line);
}

/* The header: which column each cell is. Problems on row 1. */
static bool read_header(const struct record *header, size_t row, int *columns, struct olc_deck_problems *problems)
{
	bool ok = true, seen[COL_COUNT] = {false};
	for (size_t i = 0; i < header->count; i++) {
		char *name = trim(header->fields[i]);
		columns[i] = *name ? column_of(name) : -1;
		char shown[OLC_EXCERPT_LEN];
		if (*name && columns[i] < 0) {
			char words[256];
			snprintf(words, sizeof(words), "unknown column \"%s\" (expected number, id, sku, title, stream_price, coupon, coupon_text, tags, notes, hide_price, scene or their Chinese names)",
				 olc_error_excerpt(shown, sizeof(shown), name));
			add_problem(problems, row, words);
			ok = false;
		} else if (columns[i] >= 0 && seen[columns[i]]) {
			char words[96];
			snprintf(words, sizeof(words), "the column \"%s\" is there twice",
				 olc_error_excerpt(shown, sizeof(shown), name));
			add_problem(problems, row, words);
			ok = false;
		} else if (columns[i] >= 0) {
			seen[columns[i]] = true;
		}
	}
	if (ok && !seen[COL_ID] && !seen[COL_SKU]) {
		add_problem(problems, row, "there is no id column (id or 商品ID) to say which product each row is");
		ok = false;
	}
	return ok;
}

static bool parse_text(const char *text, size_t len, const char *name, const char *currency, struct olc_deck *deck,
		       struct olc_deck_problems *problems, struct olc_error *err)
{
	struct olc_error why;
	if (!olc_deck_set_name(deck, name, &why) || !olc_deck_set_currency(deck, currency, &why)) {
		add_problem(problems, 0, why.text);
		olc_error_set(err, "%s", why.text);
		return false;
	}

	struct records r;
	if (!read_records(text, len, &r, &why)) {
		add_problem(problems, 0, why.text);
		return false;
	}
	/* Rows whose cells are all empty: spreadsheets write them for formatted but empty rows. */
	size_t first = 0;
	while (first < r.count) {
		bool empty = true;
		for (size_t j = 0; j < r.rows[first].count && empty; j++)
			empty = blank(r.rows[first].fields[j]);
		if (!empty)
			break;
		first++;
	}
	if (first == r.count) {
		add_problem(problems, 0, "the file has no header row (it is empty)");
		records_free(&r);
		return false;
	}

	const struct record *header = &r.rows[first];
	int *columns = calloc(header->count ? header->count : 1, sizeof(*columns));
	struct row_ref *refs = calloc(r.count, sizeof(*refs));
	bool ok = columns && refs && read_header(header, first + 1, columns, problems);
	if (!columns || !refs)
		olc_deck_problems_add(problems, 0, "out of memory");

	/* Rows with a number first, so a row without one takes a number none of the others uses. */
	size_t ref_count = 0;
	size_t i;
	for (i = first + 1; ok && i < r.count && problems->count < OLC_DECK_CSV_MAX_PROBLEMS; i++) {
		const struct record *rec = &r.rows[i];
		const size_t row = i + 1;
		char *cells[COL_COUNT] = {NULL};
		bool empty = true;
		for (size_t j = 0; j < rec->count; j++) {
			if (j >= header->count) {
				if (!blank(rec->fields[j])) {
					add_problem(problems, row, "more cells than the header has columns");
					goto next;
				}
				continue;
			}
			if (columns[j] < 0)
				continue;
			/* Notes and titles keep their inner line breaks; spaces around any cell go. */
			cells[columns[j]] = trim(rec->fields[j]);
			empty = empty && !*cells[columns[j]];
		}
		if (empty)
			continue;
		int number = 0;
		if (cells[COL_NUMBER] && *cells[COL_NUMBER]) {
			number = parse_number(cells[COL_NUMBER]);
			if (number < 0) {
				char shown[OLC_EXCERPT_LEN], words[128];
				snprintf(words, sizeof(words), "number \"%s\" is not a whole number from %d to %d",
					 olc_error_excerpt(shown, sizeof(shown), cells[COL_NUMBER]), OLC_DECK_NUMBER_MIN,
					 OLC_DECK_NUMBER_MAX);
				add_problem(problems, row, words);
				continue;
			}
			for (size_t k = 0; k < ref_count; k++) {
				if (refs[k].number == number) {
					char words[96];
					snprintf(words, sizeof(words), "number %d is used by row %zu too", number, refs[k].row);
					add_problem(problems, row, words);
					number = -1;
					break;
				}
			}
			if (number < 0)
				continue;
			/* Taken even when the row has another problem, so a later row using it hears so. */
			refs[ref_count].row = row;
			refs[ref_count].number = number;
			ref_count++;
			if (!read_row(cells, deck, number, &why))
				add_problem(problems, row, why.text);
			continue;
		} else {
			/* Checked now with a number no row can have, given its own when all are known. */
			struct olc_deck probe;
			olc_deck_init(&probe);
			olc_deck_set_currency(&probe, deck->currency, NULL);
			if (!read_row(cells, &probe, OLC_DECK_NUMBER_MAX, &why)) {
				add_problem(problems, row, why.text);
				olc_deck_free(&probe);
				continue;
			}
			olc_deck_free(&probe);
		}
		refs[ref_count].row = row;
		refs[ref_count].number = number;
		ref_count++;
	next:;
	}
	if (ok && i < r.count) {
		char words[128];
		snprintf(words, sizeof(words), "rows %zu to %zu were not read: the first %d problems are listed", i + 1,
			 r.count, OLC_DECK_CSV_MAX_PROBLEMS);
		add_problem(problems, 0, words);
	}

	/* The rows without a number, in file order, after the highest number in use. */
	for (size_t k = 0; ok && problems->count == 0 && k < ref_count; k++) {
		if (refs[k].number)
			continue;
		const struct record *rec = &r.rows[refs[k].row - 1];
		char *cells[COL_COUNT] = {NULL};
		for (size_t j = 0; j < rec->count && j < header->count; j++) {
			if (columns[j] >= 0)
				cells[columns[j]] = rec->fields[j]; /* trimmed above */
		}
		int number = olc_deck_next_number(deck);
		if (number < 0) {
			add_problem(problems, refs[k].row, "no number is left for this row (the highest is 9999)");
			break;
		}
		refs[k].number = number;
		if (!read_row(cells, deck, number, &why))
			add_problem(problems, refs[k].row, why.text);
	}

	/* The deck keeps the file's order: rows without a number were appended last, so put every
	 * item where its row is. */
	if (problems->count == 0 && ok) {
		for (size_t k = 0; k < ref_count; k++) {
			for (size_t at = k; at < deck->count; at++) {
				if (deck->items[at].number == refs[k].number) {
					olc_deck_move(deck, at, k);
					break;
				}
			}
		}
	}

	free(columns);
	free(refs);
	records_free(&r);
	return ok && problems->count == 0;
}

bool olc_deck_csv_parse(const char *bytes, size_t len, const char *name, const char *currency, struct olc_deck *out,
			struct olc_deck_problems *problems, struct olc_error *err)
{
	struct olc_error why;
	olc_deck_problems_free(problems);
	if (!bytes) {
		olc_deck_problems_add(problems, 0, "there is no text to read");
		olc_error_set(err, "there is no text to read");
		return false;
	}
	if (len > OLC_DECK_CSV_MAX_BYTES) {
		olc_error_set(err, "the file is too big for a deck (%zu bytes; at most %u)", len, OLC_DECK_CSV_MAX_BYTES);
		olc_deck_problems_add(problems, 0, err ? err->text : "the file is too big for a deck");
		return false;
	}
	size_t text_len;
	char *text = olc_text_to_utf8(bytes, len, &text_len, NULL, &why);
	if (!text) {
		olc_error_set(err, "%s", why.text);
		olc_deck_problems_add(problems, 0, why.text);
		return false;
	}

	struct olc_deck deck;
	olc_deck_init(&deck);
	olc_error_clear(&why);
	bool ok = parse_text(text, text_len, name, currency, &deck, problems, &why);
	free(text);
	if (ok) {
		olc_deck_free(out);
		*out = deck;
		return true;
	}
	olc_deck_free(&deck);
	if (problems->count == 1)
		olc_error_set(err, "%s", problems->items[0].error);
	else if (problems->count > 1)
		olc_error_set(err, "%zu rows have problems; the first: %s", problems->count, problems->items[0].error);
	else
		olc_error_set(err, "%s", why.text[0] ? why.text : "the file cannot be read as a deck");
	return false;
}

/* ---- writing ---- */

struct out {
	char *data;
	size_t len, capacity;
	bool failed;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n + 1 > o->capacity) {
		size_t capacity = o->capacity ? o->capacity : 1024;
		while (o->len + n + 1 > capacity)
			capacity *= 2;
		char *data = realloc(o->data, capacity);
		if (!data) {
			o->failed = true;
			return;
		}
		o->data = data;
		o->capacity = capacity;
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
}

/* One cell: quoted by libcsv when it holds a comma, a quote, a line break or spaces at an end
 * (which a reader would trim). */
static void put_cell(struct out *o, const char *s)
{
	if (!s)
		return;
	const size_t n = strlen(s);
	const bool quote = strpbrk(s, ",\"\r\n") || (n && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1])));
	if (!quote) {
		put(o, s, n);
		return;
	}
	/* csv_write's worst case: every byte a doubled quote, plus the two around. */
	char *quoted = malloc(2 * n + 2);
	if (!quoted) {
		o->failed = true;
		return;
	}
	size_t written = csv_write(quoted, 2 * n + 2, s, n);
	put(o, quoted, written);
	free(quoted);
}

char *olc_deck_csv_serialise(const struct olc_deck *deck, size_t *len, struct olc_error *err)
{
	struct out o = {0};
	const size_t columns = sizeof(export_columns) / sizeof(export_columns[0]);
	put(&o, "\xEF\xBB\xBF", 3);
	for (size_t c = 0; c < columns; c++) {
		if (c)
			put(&o, ",", 1);
		put_cell(&o, column_names[export_columns[c]].english);
	}
	put(&o, "\r\n", 2);
	for (size_t i = 0; i < deck->count; i++) {
		const struct olc_deck_item *item = &deck->items[i];
		for (size_t c = 0; c < columns; c++) {
			char buf[64];
			if (c)
				put(&o, ",", 1);
			switch (export_columns[c]) {
			case COL_NUMBER:
				snprintf(buf, sizeof(buf), "%d", item->number);
				put_cell(&o, buf);
				break;
			case COL_ID:
				put_cell(&o, item->product_id);
				break;
			case COL_TITLE:
				put_cell(&o, item->title);
				break;
			case COL_PRICE:
				if (item->has_price && olc_money_format_plain(&item->price, buf, sizeof(buf)) >= 0)
					put_cell(&o, buf);
				break;
			case COL_COUPON:
				put_cell(&o, item->coupon);
				break;
			case COL_COUPON_TEXT:
				put_cell(&o, item->coupon_text);
				break;
			case COL_TAGS: {
				struct out tags = {0};
				for (size_t t = 0; t < item->tag_count; t++) {
					if (t)
						put(&tags, "|", 1);
					put(&tags, item->tags[t], strlen(item->tags[t]));
				}
				o.failed = o.failed || tags.failed;
				put_cell(&o, tags.data);
				free(tags.data);
				break;
			}
			case COL_HIDE_PRICE:
				put_cell(&o, item->hide_price ? "yes" : "no");
				break;
			case COL_SCENE:
				put_cell(&o, item->scene);
				break;
			case COL_NOTES:
				put_cell(&o, item->notes);
				break;
			default:
				break;
			}
		}
		put(&o, "\r\n", 2);
	}
	if (o.failed) {
		free(o.data);
		olc_error_set(err, "out of memory while writing the deck as CSV");
		return NULL;
	}
	*len = o.len;
	return o.data;
}
