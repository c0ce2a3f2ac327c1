/* What a ticker row says; see order-words.h. */
#include "core/stream/order-words.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/stream/buyer-mask.h"

#define DEFAULT_SINGLE    "{buyer}[ · {city}] · {quantity} × {product}[ (#{number})]"
#define DEFAULT_BATCH_ONE "{buyer} and 1 other ordered {product}[ (#{number})]"
#define DEFAULT_BATCH     "{buyer} and {others} others ordered {product}[ (#{number})]"
#define DEFAULT_SOMEONE   "Someone"

void olc_row_words_free(struct olc_row_words *w)
{
	for (size_t i = 0; i < w->count; i++)
		free(w->spans[i].text);
	free(w->spans);
	memset(w, 0, sizeof(*w));
}

/* Appends len bytes of text with role, merging with the last span when it has the same role. */
static bool append_span(struct olc_row_words *w, const char *text, size_t len, enum olc_span_role role)
{
	if (len == 0)
		return true;
	if (w->count > 0 && w->spans[w->count - 1].role == role && role != OLC_SPAN_CHIP) {
		struct olc_span *last = &w->spans[w->count - 1];
		const size_t old = strlen(last->text);
		char *grown = realloc(last->text, old + len + 1);
		if (!grown)
			return false;
		memcpy(grown + old, text, len);
		grown[old + len] = '\0';
		last->text = grown;
		return true;
	}
	struct olc_span *spans = realloc(w->spans, (w->count + 1) * sizeof(*spans));
	if (!spans)
		return false;
	w->spans = spans;
	char *copy = malloc(len + 1);
	if (!copy)
		return false;
	memcpy(copy, text, len);
	copy[len] = '\0';
	w->spans[w->count].text = copy;
	w->spans[w->count].role = role;
	w->count++;
	return true;
}

static bool append_words(struct olc_row_words *dst, const struct olc_row_words *src)
{
	for (size_t i = 0; i < src->count; i++) {
		if (!append_span(dst, src->spans[i].text, strlen(src->spans[i].text), src->spans[i].role))
			return false;
	}
	return true;
}

static const struct olc_template_value *find_value(const struct olc_template_value *values, size_t count,
						   const char *name, size_t len)
{
	for (size_t i = 0; i < count; i++) {
		if (strlen(values[i].name) == len && memcmp(values[i].name, name, len) == 0)
			return &values[i];
	}
	return NULL;
}

/* Expands s[0..len) without optional parts; *had_empty is set when a known placeholder was empty. */
static bool expand_plain(const char *s, size_t len, const struct olc_template_value *values, size_t count,
			 struct olc_row_words *out, bool *had_empty)
{
	size_t literal = 0; /* start of the pending literal text */
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '{')
			continue;
		const char *close = memchr(s + i + 1, '}', len - i - 1);
		if (!close)
			break;
		const size_t name_len = (size_t)(close - (s + i + 1));
		const struct olc_template_value *v = find_value(values, count, s + i + 1, name_len);
		if (!v)
			continue; /* not ours: stays literal */
		if (!append_span(out, s + literal, i - literal, OLC_SPAN_MUTED))
			return false;
		if (v->text && *v->text) {
			if (!append_span(out, v->text, strlen(v->text), v->role))
				return false;
		} else {
			*had_empty = true;
		}
		i = (size_t)(close - s);
		literal = i + 1;
	}
	return append_span(out, s + literal, len - literal, OLC_SPAN_MUTED);
}

bool olc_template_expand(const char *template_text, const struct olc_template_value *values, size_t count,
			 struct olc_row_words *out)
{
	const char *s = template_text ? template_text : "";
	const size_t len = strlen(s);
	size_t plain = 0; /* start of text outside optional parts not expanded yet */
	bool ignored = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '[')
			continue;
		const char *close = memchr(s + i + 1, ']', len - i - 1);
		if (!close)
			break; /* an unmatched '[' is text */
		if (!expand_plain(s + plain, i - plain, values, count, out, &ignored))
			return false;
		struct olc_row_words part = {0};
		bool empty = false;
		bool ok = expand_plain(s + i + 1, (size_t)(close - (s + i + 1)), values, count, &part, &empty);
		if (ok && !empty)
			ok = append_words(out, &part);
		olc_row_words_free(&part);
		if (!ok)
			return false;
		i = (size_t)(close - s);
		plain = i + 1;
	}
	return expand_plain(s + plain, len - plain, values, count, out, &ignored);
}

/* The code point of the UTF-8 sequence at s and its length (shop parsers checked the text; a
 * broken byte counts as one character of its own). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	uint32_t c = len == 4 ? s[0] & 0x07u : len == 3 ? s[0] & 0x0Fu : s[0] & 0x1Fu;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	*cp = len == 1 ? 0xFFFD : c;
	return len;
}

static bool is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
}

static bool is_latin_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* [start, end) of s without surrounding spaces. */
static void trim(const char *s, size_t *start, size_t *end)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, last = 0;
	*start = SIZE_MAX;
	while (u[i]) {
		uint32_t cp;
		const size_t n = utf8_next(u + i, &cp);
		if (!is_space(cp)) {
			if (*start == SIZE_MAX)
				*start = i;
			last = i + n;
		}
		i += n;
	}
	if (*start == SIZE_MAX)
		*start = last = 0;
	*end = last;
}

