// The "douyin" provider: the signer on the official SDK's vector, param_json's canonical form, the
// parsers on answers shaped like the open platform's (its Go SDK's response types), then fetches
// against the test shop (tests/shop-server/platforms/douyin.mjs), which checks every signature.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include <jansson.h>

#include "fixtures/fixtures.h"
#include "core/net/http.h"
#include "core/shop/connection-test.h"
#include "core/shop/douyin.h"
#include "core/shop/iso8601.h"
#include "core/sys/clock.h"
#include "shop-server.h"

namespace {

// What tests/shop-server/platforms/douyin.mjs accepts.
constexpr const char *kAppKey = "7412345678901234567";
constexpr const char *kAppSecret = "dy-test-5e0c7a1f-2b9d-secret";
constexpr const char *kShopId = "24681357";

std::string param_json(const char *text)
{
	json_error_t error;
	json_t *params = json_loads(text, 0, &error);
	EXPECT_NE(params, nullptr) << error.text;
	char *out = olc_douyin_param_json(params);
	std::string result = out ? out : "(null)";
	free(out);
	json_decref(params);
	return result;
}

struct Envelope {
	olc_douyin_status st{};
	olc_error err{};
	bool ok = false;
	explicit Envelope(const std::string &body)
	{
		json_t *root = nullptr;
		const json_t *data = nullptr;
		ok = olc_douyin_parse_envelope(body.data(), body.size(), &root, &data, &st, &err);
		json_decref(root);
	}
};

} // namespace

TEST(DouyinSign, OfficialSdkVector)
{
	// The official Go SDK's Sign() on its sample keys (utils/sign_util.go).
	char sign[OLC_DOUYIN_SIGN_LEN + 1];
	ASSERT_TRUE(olc_douyin_sign("3409409348479354011", "2ad2355c-01d0-11f8-91dc-05a8cd1054b1", "product.listV2",
				    1700000000, "{\"name\":\"a&b<c>中文\",\"page\":1,\"size\":20}", sign));
	EXPECT_STREQ(sign, "19be7fc553a21bb802eb0a0286214286067407565a2e607dd35c06fdffb2def9");

	// Every part is signed: another timestamp, method or body gives another signature.
	char other[OLC_DOUYIN_SIGN_LEN + 1];
	ASSERT_TRUE(olc_douyin_sign("3409409348479354011", "2ad2355c-01d0-11f8-91dc-05a8cd1054b1", "product.listV2",
				    1700000001, "{\"name\":\"a&b<c>中文\",\"page\":1,\"size\":20}", other));
	EXPECT_STRNE(sign, other);
	ASSERT_TRUE(olc_douyin_sign("3409409348479354011", "2ad2355c-01d0-11f8-91dc-05a8cd1054b1", "product.listV2",
				    1700000000, "{\"name\":\"a&b<c>中文\",\"page\":2,\"size\":20}", other));
	EXPECT_STRNE(sign, other);
}

TEST(DouyinSign, ParamJsonIsCanonical)
{
	// Sorted keys at every level, compact, UTF-8 as it is: & < > / and Chinese unescaped.
	EXPECT_EQ(param_json(R"({"size":20, "page":1, "name":"a&b<c>中文"})"),
		  R"({"name":"a&b<c>中文","page":1,"size":20})");
	EXPECT_EQ(param_json(R"({"z":{"y":[{"b":2,"a":"x/y"}],"x":null},"a":true,"m":-3})"),
		  R"({"a":true,"m":-3,"z":{"x":null,"y":[{"a":"x/y","b":2}]}})");
	EXPECT_EQ(param_json(R"({"code":"","shop_id":24681357,"grant_type":"authorization_self"})"),
		  R"({"code":"","grant_type":"authorization_self","shop_id":24681357})");
	EXPECT_EQ(param_json("{}"), "{}");

	// And the signature is of those exact bytes: the vector again, from parameters in any order.
	std::string text = param_json(R"({"page":1,"size":20,"name":"a&b<c>中文"})");
	char sign[OLC_DOUYIN_SIGN_LEN + 1];
	ASSERT_TRUE(olc_douyin_sign("3409409348479354011", "2ad2355c-01d0-11f8-91dc-05a8cd1054b1", "product.listV2",
				    1700000000, text.c_str(), sign));
	EXPECT_STREQ(sign, "19be7fc553a21bb802eb0a0286214286067407565a2e607dd35c06fdffb2def9");
}

