// The "woocommerce" provider: its parsers on answers shaped like the REST API v3 documentation,
// then fetches against the test shop (tests/shop-server) over real HTTP and HTTPS.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "fixtures/fixtures.h"
#include "core/net/http.h"
#include "core/shop/woocommerce.h"
#include "shop-server.h"

namespace {

struct WooProducts {
	Catalog catalog;
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	WooProducts(const std::string &body, const char *currency)
	{
		ok = olc_woo_parse_products(body.data(), body.size(), currency, &catalog.c, &report, &err);
	}
};

struct WooOrders {
	Orders orders;
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit WooOrders(const std::string &body)
	{
		ok = olc_woo_parse_orders(body.data(), body.size(), &orders.l, &report, &err);
	}
};

std::string currency_of(const std::string &body, bool expect_ok = true)
{
	char currency[4] = "";
	olc_error err{};
	bool ok = olc_woo_parse_currency(body.data(), body.size(), currency, &err);
	EXPECT_EQ(ok, expect_ok) << err.text;
	return ok ? currency : err.text;
}

} // namespace

TEST(ProviderWoo, StoreCurrency)
{
	EXPECT_EQ(currency_of(fixture("woocommerce/currency-cny.json")), "CNY");
	EXPECT_EQ(currency_of(fixture("woocommerce/currency-kwd.json")), "KWD");
	EXPECT_EQ(currency_of(fixture("woocommerce/currency-unknown.json"), false),
		  "unknown store currency \"ZZZ\" (expected an ISO 4217 code such as CNY)");
	EXPECT_EQ(currency_of("[]", false), "expected an object ({...}) for the store currency, found a list");
	EXPECT_EQ(currency_of("{\"code\":978}", false), "store currency: \"code\" must be text, not a number");
	EXPECT_EQ(currency_of(fixture("json/maintenance.html"), false),
		  "the shop answered with a web page, not JSON (maybe maintenance?)");
}

TEST(ProviderWoo, ParsesProductsExactly)
{
	WooProducts p(fixture("woocommerce/products-page1.json"), "CNY");
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 3u);
	EXPECT_EQ(p.report.rejected, 0u);

	// On sale: price is the sale price, regular_price the "was" price.
	const olc_product &m = p.catalog.at("101");
	EXPECT_EQ(str(m.title), "松茸 Wild matsutake, 100 g");
	EXPECT_EQ(m.price.minor, 3990);
	EXPECT_STREQ(m.price.currency, "CNY");
	ASSERT_TRUE(m.has_compare_at);
	EXPECT_EQ(m.compare_at.minor, 5900);
	ASSERT_TRUE(m.has_stock);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://shop.example.cn/product/matsutake-100g/");
	EXPECT_EQ(str(m.image_url), "https://shop.example.cn/wp-content/uploads/2025/02/matsutake.jpg");
	ASSERT_EQ(m.tag_count, 2u);
	EXPECT_STREQ(m.tags[0], "Mushroom");
	EXPECT_STREQ(m.tags[1], "Shangri-La");

	const olc_product &teapot = p.catalog.at("102");
	EXPECT_EQ(teapot.price.minor, 128000);
	EXPECT_FALSE(teapot.has_compare_at);
	EXPECT_EQ(teapot.stock, 3);
	EXPECT_EQ(teapot.image_url, nullptr) << "no images";

	const olc_product &jam = p.catalog.at("103");
	EXPECT_EQ(jam.price.minor, 2850);
	EXPECT_FALSE(jam.has_stock) << "manage_stock false and in stock: not tracked";
}

TEST(ProviderWoo, StockStatusWithoutManagedStock)
{
	WooProducts p(fixture("woocommerce/products-page2.json"), "CNY");
	ASSERT_TRUE(p.ok) << p.err.text;
	const olc_product &naan = p.catalog.at("104");
	ASSERT_TRUE(naan.has_stock) << "outofstock marks it sold out even when not counted";
	EXPECT_EQ(naan.stock, 0);
	const olc_product &butter = p.catalog.at("105");
	ASSERT_TRUE(butter.has_stock);
	EXPECT_EQ(butter.stock, -2) << "backorders may take stock below zero";
}

