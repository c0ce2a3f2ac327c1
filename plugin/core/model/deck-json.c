#include "core/model/deck-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/base/json-check.h"
#include "core/sys/file-io.h"

/* *out is the text of field key, or NULL when an optional field is absent, null or "". */
static bool get_text(json_t *object, const char *key, bool required, const char *where, const char **out,
		     struct olc_error *err)
{
	json_t *value = json_object_get(object, key);
	*out = NULL;

	if (value && !json_is_null(value) && !json_is_string(value)) {
		olc_error_set(err, "%s: \"%s\" must be text in double quotes, not %s", where, key,
			      olc_json_words(value));
		return false;
	}
	const char *text = value ? json_string_value(value) : NULL;
	if (text && *text) {
		*out = text;
		return true;
	}
	if (required) {
		olc_error_set(err, "%s: \"%s\" is %s", where, key, text ? "empty" : "missing");
		return false;
	}
	return true;
}

static bool get_integer(json_t *object, const char *key, const char *where, json_int_t *out, struct olc_error *err)
{
	json_t *value = json_object_get(object, key);

	if (!value || json_is_null(value)) {
		olc_error_set(err, "%s: \"%s\" is missing", where, key);
		return false;
	}
	if (!json_is_integer(value)) {
		olc_error_set(err, "%s: \"%s\" must be a whole number, not %s", where, key, olc_json_words(value));
		return false;
	}
	*out = json_integer_value(value);
	return true;
}

/* "tags": absent, null or a list of texts. */
static bool read_tags(json_t *object, const char *where, struct olc_deck_item *item, struct olc_error *err)
{
	json_t *value = json_object_get(object, "tags");
	if (!value || json_is_null(value))
		return true;
	if (!json_is_array(value)) {
		olc_error_set(err, "%s: \"tags\" must be a list of texts ([\"...\"]), not %s", where,
			      olc_json_words(value));
		return false;
	}
	const size_t count = json_array_size(value);
	const char **tags = count ? calloc(count, sizeof(*tags)) : NULL;
	if (count && !tags) {
		olc_error_set(err, "%s: out of memory", where);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		json_t *tag = json_array_get(value, i);
		/* {"tag": "..."}: how GetDeck and LoadDeck carry tags through obs-websocket, whose data
		 * holds lists of objects only. */
		if (json_is_object(tag) && json_object_size(tag) == 1 && json_is_string(json_object_get(tag, "tag")))
			tag = json_object_get(tag, "tag");
		if (!json_is_string(tag)) {
			olc_error_set(err, "%s: tag %zu must be text in double quotes, not %s", where, i + 1,
				      olc_json_words(tag));
			free(tags);
			return false;
		}
		tags[i] = json_string_value(tag);
	}
	const bool ok = olc_deck_item_set_tags(item, tags, count);
	free(tags);
	if (!ok)
		olc_error_set(err, "%s: out of memory", where);
	return ok;
}

/* "hide_price": absent, null or a boolean. */
static bool read_flag(json_t *object, const char *key, const char *where, bool *out, struct olc_error *err)
{
	json_t *value = json_object_get(object, key);
	*out = false;
	if (!value || json_is_null(value))
		return true;
	if (!json_is_boolean(value)) {
		olc_error_set(err, "%s: \"%s\" must be true or false, not %s", where, key, olc_json_words(value));
		return false;
	}
	*out = json_is_true(value);
	return true;
}

static bool read_item(json_t *value, size_t index, int version, const char *source, struct olc_deck *deck,
		      struct olc_error *err)
{
	static const char *const known_v1[] = {"number", "product_id", "title", "price", "coupon", NULL};
	static const char *const known[] = {"number", "product_id", "title",      "price", "coupon", "coupon_text",
					    "tags",   "notes",      "hide_price", "scene", NULL};
	char where[160];
	struct olc_error why;