TEST(DouyinSign, MethodPath)
{
	char path[64];
	ASSERT_TRUE(olc_douyin_method_path("product.listV2", path, sizeof(path)));
	EXPECT_STREQ(path, "/product/listV2");
	ASSERT_TRUE(olc_douyin_method_path("order.searchList", path, sizeof(path)));
	EXPECT_STREQ(path, "/order/searchList");
	ASSERT_TRUE(olc_douyin_method_path("token.create", path, sizeof(path)));
	EXPECT_STREQ(path, "/token/create");
	for (const char *bad : {"", ".x", "x.", "a..b", "a/b", "a.b?c", "a b"})
		EXPECT_FALSE(olc_douyin_method_path(bad, path, sizeof(path))) << bad;
	EXPECT_FALSE(olc_douyin_method_path("product.listV2", path, 15)) << "too long for the buffer";
}

TEST(ProviderDouyin, ErrorCodesInPlainWords)
{
	Envelope sig(fixture("douyin/signature-invalid.json"));
	EXPECT_FALSE(sig.ok);
	EXPECT_EQ(sig.st.code, 40003);
	EXPECT_EQ(sig.st.failure, OLC_DOUYIN_SIGNATURE);
	EXPECT_STREQ(sig.err.text, "the request's signature was refused (isv.signature-invalid): check the App "
				   "Secret (抖店开放平台 > 控制台 > 应用 > 应用凭证)");

	Envelope expired(fixture("douyin/token-expired.json"));
	EXPECT_EQ(expired.st.failure, OLC_DOUYIN_TOKEN);
	EXPECT_STREQ(expired.st.sub_code, "isv.access-token-expired");

	Envelope limited(fixture("douyin/rate-limited.json"));
	EXPECT_EQ(limited.st.failure, OLC_DOUYIN_RATE_LIMIT);
	EXPECT_STREQ(limited.err.text, "too many requests (60000): waiting before the next try");

	Envelope denied(fixture("douyin/permission.json"));
	EXPECT_EQ(denied.st.failure, OLC_DOUYIN_PERMISSION);
	EXPECT_STREQ(denied.err.text, "the app may not do this (30001, isv.app-permissions-insufficient): check that "
				      "the app has the product and order permissions (权限包) and that the shop still "
				      "authorises it");

	Envelope business(fixture("douyin/business-error.json"));
	EXPECT_EQ(business.st.failure, OLC_DOUYIN_OTHER);
	EXPECT_STREQ(business.err.text, "code 50002 (isv.business-failed:10001): 商品不存在");

	EXPECT_EQ(olc_douyin_classify(10000, ""), OLC_DOUYIN_OK);
	EXPECT_EQ(olc_douyin_classify(40003, "isv.access-token-no-existed"), OLC_DOUYIN_TOKEN);
	EXPECT_EQ(olc_douyin_classify(40003, "isv.access-token-invalid"), OLC_DOUYIN_TOKEN);
	EXPECT_EQ(olc_douyin_classify(40001, "isv.signature-missing"), OLC_DOUYIN_SIGNATURE);
	EXPECT_EQ(olc_douyin_classify(40003, "isv.app-id-invalid"), OLC_DOUYIN_APP_KEY);
	EXPECT_EQ(olc_douyin_classify(40003, "isv.timestamp-invalid"), OLC_DOUYIN_TIMESTAMP);
	EXPECT_EQ(olc_douyin_classify(30002, ""), OLC_DOUYIN_IP);
	EXPECT_EQ(olc_douyin_classify(50001, "dop.token-generate-failed:app-secret-invalid"), OLC_DOUYIN_CREDENTIALS);
	EXPECT_EQ(olc_douyin_classify(90000, "dop.unknown-error"), OLC_DOUYIN_OTHER);

	Envelope none(R"({"msg":"ok","data":{}})");
	EXPECT_FALSE(none.ok);
	EXPECT_STREQ(none.err.text, "the answer has no \"code\": not an answer of Douyin's open platform");
	Envelope page("<html><body>502 Bad Gateway</body></html>");
	EXPECT_FALSE(page.ok);
	EXPECT_EQ(page.st.code, 0);
}

