// The "kuaishou" provider (快手小店): the signer on the issue's vector, the parsers on answers shaped
// like the open platform's (fen prices, SKUs, the cursor, error codes, the refresh answer), then
// fetches against the test shop (tests/shop-server/platforms/kuaishou.mjs): signatures it verifies,
// tokens it expires and rotates, its rate limit; and a live session that keeps the rotated pair.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <jansson.h>

#include "fixtures/fixtures.h"
#include "core/net/http.h"
#include "core/session/session.h"
#include "core/shop/kuaishou.h"
#include "core/shop/provider-form.h"
#include "shop-server.h"

namespace {

const char *const kAppKey = "ks_app_test_7f3a21";
const char *const kAppSecret = "ks_secret_test_51c9e8";
const char *const kSignSecret = "ks_sign_test_e20b44";
const char *const kAccess = "ks_at_first_0001";
const char *const kRefresh = "ks_rt_first_0001";

struct KsItems {
	Catalog catalog;
	olc_kuaishou_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;
	explicit KsItems(const std::string &body)
	{
		ok = olc_kuaishou_parse_items(body.data(), body.size(), &catalog.c, &answer, &report, &err);
	}
};

struct KsOrders {
	Orders orders;
	olc_kuaishou_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;
	explicit KsOrders(const std::string &body)
	{
		ok = olc_kuaishou_parse_orders(body.data(), body.size(), &orders.l, &answer, &report, &err);
	}
};

// The test shop's Kuaishou connection (strings borrowed from the test).
olc_connection ks_connection(const std::string &url, const char *refresh = kRefresh, const char *access = kAccess)
{
	olc_connection c = connection("kuaishou", url.c_str(), kAppKey, kAppSecret, access);
	c.sign_secret = const_cast<char *>(kSignSecret);
	c.refresh_token = const_cast<char *>(refresh);
	return c;
}

// What save_credentials was handed, or a saver that fails.
struct Saver {
	std::mutex mu;
	int calls = 0;
	bool fail = false;
	std::string token, refresh, key, sign_secret;

	static bool save(void *param, const olc_connection *c, olc_error *err)
	{
		auto *s = static_cast<Saver *>(param);
		std::lock_guard<std::mutex> lock(s->mu);
		s->calls++;
		s->token = str(c->token);
		s->refresh = str(c->refresh_token);
		s->key = str(c->key);
		s->sign_secret = str(c->sign_secret);
		if (s->fail) {
			olc_error_set(err, "connection.json: disk full (test)");
			return false;
		}
		return true;
	}
	olc_provider_env env()
	{
		olc_provider_env e{};
		e.save_credentials = save;
		e.save_param = this;
		return e;
	}
	int count()
	{
		std::lock_guard<std::mutex> lock(mu);
		return calls;
	}
};

// A field of a JSON control answer.
std::string json_field(const std::string &text, const char *key)
{
	json_t *root = json_loads(text.c_str(), 0, nullptr);
	json_t *v = json_object_get(root, key);
	std::string out = json_is_string(v)  ? json_string_value(v)
			  : json_is_true(v)  ? "true"
			  : json_is_false(v) ? "false"
					     : "";
	if (json_is_integer(v))
		out = std::to_string(json_integer_value(v));
	json_decref(root);
	return out;
}

std::string shop_tokens(ShopServer &shop, const char *key)
{
	std::string answer;
	EXPECT_TRUE(shop.control("POST", "/_control/platform/kuaishou/tokens", "{}", &answer)) << shop.error();
	return json_field(answer, key);
}

bool shop_takes_refresh(ShopServer &shop, const std::string &token)
{
	std::string answer;
	json_t *body = json_pack("{s:s}", "refresh_token", token.c_str());
	char *text = json_dumps(body, JSON_COMPACT);
	EXPECT_TRUE(shop.control("POST", "/_control/platform/kuaishou/check-refresh", text, &answer)) << shop.error();
	free(text);
	json_decref(body);
	return json_field(answer, "valid") == "true";
}

} // namespace

// ---- the signer ----

