#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/deck.h"
#include "core/model/product.h"

namespace {

struct Deck {
	olc_deck d;
	Deck() { olc_deck_init(&d); }
	~Deck() { olc_deck_free(&d); }
};

std::vector<int> numbers(const olc_deck &d)
{
	std::vector<int> result;
	for (size_t i = 0; i < d.count; i++)
		result.push_back(d.items[i].number);
	return result;
}

olc_money cny(int64_t minor)
{
	olc_money m{};
	olc_money_set(&m, minor, "CNY");
	return m;
}

} // namespace

TEST(Deck, ProductIdsAreKeptWholeOrRefused)
{
	Deck deck;
	olc_error err{};
	const std::string longest(OLC_PRODUCT_ID_MAX, 'z');
	olc_deck_item *item = olc_deck_append(&deck.d, 1, longest.c_str(), &err);
	ASSERT_NE(item, nullptr) << err.text;
	EXPECT_EQ(std::string(item->product_id), longest);
	const std::string too_long(OLC_PRODUCT_ID_MAX + 1, 'z');
	EXPECT_EQ(olc_deck_append(&deck.d, 2, too_long.c_str(), &err), nullptr);
	EXPECT_STREQ(err.text, "the product id of item #2 is 513 bytes long; at most 512 are accepted");
	EXPECT_EQ(deck.d.count, 1u);
}

TEST(Deck, AppendKeepsRunningOrderAndFindsByNumber)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(&deck.d, "Spring market", &err));
	ASSERT_TRUE(olc_deck_set_currency(&deck.d, "CNY", &err));
	ASSERT_NE(olc_deck_append(&deck.d, 3, "p3", &err), nullptr) << err.text;
	ASSERT_NE(olc_deck_append(&deck.d, 1, "p1", &err), nullptr) << err.text;
	ASSERT_NE(olc_deck_append(&deck.d, 2, "p2", &err), nullptr) << err.text;

	EXPECT_EQ(numbers(deck.d), (std::vector<int>{3, 1, 2}));
	olc_deck_item *item = olc_deck_find(&deck.d, 1);
	ASSERT_NE(item, nullptr);
	EXPECT_STREQ(item->product_id, "p1");
	EXPECT_EQ(item->title, nullptr);
	EXPECT_FALSE(item->has_price);
	EXPECT_EQ(item->coupon, nullptr);
	EXPECT_EQ(olc_deck_find(&deck.d, 4), nullptr);
	EXPECT_EQ(olc_deck_next_number(&deck.d), 4);
}

TEST(Deck, AppendRefusesBadNumbersAndProducts)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_currency(&deck.d, "CNY", &err));
	ASSERT_NE(olc_deck_append(&deck.d, 7, "p7", &err), nullptr);

	EXPECT_EQ(olc_deck_append(&deck.d, 7, "other", &err), nullptr);
	EXPECT_NE(std::string(err.text).find("number 7 is already used"), std::string::npos) << err.text;
	EXPECT_EQ(olc_deck_append(&deck.d, 0, "p0", &err), nullptr);
	EXPECT_NE(std::string(err.text).find("out of range"), std::string::npos) << err.text;
	EXPECT_EQ(olc_deck_append(&deck.d, OLC_DECK_NUMBER_MAX + 1, "p", &err), nullptr);
	EXPECT_EQ(olc_deck_append(&deck.d, 8, "", &err), nullptr);
	EXPECT_NE(std::string(err.text).find("no product"), std::string::npos) << err.text;
	EXPECT_EQ(olc_deck_append(&deck.d, 8, nullptr, &err), nullptr);
	EXPECT_EQ(deck.d.count, 1u);

	ASSERT_NE(olc_deck_append(&deck.d, OLC_DECK_NUMBER_MAX, "last", &err), nullptr);
	EXPECT_EQ(olc_deck_next_number(&deck.d), -1);
}

TEST(Deck, NameAndCurrencyAreChecked)
{
	Deck deck;
	olc_error err{};
	EXPECT_FALSE(olc_deck_set_name(&deck.d, "", &err));
	EXPECT_FALSE(olc_deck_set_name(&deck.d, nullptr, &err));
	EXPECT_EQ(deck.d.name, nullptr);
	EXPECT_FALSE(olc_deck_set_currency(&deck.d, "cny", &err));
	EXPECT_NE(std::string(err.text).find("unknown currency \"cny\""), std::string::npos) << err.text;

	ASSERT_TRUE(olc_deck_set_currency(&deck.d, "CNY", &err));
	olc_deck_item *item = olc_deck_append(&deck.d, 1, "p1", &err);
	olc_money price = cny(2990);
	ASSERT_TRUE(olc_deck_item_set_price(&deck.d, item, &price, &err)) << err.text;
	// Changing the currency would silently re-denominate the override.
	EXPECT_FALSE(olc_deck_set_currency(&deck.d, "EUR", &err));
	EXPECT_NE(std::string(err.text).find("#1"), std::string::npos) << err.text;
	EXPECT_STREQ(deck.d.currency, "CNY");
	ASSERT_TRUE(olc_deck_item_set_price(&deck.d, item, nullptr, &err));
	EXPECT_TRUE(olc_deck_set_currency(&deck.d, "EUR", &err)) << err.text;
}

