// Prices for people, exact to the minor unit: the digits come from integers, QLocale adds the
// language's grouping, decimal mark and symbol placement.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "raster/money-format.h"

namespace {

std::string show(int64_t minor, const char *currency, const char *language)
{
	olc_money m{};
	EXPECT_TRUE(olc_money_set(&m, minor, currency)) << currency;
	char buf[128];
	const int n = olc_money_format_display(&m, language, buf, sizeof(buf));
	EXPECT_EQ(n, static_cast<int>(std::string(buf).size()));
	return buf;
}

std::string hidden(const char *currency, const char *language, const char *mask = nullptr)
{
	char buf[64];
	EXPECT_GT(olc_money_format_hidden(currency, language, mask, buf, sizeof(buf)), 0);
	return buf;
}

// The no-break spaces CLDR puts in French numbers and between a symbol and digits.
#define NNBSP "\u202F" // narrow no-break space: French thousands
#define NBSP  "\u00A0" // no-break space: before "€" in French, after a letter symbol

} // namespace

TEST(MoneyFormat, SimplifiedChinese)
{
	EXPECT_EQ(show(16800, "CNY", "zh-CN"), "¥168.00");
	EXPECT_EQ(show(1980, "JPY", "zh-CN"), "JP¥1,980");
	EXPECT_EQ(show(12345, "KWD", "zh-CN"), "KWD" NBSP "12.345");
	EXPECT_EQ(show(123450, "EUR", "zh-CN"), "€1,234.50");
}

TEST(MoneyFormat, AmericanEnglish)
{
	EXPECT_EQ(show(16800, "CNY", "en-US"), "CN¥168.00");
	EXPECT_EQ(show(1980, "JPY", "en-US"), "JP¥1,980");
	EXPECT_EQ(show(12345, "KWD", "en-US"), "KWD" NBSP "12.345");
	EXPECT_EQ(show(123450, "EUR", "en-US"), "€1,234.50");
	EXPECT_EQ(show(3990, "USD", "en-US"), "$39.90");
}

TEST(MoneyFormat, French)
{
	EXPECT_EQ(show(16800, "CNY", "fr-FR"), "168,00" NBSP "CN¥");
	EXPECT_EQ(show(1980, "JPY", "fr-FR"), "1" NNBSP "980" NBSP "JP¥");
	EXPECT_EQ(show(12345, "KWD", "fr-FR"), "12,345" NBSP "KWD");
	EXPECT_EQ(show(123450, "EUR", "fr-FR"), "1" NNBSP "234,50" NBSP "€");
}

TEST(MoneyFormat, ExponentDecidesTheDecimals)
{
	// Zeros are kept to the currency's exponent, never trimmed, never rounded.
	EXPECT_EQ(show(0, "CNY", "en-US"), "CN¥0.00");
	EXPECT_EQ(show(5, "CNY", "en-US"), "CN¥0.05");
	EXPECT_EQ(show(1, "KWD", "en-US"), "KWD" NBSP "0.001");
	EXPECT_EQ(show(1000, "KWD", "en-US"), "KWD" NBSP "1.000");
	EXPECT_EQ(show(1, "JPY", "en-US"), "JP¥1");
	EXPECT_EQ(show(12345678, "CLF", "en-US"), "CLF" NBSP "1,234.5678");
}

TEST(MoneyFormat, ExactBeyondDoublePrecision)
{
	// 2^63 - 1 minor units: a double would print ...758.08 or worse.
	EXPECT_EQ(show(std::numeric_limits<int64_t>::max(), "CNY", "en-US"), "CN¥92,233,720,368,547,758.07");
	EXPECT_EQ(show(std::numeric_limits<int64_t>::min(), "JPY", "en-US"), "-JP¥9,223,372,036,854,775,808");
	EXPECT_EQ(show(9007199254740993, "EUR", "fr-FR"),
		  "90" NNBSP "071" NNBSP "992" NNBSP "547" NNBSP "409,93" NBSP "€");
}

TEST(MoneyFormat, NegativeIsASignNotParentheses)
{
	EXPECT_EQ(show(-5, "CNY", "zh-CN"), "-¥0.05");
	EXPECT_EQ(show(-123450, "EUR", "en-US"), "-€1,234.50");
}

TEST(MoneyFormat, LocaleDigitsAndHomeSymbols)
{
	// Arabic-Indic digits and separators in Egyptian Arabic, from QLocale.
	const std::string egp = show(16800, "EGP", "ar-EG");
	EXPECT_NE(egp.find("١٦٨٫٠٠"), std::string::npos) << egp;
	EXPECT_EQ(egp.find("168"), std::string::npos) << egp;
	// The home currency uses the language's own symbol.
	EXPECT_EQ(show(1980, "JPY", "ja-JP"), "￥1,980");
	EXPECT_EQ(show(39900, "TWD", "zh-TW"), "$399.00");
	EXPECT_EQ(show(39900, "TWD", "zh-CN"), "NT$399.00");
	// POSIX spelling works as well.
	EXPECT_EQ(show(16800, "CNY", "zh_CN"), "¥168.00");
}

TEST(MoneyFormat, HiddenPriceKeepsSymbolAndPlacement)
{
	EXPECT_EQ(hidden("CNY", "zh-CN"), "¥???");
	EXPECT_EQ(hidden("CNY", "en-US"), "CN¥???");
	EXPECT_EQ(hidden("EUR", "fr-FR"), "???" NBSP "€");
	EXPECT_EQ(hidden("KWD", "en-US"), "KWD" NBSP "???");
	EXPECT_EQ(hidden("CNY", "zh-CN", "**"), "¥**");
}

TEST(MoneyFormat, UnknownCurrencyAndShortBuffers)
{
	olc_money m{};
	m.minor = 100;
	std::snprintf(m.currency, sizeof(m.currency), "XYZ");
	char buf[16] = "junk";
	EXPECT_EQ(olc_money_format_display(&m, "en-US", buf, sizeof(buf)), -1);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(olc_money_format_display(nullptr, "en-US", buf, sizeof(buf)), -1);
	EXPECT_EQ(olc_money_format_hidden("XYZ", "en-US", nullptr, buf, sizeof(buf)), -1);
	EXPECT_EQ(olc_money_format_hidden(nullptr, "en-US", nullptr, buf, sizeof(buf)), -1);

	// Like snprintf: the full length back, the copy cut before a character that does not fit
	// whole ("¥" is two bytes).
	ASSERT_TRUE(olc_money_set(&m, 16800, "CNY"));
	EXPECT_EQ(olc_money_format_display(&m, "zh-CN", nullptr, 0), 8);
	char small[4];
	EXPECT_EQ(olc_money_format_display(&m, "zh-CN", small, sizeof(small)), 8);
	EXPECT_STREQ(small, "¥1");
	char tiny[2];
	EXPECT_EQ(olc_money_format_display(&m, "zh-CN", tiny, sizeof(tiny)), 8);
	EXPECT_STREQ(tiny, "");
}
