// The sales report's one-page chart (ui/raster/report-chart.cpp), decoded back from its PNG and
// checked by pixels: each featured interval is a band of its product's colour exactly where its
// minutes are, each minute's bar is as tall as its orders, and the Chinese titles are drawn.
#include <gtest/gtest.h>

#include <QImage>

#include <cstdlib>
#include <string>
#include <vector>

#include "raster-support.h"
#include "raster/report-chart.h"

namespace {

constexpr int64_t t0 = 1764853200000; // 2025-12-04 13:00:00 UTC
constexpr int64_t minute = 60000;

const QRgb band0 = qRgb(255, 214, 153), band1 = qRgb(166, 216, 255), bar = qRgb(37, 74, 140);

struct Chart {
	QImage image;
	olc_report_chart_layout layout{};
	int x_of(double minutes) const
	{
		return layout.plot_x + static_cast<int>(minutes * minute * layout.plot_width / (layout.to_ms - layout.from_ms));
	}
	int bottom() const { return layout.plot_y + layout.plot_height - 1; }
	QRgb at(double minutes, int y) const { return image.pixel(x_of(minutes), y); }
};

Chart draw(olc_report_session &s)
{
	Chart c;
	void *png = nullptr;
	size_t len = 0;
	olc_error err{};
	olc_report_chart_text text{"直播销售报告", "每分钟订单数", "订单", "件数", "销售额", "zh-CN"};
	EXPECT_TRUE(olc_report_chart_draw(&s, &text, &png, &len, &c.layout, &err)) << err.text;
	if (png) {
		c.image = QImage::fromData(static_cast<const uchar *>(png), static_cast<int>(len), "PNG")
				  .convertToFormat(QImage::Format_RGB32);
		std::free(png);
	}
	return c;
}

TEST(ReportChart, BandsWhereTheIntervalsAreAndBarsAsTallAsTheOrders)
{
	olc_report_product products[2] = {};
	products[0].product_id = const_cast<char *>("p1");
	products[0].title = const_cast<char *>("云南松茸");
	products[0].number = 3;
	products[0].overall = {5, 6, 100800};
	products[0].featured_ms = 4 * minute; // as the intervals below: the legend says 4:00
	products[1].product_id = const_cast<char *>("p2");
	products[1].title = const_cast<char *>("高山红茶礼盒");
	products[1].number = 4;
	products[1].overall = {2, 2, 33600};
	products[1].featured_ms = 6 * minute;
	olc_report_interval intervals[2] = {{0, t0, t0 + 4 * minute}, {1, t0 + 4 * minute, t0 + 10 * minute}};
	// Five orders in minute 1, two in minute 6.
	std::vector<int64_t> times = {t0 + 61000, t0 + 62000, t0 + 70000, t0 + 90000, t0 + 119000,
				      t0 + 6 * minute + 5000, t0 + 6 * minute + 50000};
	olc_report_session s{};
	s.start_ms = t0;
	s.end_ms = s.until_ms = t0 + 10 * minute;
	snprintf(s.currency, sizeof(s.currency), "CNY");
	s.total = {7, 8, 134400};
	s.products = products;
	s.product_count = 2;
	s.intervals = intervals;
	s.interval_count = 2;
	s.order_times = times.data();
	s.order_time_count = times.size();

	Chart c = draw(s);
	ASSERT_FALSE(c.image.isNull());
	EXPECT_EQ(c.image.width(), OLC_REPORT_CHART_WIDTH);
	EXPECT_EQ(c.image.height(), OLC_REPORT_CHART_HEIGHT);
	c.image.save(QString::fromStdString(raster_test::out_dir() + "/report-chart.png"));
	ASSERT_EQ(c.layout.minutes, 10);

	// The bands: p1 over minutes 0-4, p2 over 4-10, in their colours where no bar stands.
	const int low = c.bottom() - 4;
	EXPECT_EQ(c.at(0.5, low), band0);
	EXPECT_EQ(c.at(3.5, low), band0);
	EXPECT_EQ(c.at(4.5, low), band1);
	EXPECT_EQ(c.at(9.5, low), band1);
	EXPECT_EQ(c.at(2.5, c.layout.plot_y + c.layout.plot_height / 2), band0) << "the band is the plot's height";

	// Minute 1's bar (5 orders, the peak) reaches near the top; minute 6's (2) stops at 2/5.
	EXPECT_EQ(c.at(1.5, low), bar);
	EXPECT_EQ(c.at(1.5, c.layout.plot_y + 60), bar);
	EXPECT_EQ(c.at(6.5, low), bar);
	const int bar_room = c.layout.plot_height - 41;
	EXPECT_EQ(c.at(6.5, c.bottom() - bar_room * 2 / 5 + 6), bar);
	EXPECT_EQ(c.at(6.5, c.bottom() - bar_room * 2 / 5 - 6), band1);

	// The band labels are drawn (ink in the band's top strip), as is the title.
	int ink = 0;
	for (int x = c.x_of(0) + 4; x < c.x_of(3.9); x++)
		for (int y = c.layout.plot_y + 4; y < c.layout.plot_y + 32; y++)
			ink += qGray(c.image.pixel(x, y)) < 100;
	EXPECT_GT(ink, 40) << "#3 云南松茸 on its band";
	int title_ink = 0;
	for (int x = 60; x < 600; x++)
		for (int y = 30; y < 86; y++)
			title_ink += qGray(c.image.pixel(x, y)) < 100;
	EXPECT_GT(title_ink, 400);
}

TEST(ReportChart, EmptySessionStillDrawsAPage)
{
	olc_report_session s{};
	s.start_ms = t0;
	s.until_ms = t0 + 30000;
	Chart c = draw(s);
	ASSERT_FALSE(c.image.isNull());
	EXPECT_EQ(c.layout.minutes, 1);
	EXPECT_EQ(c.at(0.5, c.bottom() - 4), qRgb(255, 255, 255)) << "no band, no bar";
}

TEST(ReportChart, ShortSessionsBarEndsWhereTheSessionDid)
{
	int64_t times[] = {t0 + 10000};
	olc_report_session s{};
	s.start_ms = t0;
	s.end_ms = s.until_ms = t0 + 30000;
	s.order_times = times;
	s.order_time_count = 1;
	Chart c = draw(s);
	ASSERT_FALSE(c.image.isNull());
	EXPECT_EQ(c.at(0.25, c.bottom() - 4), bar);
	EXPECT_EQ(c.at(0.75, c.bottom() - 4), qRgb(255, 255, 255)) << "past the session's end: nothing";
}

} // namespace
