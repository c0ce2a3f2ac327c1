// The golden rule itself (tests/common/golden-compare.h), on the real sample card: what a shopper
// would be misled by fails — another price digit, no discount badge, no strike-through, a changed
// tag — and what a FreeType update does to antialiased edges passes.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "raster/card-raster.h"
#include "raster-support.h"

using namespace raster_test;

namespace {

// The light Chinese card and its regions, as the golden test renders it.
struct Rendered {
	Card card;
	QImage image;
	Rendered(SampleCard &sample)
	{
		olc_card_style style;
		olc_card_style_default(&style);
		EXPECT_TRUE(render(sample.content, style, card));
		image = card.qimage();
	}
};

bool region_failed(const olc_gc_report &report, const char *name)
{
	return std::string(report.reason).find(std::string(name) + " (") != std::string::npos;
}

// The sample card after `change`, compared with the sample card as it was (the golden); the region
// named `region` must be what fails.
void expect_fails_in(const char *region, const std::function<void(SampleCard &)> &change)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered golden(sample);
	change(sample);
	sample.sync();
	Rendered changed(sample);
	const olc_gc_report report = compare_golden(changed.image, golden.image, card_regions(golden.card.layout));
	EXPECT_FALSE(report.pass);
	EXPECT_TRUE(region_failed(report, region)) << report.reason;
}

TEST(GoldenCompare, AnImageMatchesItself)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered r(sample);
	const olc_gc_report report = compare_golden(r.image, r.image, card_regions(r.card.layout));
	EXPECT_TRUE(report.pass) << report.reason;
	EXPECT_EQ(report.changed, 0);
	EXPECT_EQ(report.blob_width, 0);
}

TEST(GoldenCompare, AnotherPriceDigitFailsInThePrice)
{
	expect_fails_in("price", [](SampleCard &sample) {
		ASSERT_EQ(sample.price, "¥168.00");
		sample.price = "¥188.00"; // one digit: 6 and 8 share most of their outline
	});
}

TEST(GoldenCompare, AMissingDiscountBadgeFails)
{
	expect_fails_in("discount badge", [](SampleCard &sample) { sample.content.discount_percent = 0; });
}

TEST(GoldenCompare, AMissingStrikeThroughFails)
{
	// The same card with a second line through the old price: what the golden has and a card
	// without its strike-through lacks, the other way round.
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered golden(sample);
	const QRect old = to_qrect(golden.card.layout.compare_at);
	ASSERT_FALSE(old.isEmpty());
	QImage struck = golden.image;
	QPainter p(&struck);
	p.setRenderHint(QPainter::Antialiasing);
	p.setPen(QPen(QColor(0x8A, 0x8B, 0x91), 1.6));
	const qreal y = old.top() + old.height() * 0.25;
	p.drawLine(QPointF(old.left(), y), QPointF(old.right(), y));
	p.end();
	const olc_gc_report report = compare_golden(struck, golden.image, card_regions(golden.card.layout));
	EXPECT_FALSE(report.pass);
	EXPECT_TRUE(region_failed(report, "old price")) << report.reason;
}

TEST(GoldenCompare, AnotherTagFails)
{
	// 包邮 "free shipping" -> 包税 "duty paid": one character.
	expect_fails_in("tags", [](SampleCard &sample) { sample.tag_text[0] = "包税"; });
}

TEST(GoldenCompare, ASolidChangeOutsideTheRegionsFails)
{
	// A 14 px square of another colour on the card's background, clear of every region.
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered golden(sample);
	QImage marked = golden.image;
	const QRect photo = to_qrect(golden.card.layout.photo);
	const QRect square(photo.right() - 40, photo.top() + 40, 14, 14);
	for (const olc_gc_region &r : card_regions(golden.card.layout))
		ASSERT_FALSE(square.intersects(QRect(r.x, r.y, r.width, r.height))) << r.name;
	QPainter p(&marked);
	p.fillRect(square, QColor(0, 200, 0));
	p.end();
	const olc_gc_report report = compare_golden(marked, golden.image, card_regions(golden.card.layout));
	EXPECT_FALSE(report.pass);
	EXPECT_EQ(report.regions_failed, 0);
	EXPECT_EQ(report.blob_width, 14);
	EXPECT_EQ(report.blob_height, 14);
}

TEST(GoldenCompare, AntialiasingNoiseOutsideTheRegionsPasses)
{
	// What a FreeType or Qt update does to text: edge pixels (partly covered, between the ink and
	// the background) move, here by up to 60/255, at random, and every pixel by up to 6.
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered golden(sample);
	const std::vector<olc_gc_region> regions = card_regions(golden.card.layout);
	QImage noisy = golden.image.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	std::mt19937 random(8);
	std::uniform_int_distribution<int> small(-6, 6), edge(-60, 60), pick(0, 9);
	auto in_region = [&](int x, int y) {
		for (const olc_gc_region &r : regions) {
			if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
				return true;
		}
		return false;
	};
	int moved_edges = 0;
	for (int y = 1; y < noisy.height() - 1; y++) {
		uchar *row = noisy.scanLine(y);
		const uchar *above = golden.image.constScanLine(y - 1), *below = golden.image.constScanLine(y + 1);
		for (int x = 1; x < noisy.width() - 1; x++) {
			uchar *px = row + x * 4;
			// An edge: the pixel differs from a neighbour by much (text, not the smooth photo).
			const bool is_edge = std::abs(above[x * 4] - below[x * 4]) > 80;
			// A scattered tenth of the edge pixels, outside the regions, moves a lot.
			const int delta =
				is_edge && !in_region(x, y) && pick(random) == 0 ? edge(random) : small(random);
			moved_edges += is_edge && std::abs(delta) > 16;
			for (int c = 0; c < 3; c++)
				px[c] = static_cast<uchar>(std::clamp(px[c] + delta, 0, static_cast<int>(px[3])));
		}
	}
	ASSERT_GT(moved_edges, 200);
	const olc_gc_report report = compare_golden(noisy, golden.image, regions);
	EXPECT_TRUE(report.pass) << report.reason;
	EXPECT_GT(report.changed, 200);
}

TEST(GoldenCompare, ImagesOfAnotherSizeNeverMatch)
{
	SampleCard sample(SampleCard::Kind::Chinese);
	Rendered golden(sample);
	const olc_gc_report report = compare_golden(
		golden.image.copy(0, 0, golden.image.width(), golden.image.height() - 1), golden.image, {});
	EXPECT_FALSE(report.pass);
	EXPECT_FALSE(report.same_size);
}

} // namespace
