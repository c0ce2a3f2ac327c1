// The card rasteriser's promises, checked on its pixels: the QR reads back as the exact link, the
// photo, title and price land where the layout says, sold-out and hidden-price cards look
// different, long titles stop at two lines, bad input is refused, any thread works.
#include <gtest/gtest.h>

#include <QColor>
#include <QFontMetricsF>
#include <QImage>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "raster/card-raster.h"
#include "raster/card-theme.h" // fonts only: colours are written out below
#include "raster-support.h"

using namespace raster_test;

namespace {

olc_card_style default_style(olc_card_look look = OLC_CARD_LOOK_LIGHT)
{
	olc_card_style style;
	olc_card_style_default(&style);
	style.look = look;
	return style;
}

// The looks' colours as designed, written out here rather than read from card-theme.cpp (the code
// under test): a changed theme colour must fail these tests, not move their expectations with it.
struct LookColours {
	QColor accent, stamp, track;
};

LookColours look_colours(olc_card_look look)
{
	switch (look) {
	case OLC_CARD_LOOK_DARK:
		return {QColor(0xFF, 0x3B, 0x5C), QColor(0xFF, 0x4D, 0x5E), QColor(0x34, 0x34, 0x3C)};
	case OLC_CARD_LOOK_FESTIVE: // gold on red; the track is this at alpha 150 over the red
		return {QColor(0xFF, 0xD4, 0x5E), QColor(0xE0, 0x1E, 0x2E), QColor(0x6E, 0x05, 0x10)};
	default:
		return {QColor(0xFE, 0x2C, 0x55), QColor(0xD7, 0x26, 0x3D), QColor(0xEE, 0xEE, 0xF1)};
	}
}

QColor accent_of(const olc_card_style &style)
{
	return look_colours(style.look).accent;
}

// Every pixel valid premultiplied RGBA: no colour channel above alpha.
bool premultiplied(const QImage &image)
{
	for (int y = 0; y < image.height(); y++) {
		const uchar *p = image.constScanLine(y);
		for (int x = 0; x < image.width(); x++) {
			const uchar *px = p + x * 4;
			if (px[0] > px[3] || px[1] > px[3] || px[2] > px[3])
				return false;
		}
	}
	return true;
}

} // namespace

TEST(CardRaster, DefaultStyleIsTheDocumentedOne)
{
	const olc_card_style style = default_style();
	EXPECT_EQ(style.look, OLC_CARD_LOOK_LIGHT);
	EXPECT_EQ(style.width, 560);
	EXPECT_FLOAT_EQ(style.scale, 1.0f);
	EXPECT_EQ(style.corner_radius, 24);
	EXPECT_TRUE(style.show_qr);
	EXPECT_TRUE(style.vertical);
	EXPECT_EQ(style.accent, 0u);
}

struct QrCase {
	olc_card_look look;
	bool vertical;
	float scale;
};

class CardQr : public testing::TestWithParam<QrCase> {};

TEST_P(CardQr, DecodesToTheExactUrlAndIsCrisp)
{
	const QrCase param = GetParam();
	SampleCard sample(SampleCard::Kind::Chinese);
	olc_card_style style = default_style(param.look);
	style.vertical = param.vertical;
	style.scale = param.scale;
	if (!param.vertical)
		style.width = 760;
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QImage image = card.qimage();

	// The whole card, as a phone camera would see it.
	std::string bytes;
	EXPECT_EQ(decode_qr(image, bytes), 1);
	EXPECT_EQ(bytes, chinese_url);

	// Whole pixels per module, 4 light modules of quiet zone around the code.
	const QRect qr = to_qrect(card.layout.qr);
	const int m = card.layout.qr_module;
	ASSERT_GE(m, 1);
	EXPECT_EQ(qr.width(), m * (sample.qr.size + 8));
	EXPECT_EQ(qr.height(), qr.width());

	// Crisp: inside the code (not the rounded corners of the quiet zone) only pure black and white,
	// and each module is one colour that matches the matrix.
	const QRect code = qr.adjusted(4 * m, 4 * m, -4 * m, -4 * m);
	int wrong = 0;
	for (int y = code.top(); y <= code.bottom(); y++) {
		for (int x = code.left(); x <= code.right(); x++) {
			const QRgb px = image.pixel(x, y);
			const bool dark = sample.qr.modules[static_cast<size_t>((y - code.top()) / m) * sample.qr.size +
							    (x - code.left()) / m] != 0;
			if (px != (dark ? qRgb(0, 0, 0) : qRgb(255, 255, 255)))
				wrong++;
		}
	}
	EXPECT_EQ(wrong, 0);
	// Quiet zone: the band between the code and the panel's edge (away from the rounded corners).
	const QRect band_top(code.left(), qr.top() + 1, code.width(), 4 * m - 1);
	const QRect band_left(qr.left() + 1, code.top(), 4 * m - 1, code.height());
	EXPECT_EQ(count_near(image, band_top, Qt::white, 0), band_top.width() * band_top.height());
	EXPECT_EQ(count_near(image, band_left, Qt::white, 0), band_left.width() * band_left.height());
}

