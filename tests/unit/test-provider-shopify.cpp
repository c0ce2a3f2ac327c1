// The "shopify" provider: its parsers on answers shaped like the Admin GraphQL API 2025-01
// reference, the cost-throttle maths, the client-credentials grant's answers, then fetches against
// the test shop (tests/shop-server), with a fixed token and with a Dev Dashboard app's grant.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "fixtures/fixtures.h"
#include "core/base/text.h"
#include "core/net/http.h"
#include "core/shop/shopify.h"
#include "shop-server.h"

namespace {

struct ShopifyProducts {
	Catalog catalog;
	char currency[4] = "";
	olc_shopify_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit ShopifyProducts(const std::string &body)
	{
		ok = olc_shopify_parse_products(body.data(), body.size(), &catalog.c, currency, &answer, &report, &err);
	}
};

struct ShopifyOrders {
	Orders orders;
	olc_shopify_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit ShopifyOrders(const std::string &body)
	{
		ok = olc_shopify_parse_orders(body.data(), body.size(), &orders.l, &answer, &report, &err);
	}
};

} // namespace

TEST(ProviderShopify, ParsesAPageOfProducts)
{
	ShopifyProducts p(fixture("shopify/products-page1.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_STREQ(p.currency, "CNY");
	EXPECT_EQ(p.report.accepted, 2u);
	EXPECT_TRUE(p.answer.has_next_page);
	EXPECT_STREQ(p.answer.end_cursor, "eyJsYXN0X2lkIjo4MDEyMzQ1Njc4OTAyLCJsYXN0X3ZhbHVlIjoiODAxMjM0NTY3ODkwMiJ9");
	ASSERT_TRUE(p.answer.cost.present);
	EXPECT_EQ(p.answer.cost.requested, 202.0);
	EXPECT_EQ(p.answer.cost.available, 1988.0);
	EXPECT_EQ(p.answer.cost.maximum, 2000.0);
	EXPECT_EQ(p.answer.cost.restore_rate, 100.0);
	EXPECT_FALSE(p.answer.throttled);

	// "gid://shopify/Product/8012345678901" is known by its number, as the admin shows it.
	const olc_product &m = p.catalog.at("8012345678901");
	EXPECT_EQ(str(m.title), "松茸 Wild matsutake, 100 g");
	EXPECT_EQ(m.price.minor, 3990);
	EXPECT_STREQ(m.price.currency, "CNY");
	ASSERT_TRUE(m.has_compare_at);
	EXPECT_EQ(m.compare_at.minor, 5900);
	ASSERT_TRUE(m.has_stock);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://yunnan-village.myshopify.com/products/matsutake-100g");
	EXPECT_EQ(str(m.image_url),
		  "https://cdn.shopify.com/s/files/1/0612/3456/7890/files/matsutake.jpg?v=1740000000");
	ASSERT_EQ(m.tag_count, 2u);
	EXPECT_STREQ(m.tags[1], "shangri-la");

	// Money scalars come as "1280.0"; an unpublished product has no onlineStoreUrl and so no link.
	const olc_product &teapot = p.catalog.at("8012345678902");
	EXPECT_EQ(teapot.price.minor, 128000);
	EXPECT_FALSE(teapot.has_compare_at);
	EXPECT_EQ(teapot.url, nullptr);
	EXPECT_EQ(teapot.image_url, nullptr);
	EXPECT_EQ(teapot.stock, 3);
}

TEST(ProviderShopify, PagesAppend)
{
	Catalog catalog;
	char currency[4] = "";
	olc_shopify_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	std::string page1 = fixture("shopify/products-page1.json");
	std::string page2 = fixture("shopify/products-page2.json");
	ASSERT_TRUE(
		olc_shopify_parse_products(page1.data(), page1.size(), &catalog.c, currency, &answer, &report, &err));
	ASSERT_TRUE(
		olc_shopify_parse_products(page2.data(), page2.size(), &catalog.c, currency, &answer, &report, &err))
		<< err.text;
	EXPECT_FALSE(answer.has_next_page);
	EXPECT_STREQ(answer.end_cursor, "eyJsYXN0X2lkIjo4MDEyMzQ1Njc4OTAzfQ==");
	ASSERT_EQ(catalog.c.count, 3u);
	const olc_product &jam = catalog.at("8012345678903");
	EXPECT_EQ(jam.price.minor, 2850);
	EXPECT_FALSE(jam.has_compare_at) << "compareAtPrice equal to the price is no sale";
	EXPECT_FALSE(jam.has_stock) << "tracksInventory false";
}

// Several variants: the card shows the lowest (priceRangeV2.minVariantPrice), "from" when they
// differ; the first variant's compare-at price is struck through only when it is the lowest's.
TEST(ProviderShopify, VariantsShowTheLowestPriceFrom)
{
	ShopifyProducts p(fixture("shopify/products-variants.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 4u);

	const olc_product &tea = p.catalog.at("8012345679001");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_TRUE(tea.price_from);
	ASSERT_TRUE(tea.has_compare_at) << "the first variant is the lowest: its compare-at price stands";
	EXPECT_EQ(tea.compare_at.minor, 14800);
	EXPECT_EQ(tea.stock, 27) << "totalInventory: every variant's";

	const olc_product &butter = p.catalog.at("8012345679002");
	EXPECT_EQ(butter.price.minor, 4500) << "the lowest variant's, not the first's 86.0";
	EXPECT_TRUE(butter.price_from);
	EXPECT_FALSE(butter.has_compare_at) << "99.0 is the 86.0 variant's compare-at price, not the 45.0's";

	const olc_product &walnuts = p.catalog.at("8012345679003");
	EXPECT_EQ(walnuts.price.minor, 2500);
	EXPECT_FALSE(walnuts.price_from) << "every variant at one price";
	EXPECT_EQ(walnuts.compare_at.minor, 3200);

	const olc_product &odd = p.catalog.at("8012345679006");
	EXPECT_EQ(odd.price.minor, 2000) << "a range above the first variant's price does not describe it";
	EXPECT_TRUE(odd.price_from);
	EXPECT_EQ(odd.compare_at.minor, 2200);

	EXPECT_EQ(p.report.rejected, 2u);
	EXPECT_STREQ(p.report.first_rejection.text, "product 4 (id 8012345679004): \"priceRangeV2\": "
						    "\"minVariantPrice\" is in USD, not the shop currency CNY");
	EXPECT_EQ(olc_catalog_find(&p.catalog.c, "8012345679005"), nullptr) << "a range whose highest is below its lowest";

	// Without a range (an answer to the query before it asked for one) the first variant's price stands.
	ShopifyProducts old(fixture("shopify/products-page1.json"));
	ASSERT_TRUE(old.ok) << old.err.text;
	EXPECT_FALSE(old.catalog.at("8012345678901").price_from);
}

TEST(ProviderShopify, MinorUnitsFollowTheCurrency)
{
	ShopifyProducts jpy(fixture("shopify/products-jpy.json"));
	ASSERT_TRUE(jpy.ok) << jpy.err.text;
	EXPECT_STREQ(jpy.currency, "JPY");
	EXPECT_EQ(jpy.catalog.at("7001").price.minor, 1980) << "\"1980.0\" is an exact yen price";
	EXPECT_EQ(jpy.catalog.at("7001").compare_at.minor, 2480);
	EXPECT_EQ(jpy.answer.end_cursor[0], '\0');

	ShopifyProducts eur(fixture("shopify/products-eur.json"));
	ASSERT_TRUE(eur.ok) << eur.err.text;
	EXPECT_EQ(eur.catalog.at("6001").price.minor, 3990);
	EXPECT_EQ(eur.catalog.at("6001").compare_at.minor, 4500);
	EXPECT_STREQ(eur.catalog.at("6001").price.currency, "EUR");

	// Older versions send MoneyV2 objects: read too, and must be in the shop currency.
	ShopifyProducts kwd(fixture("shopify/products-kwd-moneyv2.json"));
	ASSERT_TRUE(kwd.ok) << kwd.err.text;
	EXPECT_STREQ(kwd.currency, "KWD");
	const olc_product &saffron = kwd.catalog.at("9001");
	EXPECT_EQ(saffron.price.minor, 12345);
	EXPECT_EQ(saffron.compare_at.minor, 15000);
	ASSERT_TRUE(saffron.has_stock);
	EXPECT_EQ(saffron.stock, 4) << "totalInventory null: the variant's inventoryQuantity";
	EXPECT_EQ(kwd.report.rejected, 1u);
	EXPECT_STREQ(kwd.report.first_rejection.text,
		     "product 2 (id 9002): first variant: \"price\" is in USD, not the shop currency KWD");
}

TEST(ProviderShopify, OneBadProductIsRejectedAlone)
{
	ShopifyProducts p(fixture("shopify/products-one-bad.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 2u);
	EXPECT_EQ(p.report.rejected, 1u);
	EXPECT_STREQ(p.report.first_rejection.text, "product 2 (id 2): the product has no variant, so no price");
	EXPECT_EQ(p.catalog.at("1").price.minor, 3990);
	EXPECT_EQ(p.catalog.at("3").price.minor, 2850);

	auto reason = [](const std::string &node) {
		ShopifyProducts q("{\"data\":{\"shop\":{\"currencyCode\":\"CNY\"},\"products\":{\"nodes\":[" + node +
				  ",{\"id\":\"gid://shopify/Product/"
				  "9\",\"title\":\"ok\",\"variants\":{\"nodes\":[{\"price\":\"1.0\"}]}}]}}}");
		EXPECT_TRUE(q.ok) << q.err.text;
		EXPECT_EQ(q.report.rejected, 1u);
		return std::string(q.report.first_rejection.text);
	};
	EXPECT_EQ(
		reason("{\"id\":\"gid://shopify/Product/"
		       "1\",\"title\":\"x\",\"variants\":{\"nodes\":[{\"price\":12.5}]}}"),
		"product 1 (id 1): first variant: \"price\" must be text such as \"39.90\", not a number (numbers lose "
		"exactness)");
	EXPECT_EQ(reason("{\"id\":\"gid://shopify/Product/1\",\"title\":\"x\",\"totalInventory\":\"3\","
			 "\"variants\":{\"nodes\":[{\"price\":\"1.0\"}]}}"),
		  "product 1 (id 1): \"totalInventory\" must be a whole number, not text");
	EXPECT_EQ(reason("{\"id\":\"gid://shopify/Product/1\",\"variants\":{\"nodes\":[{\"price\":\"1.0\"}]}}"),
		  "product 1 (id 1): \"title\" is missing");
	EXPECT_EQ(reason("{\"id\":\"gid://shopify/Product/1\",\"title\":\"x\",\"featuredImage\":\"a.png\","
			 "\"variants\":{\"nodes\":[{\"price\":\"1.0\"}]}}"),
		  "product 1 (id 1): \"featuredImage\" must be an object with a \"url\"");
	EXPECT_EQ(reason("{\"id\":\"gid://shopify/Product/1\",\"title\":\"x\",\"onlineStoreUrl\":\"javascript:x\","
			 "\"variants\":{\"nodes\":[{\"price\":\"1.001\"}]}}"),
		  "product 1 (id 1): first variant: \"price\": \"1.001\" has more decimals than CNY allows (2)");
}

TEST(ProviderShopify, ThrottledAnswer)
{
	ShopifyProducts p(fixture("shopify/throttled.json"));
	EXPECT_FALSE(p.ok);
	EXPECT_TRUE(p.answer.throttled);
	EXPECT_STREQ(p.err.text, "Shopify is throttling requests (the query cost budget is used up)");
	ASSERT_TRUE(p.answer.cost.present);
	EXPECT_EQ(p.answer.cost.requested, 752.0);
	EXPECT_EQ(p.answer.cost.available, 666.0);
	EXPECT_EQ(p.answer.cost.restore_rate, 50.0);
	// 86 points missing at 50 points per second: 1.72 s.
	EXPECT_EQ(olc_shopify_throttle_wait_ms(p.answer.cost.requested, p.answer.cost.available,
					       p.answer.cost.restore_rate),
		  1720);

	ShopifyOrders o(fixture("shopify/throttled.json"));
	EXPECT_FALSE(o.ok);
	EXPECT_TRUE(o.answer.throttled);
}

TEST(ProviderShopify, ThrottleMaths)
{
	EXPECT_EQ(olc_shopify_throttle_wait_ms(752, 666, 50), 1720);
	EXPECT_EQ(olc_shopify_throttle_wait_ms(101, 100, 3), 334) << "rounded up, never early";
	EXPECT_EQ(olc_shopify_throttle_wait_ms(100, 100, 50), 0);
	EXPECT_EQ(olc_shopify_throttle_wait_ms(10, 500, 50), 0);
	EXPECT_EQ(olc_shopify_throttle_wait_ms(10, 0, 0), 1000) << "an unknown rate waits a second";
	EXPECT_EQ(olc_shopify_throttle_wait_ms(1e12, 0, 1), 3600000) << "nonsense is capped";
}

TEST(ProviderShopify, ErrorsInPlainWords)
{
	auto error = [](const std::string &body) {
		ShopifyProducts p(body);
		EXPECT_FALSE(p.ok);
		EXPECT_FALSE(p.answer.throttled);
		EXPECT_EQ(p.catalog.c.count, 0u);
		return std::string(p.err.text);
	};
	EXPECT_EQ(error(fixture("shopify/access-denied.json")),
		  "Shopify said: Access denied for products field. Required access: `read_products` access scope.");
	EXPECT_EQ(error(fixture("shopify/bad-token.json")),
		  "Shopify said: [API] Invalid API key or access token (unrecognized login or wrong password)");
	EXPECT_EQ(error("{\"data\":{\"shop\":{\"currencyCode\":\"CNY\"}}}"),
		  "\"data.products\" is missing from the answer");
	EXPECT_EQ(error("{\"data\":{\"products\":{\"nodes\":[]}}}"),
		  "\"data.shop.currencyCode\" is missing: the shop currency is not known");
	EXPECT_EQ(error("{\"data\":{\"shop\":{\"currencyCode\":\"XTS\"},\"products\":{\"nodes\":[]}}}"),
		  "unknown shop currency \"XTS\" (expected an ISO 4217 code such as CNY)");
	EXPECT_EQ(error("{\"data\":{\"shop\":{\"currencyCode\":\"CNY\"},\"products\":{\"nodes\":{}}}}"),
		  "\"products.nodes\" must be a list, not an object");
	EXPECT_EQ(error("{\"data\":{\"shop\":{\"currencyCode\":\"CNY\"},\"products\":{\"pageInfo\":{\"hasNextPage\":"
			"true},"
			"\"nodes\":[]}}}"),
		  "\"products.pageInfo\" says there is a next page but gives no endCursor");
	EXPECT_EQ(error("{\"data\":null}"), "\"data\" is missing from the answer");
	EXPECT_EQ(error(fixture("json/maintenance.html")),
		  "the shop answered with a web page, not JSON (maybe maintenance?)");
	EXPECT_EQ(error("{\"data\":{\"shop\":{\"currencyCode\":\"CNY\"},\"products\":{\"nodes\":[{\"id\":\"gid:"),
		  "the shop's answer was cut off before its end (incomplete JSON)");
}

TEST(ProviderShopify, OneOrderPerLineItem)
{
	ShopifyOrders o(fixture("shopify/orders.json"));
	ASSERT_TRUE(o.ok) << o.err.text;
	EXPECT_EQ(o.report.accepted, 3u);
	EXPECT_EQ(o.report.rejected, 2u);
	EXPECT_STREQ(
		o.report.first_rejection.text,
		"order 3 (id 5550000000003), line 1: not a product of the shop (a custom item or a deleted product)");
	EXPECT_FALSE(o.answer.has_next_page);
	EXPECT_EQ(o.answer.cost.requested, 262.0);
	ASSERT_EQ(o.orders.l.count, 3u);

	const olc_order &a = o.orders.l.orders[0];
	EXPECT_EQ(str(a.id), "5550000000001");
	EXPECT_EQ(str(a.product_id), "8012345678901");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 7980) << "\"79.8\"";
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(a.created_at_ms, 1740824130000);
	EXPECT_EQ(str(a.buyer), "明");
	EXPECT_EQ(str(a.city), "拉萨");
	EXPECT_FALSE(a.test);

	const olc_order &b = o.orders.l.orders[1];
	EXPECT_EQ(str(b.id), "5550000000001#2");
	EXPECT_EQ(str(b.product_id), "8012345678903");
	EXPECT_EQ(b.total.minor, 2850);

	const olc_order &c = o.orders.l.orders[2];
	EXPECT_EQ(str(c.id), "5550000000002");
	EXPECT_EQ(c.total.minor, 128000);
	EXPECT_EQ(c.created_at_ms, 1740824162000);
	EXPECT_TRUE(c.test);
	EXPECT_EQ(c.buyer, nullptr) << "no billing address";
	EXPECT_EQ(str(c.city), "Kashgar") << "the shipping city instead";

	ShopifyOrders bad(
		R"({"data":{"orders":{"nodes":[{"id":"gid://shopify/Order/1","createdAt":"2025-03-01T10:15:30Z",
		"totalPriceSet":{"shopMoney":{"amount":"1.0","currencyCode":"CNY"}},
		"lineItems":{"nodes":[{"quantity":1,"product":{"id":"gid://shopify/Product/2"},
		"discountedTotalSet":{"shopMoney":{"amount":"39.90","currencyCode":"USD"}}}]}}]}}})");
	ASSERT_TRUE(bad.ok) << bad.err.text;
	EXPECT_STREQ(bad.report.first_rejection.text,
		     "order 1 (id 1), line 1: \"discountedTotalSet\" is in USD, not the order's currency CNY");
}