TEST(ProviderDouyin, TokenAnswer)
{
	std::string body = fixture("douyin/token.json");
	olc_douyin_token t{};
	olc_douyin_status st{};
	olc_error err{};
	ASSERT_TRUE(olc_douyin_parse_token(body.data(), body.size(), &t, &st, &err)) << err.text;
	EXPECT_STREQ(t.access_token, "c2f1e6a4-5b7d-4e1f-9a0c-3d8e7f6a5b4c");
	EXPECT_STREQ(t.refresh_token, "9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d");
	EXPECT_EQ(t.expires_in_s, 604800);
	olc_douyin_token_free(&t);

	std::string refused =
		R"({"code":50001,"msg":"平台处理失败","sub_code":"dop.token-generate-failed:app-secret-invalid",)"
		R"("sub_msg":"生成token失败","data":null,"log_id":"1"})";
	EXPECT_FALSE(olc_douyin_parse_token(refused.data(), refused.size(), &t, &st, &err));
	EXPECT_EQ(st.failure, OLC_DOUYIN_CREDENTIALS);
	EXPECT_STREQ(
		err.text,
		"no access token was given (dop.token-generate-failed:app-secret-invalid): check "
		"the App Key, the App Secret and the shop ID, and that the self-use app is authorised for this shop");
	EXPECT_EQ(t.access_token, nullptr);
}

TEST(ProviderDouyin, ProductPage)
{
	std::string body = fixture("douyin/products-page1.json");
	Catalog catalog;
	int64_t total = 0;
	olc_douyin_status st{};
	olc_parse_report report{};
	olc_error err{};
	ASSERT_TRUE(olc_douyin_parse_products(body.data(), body.size(), &catalog.c, &total, &st, &report, &err))
		<< err.text;
	EXPECT_EQ(total, 104);
	// The offline product is not on sale (no rejection); the one without a name is rejected.
	ASSERT_EQ(catalog.c.count, 2u);
	EXPECT_EQ(report.accepted, 2u);
	EXPECT_EQ(report.rejected, 1u);
	EXPECT_STREQ(report.first_rejection.text, "product 2 (id 3628937401234567892): \"name\" is empty");

	// A 19-digit id read exactly (it is past what a double holds), Douyin's product page as the link.
	const olc_product &m = catalog.at("3628937401234567890");
	EXPECT_EQ(str(m.title), "云南野生松茸 250g 香格里拉产地直发");
	EXPECT_EQ(str(m.url), "https://haohuo.jinritemai.com/views/product/detail?id=3628937401234567890");
	EXPECT_EQ(str(m.image_url), "https://p3-aio.ecombdimg.com/obj/ecom-shop-material/matsutake-250g.jpeg");
	EXPECT_EQ(m.price.minor, 0) << "the price comes from the SKUs";
	EXPECT_EQ(olc_catalog_find(&catalog.c, "3628937401234567891"), nullptr);
	EXPECT_EQ(catalog.at("3628937401234567893").image_url, nullptr) << "only http(s) photos";
}

