// The "taobao" provider (淘宝/天猫): the TOP signer on the official vector, its parsers on answers
// shaped like the TOP API documentation, then fetches against the test shop (tests/shop-server,
// platforms/taobao.mjs), which checks every signature as the gateway does.
#include <gtest/gtest.h>

#include <jansson.h>

#include <cstring>
#include <string>
#include <vector>

#include "fixtures/fixtures.h"
#include "core/net/http.h"
#include "core/shop/iso8601.h"
#include "core/shop/provider-form.h"
#include "core/shop/taobao.h"
#include "shop-server.h"

namespace {

const char *const app_key = "23581321";
const char *const app_secret = "tb_secret_5d8e1f0a9c";
const char *const session_key = "6100b7e3test5e55104";

std::string sign(const std::vector<olc_taobao_param> &params, const char *secret, olc_taobao_sign_method m)
{
	char out[OLC_TAOBAO_SIGN_SIZE];
	olc_error err{};
	if (!olc_taobao_sign(params.data(), params.size(), secret, m, out, &err))
		return std::string("error: ") + err.text;
	return out;
}

// The official example of the TOP documentation (TaobaoUtils.signTopRequest).
std::vector<olc_taobao_param> vector_params(const char *sign_method)
{
	return {
		{"method", "taobao.item.seller.get"},
		{"app_key", "12345678"},
		{"session", "test"},
		{"timestamp", "2016-01-01 12:00:00"},
		{"format", "json"},
		{"v", "2.0"},
		{"sign_method", sign_method},
		{"fields", "num_iid,title,nick,price,num"},
		{"num_iid", "11223344"},
	};
}

struct Products {
	Catalog catalog;
	olc_taobao_page page{};
	olc_taobao_refusal refusal{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;
	explicit Products(const std::string &body)
	{
		ok = olc_taobao_parse_products(body.data(), body.size(), &catalog.c, &page, &refusal, &report, &err);
	}
};

struct Trades {
	Orders orders;
	olc_taobao_page page{};
	olc_taobao_refusal refusal{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;
	explicit Trades(const std::string &body)
	{
		ok = olc_taobao_parse_orders(body.data(), body.size(), &orders.l, &page, &refusal, &report, &err);
	}
};

std::string refusal_json(int code, const char *msg, const char *sub_code, const char *sub_msg)
{
	json_t *e = json_pack("{s:i, s:s}", "code", code, "msg", msg);
	if (sub_code)
		json_object_set_new(e, "sub_code", json_string(sub_code));
	if (sub_msg)
		json_object_set_new(e, "sub_msg", json_string(sub_msg));
	json_t *root = json_pack("{s:o}", "error_response", e);
	char *text = json_dumps(root, JSON_COMPACT);
	std::string s = text;
	free(text);
	json_decref(root);
	return s;
}

int64_t china(const char *wall)
{
	int64_t ms = 0;
	EXPECT_TRUE(olc_wall_time_parse(wall, OLC_CHINA_OFFSET_MINUTES, &ms)) << wall;
	return ms;
}

} // namespace

TEST(ProviderTaobao, SignsTheOfficialVector)
{
	EXPECT_EQ(sign(vector_params("md5"), "helloworld", OLC_TAOBAO_SIGN_MD5), "66987CB115214E59E6EC978214934FB8");
	// The same call signed hmac-sha256: HMAC-SHA256(key "helloworld", the sorted k+v text), computed
	// independently (Python's hmac module, and the test shop's node:crypto), uppercase hex.
	EXPECT_EQ(sign(vector_params("hmac-sha256"), "helloworld", OLC_TAOBAO_SIGN_HMAC_SHA256),
		  "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8");

	// Empty values and sign itself are left out, whatever the order they come in.
	auto params = vector_params("md5");
	params.insert(params.begin(), {"sign", "0000"});
	params.push_back({"partner_id", ""});
	params.push_back({"target_app_key", nullptr});
	EXPECT_EQ(sign(params, "helloworld", OLC_TAOBAO_SIGN_MD5), "66987CB115214E59E6EC978214934FB8");

	// Any other value changes it; a name given twice is an error, not a guess.
	params = vector_params("md5");
	params[8].value = "11223345";
	EXPECT_NE(sign(params, "helloworld", OLC_TAOBAO_SIGN_MD5), "66987CB115214E59E6EC978214934FB8");
	EXPECT_NE(sign(vector_params("md5"), "helloworle", OLC_TAOBAO_SIGN_MD5), "66987CB115214E59E6EC978214934FB8");
	params = vector_params("md5");
	params.push_back({"v", "2.0"});
	EXPECT_EQ(sign(params, "helloworld", OLC_TAOBAO_SIGN_MD5), "error: the parameter \"v\" is given twice");
}

TEST(ProviderTaobao, SignMethodNames)
{
	olc_taobao_sign_method m = OLC_TAOBAO_SIGN_HMAC_SHA256;
	EXPECT_TRUE(olc_taobao_sign_method_parse(nullptr, &m));
	EXPECT_EQ(m, OLC_TAOBAO_SIGN_MD5);
	EXPECT_TRUE(olc_taobao_sign_method_parse("HMAC-SHA256", &m));
	EXPECT_EQ(m, OLC_TAOBAO_SIGN_HMAC_SHA256);
	EXPECT_TRUE(olc_taobao_sign_method_parse("md5", &m));
	EXPECT_EQ(m, OLC_TAOBAO_SIGN_MD5);
	EXPECT_FALSE(olc_taobao_sign_method_parse("hmac", &m)) << "HMAC-MD5 is not offered";
	EXPECT_FALSE(olc_taobao_sign_method_parse("sha256", &m));
}

TEST(ProviderTaobao, ParsesProductsExactly)
{
	Products p(fixture("taobao/products.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 3u);
	EXPECT_EQ(p.report.rejected, 0u);
	EXPECT_EQ(p.page.total_results, 203);

	const olc_product &tea = p.catalog.at("520813250866");
	EXPECT_EQ(str(tea.title), "云南普洱 熟茶饼 357g");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_STREQ(tea.price.currency, "CNY");
	EXPECT_FALSE(tea.price_from);
	ASSERT_TRUE(tea.has_stock);
	EXPECT_EQ(tea.stock, 25);
	EXPECT_EQ(str(tea.url), "https://item.taobao.com/item.htm?id=520813250866");
	EXPECT_EQ(str(tea.image_url), "https://img.alicdn.com/bao/uploaded/i1/puer.jpg");

	const olc_product &jam = p.catalog.at("600012345678");
	EXPECT_EQ(jam.price.minor, 3990) << "\"39.9\" yuan";
	ASSERT_TRUE(jam.has_stock);
	EXPECT_EQ(jam.stock, 0);
	EXPECT_EQ(str(jam.image_url), "https://img.alicdn.com/bao/uploaded/i2/rose.jpg") << "a scheme-less address";

	const olc_product &pot = p.catalog.at("41");
	EXPECT_EQ(pot.price.minor, 128000);
	EXPECT_FALSE(pot.has_stock) << "no num: not counted";
	EXPECT_EQ(pot.image_url, nullptr);
}

TEST(ProviderTaobao, SkusGiveTheLowestPriceAndTheirStock)
{
	Products p(fixture("taobao/products.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	std::string body = fixture("taobao/skus.json");
	olc_taobao_refusal refusal{};
	olc_parse_report report{};
	olc_error err{};
	ASSERT_TRUE(olc_taobao_parse_skus(body.data(), body.size(), &p.catalog.c, &refusal, &report, &err)) << err.text;

	const olc_product &tea = p.catalog.at("520813250866");
	EXPECT_EQ(tea.price.minor, 12850) << "the lowest SKU, whatever its place";
	EXPECT_TRUE(tea.price_from) << "128.50 and 168.00: \"from\"";
	EXPECT_EQ(tea.stock, 25) << "5 + 20";

	const olc_product &jam = p.catalog.at("600012345678");
	EXPECT_EQ(jam.price.minor, 3990) << "no SKUs: the item's own price";
	EXPECT_FALSE(jam.price_from);

	// A SKU price as a JSON number is refused, and the product keeps its item price.
	EXPECT_EQ(report.rejected, 1u);
	EXPECT_STREQ(report.first_rejection.text, "product 41, SKU 1: \"price\" must be text such as \"39.90\", not a "
						  "number (numbers lose exactness)");
	EXPECT_EQ(p.catalog.at("41").price.minor, 128000);
	EXPECT_EQ(p.catalog.c.count, 3u) << "an item not in the catalog (999) is not added";
}

TEST(ProviderTaobao, PaidTradesGiveOneOrderPerLine)
{
	Trades t(fixture("taobao/trades.json"));
	ASSERT_TRUE(t.ok) << t.err.text;
	EXPECT_TRUE(t.page.has_next);
	ASSERT_EQ(t.orders.l.count, 3u) << "two lines of the first trade, the readable line of the third";

	const olc_order &a = t.orders.l.orders[0];
	EXPECT_EQ(str(a.id), "3409381283218465");
	EXPECT_EQ(str(a.product_id), "520813250866");
	EXPECT_EQ(a.quantity, 1);
	EXPECT_EQ(a.total.minor, 12850);
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(str(a.buyer), "王**") << "masked by Taobao, kept as given";
	EXPECT_EQ(str(a.city), "昆明市");
	EXPECT_EQ(a.created_at_ms, china("2026-03-01 10:15:30")) << "dated when paid";
	EXPECT_EQ(a.created_at_ms, 1772331330000);

	const olc_order &b = t.orders.l.orders[1];
	EXPECT_EQ(str(b.id), "3409381283218465#2");
	EXPECT_EQ(str(b.product_id), "600012345678");
	EXPECT_EQ(b.quantity, 2);
	EXPECT_EQ(b.total.minor, 24900);

	// WAIT_BUYER_PAY and TRADE_CLOSED are no sales; a trade without pay_time is dated by created.
	const olc_order &c = t.orders.l.orders[2];
	EXPECT_EQ(str(c.id), "3409381283218467#2");
	EXPECT_EQ(c.total.minor, 3990);
	EXPECT_EQ(c.created_at_ms, china("2026-03-01 09:00:00"));
	EXPECT_EQ(c.city, nullptr);
	EXPECT_EQ(t.report.rejected, 1u);
	EXPECT_STREQ(t.report.first_rejection.text,
		     "order 3 (id 3409381283218467), line 1: \"num\" must be a whole number, not text");
}

TEST(ProviderTaobao, TradeReasons)
{
	auto first_reason = [](const std::string &trade) {
		Trades t("{\"trades_sold_increment_get_response\":{\"trades\":{\"trade\":[" + trade + "]}}}");
		EXPECT_TRUE(t.ok) << t.err.text;
		EXPECT_EQ(t.orders.l.count, 0u);
		return std::string(t.report.first_rejection.text);
	};
	EXPECT_EQ(first_reason("{\"status\":\"TRADE_FINISHED\"}"), "order 1: \"tid\" is missing");
	EXPECT_EQ(first_reason("{\"tid\":1,\"status\":\"TRADE_FINISHED\",\"orders\":{\"order\":[]}}"),
		  "order 1 (id 1): neither \"pay_time\" nor \"created\" is given");
	EXPECT_EQ(first_reason("{\"tid\":1,\"status\":\"TRADE_FINISHED\",\"pay_time\":\"2026-03-01T10:00:00Z\"}"),
		  "order 1 (id 1): \"pay_time\" is not a time like 2016-01-01 12:00:00");
	EXPECT_EQ(first_reason("{\"tid\":1,\"status\":\"TRADE_FINISHED\",\"pay_time\":\"2026-03-01 10:00:00\"}"),
		  "order 1 (id 1): \"orders.order\" must be a list");
	EXPECT_EQ(first_reason("{\"tid\":1,\"status\":\"TRADE_FINISHED\",\"pay_time\":\"2026-03-01 10:00:00\","
			       "\"orders\":{\"order\":[{\"num_iid\":5,\"num\":1,\"payment\":\"1.001\"}]}}"),
		  "order 1 (id 1), line 1: \"payment\": \"1.001\" has more decimals than CNY allows (2)");
	EXPECT_EQ(first_reason("[]"), "order 1: expected an object ({...}), found a list");

	// Nothing in the window: Taobao leaves "trades" out.
	Trades empty("{\"trades_sold_increment_get_response\":{\"has_next\":false}}");
	EXPECT_TRUE(empty.ok) << empty.err.text;
	EXPECT_EQ(empty.orders.l.count, 0u);
	EXPECT_FALSE(empty.page.has_next);
}

TEST(ProviderTaobao, ShapeErrors)
{
	EXPECT_STREQ(Products("[]").err.text, "Taobao products: expected an object ({...}), found a list");
	EXPECT_STREQ(Products("{\"trades_sold_increment_get_response\":{}}").err.text,
		     "Taobao products: \"items_onsale_get_response\" must be an object, not nothing");
	EXPECT_STREQ(Products("{\"items_onsale_get_response\":{\"items\":[]}}").err.text,
		     "Taobao products: \"items\" must be an object, not a list");
	EXPECT_STREQ(Products("{\"items_onsale_get_response\":{\"items\":{\"item\":{}}}}").err.text,
		     "Taobao products: \"items.item\" must be a list, not an object");
	EXPECT_STREQ(Products("<html>维护中</html>").err.text,
		     "Taobao products: the shop answered with a web page, not JSON (maybe maintenance?)");
	EXPECT_STREQ(Trades("{\"trades_sold_increment_get_response\":{\"has_next\":\"yes\"}}").err.text,
		     "Taobao orders: \"has_next\" must be true or false, not text");
	EXPECT_STREQ(Products("{\"error_response\":[]}").err.text,
		     "Taobao products: \"error_response\" must be an object, not a list");

	Products empty("{\"items_onsale_get_response\":{\"total_results\":0}}");
	EXPECT_TRUE(empty.ok) << empty.err.text;
	EXPECT_EQ(empty.catalog.c.count, 0u);

	// Every product unreadable: an error, the last good catalog is kept by the session.
	Products bad(
		"{\"items_onsale_get_response\":{\"items\":{\"item\":[{\"num_iid\":1,\"title\":\"x\",\"price\":1}]}}}");
	EXPECT_FALSE(bad.ok);
	EXPECT_STREQ(bad.err.text, "Taobao products: no product could be read; the first problem: product 1 (id 1): "
				   "\"price\" must be text such as \"39.90\", not a number (numbers lose exactness)");
}

TEST(ProviderTaobao, RefusalsInPlainWords)
{
	struct Case {
		std::string body;
		olc_taobao_refusal_kind kind;
		int64_t retry_ms;
		const char *words;
	};
	const Case cases[] = {
		{refusal_json(25, "Invalid signature", "isv.invalid-signature", nullptr), OLC_TAOBAO_SIGNATURE, -1,
		 "Taobao orders: Taobao refused the signature (code 25, isv.invalid-signature): check the App Secret "
		 "and the sign method (md5 or hmac-sha256)"},
		{refusal_json(27, "Invalid session", "invalid-sessionkey", "SessionKey非法"), OLC_TAOBAO_SESSION, -1,
		 "Taobao orders: Taobao refused the SessionKey (code 27, invalid-sessionkey): it has expired or was "
		 "revoked; authorise the app for this shop again and paste the new SessionKey"},
		{refusal_json(7, "App Call Limited", "accesscontrol.limited-by-api-access-count",
			      "This ban will last for 13 more seconds"),
		 OLC_TAOBAO_RATE_LIMIT, 13000,
		 "Taobao orders: Taobao is limiting this app's calls (code 7, accesscontrol.limited-by-api-access-"
		 "count): waiting 13 s"},
		{refusal_json(7, "App Call Limited", nullptr, nullptr), OLC_TAOBAO_RATE_LIMIT, 60000,
		 "Taobao orders: Taobao is limiting this app's calls (code 7, no sub_code): waiting 60 s"},
		{refusal_json(11, "Insufficient isv permissions", "isv.permission-ip-whitelist-limit",
			      "The appkey 4272 is only allowed to call from 10.232.*.*, but your ip is 10.68.179.114"),
		 OLC_TAOBAO_OUTSIDE_CLOUD, 300000,
		 "Taobao orders: Taobao answers this call only inside its own cloud (聚石塔) or from the app's "
		 "whitelisted IP addresses, not from this computer (isv.permission-ip-whitelist-limit)"},
		{refusal_json(11, "Insufficient isv permissions", "isv.permission-api-package-limit", nullptr),
		 OLC_TAOBAO_PERMISSION, 300000,
		 "Taobao orders: the app may not make this call (code 11, isv.permission-api-package-limit): add the "
		 "API's permission package to the app in the Taobao Open Platform console"},
		{refusal_json(15, "Remote service error", "isp.top-remote-connection-timeout", nullptr),
		 OLC_TAOBAO_PLATFORM, -1,
		 "Taobao orders: Taobao had a server error (code 15, isp.top-remote-connection-timeout): trying again"},
		{refusal_json(15, "Remote service error", "isp.call-limited", nullptr), OLC_TAOBAO_RATE_LIMIT, 60000,
		 "Taobao orders: Taobao is limiting this app's calls (code 15, isp.call-limited): waiting 60 s"},
		{refusal_json(29, "Invalid app Key", "isv.appkey-not-exists", nullptr), OLC_TAOBAO_APP_KEY, -1,
		 "Taobao orders: Taobao does not know this App Key (code 29, isv.appkey-not-exists): check the App "
		 "Key"},
		{refusal_json(33, "Invalid timestamp", nullptr, nullptr), OLC_TAOBAO_TIMESTAMP, -1,
		 "Taobao orders: Taobao refused the request's time (code 33, no sub_code): check this computer's "
		 "clock"},
		{refusal_json(41, "Invalid arguments", "isv.invalid-parameter:end_modified", "at most one day"),
		 OLC_TAOBAO_OTHER, -1,
		 "Taobao orders: Taobao refused the call (code 41, isv.invalid-parameter:end_modified: at most one "
		 "day)"},
	};
	for (const Case &c : cases) {
		Trades t(c.body);
		EXPECT_FALSE(t.ok) << c.body;
		EXPECT_EQ(t.refusal.kind, c.kind) << c.body;
		EXPECT_EQ(t.refusal.retry_after_ms, c.retry_ms) << c.body;
		EXPECT_STREQ(t.err.text, c.words) << c.body;
	}
	// A code given as text is read too.
	Trades text("{\"error_response\":{\"code\":\"27\",\"msg\":\"Invalid session\"}}");
	EXPECT_EQ(text.refusal.kind, OLC_TAOBAO_SESSION);
	EXPECT_EQ(text.refusal.code, 27);
}

// ---- against the test shop ----

namespace {

olc_connection taobao(const std::string &url, const char *secret = app_secret, const char *session = session_key,
		      const char *method = nullptr)
{
	olc_connection c = connection("taobao", url.c_str(), app_key, secret, session);
	c.sign_method = const_cast<char *>(method);
	return c;
}

std::string url_of(const ShopServer &shop)
{
	return shop.http_url("/taobao");
}

// What the test shop was asked, method by method (its "calls" control).
std::vector<std::string> calls(ShopServer &shop, const char *key = "method")
{
	std::string answer;
	std::vector<std::string> out;
	if (!shop.control("POST", "/_control/platform/taobao/calls", "{}", &answer))
		return out;
	json_t *root = json_loads(answer.c_str(), 0, nullptr);
	json_t *list = json_object_get(root, "calls");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *v = json_string_value(json_object_get(json_array_get(list, i), key));
		out.push_back(v ? v : "");
	}
	json_decref(root);
	return out;
}

} // namespace

TEST(ProviderTaobaoFetch, ChecksTheConnection)
{
	olc_error err{};
	const olc_provider_ops *ops = olc_provider_find("taobao");
	ASSERT_NE(ops, nullptr);
	EXPECT_TRUE(ops->buys_in_app_cart);
	olc_connection c = taobao("");
	c.url = nullptr;
	EXPECT_TRUE(ops->check(&c, &err)) << "the real gateway is the default: " << err.text;
	c.url = const_cast<char *>("http://gw.api.taobao.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Taobao keys are only sent over https: the gateway must start with https:// (plain "
			       "http only to this computer)");
	c.url = const_cast<char *>("http://127.0.0.1:8080/taobao");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.url = const_cast<char *>("file:///etc/passwd");
	EXPECT_FALSE(ops->check(&c, &err));
	c.url = nullptr;
	c.sign_method = const_cast<char *>("sha1");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Taobao sign method must be md5 or hmac-sha256");
	c.sign_method = nullptr;
	c.token = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Taobao needs the shop's SessionKey: authorise the app for the shop and paste the "
			       "SessionKey it gives");
	c.token = const_cast<char *>(session_key);
	c.secret = const_cast<char *>("");
	EXPECT_FALSE(ops->check(&c, &err));
}

TEST(ProviderTaobaoFetch, CatalogWithSkusBothSignMethods)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	for (const char *method : {"md5", "hmac-sha256"}) {
		SCOPED_TRACE(method);
		ASSERT_TRUE(shop.control("POST", "/_control/reset", "{}")) << shop.error();
		Provider p("taobao", taobao(url_of(shop), app_secret, session_key, method));
		ASSERT_NE(p.state, nullptr) << p.err.text;

		Catalog catalog;
		char currency[4] = "";
		olc_fetch_result res{};
		olc_error err{};
		ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
		EXPECT_STREQ(currency, "CNY");
		EXPECT_EQ(res.report.accepted, 6u);
		EXPECT_EQ(res.report.rejected, 0u);
		EXPECT_STREQ(res.warning.text, "");
		ASSERT_EQ(catalog.c.count, 6u);

		const olc_product &m = catalog.at("101");
		EXPECT_EQ(str(m.title), "野生松茸 Wild Matsutake 250 g");
		EXPECT_EQ(m.price.minor, 16800);
		EXPECT_FALSE(m.has_compare_at);
		EXPECT_EQ(m.stock, 12);
		EXPECT_EQ(str(m.url), "https://item.taobao.com/item.htm?id=101");
		EXPECT_EQ(str(m.image_url), shop.http_url("/images/101.png"));
		EXPECT_EQ(catalog.at("102").price.minor, 128000);
		EXPECT_EQ(catalog.at("103").price.minor, 3990);
		EXPECT_FALSE(catalog.at("104").has_stock);
		EXPECT_EQ(catalog.at("105").stock, 0);
		const olc_product &tea = catalog.at("106");
		EXPECT_EQ(tea.price.minor, 12850);
		EXPECT_TRUE(tea.price_from) << "SKUs at 128.50 and 168.00";
		EXPECT_EQ(tea.stock, 25);

		EXPECT_EQ(calls(shop),
			  (std::vector<std::string>{"taobao.items.onsale.get", "taobao.items.seller.list.get"}));
		EXPECT_EQ(calls(shop, "sign_method"), (std::vector<std::string>{method, method}));
		EXPECT_EQ(calls(shop, "num_iids")[1], "101,102,103,104,105,106");

		// POSTed, form-encoded: the session key is in no URL; every answer was data, not a refusal.
		auto log = shop.requests_to("/taobao/router/rest");
		ASSERT_EQ(log.size(), 2u);
		for (const ShopRequest &r : log) {
			EXPECT_EQ(r.method, "POST");
			EXPECT_EQ(r.target, "/taobao/router/rest");
			EXPECT_NE(r.body.find("session=(present)"), std::string::npos) << r.body;
			EXPECT_EQ(r.body.find(session_key), std::string::npos);
			EXPECT_EQ(r.body.find(app_secret), std::string::npos) << "the secret only signs";
			EXPECT_NE(r.body.find("timestamp=20"), std::string::npos) << r.body;
			EXPECT_EQ(r.status, 200);
		}
	}
}

TEST(ProviderTaobaoFetch, WrongSecretIsTheSignature)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	for (const char *method : {"md5", "hmac-sha256"}) {
		Provider p("taobao", taobao(url_of(shop), "tb_secret_wrong", session_key, method));
		Catalog catalog;
		char currency[4] = "";
		olc_fetch_result res{};
		olc_error err{};
		EXPECT_FALSE(p.catalog(catalog, currency, res, err));
		EXPECT_STREQ(err.text,
			     "Taobao products: Taobao refused the signature (code 25, isv.invalid-signature): "
			     "check the App Secret and the sign method (md5 or hmac-sha256)")
			<< method;
		EXPECT_EQ(catalog.c.count, 0u);
		EXPECT_EQ(std::string(err.text).find("tb_secret"), std::string::npos);
	}
	EXPECT_TRUE(calls(shop).empty()) << "the shop let nothing wrongly signed through";
}

TEST(ProviderTaobaoFetch, NewPaidOrdersArriveOncePerLine)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	ASSERT_NE(p.state, nullptr) << p.err.text;

