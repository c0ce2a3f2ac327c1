// Golden images of the card: the three looks with a Chinese and a long Latin title, plus the
// horizontal layout, the sold-out and hidden-price states and the Tibetan and Uyghur scripts.
// Each run re-renders and compares with tests/golden/card/*.png within a tolerance (font
// rasterisation differs slightly between FreeType builds; see tests/golden/card/FONTS.md).
//
// Regenerate after an intended change, then look at every PNG before committing:
//   QT_QPA_PLATFORM=offscreen build/h/tests/raster/olc-raster-tests --gtest_filter='*CardGolden*' --update-golden
#include <gtest/gtest.h>

#include <QImage>
#include <QString>

#include <cstdio>
#include <string>

#include "card-raster.h"
#include "raster-support.h"

using namespace raster_test;

namespace {

// A pixel counts as different when a channel moves by more than this...
constexpr int channel_tolerance = 40;
// ...and the image fails when more than this share of its pixels differ.
constexpr double pixel_share_tolerance = 0.004;

struct Golden {
	const char *name;
	SampleCard::Kind kind;
	olc_card_look look;
	bool vertical;
	bool sold_out;
	bool hidden_price;
	const char *title; // NULL: the sample's
};

void PrintTo(const Golden &g, std::ostream *os)
{
	*os << g.name;
}

const Golden goldens[] = {
	{"card-light-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr},
	{"card-light-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr},
	{"card-dark-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_DARK, true, false, false, nullptr},
	{"card-dark-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_DARK, true, false, false, nullptr},
	{"card-festive-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_FESTIVE, true, false, false, nullptr},
	{"card-festive-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_FESTIVE, true, false, false, nullptr},
	{"card-light-horizontal-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, false, false, false, nullptr},
	{"card-dark-horizontal-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_DARK, false, false, false, nullptr},
	{"card-light-sold-out-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, true, false, nullptr},
	{"card-festive-hidden-price-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_FESTIVE, true, false, true, nullptr},
	{"card-light-tibetan", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false,
	 "བོད་ལྗོངས་ཀྱི་ཤ་མོ། ནགས་ཚལ་ནས་བཏུས་པ།"},
	{"card-dark-uyghur", SampleCard::Kind::Chinese, OLC_CARD_LOOK_DARK, true, false, false,
	 "خوتەن ئەتىرگۈل مۇراببىسى، قولدا ياسالغان، 500 گرام"},
};

class CardGolden : public testing::TestWithParam<Golden> {};

TEST_P(CardGolden, MatchesTheCommittedPng)
{
	const Golden g = GetParam();
	SampleCard sample(g.kind);
	if (g.title) {
		sample.title = g.title;
		sample.sync();
	}
	sample.content.sold_out = g.sold_out;
	sample.content.hidden_price = g.hidden_price;
	olc_card_style style;
	olc_card_style_default(&style);
	style.look = g.look;
	style.vertical = g.vertical;
	if (!g.vertical)
		style.width = 760;

	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QImage actual = card.qimage();
	const std::string golden_path = std::string(OLC_GOLDEN_DIR) + "/" + g.name + ".png";

	if (update_golden) {
		ASSERT_TRUE(actual.save(QString::fromStdString(golden_path), "PNG")) << golden_path;
		std::printf("wrote %s (%dx%d)\n", golden_path.c_str(), actual.width(), actual.height());
		return;
	}

	const std::string actual_path = out_dir() + "/" + g.name + ".png";
	QImage golden(QString::fromStdString(golden_path));
	if (golden.isNull()) {
		actual.save(QString::fromStdString(actual_path), "PNG");
		FAIL() << "no golden " << golden_path << "; this run's image is " << actual_path
		       << " (regenerate with --update-golden, then look at it)";
	}
	golden = golden.convertToFormat(QImage::Format_RGBA8888_Premultiplied);

	const int differing = golden.size() == actual.size() ? count_changed(actual, golden, channel_tolerance)
							     : actual.width() * actual.height();
	const int allowed = static_cast<int>(actual.width() * actual.height() * pixel_share_tolerance);
	if (golden.size() != actual.size() || differing > allowed) {
		actual.save(QString::fromStdString(actual_path), "PNG");
		// The differing pixels in red over a faded copy of the golden image.
		std::string diff_path = out_dir() + "/" + g.name + "-diff.png";
		if (golden.size() == actual.size()) {
			QImage diff = golden.convertToFormat(QImage::Format_ARGB32);
			for (int y = 0; y < diff.height(); y++) {
				for (int x = 0; x < diff.width(); x++) {
					const bool changed =
						count_changed(actual, golden, channel_tolerance, QRect(x, y, 1, 1)) > 0;
					const QRgb p = diff.pixel(x, y);
					diff.setPixel(x, y,
						      changed ? qRgb(255, 0, 0)
							      : qRgb(128 + qGray(p) / 2, 128 + qGray(p) / 2,
								     128 + qGray(p) / 2));
				}
			}
			diff.save(QString::fromStdString(diff_path), "PNG");
		} else {
			diff_path = "(sizes differ: golden " + std::to_string(golden.width()) + "x" +
				    std::to_string(golden.height()) + ")";
		}
		ADD_FAILURE() << g.name << ": " << differing << " pixels differ (allowed " << allowed << "); new image "
			      << actual_path << ", differences " << diff_path;
	}
}

INSTANTIATE_TEST_SUITE_P(Looks, CardGolden, testing::ValuesIn(goldens), [](const testing::TestParamInfo<Golden> &info) {
	std::string name = info.param.name;
	for (char &c : name) {
		if (c == '-')
			c = '_';
	}
	return name;
});

} // namespace