	snprintf(where, sizeof(where), "%s: item %zu", source, index + 1);
	if (!json_is_object(value)) {
		olc_error_set(err, "%s: expected an object ({...}), found %s", where, olc_json_words(value));
		return false;
	}

	json_int_t number;
	if (!get_integer(value, "number", where, &number, err))
		return false;
	if (number < OLC_DECK_NUMBER_MIN || number > OLC_DECK_NUMBER_MAX) {
		olc_error_set(err, "%s: number %lld is out of range (%d to %d)", where, (long long)number,
			      OLC_DECK_NUMBER_MIN, OLC_DECK_NUMBER_MAX);
		return false;
	}
	for (size_t i = 0; i < deck->count; i++) {
		if (deck->items[i].number == number) {
			olc_error_set(err, "%s: number %d is already used by item %zu", where, (int)number, i + 1);
			return false;
		}
	}
	snprintf(where, sizeof(where), "%s: item %zu (#%d)", source, index + 1, (int)number);

	const char *product_id, *title, *price, *coupon, *coupon_text, *notes, *scene;
	bool hide_price;
	if (!olc_json_known_fields(value, version == 1 ? known_v1 : known, where, err) ||
	    !get_text(value, "product_id", true, where, &product_id, err) ||
	    !get_text(value, "title", false, where, &title, err) ||
	    !get_text(value, "price", false, where, &price, err) ||
	    !get_text(value, "coupon", false, where, &coupon, err) ||
	    !get_text(value, "coupon_text", false, where, &coupon_text, err) ||
	    !get_text(value, "notes", false, where, &notes, err) ||
	    !get_text(value, "scene", false, where, &scene, err) ||
	    !read_flag(value, "hide_price", where, &hide_price, err))
		return false;

	struct olc_deck_item *item = olc_deck_append(deck, (int)number, product_id, &why);
	if (!item) {
		olc_error_set(err, "%s: %s", where, why.text);
		return false;
	}
	if (!olc_deck_item_set_title(item, title) || !olc_deck_item_set_coupon(item, coupon) ||
	    !olc_deck_item_set_coupon_text(item, coupon_text) || !olc_deck_item_set_notes(item, notes) ||
	    !olc_deck_item_set_scene(item, scene)) {
		olc_error_set(err, "%s: out of memory", where);
		return false;
	}
	item->hide_price = hide_price;
	if (!read_tags(value, where, item, err))
		return false;
	if (price) {
		struct olc_money money;
		if (!olc_money_parse(price, deck->currency, &money, &why) ||
		    !olc_deck_item_set_price(deck, item, &money, &why)) {
			olc_error_set(err, "%s: \"price\": %s", where, why.text);
			return false;
		}
	}
	return true;
}

static bool read_deck(json_t *root, const char *source, struct olc_deck *deck, struct olc_error *err)
{
	static const char *const known[] = {"version", "name", "currency", "items", NULL};
	struct olc_error why;

	if (!json_is_object(root)) {
		olc_error_set(err, "%s: expected an object ({...}) at the top, found %s", source, olc_json_words(root));
		return false;
	}
	if (!olc_json_known_fields(root, known, source, err))
		return false;

	json_int_t version;
	if (!get_integer(root, "version", source, &version, err))
		return false;
	if (version < OLC_DECK_JSON_VERSION_MIN || version > OLC_DECK_JSON_VERSION) {
		if (version > OLC_DECK_JSON_VERSION)
			olc_error_set(err, "%s: version %lld is newer than this plugin reads (%d); update the plugin",
				      source, (long long)version, OLC_DECK_JSON_VERSION);
		else
			olc_error_set(err, "%s: version %lld is not a deck version (expected %d to %d)", source,
				      (long long)version, OLC_DECK_JSON_VERSION_MIN, OLC_DECK_JSON_VERSION);
		return false;
	}

	const char *name, *currency;
	if (!get_text(root, "name", true, source, &name, err) ||
	    !get_text(root, "currency", true, source, &currency, err))
		return false;
	if (!olc_deck_set_name(deck, name, &why) || !olc_deck_set_currency(deck, currency, &why)) {
		olc_error_set(err, "%s: %s", source, why.text);
		return false;
	}

	json_t *items = json_object_get(root, "items");
	if (!items || json_is_null(items)) {
		olc_error_set(err, "%s: \"items\" is missing", source);
		return false;
	}
	if (!json_is_array(items)) {
		olc_error_set(err, "%s: \"items\" must be a list ([...]), not %s", source, olc_json_words(items));
		return false;
	}
	for (size_t i = 0; i < json_array_size(items); i++) {
		if (!read_item(json_array_get(items, i), i, (int)version, source, deck, err))
			return false;
	}
	return true;
}

