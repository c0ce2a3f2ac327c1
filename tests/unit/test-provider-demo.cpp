// The demo shop: the catalog shipped in data/demo-shop and a simulation that is a pure function
// of the seed and the clock, checked with a clock the test moves.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <jansson.h>

#include "data-dir.h"
#include "core/shop/demo.h"
#include "temp-dir.h"

namespace {

constexpr int64_t kStart = 1767225600000; // 2026-01-01T00:00:00Z

std::atomic<int64_t> fake_now{kStart};
int64_t fake_clock()
{
	return fake_now.load();
}

struct Order {
	std::string id;
	int64_t at;
	std::string product;
	int quantity;
	std::string buyer, city;
	int64_t total;
	std::string currency;
	bool operator==(const Order &o) const
	{
		return id == o.id && at == o.at && product == o.product && quantity == o.quantity && buyer == o.buyer &&
		       city == o.city && total == o.total && currency == o.currency;
	}
};

class Shop {
      public:
	explicit Shop(uint64_t seed, const std::string &dir = data_dir())
	{
		cancel_ = olc_cancel_create();
		olc_connection_init(&conn_);
		olc_provider_env env{};
		env.cancel = cancel_;
		env.data_dir = dir.c_str();
		env.now_ms = fake_clock;
		env.seed = seed;
		state_ = olc_provider_demo_ops.create(&conn_, &env, &err_);
	}
	~Shop()
	{
		if (state_)
			olc_provider_demo_ops.destroy(state_);
		olc_connection_free(&conn_);
		olc_cancel_destroy(cancel_);
	}
	Shop(const Shop &) = delete;
	Shop &operator=(const Shop &) = delete;

	bool ok() const { return state_ != nullptr; }
	std::string error() const { return err_.text; }
	olc_cancel *cancel() { return cancel_; }

	// The catalog now; ids in order, with their stock (-1: untracked).
	std::map<std::string, int64_t> stock()
	{
		std::map<std::string, int64_t> result;
		olc_catalog c;
		olc_catalog_init(&c);
		char currency[4] = "";
		olc_fetch_result res{};
		olc_error err{};
		EXPECT_TRUE(olc_provider_demo_ops.fetch_catalog(state_, &c, currency, &res, &err)) << err.text;
		for (size_t i = 0; i < c.count; i++)
			result[c.products[i].id] = c.products[i].has_stock ? c.products[i].stock : -1;
		olc_catalog_free(&c);
		return result;
	}

	bool fetch_catalog(olc_catalog *c, char currency[4], olc_error *err)
	{
		olc_fetch_result res{};
		return olc_provider_demo_ops.fetch_catalog(state_, c, currency, &res, err);
	}

	bool fetch_orders(olc_order_list *list, olc_error *err)
	{
		olc_fetch_result res{};
		return olc_provider_demo_ops.fetch_orders(state_, list, 0, &res, err);
	}

	std::vector<Order> orders()
	{
		std::vector<Order> result;
		olc_order_list list;
		olc_order_list_init(&list);
		olc_fetch_result res{};
		olc_error err{};
		EXPECT_TRUE(olc_provider_demo_ops.fetch_orders(state_, &list, 5000, &res, &err)) << err.text;
		for (size_t i = 0; i < list.count; i++) {
			const olc_order &o = list.orders[i];
			EXPECT_FALSE(o.test);
			result.push_back({o.id, o.created_at_ms, o.product_id, o.quantity, o.buyer ? o.buyer : "",
					  o.city ? o.city : "", o.total.minor, o.total.currency});
		}
		olc_order_list_free(&list);
		return result;
	}