TEST(ProviderKuaishou, SignsTheIssueVector)
{
	const olc_kuaishou_call call = {
		"ks123", "open.seller.order.list", "1", "{\"title\":\"短袖\"}", "token", "1583271919000", "HMAC_SHA256",
	};
	char *input = olc_kuaishou_sign_input(&call, "sign-secret");
	ASSERT_NE(input, nullptr);
	EXPECT_STREQ(input, "access_token=token&appkey=ks123&method=open.seller.order.list&param={\"title\":\"短袖\"}"
			    "&signMethod=HMAC_SHA256&timestamp=1583271919000&version=1&signSecret=sign-secret");
	free(input);
	char sign[OLC_KUAISHOU_SIGN_SIZE];
	ASSERT_TRUE(olc_kuaishou_sign(&call, "sign-secret", sign));
	EXPECT_STREQ(sign, "ZpPrG0oB1g/T93FyyVD+VCzRey41yqxZoCqcGg7upYM=");

	// Another secret, another signature; no access token: the field is left out, not signed empty.
	ASSERT_TRUE(olc_kuaishou_sign(&call, "sign-secreT", sign));
	EXPECT_STRNE(sign, "ZpPrG0oB1g/T93FyyVD+VCzRey41yqxZoCqcGg7upYM=");
	olc_kuaishou_call anonymous = call;
	anonymous.access_token = nullptr;
	input = olc_kuaishou_sign_input(&anonymous, "s");
	EXPECT_STREQ(input, "appkey=ks123&method=open.seller.order.list&param={\"title\":\"短袖\"}"
			    "&signMethod=HMAC_SHA256&timestamp=1583271919000&version=1&signSecret=s");
	free(input);
}

TEST(ProviderKuaishou, MethodPaths)
{
	char path[64];
	ASSERT_TRUE(olc_kuaishou_method_path("open.order.cursor.list", path, sizeof(path)));
	EXPECT_STREQ(path, "/open/order/cursor/list");
	ASSERT_TRUE(olc_kuaishou_method_path("open.item.list.get", path, sizeof(path)));
	EXPECT_STREQ(path, "/open/item/list/get");
	EXPECT_FALSE(olc_kuaishou_method_path("open/../x", path, sizeof(path)));
	EXPECT_FALSE(olc_kuaishou_method_path("", path, sizeof(path)));
	EXPECT_FALSE(olc_kuaishou_method_path("open.order.cursor.list", path, 10));
}

// ---- the parsers ----

TEST(ProviderKuaishou, ParsesItemsInFen)
{
	KsItems p(fixture("kuaishou/items-page.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.answer.items, 3u);
	EXPECT_EQ(p.report.accepted, 3u);
	EXPECT_EQ(p.report.rejected, 0u);

	// Two SKUs at different prices: the lowest, "from", the stock of both.
	const olc_product &butter = p.catalog.at("21384729102");
	EXPECT_EQ(str(butter.title), "牦牛酥油 500g 高原手工");
	EXPECT_EQ(butter.price.minor, 8800);
	EXPECT_STREQ(butter.price.currency, "CNY");
	EXPECT_TRUE(butter.price_from);
	ASSERT_TRUE(butter.has_stock);
	EXPECT_EQ(butter.stock, 19);
	EXPECT_FALSE(butter.has_compare_at);
	EXPECT_EQ(str(butter.url), "https://app.kwaixiaodian.com/merchant/shop/detail?id=21384729102");
	EXPECT_EQ(str(butter.image_url), "https://p1.kwaixiaodian.com/ufile/adsocial/yak-butter.jpg");

	// One SKU without a stock count: its price, stock not tracked; an id given as text.
	const olc_product &cakes = p.catalog.at("21384729103");
	EXPECT_EQ(cakes.price.minor, 2590);
	EXPECT_FALSE(cakes.price_from);
	EXPECT_FALSE(cakes.has_stock);
	EXPECT_EQ(cakes.url, nullptr);

	// No SKU list: the item's own price; a javascript: picture is no picture.
	const olc_product &incense = p.catalog.at("21384729104");
	EXPECT_EQ(incense.price.minor, 3900);
	EXPECT_FALSE(incense.has_stock);
	EXPECT_EQ(incense.image_url, nullptr);
}

TEST(ProviderKuaishou, OneBadItemIsRejectedAlone)
{
	const std::string body = R"({"result":1,"data":{"items":[
		{"kwaiItemId":1,"title":"price as text","skuList":[{"skuSalePrice":"8800","skuStock":1}]},
		{"kwaiItemId":2,"title":"negative","skuList":[{"skuSalePrice":-1}]},
		{"kwaiItemId":3,"skuList":[{"skuSalePrice":100}]},
		{"kwaiItemId":4,"title":"fine","skuList":[{"skuSalePrice":100,"skuStock":2},{"skuSalePrice":100,"skuStock":3}]},
		{"kwaiItemId":5,"title":"SKU not an object","skuList":[7]}]}})";
	KsItems p(body);
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 1u);
	EXPECT_EQ(p.report.rejected, 4u);
	EXPECT_STREQ(p.report.first_rejection.text,
		     "product 1 (id 1): SKU 1: \"skuSalePrice\" must be a whole number, not text");
	const olc_product &fine = p.catalog.at("4");
	EXPECT_EQ(fine.price.minor, 100);
	EXPECT_FALSE(fine.price_from) << "equal SKU prices are no \"from\" price";
	EXPECT_EQ(fine.stock, 5);
}

