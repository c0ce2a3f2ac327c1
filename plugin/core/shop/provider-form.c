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
	/* Either the token of an older custom app, or a Dev Dashboard app's client ID and secret (every
	 * new store's since 2026): none of them is required alone (shopify_check says what is missing). */
	{"token", OLC_FORM_SECRET, "Dock.Field.ShopifyToken", "Dock.Field.ShopifyTokenHint", false},
	{"key", OLC_FORM_TEXT, "Dock.Field.ShopifyClientId", "Dock.Field.ShopifyClientIdHint", false},
	{"secret", OLC_FORM_SECRET, "Dock.Field.ShopifyClientSecret", "Dock.Field.ShopifyClientSecretHint", false},
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

const char *olc_connection_field(const struct olc_connection *c, const char *key)
{
	const struct olc_connection_member *m = olc_connection_member_find(key);
	return m ? *olc_connection_member_text((struct olc_connection *)c, m) : NULL;
}

bool olc_connection_set_field(struct olc_connection *c, const char *key, const char *value)
{
	const struct olc_connection_member *member = olc_connection_member_find(key);
	if (!member)
		return false;
	char **m = olc_connection_member_text(c, member);
	char *old = *m;
	*m = NULL;
	if (!olc_str_set_optional(m, value)) {
		*m = old;
		return false;
	}
	if (member->secret)
		olc_secret_free(old);
	else
		free(old);
	return true;
}