std::string describe(const QrCase &c)
{
	static const char *const looks[] = {"light", "dark", "festive"};
	return std::string(looks[c.look]) + (c.vertical ? "_vertical_" : "_horizontal_") + "scale" +
	       std::to_string(static_cast<int>(c.scale * 100));
}

void PrintTo(const QrCase &c, std::ostream *os)
{
	*os << describe(c);
}

std::string qr_case_name(const testing::TestParamInfo<QrCase> &info)
{
	return describe(info.param);
}

INSTANTIATE_TEST_SUITE_P(
	LooksAndScales, CardQr,
	testing::Values(QrCase{OLC_CARD_LOOK_LIGHT, true, 1.0f}, QrCase{OLC_CARD_LOOK_DARK, true, 1.0f},
			QrCase{OLC_CARD_LOOK_FESTIVE, true, 1.0f}, QrCase{OLC_CARD_LOOK_FESTIVE, true, 2.0f},
			QrCase{OLC_CARD_LOOK_DARK, false, 1.0f}, QrCase{OLC_CARD_LOOK_LIGHT, true, 0.75f}),
	qr_case_name);

TEST(CardRaster, LatinUrlDecodesAndShowQrFalseHidesIt)
{
	SampleCard sample(SampleCard::Kind::Latin);
	olc_card_style style = default_style(OLC_CARD_LOOK_DARK);
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	std::string bytes;
	EXPECT_EQ(decode_qr(card.qimage(), bytes), 1);
	EXPECT_EQ(bytes, latin_url);

	style.show_qr = false;
	Card hidden;
	ASSERT_TRUE(render(sample.content, style, hidden));
	EXPECT_EQ(decode_qr(hidden.qimage(), bytes), 0);
	EXPECT_EQ(hidden.layout.qr.width, 0);
	EXPECT_EQ(hidden.layout.qr_module, 0);
}

// The cart's call to action takes the QR's place only when there is no QR: same column, the
// accent panel with ink (the glyph and "3号链接"), nothing that decodes as a code.
TEST(CardRaster, CartCallToActionTakesTheQrsPlace)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	sample.content.cart_text = "3号链接";
	const olc_card_style style = default_style(OLC_CARD_LOOK_LIGHT);
	Card with_qr;
	ASSERT_TRUE(render(sample.content, style, with_qr));
	EXPECT_EQ(with_qr.layout.cart.width, 0) << "a QR on the card: no cart panel beside it";
	ASSERT_GT(with_qr.layout.qr.width, 0);

	sample.content.qr_modules = nullptr;
	sample.content.qr_caption = nullptr;
	Card cart;
	ASSERT_TRUE(render(sample.content, style, cart));
	const QRect panel = to_qrect(cart.layout.cart);
	ASSERT_FALSE(panel.isEmpty());
	EXPECT_EQ(cart.layout.qr.width, 0);
	std::string bytes;
	EXPECT_EQ(decode_qr(cart.qimage(), bytes), 0);
	// The right-hand column the QR had (the QR centred in it): the panel fills it to the content's
	// right edge, below the price.
	const QRect qr = to_qrect(with_qr.layout.qr);
	EXPECT_EQ(panel.right(), cart.layout.card.width - 24 - 1);
	EXPECT_NEAR(panel.center().x(), qr.center().x(), 2);
	EXPECT_GT(panel.top(), to_qrect(cart.layout.price).bottom());
	// Filled with the accent, and the words and glyph on it in the on-accent colour.
	const QImage image = cart.qimage();
	const QColor accent = image.pixelColor(panel.left() + 4, panel.center().y());
	EXPECT_GT(count_near(image, panel, accent, 12), panel.width() * panel.height() / 2);
	EXPECT_GT(count_near(image, panel, Qt::white, 40), panel.width() * panel.height() / 50) << "no glyph or words";

	// Without the words, nothing at all in that place.
	sample.content.cart_text = nullptr;
	Card none;
	ASSERT_TRUE(render(sample.content, style, none));
	EXPECT_EQ(none.layout.cart.width, 0);
	EXPECT_LE(none.layout.card.height, cart.layout.card.height);
}