TEST(ProviderKuaishou, PaidOrdersOnceEach)
{
	KsOrders p(fixture("kuaishou/orders-page.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_STREQ(p.answer.cursor, "MTcwOTI4MzAwMDAwMHwyMTEzNTAwMDgzMjA5MTIz");
	EXPECT_EQ(p.answer.items, 5u);
	// 30 paid and 70 completed are read (the second has two lines); 10 unpaid and 80 closed are
	// skipped; 40 shipped has a quantity as text: rejected with the reason.
	ASSERT_EQ(p.orders.l.count, 3u);
	EXPECT_EQ(p.report.rejected, 1u);
	EXPECT_STREQ(p.report.first_rejection.text,
		     "order 5 (id 2113500083209127), line 1: \"num\" must be a whole number, not text");

	const olc_order &first = p.orders.l.orders[0];
	EXPECT_EQ(str(first.id), "2113500083209123");
	EXPECT_EQ(str(first.product_id), "21384729102");
	EXPECT_EQ(first.quantity, 2);
	EXPECT_EQ(first.total.minor, 17600);
	EXPECT_STREQ(first.total.currency, "CNY");
	EXPECT_EQ(first.created_at_ms, 1709283000000) << "dated by payTime, when it was paid";
	EXPECT_EQ(str(first.buyer), "卓玛");
	EXPECT_EQ(str(first.city), "拉萨市");

	EXPECT_EQ(str(p.orders.l.orders[1].id), "2113500083209125");
	EXPECT_EQ(str(p.orders.l.orders[2].id), "2113500083209125#2");
	EXPECT_EQ(str(p.orders.l.orders[2].product_id), "21384729104");
	EXPECT_EQ(p.orders.l.orders[2].total.minor, 2590) << "several lines: each its price times its number";

	KsOrders last(fixture("kuaishou/orders-last.json"));
	ASSERT_TRUE(last.ok) << last.err.text;
	EXPECT_STREQ(last.answer.cursor, "nomore");
	EXPECT_EQ(last.orders.l.count, 0u);
}

TEST(ProviderKuaishou, ErrorCodesInPlainWords)
{
	KsItems sign(fixture("kuaishou/error-sign.json"));
	EXPECT_FALSE(sign.ok);
	EXPECT_EQ(sign.answer.status, OLC_KUAISHOU_SIGNATURE);
	EXPECT_STREQ(sign.err.text, "Kuaishou said (code 28) \"签名验证失败(sign verify failed)\": the signature was "
				    "refused: check the sign secret (签名密钥 signSecret) and the app key");

	KsOrders expired(R"({"result":24,"error_msg":"access_token 已过期"})");
	EXPECT_FALSE(expired.ok);
	EXPECT_EQ(expired.answer.status, OLC_KUAISHOU_TOKEN_EXPIRED);

	KsOrders limited(R"({"result":"17","error_msg":"API 调用频率超过限制"})");
	EXPECT_EQ(limited.answer.status, OLC_KUAISHOU_RATE_LIMITED);
	EXPECT_NE(std::string(limited.err.text).find("limiting requests"), std::string::npos) << limited.err.text;

	KsOrders permission(R"({"result":22,"error_msg":"no permission"})");
	EXPECT_EQ(permission.answer.status, OLC_KUAISHOU_PERMISSION);
	EXPECT_NE(std::string(permission.err.text).find("权限管理"), std::string::npos) << permission.err.text;

	KsOrders none(R"({"data":{}})");
	EXPECT_FALSE(none.ok);
	EXPECT_STREQ(none.err.text, "the answer has no \"result\" code");
	KsOrders list(R"([1])");
	EXPECT_STREQ(list.err.text, "expected an object ({...}) at the top, found a list");
	KsOrders no_cursor(R"({"result":1,"data":{"orderList":[]}})");
	EXPECT_FALSE(no_cursor.ok);
	EXPECT_STREQ(no_cursor.err.text, "\"data.cursor\": \"cursor\" is missing");
}

TEST(ProviderKuaishou, RefreshAnswer)
{
	const std::string body = fixture("kuaishou/refresh.json");
	olc_kuaishou_tokens t{};
	olc_kuaishou_answer answer{};
	olc_error err{};
	ASSERT_TRUE(olc_kuaishou_parse_tokens(body.data(), body.size(), &t, &answer, &err)) << err.text;
	EXPECT_STREQ(t.access_token, "ChFvYXV0aC5hY2Nlc3NUb2tlbhJgnew");
	EXPECT_STREQ(t.refresh_token, "ChJvYXV0aC5yZWZyZXNoVG9rZW4Sonew");
	EXPECT_EQ(t.expires_in_s, 172800);
	olc_kuaishou_tokens_free(&t);

	const std::string refused = R"({"result":100,"error_msg":"refresh_token 无效"})";
	EXPECT_FALSE(olc_kuaishou_parse_tokens(refused.data(), refused.size(), &t, &answer, &err));
	EXPECT_TRUE(answer.coded);
	EXPECT_EQ(answer.code, 100);
	const std::string half = R"({"result":1,"access_token":"a"})";
	EXPECT_FALSE(olc_kuaishou_parse_tokens(half.data(), half.size(), &t, &answer, &err));
	EXPECT_EQ(t.access_token, nullptr);
}

TEST(ProviderKuaishou, FormAndProviderAgree)
{
	const olc_provider_ops *ops = olc_provider_find("kuaishou");
	ASSERT_NE(ops, nullptr);
	EXPECT_TRUE(ops->buys_in_app_cart);
	const olc_provider_form *form = olc_provider_form_find("kuaishou");
	ASSERT_NE(form, nullptr);
	std::vector<std::string> keys;
	for (const olc_form_field *f = form->fields; f->key; f++) {
		keys.push_back(f->key);
		EXPECT_EQ(f->kind == OLC_FORM_SECRET, olc_connection_member_find(f->key)->secret) << f->key;
	}
	EXPECT_EQ(keys, (std::vector<std::string>{"key", "secret", "sign_secret", "refresh_token", "token", "url"}));
}

// ---- against the test shop ----

TEST(ProviderKuaishouFetch, ChecksTheConnection)
{
	const olc_provider_ops *ops = &olc_provider_kuaishou_ops;
	olc_error err{};
	olc_connection c = ks_connection("");
	c.url = nullptr;
	EXPECT_TRUE(ops->check(&c, &err)) << err.text << " (the real gateway is the default)";
	c.url = const_cast<char *>("http://openapi.kwaixiaodian.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Kuaishou token is only sent over https: the gateway must start with https://");
	c.url = const_cast<char *>("http://127.0.0.1:9");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.sign_secret = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_NE(std::string(err.text).find("签名密钥"), std::string::npos) << err.text;
	c.sign_secret = const_cast<char *>(kSignSecret);
	c.secret = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Kuaishou needs the app secret (AppSecret) to refresh the access token");
	c.refresh_token = nullptr;
	EXPECT_TRUE(ops->check(&c, &err)) << "an access token alone works until it expires";
	c.token = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
}

TEST(ProviderKuaishouFetch, SignedCatalog)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	const std::string url = shop.http_url("/kuaishou");
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(url), &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	ASSERT_EQ(catalog.c.count, 6u);
	const olc_product &m = catalog.at("101");
	EXPECT_EQ(m.price.minor, 16800);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://app.kwaixiaodian.com/merchant/shop/detail?id=101");
	EXPECT_EQ(str(m.image_url), shop.http_url("/images/101.png"));
	const olc_product &tea = catalog.at("106");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_TRUE(tea.price_from);
	EXPECT_EQ(tea.stock, 25);
	EXPECT_EQ(catalog.at("103").price.minor, 3990);
	EXPECT_FALSE(catalog.at("104").has_stock);
	EXPECT_EQ(catalog.at("105").stock, 0);
	EXPECT_EQ(saver.count(), 0) << "a working access token is not refreshed";

	auto log = shop.requests_to("/kuaishou/open/item/list/get");
	ASSERT_EQ(log.size(), 1u);
	EXPECT_EQ(log[0].method, "GET");
	EXPECT_EQ(log[0].status, 200);
	EXPECT_EQ(log[0].query["method"], "open.item.list.get");
	EXPECT_EQ(log[0].query["param"], "{\"pageNumber\":1,\"pageSize\":100}");
	EXPECT_EQ(log[0].query["signMethod"], "HMAC_SHA256");
	EXPECT_EQ(log[0].query["access_token"], "(present)");
	EXPECT_EQ(log[0].target.find(kSignSecret), std::string::npos) << "the sign secret never travels";
	EXPECT_EQ(log[0].target.find(kAppSecret), std::string::npos);
}

TEST(ProviderKuaishouFetch, WrongSignSecretGetsKuaishousOwnError)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	const std::string url = shop.http_url("/kuaishou");
	olc_connection c = ks_connection(url);
	c.sign_secret = const_cast<char *>("ks_sign_wrong");
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", c, &env);
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "Kuaishou items: Kuaishou said (code 28) \"签名验证失败(sign verify failed)\": the "
			       "signature was refused: check the sign secret (签名密钥 signSecret) and the app key");
	EXPECT_EQ(catalog.c.count, 0u);
	EXPECT_EQ(saver.count(), 0);
}

