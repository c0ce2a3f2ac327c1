// The "json" provider's parsers (our own shop API), its local-file mode, the provider registry
// and the shared parsing helpers. Fetches over HTTP are tested against the shop server further
// down when it is available.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "fixtures/fixtures.h"
#include "core/net/http.h"
#include "core/shop/demo.h"
#include "core/shop/json.h"
#include "core/shop/parse.h"
#include "core/shop/shopify.h"
#include "core/shop/woocommerce.h"
#include "shop-server.h"
#include "temp-dir.h"
#include "core/base/text.h"

namespace {

struct Products {
	Catalog catalog;
	char currency[4] = "";
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit Products(const std::string &body)
	{
		ok = olc_json_provider_parse_products(body.data(), body.size(), nullptr, &catalog.c, currency, &report,
						      &err);
	}
};

std::string products_error(const std::string &body)
{
	Products p(body);
	EXPECT_FALSE(p.ok);
	EXPECT_EQ(p.catalog.c.count, 0u);
	return p.err.text;
}

} // namespace

TEST(ProviderJson, ParsesCatalogExactly)
{
	Products p(fixture("json/products-cny.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_STREQ(p.currency, "CNY");
	EXPECT_EQ(p.report.accepted, 4u);
	EXPECT_EQ(p.report.rejected, 0u);
	ASSERT_EQ(p.catalog.c.count, 4u);

	const olc_product &m = p.catalog.at("matsutake-100g");
	EXPECT_EQ(str(m.title), "松茸 Wild matsutake, 100 g");
	EXPECT_EQ(m.price.minor, 3990);
	EXPECT_STREQ(m.price.currency, "CNY");
	ASSERT_TRUE(m.has_compare_at);
	EXPECT_EQ(m.compare_at.minor, 5900);
	ASSERT_TRUE(m.has_stock);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://shop.example.cn/p/matsutake-100g");
	EXPECT_EQ(str(m.image_url), "https://shop.example.cn/img/matsutake.jpg");
	ASSERT_EQ(m.tag_count, 2u);
	EXPECT_STREQ(m.tags[0], "mushroom");
	EXPECT_STREQ(m.tags[1], "shangri-la");

	const olc_product &teapot = p.catalog.at("silver-teapot");
	EXPECT_EQ(teapot.price.minor, 128000);
	EXPECT_FALSE(teapot.has_compare_at);
	EXPECT_EQ(teapot.stock, 3);
	EXPECT_EQ(teapot.image_url, nullptr);

	// "28.5" is 28.50; a "was" price equal to the price is no discount; null stock is untracked.
	const olc_product &jam = p.catalog.at("rose-jam");
	EXPECT_EQ(jam.price.minor, 2850);
	EXPECT_FALSE(jam.has_compare_at);
	EXPECT_FALSE(jam.has_stock);

	// A numeric id becomes text; a javascript: link and a file: image are dropped, the product kept.
	const olc_product &naan = p.catalog.at("4017");
	EXPECT_EQ(naan.price.minor, 1500);
	EXPECT_TRUE(naan.has_stock);
	EXPECT_EQ(naan.stock, 0);
	EXPECT_EQ(naan.url, nullptr);
	EXPECT_EQ(naan.image_url, nullptr);
	EXPECT_EQ(naan.tag_count, 0u);
}

TEST(ProviderJson, MinorUnitsFollowTheCurrency)
{
	Products eur(fixture("json/products-eur.json"));
	ASSERT_TRUE(eur.ok) << eur.err.text;
	EXPECT_STREQ(eur.currency, "EUR");
	EXPECT_EQ(eur.catalog.at("tea").price.minor, 3990);
	EXPECT_EQ(eur.catalog.at("tea").compare_at.minor, 4500);

	Products jpy(fixture("json/products-jpy.json"));
	ASSERT_TRUE(jpy.ok) << jpy.err.text;
	EXPECT_STREQ(jpy.currency, "JPY");
	EXPECT_EQ(jpy.catalog.at("yak-butter").price.minor, 1980);
	EXPECT_EQ(jpy.catalog.at("yak-butter").compare_at.minor, 2480);
	EXPECT_STREQ(jpy.catalog.at("yak-butter").price.currency, "JPY");

	Products kwd(fixture("json/products-kwd.json"));
	ASSERT_TRUE(kwd.ok) << kwd.err.text;
	EXPECT_EQ(kwd.catalog.at("saffron").price.minor, 12345);
	EXPECT_STREQ(kwd.catalog.at("saffron").price.currency, "KWD");
}

TEST(ProviderJson, OneBadProductIsRejectedAlone)
{
	Products p(fixture("json/products-one-bad.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 2u);
	EXPECT_EQ(p.report.rejected, 1u);
	EXPECT_STREQ(
		p.report.first_rejection.text,
		"product 2 (\"p2\"): \"price\" must be text such as \"39.90\", not a number (numbers lose exactness)");
	EXPECT_EQ(p.catalog.c.count, 2u);
	EXPECT_EQ(p.catalog.at("p1").price.minor, 3990);
	EXPECT_EQ(p.catalog.at("p3").price.minor, 2850);
	EXPECT_EQ(olc_catalog_find(&p.catalog.c, "p2"), nullptr);
}

TEST(ProviderJson, EachWrongFieldHasItsReason)
{
	auto first_reason = [](const char *product) {
		std::string body = std::string("{\"currency\":\"CNY\",\"products\":[") + product +
				   ",{\"id\":\"ok\",\"title\":\"Naan\",\"price\":\"15.00\"}]}";
		Products p(body);
		EXPECT_TRUE(p.ok) << p.err.text;
		EXPECT_EQ(p.report.accepted, 1u);
		EXPECT_EQ(p.report.rejected, 1u);
		return std::string(p.report.first_rejection.text);
	};
	EXPECT_EQ(first_reason("{\"title\":\"Jam\",\"price\":\"1.00\"}"), "product 1: \"id\" is missing");
	EXPECT_EQ(first_reason("{\"id\":true,\"title\":\"Jam\",\"price\":\"1.00\"}"),
		  "product 1: \"id\" must be text or a whole number, not true/false");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"price\":\"1.00\"}"), "product 1 (\"j\"): \"title\" is missing");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"\",\"price\":\"1.00\"}"),
		  "product 1 (\"j\"): \"title\" is empty");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\"}"), "product 1 (\"j\"): \"price\" is missing");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\",\"price\":\"1,00\"}"),
		  "product 1 (\"j\"): \"price\": \"1,00\" is not a price (expected digits with an optional decimal "
		  "point, "
		  "like 39.90)");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\",\"price\":\"1.00\",\"stock\":\"12\"}"),
		  "product 1 (\"j\"): \"stock\" must be a whole number, not text");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\",\"price\":\"1.00\",\"stock\":2.5}"),
		  "product 1 (\"j\"): \"stock\" must be a whole number, not a number");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\",\"price\":\"1.00\",\"url\":7}"),
		  "product 1 (\"j\"): \"url\" must be text, not a number");
	EXPECT_EQ(first_reason("{\"id\":\"j\",\"title\":\"Jam\",\"price\":\"1.00\",\"tags\":[\"a\",3]}"),
		  "product 1 (\"j\"): \"tags\" item 2 must be text, not a number");
	EXPECT_EQ(first_reason("[1]"), "product 1: expected an object ({...}), found a list");
}