TEST(ProviderShopify, OrderReasons)
{
	auto reason = [](const std::string &node) {
		ShopifyOrders o("{\"data\":{\"orders\":{\"nodes\":[" + node + "]}}}");
		EXPECT_TRUE(o.ok) << o.err.text;
		EXPECT_EQ(o.report.rejected, 1u);
		return std::string(o.report.first_rejection.text);
	};
	EXPECT_EQ(reason(R"({"id":"gid://shopify/Order/4","createdAt":"2025-03-01T10:15:30Z",
		"lineItems":{"nodes":[]}})"),
		  "order 1 (id 4): \"totalPriceSet.shopMoney\" is missing");
	EXPECT_EQ(reason(R"({"id":"gid://shopify/Order/4","createdAt":"2025-03-01 10:15",
		"totalPriceSet":{"shopMoney":{"amount":"1.0","currencyCode":"CNY"}},"lineItems":{"nodes":[]}})"),
		  "order 1 (id 4): \"createdAt\" is not an ISO 8601 time");
	EXPECT_EQ(reason(R"({"id":"gid://shopify/Order/4","createdAt":"2025-03-01T10:15:30Z",
		"totalPriceSet":{"shopMoney":{"amount":"1.0","currencyCode":"CNY"}},"lineItems":{"nodes":[{"quantity":"1",
		"product":{"id":"gid://shopify/Product/2"},"discountedTotalSet":{"shopMoney":{"amount":"1.0","currencyCode":"CNY"}}}]}})"),
		  "order 1 (id 4), line 1: \"quantity\" must be a whole number, not text");
	EXPECT_EQ(reason(R"({"id":"gid://shopify/Order/4","createdAt":"2025-03-01T10:15:30Z",
		"totalPriceSet":{"shopMoney":{"amount":"1.0","currencyCode":"QQQ"}},"lineItems":{"nodes":[]}})"),
		  "order 1 (id 4): unknown currency \"QQQ\"");
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