	// The first poll only learns what is there (an order paid a moment ago included).
	ASSERT_TRUE(shop.add_order("103", 1, "Early", "Dali"));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u);

	ASSERT_TRUE(shop.control(
		"POST", "/_control/order",
		R"({"buyer":"Dawa","city":"拉萨","lines":[{"product_id":101,"quantity":2},{"product_id":106,"quantity":1}]})"))
		<< shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/order",
				 R"({"product_id":102,"quantity":1,"buyer":"Zhang","status":"pending"})"))
		<< shop.error();
	ASSERT_TRUE(shop.add_order("103", 3, "王芳", "昆明"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 3u) << "two lines, then one; the unpaid order is no sale";
	const olc_order &a = got.l.orders[0];
	EXPECT_EQ(str(a.product_id), "101");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 33600);
	EXPECT_EQ(str(a.buyer), "D**");
	EXPECT_EQ(str(a.city), "拉萨");
	EXPECT_EQ(str(got.l.orders[1].id), str(a.id) + "#2");
	EXPECT_EQ(str(got.l.orders[1].product_id), "106");
	EXPECT_EQ(got.l.orders[1].total.minor, 12850);
	EXPECT_EQ(str(got.l.orders[2].buyer), "王**");
	EXPECT_EQ(got.l.orders[2].total.minor, 11970);

	// The overlapping window brings them back: not reported again.
	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);

	// Every window is at most a day, overlaps the last by 10 minutes, and asks use_has_next.
	auto starts = calls(shop, "start_modified");
	auto ends = calls(shop, "end_modified");
	ASSERT_EQ(starts.size(), 3u);
	for (size_t i = 0; i < starts.size(); i++) {
		int64_t from = china(starts[i].c_str()), to = china(ends[i].c_str());
		EXPECT_GT(to, from);
		EXPECT_LE(to - from, OLC_TAOBAO_MAX_WINDOW_MS);
		if (i > 0) {
			EXPECT_LE(from, china(ends[i - 1].c_str()) - OLC_TAOBAO_ORDER_OVERLAP_MS + 1000);
			EXPECT_GE(from, china(ends[i - 1].c_str()) - OLC_TAOBAO_ORDER_OVERLAP_MS - 1000);
		}
	}
	auto log = shop.requests_to("/taobao/router/rest");
	ASSERT_FALSE(log.empty());
	EXPECT_NE(log.back().body.find("use_has_next=true"), std::string::npos) << log.back().body;
}