TEST(CardRaster, PhotoIsScaledAndCroppedIntoThePhotoRect)
{
	SampleCard sample(SampleCard::Kind::Latin);
	// Wider than the photo rect (1.8 against 1.6): cropped at the sides, centre kept.
	sample.photo = make_photo(Photo::Quadrants, 900, 500);
	sample.photo_width = 900;
	sample.photo_height = 500;
	sample.content.number = 0;
	sample.sync();
	Card card;
	ASSERT_TRUE(render(sample.content, default_style(), card));
	const QImage image = card.qimage();
	const QRect photo = to_qrect(card.layout.photo);
	ASSERT_FALSE(photo.isEmpty());
	EXPECT_EQ(photo.width(), card.image.width);
	EXPECT_LT(photo.bottom(), card.layout.title.y);

	const double fx[4] = {0.25, 0.75, 0.25, 0.75}, fy[4] = {0.25, 0.25, 0.75, 0.75};
	for (int i = 0; i < 4; i++) {
		const QPoint at(photo.x() + static_cast<int>(photo.width() * fx[i]),
				photo.y() + static_cast<int>(photo.height() * fy[i]));
		EXPECT_EQ(count_near(image, QRect(at, QSize(1, 1)), quadrant_colors[i], 3), 1)
			<< "quadrant " << i << " at " << at.x() << "," << at.y() << " is " << std::hex
			<< image.pixel(at);
	}
	// The quadrant colours do not leak below the photo.
	const QRect below(0, photo.bottom() + 4, image.width(), image.height() - photo.bottom() - 4);
	for (const QColor &c : quadrant_colors)
		EXPECT_EQ(count_near(image, below, c, 3), 0);
}

TEST(CardRaster, PhotoStrideIsHonoured)
{
	SampleCard sample(SampleCard::Kind::Latin);
	const int w = 300, h = 200, stride = w * 4 + 64;
	const std::vector<unsigned char> tight = make_photo(Photo::Quadrants, w, h);
	std::vector<unsigned char> padded(static_cast<size_t>(stride) * h, 0x7F);
	for (int y = 0; y < h; y++)
		std::copy_n(&tight[static_cast<size_t>(y) * w * 4], w * 4, &padded[static_cast<size_t>(y) * stride]);
	sample.content.photo_rgba = tight.data();
	sample.content.photo_width = w;
	sample.content.photo_height = h;
	Card a, b;
	ASSERT_TRUE(render(sample.content, default_style(), a));
	sample.content.photo_rgba = padded.data();
	sample.content.photo_stride = stride;
	ASSERT_TRUE(render(sample.content, default_style(), b));
	EXPECT_EQ(count_changed(a.qimage(), b.qimage(), 0), 0);
}

TEST(CardRaster, PlaceholderWithoutPhoto)
{
	SampleCard with(SampleCard::Kind::Chinese), without(SampleCard::Kind::Chinese, false);
	Card a, b;
	ASSERT_TRUE(render(with.content, default_style(), a));
	ASSERT_TRUE(render(without.content, default_style(), b));
	const QImage pa = a.qimage(), pb = b.qimage();
	const QRect photo = to_qrect(b.layout.photo);
	EXPECT_EQ(photo, to_qrect(a.layout.photo)) << "same layout with or without a photo";
	// The placeholder is opaque (not a hole in the card) and not the photo.
	const QPoint centre = photo.center();
	EXPECT_EQ(qAlpha(pb.pixel(centre)), 255);
	EXPECT_GT(count_changed(pa, pb, 24, photo), photo.width() * photo.height() / 2);
	// Below the photo nothing changes.
	const QRect rest(0, photo.bottom() + 1, pa.width(), pa.height() - photo.bottom() - 1);
	EXPECT_EQ(count_changed(pa, pb, 0, rest), 0);
}

