// Golden images of the card: the three looks with a Chinese and a long Latin title, plus the
// horizontal layout, the sold-out and hidden-price states, the Tibetan and Uyghur scripts, the cart's
// call to action in the QR's place and the "from" price of SKUs that differ.
// Each run re-renders and compares with tests/golden/card/*.png by golden-compare.h's rule: tight
// (8/255, a handful of pixels) in the rectangles the rasteriser reports for what states a fact —
// title, price, old price, badge, tags, stock, coupon, QR, deck number, sold-out stamp — and only
// small changed areas elsewhere, so antialiasing noise between FreeType builds passes while a wrong
// digit, a missing strike-through or a missing badge fails (see tests/golden/card/FONTS.md).
//
// Regenerate after an intended change, then look at every PNG before committing:
//   QT_QPA_PLATFORM=offscreen build/h/tests/raster/olc-raster-tests --gtest_filter='*CardGolden*' --update-golden
#include <gtest/gtest.h>

#include <string>

#include "raster/card-raster.h"
#include "raster-support.h"

using namespace raster_test;

namespace {

struct Golden {
	const char *name;
	SampleCard::Kind kind;
	olc_card_look look;
	bool vertical;
	bool sold_out;
	bool hidden_price;
	const char *title; // NULL: the sample's
	const char *cart;  // the cart's call to action instead of the QR; NULL: the sample's QR
	const char *price; // a "from" price instead of the sample's (no old price then); NULL: the sample's
};

void PrintTo(const Golden &g, std::ostream *os)
{
	*os << g.name;
}

const Golden goldens[] = {
	{"card-light-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr, nullptr,
	 nullptr},
	{"card-light-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr, nullptr, nullptr},
	{"card-dark-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_DARK, true, false, false, nullptr, nullptr, nullptr},
	{"card-dark-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_DARK, true, false, false, nullptr, nullptr, nullptr},
	{"card-festive-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_FESTIVE, true, false, false, nullptr, nullptr,
	 nullptr},
	{"card-festive-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_FESTIVE, true, false, false, nullptr, nullptr,
	 nullptr},
	{"card-light-horizontal-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, false, false, false, nullptr,
	 nullptr, nullptr},
	{"card-dark-horizontal-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_DARK, false, false, false, nullptr, nullptr,
	 nullptr},
	{"card-light-sold-out-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, true, false, nullptr, nullptr,
	 nullptr},
	{"card-festive-hidden-price-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_FESTIVE, true, false, true, nullptr,
	 nullptr, nullptr},
	{"card-light-tibetan", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false,
	 "བོད་ལྗོངས་ཀྱི་ཤ་མོ། ནགས་ཚལ་ནས་བཏུས་པ།", nullptr, nullptr},
	{"card-dark-uyghur", SampleCard::Kind::Chinese, OLC_CARD_LOOK_DARK, true, false, false,
	 "خوتەن ئەتىرگۈل مۇراببىسى، قولدا ياسالغان، 500 گرام", nullptr, nullptr},
	// Douyin, Kuaishou, Taobao: the live room's cart number where the QR was.
	{"card-light-cart-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr, "3号链接",
	 nullptr},
	{"card-dark-cart-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_DARK, true, false, false, nullptr,
	 "Link #7 in the cart", nullptr},
	{"card-festive-horizontal-cart-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_FESTIVE, false, false, false,
	 nullptr, "3号链接", nullptr},
	// SKUs at different prices: the lowest, marked.
	{"card-light-from-zh", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr, nullptr,
	 "\u00a5128.50\u8d77"},
	{"card-light-from-en", SampleCard::Kind::Latin, OLC_CARD_LOOK_LIGHT, true, false, false, nullptr, nullptr,
	 "from CN\u00a5128.50"},
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
	if (g.price) {
		sample.price = g.price;
		sample.compare_at.clear();
		sample.sync();
		sample.content.discount_percent = 0;
	}
	if (g.cart) {
		sample.content.qr_modules = nullptr;
		sample.content.qr_caption = nullptr;
		sample.content.cart_text = g.cart;
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
	check_golden(OLC_GOLDEN_DIR, g.name, card.qimage(), card_regions(card.layout));
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