TEST(ProviderShopifyFetch, ChecksTheConnection)
{
	olc_error err{};
	const olc_provider_ops *ops = &olc_provider_shopify_ops;
	olc_connection c = connection("shopify", "https://x.myshopify.com", nullptr, nullptr, "shpat_x");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.api_version = const_cast<char *>("2024-10");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.api_version = const_cast<char *>("latest/../x");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Shopify API version must look like 2025-01");
	c.api_version = nullptr;
	c.url = const_cast<char *>("http://x.myshopify.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Shopify token is only sent over https: the address must start with https://");
	c.url = const_cast<char *>("https://x.myshopify.com");
	c.token = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Shopify needs an Admin API access token (a custom app's token, shpat_...), or the "
			       "client ID and secret of a Dev Dashboard app");
}

TEST(ProviderShopifyFetch, CatalogOverHttpsWithTheToken)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.https_url();
	olc_provider_env env = env_for(shop);
	Provider p("shopify", connection("shopify", url.c_str(), nullptr, nullptr, ShopServer::shopify_token), &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	EXPECT_EQ(res.report.accepted, 6u);
	ASSERT_EQ(catalog.c.count, 6u);
	const olc_product &m = catalog.at("101");
	EXPECT_EQ(m.price.minor, 16800);
	EXPECT_EQ(m.compare_at.minor, 19800);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://shop.example.cn/products/wild-matsutake-250g");
	EXPECT_EQ(str(m.image_url), url + "/images/101.png");
	EXPECT_EQ(catalog.at("106").price.minor, 12850);
	EXPECT_TRUE(catalog.at("106").price_from) << "its gift box is 168.00";
	EXPECT_FALSE(catalog.at("101").price_from);
	EXPECT_FALSE(catalog.at("104").has_stock);
	EXPECT_EQ(catalog.at("105").stock, 0);

	auto log = shop.requests_to("/admin/api/2025-01/graphql.json");
	ASSERT_EQ(log.size(), 1u);
	EXPECT_EQ(log[0].method, "POST");
	EXPECT_TRUE(log[0].tls);
	EXPECT_TRUE(log[0].shopify_token);
	EXPECT_EQ(log[0].authorization, "");
	EXPECT_NE(log[0].body.find("products(first: 50, after: $after"), std::string::npos) << log[0].body;
	EXPECT_NE(log[0].body.find("\"variables\":{\"after\":null}"), std::string::npos) << log[0].body;
}

