/* What each shop provider asks of the user, as data: the dock draws the connection form from this
 * table, so a new provider gets its form by adding an entry here and no dock code. Labels and hints
 * are locale keys (data/locale/, one file per language). The table is static and constant: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/shop/connection-store.h" /* the poll interval's range, which the form offers */
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

enum olc_form_field_kind {
	OLC_FORM_TEXT,   /* plain text */
	OLC_FORM_URL,    /* a shop address (json also takes a file path) */
	OLC_FORM_SECRET, /* a key or token: masked until the user asks to see it, never logged */
	OLC_FORM_CHOICE, /* text with suggestions (olc_form_choices): Taobao's sign method */
};

struct olc_form_field {
	const char *key; /* an olc_connection member (olc_connection_members): "url", "key", ... */
	enum olc_form_field_kind kind;
	const char *label_key;
	const char *hint_key; /* NULL: no hint */
	bool required;
};

struct olc_provider_form {
	const char *provider;  /* olc_connection.provider: "demo", "json", "woocommerce", "shopify" */
	const char *label_key; /* what the provider is called in the dock */
	const struct olc_form_field *fields; /* ends with an entry whose key is NULL */
};

/* Every provider's form, in the order the dock lists them (demo first). */
const struct olc_provider_form *olc_provider_forms(size_t *count);
/* The form of provider name, or NULL. */
const struct olc_provider_form *olc_provider_form_find(const char *name);

/* The suggestions of provider's OLC_FORM_CHOICE field key, NULL-terminated, the default first; NULL
 * when the field has none. The dock offers them in a list the user may still type into. */
const char *const *olc_form_choices(const char *provider, const char *key);

/* The connection's value for a form field's key ("url", "key", ...), NULL when it is not set or the
 * key names no member. */
const char *olc_connection_field(const struct olc_connection *c, const char *key);
/* Sets (a copy of) value, or clears the member when value is NULL or "". false when the key names
 * no member or memory runs out (the member is then unchanged). */
bool olc_connection_set_field(struct olc_connection *c, const char *key, const char *value);

#ifdef __cplusplus
}
#endif
