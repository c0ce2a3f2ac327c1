// The order ticker's batching (order-batch.h) and the words of its rows (order-words.h): which
// orders become rows and when, what each row says in each template, masking, short titles.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "core/stream/order-batch.h"
#include "core/stream/order-words.h"
#include "core/base/text.h"

namespace {

struct Order {
	Order(std::string p, std::string b, std::string c = "", int q = 1, bool t = false)
	    : product(std::move(p)), buyer(std::move(b)), city(std::move(c)), quantity(q), test(t)
	{
	}
	std::string product;
	std::string buyer;
	std::string city;
	int quantity;
	bool test;
};

// An olc_order borrowing the strings of o (never freed: the batcher copies what it keeps).
olc_order view(const Order &o)
{
	olc_order v;
	olc_order_init(&v);
	v.product_id = const_cast<char *>(o.product.c_str());
	v.buyer = o.buyer.empty() ? nullptr : const_cast<char *>(o.buyer.c_str());
	v.city = o.city.empty() ? nullptr : const_cast<char *>(o.city.c_str());
	v.quantity = o.quantity;
	v.test = o.test;
	return v;
}

struct Row {
	std::string product, buyer, city;
	int64_t quantity, orders, tests;
	bool batch;
};

class Batcher {
      public:
	explicit Batcher(int64_t window_ms = 5000, size_t singles = 3)
	{
		olc_order_batch_config cfg{window_ms, singles};
		b_ = olc_order_batch_create(&cfg);
	}
	~Batcher() { olc_order_batch_destroy(b_); }
	Batcher(const Batcher &) = delete;
	Batcher &operator=(const Batcher &) = delete;

	void add(const Order &o, int64_t now) { ASSERT_TRUE(olc_order_batch_add(b_, &view_of(o), now)); }
	void tick(int64_t now) { olc_order_batch_tick(b_, now); }
	std::vector<Row> take()
	{
		std::vector<Row> rows;
		olc_order_row r;
		while (olc_order_batch_take(b_, &r)) {
			rows.push_back({r.product_id ? r.product_id : "", r.buyer ? r.buyer : "", r.city ? r.city : "",
					r.quantity, r.orders, r.tests, r.batch});
			olc_order_row_free(&r);
		}
		return rows;
	}
	olc_order_batch *get() { return b_; }

      private:
	const olc_order &view_of(const Order &o)
	{
		last_ = view(o);
		return last_;
	}
	olc_order_batch *b_;
	olc_order last_{};
};

TEST(OrderBatch, CalmOrdersEachGetARowAtOnce)
{
	Batcher b;
	b.add({"matsutake", "张伟", "成都", 2}, 1000);
	auto rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].product, "matsutake");
	EXPECT_EQ(rows[0].buyer, "张伟");
	EXPECT_EQ(rows[0].city, "成都");
	EXPECT_EQ(rows[0].quantity, 2);
	EXPECT_EQ(rows[0].orders, 1);
	EXPECT_FALSE(rows[0].batch);

	// Orders seconds apart (the demo shop's pace) never batch.
	for (int i = 0; i < 10; i++)
		b.add({"naan", "Emma"}, 7000 + i * 6000);
	EXPECT_EQ(b.take().size(), 10u);
	EXPECT_EQ(olc_order_batch_deadline(b.get()), 7000 + 9 * 6000 + 5000);
}