TEST(ProviderKuaishouFetch, PaidOrdersArriveOnce)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	ASSERT_TRUE(shop.add_order("102", 1, "Early", "大理"));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u) << "the first poll only records what is there";

	ASSERT_TRUE(shop.add_order("101", 2, "卓玛", "拉萨"));
	ASSERT_TRUE(shop.control("POST", "/_control/order", R"({"product_id":103,"quantity":1,"status":"pending"})"));
	ASSERT_TRUE(shop.add_order("106", 1, "扎西", "香格里拉"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 2u) << "the unpaid order is not counted";
	// Orders of the same second come in the shop's order: find each by its product.
	const bool first_is_butter = str(got.l.orders[0].product_id) == "101";
	const olc_order &mushroom = got.l.orders[first_is_butter ? 0 : 1], &tea = got.l.orders[first_is_butter ? 1 : 0];
	EXPECT_EQ(str(mushroom.product_id), "101");
	EXPECT_EQ(mushroom.quantity, 2);
	EXPECT_EQ(mushroom.total.minor, 33600);
	EXPECT_EQ(str(mushroom.buyer), "卓玛");
	EXPECT_EQ(str(mushroom.city), "拉萨");
	EXPECT_EQ(str(tea.product_id), "106");
	EXPECT_EQ(tea.total.minor, 12850);
	EXPECT_EQ(str(tea.buyer), "扎西");
	EXPECT_NE(str(mushroom.id), str(tea.id));

	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);

	auto log = shop.requests_to("/kuaishou/open/order/cursor/list");
	ASSERT_FALSE(log.empty());
	json_t *param = json_loads(log.back().query["param"].c_str(), 0, nullptr);
	ASSERT_NE(param, nullptr) << log.back().query["param"];
	const json_int_t begin = json_integer_value(json_object_get(param, "beginTime"));
	const json_int_t end = json_integer_value(json_object_get(param, "endTime"));
	EXPECT_GT(end, begin);
	EXPECT_LE(end - begin, OLC_KUAISHOU_MAX_WINDOW_MS);
	EXPECT_EQ(json_integer_value(json_object_get(param, "queryType")), 2);
	json_decref(param);
}

