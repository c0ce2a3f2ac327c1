// The connection form's table (core/shop/provider-form.c) and the Test button's one fetch
// (core/shop/connection-test.c), against the real test shop on loopback and the real demo shop.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "core/net/http.h"
#include "core/shop/connection-test.h"
#include "core/shop/provider-form.h"
#include "data-dir.h"
#include "shop-server.h"

namespace {

struct Conn {
	olc_connection c;
	Conn() { olc_connection_init(&c); }
	~Conn() { olc_connection_free(&c); }
	Conn(const Conn &) = delete;
	Conn &operator=(const Conn &) = delete;
};

std::string test_summary(const olc_connection &c, const olc_provider_env &env, bool *ok, std::string *error)
{
	olc_connection_test t;
	olc_error err{};
	*ok = olc_connection_test_run(&c, &env, &t, &err);
	*error = err.text;
	char summary[512];
	olc_connection_test_summary(&t, summary, sizeof(summary));
	return summary;
}

} // namespace

TEST(ProviderForm, EveryProviderHasAFormThatAgreesWithItsCheck)
{
	size_t count = 0;
	const olc_provider_form *forms = olc_provider_forms(&count);
	ASSERT_EQ(count, 8u); // demo, json, woocommerce, shopify, douyin, kuaishou, youzan, taobao
	EXPECT_STREQ(forms[0].provider, "demo");
	EXPECT_NE(olc_provider_form_find("douyin"), nullptr);
	EXPECT_NE(olc_provider_form_find("taobao"), nullptr);
	for (size_t i = 0; i < count; i++) {
		const olc_provider_form &f = forms[i];
		SCOPED_TRACE(f.provider);
		const olc_provider_ops *ops = olc_provider_find(f.provider);
		ASSERT_NE(ops, nullptr);
		EXPECT_EQ(olc_provider_form_find(f.provider), &f);

		// Every required field filled with a value the provider takes: its check passes.
		Conn full;
		ASSERT_TRUE(olc_connection_set_field(&full.c, "url", nullptr));
		full.c.provider = strdup(f.provider);
		for (const olc_form_field *field = f.fields; field->key; field++) {
			ASSERT_NE(field->label_key, nullptr);
			if (!field->required)
				continue;
			const char *value = field->kind == OLC_FORM_URL ? "https://shop.example.cn" : "value-1";
			ASSERT_TRUE(olc_connection_set_field(&full.c, field->key, value)) << field->key;
			EXPECT_STREQ(olc_connection_field(&full.c, field->key), value);
		}
		olc_error err{};
		if (strcmp(f.provider, "shopify") == 0) {
			// Shopify takes a token or a client ID and secret: either set passes, neither does not.
			EXPECT_FALSE(ops->check(&full.c, &err));
			Conn token, app;
			ASSERT_TRUE(olc_connection_copy(&token.c, &full.c));
			ASSERT_TRUE(olc_connection_copy(&app.c, &full.c));
			ASSERT_TRUE(olc_connection_set_field(&token.c, "token", "shpat_1"));
			ASSERT_TRUE(olc_connection_set_field(&app.c, "key", "client-1"));
			EXPECT_FALSE(ops->check(&app.c, &err)) << "a client ID without its secret";
			ASSERT_TRUE(olc_connection_set_field(&app.c, "secret", "shpss_1"));
			EXPECT_TRUE(ops->check(&token.c, &err)) << err.text;
			EXPECT_TRUE(ops->check(&app.c, &err)) << err.text;
			ASSERT_TRUE(olc_connection_set_field(&full.c, "token", "shpat_1"));
		}
		EXPECT_TRUE(ops->check(&full.c, &err)) << err.text;

		// Any one required field left empty: the check refuses.
		for (const olc_form_field *field = f.fields; field->key; field++) {
			if (!field->required)
				continue;
			Conn missing;
			ASSERT_TRUE(olc_connection_copy(&missing.c, &full.c));
			ASSERT_TRUE(olc_connection_set_field(&missing.c, field->key, ""));
			EXPECT_EQ(olc_connection_field(&missing.c, field->key), nullptr);
			EXPECT_FALSE(ops->check(&missing.c, &err)) << field->key << " is required but the check passes";
		}
	}
	EXPECT_EQ(olc_provider_form_find("nosuch"), nullptr);
	Conn c;
	EXPECT_FALSE(olc_connection_set_field(&c.c, "provider", "json")); // not a form field
	EXPECT_EQ(olc_connection_field(&c.c, "poll_ms"), nullptr);
}