TEST(ProviderJson, DuplicateIdKeepsTheFirst)
{
	Products p("{\"currency\":\"CNY\",\"products\":[{\"id\":\"a\",\"title\":\"One\",\"price\":\"1\"},"
		   "{\"id\":\"a\",\"title\":\"Two\",\"price\":\"2\"}]}");
	ASSERT_TRUE(p.ok);
	EXPECT_EQ(p.catalog.c.count, 1u);
	EXPECT_EQ(str(p.catalog.at("a").title), "One");
	EXPECT_STREQ(p.report.first_rejection.text, "product 2 (\"a\"): the id is used by an earlier product");
}

TEST(ProviderJson, LongIdsAreReadWholeUpToTheModelsMaximum)
{
	const std::string id(300, 'k');
	const std::string too_long(OLC_PRODUCT_ID_MAX + 1, 'k');
	Products p("{\"currency\":\"CNY\",\"products\":[{\"id\":\"" + id +
		   "\",\"title\":\"Long\",\"price\":\"1.00\"},{\"id\":\"" + too_long +
		   "\",\"title\":\"Too long\",\"price\":\"2.00\"}]}");
	ASSERT_TRUE(p.ok) << p.err.text;
	ASSERT_EQ(p.catalog.c.count, 1u);
	EXPECT_EQ(std::string(p.catalog.c.products[0].id), id);
	EXPECT_EQ(p.report.rejected, 1u);
	EXPECT_STREQ(p.report.first_rejection.text, "product 2: \"id\" is longer than 512 bytes");
}

TEST(ProviderJson, ACancelledParseStopsBeforeTheNextProduct)
{
	std::string body = "{\"currency\":\"CNY\",\"products\":[";
	for (int i = 0; i < 1000; i++)
		body += (i ? ",{\"id\":\"p" : "{\"id\":\"p") + std::to_string(i) +
			"\",\"title\":\"T\",\"price\":\"1.00\"}";
	body += "]}";
	olc_cancel *cancel = olc_cancel_create();
	ASSERT_NE(cancel, nullptr);
	olc_cancel_set(cancel); // as olc_session_destroy does while the worker parses
	Catalog catalog;
	char currency[4] = "";
	olc_parse_report report{};
	olc_error err{};
	EXPECT_FALSE(olc_json_provider_parse_products(body.data(), body.size(), cancel, &catalog.c, currency, &report,
						      &err));
	EXPECT_STREQ(err.text, "stopped before the catalog was read");
	EXPECT_EQ(report.accepted, 0u); // not one product read after the cancel
	EXPECT_EQ(catalog.c.count, 0u);
	EXPECT_STREQ(currency, "");

	olc_cancel_reset(cancel);
	EXPECT_TRUE(olc_json_provider_parse_products(body.data(), body.size(), cancel, &catalog.c, currency, &report,
						     &err));
	EXPECT_EQ(catalog.c.count, 1000u);
	olc_cancel_destroy(cancel);
}

TEST(ProviderJson, NoReadableProductKeepsTheLastGoodCatalog)
{
	EXPECT_EQ(products_error(fixture("json/products-all-bad.json")),
		  "no product could be read; the first problem: product 1 (\"p1\"): \"price\": \"39.901\" has more "
		  "decimals than CNY allows (2)");

	Products empty(fixture("json/products-empty.json"));
	EXPECT_TRUE(empty.ok) << "an empty shop is a real answer";
	EXPECT_EQ(empty.catalog.c.count, 0u);
}