TEST(ProviderWoo, KwdHasThreeDecimals)
{
	WooProducts p(fixture("woocommerce/products-kwd.json"), "KWD");
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.catalog.at("301").price.minor, 12345);
	EXPECT_STREQ(p.catalog.at("301").price.currency, "KWD");
	EXPECT_EQ(p.catalog.at("301").compare_at.minor, 15000);

	// The same answer read as a JPY store: decimals a yen price cannot have reject the product.
	WooProducts jpy(fixture("woocommerce/products-kwd.json"), "JPY");
	EXPECT_FALSE(jpy.ok);
	EXPECT_STREQ(jpy.err.text, "no product could be read; the first problem: product 1 (id 301): \"price\": "
				   "\"12.345\" has decimals, but JPY prices are whole numbers");
}

TEST(ProviderWoo, BadProductsAreRejectedAlone)
{
	WooProducts p(fixture("woocommerce/products-two-bad.json"), "CNY");
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 1u);
	EXPECT_EQ(p.report.rejected, 2u);
	EXPECT_STREQ(p.report.first_rejection.text, "product 2 (id 202): \"price\" is empty");
	EXPECT_EQ(p.catalog.c.count, 1u);
	EXPECT_EQ(p.catalog.at("201").price.minor, 3990);

	// The other one, on its own: manage_stock must be true or false.
	std::string one = "[{\"id\":5,\"name\":\"Jam\",\"price\":\"1.00\",\"manage_stock\":\"yes\"},"
			  "{\"id\":6,\"name\":\"Naan\",\"price\":\"2.00\"}]";
	WooProducts q(one, "CNY");
	ASSERT_TRUE(q.ok) << q.err.text;
	EXPECT_STREQ(q.report.first_rejection.text,
		     "product 1 (id 5): \"manage_stock\" must be true or false, not text");
}

TEST(ProviderWoo, PagesAppendAndRepeatsAreHarmless)
{
	Catalog catalog;
	olc_parse_report report{};
	olc_error err{};
	std::string page1 = fixture("woocommerce/products-page1.json");
	std::string page2 = fixture("woocommerce/products-page2.json");
	ASSERT_TRUE(olc_woo_parse_products(page1.data(), page1.size(), "CNY", &catalog.c, &report, &err)) << err.text;
	ASSERT_TRUE(olc_woo_parse_products(page2.data(), page2.size(), "CNY", &catalog.c, &report, &err)) << err.text;
	EXPECT_EQ(catalog.c.count, 5u);
	EXPECT_EQ(report.accepted, 2u) << "the report describes the last page";

	// A page that shifted under us repeats products: they are skipped, the read does not fail.
	ASSERT_TRUE(olc_woo_parse_products(page2.data(), page2.size(), "CNY", &catalog.c, &report, &err)) << err.text;
	EXPECT_EQ(catalog.c.count, 5u);
	EXPECT_EQ(report.rejected, 2u);
	EXPECT_STREQ(report.first_rejection.text, "product 1 (id 104): the id is used by an earlier product");
}

TEST(ProviderWoo, TotalPagesHeader)
{
	EXPECT_EQ(olc_woo_total_pages("3"), 3);
	EXPECT_EQ(olc_woo_total_pages("1"), 1);
	EXPECT_EQ(olc_woo_total_pages("0"), -1);
	EXPECT_EQ(olc_woo_total_pages("-2"), -1);
	EXPECT_EQ(olc_woo_total_pages("2 "), -1);
	EXPECT_EQ(olc_woo_total_pages(""), -1);
	EXPECT_EQ(olc_woo_total_pages(nullptr), -1);
	EXPECT_EQ(olc_woo_total_pages("99999999999"), -1);
}

TEST(ProviderWoo, ShapeErrors)
{
	auto error = [](const std::string &body) {
		WooProducts p(body, "CNY");
		EXPECT_FALSE(p.ok);
		EXPECT_EQ(p.catalog.c.count, 0u);
		return std::string(p.err.text);
	};
	EXPECT_EQ(error(fixture("woocommerce/products-not-a-list.json")),
		  "expected a list of products ([...]), found an object");
	EXPECT_EQ(error(fixture("json/maintenance.html")),
		  "the shop answered with a web page, not JSON (maybe maintenance?)");
	EXPECT_EQ(error("[{\"id\":1,\"name\":\"x\",\"price\":\"1\"},"),
		  "the shop's answer was cut off before its end (incomplete JSON)");
	EXPECT_EQ(error("[{\"id\":1,\"id\":2}]").rfind("the shop's answer has a field twice in one object", 0), 0u);
	EXPECT_EQ(error("[{\"id\":1,\"name\":\"\xff\",\"price\":\"1\"}]")
			  .rfind("the shop's answer is not valid UTF-8 text", 0),
		  0u);

	WooProducts unknown("[]", "XXX");
	EXPECT_FALSE(unknown.ok);
	EXPECT_STREQ(unknown.err.text, "the store currency is not known");
}