TEST(CardRaster, TitleInkStaysInTheTitleRect)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	sample.title = "云南香格里拉野生松茸 新鲜采摘 当天顺丰冷链直发 500克";
	sample.sync();
	for (olc_card_look look : {OLC_CARD_LOOK_LIGHT, OLC_CARD_LOOK_DARK, OLC_CARD_LOOK_FESTIVE}) {
		SCOPED_TRACE(look);
		Card card;
		ASSERT_TRUE(render(sample.content, default_style(look), card));
		const QImage image = card.qimage();
		const QRect title = to_qrect(card.layout.title);
		const Ink ink = title_band_ink(image, card.layout);
		ASSERT_FALSE(ink.box.isEmpty());
		EXPECT_TRUE(title.adjusted(-2, -4, 2, 4).contains(ink.box))
			<< "ink " << ink.box.x() << "," << ink.box.y() << " " << ink.box.width() << "x"
			<< ink.box.height();
		EXPECT_GT(ink.count, 2000);
		// Longer than a line: both lines carry ink.
		const QRect first(title.x(), title.y(), title.width(), title.height() / 2);
		const QRect second(title.x(), title.y() + title.height() / 2, title.width(), title.height() / 2);
		EXPECT_GT(ink_against_row(image, first, 13).count, 1000);
		EXPECT_GT(ink_against_row(image, second, 13).count, 500);
	}
}

TEST(CardRaster, TitleTakesTheLinesItNeeds)
{
	const olc_card_style style = default_style();
	const int pitch =
		static_cast<int>(std::ceil(QFontMetricsF(olc::card_font(style, olc::CardFont::Title)).lineSpacing()));
	SampleCard sample(SampleCard::Kind::Latin);
	Card two, one, none;
	ASSERT_TRUE(render(sample.content, style, two));
	sample.title = "Silver teapot";
	sample.sync();
	ASSERT_TRUE(render(sample.content, style, one));
	sample.title.clear();
	sample.sync();
	ASSERT_TRUE(render(sample.content, style, none));

	EXPECT_EQ(two.layout.title.height, 2 * pitch);
	EXPECT_EQ(one.layout.title.height, pitch);
	EXPECT_EQ(none.layout.title.height, 0);
	EXPECT_EQ(two.image.height - one.image.height, pitch);
	EXPECT_GT(one.image.height, none.image.height + pitch);
	EXPECT_EQ(title_band_ink(none.qimage(), none.layout).count, 0);
}

TEST(CardRaster, LongTitleEndsWithAnEllipsisOnTheSecondLine)
{
	SampleCard sample(SampleCard::Kind::Latin);
	sample.title = std::string(latin_title) + ", sterling lid, rosewood handle and a certificate";
	sample.sync();
	const olc_card_style style = default_style();
	Card long_title, longer_title;
	ASSERT_TRUE(render(sample.content, style, long_title));
	sample.title += " of authenticity signed by the silversmith of Heqing county";
	sample.sync();
	ASSERT_TRUE(render(sample.content, style, longer_title));

	// Both overflow two lines at the same point: what follows is never drawn.
	EXPECT_EQ(count_changed(long_title.qimage(), longer_title.qimage(), 0), 0);

	const QRect title = to_qrect(long_title.layout.title);
	const QFontMetricsF metrics(olc::card_font(style, olc::CardFont::Title));
	EXPECT_EQ(title.height(), static_cast<int>(std::ceil(metrics.lineSpacing())) * 2);
	const QImage image = long_title.qimage();
	const Ink ink = title_band_ink(image, long_title.layout);
	EXPECT_TRUE(title.adjusted(-2, -4, 2, 4).contains(ink.box));
	// The second line is filled to (nearly) the right edge: text, then the ellipsis.
	const QRect second(title.x(), title.y() + title.height() / 2, title.width(), title.height() / 2);
	const Ink second_ink = ink_against_row(image, second, 13);
	EXPECT_GT(second_ink.count, 1000);
	EXPECT_GT(second_ink.box.right(), title.right() - metrics.height() * 2);
}

TEST(CardRaster, PriceIsDrawnInTheAccentColour)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	olc_card_style style = default_style();
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QRect price = to_qrect(card.layout.price);
	ASSERT_FALSE(price.isEmpty());
	EXPECT_GT(count_near(card.qimage(), price, accent_of(style), 8), 800);

	// A custom accent (OBS 0xAABBGGRR: green) recolours the price.
	style.accent = 0xFF22AA00;
	Card green;
	ASSERT_TRUE(render(sample.content, style, green));
	EXPECT_GT(count_near(green.qimage(), price, QColor(0x00, 0xAA, 0x22), 8), 800);
	EXPECT_EQ(count_near(green.qimage(), price, accent_of(default_style()), 8), 0);

	// Festive: gold.
	style = default_style(OLC_CARD_LOOK_FESTIVE);
	Card festive;
	ASSERT_TRUE(render(sample.content, style, festive));
	EXPECT_GT(count_near(festive.qimage(), to_qrect(festive.layout.price), accent_of(style), 8), 800);
}

