#include <gtest/gtest.h>

#include <string>

#include "core/model/order.h"
#include "core/model/product.h"
#include "core/base/text.h"

namespace {

void fill(olc_product *p, const char *id, int64_t minor)
{
	olc_product_init(p);
	ASSERT_TRUE(olc_str_set(&p->id, id));
	ASSERT_TRUE(olc_str_set(&p->title, (std::string("Product ") + id).c_str()));
	ASSERT_TRUE(olc_money_set(&p->price, minor, "CNY"));
}

} // namespace

TEST(Product, CopyIsDeepWithTags)
{
	olc_product a, b;
	fill(&a, "p1", 3990);
	olc_product_init(&b);
	ASSERT_TRUE(olc_str_set(&a.url, "https://shop.example/p1"));
	ASSERT_TRUE(olc_product_add_tag(&a, "spring"));
	ASSERT_TRUE(olc_product_add_tag(&a, "linen"));
	ASSERT_TRUE(olc_product_add_tag(&a, "spring"));
	EXPECT_EQ(a.tag_count, 2u);
	a.has_stock = true;
	a.stock = 12;

	ASSERT_TRUE(olc_product_copy(&b, &a));
	EXPECT_STREQ(b.id, "p1");
	EXPECT_NE(b.id, a.id);
	EXPECT_STREQ(b.url, "https://shop.example/p1");
	EXPECT_EQ(b.image_url, nullptr);
	EXPECT_EQ(b.price.minor, 3990);
	EXPECT_TRUE(b.has_stock);
	EXPECT_EQ(b.stock, 12);
	EXPECT_TRUE(olc_product_has_tag(&b, "linen"));
	EXPECT_FALSE(olc_product_has_tag(&b, "winter"));

	olc_product_free(&a);
	EXPECT_EQ(a.id, nullptr);
	EXPECT_STREQ(b.tags[0], "spring");
	olc_product_free(&b);
}

TEST(Product, SaleAndStock)
{
	olc_product p;
	fill(&p, "p1", 2990);
	EXPECT_FALSE(olc_product_on_sale(&p));
	p.has_compare_at = true;
	ASSERT_TRUE(olc_money_set(&p.compare_at, 3990, "CNY"));
	EXPECT_TRUE(olc_product_on_sale(&p));
	ASSERT_TRUE(olc_money_set(&p.compare_at, 2990, "CNY"));
	EXPECT_FALSE(olc_product_on_sale(&p));
	ASSERT_TRUE(olc_money_set(&p.compare_at, 3990, "EUR"));
	EXPECT_FALSE(olc_product_on_sale(&p));

	EXPECT_TRUE(olc_product_in_stock(&p)); // untracked
	p.has_stock = true;
	p.stock = 0;
	EXPECT_FALSE(olc_product_in_stock(&p));
	p.stock = -2;
	EXPECT_FALSE(olc_product_in_stock(&p));
	p.stock = 1;
	EXPECT_TRUE(olc_product_in_stock(&p));
	olc_product_free(&p);
}

TEST(Catalog, TakeMovesAndReplacesById)
{
	olc_catalog c;
	olc_catalog_init(&c);
	olc_error err{};
	for (int i = 0; i < 40; i++) {
		olc_product p;
		fill(&p, ("p" + std::to_string(i)).c_str(), 100 + i);
		ASSERT_TRUE(olc_catalog_take(&c, &p, &err)) << err.text;
		EXPECT_EQ(p.id, nullptr); // moved out
	}
	EXPECT_EQ(c.count, 40u);

	olc_product again;
	fill(&again, "p7", 999);
	ASSERT_TRUE(olc_catalog_take(&c, &again, &err));
	EXPECT_EQ(c.count, 40u);
	const olc_product *found = olc_catalog_find(&c, "p7");
	ASSERT_NE(found, nullptr);
	EXPECT_EQ(found->price.minor, 999);
	EXPECT_EQ(olc_catalog_find(&c, "p40"), nullptr);
	EXPECT_EQ(olc_catalog_find(&c, nullptr), nullptr);

	olc_product nameless;
	olc_product_init(&nameless);
	EXPECT_FALSE(olc_catalog_take(&c, &nameless, &err));
	EXPECT_NE(std::string(err.text).find("no id"), std::string::npos) << err.text;
	olc_catalog_free(&c);
	EXPECT_EQ(c.count, 0u);
}