TEST(ProviderJson, ShapeErrorsRejectTheWholeAnswer)
{
	EXPECT_EQ(products_error(fixture("json/products-unknown-currency.json")),
		  "products answer: unknown currency \"XYZ\" (expected an ISO 4217 code such as CNY)");
	EXPECT_EQ(products_error("{\"currency\":\"cny\",\"products\":[]}"),
		  "products answer: unknown currency \"cny\" (expected an ISO 4217 code such as CNY)");
	EXPECT_EQ(products_error("{\"products\":[]}"), "products answer: \"currency\" is missing");
	EXPECT_EQ(products_error(fixture("json/products-not-a-list.json")),
		  "products answer: \"products\" must be a list ([...]), not an object");
	EXPECT_EQ(products_error("{\"currency\":\"CNY\"}"), "products answer: \"products\" is missing");
	EXPECT_EQ(products_error("[]"), "expected an object ({...}) at the top of the products answer, found a list");
	EXPECT_EQ(products_error(fixture("json/maintenance.html")),
		  "the shop answered with a web page, not JSON (maybe maintenance?)");
	EXPECT_EQ(products_error("  \r\n"), "the shop sent an empty answer");
	EXPECT_EQ(products_error(fixture("json/products-truncated.json")),
		  "the shop's answer was cut off before its end (incomplete JSON)");
	EXPECT_EQ(products_error(fixture("json/products-invalid-utf8.json"))
			  .rfind("the shop's answer is not valid UTF-8 text (line 1, column ", 0),
		  0u);
	EXPECT_EQ(products_error(fixture("json/products-duplicate-key.json"))
			  .rfind("the shop's answer has a field twice in one object (line 1, column ", 0),
		  0u);
	EXPECT_EQ(products_error("{\"currency\": CNY}").rfind("the shop's answer is not JSON (line 1, column ", 0), 0u);
}

TEST(ProviderJson, SizeIsCappedBeforeParsing)
{
	std::string big(OLC_SHOP_MAX_BYTES + 1, ' ');
	EXPECT_EQ(products_error(big), "the shop's answer is larger than 8 MiB");

	// Exactly at the cap is still read.
	std::string body = "{\"currency\":\"CNY\",\"products\":[]}";
	body.resize(OLC_SHOP_MAX_BYTES, ' ');
	Products p(body);
	EXPECT_TRUE(p.ok) << p.err.text;
}

TEST(ProviderJson, ParsesOrders)
{
	std::string body = fixture("json/orders.json");
	Orders orders;
	char *cursor = strdup("c-1000");
	olc_parse_report report{};
	olc_error err{};
	ASSERT_TRUE(olc_json_provider_parse_orders(body.data(), body.size(), "CNY", &orders.l, &cursor, &report, &err))
		<< err.text;
	EXPECT_STREQ(cursor, "c-1004");
	free(cursor);

	EXPECT_EQ(report.accepted, 2u);
	EXPECT_EQ(report.rejected, 2u);
	EXPECT_STREQ(report.first_rejection.text,
		     "order 3 (\"o-1003\"): \"created_at\": \"yesterday\" is not an ISO 8601 "
		     "time with a zone (like 2025-03-01T10:15:30Z)");
	ASSERT_EQ(orders.l.count, 2u);

	const olc_order &a = orders.l.orders[0];
	EXPECT_EQ(str(a.id), "o-1001");
	EXPECT_EQ(a.created_at_ms, 1740824130000);
	EXPECT_EQ(str(a.product_id), "matsutake-100g");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(str(a.buyer), "李明");
	EXPECT_EQ(str(a.city), "拉萨");
	EXPECT_EQ(a.total.minor, 7980);
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_FALSE(a.test);

	const olc_order &b = orders.l.orders[1];
	EXPECT_EQ(str(b.id), "1002");
	EXPECT_EQ(b.created_at_ms, 1740824162000) << "+08:00 is converted to UTC";
	EXPECT_EQ(str(b.product_id), "4017");
	EXPECT_EQ(b.buyer, nullptr);
	EXPECT_EQ(str(b.city), "Kashgar");
	EXPECT_EQ(b.total.minor, 1500);
	EXPECT_TRUE(b.test);
}

TEST(ProviderJson, OrdersNeedAKnownCurrency)
{
	Orders orders;
	char *cursor = nullptr;
	olc_parse_report report{};
	olc_error err{};
	std::string body = fixture("json/orders.json");

	EXPECT_FALSE(
		olc_json_provider_parse_orders(body.data(), body.size(), nullptr, &orders.l, &cursor, &report, &err));
	EXPECT_STREQ(err.text, "orders answer: the currency of the totals is not known yet");
	EXPECT_EQ(cursor, nullptr) << "a failed answer leaves the cursor alone";

	// The answer may name its own currency.
	std::string jpy = "{\"currency\":\"JPY\",\"cursor\":\"7\",\"orders\":[{\"id\":\"x\",\"created_at\":"
			  "\"2025-03-01T10:15:30.250Z\",\"product_id\":\"y\",\"quantity\":1,\"total\":\"1980\"}]}";
	ASSERT_TRUE(olc_json_provider_parse_orders(jpy.data(), jpy.size(), "CNY", &orders.l, &cursor, &report, &err))
		<< err.text;
	ASSERT_EQ(orders.l.count, 1u);
	EXPECT_EQ(orders.l.orders[0].total.minor, 1980);
	EXPECT_STREQ(orders.l.orders[0].total.currency, "JPY");
	EXPECT_EQ(orders.l.orders[0].created_at_ms, 1740824130250);
	EXPECT_STREQ(cursor, "7");
	free(cursor);
}