TEST(ProviderWoo, OneOrderPerLineItem)
{
	WooOrders o(fixture("woocommerce/orders.json"));
	ASSERT_TRUE(o.ok) << o.err.text;
	EXPECT_EQ(o.report.accepted, 3u);
	EXPECT_EQ(o.report.rejected, 1u);
	EXPECT_STREQ(o.report.first_rejection.text,
		     "order 3 (id 1044), line 1: the product no longer exists in the shop (\"product_id\" is 0)");
	ASSERT_EQ(o.orders.l.count, 3u) << "the pending order is skipped";

	const olc_order &a = o.orders.l.orders[0];
	EXPECT_EQ(str(a.id), "1042");
	EXPECT_EQ(str(a.product_id), "101");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 7980);
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(a.created_at_ms, 1740824130000) << "date_created_gmt is UTC";
	EXPECT_EQ(str(a.buyer), "明");
	EXPECT_EQ(str(a.city), "拉萨");

	const olc_order &b = o.orders.l.orders[1];
	EXPECT_EQ(str(b.id), "1042#2");
	EXPECT_EQ(str(b.product_id), "103");
	EXPECT_EQ(b.quantity, 1);
	EXPECT_EQ(b.total.minor, 2850);
	EXPECT_EQ(b.created_at_ms, 1740824130000);

	const olc_order &c = o.orders.l.orders[2];
	EXPECT_EQ(str(c.id), "1044#2");
	EXPECT_EQ(str(c.product_id), "102");
	EXPECT_EQ(c.total.minor, 128000);
	EXPECT_EQ(c.created_at_ms, 1740824265000);
	EXPECT_EQ(c.buyer, nullptr) << "an empty first name is no name";
	EXPECT_EQ(c.city, nullptr);
	EXPECT_FALSE(c.test);
}

TEST(ProviderWoo, OrderReasons)
{
	auto first_reason = [](const std::string &order) {
		WooOrders o("[" + order + "]");
		EXPECT_TRUE(o.ok) << o.err.text;
		EXPECT_EQ(o.report.rejected, 1u);
		return std::string(o.report.first_rejection.text);
	};
	const std::string head = "{\"id\":7,\"status\":\"processing\",\"currency\":\"CNY\","
				 "\"date_created_gmt\":\"2025-03-01T10:15:30\",";
	EXPECT_EQ(first_reason(head + "\"line_items\":[{\"product_id\":1,\"quantity\":\"2\",\"total\":\"1.00\"}]}"),
		  "order 1 (id 7), line 1: \"quantity\" must be a whole number, not text");
	EXPECT_EQ(first_reason(head + "\"line_items\":[{\"product_id\":1,\"quantity\":2,\"total\":1.5}]}"),
		  "order 1 (id 7), line 1: \"total\" must be text such as \"39.90\", not a number (numbers lose "
		  "exactness)");
	EXPECT_EQ(first_reason(head + "\"line_items\":{}}"),
		  "order 1 (id 7): \"line_items\" must be a list, not an object");
	EXPECT_EQ(first_reason("{\"id\":7,\"status\":\"completed\",\"currency\":\"ABC\",\"date_created_gmt\":\"2025-03-"
			       "01T10:15:30\","
			       "\"line_items\":[]}"),
		  "order 1 (id 7): unknown currency \"ABC\"");
	EXPECT_EQ(first_reason("{\"id\":7,\"status\":\"completed\",\"currency\":\"CNY\",\"date_created_gmt\":null,"
			       "\"line_items\":[]}"),
		  "order 1 (id 7): \"date_created_gmt\" is missing");
	EXPECT_EQ(first_reason(head + "\"billing\":[],\"line_items\":[]}"),
		  "order 1 (id 7): \"billing\" must be an object, not a list");
	EXPECT_EQ(first_reason("{\"status\":\"completed\"}"), "order 1: \"id\" is missing");
}

// ---- against the test shop ----

namespace {

olc_provider_env env_for(const ShopServer &shop)
{
	olc_provider_env env{};
	env.extra_ca_file = shop.ca_file().c_str();
	return env;
}

} // namespace

