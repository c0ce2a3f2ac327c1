// What the shop providers share below their own shapes: request-signing digests and their text
// forms, wall-clock times in China's zone, SKU summaries and the access-token clock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/text-buf.h"
#include "core/base/text.h"
#include "core/shop/items.h"
#include "core/shop/iso8601.h"
#include "core/shop/token.h"
#include "core/sys/digest.h"

namespace {

std::string hex(const uint8_t *bytes, size_t len)
{
	std::vector<char> text(2 * len + 1);
	olc_hex_encode(bytes, len, false, text.data());
	return text.data();
}

std::string base64(const std::string &bytes)
{
	std::vector<char> text(OLC_BASE64_SIZE(bytes.size()));
	olc_base64_encode(bytes.data(), bytes.size(), text.data());
	return text.data();
}

olc_money cny(int64_t fen)
{
	olc_money m;
	EXPECT_TRUE(olc_money_set(&m, fen, "CNY"));
	return m;
}

} // namespace

TEST(Digest, HmacSha256MatchesRfc4231)
{
	// RFC 4231 test cases 1 and 2.
	uint8_t out[OLC_SHA256_BYTES];
	const std::string key1(20, '\x0b');
	ASSERT_TRUE(olc_hmac_sha256(key1.data(), key1.size(), "Hi There", 8, out));
	EXPECT_EQ(hex(out, sizeof(out)), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	ASSERT_TRUE(olc_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, out));
	EXPECT_EQ(hex(out, sizeof(out)), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	// An empty key and empty data are valid inputs, not errors.
	ASSERT_TRUE(olc_hmac_sha256("", 0, "", 0, out));
	EXPECT_EQ(hex(out, sizeof(out)), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Digest, Md5MatchesRfc1321)
{
	uint8_t out[OLC_MD5_BYTES];
	ASSERT_TRUE(olc_md5("", 0, out));
	EXPECT_EQ(hex(out, sizeof(out)), "d41d8cd98f00b204e9800998ecf8427e");
	ASSERT_TRUE(olc_md5("abc", 3, out));
	EXPECT_EQ(hex(out, sizeof(out)), "900150983cd24fb0d6963f7d28e17f72");
	char upper[2 * OLC_MD5_BYTES + 1];
	olc_hex_encode(out, sizeof(out), true, upper);
	EXPECT_STREQ(upper, "900150983CD24FB0D6963F7D28E17F72");
}

TEST(Digest, Base64MatchesRfc4648)
{
	EXPECT_EQ(base64(""), "");
	EXPECT_EQ(base64("f"), "Zg==");
	EXPECT_EQ(base64("fo"), "Zm8=");
	EXPECT_EQ(base64("foo"), "Zm9v");
	EXPECT_EQ(base64("foob"), "Zm9vYg==");
	EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
	EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
	EXPECT_EQ(base64(std::string("\xfb\xff\xbf", 3)), "+/+/");
}

TEST(WallTime, ChinaTimeReadsAndWritesAsUtcPlusEight)
{
	int64_t ms = 0;
	ASSERT_TRUE(olc_wall_time_parse("2016-01-01 12:00:00", OLC_CHINA_OFFSET_MINUTES, &ms));
	EXPECT_EQ(ms, 1451620800000); // 2016-01-01T04:00:00Z
	char buf[OLC_ISO8601_LEN];
	olc_wall_time_format(ms, OLC_CHINA_OFFSET_MINUTES, buf);
	EXPECT_STREQ(buf, "2016-01-01 12:00:00");
	olc_wall_time_format(1451620800999, 0, buf);
	EXPECT_STREQ(buf, "2016-01-01 04:00:00");
	for (const char *bad : {"2016-01-01T12:00:00", "2016-01-01 12:00:00Z", "2016-01-01 12:00", "2016-02-30 12:00:00",
				"2016-01-01 24:00:00", ""})
		EXPECT_FALSE(olc_wall_time_parse(bad, OLC_CHINA_OFFSET_MINUTES, &ms)) << bad;
}

TEST(SkuSummary, LowestPriceMarkedFromWhenPricesDifferAndStockSummed)
{
	olc_sku_summary s;
	olc_sku_summary_init(&s);
	olc_error err = {};
	olc_money a = cny(16800), b = cny(12850), c = cny(31800);
	ASSERT_TRUE(olc_sku_summary_add(&s, &a, true, 4, &err));
	ASSERT_TRUE(olc_sku_summary_add(&s, &b, true, 20, &err));
	ASSERT_TRUE(olc_sku_summary_add(&s, &c, true, 1, &err));
	olc_product p;
	olc_product_init(&p);
	ASSERT_TRUE(olc_sku_summary_apply(&s, &p, &err)) << err.text;
	EXPECT_EQ(p.price.minor, 12850);
	EXPECT_TRUE(p.price_from);
	EXPECT_TRUE(p.has_stock);
	EXPECT_EQ(p.stock, 25);

	// Same price on every SKU: no "from"; one SKU without a count: stock not tracked.
	olc_sku_summary_init(&s);
	ASSERT_TRUE(olc_sku_summary_add(&s, &a, true, 4, &err));
	ASSERT_TRUE(olc_sku_summary_add(&s, &a, false, 0, &err));
	ASSERT_TRUE(olc_sku_summary_apply(&s, &p, &err));
	EXPECT_EQ(p.price.minor, 16800);
	EXPECT_FALSE(p.price_from);
	EXPECT_FALSE(p.has_stock);
	olc_product_free(&p);
}

TEST(SkuSummary, RefusesMixedCurrenciesOverflowAndNoSku)
{
	olc_sku_summary s;
	olc_sku_summary_init(&s);
	olc_error err = {};
	olc_product p;
	olc_product_init(&p);
	EXPECT_FALSE(olc_sku_summary_apply(&s, &p, &err));
	EXPECT_STREQ(err.text, "the product has no SKU with a price");

	olc_money a = cny(100), usd;
	ASSERT_TRUE(olc_money_set(&usd, 100, "USD"));
	ASSERT_TRUE(olc_sku_summary_add(&s, &a, true, INT64_MAX - 1, &err));
	EXPECT_FALSE(olc_sku_summary_add(&s, &usd, true, 1, &err));
	EXPECT_STREQ(err.text, "SKU 2 is priced in USD, the first in CNY");
	EXPECT_FALSE(olc_sku_summary_add(&s, &a, true, 2, &err));
	EXPECT_STREQ(err.text, "the stock of the product's SKUs adds up past what can be counted");
	olc_product_free(&p);
}

TEST(ShopToken, DueWhenMissingAndBeforeItsExpiry)
{
	olc_shop_token t;
	olc_shop_token_init(&t);
	const int64_t now = 1700000000000;
	EXPECT_TRUE(olc_shop_token_due(&t, now));
	ASSERT_TRUE(olc_shop_token_set(&t, "tok", 7200, now)); // two hours
	EXPECT_FALSE(olc_shop_token_due(&t, now));
	EXPECT_FALSE(olc_shop_token_due(&t, now + 7200000 - OLC_TOKEN_RENEW_MARGIN_MS - 1));
	EXPECT_TRUE(olc_shop_token_due(&t, now + 7200000 - OLC_TOKEN_RENEW_MARGIN_MS));
	// A short-lived token (the tests' shop) is renewed at half its life.
	ASSERT_TRUE(olc_shop_token_set(&t, "tok2", 4, now));
	EXPECT_FALSE(olc_shop_token_due(&t, now + 1999));
	EXPECT_TRUE(olc_shop_token_due(&t, now + 2000));
	// Without an expiry it is used until the shop refuses it.
	ASSERT_TRUE(olc_shop_token_set(&t, "tok3", 0, now));
	EXPECT_FALSE(olc_shop_token_due(&t, now + 365LL * 86400000));
	olc_shop_token_clear(&t);
	EXPECT_EQ(t.value, nullptr);
	EXPECT_TRUE(olc_shop_token_due(&t, now));
}

TEST(TextBuf, GrowsPastItsFirstBlockAndPercentEncodesForAForm)
{
	olc_text_buf t = {};
	const std::string piece(300, 'a');
	olc_text_buf_add_str(&t, piece.c_str());
	olc_text_buf_add(&t, "&", 1);
	olc_text_buf_add_encoded(&t, "a b+c/短袖~-._");
	char *text = olc_text_buf_take(&t);
	ASSERT_NE(text, nullptr);
	EXPECT_EQ(std::string(text), piece + "&a%20b%2Bc%2F%E7%9F%AD%E8%A2%96~-._");
	EXPECT_EQ(t.data, nullptr) << "taking leaves the buffer empty";
	olc_secret_free(text);

	// Nothing added: nothing to take.
	olc_text_buf empty = {};
	EXPECT_EQ(olc_text_buf_take(&empty), nullptr);
	olc_text_buf_add_str(&empty, "secret");
	olc_text_buf_free(&empty);
	EXPECT_EQ(empty.data, nullptr);
	EXPECT_EQ(empty.len, 0u);
}
