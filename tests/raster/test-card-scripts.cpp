// Every script a village seller's products are named in gets real glyphs (never the .notdef
// box) from the card's own fonts, and lines go the script's way: Uyghur right-aligned, CJK
// broken between characters.
#include <gtest/gtest.h>

#include <QFontMetricsF>
#include <QGlyphRun>
#include <QRawFont>
#include <QSet>
#include <QTextLayout>

#include <cmath>
#include <string>

#include "raster/card-raster.h"
#include "raster/card-theme.h"
#include "raster-support.h"

using namespace raster_test;

namespace {

const char *const tibetan_title = "བོད་ལྗོངས་ཀྱི་ཤ་མོ། ནགས་ཚལ་ནས་བཏུས་པ།"; // Tibet's mushrooms, picked in the forest
const char *const uyghur_title = "خوتەن ئەتىرگۈل مۇراببىسى";        // Hotan rose jam
const char *const uyghur_short = "ئەتىرگۈل مۇراببىسى";

olc_card_style default_style(const char *language = nullptr)
{
	olc_card_style style;
	olc_card_style_default(&style);
	style.language = language;
	return style;
}

// Shapes text with the card's title font and returns the families that supplied its glyphs;
// fails the test if any glyph is .notdef (index 0, the "tofu" box).
QSet<QString> shaping_families(const QString &text, const olc_card_style &style,
			       olc::CardFont role = olc::CardFont::Title)
{
	QTextLayout layout(text, olc::card_font(style, role));
	layout.beginLayout();
	QTextLine line = layout.createLine();
	line.setLineWidth(100000);
	layout.endLayout();

	QSet<QString> families;
	int glyphs = 0;
	for (const QGlyphRun &run : layout.glyphRuns()) {
		const QString family = run.rawFont().familyName();
		families.insert(family);
		for (quint32 index : run.glyphIndexes()) {
			glyphs++;
			EXPECT_NE(index, 0u)
				<< "missing glyph in " << family.toStdString() << " for " << text.toStdString();
		}
	}
	EXPECT_GT(glyphs, 0);
	return families;
}

bool contains_any(const QSet<QString> &set, std::initializer_list<const char *> names)
{
	for (const char *name : names) {
		if (set.contains(QString::fromUtf8(name)))
			return true;
	}
	return false;
}

std::string join(const QSet<QString> &set)
{
	std::string out;
	for (const QString &s : set)
		out += s.toStdString() + "; ";
	return out;
}

// The ink a title leaves between the photo and the price.
QRect title_ink(const char *title, const olc_card_style &style, Card &card)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	sample.title = title;
	sample.sync();
	EXPECT_TRUE(render(sample.content, style, card));
	return title_band_ink(card.qimage(), card.layout).box;
}

} // namespace

TEST(CardScripts, TibetanHasRealGlyphs)
{
	const auto families = shaping_families(QString::fromUtf8(tibetan_title), default_style());
	EXPECT_TRUE(contains_any(families, {"Noto Sans Tibetan", "Noto Serif Tibetan"})) << join(families);
}

TEST(CardScripts, UyghurHasRealGlyphs)
{
	const auto families = shaping_families(QString::fromUtf8(uyghur_title), default_style());
	EXPECT_TRUE(contains_any(families, {"Noto Sans Arabic", "Noto Naskh Arabic"})) << join(families);
}

TEST(CardScripts, ChineseLatinAndSignsHaveRealGlyphs)
{
	const olc_card_style style = default_style();
	const auto cjk = shaping_families(QString::fromUtf8(chinese_title), style);
	EXPECT_TRUE(cjk.contains(QStringLiteral("Noto Sans CJK SC"))) << join(cjk);
	const auto latin = shaping_families(QString::fromUtf8(latin_title), style);
	EXPECT_TRUE(latin.contains(QStringLiteral("Noto Sans"))) << join(latin);
	// Price signs and the badge's minus sign.
	shaping_families(QString::fromUtf8("¥168.00 CN¥ € JP¥ ₩ ₹ \u2212"
					   "30% 168,00\u202F\u20AC"),
			 style, olc::CardFont::Price);
}

