#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/base/error.h"

TEST(Error, SetFormatsAndNullIsAllowed)
{
	olc_error err{};
	olc_error_set(&err, "item %d: %s", 3, "no product");
	EXPECT_STREQ(err.text, "item 3: no product");
	olc_error_set(nullptr, "nobody reads %s", "this");
	olc_error_clear(&err);
	EXPECT_STREQ(err.text, "");
}

TEST(Error, LongTextIsCutBetweenCharacters)
{
	// 300 bytes of three-byte characters: the cut at 255 bytes lands inside one.
	std::string chinese;
	for (int i = 0; i < 100; i++)
		chinese += "\xE4\xB8\xAD"; // U+4E2D
	olc_error err{};
	olc_error_set(&err, "x%s", chinese.c_str());
	size_t len = strlen(err.text);
	EXPECT_LT(len, sizeof(err.text));
	EXPECT_EQ(len, 1u + 84u * 3u); // 'x' and the 84 characters that fit whole in 255 bytes
	EXPECT_EQ(std::string(err.text + 1), chinese.substr(0, 84 * 3));
}

TEST(Error, ExcerptQuotesShortTextAsIs)
{
	char buf[OLC_EXCERPT_LEN];
	EXPECT_STREQ(olc_error_excerpt(buf, sizeof(buf), "39.901"), "39.901");
	EXPECT_STREQ(olc_error_excerpt(buf, sizeof(buf), nullptr), "");
	EXPECT_STREQ(olc_error_excerpt(buf, sizeof(buf), "a\tb\x7f"), "a?b?");
}

TEST(Error, ExcerptShortensLongTextWithoutSplittingCharacters)
{
	char buf[12];
	EXPECT_STREQ(olc_error_excerpt(buf, sizeof(buf), "0123456789abcdef"), "01234567...");
	// "春季上新" is 12 bytes; 8 bytes fit before "...", which is two whole characters and a piece.
	EXPECT_STREQ(olc_error_excerpt(buf, sizeof(buf), "\xE6\x98\xA5\xE5\xAD\xA3\xE4\xB8\x8A\xE6\x96\xB0"),
		     "\xE6\x98\xA5\xE5\xAD\xA3...");
}