TEST(ProviderTaobaoFetch, OrdersFollowPages)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;

	const int n = OLC_TAOBAO_ORDERS_PER_PAGE + 5;
	for (int i = 0; i < n; i++)
		ASSERT_TRUE(shop.add_order("103", 1, "Li", "大理")) << shop.error();
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, (size_t)n);
	auto pages = calls(shop, "page_no");
	ASSERT_EQ(pages.size(), 3u);
	EXPECT_EQ(pages[1], "1");
	EXPECT_EQ(pages[2], "2");
}

TEST(ProviderTaobaoFetch, ExpiredSessionSaysAuthoriseAgain)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;

	// Refused for a while (the e2e's expiry): the words, then the same session works again.
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/expire-tokens", "{\"seconds\":600}"));
	Catalog refused;
	EXPECT_FALSE(p.catalog(refused, currency, res, err));
	EXPECT_STREQ(err.text, "Taobao products: Taobao refused the SessionKey (code 27, invalid-sessionkey): it has "
			       "expired or was revoked; authorise the app for this shop again and paste the new "
			       "SessionKey");
	EXPECT_EQ(refused.c.count, 0u);
	Orders orders;
	EXPECT_FALSE(p.orders(orders, 0, res, err));
	EXPECT_EQ(std::string(err.text).rfind("Taobao orders: Taobao refused the SessionKey", 0), 0u) << err.text;
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/expire-tokens", "{\"seconds\":0}"));
	Catalog back;
	EXPECT_TRUE(p.catalog(back, currency, res, err)) << err.text;

	// Really expired: a new authorisation gives a new session key; the old one stays refused.
	std::string answer;
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/expire-tokens", "{\"rotate\":true}", &answer));
	json_t *root = json_loads(answer.c_str(), 0, nullptr);
	std::string fresh = json_string_value(json_object_get(root, "session"));
	json_decref(root);
	Catalog old;
	EXPECT_FALSE(p.catalog(old, currency, res, err));
	Provider renewed("taobao", taobao(url_of(shop), app_secret, fresh.c_str()));
	Catalog now;
	EXPECT_TRUE(renewed.catalog(now, currency, res, err)) << err.text;
	EXPECT_EQ(now.c.count, 6u);
}