      private:
	olc_cancel *cancel_;
	olc_connection conn_;
	olc_error err_{};
	void *state_ = nullptr;
};

// Runs the shop from kStart for duration_ms in steps of step_ms; every order seen.
std::vector<Order> run(Shop &shop, int64_t duration_ms, int64_t step_ms)
{
	fake_now = kStart;
	EXPECT_TRUE(shop.orders().empty()); // the first call only sets the starting point
	std::vector<Order> all;
	for (int64_t t = step_ms; t <= duration_ms; t += step_ms) {
		fake_now = kStart + t;
		for (auto &o : shop.orders())
			all.push_back(o);
	}
	return all;
}

std::set<std::string> string_list(const char *key)
{
	std::set<std::string> result;
	json_error_t jerr;
	json_t *root = json_load_file((data_dir() + "/" OLC_DEMO_CATALOG_PATH).c_str(), 0, &jerr);
	EXPECT_NE(root, nullptr) << jerr.text;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(root, key), i, v) result.insert(json_string_value(v));
	json_decref(root);
	return result;
}

// Width and height from a PNG's IHDR chunk, or {0, 0} when the bytes are not a PNG.
std::pair<uint32_t, uint32_t> png_size(const std::string &bytes)
{
	static const char signature[] = "\x89PNG\r\n\x1a\n";
	if (bytes.size() < 24 || bytes.compare(0, 8, signature, 8) != 0 || bytes.compare(12, 4, "IHDR") != 0)
		return {0, 0};
	auto be32 = [&](size_t at) {
		return (uint32_t)(unsigned char)bytes[at] << 24 | (uint32_t)(unsigned char)bytes[at + 1] << 16 |
		       (uint32_t)(unsigned char)bytes[at + 2] << 8 | (uint32_t)(unsigned char)bytes[at + 3];
	};
	return {be32(16), be32(20)};
}

TEST(ProviderDemo, IsNamedDemoAndNeedsNoSettings)
{
	EXPECT_STREQ(olc_provider_demo_ops.name, "demo");
	EXPECT_EQ(olc_provider_find("demo"), &olc_provider_demo_ops);
	olc_connection c;
	olc_connection_init(&c);
	olc_error err{};
	EXPECT_TRUE(olc_provider_demo_ops.check(&c, &err)) << err.text;
	olc_connection_free(&c);
	EXPECT_GT(olc_provider_demo_ops.default_poll_ms, 0);
}

