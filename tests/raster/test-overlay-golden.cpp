// Golden images of the overlays that share the card's looks: an order ticker row (a Chinese order
// and a batch row), the sales goal panel and the flash-sale countdown, each in the light, dark and
// festive looks. Each run re-renders and compares with tests/golden/overlays/*.png by the card
// goldens' rule (golden-compare.h): tight in what the rows, the goal and the countdown say, small
// changed areas elsewhere (see tests/golden/card/FONTS.md).
//
// The goal and countdown sources draw part of what is seen on the GPU: the goal bar's fill, and
// the digits from the glyph strip. Their goldens compose those parts here the way the sources do
// (the fill as a capsule in layout.fill_start..fill_end across the bar, at least as wide as it is
// tall; each digit's cell at pen - margin, tinted), so the layouts and colours are checked too.
// What libobs itself draws from those parts is compared with tests/golden/render/ by the render
// tests (tests/render/tests-sales-goal.c, tests-countdown.c).
//
// Regenerate after an intended change, then look at every PNG before committing:
//   QT_QPA_PLATFORM=offscreen build/h/tests/raster/olc-raster-tests --gtest_filter='*OverlayGolden*' --update-golden
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <string>
#include <vector>

#include "raster/countdown-raster.h"
#include "raster/goal-raster.h"
#include "core/stream/order-words.h"
#include "raster-support.h"
#include "raster/ticker-raster.h"

using namespace raster_test;