TEST(ProviderJson, OrdersShapeErrors)
{
	auto error = [](const std::string &body) {
		Orders orders;
		char *cursor = nullptr;
		olc_parse_report report{};
		olc_error err{};
		EXPECT_FALSE(olc_json_provider_parse_orders(body.data(), body.size(), "CNY", &orders.l, &cursor,
							    &report, &err));
		EXPECT_EQ(cursor, nullptr);
		return std::string(err.text);
	};
	EXPECT_EQ(error("{\"orders\":[],\"cursor\":5}"), "orders answer: \"cursor\" must be text, not a number");
	EXPECT_EQ(error("{\"cursor\":\"c\"}"), "orders answer: \"orders\" is missing");
	EXPECT_EQ(error("{\"orders\":{},\"cursor\":\"c\"}"),
		  "orders answer: \"orders\" must be a list ([...]), not an object");
	EXPECT_EQ(error("{\"orders\":[],\"cursor\":\"c\",\"currency\":\"ABC\"}"),
		  "orders answer: unknown currency \"ABC\" (expected an ISO 4217 code such as CNY)");
	EXPECT_EQ(error(fixture("json/maintenance.html")),
		  "the shop answered with a web page, not JSON (maybe maintenance?)");
}

TEST(ProviderJson, NoCursorMeansNoOrdersYet)
{
	// What a shop that has sold nothing yet answers: not an error, and no cursor to follow.
	for (const char *body :
	     {"{\"orders\":[],\"cursor\":\"\"}", "{\"orders\":[]}", "{\"orders\":[],\"cursor\":null}"}) {
		Orders orders;
		char *cursor = strdup("c-7");
		olc_parse_report report{};
		olc_error err{};
		EXPECT_TRUE(
			olc_json_provider_parse_orders(body, strlen(body), nullptr, &orders.l, &cursor, &report, &err))
			<< body << ": " << err.text;
		EXPECT_EQ(cursor, nullptr) << body;
		free(cursor);
	}
}

// ---- the shared helpers ----

TEST(ProviderParse, ShopPricesAcceptOnlyHarmlessExtraZeros)
{
	olc_money m{};
	olc_error err{};
	ASSERT_TRUE(olc_shop_price("1980.0", "JPY", &m, &err)) << err.text;
	EXPECT_EQ(m.minor, 1980);
	ASSERT_TRUE(olc_shop_price("1980.00", "JPY", &m, &err)) << err.text;
	EXPECT_EQ(m.minor, 1980);
	ASSERT_TRUE(olc_shop_price("39.900", "CNY", &m, &err)) << err.text;
	EXPECT_EQ(m.minor, 3990);
	ASSERT_TRUE(olc_shop_price("12.3450", "KWD", &m, &err)) << err.text;
	EXPECT_EQ(m.minor, 12345);
	ASSERT_TRUE(olc_shop_price("0.5", "EUR", &m, &err)) << err.text;
	EXPECT_EQ(m.minor, 50);

	EXPECT_FALSE(olc_shop_price("39.901", "CNY", &m, &err));
	EXPECT_STREQ(err.text, "\"39.901\" has more decimals than CNY allows (2)");
	EXPECT_FALSE(olc_shop_price("1980.5", "JPY", &m, &err));
	EXPECT_STREQ(err.text, "\"1980.5\" has decimals, but JPY prices are whole numbers");
	EXPECT_FALSE(olc_shop_price("1980.", "JPY", &m, &err));
	EXPECT_FALSE(olc_shop_price("1.00", "XYZ", &m, &err));
	EXPECT_STREQ(err.text, "unknown currency \"XYZ\" (expected an ISO 4217 code such as CNY, EUR or USD)");
}

TEST(ProviderParse, Iso8601)
{
	int64_t ms = 0;
	EXPECT_TRUE(olc_iso8601_parse("2025-03-01T10:15:30Z", false, &ms));
	EXPECT_EQ(ms, 1740824130000);
	EXPECT_TRUE(olc_iso8601_parse("2025-03-01T05:15:30-0500", false, &ms));
	EXPECT_EQ(ms, 1740824130000);
	EXPECT_TRUE(olc_iso8601_parse("2025-03-01T10:15:30.123456Z", false, &ms));
	EXPECT_EQ(ms, 1740824130123);
	EXPECT_TRUE(olc_iso8601_parse("1970-01-01T00:00:00Z", false, &ms));
	EXPECT_EQ(ms, 0);
	EXPECT_TRUE(olc_iso8601_parse("2024-02-29T00:00:00Z", false, &ms));
	EXPECT_EQ(ms, 1709164800000);

	EXPECT_FALSE(olc_iso8601_parse("2025-03-01T10:15:30", false, &ms)) << "a zone is required";
	EXPECT_TRUE(olc_iso8601_parse("2025-03-01T10:15:30", true, &ms)) << "WooCommerce's _gmt fields have none";
	EXPECT_EQ(ms, 1740824130000);
	EXPECT_FALSE(olc_iso8601_parse("2025-02-29T00:00:00Z", false, &ms));
	EXPECT_FALSE(olc_iso8601_parse("2025-13-01T00:00:00Z", false, &ms));
	EXPECT_FALSE(olc_iso8601_parse("2025-03-01 10:15:30Z", false, &ms));
	EXPECT_FALSE(olc_iso8601_parse("2025-03-01T10:15:30Zjunk", false, &ms));
	EXPECT_FALSE(olc_iso8601_parse("", true, &ms));

	char buf[OLC_ISO8601_LEN];
	olc_iso8601_format(1740824130999, buf);
	EXPECT_STREQ(buf, "2025-03-01T10:15:30Z");
	olc_iso8601_format_naive(1709164800000, buf);
	EXPECT_STREQ(buf, "2024-02-29T00:00:00");
	olc_iso8601_format(-1000, buf);
	EXPECT_STREQ(buf, "1969-12-31T23:59:59Z");
}