TEST(ProviderShopifyFetch, ApiVersionAndWrongToken)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	olc_connection c = connection("shopify", url.c_str(), nullptr, nullptr, "shpat_wrong");
	c.api_version = const_cast<char *>("2024-10");
	Provider p("shopify", c);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 401);
	EXPECT_STREQ(err.text, "Shopify refused the credentials (HTTP 401): check the key, secret or token");
	EXPECT_EQ(shop.requests_to("/admin/api/2024-10/graphql.json").size(), 1u);
}

TEST(ProviderShopifyFetch, ThrottleAnd429)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("shopify", connection("shopify", url.c_str(), nullptr, nullptr, ShopServer::shopify_token));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	// The server's throttled answer leaves the bucket one point short; it refills 100 points/s.
	ASSERT_TRUE(shop.set_fault("throttled", "", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 200);
	EXPECT_EQ(res.retry_after_ms, 10);
	EXPECT_STREQ(err.text, "Shopify is throttling requests: waiting 1 s");
	EXPECT_EQ(catalog.c.count, 0u);

	ASSERT_TRUE(shop.set_fault("429", "", 1, "7"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 429);
	EXPECT_EQ(res.retry_after_ms, 7000);
	EXPECT_STREQ(err.text, "Shopify is limiting requests (HTTP 429): waiting before the next try");

	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(res.retry_after_ms, -1) << "a full bucket needs no wait";
}

TEST(ProviderShopifyFetch, NewOrdersArrive)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("shopify", connection("shopify", url.c_str(), nullptr, nullptr, ShopServer::shopify_token));

	ASSERT_TRUE(shop.add_order("102", 1, "Early", "Dali"));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u) << "the first poll only records what is there";

	ASSERT_TRUE(shop.control(
		"POST", "/_control/order",
		R"({"buyer":"卓玛","city":"香格里拉","lines":[{"product_id":101,"quantity":1},{"product_id":103,"quantity":3}]})"))
		<< shop.error();
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 2u);
	EXPECT_EQ(str(got.l.orders[0].product_id), "101");
	EXPECT_EQ(got.l.orders[0].total.minor, 16800);
	EXPECT_EQ(str(got.l.orders[0].buyer), "卓玛");
	EXPECT_EQ(str(got.l.orders[0].city), "香格里拉");
	EXPECT_EQ(str(got.l.orders[1].product_id), "103");
	EXPECT_EQ(got.l.orders[1].quantity, 3);
	EXPECT_EQ(got.l.orders[1].total.minor, 11970);
	EXPECT_EQ(str(got.l.orders[1].id), str(got.l.orders[0].id) + "#2");

	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);

	auto log = shop.requests_to("/admin/api/2025-01/graphql.json");
	ASSERT_FALSE(log.empty());
	EXPECT_NE(log.back().body.find("\"q\":\"created_at:>'20"), std::string::npos) << log.back().body;
	EXPECT_NE(log.back().body.find("sortKey: CREATED_AT"), std::string::npos);
}

