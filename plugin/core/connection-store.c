/* The shop connection as JSON in the plugin's config file. */
#include "connection-store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "file-io.h"
#include "text.h"

#define STORE_VERSION   1
#define STORE_MAX_BYTES (64 * 1024)
#define POLL_MS_MIN     100
#define POLL_MS_MAX     600000

static void set_optional(json_t *obj, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(obj, key, json_string(value));
}

char *olc_connection_to_json(const struct olc_connection *c)
{
	json_t *obj = json_object();
	if (!obj)
		return NULL;
	json_object_set_new(obj, "version", json_integer(STORE_VERSION));
	set_optional(obj, "provider", c->provider);
	set_optional(obj, "url", c->url);
	set_optional(obj, "key", c->key);
	set_optional(obj, "secret", c->secret);
	set_optional(obj, "token", c->token);
	set_optional(obj, "api_version", c->api_version);
	if (c->poll_ms > 0)
		json_object_set_new(obj, "poll_ms", json_integer(c->poll_ms));
	char *text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

/* Copies an optional string member; false (with err) when present but not a string. */
static bool take_string(json_t *obj, const char *key, char **field, struct olc_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		olc_error_set(err, "connection: \"%s\" must be text", key);
		return false;
	}
	return olc_str_set_optional(field, json_string_value(v));
}

bool olc_connection_from_json(const char *text, struct olc_connection *out, struct olc_error *err)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* jansson's own text would quote the file, secrets and all. */
		olc_error_set(err, "connection: not JSON (line %d, column %d: %s)", jerr.line, jerr.column,
			      olc_json_error_words(json_error_code(&jerr)));
		return false;
	}

	struct olc_connection c;
	olc_connection_init(&c);
	bool ok = false;
	if (!json_is_object(root)) {
		olc_error_set(err, "connection: expected an object");
		goto done;
	}
	json_t *version = json_object_get(root, "version");
	if (version && (!json_is_integer(version) || json_integer_value(version) > STORE_VERSION)) {
		olc_error_set(err, "connection: saved by a newer version of the plugin");
		goto done;
	}
	if (!take_string(root, "provider", &c.provider, err) || !take_string(root, "url", &c.url, err) ||
	    !take_string(root, "key", &c.key, err) || !take_string(root, "secret", &c.secret, err) ||
	    !take_string(root, "token", &c.token, err) || !take_string(root, "api_version", &c.api_version, err))
		goto done;
	if (!c.provider || !olc_provider_find(c.provider)) {
		olc_error_set(err, "connection: unknown shop provider \"%s\" (demo, json, woocommerce or shopify)",
			      c.provider ? c.provider : "");
		goto done;
	}
	json_t *poll = json_object_get(root, "poll_ms");
	if (poll && !json_is_null(poll)) {
		if (!json_is_integer(poll) || json_integer_value(poll) < POLL_MS_MIN ||
		    json_integer_value(poll) > POLL_MS_MAX) {
			olc_error_set(err, "connection: \"poll_ms\" must be a whole number from %d to %d", POLL_MS_MIN,
				      POLL_MS_MAX);
			goto done;
		}
		c.poll_ms = (int)json_integer_value(poll);
	}

	olc_connection_free(out);
	*out = c;
	olc_connection_init(&c);
	ok = true;
done:
	olc_connection_free(&c);
	json_decref(root);
	return ok;
}

bool olc_connection_store_load(const char *path, struct olc_connection *out, struct olc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	if (!olc_file_read_all(path, STORE_MAX_BYTES, &text, &len, err))
		return false;
	bool ok = olc_connection_from_json(text, out, err);
	olc_wipe(text, len); /* the file's text holds the secrets */
	free(text);
	return ok;
}

bool olc_connection_store_save(const char *path, const struct olc_connection *c, struct olc_error *err)
{
	char *text = olc_connection_to_json(c);
	if (!text) {
		olc_error_set(err, "connection: out of memory");
		return false;
	}
	bool ok = olc_file_write_atomic_private(path, text, strlen(text), err);
	olc_secret_free(text);
	return ok;
}