TEST(ProviderParse, SeenIdsForgetTheOldestFirst)
{
	olc_seen_ids seen;
	ASSERT_TRUE(olc_seen_ids_init(&seen, 2));
	EXPECT_TRUE(olc_seen_ids_add(&seen, "a"));
	EXPECT_TRUE(olc_seen_ids_add(&seen, "b"));
	EXPECT_TRUE(olc_seen_ids_has(&seen, "a"));
	EXPECT_TRUE(olc_seen_ids_add(&seen, "c"));
	EXPECT_FALSE(olc_seen_ids_has(&seen, "a"));
	EXPECT_TRUE(olc_seen_ids_has(&seen, "b"));
	EXPECT_TRUE(olc_seen_ids_has(&seen, "c"));
	olc_seen_ids_free(&seen);
}

namespace {

// Orders as a date-based provider's poll got them: id and date only.
void add_dated(Orders &got, const char *id, int64_t created_at_ms)
{
	olc_order o;
	olc_order_init(&o);
	ASSERT_TRUE(olc_str_set(&o.id, id));
	o.created_at_ms = created_at_ms;
	ASSERT_TRUE(olc_order_list_take(&got.l, &o));
}

std::string ids(const Orders &out)
{
	std::string all;
	for (size_t i = 0; i < out.l.count; i++)
		all += (i ? "," : "") + str(out.l.orders[i].id);
	return all;
}

} // namespace

TEST(ProviderParse, AnOrderWindowNeverStartsPastTheShopsClock)
{
	const int64_t t = 1767225600000;      // 2026-01-01T00:00:00Z by the shop's clock
	const int64_t fast = 3 * 3600 * 1000; // ours is three hours fast
	const int64_t overlap = 10 * 60 * 1000;
	olc_order_window w;
	ASSERT_TRUE(olc_order_window_init(&w, 16));
	char name[] = "date", value[] = "Thu, 01 Jan 2026 00:00:00 GMT";
	char *names[] = {name}, *values[] = {value};
	olc_http_response resp{};
	resp.header_names = names;
	resp.header_values = values;
	resp.header_count = 1;
	olc_shop_clock_note(&w.clock, &resp, t + fast);
	EXPECT_EQ(olc_order_window_after(&w, t + fast, overlap), t - overlap) << "the shop's clock, not ours";

	// The first answer is the baseline: nothing reported.
	olc_error err{};
	olc_fetch_result res;
	olc_fetch_result_init(&res);
	Orders got1, out1;
	add_dated(got1, "a", t - 60000);
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t + fast, &got1.l, &out1.l, &res, &err)) << err.text;
	EXPECT_EQ(ids(out1), "");
	EXPECT_STREQ(res.warning.text, "");
	EXPECT_EQ(olc_order_window_after(&w, t + fast, overlap), t - overlap);

	// An order dated 2030 is left out with a reason, and the window stays by the shop's clock.
	olc_fetch_result_init(&res);
	Orders got2, out2;
	add_dated(got2, "9", 1893456000000);
	add_dated(got2, "b", t + 30000);
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t + fast + 60000, &got2.l, &out2.l, &res, &err));
	EXPECT_EQ(ids(out2), "b");
	EXPECT_STREQ(res.warning.text, "Shop order 9 is dated 2030-01-01T00:00:00Z, in the future by the shop's own "
				       "clock (2026-01-01T00:01:00Z): it is left out until its date is corrected");
	EXPECT_EQ(olc_order_window_after(&w, t + fast + 60000, overlap), t + 30000 - overlap);

	// Half an hour ahead is a clock difference, not a wrong date: reported once, but the window
	// still starts no later than the shop's clock.
	olc_fetch_result_init(&res);
	Orders got3, out3;
	add_dated(got3, "b", t + 30000);
	add_dated(got3, "c", t + 30 * 60000);
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t + fast + 120000, &got3.l, &out3.l, &res, &err));
	EXPECT_EQ(ids(out3), "c");
	EXPECT_STREQ(res.warning.text, "");
	EXPECT_EQ(olc_order_window_after(&w, t + fast + 120000, overlap), t + 120000 - overlap);
	Orders got4, out4;
	add_dated(got4, "c", t + 30 * 60000);
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t + fast + 180000, &got4.l, &out4.l, &res, &err));
	EXPECT_EQ(ids(out4), "");
	EXPECT_EQ(olc_order_window_after(&w, t + fast + 180000, overlap), t + 180000 - overlap);
	olc_order_window_free(&w);

	// Without a Date header the window goes by this computer's clock, and says so.
	ASSERT_TRUE(olc_order_window_init(&w, 16));
	Orders got5, out5, got6, out6;
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t, &got5.l, &out5.l, &res, &err));
	olc_fetch_result_init(&res);
	add_dated(got6, "9", 1893456000000);
	ASSERT_TRUE(olc_order_window_take(&w, "Shop", t, &got6.l, &out6.l, &res, &err));
	EXPECT_EQ(ids(out6), "");
	EXPECT_STREQ(res.warning.text, "Shop order 9 is dated 2030-01-01T00:00:00Z, in the future by this computer's "
				       "clock (2026-01-01T00:00:00Z): it is left out until its date is corrected");
	EXPECT_EQ(olc_order_window_after(&w, t, overlap), t - overlap);
	olc_order_window_free(&w);
}