TEST(ProviderShopifyFetch, BrokenAnswers)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("shopify", connection("shopify", url.c_str(), nullptr, nullptr, ShopServer::shopify_token));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	ASSERT_TRUE(shop.set_fault("truncated-json", "", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "Shopify products: the shop's answer was cut off before its end (incomplete JSON)");

	ASSERT_TRUE(shop.set_fault("wrong-types", "", 1));
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(res.report.accepted, 3u);
	EXPECT_EQ(res.report.rejected, 3u);
	EXPECT_STREQ(
		res.report.first_rejection.text,
		"product 1 (id 101): first variant: \"price\" must be text such as \"39.90\", not a number (numbers "
		"lose exactness)");
}

TEST(ProviderShopifyFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang"));
	std::string url = shop.https_url();
	EXPECT_EQ(catalog_error_after_cancel(
			  shop, "shopify",
			  connection("shopify", url.c_str(), nullptr, nullptr, ShopServer::shopify_token),
			  shop.ca_file().c_str()),
		  "cancelled");
}

// ---- a Dev Dashboard app's client-credentials grant ----

TEST(ProviderShopify, TokenAnswers)
{
	char *token = nullptr;
	int64_t expires = -1;
	olc_error err{};
	// The answer as Shopify's client-credentials guide shows it (a Dev Dashboard app's 24-hour token).
	const std::string ok = fixture("shopify/token.json");
	ASSERT_TRUE(olc_shopify_parse_token(200, ok.data(), ok.size(), &token, &expires, &err)) << err.text;
	EXPECT_STREQ(token, "shpat_f2a8c1d47e9b3a6c5d0e");
	EXPECT_EQ(expires, 86399);
	olc_secret_free(token);
	const std::string refused = fixture("shopify/token-invalid-client.json");
	EXPECT_FALSE(olc_shopify_parse_token(400, refused.data(), refused.size(), &token, &expires, &err));
	EXPECT_EQ(token, nullptr);
	EXPECT_STREQ(err.text, "Shopify refused the client ID or client secret (invalid_client): copy both again "
			       "from the app's Settings page in the Dev Dashboard");

	const std::string no_expiry = R"({"access_token":"shpat_abc","scope":"read_products"})";
	ASSERT_TRUE(olc_shopify_parse_token(200, no_expiry.data(), no_expiry.size(), &token, &expires, &err));
	EXPECT_EQ(expires, 0) << "not said: kept until the shop refuses it";
	olc_secret_free(token);

	struct Case {
		long status;
		const char *body;
		const char *words;
	} cases[] = {
		{400, R"({"error":"invalid_client","error_description":"Client authentication failed"})",
		 "Shopify refused the client ID or client secret (invalid_client): copy both again from the app's "
		 "Settings page in the Dev Dashboard"},
		{400,
		 R"({"error":"app_not_installed","error_description":"The application is not installed on this shop."})",
		 "the Dev Dashboard app is not installed on this shop (app_not_installed): install it from the app's "
		 "page in the Dev Dashboard, then try again"},
		{400, R"({"error":"shop_not_permitted"})",
		 "Shopify gives client-credentials tokens only to shops of the app's own organization "
		 "(shop_not_permitted): create the app in this shop's Dev Dashboard"},
		{400, R"({"error":"invalid_request","error_description":"grant_type is missing"})",
		 "Shopify refused the token request (HTTP 400, invalid_request): grant_type is missing"},
		{404, R"({"errors":"Not Found"})", "Shopify refused the token request (HTTP 404): Not Found"},
		{403, "<html>Forbidden</html>", "Shopify refused the token request (HTTP 403)"},
		{200, R"({"scope":"read_products"})", "Shopify's token answer has no \"access_token\""},
		{200, R"({"access_token":"a\r\nX-Evil: 1","expires_in":10})",
		 "Shopify's token answer has an \"access_token\" that cannot be sent back"},
		{200, R"({"access_token":"shpat_x","expires_in":-5})",
		 "Shopify's token answer says it expires in -5 s"},
		{200, R"({"access_token":"shpat_x","expires_in":"86399"})",
		 nullptr /* a wrong type: words from the shared reader */},
		{200, "[1]", "Shopify's token answer is not an object ({...})"},
	};
	for (const Case &c : cases) {
		token = reinterpret_cast<char *>(1);
		EXPECT_FALSE(olc_shopify_parse_token(c.status, c.body, strlen(c.body), &token, &expires, &err))
			<< c.body;
		EXPECT_EQ(token, nullptr);
		if (c.words)
			EXPECT_STREQ(err.text, c.words) << c.body;
		else
			EXPECT_NE(std::string(err.text).find("expires_in"), std::string::npos) << err.text;
	}
}

