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

json_t *olc_json_load_saved(const char *text, const char *source, long long version, struct olc_error *err)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* jansson quotes the text near the mistake ("invalid token near 'cs_...'"): in
		 * connection.json that may be a secret, and the message is logged and shown. */
		olc_error_set(err, "%s: not JSON (line %d, column %d: %s)", source, jerr.line, jerr.column,
			      olc_json_error_words(json_error_code(&jerr)));
		return NULL;
	}
	const char *problem = NULL;
	json_t *v = json_object_get(root, "version");
	if (!json_is_object(root))
		problem = "expected an object";
	else if (v && (!json_is_integer(v) || json_integer_value(v) > version))
		problem = "saved by a newer version of the plugin";
	if (problem) {
		olc_error_set(err, "%s: %s", source, problem);
		json_decref(root);
		return NULL;
	}
	return root;
}