TEST(ProviderDouyin, SkusGiveFromPriceAndSummedStock)
{
	olc_product p;
	olc_product_init(&p);
	p.id = strdup("3628937401234567890");
	olc_douyin_status st{};
	olc_error err{};
	std::string multi = fixture("douyin/skus-multi.json");
	ASSERT_TRUE(olc_douyin_parse_skus(multi.data(), multi.size(), &p, &st, &err)) << err.text;
	EXPECT_EQ(p.price.minor, 16800) << "the lowest SKU, in fen";
	EXPECT_STREQ(p.price.currency, "CNY");
	EXPECT_TRUE(p.price_from);
	ASSERT_TRUE(p.has_stock);
	EXPECT_EQ(p.stock, 20);

	std::string bad = fixture("douyin/skus-bad.json");
	EXPECT_FALSE(olc_douyin_parse_skus(bad.data(), bad.size(), &p, &st, &err));
	EXPECT_STREQ(err.text, "SKU 2: \"price\" must be a whole number, not text");

	// Another product's SKUs are not this one's.
	std::string regional = fixture("douyin/skus-regional.json");
	EXPECT_FALSE(olc_douyin_parse_skus(regional.data(), regional.size(), &p, &st, &err));
	EXPECT_STREQ(err.text, "SKU 1: it belongs to another product");
	olc_product_free(&p);

	// Regional stock (sku_type 1) is the sum of its warehouses; equal prices are no "from".
	olc_product_init(&p);
	p.id = strdup("3628937401234567893");
	ASSERT_TRUE(olc_douyin_parse_skus(regional.data(), regional.size(), &p, &st, &err)) << err.text;
	EXPECT_EQ(p.price.minor, 3990);
	EXPECT_FALSE(p.price_from);
	EXPECT_EQ(p.stock, 30 + 12 + 5);

	std::string none = R"({"code":10000,"msg":"success","data":[]})";
	EXPECT_FALSE(olc_douyin_parse_skus(none.data(), none.size(), &p, &st, &err));
	EXPECT_STREQ(err.text, "the product has no SKU with a price");
	std::string negative = R"({"code":10000,"data":[{"price":-1,"stock_num":1}]})";
	EXPECT_FALSE(olc_douyin_parse_skus(negative.data(), negative.size(), &p, &st, &err));
	EXPECT_STREQ(err.text, "SKU 1: \"price\" -1 fen is below zero");
	olc_product_free(&p);
}

TEST(ProviderDouyin, PaidOrdersOneLineEach)
{
	std::string body = fixture("douyin/orders.json");
	Orders orders;
	int64_t total = 0;
	olc_douyin_status st{};
	olc_parse_report report{};
	olc_error err{};
	ASSERT_TRUE(olc_douyin_parse_orders(body.data(), body.size(), &orders.l, &total, &st, &report, &err))
		<< err.text;
	EXPECT_EQ(total, 5);
	// Unpaid (1) and cancelled (4) are not sales; 2 and 105 are; the broken one is rejected.
	ASSERT_EQ(orders.l.count, 3u);
	EXPECT_EQ(report.accepted, 3u);
	EXPECT_EQ(report.rejected, 1u);
	EXPECT_STREQ(report.first_rejection.text,
		     "order 5 (id 6919283746501230004): \"sku_order_list\" must be a list, not text");

	const olc_order &a = orders.l.orders[0];
	EXPECT_EQ(str(a.id), "6919283746501234567");
	EXPECT_EQ(str(a.product_id), "3628937401234567890");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 32600) << "what the buyer paid for the line, in fen";
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(a.created_at_ms, 1740795330000) << "dated when paid";
	EXPECT_EQ(str(a.buyer), "卓**") << "masked as Douyin gives it; never the encrypted name";
	EXPECT_EQ(str(a.city), "迪庆藏族自治州");

	const olc_order &b = orders.l.orders[1];
	EXPECT_EQ(str(b.id), "6919283746501234567#2");
	EXPECT_EQ(str(b.product_id), "3628937401234567893");
	EXPECT_EQ(b.total.minor, 20390);

	const olc_order &c = orders.l.orders[2];
	EXPECT_EQ(str(c.id), "6919283746501230003");
	EXPECT_EQ(c.quantity, 3);
	EXPECT_EQ(c.total.minor, 11970);
	EXPECT_EQ(str(c.buyer), "D***");
	EXPECT_EQ(str(c.city), "拉萨市") << "mask_post_addr when post_addr is absent";

	for (int64_t s : {105, 2, 101, 3, 5})
		EXPECT_TRUE(olc_douyin_status_paid(s)) << s;
	for (int64_t s : {1, 4, 0, 999})
		EXPECT_FALSE(olc_douyin_status_paid(s)) << s;
}