TEST(ProviderTaobaoFetch, RateLimitAsksToWait)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/rate-limit", "{\"count\":1,\"seconds\":13}"));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, 13000);
	EXPECT_STREQ(err.text, "Taobao products: Taobao is limiting this app's calls (code 7, accesscontrol.limited-"
			       "by-api-access-count): waiting 13 s");
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(res.retry_after_ms, -1);

	// The fault mode "throttled" answers in Taobao's shape too.
	ASSERT_TRUE(shop.set_fault("throttled", "/taobao", 1));
	Orders orders;
	EXPECT_FALSE(p.orders(orders, 0, res, err));
	EXPECT_EQ(res.retry_after_ms, 1000);
}

TEST(ProviderTaobaoFetch, OutsideTheCloudOrdersFailTheCatalogWorks)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/outside-cloud", "{\"on\":true}"));

	Orders orders;
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.orders(orders, 0, res, err));
	EXPECT_STREQ(err.text, "Taobao orders: Taobao answers this call only inside its own cloud (聚石塔) or from the "
			       "app's whitelisted IP addresses, not from this computer (isv.permission-ip-whitelist-"
			       "limit)");
	EXPECT_EQ(res.retry_after_ms, 5 * 60 * 1000) << "it will not change by itself";

	Catalog catalog;
	char currency[4] = "";
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(catalog.at("106").price.minor, 12850);
}

