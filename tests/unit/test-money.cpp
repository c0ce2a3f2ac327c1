#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>

#include "core/model/money.h"

namespace {

std::string format(const olc_money &m)
{
	char buf[64];
	int n = olc_money_format_plain(&m, buf, sizeof(buf));
	EXPECT_GE(n, 0);
	EXPECT_EQ(static_cast<size_t>(n), strlen(buf));
	return buf;
}

olc_money money(int64_t minor, const char *currency)
{
	olc_money m{};
	EXPECT_TRUE(olc_money_set(&m, minor, currency)) << currency;
	return m;
}

bool readable(const char *text)
{
	if (!*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (static_cast<unsigned char>(*p) < 0x20)
			return false;
	}
	return true;
}

} // namespace

TEST(Currency, ExponentsFollowIso4217)
{
	const struct {
		const char *code;
		int exponent;
	} expected[] = {{"CNY", 2}, {"EUR", 2}, {"USD", 2}, {"JPY", 0}, {"KRW", 0},
			{"KWD", 3}, {"BHD", 3}, {"TND", 3}, {"CLF", 4}, {"ISK", 0}};
	for (const auto &e : expected) {
		const olc_currency *c = olc_currency_find(e.code);
		ASSERT_NE(c, nullptr) << e.code;
		EXPECT_STREQ(c->code, e.code);
		EXPECT_EQ(c->exponent, e.exponent) << e.code;
	}
}

TEST(Currency, UnknownOrWrongCaseIsNull)
{
	for (const char *code : {"cny", "Cny", "XYZ", "", "CN", "CNYY", " CNY", "XAU"})
		EXPECT_EQ(olc_currency_find(code), nullptr) << '"' << code << '"';
	EXPECT_EQ(olc_currency_find(nullptr), nullptr);
}

struct ParseCase {
	const char *name;
	const char *text;
	const char *currency;
	int64_t minor;
};

// Test names and failure messages show the case's name, not its bytes.
void PrintTo(const ParseCase &c, std::ostream *os)
{
	*os << c.name;
}

class MoneyParses : public testing::TestWithParam<ParseCase> {};

TEST_P(MoneyParses, ToExactMinorUnits)
{
	const ParseCase &c = GetParam();
	olc_money m{};
	olc_error err{};
	ASSERT_TRUE(olc_money_parse(c.text, c.currency, &m, &err)) << c.text << " " << c.currency << ": " << err.text;
	EXPECT_EQ(m.minor, c.minor);
	EXPECT_STREQ(m.currency, c.currency);
}

INSTANTIATE_TEST_SUITE_P(
	Money, MoneyParses,
	testing::Values(ParseCase{"CNY_39_90", "39.90", "CNY", 3990}, ParseCase{"CNY_39_9", "39.9", "CNY", 3990},
			ParseCase{"CNY_whole", "39", "CNY", 3900}, ParseCase{"CNY_cents", "0.05", "CNY", 5},
			ParseCase{"CNY_refund", "-0.05", "CNY", -5}, ParseCase{"CNY_negative_zero", "-0.00", "CNY", 0},
			ParseCase{"EUR", "19.99", "EUR", 1999}, ParseCase{"EUR_leading_zeros", "007.10", "EUR", 710},
			ParseCase{"USD_large", "1000000.01", "USD", 100000001}, ParseCase{"USD_zero", "0", "USD", 0},
			ParseCase{"JPY", "1980", "JPY", 1980}, ParseCase{"JPY_zero", "0", "JPY", 0},
			ParseCase{"KRW", "50000", "KRW", 50000}, ParseCase{"KRW_refund", "-1500", "KRW", -1500},
			ParseCase{"KWD", "12.345", "KWD", 12345}, ParseCase{"KWD_one_decimal", "12.3", "KWD", 12300},
			ParseCase{"BHD", "0.5", "BHD", 500}, ParseCase{"BHD_fils", "1.001", "BHD", 1001},
			ParseCase{"TND", "3.5", "TND", 3500}, ParseCase{"TND_millimes", "0.125", "TND", 125},
			ParseCase{"USD_max", "92233720368547758.07", "USD", INT64_MAX},
			ParseCase{"USD_min", "-92233720368547758.08", "USD", INT64_MIN},
			ParseCase{"JPY_max", "9223372036854775807", "JPY", INT64_MAX},
			ParseCase{"KWD_max", "9223372036854775.807", "KWD", INT64_MAX}),
	[](const testing::TestParamInfo<ParseCase> &info) { return std::string(info.param.name); });

struct RejectCase {
	const char *name;
	const char *text;
	const char *currency;
	const char *says; // a phrase the message must contain
};

// Test names and failure messages show the case's name, not its bytes.
void PrintTo(const RejectCase &c, std::ostream *os)
{
	*os << c.name;
}

class MoneyRejects : public testing::TestWithParam<RejectCase> {};