TEST(OrderBatch, ABurstGivesThreeSinglesThenOneRowPerProductWhenTheWindowEnds)
{
	Batcher b;
	// 500 orders in one second over three products, as in a flash sale.
	const char *products[] = {"matsutake", "rose-jam", "naan"};
	for (int i = 0; i < 500; i++)
		b.add({products[i % 3], "buyer" + std::to_string(i), "", 1 + i % 2}, 10000 + i * 2);
	auto singles = b.take();
	ASSERT_EQ(singles.size(), 3u);
	EXPECT_EQ(singles[0].buyer, "buyer0");
	EXPECT_EQ(singles[2].buyer, "buyer2");
	EXPECT_EQ(olc_order_batch_deadline(b.get()), 15000);

	b.tick(14999);
	EXPECT_TRUE(b.take().empty()) << "nothing before the window ends";
	b.tick(15000);
	auto batches = b.take();
	ASSERT_EQ(batches.size(), 3u);
	// Groups in the order they began: orders 3 (matsutake), 4 (rose-jam), 5 (naan).
	EXPECT_EQ(batches[0].product, "matsutake");
	EXPECT_EQ(batches[0].buyer, "buyer3");
	EXPECT_EQ(batches[1].product, "rose-jam");
	EXPECT_EQ(batches[1].buyer, "buyer4");
	EXPECT_EQ(batches[2].product, "naan");
	int64_t orders = 0;
	for (const auto &r : batches) {
		EXPECT_TRUE(r.batch);
		orders += r.orders;
	}
	EXPECT_EQ(orders, 497);
	EXPECT_EQ(batches[0].orders, 166); // orders 3, 6, ..., 498
	EXPECT_EQ(batches[1].orders, 166); // 4, 7, ..., 499
	EXPECT_EQ(batches[2].orders, 165); // 5, 8, ..., 497
	// Units: order i has 1 + i % 2.
	int64_t units = 0;
	for (int i = 3; i < 500; i += 3)
		units += 1 + i % 2;
	EXPECT_EQ(batches[0].quantity, units);

	auto stats = olc_order_batch_stats(b.get());
	EXPECT_EQ(stats.orders, 500u);
	EXPECT_EQ(stats.rows, 6u);
	EXPECT_EQ(stats.batches, 3u);
}

TEST(OrderBatch, ALongBurstStaysBatchedAndCalmBringsSinglesBack)
{
	Batcher b(1000, 2);
	int64_t t = 0;
	// 60 s at 500 orders/s of one product: 2 singles, then one batch row per window.
	for (; t < 60000; t += 2)
		b.add({"matsutake", "b"}, t);
	b.tick(t + 1000);
	auto rows = b.take();
	ASSERT_GE(rows.size(), 60u);
	EXPECT_FALSE(rows[0].batch);
	EXPECT_FALSE(rows[1].batch);
	int64_t orders = 0;
	for (size_t i = 2; i < rows.size(); i++) {
		EXPECT_TRUE(rows[i].batch) << i;
		orders += rows[i].orders;
	}
	EXPECT_EQ(orders + 2, 30000);
	EXPECT_EQ(rows.size(), 2u + 60u) << "one row per 1 s window after the two singles";

	// A quiet spell longer than a window: the next orders are singles again.
	b.add({"naan", "x"}, t + 5000);
	b.add({"naan", "y"}, t + 5001);
	b.add({"naan", "z"}, t + 5002);
	rows = b.take();
	ASSERT_EQ(rows.size(), 2u);
	EXPECT_FALSE(rows[0].batch);
	EXPECT_EQ(rows[1].buyer, "y");
	b.tick(t + 6002);
	rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].buyer, "z");
	EXPECT_EQ(rows[0].orders, 1);
	EXPECT_TRUE(rows[0].batch);
}

TEST(OrderBatch, TestOrdersAreCountedInTheirBatch)
{
	Batcher b(5000, 0);
	b.add({"naan", "a", "", 1, true}, 0);
	b.add({"naan", "b", "", 1, false}, 1);
	b.tick(5000);
	auto rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].orders, 2);
	EXPECT_EQ(rows[0].tests, 1);
}

TEST(OrderBatch, UnreadRowsAreBounded)
{
	Batcher b(5000, 1000000);
	for (int i = 0; i < OLC_ORDER_BATCH_READY_MAX + 10; i++)
		b.add({"naan", "buyer" + std::to_string(i)}, i);
	EXPECT_EQ(olc_order_batch_ready(b.get()), (size_t)OLC_ORDER_BATCH_READY_MAX);
	EXPECT_EQ(olc_order_batch_stats(b.get()).dropped, 10u);
	auto rows = b.take();
	EXPECT_EQ(rows.front().buyer, "buyer10") << "the oldest go";
}

// ---- feeding from a session snapshot ----

// A snapshot made by hand: the fields olc_order_batch_feed and olc_row_words_build read.
class FakeSnapshot {
      public:
	FakeSnapshot()
	{
		snap_ = olc_snapshot{};
		olc_catalog_init(&snap_.catalog);
		olc_deck_init(&snap_.deck);
	}
	~FakeSnapshot()
	{
		for (auto &o : orders_)
			olc_order_free(&o);
		olc_catalog_free(&snap_.catalog);
		olc_deck_free(&snap_.deck);
		for (char *f : featured_)
			free(f);
	}
	FakeSnapshot(const FakeSnapshot &) = delete;
	FakeSnapshot &operator=(const FakeSnapshot &) = delete;