// ---- against the test shop ----

namespace {

olc_connection douyin_connection(const std::string &url, const char *secret = kAppSecret)
{
	olc_connection c = connection("douyin", url.c_str(), kAppKey, secret);
	c.shop_id = const_cast<char *>(kShopId);
	return c;
}

size_t count_path(ShopServer &shop, const std::string &path)
{
	return shop.requests_to(path).size();
}

} // namespace

TEST(ProviderDouyinFetch, ChecksTheConnection)
{
	const olc_provider_ops *ops = olc_provider_find("douyin");
	ASSERT_EQ(ops, &olc_provider_douyin_ops);
	EXPECT_TRUE(ops->buys_in_app_cart);
	olc_error err{};
	olc_connection c = douyin_connection("");
	c.url = nullptr;
	EXPECT_TRUE(ops->check(&c, &err)) << "Douyin's own gateway by default: " << err.text;
	c.url = const_cast<char *>("http://openapi-fxg.jinritemai.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Douyin access token is only sent over https: the gateway must start with https://");
	c.url = const_cast<char *>("http://127.0.0.1:9/douyin");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.shop_id = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Douyin needs the self-use app's App Key and App Secret (抖店开放平台 > 控制台) and the "
			       "shop ID (抖店后台 > 店铺 > 店铺基本信息)");
}

TEST(ProviderDouyinFetch, CatalogExact)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	EXPECT_EQ(res.report.accepted, 6u);
	EXPECT_EQ(res.report.rejected, 0u);
	ASSERT_EQ(catalog.c.count, 6u);
	const olc_product &m = catalog.at("101");
	EXPECT_EQ(str(m.title), "野生松茸 Wild Matsutake 250 g");
	EXPECT_EQ(m.price.minor, 16800);
	EXPECT_FALSE(m.price_from);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://haohuo.jinritemai.com/views/product/detail?id=101");
	EXPECT_EQ(str(m.image_url), shop.http_url("/images/101.png"));
	// market_price (划线价) 198.00 above the price: struck through; none elsewhere.
	EXPECT_TRUE(m.has_compare_at);
	EXPECT_EQ(m.compare_at.minor, 19800);
	EXPECT_EQ(catalog.at("102").price.minor, 128000);
	EXPECT_FALSE(catalog.at("102").has_compare_at);
	EXPECT_EQ(catalog.at("103").price.minor, 3990);
	EXPECT_FALSE(catalog.at("104").has_stock) << "no stock_num: not counted";
	EXPECT_EQ(catalog.at("105").stock, 0);
	// Two SKUs, 128.50 and 168.00: the lowest, marked "from", and the stock of both.
	const olc_product &tea = catalog.at("106");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_TRUE(tea.price_from);
	EXPECT_EQ(tea.stock, 25);

	// One token, one page of products, one sku.list per product; all signed (the shop checked).
	EXPECT_EQ(count_path(shop, "/douyin/token/create"), 1u);
	EXPECT_EQ(count_path(shop, "/douyin/product/listV2"), 1u);
	auto skus = shop.requests_to("/douyin/sku/list");
	ASSERT_EQ(skus.size(), 6u);
	EXPECT_EQ(skus[0].body, R"({"product_id":101})");
	auto list = shop.requests_to("/douyin/product/listV2");
	EXPECT_EQ(list[0].body, R"({"page":1,"size":100})");
	EXPECT_EQ(list[0].query["v"], "2");
	EXPECT_EQ(list[0].query["sign_method"], "hmac-sha256");
	EXPECT_EQ(list[0].query["access_token"], "(present)");
	EXPECT_EQ(list[0].query["sign"].size(), 64u);
	auto token = shop.requests_to("/douyin/token/create");
	EXPECT_EQ(token[0].body, R"({"code":"","grant_type":"authorization_self","shop_id":24681357})");
	EXPECT_EQ(token[0].query.count("access_token"), 0u);

	// The token is kept: a second catalog asks for none.
	Catalog again;
	ASSERT_TRUE(p.catalog(again, currency, res, err)) << err.text;
	EXPECT_EQ(count_path(shop, "/douyin/token/create"), 1u);
}