TEST(ProviderTaobaoFetch, NoSkuPermissionKeepsItemPrices)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/deny",
				 "{\"method\":\"taobao.items.seller.list.get\",\"on\":true}"));
	ASSERT_TRUE(shop.control("POST", "/_control/product", "{\"id\":106,\"price\":\"130.00\"}"));
	Provider p("taobao", taobao(url_of(shop)));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(catalog.at("106").price.minor, 13000) << "the item's own price";
	EXPECT_FALSE(catalog.at("106").price_from);
	EXPECT_STREQ(res.warning.text,
		     "Taobao SKUs: the app may not make this call (code 11, isv.permission-api-package-limit): add the "
		     "API's permission package to the app in the Taobao Open Platform console; the products show their "
		     "item price and stock, not their SKUs'");
}

TEST(ProviderTaobaoFetch, FaultsKeepTheirMeaning)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("taobao", taobao(url_of(shop)));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	ASSERT_TRUE(shop.set_fault("html-maintenance", "/taobao", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "Taobao products: the shop answered with a web page, not JSON (maybe maintenance?)");

	ASSERT_TRUE(shop.set_fault("truncated-json", "/taobao", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "Taobao products: the shop's answer was cut off before its end (incomplete JSON)");

	ASSERT_TRUE(shop.set_fault("503", "/taobao", 1, "7"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, 7000);

	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
}

TEST(ProviderTaobaoFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang", "/taobao"));
	std::string url = url_of(shop);
	olc_connection c = taobao(url);
	EXPECT_EQ(catalog_error_after_cancel(shop, "taobao", c, nullptr), "cancelled");
}

namespace {

int64_t system_ms()
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(
		       std::chrono::system_clock::now().time_since_epoch())
		.count();
}

int64_t an_hour_fast()
{
	return system_ms() + 3600 * 1000;
}

} // namespace

// This computer's clock an hour fast: Taobao refuses the first call for its time, and its answer's
// Date header tells the provider Taobao's clock, so the same fetch tries again and succeeds.
TEST(ProviderTaobaoFetch, AWrongClockCostsOneRefusedCall)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	olc_provider_env env{};
	env.now_ms = an_hour_fast;
	Provider p("taobao", taobao(url_of(shop)), &env);
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	auto log = shop.requests_to("/taobao/router/rest");
	ASSERT_EQ(log.size(), 3u) << "refused for its time, then products and SKUs";

	Orders orders;
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	ASSERT_TRUE(shop.add_order("101", 1, "Li", "大理"));
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	EXPECT_EQ(orders.l.count, 1u) << "windows by Taobao's clock, not this computer's";
}