TEST(ProviderWooFetch, ChecksTheConnection)
{
	olc_error err{};
	const olc_provider_ops *ops = &olc_provider_woocommerce_ops;
	olc_connection c = connection("woocommerce", "https://shop.example.cn", "ck", "cs");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.url = const_cast<char *>("http://shop.example.cn");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "WooCommerce keys are only sent over https: the address must start with https://");
	c.url = const_cast<char *>("http://localhost:8080");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.secret = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	c.url = const_cast<char *>("javascript:alert(1)");
	EXPECT_FALSE(ops->check(&c, &err));
}

TEST(ProviderWooFetch, CatalogOverHttpsWithBasicAuth)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.https_url();
	olc_provider_env env = env_for(shop);
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret),
		   &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	EXPECT_EQ(res.http_status, 200);
	EXPECT_EQ(res.report.accepted, 6u);
	EXPECT_EQ(res.report.rejected, 0u);
	ASSERT_EQ(catalog.c.count, 6u);

	const olc_product &m = catalog.at("101");
	EXPECT_EQ(str(m.title), "野生松茸 Wild Matsutake 250 g");
	EXPECT_EQ(m.price.minor, 16800);
	ASSERT_TRUE(m.has_compare_at);
	EXPECT_EQ(m.compare_at.minor, 19800);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://shop.example.cn/products/wild-matsutake-250g");
	EXPECT_EQ(str(m.image_url), url + "/images/101.png");
	EXPECT_EQ(catalog.at("102").price.minor, 128000);
	EXPECT_EQ(catalog.at("103").price.minor, 3990);
	EXPECT_FALSE(catalog.at("104").has_stock);
	EXPECT_TRUE(catalog.at("105").has_stock);
	EXPECT_EQ(catalog.at("105").stock, 0);
	EXPECT_EQ(catalog.at("106").price.minor, 12850);

	auto products = shop.requests_to("/wp-json/wc/v3/products");
	ASSERT_EQ(products.size(), 1u);
	EXPECT_TRUE(products[0].tls);
	EXPECT_EQ(products[0].query["per_page"], "100");
	EXPECT_EQ(products[0].query["page"], "1");
	EXPECT_EQ(shop.requests_to("/wp-json/wc/v3/data/currencies/current").size(), 1u);

	// The consumer key and secret travel only in the Authorization header (HTTP Basic), orders
	// too: a URL ends up in server, proxy and CDN logs, a header does not.
	Orders orders;
	ASSERT_TRUE(p.orders(orders, 0, res, err)) << err.text;
	auto log = shop.requests();
	ASSERT_EQ(log.size(), 3u) << "currency, products, orders";
	for (const ShopRequest &r : log) {
		EXPECT_EQ(r.target.find("consumer_"), std::string::npos) << r.target;
		EXPECT_EQ(r.target.find(ShopServer::woo_key), std::string::npos) << r.target;
		EXPECT_EQ(r.authorization, "basic") << r.target;
		EXPECT_EQ(r.basic, "valid") << r.target;
		EXPECT_EQ(r.status, 200) << r.target;
	}
}

// A host that strips the Authorization header used to get the keys in the query string instead.
// Now the keys stay out of URLs and the host hears what to fix.
TEST(ProviderWooFetch, NoKeysInTheUrlWhenTheServerDropsTheAuthorizationHeader)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/config", "{\"woo_basic_stripped\":true}")) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}")) << shop.error();
	std::string url = shop.https_url();
	olc_provider_env env = env_for(shop);
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret),
		   &env);

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 401);
	EXPECT_STREQ(err.text, "WooCommerce refused the key and secret (HTTP 401): check them; if they are right, the "
			       "web server may be dropping the Authorization header");
	EXPECT_EQ(catalog.c.count, 0u);

	auto log = shop.requests();
	ASSERT_EQ(log.size(), 1u) << "no second try with the keys in the URL";
	EXPECT_EQ(log[0].authorization, "basic");
	EXPECT_EQ(log[0].status, 401);
	EXPECT_EQ(log[0].target.find("consumer_"), std::string::npos) << log[0].target;
}

TEST(ProviderWooFetch, WrongKeysSaySo)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, "cs_wrong"));
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 401);
	EXPECT_STREQ(err.text, "WooCommerce refused the key and secret (HTTP 401): check them; if they are right, the "
			       "web server may be dropping the Authorization header");
	EXPECT_EQ(catalog.c.count, 0u);
	auto log = shop.requests();
	ASSERT_EQ(log.size(), 1u) << "Basic, then give up";
	EXPECT_EQ(log[0].authorization, "basic");
	EXPECT_EQ(log[0].basic, "wrong");
	EXPECT_EQ(log[0].target.find("consumer_"), std::string::npos) << log[0].target;
}