TEST(CardRaster, OldPriceAndBadgeFollowThePrice)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	const olc_card_style style = default_style();
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QRect price = to_qrect(card.layout.price), old = to_qrect(card.layout.compare_at),
		    badge = to_qrect(card.layout.badge);
	ASSERT_FALSE(old.isEmpty());
	ASSERT_FALSE(badge.isEmpty());
	EXPECT_GT(old.left(), price.right());
	EXPECT_GT(badge.left(), old.right());
	EXPECT_LE(badge.right(), card.image.width - 24);
	// The badge is an accent fill.
	EXPECT_GT(count_near(card.qimage(), badge, accent_of(style), 8), badge.width() * badge.height() / 3);

	sample.compare_at.clear();
	sample.content.discount_percent = 0;
	sample.sync();
	Card plain;
	ASSERT_TRUE(render(sample.content, style, plain));
	EXPECT_EQ(plain.layout.compare_at.width, 0);
	EXPECT_EQ(plain.layout.badge.width, 0);
	EXPECT_GT(count_changed(card.qimage(), plain.qimage(), 16, old), 50);
	EXPECT_GT(count_changed(card.qimage(), plain.qimage(), 16, badge), 200);
}

TEST(CardRaster, SoldOutIsGreyedWithAStamp)
{
	for (olc_card_look look : {OLC_CARD_LOOK_LIGHT, OLC_CARD_LOOK_DARK, OLC_CARD_LOOK_FESTIVE}) {
		SCOPED_TRACE(look);
		SampleCard sample(SampleCard::Kind::Chinese);
		const olc_card_style style = default_style(look);
		Card normal, sold_out;
		ASSERT_TRUE(render(sample.content, style, normal));
		sample.content.sold_out = true;
		ASSERT_TRUE(render(sample.content, style, sold_out));
		const QImage a = normal.qimage(), b = sold_out.qimage();
		ASSERT_EQ(a.size(), b.size());
		EXPECT_GT(count_changed(a, b, 16), a.width() * a.height() * 2 / 100);

		const QRect price = to_qrect(sold_out.layout.price);
		EXPECT_GT(count_changed(a, b, 16, price), 500);
		EXPECT_EQ(count_near(b, price, accent_of(style), 8), 0) << "the accent is greyed too";

		const QRect stamp = to_qrect(sold_out.layout.sold_out_stamp);
		ASSERT_FALSE(stamp.isEmpty());
		EXPECT_TRUE(to_qrect(sold_out.layout.photo).contains(stamp.center()));
		EXPECT_GT(count_near(b, stamp, look_colours(look).stamp, 12), 1000) << "the stamp keeps its colour";
		EXPECT_EQ(normal.layout.sold_out_stamp.width, 0);

		// Still scannable.
		std::string bytes;
		EXPECT_EQ(decode_qr(b, bytes), 1);
		EXPECT_EQ(bytes, chinese_url);
	}
}

TEST(CardRaster, HiddenPriceShowsTheMaskOnly)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	const olc_card_style style = default_style();
	Card normal, hidden;
	ASSERT_TRUE(render(sample.content, style, normal));
	sample.content.hidden_price = true;
	ASSERT_TRUE(render(sample.content, style, hidden));
	const QImage a = normal.qimage(), b = hidden.qimage();

	EXPECT_EQ(hidden.layout.compare_at.width, 0);
	EXPECT_EQ(hidden.layout.badge.width, 0);
	const QRect row = to_qrect(normal.layout.price)
				  .united(to_qrect(normal.layout.compare_at))
				  .united(to_qrect(normal.layout.badge));
	EXPECT_GT(count_changed(a, b, 16, to_qrect(normal.layout.price)), 1500);
	EXPECT_GT(count_changed(a, b, 16), a.width() * a.height() / 100);
	// Only the price row changes; the mask is in the accent colour.
	EXPECT_EQ(count_changed(a, b, 0) - count_changed(a, b, 0, row), 0);
	EXPECT_GT(count_near(b, to_qrect(hidden.layout.price), accent_of(style), 8), 400);
	// Without a mask text, "???" is shown: still in the accent, still different from the price.
	sample.hidden.clear();
	sample.sync();
	Card bare;
	ASSERT_TRUE(render(sample.content, style, bare));
	EXPECT_GT(count_changed(a, bare.qimage(), 16, to_qrect(normal.layout.price)), 1000);
}