TEST_P(MoneyRejects, WithReadableErrorAndOutputUntouched)
{
	const RejectCase &c = GetParam();
	olc_money m{};
	m.minor = 424242;
	strcpy(m.currency, "SEK");
	olc_error err{};

	EXPECT_FALSE(olc_money_parse(c.text, c.currency, &m, &err));
	EXPECT_TRUE(readable(err.text)) << err.text;
	EXPECT_NE(std::string(err.text).find(c.says), std::string::npos) << "message: " << err.text;
	EXPECT_EQ(m.minor, 424242);
	EXPECT_STREQ(m.currency, "SEK");

	// The same failure without anyone wanting the message.
	EXPECT_FALSE(olc_money_parse(c.text, c.currency, &m, nullptr));
}

INSTANTIATE_TEST_SUITE_P(
	Money, MoneyRejects,
	testing::Values(RejectCase{"CNY_three_decimals", "39.901", "CNY", "more decimals than CNY allows (2)"},
			RejectCase{"CNY_trailing_zero_decimal", "39.900", "CNY", "more decimals than CNY"},
			RejectCase{"JPY_half", "1980.5", "JPY", "JPY prices are whole numbers"},
			RejectCase{"JPY_zero_decimal", "1980.0", "JPY", "JPY prices are whole numbers"},
			RejectCase{"KWD_four_decimals", "12.3456", "KWD", "more decimals than KWD allows (3)"},
			RejectCase{"letters", "abc", "CNY", "\"abc\" is not a price"},
			RejectCase{"comma_decimal", "12,50", "EUR", "\"12,50\" is not a price"},
			RejectCase{"leading_space", " 1", "CNY", "\" 1\" is not a price"},
			RejectCase{"trailing_space", "1 ", "CNY", "is not a price"},
			RejectCase{"exponent", "1e3", "USD", "\"1e3\" is not a price"},
			RejectCase{"empty", "", "CNY", "\"\" is not a price"},
			RejectCase{"dot", ".", "CNY", "\".\" is not a price"},
			RejectCase{"plus", "+1", "CNY", "\"+1\" is not a price"},
			RejectCase{"minus_alone", "-", "CNY", "is not a price"},
			RejectCase{"double_minus", "--1", "CNY", "is not a price"},
			RejectCase{"trailing_dot", "5.", "CNY", "is not a price"},
			RejectCase{"leading_dot", ".5", "CNY", "is not a price"},
			RejectCase{"two_dots", "1.2.3", "CNY", "is not a price"},
			RejectCase{"hex", "0x10", "CNY", "is not a price"},
			RejectCase{"fullwidth_digits", "\xEF\xBC\x91\xEF\xBC\x92", "CNY", "is not a price"},
			RejectCase{"currency_symbol",
				   "\xC2\xA5"
				   "39.90",
				   "CNY", "is not a price"},
			RejectCase{"newline", "1\n", "CNY", "\"1?\" is not a price"},
			RejectCase{"null_text", nullptr, "CNY", "no price"},
			RejectCase{"USD_overflow", "92233720368547758.08", "USD", "too large"},
			RejectCase{"USD_underflow", "-92233720368547758.09", "USD", "too large"},
			RejectCase{"JPY_overflow", "9223372036854775808", "JPY", "too large"},
			RejectCase{"EUR_huge", "99999999999999999999999999", "EUR", "too large"},
			RejectCase{"unknown_currency", "1.00", "XYZ", "unknown currency \"XYZ\""},
			RejectCase{"lowercase_currency", "1.00", "cny", "unknown currency \"cny\""},
			RejectCase{"empty_currency", "1.00", "", "unknown currency"},
			RejectCase{"null_currency", "1.00", nullptr, "unknown currency"}),
	[](const testing::TestParamInfo<RejectCase> &info) { return std::string(info.param.name); });

TEST(MoneyParse, LongJunkIsQuotedShortly)
{
	std::string junk(500, 'x');
	olc_money m{};
	olc_error err{};
	ASSERT_FALSE(olc_money_parse(junk.c_str(), "CNY", &m, &err));
	EXPECT_LT(strlen(err.text), 150u) << err.text;
	EXPECT_NE(std::string(err.text).find("...\" is not a price"), std::string::npos) << err.text;
}

TEST(MoneyFormat, PlainDecimalWithTheCurrencysExponent)
{
	EXPECT_EQ(format(money(3990, "CNY")), "39.90");
	EXPECT_EQ(format(money(5, "CNY")), "0.05");
	EXPECT_EQ(format(money(-5, "CNY")), "-0.05");
	EXPECT_EQ(format(money(0, "EUR")), "0.00");
	EXPECT_EQ(format(money(-1999, "USD")), "-19.99");
	EXPECT_EQ(format(money(1980, "JPY")), "1980");
	EXPECT_EQ(format(money(-1500, "KRW")), "-1500");
	EXPECT_EQ(format(money(12345, "KWD")), "12.345");
	EXPECT_EQ(format(money(500, "BHD")), "0.500");
	EXPECT_EQ(format(money(7, "TND")), "0.007");
	EXPECT_EQ(format(money(10000, "CLF")), "1.0000");
	EXPECT_EQ(format(money(INT64_MAX, "USD")), "92233720368547758.07");
	EXPECT_EQ(format(money(INT64_MIN, "USD")), "-92233720368547758.08");
	EXPECT_EQ(format(money(INT64_MIN, "JPY")), "-9223372036854775808");
}