// ---- the registry and connections ----

TEST(Provider, RegistryFindsEachProviderByName)
{
	EXPECT_EQ(olc_provider_find("demo"), &olc_provider_demo_ops);
	EXPECT_EQ(olc_provider_find("json"), &olc_provider_json_ops);
	EXPECT_EQ(olc_provider_find("woocommerce"), &olc_provider_woocommerce_ops);
	EXPECT_EQ(olc_provider_find("shopify"), &olc_provider_shopify_ops);
	EXPECT_EQ(olc_provider_find("Shopify"), nullptr);
	EXPECT_EQ(olc_provider_find("magento"), nullptr);
	EXPECT_EQ(olc_provider_find(nullptr), nullptr);
	for (const char *name : {"demo", "json", "woocommerce", "shopify"}) {
		const olc_provider_ops *ops = olc_provider_find(name);
		ASSERT_NE(ops, nullptr);
		EXPECT_STREQ(ops->name, name);
		EXPECT_GT(ops->default_poll_ms, 0);
	}
}

TEST(Provider, ConnectionCopyIsDeep)
{
	olc_connection a, b;
	olc_connection_init(&a);
	olc_connection_init(&b);
	a.provider = strdup("shopify");
	a.url = strdup("https://x.myshopify.com");
	a.token = strdup("shpat_secret");
	a.poll_ms = 2500;
	b.url = strdup("old");
	ASSERT_TRUE(olc_connection_copy(&b, &a));
	EXPECT_STREQ(b.provider, "shopify");
	EXPECT_STREQ(b.url, "https://x.myshopify.com");
	EXPECT_STREQ(b.token, "shpat_secret");
	EXPECT_NE(b.token, a.token);
	EXPECT_EQ(b.key, nullptr);
	EXPECT_EQ(b.poll_ms, 2500);
	ASSERT_TRUE(olc_connection_copy(&a, &a));
	EXPECT_STREQ(a.token, "shpat_secret");
	olc_connection_free(&a);
	olc_connection_free(&b);
	EXPECT_EQ(b.url, nullptr);
}

TEST(Provider, OrderListTakesOwnership)
{
	Orders list;
	for (int i = 0; i < 40; i++) {
		olc_order o;
		olc_order_init(&o);
		std::string id = "o" + std::to_string(i);
		o.id = strdup(id.c_str());
		o.quantity = i;
		ASSERT_TRUE(olc_order_list_take(&list.l, &o));
		EXPECT_EQ(o.id, nullptr);
	}
	ASSERT_EQ(list.l.count, 40u);
	EXPECT_STREQ(list.l.orders[39].id, "o39");
	EXPECT_EQ(list.l.orders[39].quantity, 39);
}

// ---- the provider over a local file ----

TEST(ProviderJson, ChecksTheAddress)
{
	olc_error err{};
	const olc_provider_ops *ops = &olc_provider_json_ops;
	olc_connection c = connection("json", "https://shop.example.cn/api");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.url = const_cast<char *>("/srv/catalog.json");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.url = const_cast<char *>("file:///srv/catalog.json");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;

	c.url = const_cast<char *>("catalog.json");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the json shop needs an http(s) address, a file: URL or a full file path");
	c.url = const_cast<char *>("file://nas.local/catalog.json");
	EXPECT_FALSE(ops->check(&c, &err));
	c.url = const_cast<char *>("ftp://shop.example.cn/");
	EXPECT_FALSE(ops->check(&c, &err));
	c.url = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the json shop needs an address (URL) or a file path");

	// A token never travels in clear text over the internet.
	char token[] = "tok";
	c.token = token;
	c.url = const_cast<char *>("http://shop.example.cn/api");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the token is only sent over https (or plain http to this computer)");
	c.url = const_cast<char *>("http://127.0.0.1:8080/api");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
}

TEST(ProviderJson, ReadsACatalogFromAFile)
{
	TempDir dir;
	std::string path = dir.file("my catalog.json");
	write_bytes(path, fixture("json/products-kwd.json"));

	for (std::string url : {path, "file://" + dir.path() + "/my%20catalog.json"}) {
		olc_connection c = connection("json", url.c_str());
		Provider p("json", c);
		ASSERT_NE(p.state, nullptr) << p.err.text;

		Catalog catalog;
		char currency[4] = "";
		olc_fetch_result res{};
		olc_error err{};
		ASSERT_TRUE(p.ops->fetch_catalog(p.state, &catalog.c, currency, &res, &err)) << err.text;
		EXPECT_FALSE(res.not_modified);
		EXPECT_STREQ(currency, "KWD");
		EXPECT_EQ(catalog.at("saffron").price.minor, 12345);

		// Unchanged file: not modified, output untouched.
		Catalog again;
		ASSERT_TRUE(p.ops->fetch_catalog(p.state, &again.c, currency, &res, &err)) << err.text;
		EXPECT_TRUE(res.not_modified);
		EXPECT_EQ(again.c.count, 0u);

		// A file has no orders.
		Orders orders;
		ASSERT_TRUE(p.ops->fetch_orders(p.state, &orders.l, 0, &res, &err)) << err.text;
		EXPECT_EQ(orders.l.count, 0u);
	}

	olc_connection c = connection("json", path.c_str());
	Provider p("json", c);
	Catalog first, second;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.ops->fetch_catalog(p.state, &first.c, currency, &res, &err)) << err.text;
	write_bytes(path, fixture("json/products-jpy.json"));
	ASSERT_TRUE(p.ops->fetch_catalog(p.state, &second.c, currency, &res, &err)) << err.text;
	EXPECT_FALSE(res.not_modified);
	EXPECT_STREQ(currency, "JPY");
	EXPECT_EQ(second.at("yak-butter").price.minor, 1980);

	write_bytes(path, fixture("json/maintenance.html"));
	Catalog broken;
	EXPECT_FALSE(p.ops->fetch_catalog(p.state, &broken.c, currency, &res, &err));
	EXPECT_STREQ(err.text, "my catalog.json: the shop answered with a web page, not JSON (maybe maintenance?)");

	std::remove(path.c_str());
	EXPECT_FALSE(p.ops->fetch_catalog(p.state, &broken.c, currency, &res, &err));
	EXPECT_EQ(std::string(err.text).rfind("my catalog.json", 0), 0u) << err.text;
}