TEST(CardRaster, AtMostThreeTags)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	ASSERT_EQ(sample.tag_text.size(), 4u);
	Card four, three, none;
	ASSERT_TRUE(render(sample.content, default_style(), four));
	sample.tag_text.pop_back();
	sample.sync();
	ASSERT_TRUE(render(sample.content, default_style(), three));
	EXPECT_EQ(count_changed(four.qimage(), three.qimage(), 0), 0) << "the fourth tag is never drawn";
	sample.tag_text.clear();
	sample.sync();
	ASSERT_TRUE(render(sample.content, default_style(), none));
	EXPECT_EQ(none.layout.tags.width, 0);
	EXPECT_GT(count_changed(three.qimage(), none.qimage(), 16, to_qrect(three.layout.tags)), 500);
}

// The stock bar's filled length, read off the bar's middle row: the last pixel that is not the
// track colour.
int filled_width(const Card &card, const olc_card_style &style)
{
	const QImage image = card.qimage();
	const QRect bar = to_qrect(card.layout.stock_bar);
	const QColor track = look_colours(style.look).track;
	const int y = bar.center().y();
	int last = -1;
	for (int x = bar.left(); x <= bar.right(); x++) {
		if (count_near(image, QRect(x, y, 1, 1), track, 6) == 0)
			last = x;
	}
	return last - bar.left() + 1;
}

TEST(CardRaster, StockBarFillFollowsStock)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	const olc_card_style style = default_style();
	for (long long stock : {15LL, 30LL, 45LL, 60LL}) {
		sample.content.stock = stock;
		Card card;
		ASSERT_TRUE(render(sample.content, style, card));
		const int width = card.layout.stock_bar.width;
		ASSERT_GT(width, 50);
		EXPECT_NEAR(filled_width(card, style), width * stock / 60.0, 2.0) << "stock " << stock;
	}
	sample.content.stock = 0;
	Card empty;
	ASSERT_TRUE(render(sample.content, style, empty));
	EXPECT_LE(filled_width(empty, style), 0);
	// Over capacity is full, not past the bar.
	sample.content.stock = 500;
	Card full;
	ASSERT_TRUE(render(sample.content, style, full));
	EXPECT_EQ(filled_width(full, style), full.layout.stock_bar.width);
}

TEST(CardRaster, NumberBadgeOnThePhoto)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	Card with, without;
	ASSERT_TRUE(render(sample.content, default_style(), with));
	sample.content.number = 0;
	ASSERT_TRUE(render(sample.content, default_style(), without));
	const QRect number = to_qrect(with.layout.number);
	ASSERT_FALSE(number.isEmpty());
	EXPECT_TRUE(to_qrect(with.layout.photo).contains(number));
	EXPECT_EQ(without.layout.number.width, 0);
	const QRect ink = changed_box(with.qimage(), without.qimage(), 16);
	EXPECT_TRUE(number.contains(ink));
	EXPECT_GT(count_changed(with.qimage(), without.qimage(), 16, number), number.width() * number.height() / 3);
}

TEST(CardRaster, CouponLine)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	Card with, without;
	ASSERT_TRUE(render(sample.content, default_style(), with));
	sample.coupon.clear();
	sample.sync();
	ASSERT_TRUE(render(sample.content, default_style(), without));
	const QRect coupon = to_qrect(with.layout.coupon);
	ASSERT_FALSE(coupon.isEmpty());
	EXPECT_EQ(without.layout.coupon.width, 0);
	EXPECT_GT(count_changed(with.qimage(), without.qimage(), 16, coupon), coupon.width() * coupon.height() / 2);
}

TEST(CardRaster, RoundedCornersAreTransparentAndPixelsPremultiplied)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	for (olc_card_look look : {OLC_CARD_LOOK_LIGHT, OLC_CARD_LOOK_DARK, OLC_CARD_LOOK_FESTIVE}) {
		for (bool sold_out : {false, true}) {
			sample.content.sold_out = sold_out;
			Card card;
			ASSERT_TRUE(render(sample.content, default_style(look), card));
			const QImage image = card.qimage();
			EXPECT_EQ(card.image.stride, card.image.width * 4);
			EXPECT_EQ(qAlpha(image.pixel(0, 0)), 0);
			EXPECT_EQ(qAlpha(image.pixel(image.width() - 1, image.height() - 1)), 0);
			EXPECT_EQ(qAlpha(image.pixel(image.width() / 2, image.height() / 2)), 255);
			EXPECT_TRUE(premultiplied(image));
			EXPECT_EQ(card.layout.card.width, card.image.width);
			EXPECT_EQ(card.layout.card.height, card.image.height);
		}
	}
}