// ---- in a session, as OBS runs it: the e2e scenario of tests/e2e/platforms/taobao.mjs ----

#include <chrono>
#include <mutex>
#include <thread>

#include "data-dir.h"
#include "core/session/session.h"

namespace {

struct TaobaoSession {
	olc_session *s = nullptr;
	std::mutex mu;
	std::vector<std::string> orders; // ids of OrderReceived events

	static void on_event(const olc_event *ev, void *priv)
	{
		auto *self = static_cast<TaobaoSession *>(priv);
		if (ev->kind == OLC_EVENT_ORDER_RECEIVED && ev->order) {
			std::lock_guard<std::mutex> lock(self->mu);
			self->orders.push_back(ev->order->id);
		}
	}
	explicit TaobaoSession(int64_t catalog_min_ms = 0)
	{
		olc_session_config cfg{};
		std::string data = data_dir();
		cfg.data_dir = data.c_str();
		cfg.catalog_min_ms = catalog_min_ms;
		olc_error err{};
		s = olc_session_create(&cfg, &err);
		EXPECT_NE(s, nullptr) << err.text;
		if (s)
			olc_session_add_listener(s, on_event, this);
	}
	~TaobaoSession()
	{
		if (s) {
			olc_session_remove_listener(s, on_event, this);
			olc_session_destroy(s);
		}
	}
	size_t received()
	{
		std::lock_guard<std::mutex> lock(mu);
		return orders.size();
	}
	// Polls the snapshot until pred holds; false after timeout.
	template <typename Pred> bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20))
	{
		auto deadline = std::chrono::steady_clock::now() + timeout;
		for (;;) {
			olc_snapshot *snap = olc_session_snapshot(s);
			bool ok = pred(*snap);
			olc_snapshot_release(snap);
			if (ok)
				return true;
			if (std::chrono::steady_clock::now() > deadline)
				return false;
			std::this_thread::sleep_for(std::chrono::milliseconds(20));
		}
	}
	std::string error()
	{
		olc_snapshot *snap = olc_session_snapshot(s);
		std::string e = snap->error ? snap->error : "";
		olc_snapshot_release(snap);
		return e;
	}
};

