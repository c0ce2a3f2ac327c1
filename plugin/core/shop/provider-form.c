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

/* The gateway is optional (Douyin's own by default); the tests point it at their shop. */
static const struct olc_form_field douyin_fields[] = {
	{"key", OLC_FORM_SECRET, "Dock.Field.DouyinAppKey", "Dock.Field.DouyinAppKeyHint", true},
	{"secret", OLC_FORM_SECRET, "Dock.Field.DouyinAppSecret", "Dock.Field.DouyinAppSecretHint", true},
	{"shop_id", OLC_FORM_TEXT, "Dock.Field.DouyinShopId", "Dock.Field.DouyinShopIdHint", true},
	{"url", OLC_FORM_URL, "Dock.Field.DouyinGateway", "Dock.Field.DouyinGatewayHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

/* Kuaishou: an authorised app gives an access token and a refresh token; the refresh token, with the
 * app secret, is what keeps the shop connected (the plugin refreshes, so the access token may stay
 * empty). check() also takes a console-copied access token alone, which works until it expires. */
static const struct olc_form_field kuaishou_fields[] = {
	{"key", OLC_FORM_SECRET, "Dock.Field.KuaishouAppKey", "Dock.Field.KuaishouAppKeyHint", true},
	{"secret", OLC_FORM_SECRET, "Dock.Field.KuaishouAppSecret", "Dock.Field.KuaishouAppSecretHint", true},
	{"sign_secret", OLC_FORM_SECRET, "Dock.Field.KuaishouSignSecret", "Dock.Field.KuaishouSignSecretHint", true},
	{"refresh_token", OLC_FORM_SECRET, "Dock.Field.KuaishouRefreshToken", "Dock.Field.KuaishouRefreshTokenHint",
	 true},
	{"token", OLC_FORM_SECRET, "Dock.Field.KuaishouAccessToken", "Dock.Field.KuaishouAccessTokenHint", false},
	{"url", OLC_FORM_URL, "Dock.Field.KuaishouGateway", "Dock.Field.KuaishouGatewayHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

/* Youzan: a self-use app's client id and secret, and the shop's kdt_id. */
static const struct olc_form_field youzan_fields[] = {
	{"key", OLC_FORM_SECRET, "Dock.Field.YouzanClientId", "Dock.Field.YouzanClientIdHint", true},
	{"secret", OLC_FORM_SECRET, "Dock.Field.YouzanClientSecret", "Dock.Field.YouzanClientSecretHint", true},
	{"shop_id", OLC_FORM_TEXT, "Dock.Field.YouzanKdtId", "Dock.Field.YouzanKdtIdHint", true},
	{"url", OLC_FORM_URL, "Dock.Field.YouzanGateway", "Dock.Field.YouzanGatewayHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

/* Taobao: the session key is what authorising the app gives (token); the sign method is md5 unless
 * the merchant chose hmac-sha256; the gateway is Taobao's unless the tests name their shop. */
static const struct olc_form_field taobao_fields[] = {
	{"key", OLC_FORM_TEXT, "Dock.Field.TaobaoAppKey", "Dock.Field.TaobaoAppKeyHint", true},
	{"secret", OLC_FORM_SECRET, "Dock.Field.TaobaoAppSecret", "Dock.Field.TaobaoAppSecretHint", true},
	{"token", OLC_FORM_SECRET, "Dock.Field.TaobaoSession", "Dock.Field.TaobaoSessionHint", true},
	{"sign_method", OLC_FORM_CHOICE, "Dock.Field.TaobaoSignMethod", "Dock.Field.TaobaoSignMethodHint", false},
	{"url", OLC_FORM_URL, "Dock.Field.TaobaoGateway", "Dock.Field.TaobaoGatewayHint", false},
	{NULL, OLC_FORM_TEXT, NULL, NULL, false},
};

static const struct olc_provider_form forms[] = {
	{"demo", "Dock.Provider.Demo", demo_fields},
	{"json", "Dock.Provider.Json", json_fields},
	{"woocommerce", "Dock.Provider.WooCommerce", woocommerce_fields},
	{"shopify", "Dock.Provider.Shopify", shopify_fields},
	{"douyin", "Dock.Provider.Douyin", douyin_fields},
	{"kuaishou", "Dock.Provider.Kuaishou", kuaishou_fields},
	{"youzan", "Dock.Provider.Youzan", youzan_fields},
	{"taobao", "Dock.Provider.Taobao", taobao_fields},
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

const char *const *olc_form_choices(const char *provider, const char *key)
{
	static const char *const taobao_sign_methods[] = {"md5", "hmac-sha256", NULL};
	if (provider && key && strcmp(provider, "taobao") == 0 && strcmp(key, "sign_method") == 0)
		return taobao_sign_methods;
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