namespace {

// The error of reading the local catalog at url (a path or file: URL). The read runs under a
// watchdog: should it block, the named pipe fifo is released and the test fails instead of hanging.
std::string local_catalog_error(const std::string &url, const std::string &fifo = "")
{
	olc_connection c = connection("json", url.c_str());
	Provider p("json", c);
	EXPECT_NE(p.state, nullptr) << p.err.text;
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	bool fetched = true;
	EXPECT_TRUE(returns_within(
		std::chrono::seconds(10), [&] { fetched = p.catalog(catalog, currency, res, err); },
		[&] { release_fifo(fifo); }))
		<< url << ": reading the catalog blocked until the pipe was opened for writing";
	EXPECT_FALSE(fetched) << url;
	return err.text;
}

} // namespace

// The poller reads a local catalog: a named pipe there must be refused at once, not read (the
// poller would wait for a writer forever, and with it switching shops and OBS's exit).
TEST(ProviderJson, ANamedPipeAsTheCatalogIsRefusedAtOnce)
{
	TempDir dir;
	std::string fifo = dir.file("catalog.json");
	make_fifo(fifo);
	for (std::string url : {fifo, "file://" + fifo})
		EXPECT_EQ(local_catalog_error(url, fifo), "catalog.json is not a regular file (it is a named pipe)")
			<< url;
}

// A local catalog's parse error says where, never what: the file may be anything the user named.
TEST(ProviderJson, AnInvalidCatalogFileIsNotQuotedInTheError)
{
	TempDir dir;
	std::string path = dir.file("catalog.json");
	write_bytes(path, "token=shpat_live_8c1d2e3f4a5b\n{\"currency\": \"CNY\"}\n");
	std::string message = local_catalog_error(path);
	EXPECT_EQ(message.rfind("catalog.json: the shop's answer is not JSON (line 1, column ", 0), 0u) << message;
	for (const char *part : {"token", "shpat", "8c1d", "near"})
		EXPECT_EQ(message.find(part), std::string::npos) << part << " quoted in: " << message;
}

// ---- against the test shop ----

TEST(ProviderJsonFetch, CatalogWithValidators)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/json");
	Provider p("json", connection("json", url.c_str()));
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_FALSE(res.not_modified);
	EXPECT_EQ(res.http_status, 200);
	EXPECT_STREQ(currency, "CNY");
	ASSERT_EQ(catalog.c.count, 6u);
	const olc_product &m = catalog.at("101");
	EXPECT_EQ(str(m.title), "野生松茸 Wild Matsutake 250 g");
	EXPECT_EQ(m.price.minor, 16800);
	EXPECT_EQ(m.compare_at.minor, 19800);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.image_url), shop.http_url("/images/101.png"));
	EXPECT_EQ(catalog.at("103").price.minor, 3990);
	EXPECT_FALSE(catalog.at("104").has_stock);
	EXPECT_EQ(catalog.at("105").stock, 0);

	// Unchanged: 304, nothing parsed, the output left alone.
	Catalog same;
	ASSERT_TRUE(p.catalog(same, currency, res, err)) << err.text;
	EXPECT_TRUE(res.not_modified);
	EXPECT_EQ(res.http_status, 304);
	EXPECT_EQ(same.c.count, 0u);
	auto log = shop.requests_to("/json/products");
	ASSERT_EQ(log.size(), 2u);
	EXPECT_EQ(log[0].if_none_match, "");
	EXPECT_NE(log[1].if_none_match, "");
	EXPECT_NE(log[1].if_modified_since, "");
	EXPECT_EQ(log[1].status, 304);

	// Changed: read again.
	ASSERT_TRUE(shop.control("POST", "/_control/product", R"({"id":101,"price":"150.00","stock":4})"));
	Catalog changed;
	ASSERT_TRUE(p.catalog(changed, currency, res, err)) << err.text;
	EXPECT_FALSE(res.not_modified);
	EXPECT_EQ(changed.at("101").price.minor, 15000);
	EXPECT_EQ(changed.at("101").stock, 4);
}