	// Appends an order as the session's ring would (sequence = orders seen so far), keeping the
	// newest `capacity` ones.
	void order(const Order &o, size_t capacity = 200)
	{
		olc_order copy;
		olc_order_init(&copy);
		olc_order v = view(o);
		ASSERT_TRUE(olc_order_copy(&copy, &v));
		orders_.push_back(copy);
		seqs_.push_back(++seen_);
		if (orders_.size() > capacity) {
			olc_order_free(&orders_.front());
			orders_.erase(orders_.begin());
			seqs_.erase(seqs_.begin());
		}
	}
	void feature(const char *id) { featured_.push_back(olc_strdup(id)); }
	void product(const char *id, const char *title)
	{
		olc_product p;
		olc_product_init(&p);
		olc_str_set(&p.id, id);
		olc_str_set(&p.title, title);
		olc_money_set(&p.price, 1990, "CNY");
		ASSERT_TRUE(olc_catalog_take(&snap_.catalog, &p, nullptr));
	}
	olc_deck_item *deck_item(int number, const char *id)
	{
		return olc_deck_append(&snap_.deck, number, id, nullptr);
	}
	const olc_snapshot *get()
	{
		snap_.recent = orders_.data();
		snap_.recent_seq = seqs_.data();
		snap_.recent_count = orders_.size();
		snap_.orders_seen = seen_;
		snap_.featured_count = featured_.size();
		for (size_t i = 0; i < featured_.size() && i < OLC_FEATURED_MAX; i++)
			snap_.featured[i] = featured_[i];
		return &snap_;
	}

      private:
	olc_snapshot snap_;
	std::vector<olc_order> orders_;
	std::vector<uint64_t> seqs_;
	std::vector<char *> featured_;
	uint64_t seen_ = 0;
};

TEST(OrderBatchFeed, OnlyOrdersAfterTheFirstFeedAreShown)
{
	FakeSnapshot s;
	s.order({"naan", "old"});
	s.order({"naan", "older"});
	Batcher b;
	olc_order_filter all{true, false};
	EXPECT_EQ(olc_order_batch_feed(b.get(), s.get(), &all, 0), 0u);
	EXPECT_TRUE(b.take().empty());

	s.order({"naan", "new"});
	EXPECT_EQ(olc_order_batch_feed(b.get(), s.get(), &all, 10), 1u);
	EXPECT_EQ(olc_order_batch_feed(b.get(), s.get(), &all, 20), 0u) << "each order once";
	auto rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].buyer, "new");
}

TEST(OrderBatchFeed, TestOrdersAndOtherProductsAreFilteredOut)
{
	FakeSnapshot s;
	Batcher b(5000, 10);
	olc_order_filter real_only{false, false};
	olc_order_batch_feed(b.get(), s.get(), &real_only, 0);
	s.order({"naan", "test buyer", "", 1, true});
	s.order({"naan", "real buyer"});
	olc_order_batch_feed(b.get(), s.get(), &real_only, 1);
	auto rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].buyer, "real buyer");

	olc_order_filter featured{true, true};
	s.order({"naan", "not featured"});
	olc_order_batch_feed(b.get(), s.get(), &featured, 2);
	EXPECT_TRUE(b.take().empty()) << "nothing featured: nothing shown";
	s.feature("matsutake");
	s.order({"naan", "other product"});
	s.order({"matsutake", "featured one"});
	olc_order_batch_feed(b.get(), s.get(), &featured, 3);
	rows = b.take();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0].buyer, "featured one");
}

TEST(OrderBatchFeed, OrdersTheRingDroppedAreCountedAsMissed)
{
	FakeSnapshot s;
	Batcher b(5000, 1000);
	olc_order_filter all{true, false};
	olc_order_batch_feed(b.get(), s.get(), &all, 0);
	for (int i = 0; i < 250; i++)
		s.order({"naan", "b" + std::to_string(i)}, 200);
	EXPECT_EQ(olc_order_batch_feed(b.get(), s.get(), &all, 1), 200u);
	EXPECT_EQ(olc_order_batch_stats(b.get()).missed, 50u);
	EXPECT_EQ(b.take().front().buyer, "b50");
}

// ---- the words of a row ----