TEST(ProviderKuaishouFetch, CursorPagesUntilNomore)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	for (int i = 0; i < OLC_KUAISHOU_ORDERS_PER_PAGE + 7; i++)
		ASSERT_TRUE(shop.add_order("103", 1));
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, size_t(OLC_KUAISHOU_ORDERS_PER_PAGE + 7));
	auto log = shop.requests_to("/kuaishou/open/order/cursor/list");
	ASSERT_EQ(log.size(), 2u);
	EXPECT_NE(log[0].query["param"].find("\"cursor\":\"\""), std::string::npos) << log[0].query["param"];
	EXPECT_EQ(log[1].query["param"].find("\"cursor\":\"\""), std::string::npos) << "the second page asks on";
}

TEST(ProviderKuaishouFetch, ExpiredTokenIsRefreshedAndTheRotatedPairSavedFirst)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/config", R"({"refresh_grace_ms":0})"));
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;

	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}"));
	Catalog again;
	ASSERT_TRUE(p.catalog(again, currency, res, err)) << err.text;
	EXPECT_EQ(again.c.count, 6u);

	// The shop rotated the pair; the saver got the whole connection with the new pair, once.
	const std::string access = shop_tokens(shop, "access_token"), refresh = shop_tokens(shop, "refresh_token");
	EXPECT_EQ(shop_tokens(shop, "refreshes"), "1");
	EXPECT_NE(refresh, kRefresh);
	ASSERT_EQ(saver.count(), 1);
	EXPECT_EQ(saver.token, access);
	EXPECT_EQ(saver.refresh, refresh);
	EXPECT_EQ(saver.key, kAppKey);
	EXPECT_EQ(saver.sign_secret, kSignSecret);
	EXPECT_FALSE(shop_takes_refresh(shop, kRefresh)) << "the old refresh token is dead";
	EXPECT_TRUE(shop_takes_refresh(shop, refresh));

	// Refused (24), refreshed (a form POST, secrets in the body only), then the same call again.
	auto log = shop.requests();
	ASSERT_EQ(log.size(), 3u);
	EXPECT_EQ(log[0].path, "/kuaishou/open/item/list/get");
	EXPECT_EQ(log[1].path, "/kuaishou/oauth2/refresh_token");
	EXPECT_EQ(log[1].method, "POST");
	EXPECT_EQ(log[1].body, "grant_type=refresh_token&refresh_token=%28present%29&app_id=ks_app_test_7f3a21&app_"
			       "secret=%28present%29");
	EXPECT_EQ(log[1].target, "/kuaishou/oauth2/refresh_token");
	EXPECT_EQ(log[2].path, "/kuaishou/open/item/list/get");
	EXPECT_EQ(log[2].status, 200);
}