TEST(Deck, OverridesSetAndClear)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_currency(&deck.d, "CNY", &err));
	olc_deck_item *item = olc_deck_append(&deck.d, 1, "p1", &err);
	ASSERT_NE(item, nullptr);

	ASSERT_TRUE(olc_deck_item_set_title(item, "\xE6\x98\xA5\xE5\xAD\xA3 shirt"));
	EXPECT_STREQ(item->title, "\xE6\x98\xA5\xE5\xAD\xA3 shirt");
	ASSERT_TRUE(olc_deck_item_set_title(item, ""));
	EXPECT_EQ(item->title, nullptr);
	ASSERT_TRUE(olc_deck_item_set_coupon(item, "SPRING10"));
	EXPECT_STREQ(item->coupon, "SPRING10");
	ASSERT_TRUE(olc_deck_item_set_coupon(item, nullptr));
	EXPECT_EQ(item->coupon, nullptr);

	olc_money euros{};
	olc_money_set(&euros, 1000, "EUR");
	EXPECT_FALSE(olc_deck_item_set_price(&deck.d, item, &euros, &err));
	EXPECT_NE(std::string(err.text).find("EUR"), std::string::npos) << err.text;
	EXPECT_FALSE(item->has_price);
	olc_money price = cny(2990);
	ASSERT_TRUE(olc_deck_item_set_price(&deck.d, item, &price, &err));
	EXPECT_TRUE(item->has_price);
	EXPECT_EQ(item->price.minor, 2990);
}

TEST(Deck, RemoveAndMoveKeepTheRestInOrder)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_currency(&deck.d, "CNY", &err));
	for (int n = 1; n <= 5; n++)
		ASSERT_NE(olc_deck_append(&deck.d, n, ("p" + std::to_string(n)).c_str(), &err), nullptr);

	ASSERT_TRUE(olc_deck_move(&deck.d, 0, 3));
	EXPECT_EQ(numbers(deck.d), (std::vector<int>{2, 3, 4, 1, 5}));
	ASSERT_TRUE(olc_deck_move(&deck.d, 4, 0));
	EXPECT_EQ(numbers(deck.d), (std::vector<int>{5, 2, 3, 4, 1}));
	ASSERT_TRUE(olc_deck_move(&deck.d, 2, 2));
	EXPECT_FALSE(olc_deck_move(&deck.d, 5, 0));
	EXPECT_FALSE(olc_deck_move(&deck.d, 0, 5));

	ASSERT_TRUE(olc_deck_remove(&deck.d, 1));
	EXPECT_EQ(numbers(deck.d), (std::vector<int>{5, 3, 4, 1}));
	EXPECT_STREQ(olc_deck_find(&deck.d, 3)->product_id, "p3");
	EXPECT_EQ(olc_deck_find(&deck.d, 2), nullptr);
	ASSERT_TRUE(olc_deck_remove(&deck.d, 3));
	EXPECT_EQ(numbers(deck.d), (std::vector<int>{5, 3, 4}));
	EXPECT_FALSE(olc_deck_remove(&deck.d, 3));
}

TEST(Deck, CopyIsDeepAndEqual)
{
	Deck a, b;
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(&a.d, "Spring market", &err));
	ASSERT_TRUE(olc_deck_set_currency(&a.d, "CNY", &err));
	olc_deck_item *item = olc_deck_append(&a.d, 1, "p1", &err);
	olc_money price = cny(2990);
	ASSERT_TRUE(olc_deck_item_set_title(item, "Shirt"));
	ASSERT_TRUE(olc_deck_item_set_price(&a.d, item, &price, &err));
	ASSERT_NE(olc_deck_append(&a.d, 2, "p2", &err), nullptr);

	ASSERT_TRUE(olc_deck_copy(&b.d, &a.d));
	EXPECT_TRUE(olc_deck_equal(&a.d, &b.d));
	EXPECT_NE(a.d.items, b.d.items);
	EXPECT_NE(a.d.items[0].title, b.d.items[0].title);

	ASSERT_TRUE(olc_deck_item_set_title(&b.d.items[0], "Other"));
	EXPECT_FALSE(olc_deck_equal(&a.d, &b.d));
	EXPECT_STREQ(a.d.items[0].title, "Shirt");
	ASSERT_TRUE(olc_deck_item_set_title(&b.d.items[0], "Shirt"));
	EXPECT_TRUE(olc_deck_equal(&a.d, &b.d));
	b.d.items[0].price.minor = 2991;
	EXPECT_FALSE(olc_deck_equal(&a.d, &b.d));
	b.d.items[0].price.minor = 2990;
	ASSERT_TRUE(olc_deck_move(&b.d, 0, 1));
	EXPECT_FALSE(olc_deck_equal(&a.d, &b.d)); // the running order matters
}