namespace {

std::atomic<int64_t> fake_now_ms{0};
int64_t fake_now()
{
	return fake_now_ms.load();
}

int64_t wall_ms()
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(
		       std::chrono::system_clock::now().time_since_epoch())
		.count();
}

// The requests the provider made, in order, as "token 200", "graphql 401"...
std::vector<std::string> trail(ShopServer &shop)
{
	std::vector<std::string> out;
	for (const ShopRequest &r : shop.requests()) {
		std::string what = r.path == "/admin/oauth/access_token"               ? "token"
				   : r.path.find("/graphql.json") != std::string::npos ? "graphql"
										       : r.path;
		out.push_back(what + " " + std::to_string(r.status));
	}
	return out;
}

} // namespace

TEST(ProviderShopifyFetch, ChecksClientCredentials)
{
	olc_error err{};
	const olc_provider_ops *ops = &olc_provider_shopify_ops;
	olc_connection c = connection("shopify", "https://x.myshopify.com", "client-id", "shpss_secret", nullptr);
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.secret = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Shopify needs both the client ID and the client secret of the Dev Dashboard app (its "
			       "Settings page shows them)");
	c.secret = const_cast<char *>("shpss_secret");
	c.url = const_cast<char *>("http://x.myshopify.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text,
		     "the Shopify client secret is only sent over https: the address must start with https://");
	c.url = const_cast<char *>("http://127.0.0.1:8080");
	EXPECT_TRUE(ops->check(&c, &err)) << "plain http only to this computer: " << err.text;
	c = connection("shopify", "https://x.myshopify.com", nullptr, nullptr, nullptr);
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "Shopify needs an Admin API access token (a custom app's token, shpat_...), or the "
			       "client ID and secret of a Dev Dashboard app");
}