static bool parse_buffer(const char *text, size_t len, const char *source, struct olc_deck *out, struct olc_error *err)
{
	static const char bom[] = "\xEF\xBB\xBF";

	/* Windows editors like to start UTF-8 files with a byte order mark; jansson does not. */
	if (len >= 3 && memcmp(text, bom, 3) == 0) {
		text += 3;
		len -= 3;
	}

	json_error_t parse_error;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &parse_error);
	if (!root) {
		/* Line and column say where; jansson's own text would quote the file. */
		int code = json_error_code(&parse_error);
		if (code == json_error_duplicate_key)
			olc_error_set(err, "%s: %s (line %d, column %d)", source, olc_json_error_words(code),
				      parse_error.line, parse_error.column);
		else
			olc_error_set(err, "%s: not JSON (line %d, column %d: %s)", source, parse_error.line,
				      parse_error.column, olc_json_error_words(code));
		return false;
	}

	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok = read_deck(root, source, &deck, err);
	json_decref(root);
	if (!ok) {
		olc_deck_free(&deck);
		return false;
	}
	olc_deck_free(out);
	*out = deck;
	return true;
}

bool olc_deck_json_parse_bytes(const char *text, size_t len, const char *source, struct olc_deck *out,
			       struct olc_error *err)
{
	if (!source)
		source = "deck";
	if (!text) {
		olc_error_set(err, "%s: there is no text to read", source);
		return false;
	}
	return parse_buffer(text, len, source, out, err);
}

bool olc_deck_json_parse(const char *text, const char *source, struct olc_deck *out, struct olc_error *err)
{
	if (!source)
		source = "deck";
	if (!text) {
		olc_error_set(err, "%s: there is no text to read", source);
		return false;
	}
	return parse_buffer(text, strlen(text), source, out, err);
}

/* Sets key to text, or reports text that jansson refuses (it only stores valid UTF-8). */
static bool put_text(json_t *object, const char *key, const char *text, const char *where, struct olc_error *err)
{
	json_t *value = json_string(text);
	if (!value || json_object_set_new(object, key, value) != 0) {
		olc_error_set(err, "%s: \"%s\" is not valid UTF-8 text", where, key);
		return false;
	}
	return true;
}

static bool put_integer(json_t *object, const char *key, json_int_t number, struct olc_error *err)
{
	if (json_object_set_new(object, key, json_integer(number)) != 0) {
		olc_error_set(err, "out of memory while writing the deck");
		return false;
	}
	return true;
}

static bool write_item(json_t *items, const struct olc_deck *deck, const struct olc_deck_item *item,
		       struct olc_error *err)
{
	char where[32];
	snprintf(where, sizeof(where), "item #%d", item->number);

