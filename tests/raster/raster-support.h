// What the raster tests share: rendering a card into an owned result, the made-here product
// photos, the sample cards of the golden set, pixel measures and QR decoding with zbar.
#pragma once

#include <QColor>
#include <QImage>
#include <QRect>

#include <string>
#include <vector>

#include "raster/card-raster.h"
#include "golden-compare.h"

namespace raster_test {

// Set by main() from --update-golden: golden tests write their PNGs instead of comparing.
extern bool update_golden;

// A rasterised card that frees itself.
struct Card {
	olc_raster_image image{};
	olc_card_layout layout{};
	Card() = default;
	Card(const Card &) = delete;
	Card &operator=(const Card &) = delete;
	~Card() { olc_raster_image_free(&image); }

	// A deep copy as a QImage (premultiplied RGBA, as produced).
	QImage qimage() const;
};

// Rasterises, failing the current test (with the rasteriser's message) when it refuses.
bool render(const olc_card_content &content, const olc_card_style &style, Card &card);

QRect to_qrect(const olc_card_rect &r);

// Straight RGBA8 photos drawn here (never downloaded): a studio backdrop with a product shape.
enum class Photo { Quadrants, Mushroom, Teapot };
std::vector<unsigned char> make_photo(Photo kind, int width, int height);
// The quadrant photo's colours: top-left, top-right, bottom-left, bottom-right.
extern const QColor quadrant_colors[4];

// A QR matrix (from the core encoder) that lives as long as the object.
struct Qr {
	std::vector<unsigned char> modules;
	int size = 0;
	explicit Qr(const std::string &url);
};

// Owns everything a sample card points to.
struct SampleCard {
	std::string title, price, compare_at, stock_text, coupon, caption, sold_out_text, hidden;
	std::vector<std::string> tag_text;
	std::vector<const char *> tags;
	std::vector<unsigned char> photo; // straight RGBA8, empty: no photo
	int photo_width = 0, photo_height = 0;
	Qr qr;
	olc_card_content content{};

	enum class Kind { Chinese, Latin };
	explicit SampleCard(Kind kind, bool with_photo = true);
	SampleCard(const SampleCard &) = delete;
	SampleCard &operator=(const SampleCard &) = delete;
	// Re-points content at the strings after a field changed.
	void sync();
};

extern const char *const chinese_title; // 云南香格里拉野生松茸 新鲜采摘 500克
extern const char *const latin_title;
extern const std::string chinese_url; // with a Chinese query, raw UTF-8
extern const std::string latin_url;

// Pixels whose largest channel difference exceeds `threshold` (images of the same size), inside
// `area` (empty: everywhere).
int count_changed(const QImage &a, const QImage &b, int threshold, const QRect &area = QRect());
// The bounding box of the changed pixels, empty when none.
QRect changed_box(const QImage &a, const QImage &b, int threshold);
// Opaque-enough pixels inside `area` within `distance` (per channel) of `color`.
int count_near(const QImage &image, const QRect &area, const QColor &color, int distance);

// Text ink on a card whose background may be a vertical gradient: the pixels of `area` that differ
// (a channel by more than `threshold`) from the pixel at column ref_x of their own row.
struct Ink {
	int count = 0;
	QRect box;
};
Ink ink_against_row(const QImage &image, const QRect &area, int ref_x, int threshold = 48);
// The ink between a vertical card's photo and its price row: where the title is drawn.
Ink title_band_ink(const QImage &image, const olc_card_layout &layout);

// Decodes QR codes in the image as a phone would (over white, binary mode so the exact bytes
// come back). Returns the number of codes found and the first one's bytes.
int decode_qr(const QImage &image, std::string &bytes);

// Where a test writes images for people to look at (build dir), created on demand.
std::string out_dir();

// A region that carries meaning, named for the failure message (see golden-compare.h).
olc_gc_region region(const char *name, const olc_card_rect &r);
olc_gc_region region(const char *name, const QRect &r);
// The card's regions that state a fact about the product or the offer: title, price, old price,
// badge, tags, stock line and bar, coupon, QR code or cart call to action, deck number and sold-out
// stamp (those present).
std::vector<olc_gc_region> card_regions(const olc_card_layout &layout);

// Compares `actual` with the golden PNG dir/name.png by golden-compare.h's rule (tight in `regions`,
// small changed areas elsewhere), failing the current test with the reasons and leaving the new
// image and a picture of the differences in out_dir(); with --update-golden writes the golden
// instead. Returns whether it matched (or was written).
bool check_golden(const std::string &dir, const std::string &name, const QImage &actual,
		  const std::vector<olc_gc_region> &regions);
// The comparison alone, for tests of the rule itself: actual against a QImage golden.
olc_gc_report compare_golden(const QImage &actual, const QImage &golden, const std::vector<olc_gc_region> &regions);

} // namespace raster_test