TEST(ProviderKuaishouFetch, DueTokenIsRefreshedBeforeItExpires)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	// Tokens that last 2 s are renewed after half of that (olc_shop_token_due).
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/config", R"({"access_lifetime_s":2})"));
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou"), kRefresh, nullptr), &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;
	Orders got;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(saver.count(), 1) << "a refresh token alone: refreshed first";
	std::this_thread::sleep_for(std::chrono::milliseconds(1100));
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}"));
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(saver.count(), 2);
	auto log = shop.requests();
	ASSERT_EQ(log.size(), 2u);
	EXPECT_EQ(log[0].path, "/kuaishou/oauth2/refresh_token") << "renewed before any call met an expired token";
	EXPECT_EQ(log[1].status, 200);
}

TEST(ProviderKuaishouFetch, AFailedSaveIsLoudAndRetried)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	saver.fail = true;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	Orders got;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_STREQ(res.warning.text, "");
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	ASSERT_TRUE(shop.add_order("101", 1));
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, 1u) << "the shop keeps working with the new pair";
	EXPECT_STREQ(res.warning.text, "Kuaishou: connection.json: disk full (test)");
	EXPECT_EQ(saver.count(), 1);

	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(saver.count(), 2) << "each poll tries to save again";
	EXPECT_STREQ(res.warning.text, "Kuaishou: connection.json: disk full (test)");
	saver.fail = false;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(saver.count(), 3);
	EXPECT_STREQ(res.warning.text, "") << "saved at last: nothing to warn about";
	EXPECT_EQ(saver.refresh, shop_tokens(shop, "refresh_token"));
}

TEST(ProviderKuaishouFetch, RefusedRefreshTokenSaysAuthoriseAgain)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou"), "ks_rt_long_gone"), &env);
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	Orders got;
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.orders(got, 0, res, err));
	EXPECT_STREQ(err.text,
		     "Kuaishou refused the refresh token (Kuaishou said (code 100) \"refresh_token "
		     "无效或已过期，请重新授权\": Kuaishou refused the request): authorise the app again in the "
		     "Kuaishou open platform and paste the new access token and refresh token");
	EXPECT_EQ(saver.count(), 0);
}

TEST(ProviderKuaishouFetch, NoSaverNoRotation)
{
	// The dock's Test has nothing to save to: a refresh would kill the saved refresh token.
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")));
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text,
		     "the Kuaishou access token is missing or has expired: Save the connection and the plugin "
		     "gets a new one (a test cannot, since Kuaishou replaces the refresh token each time)");
	EXPECT_EQ(shop_tokens(shop, "refreshes"), "0");
	EXPECT_TRUE(shop_takes_refresh(shop, kRefresh));
}

TEST(ProviderKuaishouFetch, RateLimitWaits)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/rate-limit", R"({"count":1})"));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, 2000);
	EXPECT_NE(std::string(err.text).find("(code 17)"), std::string::npos) << err.text;
	EXPECT_NE(std::string(err.text).find("limiting requests"), std::string::npos) << err.text;
	ASSERT_TRUE(shop.set_fault("throttled", "/kuaishou", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, 2000);
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
}