bool connect(TaobaoSession &t, const ShopServer &shop)
{
	std::string url = url_of(shop);
	olc_connection c = taobao(url, app_secret, session_key, "md5");
	c.poll_ms = 300;
	olc_error err{};
	bool ok = olc_session_set_connection(t.s, &c, &err);
	EXPECT_TRUE(ok) << err.text;
	return ok;
}

int64_t trades_asked(ShopServer &shop)
{
	int64_t n = 0;
	for (const std::string &m : calls(shop))
		n += m == "taobao.trades.sold.increment.get";
	return n;
}

} // namespace

TEST(SessionTaobao, CatalogThreeOrdersAndASessionRefusedForAWhile)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	TaobaoSession t;
	ASSERT_TRUE(connect(t, shop));

	ASSERT_TRUE(t.wait([](const olc_snapshot &s) { return s.catalog.count == 6; })) << t.error();
	{
		olc_snapshot *snap = olc_session_snapshot(t.s);
		const olc_product *tea = olc_snapshot_product(snap, "106");
		ASSERT_NE(tea, nullptr);
		EXPECT_EQ(tea->price.minor, 12850);
		EXPECT_TRUE(tea->price_from);
		EXPECT_EQ(olc_snapshot_product(snap, "102")->price.minor, 128000);
		olc_snapshot_release(snap);
	}
	// The first order poll sets the baseline; orders after it are sales.
	ASSERT_TRUE(t.wait([&](const olc_snapshot &) { return trades_asked(shop) >= 1; }));
	for (const char *id : {"101", "103", "106"})
		ASSERT_TRUE(shop.add_order(id, 1, "Li", "大理"));
	ASSERT_TRUE(t.wait([](const olc_snapshot &s) { return s.total.orders == 3; })) << t.error();
	EXPECT_EQ(t.received(), 3u);

	// Refused for 3 s: the status says to authorise again, then the session works again.
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/expire-tokens", "{\"seconds\":3}"));
	ASSERT_TRUE(t.wait([](const olc_snapshot &s) { return s.error && strstr(s.error, "SessionKey"); }))
		<< t.error();
	ASSERT_TRUE(shop.add_order("102", 1, "Dawa", "拉萨"));
	ASSERT_TRUE(
		t.wait([](const olc_snapshot &s) { return s.total.orders == 4 && !s.error; }, std::chrono::seconds(40)))
		<< t.error();
	EXPECT_EQ(t.received(), 4u);
}

TEST(SessionTaobao, OutsideTheCloudTheCatalogKeepsPolling)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/outside-cloud", "{\"on\":true}"));
	TaobaoSession t(1000); // the catalog every second rather than every 30 s
	ASSERT_TRUE(connect(t, shop));

	ASSERT_TRUE(t.wait([](const olc_snapshot &s) { return s.catalog.count == 6 && s.error; })) << t.error();
	EXPECT_NE(t.error().find("only inside its own cloud (聚石塔)"), std::string::npos) << t.error();

	// A new price reaches the snapshot while orders stay refused.
	ASSERT_TRUE(shop.control("POST", "/_control/product", "{\"id\":103,\"price\":\"42.00\"}"));
	ASSERT_TRUE(t.wait(
		[](const olc_snapshot &s) {
			const olc_product *p = olc_snapshot_product(&s, "103");
			return p && p->price.minor == 4200;
		},
		std::chrono::seconds(40)))
		<< "the catalog stopped with the orders: " << t.error();
	EXPECT_EQ(trades_asked(shop), 1) << "refused for a reason that does not pass: asked again only after 5 minutes";
}