TEST(Catalog, FindsEveryProductOfABigCatalogAfterReplacements)
{
	olc_catalog c;
	olc_catalog_init(&c);
	olc_error err{};
	for (int i = 0; i < 20000; i++) {
		olc_product p;
		fill(&p, ("p-" + std::to_string(i)).c_str(), i);
		ASSERT_TRUE(olc_catalog_take(&c, &p, &err)) << err.text;
	}
	// Replacing every third product keeps its place and the index.
	for (int i = 0; i < 20000; i += 3) {
		olc_product p;
		fill(&p, ("p-" + std::to_string(i)).c_str(), 1000000 + i);
		ASSERT_TRUE(olc_catalog_take(&c, &p, &err)) << err.text;
	}
	ASSERT_EQ(c.count, 20000u);
	for (int i = 0; i < 20000; i++) {
		const std::string id = "p-" + std::to_string(i);
		const olc_product *found = olc_catalog_find(&c, id.c_str());
		ASSERT_NE(found, nullptr) << id;
		EXPECT_EQ(found, &c.products[i]) << id;
		EXPECT_EQ(found->price.minor, i % 3 == 0 ? 1000000 + i : i) << id;
	}
	EXPECT_EQ(olc_catalog_find(&c, "p-20000"), nullptr);
	EXPECT_EQ(olc_catalog_find(&c, "p-"), nullptr);
	EXPECT_EQ(olc_catalog_find(&c, ""), nullptr);
	olc_catalog_free(&c);
	EXPECT_EQ(olc_catalog_find(&c, "p-1"), nullptr);
}

TEST(Catalog, IdsAreKeptWholeUpToTheMaximumAndRefusedBeyond)
{
	olc_catalog c;
	olc_catalog_init(&c);
	olc_error err{};
	const std::string longest(OLC_PRODUCT_ID_MAX, 'a');
	olc_product p;
	fill(&p, longest.c_str(), 100);
	ASSERT_TRUE(olc_catalog_take(&c, &p, &err)) << err.text;
	ASSERT_NE(olc_catalog_find(&c, longest.c_str()), nullptr);
	EXPECT_EQ(std::string(olc_catalog_find(&c, longest.c_str())->id), longest);
	// One byte shorter is another product, not a match.
	EXPECT_EQ(olc_catalog_find(&c, longest.substr(1).c_str()), nullptr);

	const std::string too_long(OLC_PRODUCT_ID_MAX + 1, 'a');
	fill(&p, too_long.c_str(), 200);
	EXPECT_FALSE(olc_catalog_take(&c, &p, &err));
	EXPECT_STREQ(err.text, "a product id is 513 bytes long; at most 512 are accepted");
	EXPECT_STREQ(p.id, too_long.c_str()); // untouched: the caller still owns it
	olc_product_free(&p);
	EXPECT_EQ(c.count, 1u);
	olc_catalog_free(&c);

	// Fixed buffers take an id whole or not at all.
	char buf[OLC_PRODUCT_ID_MAX + 1];
	EXPECT_TRUE(olc_product_id_copy(buf, sizeof(buf), longest.c_str()));
	EXPECT_EQ(std::string(buf), longest);
	EXPECT_FALSE(olc_product_id_copy(buf, sizeof(buf), too_long.c_str()));
	EXPECT_STREQ(buf, "");
	EXPECT_TRUE(olc_product_id_copy(buf, sizeof(buf), nullptr));
	EXPECT_STREQ(buf, "");
}

TEST(Order, CopyIsDeep)
{
	olc_order a, b;
	olc_order_init(&a);
	olc_order_init(&b);
	ASSERT_TRUE(olc_str_set(&a.id, "o-1001"));
	ASSERT_TRUE(olc_str_set(&a.product_id, "p1"));
	ASSERT_TRUE(olc_str_set(&a.buyer, "\xE5\xBC\xA0\xE4\xB8\x89")); // 张三
	ASSERT_TRUE(olc_str_set(&a.city, "\xE4\xB8\x8A\xE6\xB5\xB7"));  // 上海
	a.created_at_ms = 1735689600000;
	a.quantity = 2;
	ASSERT_TRUE(olc_money_set(&a.total, 7980, "CNY"));
	a.test = true;

	ASSERT_TRUE(olc_order_copy(&b, &a));
	olc_order_free(&a);
	EXPECT_EQ(a.id, nullptr);
	EXPECT_STREQ(b.id, "o-1001");
	EXPECT_STREQ(b.product_id, "p1");
	EXPECT_STREQ(b.buyer, "\xE5\xBC\xA0\xE4\xB8\x89");
	EXPECT_STREQ(b.city, "\xE4\xB8\x8A\xE6\xB5\xB7");
	EXPECT_EQ(b.created_at_ms, 1735689600000);
	EXPECT_EQ(b.quantity, 2);
	EXPECT_EQ(b.total.minor, 7980);
	EXPECT_STREQ(b.total.currency, "CNY");
	EXPECT_TRUE(b.test);
	olc_order_free(&b);
}