TEST(ProviderKuaishouFetch, BrokenAnswers)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Saver saver;
	olc_provider_env env = saver.env();
	Provider p("kuaishou", ks_connection(shop.http_url("/kuaishou")), &env);
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(shop.set_fault("wrong-types", "/kuaishou", 1));
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 3u) << "three bad items, three good";
	EXPECT_EQ(res.report.rejected, 3u);
	Catalog none;
	ASSERT_TRUE(shop.set_fault("truncated-json", "/kuaishou", 1));
	EXPECT_FALSE(p.catalog(none, currency, res, err));
	EXPECT_EQ(std::string(err.text).rfind("Kuaishou items: ", 0), 0u) << err.text;
	ASSERT_TRUE(shop.set_fault("html-maintenance", "/kuaishou", 1));
	EXPECT_FALSE(p.catalog(none, currency, res, err));
	EXPECT_EQ(none.c.count, 0u);
}

TEST(ProviderKuaishouFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang", "/kuaishou"));
	const std::string url = shop.http_url("/kuaishou");
	const std::string e = catalog_error_after_cancel(shop, "kuaishou", ks_connection(url), nullptr);
	EXPECT_NE(e.find("cancel"), std::string::npos) << e;
}

// ---- a live session keeps the rotated pair ----

namespace {

struct SessionSaver {
	std::mutex mu;
	int calls = 0;
	bool fail = false;
	std::string refresh;
	static bool save(void *param, const olc_connection *c, olc_error *err)
	{
		auto *s = static_cast<SessionSaver *>(param);
		std::lock_guard<std::mutex> lock(s->mu);
		s->calls++;
		s->refresh = str(c->refresh_token);
		if (s->fail) {
			olc_error_set(err,
				      "the shop gave new credentials that could not be saved (connection.json: "
				      "read-only): they work until OBS quits, then the shop must be authorised again");
			return false;
		}
		return true;
	}
	int count()
	{
		std::lock_guard<std::mutex> lock(mu);
		return calls;
	}
};

// Waits (up to 20 s) until pred holds, looking every 20 ms.
bool eventually(const std::function<bool()> &pred)
{
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
	while (std::chrono::steady_clock::now() < deadline) {
		if (pred())
			return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	}
	return pred();
}

// Waits until the shop has answered an order poll made after the request numbered seq (0: any): an
// order added after that is new to the session's provider, not part of its first (baseline) poll.
bool order_poll_done(ShopServer &shop, int64_t seq = 0)
{
	ShopRequest seen;
	return shop.wait_request(RequestMatch("/kuaishou/open/order/cursor/list").once_closed().after(seq), &seen) &&
	       seen.status == 200;
}

int64_t last_seq(ShopServer &shop)
{
	auto log = shop.requests();
	return log.empty() ? 0 : log.back().seq;
}

std::string session_refresh_token(olc_session *s)
{
	olc_connection c;
	olc_connection_init(&c);
	std::string out = olc_session_get_connection(s, &c) ? str(c.refresh_token) : "";
	olc_connection_free(&c);
	return out;
}

struct KsSession {
	SessionSaver saver;
	olc_session *s = nullptr;
	explicit KsSession(bool failing)
	{
		saver.fail = failing;
		olc_session_config cfg{};
		cfg.save_credentials = SessionSaver::save;
		cfg.save_param = &saver;
		olc_error err{};
		s = olc_session_create(&cfg, &err);
		EXPECT_NE(s, nullptr) << err.text;
	}
	~KsSession()
	{
		if (s)
			olc_session_destroy(s);
	}
	uint64_t orders_seen()
	{
		olc_snapshot *snap = olc_session_snapshot(s);
		uint64_t n = snap->orders_seen;
		olc_snapshot_release(snap);
		return n;
	}
	std::string error()
	{
		olc_snapshot *snap = olc_session_snapshot(s);
		std::string e = snap->error ? snap->error : "";
		olc_snapshot_release(snap);
		return e;
	}
	uint64_t credentials_revision()
	{
		olc_snapshot *snap = olc_session_snapshot(s);
		uint64_t n = snap->credentials_revision;
		olc_snapshot_release(snap);
		return n;
	}
};

} // namespace