static char *copy_range(const char *s, size_t start, size_t end)
{
	char *out = malloc(end - start + 1);
	if (out) {
		memcpy(out, s + start, end - start);
		out[end - start] = '\0';
	}
	return out;
}

char *olc_short_title(const char *title)
{
	if (!title)
		return NULL;
	size_t start, end;
	trim(title, &start, &end);
	if (end <= start)
		return NULL;

	const unsigned char *u = (const unsigned char *)title;
	bool first_latin = false, first_other = false, rest_latin = false, in_rest = false;
	size_t word_end = end;
	for (size_t i = start; i < end;) {
		uint32_t cp;
		const size_t n = utf8_next(u + i, &cp);
		if (!in_rest && is_space(cp)) {
			in_rest = true;
			word_end = i;
		} else if (!in_rest) {
			first_latin |= is_latin_letter(cp);
			first_other |= cp >= 0x370;
		} else {
			rest_latin |= is_latin_letter(cp);
		}
		i += n;
	}
	if (in_rest && !first_latin && first_other && rest_latin)
		return copy_range(title, start, word_end);
	return copy_range(title, start, end);
}

static char *buyer_text(const char *buyer, enum olc_buyer_display who, const char *someone)
{
	char *text = NULL;
	if (who == OLC_BUYER_MASKED) {
		text = olc_mask_buyer(buyer);
	} else if (who == OLC_BUYER_FULL && buyer) {
		size_t start, end;
		trim(buyer, &start, &end);
		if (end > start)
			text = copy_range(buyer, start, end);
	}
	return text ? text : olc_strdup(someone && *someone ? someone : DEFAULT_SOMEONE);
}

static char *product_text(const struct olc_order_row *row, const struct olc_snapshot *snap,
			  const struct olc_deck_item **item)
{
	*item = NULL;
	if (!row->product_id)
		return NULL;
	if (snap) {
		*item = olc_snapshot_deck_item(snap, row->product_id);
		if (*item && (*item)->title && *(*item)->title)
			return olc_strdup((*item)->title);
		const struct olc_product *p = olc_snapshot_product(snap, row->product_id);
		char *title = p ? olc_short_title(p->title) : NULL;
		if (title)
			return title;
	}
	return olc_strdup(row->product_id);
}

bool olc_row_words_build(const struct olc_order_row *row, const struct olc_snapshot *snap,
			 const struct olc_row_templates *templates, enum olc_buyer_display who,
			 struct olc_row_words *out)
{
	memset(out, 0, sizeof(*out));
	const struct olc_row_templates none = {0};
	const struct olc_row_templates *t = templates ? templates : &none;

	const struct olc_deck_item *item;
	char *buyer = buyer_text(row->buyer, who, t->someone);
	char *product = product_text(row, snap, &item);
	char quantity[24], number[16], others[24], count[24];
	snprintf(quantity, sizeof(quantity), "%" PRId64, row->quantity);
	snprintf(number, sizeof(number), "%d", item ? item->number : 0);
	snprintf(others, sizeof(others), "%" PRId64, row->orders - 1);
	snprintf(count, sizeof(count), "%" PRId64, row->orders);

	const struct olc_template_value values[] = {
		{"buyer", buyer, OLC_SPAN_BUYER},
		{"city", row->city, OLC_SPAN_TEXT},
		{"quantity", quantity, OLC_SPAN_TEXT},
		{"product", product, OLC_SPAN_PRODUCT},
		{"number", item ? number : NULL, OLC_SPAN_MUTED},
		{"others", others, OLC_SPAN_TEXT},
		{"count", count, OLC_SPAN_TEXT},
	};
	const char *template_text;
	if (row->orders <= 1)
		template_text = t->single && *t->single ? t->single : DEFAULT_SINGLE;
	else if (row->orders == 2)
		template_text = t->batch_one && *t->batch_one ? t->batch_one : DEFAULT_BATCH_ONE;
	else
		template_text = t->batch && *t->batch ? t->batch : DEFAULT_BATCH;

	bool ok = buyer && olc_template_expand(template_text, values, sizeof(values) / sizeof(values[0]), out);
	if (ok && row->tests > 0 && t->test && *t->test)
		ok = append_span(out, t->test, strlen(t->test), OLC_SPAN_CHIP);
	free(buyer);
	free(product);
	if (!ok)
		olc_row_words_free(out);
	return ok;
}

char *olc_row_words_text(const struct olc_row_words *w)
{
	size_t len = 1;
	for (size_t i = 0; i < w->count; i++)
		len += strlen(w->spans[i].text) + 3;
	char *text = malloc(len);
	if (!text)
		return NULL;
	text[0] = '\0';
	for (size_t i = 0; i < w->count; i++) {
		if (w->spans[i].role == OLC_SPAN_CHIP) {
			strcat(text, i ? " [" : "[");
			strcat(text, w->spans[i].text);
			strcat(text, "]");
		} else {
			strcat(text, w->spans[i].text);
		}
	}
	return text;
}