TEST(ProviderShopifyFetch, ClientCredentialsGiveATokenRenewedBeforeItExpires)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	// A token that lives 60 s: renewed from half its life on (the 10-minute margin is longer).
	ASSERT_TRUE(shop.control("POST", "/_control/config", R"({"shopify_token_ttl_s":60})")) << shop.error();
	std::string url = shop.https_url();
	olc_provider_env env = env_for(shop);
	fake_now_ms = wall_ms();
	env.now_ms = fake_now;
	Provider p("shopify",
		   connection("shopify", url.c_str(), ShopServer::shopify_client_id, ShopServer::shopify_client_secret,
			      nullptr),
		   &env);
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(catalog.at("106").price.minor, 12850);

	auto tokens = shop.requests_to("/admin/oauth/access_token");
	ASSERT_EQ(tokens.size(), 1u);
	EXPECT_EQ(tokens[0].method, "POST");
	EXPECT_TRUE(tokens[0].tls);
	EXPECT_EQ(tokens[0].target, "/admin/oauth/access_token") << "nothing in the URL";
	EXPECT_TRUE(tokens[0].query.empty());
	EXPECT_EQ(tokens[0].body, std::string("grant_type=client_credentials&client_id=") +
					  ShopServer::shopify_client_id + "&client_secret=%28present%29");
	EXPECT_FALSE(tokens[0].shopify_token) << "the grant's request carries no token";

	// 20 s later the token is still good: no new one.
	fake_now_ms += 20000;
	Orders baseline;
	ASSERT_TRUE(p.orders(baseline, 0, res, err)) << err.text;
	EXPECT_EQ(shop.requests_to("/admin/oauth/access_token").size(), 1u);

	// 31 s after it was given, half its life is over: renewed before the request, never refused.
	fake_now_ms += 11000;
	ASSERT_TRUE(shop.add_order("103", 2, "Lhamo", "Lhasa"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 1u);
	EXPECT_EQ(got.l.orders[0].total.minor, 7980);
	EXPECT_EQ(trail(shop),
		  (std::vector<std::string>{"token 200", "graphql 200", "graphql 200", "token 200", "graphql 200"}));

	// Nothing in the log shows the secret: not a URL, not a body.
	for (const ShopRequest &r : shop.requests()) {
		EXPECT_EQ(r.target.find(ShopServer::shopify_client_secret), std::string::npos) << r.target;
		EXPECT_EQ(r.body.find(ShopServer::shopify_client_secret), std::string::npos) << r.body;
	}
}