std::string text_of(const olc_row_words &w)
{
	char *t = olc_row_words_text(&w);
	std::string s = t ? t : "(null)";
	free(t);
	return s;
}

std::string words(const olc_order_row &row, const olc_snapshot *snap, olc_buyer_display who,
		  const olc_row_templates *t = nullptr)
{
	olc_row_words w;
	EXPECT_TRUE(olc_row_words_build(&row, snap, t, who, &w));
	std::string s = text_of(w);
	olc_row_words_free(&w);
	return s;
}

olc_order_row make_row(const char *product, const char *buyer, const char *city, int64_t quantity, int64_t orders = 1,
		       int64_t tests = 0)
{
	olc_order_row r{};
	r.product_id = const_cast<char *>(product);
	r.buyer = const_cast<char *>(buyer);
	r.city = const_cast<char *>(city);
	r.quantity = quantity;
	r.orders = orders;
	r.tests = tests;
	return r;
}

TEST(OrderWords, TheIssueExample)
{
	FakeSnapshot s;
	s.product("matsutake-500g", "松茸 Wild Matsutake 500g");
	s.deck_item(3, "matsutake-500g");
	EXPECT_EQ(words(make_row("matsutake-500g", "张伟", "成都", 2), s.get(), OLC_BUYER_MASKED),
		  "张** · 成都 · 2 × 松茸 (#3)");
	EXPECT_EQ(words(make_row("matsutake-500g", "李娜", "拉萨", 12, 10), s.get(), OLC_BUYER_MASKED),
		  "李** and 9 others ordered 松茸 (#3)");
	EXPECT_EQ(words(make_row("matsutake-500g", "李娜", nullptr, 2, 2), s.get(), OLC_BUYER_MASKED),
		  "李** and 1 other ordered 松茸 (#3)");
}

TEST(OrderWords, MissingPartsLeaveTheirOptionalSegmentOut)
{
	FakeSnapshot s;
	s.product("naan-4", "馕 Xinjiang Naan, 4 pieces");
	EXPECT_EQ(words(make_row("naan-4", "Zhang Wei", nullptr, 1), s.get(), OLC_BUYER_MASKED), "Z** · 1 × 馕");
	// Not in the catalog (any more): the id names it.
	EXPECT_EQ(words(make_row("gone-1", "Zhang Wei", "Kashgar", 1), s.get(), OLC_BUYER_MASKED),
		  "Z** · Kashgar · 1 × gone-1");
	EXPECT_EQ(words(make_row("naan-4", "Zhang Wei", "", 1), nullptr, OLC_BUYER_MASKED), "Z** · 1 × naan-4");
}

TEST(OrderWords, BuyerDisplayModes)
{
	FakeSnapshot s;
	s.product("naan-4", "Naan");
	const olc_order_row row = make_row("naan-4", "  Zhang Wei ", "喀什", 1);
	EXPECT_EQ(words(row, s.get(), OLC_BUYER_FULL), "Zhang Wei · 喀什 · 1 × Naan");
	EXPECT_EQ(words(row, s.get(), OLC_BUYER_MASKED), "Z** · 喀什 · 1 × Naan");
	EXPECT_EQ(words(row, s.get(), OLC_BUYER_ANONYMOUS), "Someone · 喀什 · 1 × Naan");
	olc_row_templates zh{};
	zh.someone = "有人";
	EXPECT_EQ(words(row, s.get(), OLC_BUYER_ANONYMOUS, &zh), "有人 · 喀什 · 1 × Naan");
	// No buyer from the shop: "someone" in every mode.
	EXPECT_EQ(words(make_row("naan-4", nullptr, nullptr, 1), s.get(), OLC_BUYER_FULL, &zh), "有人 · 1 × Naan");
	EXPECT_EQ(words(make_row("naan-4", "   ", nullptr, 1), s.get(), OLC_BUYER_MASKED, &zh), "有人 · 1 × Naan");
}

