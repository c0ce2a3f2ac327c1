#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/stream/buyer-mask.h"

namespace {

// The masked text, or "(null)" when olc_mask_buyer gave NULL.
std::string mask(const char *buyer)
{
	char *masked = olc_mask_buyer(buyer);
	std::string result = masked ? masked : "(null)";
	free(masked);
	return result;
}

TEST(BuyerMask, ChineseNamesKeepTheFamilyName)
{
	EXPECT_EQ(mask("张伟"), "张**");
	EXPECT_EQ(mask("阿依古丽"), "阿**");
	EXPECT_EQ(mask("王"), "王**");
}

TEST(BuyerMask, LatinNamesKeepTheFirstLetter)
{
	EXPECT_EQ(mask("Zhang Wei"), "Z**");
	EXPECT_EQ(mask("emma"), "e**");
	EXPECT_EQ(mask("Émile"), "É**"); // two bytes, kept whole
}

TEST(BuyerMask, EmojiAndOtherFourByteCharactersStayWhole)
{
	EXPECT_EQ(mask("😀 Bob"), "😀**");
	EXPECT_EQ(mask("𠮷野家"), "𠮷**"); // outside the BMP
}

TEST(BuyerMask, LeadingSpacesAndControlsAreTrimmed)
{
	EXPECT_EQ(mask("  李娜"), "李**");
	EXPECT_EQ(mask("\t\n Li"), "L**");
	EXPECT_EQ(mask("\u3000王芳"), "王**");      // ideographic space from a Chinese input method
	EXPECT_EQ(mask("\u00a0\ufeffAnna"), "A**"); // no-break space, byte order mark
}

TEST(BuyerMask, NothingToShowGivesNull)
{
	EXPECT_EQ(mask(nullptr), "(null)");
	EXPECT_EQ(mask(""), "(null)");
	EXPECT_EQ(mask("   "), "(null)");
	EXPECT_EQ(mask("\u3000\t"), "(null)");
}

TEST(BuyerMask, BrokenUtf8NeverShowsHalfACharacter)
{
	EXPECT_EQ(mask("\xff"
		       "abc"),
		  "?**");
	EXPECT_EQ(mask("\xe5\xbc"), "?**");         // cut short
	EXPECT_EQ(mask("\xc0\xaf"), "?**");         // overlong '/'
	EXPECT_EQ(mask("\xed\xa0\x80"), "?**");     // a UTF-16 surrogate
	EXPECT_EQ(mask("\xf4\x90\x80\x80"), "?**"); // above U+10FFFF
	EXPECT_EQ(mask(" \x80"), "?**");            // stray continuation after a space
}

} // namespace