TEST(CardScripts, TraditionalChineseUiPrefersTraditionalForms)
{
	const QStringList simplified = olc::card_font_families(default_style());
	const QStringList traditional = olc::card_font_families(default_style("zh-TW"));
	ASSERT_TRUE(simplified.contains(QStringLiteral("Noto Sans CJK SC")));
	ASSERT_TRUE(traditional.contains(QStringLiteral("Noto Sans CJK TC")));
	EXPECT_LT(traditional.indexOf(QStringLiteral("Noto Sans CJK TC")),
		  traditional.indexOf(QStringLiteral("Noto Sans CJK SC")));
	EXPECT_FALSE(simplified.contains(QStringLiteral("Noto Sans CJK TC")));
	const auto families = shaping_families(QString::fromUtf8("臺灣高山茶"), default_style("zh-TW"));
	EXPECT_TRUE(families.contains(QStringLiteral("Noto Sans CJK TC"))) << join(families);
}

TEST(CardScripts, ChosenFamilyComesFirstAndMissingOnesAreSkipped)
{
	olc_card_style style = default_style();
	style.font_family = "Noto Serif";
	QStringList families = olc::card_font_families(style);
	ASSERT_FALSE(families.isEmpty());
	EXPECT_EQ(families.first(), QStringLiteral("Noto Serif"));
	EXPECT_TRUE(families.contains(QStringLiteral("Noto Sans CJK SC")));

	style.font_family = "No Such Font 4d1f";
	families = olc::card_font_families(style);
	EXPECT_FALSE(families.contains(QStringLiteral("No Such Font 4d1f")));
	EXPECT_EQ(families.first(), QStringLiteral("Noto Sans"));
	// With a chosen family, Tibetan still finds its font.
	style.font_family = "Noto Serif";
	const auto tibetan = shaping_families(QString::fromUtf8(tibetan_title), style);
	EXPECT_TRUE(contains_any(tibetan, {"Noto Sans Tibetan", "Noto Serif Tibetan"})) << join(tibetan);
}

TEST(CardScripts, TibetanTitleLeavesInkInTheTitleRect)
{
	Card card;
	const QRect ink = title_ink(tibetan_title, default_style(), card);
	const QRect title = to_qrect(card.layout.title);
	ASSERT_FALSE(ink.isEmpty());
	// Tibetan stacks reach below the line; allow them a little past the rect, not into the price.
	EXPECT_TRUE(title.adjusted(-2, -8, 2, 10).contains(ink));
	EXPECT_GT(title_band_ink(card.qimage(), card.layout).count, 1500);
}

TEST(CardScripts, UyghurIsRightAligned)
{
	Card card;
	const QRect ink = title_ink(uyghur_short, default_style(), card);
	const QRect title = to_qrect(card.layout.title);
	ASSERT_FALSE(ink.isEmpty());
	EXPECT_TRUE(title.adjusted(-2, -6, 2, 6).contains(ink));
	EXPECT_GE(ink.right(), title.right() - 4) << "starts at the right edge";
	EXPECT_GT(ink.left(), title.left() + title.width() / 4) << "a short title does not reach the left edge";
	// One line.
	EXPECT_EQ(title.height(),
		  static_cast<int>(std::ceil(
			  QFontMetricsF(olc::card_font(default_style(), olc::CardFont::Title)).lineSpacing())));
}

TEST(CardScripts, LatinIsLeftAligned)
{
	Card card;
	const QRect ink = title_ink("Rose jam from Hotan", default_style(), card);
	const QRect title = to_qrect(card.layout.title);
	ASSERT_FALSE(ink.isEmpty());
	EXPECT_LE(ink.left(), title.left() + 4);
	EXPECT_LT(ink.right(), title.left() + title.width() * 3 / 4);
}

TEST(CardScripts, ChineseWithoutSpacesWrapsBetweenCharacters)
{
	// No space to break at: the first line must still fill the width (a break between any two
	// ideographs), and the second line end in an ellipsis at the right edge.
	Card card;
	const QRect ink = title_ink("云南香格里拉野生松茸新鲜采摘当天顺丰冷链直发坏果包赔产地直供迪庆高原纯天然",
				    default_style(), card);
	const QRect title = to_qrect(card.layout.title);
	ASSERT_FALSE(ink.isEmpty());
	EXPECT_TRUE(title.adjusted(-2, -6, 2, 6).contains(ink));
	EXPECT_GT(ink.right(), title.right() - 32);
	EXPECT_GT(ink.bottom(), title.top() + title.height() / 2);
}