TEST(OrderWords, LocalisedTemplatesAndTheDeckTitle)
{
	FakeSnapshot s;
	s.product("rose-jam-500g", "和田玫瑰酱 Hotan Rose Jam 500g");
	olc_deck_item *item = s.deck_item(7, "rose-jam-500g");
	ASSERT_TRUE(item);
	ASSERT_TRUE(olc_deck_item_set_title(item, "玫瑰酱 直播价"));
	olc_row_templates zh{};
	zh.single = "{buyer}[ · {city}] · {quantity} × {product}[ (#{number})]";
	zh.batch = "{buyer}等{count}人抢购了{product}[ (#{number})]";
	zh.test = "测试";
	EXPECT_EQ(words(make_row("rose-jam-500g", "阿依古丽", "和田", 3), s.get(), OLC_BUYER_MASKED, &zh),
		  "阿** · 和田 · 3 × 玫瑰酱 直播价 (#7)");
	EXPECT_EQ(words(make_row("rose-jam-500g", "阿依古丽", "和田", 30, 25, 1), s.get(), OLC_BUYER_MASKED, &zh),
		  "阿**等25人抢购了玫瑰酱 直播价 (#7) [测试]");
}

TEST(OrderWords, SpansCarryRoles)
{
	FakeSnapshot s;
	s.product("matsutake-500g", "松茸 Wild Matsutake 500g");
	s.deck_item(3, "matsutake-500g");
	olc_row_templates t{};
	t.test = "TEST";
	const olc_order_row row = make_row("matsutake-500g", "张伟", "成都", 2, 1, 1);
	olc_row_words w;
	ASSERT_TRUE(olc_row_words_build(&row, s.get(), &t, OLC_BUYER_MASKED, &w));
	struct Expect {
		const char *text;
		olc_span_role role;
	} want[] = {
		{"张**", OLC_SPAN_BUYER},   {" · ", OLC_SPAN_MUTED},   {"成都", OLC_SPAN_TEXT},
		{" · ", OLC_SPAN_MUTED},    {"2", OLC_SPAN_TEXT},      {" × ", OLC_SPAN_MUTED},
		{"松茸", OLC_SPAN_PRODUCT}, {" (#3)", OLC_SPAN_MUTED}, {"TEST", OLC_SPAN_CHIP},
	};
	ASSERT_EQ(w.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < w.count; i++) {
		EXPECT_STREQ(w.spans[i].text, want[i].text) << i;
		EXPECT_EQ(w.spans[i].role, want[i].role) << i;
	}
	olc_row_words_free(&w);
}

TEST(OrderWords, TemplateSyntax)
{
	const olc_template_value v[] = {
		{"a", "A", OLC_SPAN_TEXT},
		{"empty", "", OLC_SPAN_TEXT},
		{"none", nullptr, OLC_SPAN_TEXT},
	};
	auto expand = [&](const char *tmpl) {
		olc_row_words w{};
		EXPECT_TRUE(olc_template_expand(tmpl, v, 3, &w));
		std::string s = text_of(w);
		olc_row_words_free(&w);
		return s;
	};
	EXPECT_EQ(expand("x{a}y"), "xAy");
	EXPECT_EQ(expand("x[ ({a})]"), "x (A)");
	EXPECT_EQ(expand("x[ ({empty})][ <{none}>]!"), "x!");
	EXPECT_EQ(expand("{unknown} {a"), "{unknown} {a") << "unknown names and open braces stay";
	EXPECT_EQ(expand("[a"), "[a") << "an unmatched bracket is text";
	EXPECT_EQ(expand(""), "");
}

TEST(OrderWords, ShortTitles)
{
	auto shortened = [](const char *title) {
		char *s = olc_short_title(title);
		std::string r = s ? s : "(null)";
		free(s);
		return r;
	};
	EXPECT_EQ(shortened("松茸 Wild Matsutake 500g"), "松茸");
	EXPECT_EQ(shortened("和田玫瑰酱 Hotan Rose Jam 500g"), "和田玫瑰酱");
	EXPECT_EQ(shortened("馕 Xinjiang Naan, 4 pieces"), "馕");
	EXPECT_EQ(shortened("  银壶　Yunnan Silver Teapot "), "银壶") << "ideographic space too";
	EXPECT_EQ(shortened("Wild Matsutake 500g"), "Wild Matsutake 500g");
	EXPECT_EQ(shortened("Café Crème 500g"), "Café Crème 500g") << "Latin with accents is one script";
	EXPECT_EQ(shortened("和田玫瑰酱 500克"), "和田玫瑰酱 500克") << "no second script";
	EXPECT_EQ(shortened("松茸"), "松茸");
	EXPECT_EQ(shortened("   "), "(null)");
	EXPECT_EQ(shortened(nullptr), "(null)");
}

} // namespace