TEST(ProviderKuaishouSession, RotatedPairIsTheSessionsConnection)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/config", R"({"refresh_grace_ms":0})"));
	KsSession ks(false);
	ASSERT_NE(ks.s, nullptr);
	const std::string url = shop.http_url("/kuaishou");
	olc_connection c = ks_connection(url);
	c.poll_ms = 200;
	olc_error err{};
	ASSERT_TRUE(olc_session_set_connection(ks.s, &c, &err)) << err.text;
	ASSERT_TRUE(order_poll_done(shop)) << shop.error();
	// The snapshot counts rotations: the dock's Connection form reloads the session's connection
	// when the count moves (unless the user is editing it).
	EXPECT_EQ(ks.credentials_revision(), 0u) << "polls with the pasted pair rotate nothing";

	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	ASSERT_TRUE(shop.add_order("101", 1));
	ASSERT_TRUE(eventually([&] { return ks.orders_seen() >= 1; })) << ks.error();
	const std::string rotated = shop_tokens(shop, "refresh_token");
	EXPECT_NE(rotated, kRefresh);
	EXPECT_EQ(ks.saver.count(), 1);
	EXPECT_EQ(ks.saver.refresh, rotated);
	EXPECT_EQ(session_refresh_token(ks.s), rotated) << "what the dock and connection.json read";
	EXPECT_EQ(ks.credentials_revision(), 1u);

	// The dock's form still holds the first pair: saving it again must not bring back the dead
	// refresh token (the session keeps the one it rotated to).
	const int64_t before = last_seq(shop);
	ASSERT_TRUE(olc_session_set_connection(ks.s, &c, &err)) << err.text;
	EXPECT_EQ(session_refresh_token(ks.s), rotated);
	// The new connection's first poll only learns what is there: wait for two polls (one of the old
	// connection may still end meanwhile), then order.
	ASSERT_TRUE(order_poll_done(shop, before)) << shop.error();
	ASSERT_TRUE(order_poll_done(shop, last_seq(shop))) << shop.error();
	ASSERT_TRUE(shop.add_order("102", 1));
	ASSERT_TRUE(eventually([&] { return ks.orders_seen() >= 2; })) << ks.error();
	EXPECT_EQ(ks.error(), "");
	EXPECT_EQ(ks.credentials_revision(), 1u) << "saving the old pair again is no rotation";

	// The next rotation (from the pair the session kept) counts again, and once the snapshot says
	// so, the session's connection already holds the new pair (the dock reads it then).
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	ASSERT_TRUE(eventually([&] { return ks.credentials_revision() >= 2; })) << ks.error();
	const std::string second = session_refresh_token(ks.s);
	EXPECT_EQ(second, shop_tokens(shop, "refresh_token"));
	EXPECT_NE(second, rotated);
	EXPECT_EQ(ks.credentials_revision(), 2u);

	// A pair the merchant typed in anew (after authorising again) is taken as it is.
	olc_connection typed = ks_connection(url, "ks_rt_typed_anew");
	ASSERT_TRUE(olc_session_set_connection(ks.s, &typed, &err)) << err.text;
	EXPECT_EQ(session_refresh_token(ks.s), "ks_rt_typed_anew");
	EXPECT_EQ(ks.credentials_revision(), 2u) << "a typed pair is no rotation";
}

TEST(ProviderKuaishouSession, AFailingSaverIsTheStatusError)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	KsSession ks(true);
	ASSERT_NE(ks.s, nullptr);
	const std::string url = shop.http_url("/kuaishou");
	olc_connection c = ks_connection(url);
	c.poll_ms = 200;
	olc_error err{};
	ASSERT_TRUE(olc_session_set_connection(ks.s, &c, &err)) << err.text;
	ASSERT_TRUE(order_poll_done(shop)) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/kuaishou/expire-tokens", "{}"));
	ASSERT_TRUE(shop.add_order("101", 1));
	ASSERT_TRUE(eventually([&] { return ks.orders_seen() >= 1 && !ks.error().empty(); })) << ks.error();
	EXPECT_EQ(ks.error(), "Kuaishou: the shop gave new credentials that could not be saved (connection.json: "
			      "read-only): they work until OBS quits, then the shop must be authorised again");
	EXPECT_EQ(session_refresh_token(ks.s), shop_tokens(shop, "refresh_token"))
		<< "the session still holds the new pair, so a later save can write it";
	// The dock's form shows the pair in use, saved or not; the saves tried again at each poll hand
	// the same pair, which is no new rotation (the form would be reloaded at every poll).
	ASSERT_TRUE(order_poll_done(shop, last_seq(shop))) << shop.error();
	ASSERT_TRUE(order_poll_done(shop, last_seq(shop))) << shop.error();
	EXPECT_GE(ks.saver.count(), 3) << "the save is tried again at each poll";
	EXPECT_EQ(ks.credentials_revision(), 1u);
}
