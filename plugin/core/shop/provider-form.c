/* The connection form of each provider (see provider-form.h). What is required here is what the
 * provider's own check() refuses without, so the form and the provider agree. */
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/shop/provider-form.h"

static const struct olc_form_field demo_fields[] = {
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

static const struct olc_form_field json_fields[] = {
	{"url", OLC_FORM_URL, "Dock.Field.Url", "Dock.Field.JsonUrlHint", true},
	{"token", OLC_FORM_SECRET, "Dock.Field.Token", "Dock.Field.JsonTokenHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

static const struct olc_form_field woocommerce_fields[] = {
	{"url", OLC_FORM_URL, "Dock.Field.Url", "Dock.Field.WebUrlHint", true},
	{"key", OLC_FORM_SECRET, "Dock.Field.WooKey", "Dock.Field.WooKeyHint", true},
	{"secret", OLC_FORM_SECRET, "Dock.Field.WooSecret", NULL, true},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

static const struct olc_form_field shopify_fields[] = {
	{"url", OLC_FORM_URL, "Dock.Field.Url", "Dock.Field.WebUrlHint", true},
	{"token", OLC_FORM_SECRET, "Dock.Field.ShopifyToken", "Dock.Field.ShopifyTokenHint", true},
	{"api_version", OLC_FORM_TEXT, "Dock.Field.ApiVersion", "Dock.Field.ApiVersionHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

static const struct olc_provider_form forms[] = {
	{"demo", "Dock.Provider.Demo", demo_fields},
	{"json", "Dock.Provider.Json", json_fields},
	{"woocommerce", "Dock.Provider.WooCommerce", woocommerce_fields},
	{"shopify", "Dock.Provider.Shopify", shopify_fields},
};

const struct olc_provider_form *olc_provider_forms(size_t *count)
{
	*count = sizeof(forms) / sizeof(forms[0]);
	return forms;
}

const struct olc_provider_form *olc_provider_form_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strcmp(forms[i].provider, name) == 0)
			return &forms[i];
	return NULL;
}

/* The member of c a form key names, or NULL. */
static char **member(struct olc_connection *c, const char *key)
{
	if (!key)
		return NULL;
	if (strcmp(key, "url") == 0)
		return &c->url;
	if (strcmp(key, "key") == 0)
		return &c->key;
	if (strcmp(key, "secret") == 0)
		return &c->secret;
	if (strcmp(key, "token") == 0)
		return &c->token;
	if (strcmp(key, "api_version") == 0)
		return &c->api_version;
	return NULL;
}

const char *olc_connection_field(const struct olc_connection *c, const char *key)
{
	char **m = member((struct olc_connection *)c, key);
	return m ? *m : NULL;
}

bool olc_connection_set_field(struct olc_connection *c, const char *key, const char *value)
{
	char **m = member(c, key);
	if (!m)
		return false;
	const bool secret = m == &c->key || m == &c->secret || m == &c->token;
	char *old = *m;
	*m = NULL;
	if (!olc_str_set_optional(m, value)) {
		*m = old;
		return false;
	}
	if (secret)
		olc_secret_free(old);
	else
		free(old);
	return true;
}