TEST(ProviderJsonFetch, OrdersFollowTheCursorAndLongPoll)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/json");
	Provider p("json", connection("json", url.c_str()));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;

	Orders none;
	ASSERT_TRUE(p.orders(none, 10000, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u) << "the first call only takes the cursor";

	ASSERT_TRUE(shop.add_order("101", 2, "Li", "大理"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 1u);
	const olc_order &o = got.l.orders[0];
	EXPECT_EQ(str(o.product_id), "101");
	EXPECT_EQ(o.quantity, 2);
	EXPECT_EQ(o.total.minor, 33600);
	EXPECT_STREQ(o.total.currency, "CNY");
	EXPECT_EQ(str(o.buyer), "Li");
	EXPECT_EQ(str(o.city), "大理");

	// Long-poll: the request waits at the server until an order arrives.
	Orders pushed;
	bool ok = false;
	olc_error poll_err{};
	olc_fetch_result poll_res{};
	std::thread poller([&] { ok = p.orders(pushed, 10000, poll_res, poll_err); });
	EXPECT_TRUE(shop.wait_request(RequestMatch("/json/orders", "wait", "open"))) << shop.error();
	ASSERT_TRUE(shop.add_order("106", 1, "Dawa", "拉萨"));
	poller.join();
	ASSERT_TRUE(ok) << poll_err.text;
	ASSERT_EQ(pushed.l.count, 1u);
	EXPECT_EQ(str(pushed.l.orders[0].product_id), "106");
	EXPECT_EQ(pushed.l.orders[0].total.minor, 12850);

	auto log = shop.requests_to("/json/orders");
	ASSERT_EQ(log.size(), 3u);
	EXPECT_EQ(log[0].query.count("since"), 0u);
	EXPECT_EQ(log[0].query.count("wait"), 0u) << "no long-poll before there is a cursor";
	EXPECT_EQ(log[1].query["since"], "c-2");
	EXPECT_EQ(log[1].query.count("wait"), 0u);
	EXPECT_EQ(log[2].query["since"], "c-3");
	EXPECT_EQ(log[2].query["wait"], "10");
}

TEST(ProviderJsonFetch, AShopWithNoOrdersYetReportsItsFirstOrders)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/config", R"({"json_cursor":"last-id"})")) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/clear-orders", "{}")) << shop.error();
	std::string url = shop.http_url("/json");
	Provider p("json", connection("json", url.c_str()));
	olc_fetch_result res{};
	olc_error err{};

	// {"orders": [], "cursor": ""}: the baseline, then asked again from the start.
	Orders none, still_none;
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	ASSERT_TRUE(p.orders(still_none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count + still_none.l.count, 0u);

	ASSERT_TRUE(shop.add_order("105", 1, "卓玛", "香格里拉"));
	Orders first;
	ASSERT_TRUE(p.orders(first, 0, res, err)) << err.text;
	ASSERT_EQ(first.l.count, 1u) << "the shop's first order is news, not history";
	EXPECT_EQ(str(first.l.orders[0].product_id), "105");
	EXPECT_EQ(first.l.orders[0].total.minor, 8800);
	EXPECT_EQ(str(first.l.orders[0].buyer), "卓玛");
	std::string first_id = str(first.l.orders[0].id);

	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u);

	auto log = shop.requests_to("/json/orders");
	ASSERT_EQ(log.size(), 4u);
	EXPECT_EQ(log[0].query.count("since"), 0u);
	ASSERT_EQ(log[1].query.count("since"), 1u);
	EXPECT_EQ(log[1].query["since"], "");
	EXPECT_EQ(log[2].query["since"], "");
	EXPECT_EQ(log[3].query["since"], first_id);
}

TEST(ProviderJsonFetch, OrdersFirstLearnTheCurrencyWithoutSpoilingThe304)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/json");
	Provider p("json", connection("json", url.c_str()));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;

	Catalog catalog;
	char currency[4] = "";
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_FALSE(res.not_modified);
	EXPECT_EQ(catalog.c.count, 6u);
}

TEST(ProviderJsonFetch, BearerToken)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/config", R"({"json_token":"village-42"})"));
	std::string url = shop.http_url("/json");
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	Provider without("json", connection("json", url.c_str()));
	EXPECT_FALSE(without.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 401);
	EXPECT_STREQ(err.text, "the shop refused the credentials (HTTP 401): check the key, secret or token");

	Provider with("json", connection("json", url.c_str(), nullptr, nullptr, "village-42"));
	ASSERT_TRUE(with.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	auto log = shop.requests_to("/json/products");
	ASSERT_EQ(log.size(), 2u);
	EXPECT_EQ(log[0].authorization, "");
	EXPECT_EQ(log[1].authorization, "bearer");
}

TEST(ProviderJsonFetch, FaultsKeepTheirMeaning)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::string url = shop.http_url("/json");
	Provider p("json", connection("json", url.c_str()));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	ASSERT_TRUE(shop.set_fault("html-maintenance", "/json"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_STREQ(err.text, "products: the shop answered with a web page, not JSON (maybe maintenance?)");

	ASSERT_TRUE(shop.set_fault("429", "/json", -1, "3"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.retry_after_ms, 3000);
	EXPECT_EQ(res.http_status, 429);

	ASSERT_TRUE(shop.set_fault("wrong-types", "/json"));
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(res.report.accepted, 3u);
	EXPECT_EQ(res.report.rejected, 3u);
	EXPECT_STREQ(
		res.report.first_rejection.text,
		"product 1 (\"101\"): \"price\" must be text such as \"39.90\", not a number (numbers lose exactness)");

	ASSERT_TRUE(shop.clear_fault());
	Catalog fine;
	ASSERT_TRUE(p.catalog(fine, currency, res, err)) << err.text;
	EXPECT_EQ(fine.c.count, 6u) << "validators are kept only after a clean answer, so this is a full read";
}

TEST(ProviderJsonFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang"));
	std::string url = shop.http_url("/json");
	EXPECT_EQ(catalog_error_after_cancel(shop, "json", connection("json", url.c_str()), nullptr), "cancelled");
}