TEST(ProviderDemo, CatalogIsTheShippedShopWithExactPrices)
{
	Shop shop(1);
	ASSERT_TRUE(shop.ok()) << shop.error();
	olc_catalog c;
	olc_catalog_init(&c);
	char currency[4] = "";
	olc_error err{};
	ASSERT_TRUE(shop.fetch_catalog(&c, currency, &err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	ASSERT_EQ(c.count, 9u);

	const olc_product *m = olc_catalog_find(&c, "matsutake-500g");
	ASSERT_NE(m, nullptr);
	EXPECT_STREQ(m->title, "松茸 Wild Matsutake 500g");
	EXPECT_EQ(m->price.minor, 26800);
	EXPECT_STREQ(m->price.currency, "CNY");
	EXPECT_TRUE(m->has_compare_at);
	EXPECT_EQ(m->compare_at.minor, 32800);
	EXPECT_TRUE(olc_product_on_sale(m));
	EXPECT_TRUE(m->has_stock);
	EXPECT_EQ(m->stock, 40);
	EXPECT_STREQ(m->url, "https://shop.example.cn/p/matsutake-500g");
	EXPECT_TRUE(olc_product_has_tag(m, "香格里拉 Shangri-La"));

	const olc_product *jam = olc_catalog_find(&c, "rose-jam-500g");
	ASSERT_NE(jam, nullptr);
	EXPECT_EQ(jam->price.minor, 3990);
	EXPECT_EQ(jam->compare_at.minor, 5900);

	const olc_product *naan = olc_catalog_find(&c, "naan-4");
	ASSERT_NE(naan, nullptr);
	EXPECT_FALSE(naan->has_stock); // baked daily: not tracked
	EXPECT_FALSE(naan->has_compare_at);

	const olc_product *cordyceps = olc_catalog_find(&c, "cordyceps-10g");
	ASSERT_NE(cordyceps, nullptr);
	EXPECT_EQ(cordyceps->stock, 6); // the low one
	EXPECT_EQ(cordyceps->price.minor, 88000);

	size_t discounted = 0;
	for (size_t i = 0; i < c.count; i++) {
		const olc_product &p = c.products[i];
		discounted += olc_product_on_sale(&p);
		EXPECT_EQ(std::string(p.url), std::string("https://shop.example.cn/p/") + p.id);
		EXPECT_NE(std::string(p.title).find(' '), std::string::npos) << "Chinese and English: " << p.title;
		EXPECT_GE(p.tag_count, 1u) << p.id;
	}
	EXPECT_GE(discounted, 3u);
	olc_catalog_free(&c);
}

TEST(ProviderDemo, EveryProductHasItsOwnSquarePhotoAsAnAbsoluteFileUrl)
{
	Shop shop(1);
	ASSERT_TRUE(shop.ok()) << shop.error();
	olc_catalog c;
	olc_catalog_init(&c);
	char currency[4] = "";
	olc_error err{};
	ASSERT_TRUE(shop.fetch_catalog(&c, currency, &err)) << err.text;
	std::set<std::string> images;
	std::string dir = std::filesystem::canonical(data_dir()).string() + "/" OLC_DEMO_IMAGES_DIR "/";
	for (size_t i = 0; i < c.count; i++) {
		const olc_product &p = c.products[i];
		ASSERT_NE(p.image_url, nullptr) << p.id;
		std::string url = p.image_url;
		ASSERT_EQ(url.rfind("file://" + dir, 0), 0u) << url;
		std::string path = url.substr(7);
		EXPECT_EQ(png_size(read_bytes(path)), std::make_pair(512u, 512u)) << path;
		images.insert(path);
	}
	EXPECT_EQ(images.size(), c.count);
	olc_catalog_free(&c);
}

TEST(ProviderDemo, OrdersArriveAsTimePassesAtALivelyButRealisticRate)
{
	Shop shop(42);
	ASSERT_TRUE(shop.ok()) << shop.error();
	std::vector<Order> orders = run(shop, 10 * 60 * 1000, 1000);

	// About one every 3 s: 200 in ten minutes, give or take the randomness.
	EXPECT_GE(orders.size(), 120u);
	EXPECT_LE(orders.size(), 400u);

	std::set<std::string> buyers = string_list("buyers"), cities = string_list("cities");
	std::map<int, int> by_quantity;
	int64_t last = kStart;
	for (size_t i = 0; i < orders.size(); i++) {
		const Order &o = orders[i];
		// Numbered in order, behind the clock at which the shop opened, so a reconnect never
		// reuses an id the session has already seen.
		EXPECT_EQ(o.id, "demo-" + std::to_string(kStart) + "-" + std::to_string(100001 + i));
		EXPECT_GT(o.at, kStart);
		EXPECT_GE(o.at, last);
		last = o.at;
		EXPECT_TRUE(buyers.count(o.buyer)) << o.buyer;
		EXPECT_TRUE(cities.count(o.city)) << o.city;
		EXPECT_EQ(o.currency, "CNY");
		by_quantity[o.quantity]++;
	}
	EXPECT_LE(last, kStart + 10 * 60 * 1000);
	EXPECT_EQ(by_quantity.begin()->first, 1);
	EXPECT_LE(by_quantity.rbegin()->first, 6);
	EXPECT_GT(by_quantity[1] * 2, (int)orders.size()); // most buyers take one
	int small = by_quantity[1] + by_quantity[2] + by_quantity[3];
	EXPECT_GE(small * 10, (int)orders.size() * 9); // larger ones are rare

	// Bursts: somewhere three orders within two seconds.
	bool burst = false;
	for (size_t i = 2; i < orders.size(); i++)
		burst = burst || orders[i].at - orders[i - 2].at <= 2000;
	EXPECT_TRUE(burst);
}

TEST(ProviderDemo, TotalsArePriceTimesQuantityInMinorUnits)
{
	Shop shop(7);
	ASSERT_TRUE(shop.ok()) << shop.error();
	const std::map<std::string, int64_t> price = {
		{"matsutake-500g", 26800}, {"rose-jam-500g", 3990},       {"silver-teapot", 128000},
		{"naan-4", 1990},          {"yak-butter-500g", 6800},     {"puer-cake-357g", 15800},
		{"cordyceps-10g", 88000},  {"dried-apricots-500g", 2990}, {"highland-barley-1kg", 2580}};
	std::vector<Order> orders = run(shop, 5 * 60 * 1000, 2000);
	ASSERT_FALSE(orders.empty());
	std::set<std::string> products;
	for (const Order &o : orders) {
		ASSERT_TRUE(price.count(o.product)) << o.product;
		EXPECT_EQ(o.total, price.at(o.product) * o.quantity) << o.id;
		products.insert(o.product);
	}
	EXPECT_GE(products.size(), 6u); // popularity spreads the orders
}

TEST(ProviderDemo, StockGoesDownByExactlyWhatSoldAndSoldOutProductsRestock)
{
	Shop shop(3);
	ASSERT_TRUE(shop.ok()) << shop.error();
	fake_now = kStart;
	std::map<std::string, int64_t> initial = shop.stock();
	ASSERT_TRUE(shop.orders().empty());
	std::map<std::string, int64_t> before = initial;
	int restocks = 0;
	int sold_out_steps = 0;
	for (int64_t t = 1000; t <= 30 * 60 * 1000; t += 1000) {
		fake_now = kStart + t;
		std::map<std::string, int64_t> sold;
		for (const Order &o : shop.orders())
			sold[o.product] += o.quantity;
		std::map<std::string, int64_t> after = shop.stock();
		for (const auto &[id, stock] : after) {
			if (stock < 0) { // untracked
				EXPECT_EQ(before[id], -1);
				continue;
			}
			EXPECT_GE(stock, 0) << id;
			if (before[id] > 0) {
				EXPECT_EQ(stock, before[id] - sold[id]) << id << " at " << t;
			} else if (stock != 0) {
				// Restocked in this step; anything sold in it came after the restock.
				restocks++;
				EXPECT_EQ(stock, initial[id] - sold[id]) << id << " at " << t;
			} else {
				sold_out_steps++;
				EXPECT_EQ(sold[id], 0) << "sold while sold out: " << id;
			}
		}
		before = after;
	}
	EXPECT_GT(sold_out_steps, 0); // the low-stock product did sell out
	EXPECT_GT(restocks, 0);
}

TEST(ProviderDemo, SameSeedSameOrdersHoweverTheTimeIsCut)
{
	Shop a(99), b(99), c(100);
	ASSERT_TRUE(a.ok() && b.ok() && c.ok());
	std::vector<Order> by_second = run(a, 4 * 60 * 1000, 1000);
	std::vector<Order> by_seven = run(b, 4 * 60 * 1000 - 4 * 60 * 1000 % 7000, 7000);
	std::vector<Order> other_seed = run(c, 4 * 60 * 1000, 1000);
	// b stopped a little earlier: compare what both saw.
	ASSERT_FALSE(by_seven.empty());
	ASSERT_GE(by_second.size(), by_seven.size());
	by_second.resize(by_seven.size());
	EXPECT_TRUE(by_second == by_seven);
	EXPECT_FALSE(other_seed.size() >= by_seven.size() &&
		     std::equal(by_seven.begin(), by_seven.end(), other_seed.begin()));
}

TEST(ProviderDemo, AClockJumpStartsAfreshInsteadOfReplayingHours)
{
	Shop shop(5);
	ASSERT_TRUE(shop.ok());
	fake_now = kStart;
	ASSERT_TRUE(shop.orders().empty());
	fake_now = kStart + 3 * 3600 * 1000; // the laptop slept for three hours
	EXPECT_TRUE(shop.orders().empty());
	fake_now = kStart + 3 * 3600 * 1000 + 60 * 1000;
	size_t n = shop.orders().size();
	EXPECT_GT(n, 0u);
	EXPECT_LT(n, 100u);
	fake_now = kStart; // and backwards
	EXPECT_TRUE(shop.orders().empty());
}

TEST(ProviderDemo, CancelStopsEveryCall)
{
	Shop shop(5);
	ASSERT_TRUE(shop.ok());
	olc_cancel_set(shop.cancel());
	olc_catalog c;
	olc_catalog_init(&c);
	char currency[4] = "";
	olc_error err{};
	EXPECT_FALSE(shop.fetch_catalog(&c, currency, &err));
	EXPECT_EQ(c.count, 0u);
	olc_order_list list;
	olc_order_list_init(&list);
	EXPECT_FALSE(shop.fetch_orders(&list, &err));
	EXPECT_EQ(list.count, 0u);
	EXPECT_STREQ(err.text, "stopped");
	olc_order_list_free(&list);
}

// A copy of the shipped demo shop with catalog.json edited, for the error cases.
std::string broken_catalog_error(TempDir &dir, const std::string &from, const std::string &to)
{
	std::filesystem::create_directories(dir.path() + "/demo-shop/images");
	std::string text = read_bytes(data_dir() + "/" OLC_DEMO_CATALOG_PATH);
	size_t at = text.find(from);
	EXPECT_NE(at, std::string::npos) << from;
	if (at != std::string::npos)
		text.replace(at, from.size(), to);
	write_bytes(dir.path() + "/" OLC_DEMO_CATALOG_PATH, text);
	Shop shop(1, dir.path());
	EXPECT_FALSE(shop.ok());
	return shop.error();
}

TEST(ProviderDemo, ABrokenCatalogFailsWithTheReason)
{
	TempDir dir;
	EXPECT_EQ(broken_catalog_error(dir, "\"price\": \"39.90\"", "\"price\": \"39.901\""),
		  "demo-shop/catalog.json: product 2 (\"rose-jam-500g\"): \"price\": \"39.901\" has more decimals "
		  "than CNY allows (2)");
	EXPECT_EQ(broken_catalog_error(dir, "\"popularity\": 9", "\"popularity\": 9, \"weight\": 1"),
		  "demo-shop/catalog.json: product 1 (\"matsutake-500g\"): unknown field \"weight\"");
	EXPECT_EQ(broken_catalog_error(dir, "\"stock\": 40", "\"stock\": \"40\""),
		  "demo-shop/catalog.json: product 1 (\"matsutake-500g\"): \"stock\" must be a whole number from 0, "
		  "or null");
	EXPECT_EQ(broken_catalog_error(dir, "\"currency\": \"CNY\"", "\"currency\": \"XYZ\""),
		  "demo-shop/catalog.json: unknown currency \"XYZ\"");
	EXPECT_EQ(broken_catalog_error(dir, "\"image\": \"naan.png\"", "\"image\": \"../naan.png\""),
		  "demo-shop/catalog.json: product 4 (\"naan-4\"): \"image\" must be a file name in demo-shop/images");
	EXPECT_EQ(broken_catalog_error(dir, "\"id\": \"naan-4\"", "\"id\": \"rose-jam-500g\""),
		  "demo-shop/catalog.json: product 4 (\"rose-jam-500g\"): the id is used twice");
}

TEST(ProviderDemo, AMissingDataFolderIsAClearError)
{
	TempDir dir;
	Shop shop(1, dir.path());
	EXPECT_FALSE(shop.ok());
	EXPECT_NE(shop.error().find("catalog.json: cannot open"), std::string::npos) << shop.error();
}

} // namespace