// The dock's Test button: one catalog fetch with the form's fields, summed up or refused in words.
TEST(ProviderDouyinFetch, TestButtonSaysWhatItFoundOrWhatIsWrong)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	olc_provider_env env{};
	olc_connection_test t{};
	olc_error err{};
	olc_connection good = douyin_connection(url);
	ASSERT_TRUE(olc_connection_test_run(&good, &env, &t, &err)) << err.text;
	char summary[256];
	olc_connection_test_summary(&t, summary, sizeof(summary));
	EXPECT_STREQ(summary, "6 products, 1 without stock, prices in CNY");
	EXPECT_EQ(count_path(shop, "/douyin/order/searchList"), 0u) << "a test fetches the catalog only";

	olc_connection wrong = douyin_connection(url, "a-wrong-secret");
	EXPECT_FALSE(olc_connection_test_run(&wrong, &env, &t, &err));
	EXPECT_NE(std::string(err.text).find("check the App Secret"), std::string::npos) << err.text;
}

TEST(ProviderDouyinFetch, WrongSecretIsRefusedInPlainWords)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url, "not-the-secret"));
	ASSERT_NE(p.state, nullptr) << p.err.text;
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "Douyin access token: the request's signature was refused (isv.signature-invalid): "
			       "check the App Secret (抖店开放平台 > 控制台 > 应用 > 应用凭证)");
	EXPECT_EQ(catalog.c.count, 0u);
	EXPECT_EQ(count_path(shop, "/douyin/product/listV2"), 0u);
	EXPECT_EQ(std::string(err.text).find("not-the-secret"), std::string::npos);
}

TEST(ProviderDouyinFetch, TokenExpirySurvived)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	Orders orders;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	ASSERT_EQ(count_path(shop, "/douyin/token/create"), 1u);

	// The shop expires every token; the next poll meets isv.access-token-expired, refreshes and
	// tries again, and the order is there.
	ASSERT_TRUE(shop.control("POST", "/_control/platform/douyin/expire-tokens", "{}")) << shop.error();
	ASSERT_TRUE(shop.add_order("103", 2, "王芳", "昆明"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 1u);
	EXPECT_EQ(str(got.l.orders[0].product_id), "103");
	EXPECT_EQ(count_path(shop, "/douyin/token/refresh"), 1u);
	auto searches = shop.requests_to("/douyin/order/searchList");
	ASSERT_EQ(searches.size(), 3u) << "refused once, then again with the new token";

	// A refresh token that no longer works (the shop forgot it) ends with a new token.create.
	ASSERT_TRUE(shop.reset());
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(count_path(shop, "/douyin/token/refresh"), 1u);
	EXPECT_EQ(count_path(shop, "/douyin/token/create"), 1u);
}

TEST(ProviderDouyinFetch, TokenRenewedBeforeExpiry)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/douyin/config", R"({"expires_in":2})")) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	Orders orders;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	EXPECT_EQ(count_path(shop, "/douyin/token/refresh"), 0u);
	// A 2 s token is due after half of its life: the next poll refreshes it first, so Douyin
	// never has to refuse it (one search per poll, no retry).
	olc_sleep_ms(1100);
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	EXPECT_EQ(count_path(shop, "/douyin/token/refresh"), 1u);
	EXPECT_EQ(count_path(shop, "/douyin/token/create"), 1u);
	EXPECT_EQ(count_path(shop, "/douyin/order/searchList"), 2u);
	auto refresh = shop.requests_to("/douyin/token/refresh");
	ASSERT_EQ(refresh.size(), 1u);
	EXPECT_EQ(refresh[0].body, R"x({"grant_type":"refresh_token","refresh_token":"(present)"})x");
	EXPECT_EQ(refresh[0].query.count("access_token"), 0u);
}