TEST(CardRaster, ScaleMultipliesTheSize)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	olc_card_style style = default_style();
	Card one, two;
	ASSERT_TRUE(render(sample.content, style, one));
	style.scale = 2.0f;
	ASSERT_TRUE(render(sample.content, style, two));
	EXPECT_EQ(one.image.width, 560);
	EXPECT_EQ(two.image.width, 1120);
	EXPECT_NEAR(two.image.height, 2 * one.image.height, 8);
	EXPECT_GE(two.layout.qr_module, 2 * one.layout.qr_module);
}

TEST(CardRaster, HorizontalLayoutPutsThePhotoLeft)
{
	SampleCard sample(SampleCard::Kind::Latin);
	olc_card_style style = default_style();
	style.vertical = false;
	style.width = 760;
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QRect photo = to_qrect(card.layout.photo), title = to_qrect(card.layout.title),
		    qr = to_qrect(card.layout.qr);
	EXPECT_EQ(photo.x(), 0);
	EXPECT_EQ(photo.height(), card.image.height);
	EXPECT_LT(photo.right(), title.left());
	EXPECT_LT(title.bottom(), qr.top());
	EXPECT_LE(qr.right(), card.image.width - 24);
	EXPECT_LT(card.image.height, card.image.width);
}

TEST(CardRaster, RefusesBadInput)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	olc_card_style style = default_style();
	olc_raster_image image{};
	char err[256];

	auto refused = [&](const olc_card_content *content, const olc_card_style *s) {
		std::snprintf(err, sizeof(err), "unchanged");
		image.pixels = reinterpret_cast<unsigned char *>(&image); // must be reset, not freed
		const bool ok = olc_card_rasterise(content, s, &image, nullptr, err, sizeof(err));
		EXPECT_EQ(image.pixels, nullptr);
		EXPECT_EQ(image.width, 0);
		EXPECT_STRNE(err, "unchanged");
		EXPECT_NE(std::string(err).find("card rasteriser"), std::string::npos) << err;
		return !ok;
	};
	EXPECT_TRUE(refused(nullptr, &style));
	EXPECT_TRUE(refused(&sample.content, nullptr));
	style.width = 100;
	EXPECT_TRUE(refused(&sample.content, &style));
	style = default_style();
	style.scale = 0.0f;
	EXPECT_TRUE(refused(&sample.content, &style));
	style.scale = std::nanf("");
	EXPECT_TRUE(refused(&sample.content, &style));
	style = default_style();
	style.look = static_cast<olc_card_look>(7);
	EXPECT_TRUE(refused(&sample.content, &style));
	style = default_style();

	olc_card_content bad = sample.content;
	bad.qr_size = 5;
	EXPECT_TRUE(refused(&bad, &style));
	bad = sample.content;
	bad.photo_width = 0;
	EXPECT_TRUE(refused(&bad, &style));
	bad = sample.content;
	bad.photo_stride = 16;
	EXPECT_TRUE(refused(&bad, &style));
	bad = sample.content;
	bad.tags = nullptr;
	EXPECT_TRUE(refused(&bad, &style));

	// A huge scale that would exceed the texture limit.
	style.scale = 4.0f;
	style.width = 2000;
	EXPECT_TRUE(refused(&sample.content, &style));

	// Freeing twice is safe.
	olc_raster_image empty{};
	olc_raster_image_free(&empty);
	olc_raster_image_free(&empty);
	olc_raster_image_free(nullptr);
}

TEST(CardRaster, EmptyContentStillMakesACard)
{
	olc_card_content content{};
	Card card;
	ASSERT_TRUE(render(content, default_style(), card));
	EXPECT_EQ(card.image.width, 560);
	EXPECT_GT(card.image.height, 300);
	EXPECT_EQ(card.layout.qr.width, 0);
	EXPECT_EQ(card.layout.tags.width, 0);
	EXPECT_EQ(card.layout.stock.width, 0);
}