TEST(ProviderWooFetch, NewOrdersArriveOncePerLineItem)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret));

	// The first poll records what is there and reports nothing, so a restart replays nothing.
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
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 2u);
	const olc_order &a = got.l.orders[0];
	const olc_order &b = got.l.orders[1];
	EXPECT_EQ(str(a.product_id), "101");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 33600);
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(str(a.buyer), "Dawa");
	EXPECT_EQ(str(a.city), "拉萨");
	EXPECT_EQ(str(b.product_id), "106");
	EXPECT_EQ(b.total.minor, 12850);
	EXPECT_EQ(str(b.id), str(a.id) + "#2");
	EXPECT_EQ(a.created_at_ms, b.created_at_ms);

	// Already reported: the overlapping window brings them back, they are not reported again.
	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);

	auto log = shop.requests_to("/wp-json/wc/v3/orders");
	ASSERT_GE(log.size(), 3u);
	EXPECT_EQ(log.back().query["status"], "processing,completed");
	EXPECT_EQ(log.back().query["dates_are_gmt"], "true");
	EXPECT_EQ(log.back().query["order"], "asc");
	EXPECT_EQ(log.back().query["orderby"], "date");
	EXPECT_EQ(log.back().query["after"].size(), 19u) << log.back().query["after"];
}

TEST(ProviderWooFetch, OrdersFollowPages)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;

	// More orders than one page of 100 holds.
	for (int i = 0; i < 105; i++)
		ASSERT_TRUE(shop.add_order("104", 1, "B" + std::to_string(i), "Kashgar")) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 105u);
	EXPECT_EQ(str(got.l.orders[0].buyer), "B0");
	EXPECT_EQ(str(got.l.orders[104].buyer), "B104");
	auto log = shop.requests_to("/wp-json/wc/v3/orders");
	ASSERT_EQ(log.size(), 2u);
	EXPECT_EQ(log[0].query["page"], "1");
	EXPECT_EQ(log[1].query["page"], "2");
}

TEST(ProviderWooFetch, FaultsKeepTheirMeaning)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	ASSERT_TRUE(shop.set_fault("html-maintenance", "/wp-json/wc/v3/products"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text,
		     "WooCommerce products, page 1: the shop answered with a web page, not JSON (maybe maintenance?)");

	ASSERT_TRUE(shop.set_fault("503", "", -1, "7"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 503);
	EXPECT_EQ(res.retry_after_ms, 7000);
	EXPECT_STREQ(err.text, "WooCommerce is unavailable for now (HTTP 503, maybe maintenance)");

	ASSERT_TRUE(shop.set_fault("wrong-types", "/wp-json/wc/v3/products"));
	Catalog partial;
	ASSERT_TRUE(p.catalog(partial, currency, res, err)) << err.text;
	EXPECT_EQ(res.report.accepted, 3u);
	EXPECT_EQ(res.report.rejected, 3u);
	EXPECT_STREQ(
		res.report.first_rejection.text,
		"product 1 (id 101): \"price\" must be text such as \"39.90\", not a number (numbers lose exactness)");
	EXPECT_EQ(partial.at("104").price.minor, 2500);

	ASSERT_TRUE(shop.set_fault("invalid-utf8", "/wp-json/wc/v3/products"));
	Catalog none;
	EXPECT_FALSE(p.catalog(none, currency, res, err));
	EXPECT_EQ(std::string(err.text).rfind("WooCommerce products, page 1: the shop's answer is not valid UTF-8 text",
					      0),
		  0u)
		<< err.text;
	EXPECT_EQ(none.c.count, 0u);
}

TEST(ProviderWooFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang"));
	std::string url = shop.https_url();
	EXPECT_EQ(catalog_error_after_cancel(
			  shop, "woocommerce",
			  connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret),
			  shop.ca_file().c_str()),
		  "cancelled");
}

TEST(ProviderWooFetch, UntrustedCertificateIsRefused)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.https_url();
	Provider p("woocommerce", connection("woocommerce", url.c_str(), ShopServer::woo_key, ShopServer::woo_secret));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(std::string(err.text).rfind("the shop's TLS certificate is not trusted", 0), 0u) << err.text;
	EXPECT_TRUE(shop.requests_to("/wp-json/wc/v3/data/currencies/current").empty()) << "no request got through";
}
