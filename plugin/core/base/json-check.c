#include "core/base/json-check.h"

#include <string.h>

const char *olc_json_words(const json_t *value)
{
	static const char *const words[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "a list",  [JSON_STRING] = "text",
		[JSON_INTEGER] = "a number", [JSON_REAL] = "a number", [JSON_TRUE] = "true/false",
		[JSON_FALSE] = "true/false", [JSON_NULL] = "null",
	};
	if (!value)
		return "nothing";
	const size_t type = (size_t)json_typeof(value);
	return type < sizeof(words) / sizeof(words[0]) && words[type] ? words[type] : "an unknown value";
}

bool olc_json_known_fields(json_t *object, const char *const *known, const char *where, struct olc_error *err)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		bool found = false;
		for (const char *const *k = known; *k && !found; k++)
			found = strcmp(*k, key) == 0;
		if (!found) {
			char shown[OLC_EXCERPT_LEN];
			olc_error_set(err, "%s: unknown field \"%s\"", where,
				      olc_error_excerpt(shown, sizeof(shown), key));
			return false;
		}
	}
	return true;
}