TEST(CardRaster, WorkerThreadsDrawTheSamePixels)
{
	SampleCard chinese(SampleCard::Kind::Chinese), latin(SampleCard::Kind::Latin);
	const olc_card_style style = default_style(OLC_CARD_LOOK_FESTIVE);
	Card on_main_zh, on_main_en;
	ASSERT_TRUE(render(chinese.content, style, on_main_zh));
	ASSERT_TRUE(render(latin.content, style, on_main_en));

	// Two workers at once, as two card sources would.
	olc_raster_image zh{}, en{};
	bool ok_zh = false, ok_en = false;
	std::thread a([&] { ok_zh = olc_card_rasterise(&chinese.content, &style, &zh, nullptr, nullptr, 0); });
	std::thread b([&] { ok_en = olc_card_rasterise(&latin.content, &style, &en, nullptr, nullptr, 0); });
	a.join();
	b.join();
	ASSERT_TRUE(ok_zh);
	ASSERT_TRUE(ok_en);
	ASSERT_EQ(zh.height, on_main_zh.image.height);
	ASSERT_EQ(en.height, on_main_en.image.height);
	EXPECT_EQ(std::memcmp(zh.pixels, on_main_zh.image.pixels, static_cast<size_t>(zh.stride) * zh.height), 0);
	EXPECT_EQ(std::memcmp(en.pixels, on_main_en.image.pixels, static_cast<size_t>(en.stride) * en.height), 0);
	olc_raster_image_free(&zh);
	olc_raster_image_free(&en);
}

TEST(CardRaster, EveryElementStaysOnTheCardAtAnyWidthAndScale)
{
	SampleCard sample(SampleCard::Kind::Latin);
	for (int width : {240, 320, 480, 560, 760, 1200}) {
		for (bool vertical : {true, false}) {
			for (float scale : {0.5f, 1.0f, 1.5f}) {
				SCOPED_TRACE(testing::Message()
					     << "width " << width << (vertical ? " vertical" : " horizontal")
					     << " scale " << scale);
				olc_card_style style = default_style();
				style.width = width;
				style.vertical = vertical;
				style.scale = scale;
				Card card;
				ASSERT_TRUE(render(sample.content, style, card));
				const QRect bounds(0, 0, card.image.width, card.image.height);
				EXPECT_EQ(card.image.width, static_cast<int>(std::lround(width * scale)));
				const olc_card_rect rects[] = {
					card.layout.photo,      card.layout.title,      card.layout.price,
					card.layout.compare_at, card.layout.badge,      card.layout.tags,
					card.layout.stock,      card.layout.stock_bar,  card.layout.coupon,
					card.layout.qr,         card.layout.qr_caption, card.layout.number};
				for (const olc_card_rect &r : rects)
					EXPECT_TRUE(r.width == 0 || bounds.contains(to_qrect(r)))
						<< r.x << "," << r.y << " " << r.width << "x" << r.height;
				// The QR never overlaps the text beside or above it.
				const QRect qr = to_qrect(card.layout.qr);
				for (const olc_card_rect &r : {card.layout.title, card.layout.price, card.layout.tags,
							       card.layout.stock, card.layout.coupon})
					EXPECT_FALSE(r.width > 0 && qr.intersects(to_qrect(r)));
				if (card.layout.qr_module >= 2) {
					std::string bytes;
					EXPECT_EQ(decode_qr(card.qimage(), bytes), 1);
					EXPECT_EQ(bytes, latin_url);
				}
			}
		}
	}
}

TEST(CardRaster, NarrowCardStacksTheQrUnderTheText)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	olc_card_style style = default_style();
	style.width = 300;
	style.vertical = false; // too narrow for a photo column: stacked anyway
	Card card;
	ASSERT_TRUE(render(sample.content, style, card));
	const QRect qr = to_qrect(card.layout.qr);
	EXPECT_EQ(card.layout.photo.width, 300);
	EXPECT_GT(qr.top(), card.layout.coupon.y + card.layout.coupon.height - 1);
	EXPECT_NEAR(qr.center().x(), 150, 2);
	std::string bytes;
	EXPECT_EQ(decode_qr(card.qimage(), bytes), 1);
	EXPECT_EQ(bytes, chinese_url);
}

TEST(CardRaster, PrepareNeedsTheGuiApplicationAndWarmsUp)
{
	// main() made a QGuiApplication, so preparing works; rasterising afterwards is unchanged.
	EXPECT_TRUE(olc_card_raster_prepare("zh-TW"));
	EXPECT_TRUE(olc_card_raster_prepare(nullptr));
	SampleCard sample(SampleCard::Kind::Chinese);
	Card card;
	EXPECT_TRUE(render(sample.content, default_style(), card));
}