TEST(ProviderDouyinFetch, OrdersOnceAcrossOverlappingWindows)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));

	ASSERT_TRUE(shop.add_order("102", 1, "Early", "Dali"));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u) << "the first poll only records what is there";

	ASSERT_TRUE(shop.control(
		"POST", "/_control/order",
		R"({"buyer":"卓玛","city":"香格里拉","lines":[{"product_id":101,"quantity":1},{"product_id":106,"quantity":2}]})"))
		<< shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/order",
				 R"({"product_id":103,"quantity":1,"buyer":"Zhang","city":"成都","status":"pending"})"))
		<< shop.error();
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 2u) << "the unpaid order is not a sale";
	EXPECT_EQ(str(got.l.orders[0].product_id), "101");
	EXPECT_EQ(got.l.orders[0].total.minor, 16800);
	EXPECT_EQ(str(got.l.orders[0].buyer), "卓*");
	EXPECT_EQ(str(got.l.orders[0].city), "香格里拉");
	EXPECT_EQ(str(got.l.orders[1].product_id), "106");
	EXPECT_EQ(got.l.orders[1].quantity, 2);
	EXPECT_EQ(got.l.orders[1].total.minor, 25700);
	EXPECT_EQ(str(got.l.orders[1].id), str(got.l.orders[0].id) + "#2");

	// The next windows overlap the last (they start 10 minutes before the newest order): the
	// same orders come back from the shop and are not reported again.
	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);
	auto searches = shop.requests_to("/douyin/order/searchList");
	ASSERT_GE(searches.size(), 3u);
	json_error_t error;
	json_t *last = json_loads(searches.back().body.c_str(), 0, &error);
	ASSERT_NE(last, nullptr) << searches.back().body;
	int64_t start = json_integer_value(json_object_get(last, "update_time_start"));
	int64_t end = json_integer_value(json_object_get(last, "update_time_end"));
	EXPECT_STREQ(json_string_value(json_object_get(last, "order_by")), "update_time");
	EXPECT_TRUE(json_is_true(json_object_get(last, "order_asc")));
	EXPECT_EQ(json_integer_value(json_object_get(last, "page")), 0);
	json_decref(last);
	int64_t now_s = olc_clock_unix_ms() / 1000;
	EXPECT_LE(start, now_s - 590) << "ten minutes of overlap";
	EXPECT_GE(start, now_s - 700);
	EXPECT_GE(end, now_s);

	// An order paid later is reported in its turn, once.
	ASSERT_TRUE(shop.add_order("105", 1, "Li", "大理"));
	Orders later;
	ASSERT_TRUE(p.orders(later, 0, res, err)) << err.text;
	ASSERT_EQ(later.l.count, 1u);
	EXPECT_EQ(str(later.l.orders[0].product_id), "105");
}

TEST(ProviderDouyinFetch, AShippedOrderIsNoNewSale)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	// Paid two hours before the plugin started watching: history.
	char created[OLC_ISO8601_LEN];
	olc_iso8601_format(olc_clock_unix_ms() - 2 * 3600 * 1000, created);
	ASSERT_TRUE(
		shop.control("POST", "/_control/order",
			     std::string(R"({"id":5001,"product_id":102,"quantity":1,"buyer":"Old","created_at":")") +
				     created + "\"}"))
		<< shop.error();
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;

	// Shipped now, it comes back in the window (updated now) but was paid long before: not a sale.
	ASSERT_TRUE(shop.control("POST", "/_control/platform/douyin/ship", R"({"id":5001})")) << shop.error();
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, 0u);

	// A sale of now counts once, and once more shipped it does not count again.
	ASSERT_TRUE(
		shop.control("POST", "/_control/order", R"({"id":5002,"product_id":103,"quantity":1,"buyer":"New"})"))
		<< shop.error();
	Orders sale;
	ASSERT_TRUE(p.orders(sale, 0, res, err)) << err.text;
	ASSERT_EQ(sale.l.count, 1u);
	EXPECT_EQ(str(sale.l.orders[0].id), "5002");
	ASSERT_TRUE(shop.control("POST", "/_control/platform/douyin/ship", R"({"id":5002})")) << shop.error();
	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);
}

