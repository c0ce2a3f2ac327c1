/* The shop connection as JSON in the plugin's config file. */
#include "core/shop/connection-store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/sys/file-io.h"
#include "core/base/json-check.h"
#include "core/base/text.h"

#define STORE_VERSION 1

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
	size_t count;
	const struct olc_connection_member *members = olc_connection_members(&count);
	for (size_t i = 0; i < count; i++)
		set_optional(obj, members[i].key, *olc_connection_member_text((struct olc_connection *)c, &members[i]));
	if (c->poll_ms > 0)
		json_object_set_new(obj, "poll_ms", json_integer(c->poll_ms));
	char *text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

/* Copies an optional string member; false (with err) when present but not a string. */
static bool take_string(json_t *obj, const char *key, char **field, const char *source, struct olc_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		olc_error_set(err, "%s: \"%s\" must be text", source, key);
		return false;
	}
	return olc_str_set_optional(field, json_string_value(v));
}

bool olc_connection_from_json(const char *text, const char *source, struct olc_connection *out, struct olc_error *err)
{
	if (!source)
		source = "connection";
	json_t *root = olc_json_load_saved(text, source, STORE_VERSION, err);
	if (!root)
		return false;

	struct olc_connection c;
	olc_connection_init(&c);
	bool ok = false;
	if (!take_string(root, "provider", &c.provider, source, err))
		goto done;
	size_t count;
	const struct olc_connection_member *members = olc_connection_members(&count);
	for (size_t i = 0; i < count; i++)
		if (!take_string(root, members[i].key, olc_connection_member_text(&c, &members[i]), source, err))
			goto done;
	if (!c.provider || !olc_provider_find(c.provider)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "%s: unknown shop provider \"%s\" (demo, json, woocommerce, shopify, douyin, kuaishou, youzan or taobao)", source,
			      olc_error_excerpt(shown, sizeof(shown), c.provider));
		goto done;
	}
	json_t *poll = json_object_get(root, "poll_ms");
	if (poll && !json_is_null(poll)) {
		if (!json_is_integer(poll) || json_integer_value(poll) < OLC_CONNECTION_POLL_MS_MIN ||
		    json_integer_value(poll) > OLC_CONNECTION_POLL_MS_MAX) {
			olc_error_set(err, "%s: \"poll_ms\" must be a whole number from %d to %d", source,
				      OLC_CONNECTION_POLL_MS_MIN, OLC_CONNECTION_POLL_MS_MAX);
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
	if (!olc_file_read_all(path, OLC_CONNECTION_STORE_MAX_BYTES, &text, &len, err))
		return false;
	bool ok = olc_connection_from_json(text, olc_file_name(path), out, err);
	olc_wipe(text, len); /* the file's text holds the secrets */
	free(text);
	return ok;
}

bool olc_connection_store_save(const char *path, const struct olc_connection *c, struct olc_error *err)
{
	const char *name = olc_file_name(path);
	char *text = olc_connection_to_json(c);
	if (!text) {
		olc_error_set(err, "%s: out of memory", name);
		return false;
	}
	/* What the next start would refuse to read is refused now, while someone is there to hear why:
	 * the reader's own size limit and rules decide. */
	const size_t len = strlen(text);
	struct olc_connection back;
	olc_connection_init(&back);
	bool ok = false;
	if (len > OLC_CONNECTION_STORE_MAX_BYTES)
		olc_error_set(err, "%s: the connection is too large to save (%zu bytes; at most %d)", name, len,
			      OLC_CONNECTION_STORE_MAX_BYTES);
	else
		ok = olc_connection_from_json(text, name, &back, err) &&
		     olc_file_write_atomic_private(path, text, len, err);
	olc_connection_free(&back);
	olc_secret_free(text);
	return ok;
}
