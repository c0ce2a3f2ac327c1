/* The vendor API's typed field checks; see vendor-fields.h. */
#include "api/vendor-fields.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct olc_field *find_field(const struct olc_field *fields, const char *name)
{
	for (const struct olc_field *f = fields; f->name; f++) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

/* "\"id\", \"ids\" or \"number\"": the names of the fields with this need (every field: need < 0),
 * the last two joined by last ("or", "and"). */
static void join_names(const struct olc_field *fields, int need, const char *last, char *buf, size_t size)
{
	size_t count = 0, total = 0, used = 0;
	for (const struct olc_field *f = fields; f->name; f++)
		total += need < 0 || (int)f->need == need;
	buf[0] = '\0';
	for (const struct olc_field *f = fields; f->name && used < size; f++) {
		if (need >= 0 && (int)f->need != need)
			continue;
		int n;
		if (count == 0)
			n = snprintf(buf + used, size - used, "\"%s\"", f->name);
		else if (count + 1 == total)
			n = snprintf(buf + used, size - used, " %s \"%s\"", last, f->name);
		else
			n = snprintf(buf + used, size - used, ", \"%s\"", f->name);
		used += n > 0 ? (size_t)n : 0;
		count++;
	}
}

void olc_field_describe(const struct olc_field *f, char *buf, size_t size)
{
	switch (f->type) {
	case OLC_FIELD_TEXT:
		if (f->min == 0)
			snprintf(buf, size, "text of at most %lld bytes", f->max);
		else if (f->min == 1)
			snprintf(buf, size, "non-empty text of at most %lld bytes", f->max);
		else
			snprintf(buf, size, "text of %lld to %lld bytes", f->min, f->max);
		break;
	case OLC_FIELD_WHOLE:
		snprintf(buf, size, "a whole number from %lld to %lld", f->min, f->max);
		break;
	case OLC_FIELD_OBJECT:
		snprintf(buf, size, "an object of at most %lld bytes of JSON", f->max);
		break;
	case OLC_FIELD_LIST:
		snprintf(buf, size, "a list of %lld to %lld objects", f->min, f->max);
		break;
	}
}

/* What was given instead: "text of 1048576 bytes", "4294967297", "1e+300", "true", "a list of 5". */
static void describe_value(obs_data_item_t *item, char *buf, size_t size)
{
	switch (obs_data_item_gettype(item)) {
	case OBS_DATA_STRING: {
		const size_t len = strlen(obs_data_item_get_string(item));
		if (len == 0)
			snprintf(buf, size, "empty text");
		else if (len == 1)
			snprintf(buf, size, "text of 1 byte");
		else
			snprintf(buf, size, "text of %zu bytes", len);
		break;
	}
	case OBS_DATA_NUMBER:
		if (obs_data_item_numtype(item) == OBS_DATA_NUM_INT)
			snprintf(buf, size, "%lld", obs_data_item_get_int(item));
		else
			snprintf(buf, size, "%.15g", obs_data_item_get_double(item));
		break;
	case OBS_DATA_BOOLEAN:
		snprintf(buf, size, "%s", obs_data_item_get_bool(item) ? "true" : "false");
		break;
	case OBS_DATA_OBJECT:
		snprintf(buf, size, "an object");
		break;
	case OBS_DATA_ARRAY: {
		obs_data_array_t *array = obs_data_item_get_array(item);
		const size_t count = obs_data_array_count(array);
		obs_data_array_release(array);
		if (count)
			snprintf(buf, size, "a list of %zu", count);
		else
			snprintf(buf, size, "an empty list");
		break;
	}
	case OBS_DATA_NULL:
		snprintf(buf, size, "nothing");
		break;
	}
}

/* A whole number within the field's range. Doubles are compared before any cast: one beyond long
 * long (1e300) would make the cast undefined. */
static bool whole_in_range(const struct olc_field *f, obs_data_item_t *item)
{
	if (obs_data_item_numtype(item) == OBS_DATA_NUM_INT) {
		const long long v = obs_data_item_get_int(item);
		return v >= f->min && v <= f->max;
	}
	const double v = obs_data_item_get_double(item);
	return isfinite(v) && v == floor(v) && v >= (double)f->min && v <= (double)f->max;
}

static bool check_list_items(const struct olc_field *f, obs_data_array_t *array, struct olc_error *err)
{
	char what[64];
	snprintf(what, sizeof(what), "an item of \"%s\"", f->name);
	const size_t count = obs_data_array_count(array);
	for (size_t i = 0; i < count; i++) {
		obs_data_t *entry = obs_data_array_item(array, i);
		struct olc_error inner = {{0}};
		const bool ok = olc_fields_check(entry, f->items, what, &inner);
		obs_data_release(entry);
		if (!ok) {
			olc_error_set(err, "\"%s\" item %zu: %s", f->name, i + 1, inner.text);
			return false;
		}
	}
	return true;
}

/* Type and range of one given field. */
static bool check_value(const struct olc_field *f, obs_data_item_t *item, struct olc_error *err)
{
	const enum obs_data_type type = obs_data_item_gettype(item);
	bool ok = false;
	switch (f->type) {
	case OLC_FIELD_TEXT:
		if (type == OBS_DATA_STRING) {
			const size_t len = strlen(obs_data_item_get_string(item));
			ok = len >= (size_t)f->min && len <= (size_t)f->max;
		}
		break;
	case OLC_FIELD_WHOLE:
		ok = type == OBS_DATA_NUMBER && whole_in_range(f, item);
		break;
	case OLC_FIELD_OBJECT:
		if (type == OBS_DATA_OBJECT) {
			obs_data_t *obj = obs_data_item_get_obj(item);
			const char *json = obs_data_get_json(obj);
			const size_t len = json ? strlen(json) : 0;
			obs_data_release(obj);
			if (len > (size_t)f->max) {
				olc_error_set(err, "\"%s\" must be an object of at most %lld bytes of JSON, not %zu",
					      f->name, f->max, len);
				return false;
			}
			ok = true;
		}
		break;
	case OLC_FIELD_LIST:
		if (type == OBS_DATA_ARRAY) {
			obs_data_array_t *array = obs_data_item_get_array(item);
			const size_t count = obs_data_array_count(array);
			ok = count >= (size_t)f->min && count <= (size_t)f->max;
			if (ok && !check_list_items(f, array, err)) {
				obs_data_array_release(array);
				return false;
			}
			obs_data_array_release(array);
		}
		break;
	}
	if (!ok) {
		char rule[96], given[64];
		olc_field_describe(f, rule, sizeof(rule));
		describe_value(item, given, sizeof(given));
		olc_error_set(err, "\"%s\" must be %s, not %s", f->name, rule, given);
	}
	return ok;
}

/* Every field data has is one of fields. */
static bool check_known(obs_data_t *data, const struct olc_field *fields, const char *what, struct olc_error *err)
{
	for (obs_data_item_t *item = obs_data_first(data); item; obs_data_item_next(&item)) {
		const char *name = obs_data_item_get_name(item);
		if (!obs_data_item_has_user_value(item) || find_field(fields, name))
			continue;
		char shown[OLC_EXCERPT_LEN], names[160];
		olc_error_excerpt(shown, sizeof(shown), name);
		join_names(fields, -1, "and", names, sizeof(names));
		if (*names)
			olc_error_set(err, "\"%s\" is not a field of %s (its fields: %s)", shown, what, names);
		else
			olc_error_set(err, "\"%s\" is not a field of %s, which takes none", shown, what);
		obs_data_item_release(&item);
		return false;
	}
	return true;
}

/* Of the fields with this need, how many data has; the first two given in *a and *b. */
static int count_given(obs_data_t *data, const struct olc_field *fields, enum olc_field_need need, const char **a,
		       const char **b)
{
	int given = 0;
	for (const struct olc_field *f = fields; f->name; f++) {
		if (f->need != need || !obs_data_has_user_value(data, f->name))
			continue;
		if (given == 0)
			*a = f->name;
		else if (given == 1)
			*b = f->name;
		given++;
	}
	return given;
}

bool olc_fields_check(obs_data_t *data, const struct olc_field *fields, const char *what, struct olc_error *err)
{
	if (!check_known(data, fields, what, err))
		return false;
	bool has_one_of = false;
	for (const struct olc_field *f = fields; f->name; f++) {
		has_one_of |= f->need == OLC_FIELD_ONE_OF;
		/* A default value is not one the request gave (obs_data keeps both under one name). */
		obs_data_item_t *item = obs_data_item_byname(data, f->name);
		const bool given = item && obs_data_item_has_user_value(item);
		if (!given) {
			obs_data_item_release(&item);
			if (f->need == OLC_FIELD_REQUIRED) {
				char rule[96];
				olc_field_describe(f, rule, sizeof(rule));
				olc_error_set(err, "\"%s\" is required: %s", f->name, rule);
				return false;
			}
			continue;
		}
		const bool ok = check_value(f, item, err);
		obs_data_item_release(&item);
		if (!ok)
			return false;
	}

	const char *a = NULL, *b = NULL;
	char names[160];
	const int one_of = count_given(data, fields, OLC_FIELD_ONE_OF, &a, &b);
	if (has_one_of && one_of != 1) {
		join_names(fields, OLC_FIELD_ONE_OF, "or", names, sizeof(names));
		if (one_of == 0)
			olc_error_set(err, "give one of %s", names);
		else
			olc_error_set(err, "\"%s\" and \"%s\" cannot be given together: give one of %s", a, b, names);
		return false;
	}
	if (count_given(data, fields, OLC_FIELD_AT_MOST_ONE, &a, &b) > 1) {
		join_names(fields, OLC_FIELD_AT_MOST_ONE, "or", names, sizeof(names));
		olc_error_set(err, "\"%s\" and \"%s\" cannot be given together: give %s, or neither", a, b, names);
		return false;
	}
	return true;
}

bool olc_field_given(obs_data_t *data, const char *name)
{
	return obs_data_has_user_value(data, name);
}

long long olc_field_whole(obs_data_t *data, const char *name, long long fallback)
{
	obs_data_item_t *item = obs_data_item_byname(data, name);
	if (!item)
		return fallback;
	long long v = fallback;
	if (obs_data_item_has_user_value(item) && obs_data_item_gettype(item) == OBS_DATA_NUMBER) {
		/* In range after olc_fields_check, so the cast of a double is defined and exact. */
		v = obs_data_item_numtype(item) == OBS_DATA_NUM_INT ? obs_data_item_get_int(item)
								    : (long long)obs_data_item_get_double(item);
	}
	obs_data_item_release(&item);
	return v;
}

const char *olc_field_text(obs_data_t *data, const char *name)
{
	return obs_data_has_user_value(data, name) ? obs_data_get_string(data, name) : "";
}