TEST(ProviderDouyinFetch, OrderPagesAreAllRead)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	for (int i = 0; i < 105; i++)
		ASSERT_TRUE(shop.add_order("103", 1, "Li", "大理")) << i;
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, 105u);
	auto searches = shop.requests_to("/douyin/order/searchList");
	ASSERT_EQ(searches.size(), 3u) << "the baseline, then pages 0 and 1";
	EXPECT_NE(searches[2].body.find("\"page\":1,"), std::string::npos) << searches[2].body;
}

namespace {
int64_t an_hour_fast()
{
	return olc_clock_unix_ms() + 3600 * 1000;
}
} // namespace

TEST(ProviderDouyinFetch, ClockOffByAnHourIsCorrectedByTheGateways)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	olc_provider_env env{};
	env.now_ms = an_hour_fast;
	Provider p("douyin", douyin_connection(url), &env);
	Orders orders;
	olc_fetch_result res{};
	olc_error err{};
	// The first call is signed an hour ahead and refused (isv.timestamp-invalid); its Date header
	// gives Douyin's clock, and the same call made again by it is taken, within one fetch.
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	auto tokens = shop.requests_to("/douyin/token/create");
	ASSERT_EQ(tokens.size(), 2u);
	int64_t first = std::stoll(tokens[0].query["timestamp"]);
	int64_t second = std::stoll(tokens[1].query["timestamp"]);
	EXPECT_GE(first - second, 3590);
	EXPECT_LE(std::llabs(second - olc_clock_unix_ms() / 1000), 5);

	ASSERT_TRUE(shop.add_order("103", 3, "Dawa", "拉萨"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 1u) << "asked for by Douyin's clock, not an hour ahead";
	EXPECT_EQ(got.l.orders[0].total.minor, 11970);
}

TEST(ProviderDouyinFetch, RateLimitBacksOff)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	// Douyin's 60000 (HTTP 200): the fetch stops and asks the poller to wait.
	ASSERT_TRUE(shop.set_fault("throttled", "/douyin", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, OLC_DOUYIN_RATE_LIMIT_WAIT_MS);
	EXPECT_STREQ(err.text, "Douyin access token: too many requests (60000): waiting before the next try");
	EXPECT_EQ(catalog.c.count, 0u);

	// In the middle of the catalog, too: no half catalog.
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	ASSERT_TRUE(shop.control("POST", "/_control/platform/douyin/rate-limit", R"({"count":1})")) << shop.error();
	Catalog second;
	EXPECT_FALSE(p.catalog(second, currency, res, err));
	EXPECT_STREQ(err.text, "Douyin products: too many requests (60000): waiting before the next try");
	EXPECT_EQ(res.retry_after_ms, OLC_DOUYIN_RATE_LIMIT_WAIT_MS);
	EXPECT_EQ(second.c.count, 0u);

	Catalog third;
	ASSERT_TRUE(p.catalog(third, currency, res, err)) << err.text;
	EXPECT_EQ(third.c.count, 6u);
	EXPECT_EQ(res.retry_after_ms, -1);
}

TEST(ProviderDouyinFetch, BrokenAnswersAndCancel)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/douyin");
	Provider p("douyin", douyin_connection(url));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(shop.set_fault("html-maintenance", "/douyin", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_NE(std::string(err.text).find("web page"), std::string::npos) << err.text;

	ASSERT_TRUE(shop.set_fault("hang", "/douyin"));
	EXPECT_EQ(catalog_error_after_cancel(shop, "douyin", douyin_connection(url), nullptr),
		  "Douyin access token: cancelled");
}