namespace {

const char *look_name(olc_card_look look)
{
	switch (look) {
	case OLC_CARD_LOOK_LIGHT:
		return "light";
	case OLC_CARD_LOOK_DARK:
		return "dark";
	default:
		return "festive";
	}
}

QImage to_qimage(const olc_raster_image &image)
{
	if (!image.pixels)
		return QImage();
	return QImage(image.pixels, image.width, image.height, image.stride, QImage::Format_RGBA8888_Premultiplied)
		.copy();
}

// An OBS colour 0xAABBGGRR, straight alpha.
QColor obs_color(unsigned int c)
{
	return QColor(static_cast<int>(c & 0xff), static_cast<int>((c >> 8) & 0xff), static_cast<int>((c >> 16) & 0xff),
		      static_cast<int>((c >> 24) & 0xff));
}

void check_overlay_golden(const std::string &name, const QImage &actual, const std::vector<olc_gc_region> &regions)
{
	check_golden(OLC_OVERLAY_GOLDEN_DIR, name, actual, regions);
}

const olc_card_look looks[] = {OLC_CARD_LOOK_LIGHT, OLC_CARD_LOOK_DARK, OLC_CARD_LOOK_FESTIVE};

std::string param_name(const testing::TestParamInfo<olc_card_look> &info)
{
	return look_name(info.param);
}

// --- Order ticker ---

// One row's words from a template, as the ticker builds them (order-words.h).
struct Words {
	olc_row_words words{};
	Words(const char *templ, const olc_template_value *values, size_t count)
	{
		EXPECT_TRUE(olc_template_expand(templ, values, count, &words));
	}
	Words(const Words &) = delete;
	Words &operator=(const Words &) = delete;
	~Words() { olc_row_words_free(&words); }
};

QImage ticker_row(const olc_row_words &words, olc_card_look look)
{
	olc_ticker_style style{};
	style.look = look;
	style.scale = 1.0f;
	style.max_width = 900;
	olc_raster_image image{};
	int row_width = 0;
	char err[256] = "";
	const bool ok = olc_ticker_rasterise(&words, &style, 1, &image, &row_width, err, sizeof(err));
	EXPECT_TRUE(ok) << err;
	QImage result = to_qimage(image);
	olc_raster_image_free(&image);
	if (ok) {
		EXPECT_EQ(result.height(), olc_ticker_row_height(1.0f));
		EXPECT_EQ(result.width(), row_width);
	}
	return result;
}

constexpr int ticker_gap = 12;

// The two rows stacked as the ticker's stack mode shows them, with a gap, over transparency.
QImage ticker_stack(const QImage &a, const QImage &b)
{
	const int gap = ticker_gap;
	QImage both(std::max(a.width(), b.width()), a.height() + gap + b.height(),
		    QImage::Format_RGBA8888_Premultiplied);
	both.fill(Qt::transparent);
	QPainter p(&both);
	p.drawImage(0, 0, a);
	p.drawImage(0, a.height() + gap, b);
	p.end();
	return both;
}

class OverlayGoldenTicker : public testing::TestWithParam<olc_card_look> {};

TEST_P(OverlayGoldenTicker, MatchesTheCommittedPng)
{
	const olc_template_value single_values[] = {
		{"buyer", "张**", OLC_SPAN_BUYER}, {"city", "成都", OLC_SPAN_TEXT},
		{"quantity", "2", OLC_SPAN_TEXT},  {"product", "松茸", OLC_SPAN_PRODUCT},
		{"number", "3", OLC_SPAN_MUTED},
	};
	const Words single("{buyer}[ · {city}] · {quantity} × {product}[ (#{number})]", single_values,
			   sizeof(single_values) / sizeof(single_values[0]));
	const olc_template_value batch_values[] = {
		{"buyer", "李**", OLC_SPAN_BUYER},
		{"others", "9", OLC_SPAN_TEXT},
		{"product", "玫瑰花酱", OLC_SPAN_PRODUCT},
		{"number", "", OLC_SPAN_MUTED},
	};
	const Words batch("{buyer} and {others} others ordered {product}[ (#{number})]", batch_values,
			  sizeof(batch_values) / sizeof(batch_values[0]));

	const QImage a = ticker_row(single.words, GetParam());
	const QImage b = ticker_row(batch.words, GetParam());
	ASSERT_FALSE(a.isNull());
	ASSERT_FALSE(b.isNull());
	// Every word of a row says something (who, where, how many, what, which number).
	check_overlay_golden(
		std::string("ticker-") + look_name(GetParam()), ticker_stack(a, b),
		{region("order row", a.rect()), region("batch row", b.rect().translated(0, a.height() + ticker_gap))});
}

INSTANTIATE_TEST_SUITE_P(Looks, OverlayGoldenTicker, testing::ValuesIn(looks), param_name);

// --- Sales goal ---

class OverlayGoldenGoal : public testing::TestWithParam<olc_card_look> {};

TEST_P(OverlayGoldenGoal, MatchesTheCommittedPng)
{
	olc_goal_content content{};
	content.title = "今日目标";
	content.progress_text = "128 / 200 单";
	content.stats[0] = {"128", "订单"};
	content.stats[1] = {"236", "件数"};
	content.stats[2] = {"¥12,800.00", "销售额"};
	content.stat_count = 3;
	content.step_percent = 25;
	olc_card_style style;
	olc_card_style_default(&style);
	style.look = GetParam();
	style.width = 640;

	olc_raster_image image{};
	olc_goal_layout layout{};
	char err[256] = "";
	ASSERT_TRUE(olc_goal_rasterise(&content, &style, &image, &layout, err, sizeof(err))) << err;
	QImage panel = to_qimage(image);
	olc_raster_image_free(&image);
	ASSERT_GT(layout.bar.width, 0);
	ASSERT_GT(layout.bar.height, 0);

	// The fill at 128 / 200, as the source draws it over the track.
	const qreal fill = 128.0 / 200.0;
	const qreal h = layout.bar.height;
	const qreal w = std::max(fill * layout.bar.width, h);
	QLinearGradient gradient(layout.bar.x, 0, layout.bar.x + layout.bar.width, 0);
	gradient.setColorAt(0, obs_color(layout.fill_start));
	gradient.setColorAt(1, obs_color(layout.fill_end));
	QPainterPath capsule;
	capsule.addRoundedRect(QRectF(layout.bar.x, layout.bar.y, w, h), h / 2, h / 2);
	QPainter p(&panel);
	p.setRenderHint(QPainter::Antialiasing);
	p.fillPath(capsule, gradient);
	p.end();

	check_overlay_golden(std::string("goal-") + look_name(GetParam()), panel,
			     {region("title", layout.title), region("progress", layout.progress),
			      region("bar", layout.bar), region("counters", layout.stats)});
}

INSTANTIATE_TEST_SUITE_P(Looks, OverlayGoldenGoal, testing::ValuesIn(looks), param_name);

// --- Flash-sale countdown ---

// The panel with "mm:ss" drawn from the glyph strip as the countdown source does.
QImage countdown_with_digits(const olc_countdown_images &images, const olc_countdown_layout &l, const char *text,
			     unsigned int color)
{
	QImage panel = to_qimage(images.panel);
	const QImage strip = to_qimage(images.glyphs);
	int glyph[8];
	int n = 0;
	int total = 0;
	for (const char *c = text; *c && n < 8; c++) {
		glyph[n] = *c == ':' ? 10 : *c - '0';
		total += l.advance[glyph[n]];
		n++;
	}
	const QColor tint = obs_color(color);
	QPainter p(&panel);
	int pen = l.digits.x + (l.digits.width - total) / 2;
	for (int i = 0; i < n; i++) {
		const olc_card_rect &cell = l.glyph[glyph[i]];
		// The strip is white: tinting keeps its alpha and takes the colour.
		QImage tinted = strip.copy(to_qrect(cell));
		QPainter t(&tinted);
		t.setCompositionMode(QPainter::CompositionMode_SourceIn);
		t.fillRect(tinted.rect(), tint);
		t.end();
		p.drawImage(pen - l.margin, l.digits.y, tinted);
		pen += l.advance[glyph[i]];
	}
	p.end();
	return panel;
}

class OverlayGoldenCountdown : public testing::TestWithParam<olc_card_look> {};

TEST_P(OverlayGoldenCountdown, MatchesTheCommittedPng)
{
	olc_countdown_content content{};
	content.label = "限时秒杀";
	content.end_label = "秒杀结束";
	olc_card_style style;
	olc_card_style_default(&style);
	style.look = GetParam();
	style.width = 420;

	olc_countdown_images images{};
	olc_countdown_layout layout{};
	char err[256] = "";
	ASSERT_TRUE(olc_countdown_rasterise(&content, &style, &images, &layout, err, sizeof(err))) << err;
	const std::string base = std::string("countdown-") + look_name(GetParam());

	const std::vector<olc_gc_region> regions = {region("label", layout.label), region("digits", layout.digits)};
	check_overlay_golden(base, countdown_with_digits(images, layout, "04:59", layout.digit_color), regions);
	check_overlay_golden(base + "-last-seconds",
			     countdown_with_digits(images, layout, "00:07", layout.emphasis_color), regions);
	check_overlay_golden(base + "-ended", to_qimage(images.ended), regions);
	// The strip is white on transparency (drawn over a dark grey here, to be seen in a viewer) and
	// in the same font in every look: one golden for the three.
	const QImage strip = to_qimage(images.glyphs);
	QImage backed(strip.size(), QImage::Format_RGBA8888_Premultiplied);
	backed.fill(QColor(48, 48, 48));
	QPainter p(&backed);
	p.drawImage(0, 0, strip);
	p.end();
	check_overlay_golden("countdown-glyphs", backed, {region("glyphs", backed.rect())});
	olc_countdown_images_free(&images);
}

INSTANTIATE_TEST_SUITE_P(Looks, OverlayGoldenCountdown, testing::ValuesIn(looks), param_name);

} // namespace