TEST(MoneyFormat, TruncatesLikeSnprintf)
{
	olc_money m = money(3990, "CNY");
	char buf[4] = {'z', 'z', 'z', 'z'};
	EXPECT_EQ(olc_money_format_plain(&m, buf, sizeof(buf)), 5);
	EXPECT_STREQ(buf, "39.");
	EXPECT_EQ(olc_money_format_plain(&m, nullptr, 0), 5);
}

TEST(MoneyFormat, UnknownCurrencyFails)
{
	olc_money m{};
	m.minor = 100;
	strcpy(m.currency, "XYZ");
	char buf[16] = "untouched";
	EXPECT_EQ(olc_money_format_plain(&m, buf, sizeof(buf)), -1);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(olc_money_format_plain(nullptr, buf, sizeof(buf)), -1);
}

TEST(MoneyFormat, RoundTripsThroughParse)
{
	const char *codes[] = {"CNY", "EUR", "USD", "JPY", "KRW", "KWD", "BHD", "TND", "CLF"};
	int64_t values[] = {0,   1,    -1,    5,      -5,   9,    10,        99,        100,           101,
			    999, 1000, 12345, -12345, 3990, 1980, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
	uint64_t seed = 0x9E3779B97F4A7C15u;
	for (const char *code : codes) {
		auto check = [&](int64_t minor) {
			olc_money in = money(minor, code);
			std::string text = format(in);
			olc_money out{};
			olc_error err{};
			ASSERT_TRUE(olc_money_parse(text.c_str(), code, &out, &err)) << text << ": " << err.text;
			EXPECT_EQ(out.minor, minor) << code << " " << text;
			EXPECT_STREQ(out.currency, code);
		};
		for (int64_t v : values)
			check(v);
		for (int i = 0; i < 200; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			// Spread over every magnitude, not just huge numbers.
			check(static_cast<int64_t>(seed) >> (seed % 63));
		}
	}
}

TEST(MoneyArithmetic, AddsSameCurrencyAndRefusesMixing)
{
	olc_money a = money(3990, "CNY");
	olc_money b = money(-990, "CNY");
	olc_money sum{};
	olc_error err{};
	ASSERT_TRUE(olc_money_add(&a, &b, &sum, &err)) << err.text;
	EXPECT_EQ(sum.minor, 3000);
	EXPECT_STREQ(sum.currency, "CNY");

	olc_money yen = money(100, "JPY");
	olc_money untouched = money(1, "EUR");
	EXPECT_FALSE(olc_money_add(&a, &yen, &untouched, &err));
	EXPECT_NE(std::string(err.text).find("JPY"), std::string::npos) << err.text;
	EXPECT_EQ(untouched.minor, 1);

	olc_money big = money(INT64_MAX, "CNY");
	olc_money one = money(1, "CNY");
	EXPECT_FALSE(olc_money_add(&big, &one, &sum, &err));
	EXPECT_NE(std::string(err.text).find("too large"), std::string::npos) << err.text;
	olc_money small = money(INT64_MIN, "CNY");
	olc_money minus_one = money(-1, "CNY");
	EXPECT_FALSE(olc_money_add(&small, &minus_one, &sum, &err));
}

TEST(MoneyArithmetic, MultipliesForOrderTotalsWithoutOverflow)
{
	olc_money unit = money(3990, "CNY");
	olc_money total{};
	olc_error err{};
	ASSERT_TRUE(olc_money_multiply(&unit, 3, &total, &err)) << err.text;
	EXPECT_EQ(total.minor, 11970);
	EXPECT_STREQ(total.currency, "CNY");
	ASSERT_TRUE(olc_money_multiply(&unit, -2, &total, &err));
	EXPECT_EQ(total.minor, -7980);

	olc_money big = money(INT64_MAX / 2 + 1, "USD");
	EXPECT_FALSE(olc_money_multiply(&big, 2, &total, &err));
	EXPECT_NE(std::string(err.text).find("too large"), std::string::npos) << err.text;
	olc_money minus_one = money(-1, "USD");
	EXPECT_FALSE(olc_money_multiply(&minus_one, INT64_MIN, &total, &err));
	olc_money min = money(INT64_MIN, "USD");
	EXPECT_FALSE(olc_money_multiply(&min, -1, &total, &err));
	ASSERT_TRUE(olc_money_multiply(&min, 1, &total, &err));
	EXPECT_EQ(total.minor, INT64_MIN);
}