TEST(ProviderForm, LabelsAndHintsAreInTheLocale)
{
	std::ifstream in(data_dir() + "/locale/en-US.ini");
	std::stringstream text;
	text << in.rdbuf();
	const std::string ini = "\n" + text.str();
	auto has = [&](const char *key) { return ini.find(std::string("\n") + key + "=") != std::string::npos; };
	size_t count = 0;
	const olc_provider_form *forms = olc_provider_forms(&count);
	for (size_t i = 0; i < count; i++) {
		EXPECT_TRUE(has(forms[i].label_key)) << forms[i].label_key;
		for (const olc_form_field *field = forms[i].fields; field->key; field++) {
			EXPECT_TRUE(has(field->label_key)) << field->label_key;
			if (field->hint_key) {
				EXPECT_TRUE(has(field->hint_key)) << field->hint_key;
			}
		}
	}
}

TEST(ConnectionTest, JsonShopSaysWhatItFound)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Conn c;
	c.c.provider = strdup("json");
	const std::string url = shop.http_url("/json");
	ASSERT_TRUE(olc_connection_set_field(&c.c, "url", url.c_str()));
	olc_provider_env env{};
	bool ok = false;
	std::string error;
	// The test shop: six products, one of them (105) out of stock, one (104) without tracked stock.
	EXPECT_EQ(test_summary(c.c, env, &ok, &error), "6 products, 1 without stock, prices in CNY");
	EXPECT_TRUE(ok) << error;
	EXPECT_EQ(shop.requests_to("/json/products").size(), 1u);
	EXPECT_EQ(shop.requests_to("/json/orders").size(), 0u) << "a test fetches the catalog only";

	ASSERT_TRUE(shop.control("POST", "/_control/product", R"({"id":101,"stock":0})"));
	EXPECT_EQ(test_summary(c.c, env, &ok, &error), "6 products, 2 without stock, prices in CNY");

	// The shop failing: false, and the provider's own words.
	shop.set_fault("500", "/json");
	test_summary(c.c, env, &ok, &error);
	EXPECT_FALSE(ok);
	EXPECT_NE(error.find("500"), std::string::npos) << error;
}

TEST(ConnectionTest, WooCommerceWrongSecretIsRefusedInPlainWords)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Conn c;
	c.c.provider = strdup("woocommerce");
	const std::string url = shop.https_url();
	ASSERT_TRUE(olc_connection_set_field(&c.c, "url", url.c_str()));
	ASSERT_TRUE(olc_connection_set_field(&c.c, "key", ShopServer::woo_key));
	ASSERT_TRUE(olc_connection_set_field(&c.c, "secret", "cs_wrong"));
	olc_provider_env env{};
	env.extra_ca_file = shop.ca_file().c_str();
	bool ok = true;
	std::string error;
	test_summary(c.c, env, &ok, &error);
	EXPECT_FALSE(ok);
	EXPECT_NE(error.find("401"), std::string::npos) << error;
	EXPECT_EQ(error.find("cs_wrong"), std::string::npos) << "the secret is quoted: " << error;

	ASSERT_TRUE(olc_connection_set_field(&c.c, "secret", ShopServer::woo_secret));
	EXPECT_EQ(test_summary(c.c, env, &ok, &error), "6 products, 1 without stock, prices in CNY");
	EXPECT_TRUE(ok) << error;
}

TEST(ConnectionTest, RefusedBeforeAnyFetch)
{
	Conn c;
	olc_provider_env env{};
	olc_connection_test t;
	olc_error err{};
	c.c.provider = strdup("woocommerce");
	EXPECT_FALSE(olc_connection_test_run(&c.c, &env, &t, &err));
	EXPECT_NE(std::string(err.text).find("WooCommerce needs"), std::string::npos) << err.text;
	free(c.c.provider);
	c.c.provider = strdup("nosuch");
	EXPECT_FALSE(olc_connection_test_run(&c.c, &env, &t, &err));
	EXPECT_STREQ(err.text, "there is no shop provider called \"nosuch\"");
}

TEST(ConnectionTest, DemoShop)
{
	Conn c;
	c.c.provider = strdup("demo");
	const std::string data = data_dir();
	olc_provider_env env{};
	env.data_dir = data.c_str();
	bool ok = false;
	std::string error;
	const std::string summary = test_summary(c.c, env, &ok, &error);
	EXPECT_TRUE(ok) << error;
	EXPECT_NE(summary.find("prices in CNY"), std::string::npos) << summary;
	EXPECT_EQ(summary.rfind("0 products", 0), std::string::npos) << summary;
}