TEST(ProviderShopifyFetch, A401GetsOneNewTokenAndOneMoreTry)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("shopify", connection("shopify", url.c_str(), ShopServer::shopify_client_id,
					 ShopServer::shopify_client_secret, nullptr));
	ASSERT_NE(p.state, nullptr) << p.err.text;
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;

	// The shop forgets its 24-hour token early: one 401, a new token, the same request again.
	ASSERT_TRUE(shop.control("POST", "/_control/shopify/expire-tokens", "{}")) << shop.error();
	Catalog again;
	ASSERT_TRUE(p.catalog(again, currency, res, err)) << err.text;
	EXPECT_EQ(again.c.count, 6u);
	EXPECT_EQ(res.http_status, 200);
	EXPECT_EQ(trail(shop),
		  (std::vector<std::string>{"token 200", "graphql 200", "graphql 401", "token 200", "graphql 200"}));

	// A shop that refuses every new token too: one more try, not a loop, and words about the app.
	ASSERT_TRUE(shop.control("POST", "/_control/config", R"({"shopify_grant_refused":true})")) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/clear-requests", "{}"));
	Catalog refused;
	EXPECT_FALSE(p.catalog(refused, currency, res, err));
	EXPECT_EQ(res.http_status, 401);
	EXPECT_STREQ(err.text, "Shopify refused a token it had just given (HTTP 401): check the app's access scopes "
			       "(read_products, read_orders) in the Dev Dashboard and install its latest version");
	EXPECT_EQ(trail(shop), (std::vector<std::string>{"graphql 401", "token 200", "graphql 401"}));
}

TEST(ProviderShopifyFetch, AWrongClientSecretInPlainWords)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url();
	Provider p("shopify",
		   connection("shopify", url.c_str(), ShopServer::shopify_client_id, "shpss_not_the_secret", nullptr));
	ASSERT_NE(p.state, nullptr) << p.err.text;
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 400);
	EXPECT_STREQ(err.text, "Shopify refused the client ID or client secret (invalid_client): copy both again from "
			       "the app's Settings page in the Dev Dashboard");
	EXPECT_EQ(std::string(err.text).find("shpss_"), std::string::npos);
	EXPECT_EQ(trail(shop), (std::vector<std::string>{"token 400"})) << "no Admin API call without a token";
	// The next poll asks again (the merchant may have fixed the app meanwhile), and no more.
	Orders orders;
	EXPECT_FALSE(p.orders(orders, 0, res, err));
	EXPECT_EQ(trail(shop), (std::vector<std::string>{"token 400", "token 400"}));
	for (const ShopRequest &r : shop.requests())
		EXPECT_EQ(r.body.find("shpss_not_the_secret"), std::string::npos) << r.body;
}
