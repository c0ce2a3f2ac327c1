/* The live settings as JSON in the plugin's config file; see live-settings.h. */
#include "core/session/live-settings.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/json-check.h"
#include "core/base/text.h"
#include "core/sys/file-io.h"

#define SETTINGS_VERSION 1

static const char *const languages[] = {"en-US", "zh-CN", "zh-TW", "fr-FR"};

const char *const *olc_live_languages(size_t *count)
{
	*count = sizeof(languages) / sizeof(languages[0]);
	return languages;
}

bool olc_live_language_known(const char *code)
{
	if (!code)
		return false;
	if (!*code)
		return true;
	for (size_t i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
		if (strcmp(code, languages[i]) == 0)
			return true;
	return false;
}

void olc_live_settings_default(struct olc_live_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->sold_out_seconds = OLC_SOLD_OUT_SECONDS_DEFAULT;
	s->scene_features_item = true;
}

bool olc_live_settings_check(const struct olc_live_settings *s, struct olc_error *err)
{
	if (!olc_live_language_known(s->stream_language)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown stream language \"%s\" (en-US, zh-CN, zh-TW or fr-FR, or none to follow OBS)",
			      olc_error_excerpt(shown, sizeof(shown), s->stream_language));
		return false;
	}
	if (s->sold_out_seconds < OLC_SOLD_OUT_SECONDS_MIN || s->sold_out_seconds > OLC_SOLD_OUT_SECONDS_MAX) {
		olc_error_set(err, "the sold-out time must be a whole number of seconds from %d to %d, not %d",
			      OLC_SOLD_OUT_SECONDS_MIN, OLC_SOLD_OUT_SECONDS_MAX, s->sold_out_seconds);
		return false;
	}
	return true;
}

char *olc_live_settings_to_json(const struct olc_live_settings *s)
{
	json_t *obj = json_object();
	if (!obj)
		return NULL;
	json_object_set_new(obj, "version", json_integer(SETTINGS_VERSION));
	json_object_set_new(obj, "stream_language", json_string(s->stream_language));
	json_object_set_new(obj, "sold_out_advance", json_boolean(s->sold_out_advance));
	json_object_set_new(obj, "sold_out_seconds", json_integer(s->sold_out_seconds));
	json_object_set_new(obj, "scene_features_item", json_boolean(s->scene_features_item));
	char *text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

static bool take_bool(json_t *root, const char *key, bool *field, const char *source, struct olc_error *err)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		return true;
	if (!json_is_boolean(v)) {
		olc_error_set(err, "%s: \"%s\" must be true or false", source, key);
		return false;
	}
	*field = json_is_true(v);
	return true;
}

bool olc_live_settings_from_json(const char *text, const char *source, struct olc_live_settings *out,
				 struct olc_error *err)
{
	if (!source)
		source = "live settings";
	static const char *const known[] = {"version", "stream_language", "sold_out_advance", "sold_out_seconds",
					     "scene_features_item", NULL};
	json_t *root = olc_json_load_saved(text, source, SETTINGS_VERSION, err);
	if (!root)
		return false;
	struct olc_live_settings s;
	olc_live_settings_default(&s);
	bool ok = false;
	/* A misspelt key would otherwise be a setting that silently does nothing. */
	if (!olc_json_known_fields(root, known, source, err))
		goto done;
	json_t *lang = json_object_get(root, "stream_language");
	if (lang && !json_is_null(lang)) {
		if (!json_is_string(lang) || json_string_length(lang) >= sizeof(s.stream_language) ||
		    !olc_live_language_known(json_string_value(lang))) {
			olc_error_set(err, "%s: \"stream_language\" must be \"\", \"en-US\", \"zh-CN\", \"zh-TW\" or \"fr-FR\"",
				      source);
			goto done;
		}
		snprintf(s.stream_language, sizeof(s.stream_language), "%s", json_string_value(lang));
	}
	if (!take_bool(root, "sold_out_advance", &s.sold_out_advance, source, err) ||
	    !take_bool(root, "scene_features_item", &s.scene_features_item, source, err))
		goto done;
	json_t *secs = json_object_get(root, "sold_out_seconds");
	if (secs) {
		if (!json_is_integer(secs) || json_integer_value(secs) < OLC_SOLD_OUT_SECONDS_MIN ||
		    json_integer_value(secs) > OLC_SOLD_OUT_SECONDS_MAX) {
			olc_error_set(err, "%s: \"sold_out_seconds\" must be a whole number from %d to %d", source,
				      OLC_SOLD_OUT_SECONDS_MIN, OLC_SOLD_OUT_SECONDS_MAX);
			goto done;
		}
		s.sold_out_seconds = (int)json_integer_value(secs);
	}
	*out = s;
	ok = true;
done:
	json_decref(root);
	return ok;
}

bool olc_live_settings_load(const char *path, struct olc_live_settings *out, struct olc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	if (!olc_file_read_all(path, OLC_LIVE_SETTINGS_MAX_BYTES, &text, &len, err))
		return false;
	bool ok = olc_live_settings_from_json(text, olc_file_name(path), out, err);
	free(text);
	return ok;
}

bool olc_live_settings_save(const char *path, const struct olc_live_settings *s, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	struct olc_error why = {{0}};
	if (!olc_live_settings_check(s, &why)) {
		olc_error_set(err, "%s: %s", name, why.text);
		return false;
	}
	char *text = olc_live_settings_to_json(s);
	if (!text) {
		olc_error_set(err, "%s: out of memory", name);
		return false;
	}
	bool ok = olc_file_write_atomic(path, text, strlen(text), err);
	free(text);
	return ok;
}