	json_t *object = json_object();
	/* The list owns the object from here on, also when something below fails. */
	if (!object || json_array_append_new(items, object) != 0) {
		olc_error_set(err, "out of memory while writing the deck");
		return false;
	}
	if (!put_integer(object, "number", item->number, err) ||
	    !put_text(object, "product_id", item->product_id, where, err) ||
	    (item->title && !put_text(object, "title", item->title, where, err)))
		return false;
	if (item->has_price) {
		char price[32];
		/* The file stores prices without a currency, so one in another currency would change value. */
		if (strncmp(item->price.currency, deck->currency, sizeof(deck->currency)) != 0 ||
		    olc_money_format_plain(&item->price, price, sizeof(price)) < 0) {
			olc_error_set(err, "%s: the price is not in the deck's currency", where);
			return false;
		}
		if (!put_text(object, "price", price, where, err))
			return false;
	}
	if ((item->coupon && !put_text(object, "coupon", item->coupon, where, err)) ||
	    (item->coupon_text && !put_text(object, "coupon_text", item->coupon_text, where, err)))
		return false;
	if (item->tag_count) {
		json_t *tags = json_array();
		if (!tags || json_object_set_new(object, "tags", tags) != 0) {
			olc_error_set(err, "out of memory while writing the deck");
			return false;
		}
		for (size_t i = 0; i < item->tag_count; i++) {
			json_t *tag = json_string(item->tags[i]);
			if (!tag || json_array_append_new(tags, tag) != 0) {
				olc_error_set(err, "%s: tag %zu is not valid UTF-8 text", where, i + 1);
				return false;
			}
		}
	}
	if ((item->notes && !put_text(object, "notes", item->notes, where, err)))
		return false;
	if (item->hide_price && json_object_set_new(object, "hide_price", json_true()) != 0) {
		olc_error_set(err, "out of memory while writing the deck");
		return false;
	}
	return !item->scene || put_text(object, "scene", item->scene, where, err);
}

char *olc_deck_json_serialise(const struct olc_deck *deck, struct olc_error *err)
{
	if (!deck->name || !*deck->name) {
		olc_error_set(err, "the deck has no name");
		return NULL;
	}
	if (!olc_currency_find(deck->currency)) {
		olc_error_set(err, "the deck has no known currency");
		return NULL;
	}

	json_t *root = json_object();
	json_t *items = json_array();
	char *text = NULL;
	bool ok = root && items;
	if (!ok)
		olc_error_set(err, "out of memory while writing the deck");
	ok = ok && put_integer(root, "version", OLC_DECK_JSON_VERSION, err) &&
	     put_text(root, "name", deck->name, "the deck", err) &&
	     put_text(root, "currency", deck->currency, "the deck", err);
	if (ok && json_object_set(root, "items", items) != 0) {
		olc_error_set(err, "out of memory while writing the deck");
		ok = false;
	}
	for (size_t i = 0; ok && i < deck->count; i++)
		ok = write_item(items, deck, &deck->items[i], err);

	/* Dump into our own buffer so the caller frees with free() whatever allocator jansson uses. */
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t len = ok ? json_dumpb(root, NULL, 0, flags) : 0;
	if (ok && len == 0) {
		olc_error_set(err, "could not write the deck as JSON");
		ok = false;
	}
	if (ok) {
		text = malloc(len + 2);
		if (!text || json_dumpb(root, text, len, flags) != len) {
			olc_error_set(err, "out of memory while writing the deck");
			free(text);
			text = NULL;
		} else {
			text[len] = '\n';
			text[len + 1] = '\0';
		}
	}
	json_decref(items);
	json_decref(root);
	return text;
}

bool olc_deck_json_load(const char *path, struct olc_deck *out, struct olc_error *err)
{
	char *text;
	size_t len;
	if (!olc_file_read_all(path, OLC_DECK_JSON_MAX_BYTES, &text, &len, err))
		return false;

	bool ok = parse_buffer(text, len, olc_file_name(path), out, err);
	free(text);
	return ok;
}

bool olc_deck_json_save(const struct olc_deck *deck, const char *path, struct olc_error *err)
{
	struct olc_error why;
	char *text = olc_deck_json_serialise(deck, &why);
	if (!text) {
		olc_error_set(err, "%s: cannot save (%s)", olc_file_name(path), why.text);
		return false;
	}
	bool ok = olc_file_write_atomic(path, text, strlen(text), err);
	free(text);
	return ok;
}