// SKUs refused for lack of permission: the products show their item price, the status says so as a
// warning (not an error: the catalog is whole). Before, the provider's words were dropped.
TEST(SessionTaobao, SkusRefusedIsAWarningInTheStatus)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/deny",
				 "{\"method\":\"taobao.items.seller.list.get\",\"on\":true}"));
	TaobaoSession t;
	ASSERT_TRUE(connect(t, shop));
	ASSERT_TRUE(t.wait([](const olc_snapshot &s) {
		return s.catalog.count == 6 && s.warning && s.state != OLC_CONN_CONNECTING;
	})) << t.error();
	olc_snapshot *snap = olc_session_snapshot(t.s);
	EXPECT_NE(strstr(snap->warning, "the products show their item price and stock, not their SKUs'"), nullptr)
		<< snap->warning;
	EXPECT_EQ(snap->error, nullptr) << snap->error;
	EXPECT_EQ(snap->state, OLC_CONN_OK);
	EXPECT_FALSE(olc_snapshot_product(snap, "106")->price_from) << "its SKUs were not read";
	olc_snapshot_release(snap);
}

// The dock's form: the session key is required, the sign method is a choice of the two methods the
// provider signs with (md5 first, the default), the gateway optional.
TEST(ProviderTaobao, TheFormOffersTheSignMethods)
{
	const olc_provider_form *form = olc_provider_form_find("taobao");
	ASSERT_NE(form, nullptr);
	std::vector<std::string> required, choice;
	for (const olc_form_field *f = form->fields; f->key; f++) {
		if (f->required)
			required.push_back(f->key);
		if (f->kind == OLC_FORM_CHOICE)
			choice.push_back(f->key);
		ASSERT_NE(f->hint_key, nullptr) << f->key << ": zh-CN help names where to find it";
	}
	EXPECT_EQ(required, (std::vector<std::string>{"key", "secret", "token"}));
	EXPECT_EQ(choice, (std::vector<std::string>{"sign_method"}));

	const char *const *methods = olc_form_choices("taobao", "sign_method");
	ASSERT_NE(methods, nullptr);
	std::vector<std::string> offered;
	for (const char *const *m = methods; *m; m++) {
		offered.push_back(*m);
		olc_connection c = connection("taobao", nullptr, app_key, app_secret, session_key);
		c.sign_method = const_cast<char *>(*m);
		olc_error err{};
		EXPECT_TRUE(olc_provider_taobao_ops.check(&c, &err)) << *m << ": " << err.text;
	}
	EXPECT_EQ(offered, (std::vector<std::string>{"md5", "hmac-sha256"}));
	EXPECT_EQ(olc_form_choices("taobao", "url"), nullptr);
	EXPECT_EQ(olc_form_choices("shopify", "sign_method"), nullptr);
}

TEST(ProviderTaobao, OrderWindowsOfADayAtMost)
{
	const int64_t now = china("2026-03-01 12:00:00");
	const int64_t minute = 60 * 1000, hour = 60 * minute, day = 24 * hour;
	olc_taobao_window w[OLC_TAOBAO_MAX_WINDOWS];
	bool cut = true;

	// The first poll: the last 10 minutes, to a second past the shop's clock.
	ASSERT_EQ(olc_taobao_order_windows(false, 0, now, w, &cut), 1u);
	EXPECT_FALSE(cut);
	EXPECT_EQ(w[0].from_ms, now - 10 * minute);
	EXPECT_EQ(w[0].to_ms, now + 1000);

	// The next: from where the last ended, minus the overlap.
	ASSERT_EQ(olc_taobao_order_windows(true, now - 5000, now, w, &cut), 1u);
	EXPECT_EQ(w[0].from_ms, now - 5000 - 10 * minute);

	// 30 hours without a read: a day, then the rest.
	ASSERT_EQ(olc_taobao_order_windows(true, now - 30 * hour, now, w, &cut), 2u);
	EXPECT_FALSE(cut);
	EXPECT_EQ(w[0].from_ms, now - 30 * hour - 10 * minute);
	EXPECT_EQ(w[0].to_ms, w[0].from_ms + day);
	EXPECT_EQ(w[1].from_ms, w[0].to_ms);
	EXPECT_EQ(w[1].to_ms, now + 1000);

	// A week: only the last three days, and it says so.
	ASSERT_EQ(olc_taobao_order_windows(true, now - 7 * day, now, w, &cut), 4u);
	EXPECT_TRUE(cut);
	EXPECT_EQ(w[0].from_ms, now - 3 * day);
	for (size_t i = 0; i < 4; i++)
		EXPECT_LE(w[i].to_ms - w[i].from_ms, day);
	EXPECT_EQ(w[3].to_ms, now + 1000);

	// The shop's clock went back an hour: the last minutes, never a window that ends before it starts.
	ASSERT_EQ(olc_taobao_order_windows(true, now + hour, now, w, &cut), 1u);
	EXPECT_LT(w[0].from_ms, w[0].to_ms);
	EXPECT_EQ(w[0].to_ms, now + 1000);
}

TEST(ProviderTaobaoFetch, AnAnswerRepeatingTheSessionIsNotQuoted)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/taobao/echo", "{\"on\":true}"));
	Provider p("taobao", taobao(url_of(shop)));
	Orders orders;
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.orders(orders, 0, res, err));
	EXPECT_STREQ(err.text, "Taobao orders: Taobao refused the call (code 41; its answer repeats a key of this "
			       "connection, so it is not quoted)");
	EXPECT_EQ(std::string(err.text).find("6100"), std::string::npos);
}
