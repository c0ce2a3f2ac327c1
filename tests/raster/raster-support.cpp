#include "raster-support.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QRadialGradient>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <zbar.h>

#include "raster/money-format.h"
#include "core/stream/qr-matrix.h"

namespace raster_test {

bool update_golden = false;

const char *const chinese_title = "云南香格里拉野生松茸 新鲜采摘 500克";
const char *const latin_title = "Hand-hammered Yunnan silver teapot, 999 fine silver, 600 ml, with gift box";

// Shops paste links with Chinese text in the query as raw UTF-8; the QR must carry those bytes.
const std::string chinese_url = "https://shop.example.cn/p/songrong-500g?title="
				"\xE6\x9D\xBE\xE8\x8C\xB8"       // 松茸
				"&from=\xE7\x9B\xB4\xE6\x92\xAD" // 直播
				"&utm_source=obs";
const std::string latin_url = "https://silver.example.com/products/hammered-teapot-600ml?utm_source=obs";

const QColor quadrant_colors[4] = {QColor(220, 40, 40), QColor(40, 170, 70), QColor(40, 90, 210), QColor(240, 190, 30)};

QImage Card::qimage() const
{
	if (!image.pixels)
		return QImage();
	return QImage(image.pixels, image.width, image.height, image.stride, QImage::Format_RGBA8888_Premultiplied)
		.copy();
}

bool render(const olc_card_content &content, const olc_card_style &style, Card &card)
{
	char err[256] = "";
	olc_raster_image_free(&card.image);
	const bool ok = olc_card_rasterise(&content, &style, &card.image, &card.layout, err, sizeof(err));
	EXPECT_TRUE(ok) << err;
	return ok;
}

QRect to_qrect(const olc_card_rect &r)
{
	return QRect(r.x, r.y, r.width, r.height);
}

namespace {

void paint_quadrants(QPainter &p, int w, int h)
{
	p.fillRect(QRect(0, 0, w / 2, h / 2), quadrant_colors[0]);
	p.fillRect(QRect(w / 2, 0, w - w / 2, h / 2), quadrant_colors[1]);
	p.fillRect(QRect(0, h / 2, w / 2, h - h / 2), quadrant_colors[2]);
	p.fillRect(QRect(w / 2, h / 2, w - w / 2, h - h / 2), quadrant_colors[3]);
}

// Matsutake on moss against a warm backdrop.
void paint_mushrooms(QPainter &p, int w, int h)
{
	QLinearGradient backdrop(0, 0, 0, h);
	backdrop.setColorAt(0, QColor(0xF3, 0xE9, 0xDA));
	backdrop.setColorAt(1, QColor(0xD8, 0xC3, 0xA2));
	p.fillRect(QRect(0, 0, w, h), backdrop);

	QRadialGradient moss(w * 0.5, h * 1.02, w * 0.62);
	moss.setColorAt(0, QColor(0x4E, 0x6B, 0x2E));
	moss.setColorAt(0.75, QColor(0x35, 0x4D, 0x1E));
	moss.setColorAt(1, QColor(0x35, 0x4D, 0x1E, 0));
	p.setPen(Qt::NoPen);
	p.setBrush(moss);
	p.drawEllipse(QPointF(w * 0.5, h * 1.02), w * 0.62, h * 0.3);

	struct Shroom {
		double x, stem_h, cap_w, tilt;
	};
	const Shroom shrooms[] = {{0.33, 0.42, 0.24, -8}, {0.55, 0.55, 0.3, 4}, {0.74, 0.34, 0.2, 12}};
	for (const Shroom &s : shrooms) {
		p.save();
		const double base_y = h * 0.86;
		p.translate(w * s.x, base_y);
		p.rotate(s.tilt);
		const double stem_w = w * s.cap_w * 0.42, stem_h = h * s.stem_h;
		QLinearGradient stem(-stem_w / 2, 0, stem_w / 2, 0);
		stem.setColorAt(0, QColor(0xE2, 0xD2, 0xB6));
		stem.setColorAt(0.45, QColor(0xFA, 0xF3, 0xE6));
		stem.setColorAt(1, QColor(0xC9, 0xB4, 0x92));
		p.setBrush(stem);
		QPainterPath stem_path;
		stem_path.moveTo(-stem_w * 0.5, 0);
		stem_path.cubicTo(-stem_w * 0.62, -stem_h * 0.4, -stem_w * 0.4, -stem_h * 0.8, -stem_w * 0.42, -stem_h);
		stem_path.lineTo(stem_w * 0.42, -stem_h);
		stem_path.cubicTo(stem_w * 0.4, -stem_h * 0.8, stem_w * 0.62, -stem_h * 0.4, stem_w * 0.5, 0);
		stem_path.closeSubpath();
		p.drawPath(stem_path);

		const double cap_w = w * s.cap_w, cap_h = cap_w * 0.62;
		QRadialGradient cap(-cap_w * 0.15, -stem_h - cap_h * 0.7, cap_w * 0.75);
		cap.setColorAt(0, QColor(0xB0, 0x78, 0x45));
		cap.setColorAt(0.6, QColor(0x7C, 0x4A, 0x28));
		cap.setColorAt(1, QColor(0x4F, 0x2C, 0x16));
		p.setBrush(cap);
		QPainterPath cap_path;
		cap_path.moveTo(-cap_w / 2, -stem_h + cap_h * 0.12);
		cap_path.cubicTo(-cap_w / 2, -stem_h - cap_h, cap_w / 2, -stem_h - cap_h, cap_w / 2,
				 -stem_h + cap_h * 0.12);
		cap_path.quadTo(0, -stem_h - cap_h * 0.1, -cap_w / 2, -stem_h + cap_h * 0.12);
		p.drawPath(cap_path);
		p.restore();
	}
}

// A hammered silver teapot on a deep blue backdrop.
void paint_teapot(QPainter &p, int w, int h)
{
	QRadialGradient backdrop(w * 0.5, h * 0.35, w * 0.8);
	backdrop.setColorAt(0, QColor(0x2D, 0x4E, 0x63));
	backdrop.setColorAt(1, QColor(0x0C, 0x1A, 0x24));
	p.fillRect(QRect(0, 0, w, h), backdrop);

	const QPointF c(w * 0.5, h * 0.58);
	const double bw = std::min(w, h) * 0.62, bh = bw * 0.72;
	p.setPen(Qt::NoPen);
	p.setBrush(QColor(0, 0, 0, 90));
	p.drawEllipse(QPointF(c.x(), c.y() + bh * 0.5), bw * 0.55, bh * 0.1);

	const QPen metal_pen(QColor(0xB8, 0xC0, 0xC8), bw * 0.07, Qt::SolidLine, Qt::RoundCap);
	p.setBrush(Qt::NoBrush);
	p.setPen(metal_pen);
	QPainterPath handle;
	handle.moveTo(c.x() + bw * 0.42, c.y() - bh * 0.22);
	handle.cubicTo(c.x() + bw * 0.78, c.y() - bh * 0.3, c.x() + bw * 0.78, c.y() + bh * 0.25, c.x() + bw * 0.4,
		       c.y() + bh * 0.22);
	p.drawPath(handle);
	QPainterPath spout;
	spout.moveTo(c.x() - bw * 0.4, c.y() + bh * 0.05);
	spout.cubicTo(c.x() - bw * 0.62, c.y() - bh * 0.02, c.x() - bw * 0.62, c.y() - bh * 0.35, c.x() - bw * 0.74,
		      c.y() - bh * 0.42);
	p.drawPath(spout);

	QRadialGradient metal(c.x() - bw * 0.18, c.y() - bh * 0.2, bw * 0.65);
	metal.setColorAt(0, QColor(0xFB, 0xFC, 0xFD));
	metal.setColorAt(0.45, QColor(0xB9, 0xC1, 0xC9));
	metal.setColorAt(1, QColor(0x5A, 0x64, 0x6E));
	p.setPen(Qt::NoPen);
	p.setBrush(metal);
	p.drawEllipse(c, bw / 2, bh / 2);
	// Hammer marks: small soft highlights on a fixed grid.
	for (int i = 0; i < 7; i++) {
		for (int j = 0; j < 4; j++) {
			const QPointF dot(c.x() - bw * 0.33 + i * bw * 0.11 + (j % 2) * bw * 0.05,
					  c.y() - bh * 0.27 + j * bh * 0.16);
			const double dx = (dot.x() - c.x()) / (bw / 2), dy = (dot.y() - c.y()) / (bh / 2);
			if (dx * dx + dy * dy > 0.8)
				continue;
			p.setBrush(QColor(255, 255, 255, 55));
			p.drawEllipse(dot, bw * 0.035, bh * 0.03);
		}
	}
	p.setBrush(metal);
	p.drawEllipse(QPointF(c.x(), c.y() - bh * 0.48), bw * 0.24, bh * 0.08);
	p.drawEllipse(QPointF(c.x(), c.y() - bh * 0.6), bw * 0.05, bh * 0.06);
}

} // namespace

std::vector<unsigned char> make_photo(Photo kind, int width, int height)
{
	QImage image(width, height, QImage::Format_RGBA8888);
	image.fill(Qt::black);
	{
		QPainter p(&image);
		p.setRenderHint(QPainter::Antialiasing);
		switch (kind) {
		case Photo::Quadrants:
			paint_quadrants(p, width, height);
			break;
		case Photo::Mushroom:
			paint_mushrooms(p, width, height);
			break;
		case Photo::Teapot:
			paint_teapot(p, width, height);
			break;
		}
	}
	std::vector<unsigned char> rgba(static_cast<size_t>(width) * height * 4);
	for (int y = 0; y < height; y++)
		std::memcpy(&rgba[static_cast<size_t>(y) * width * 4], image.constScanLine(y),
			    static_cast<size_t>(width) * 4);
	return rgba;
}

Qr::Qr(const std::string &url)
{
	olc_qr_matrix m{};
	olc_error err{};
	EXPECT_TRUE(olc_qr_encode(url.c_str(), OLC_QR_ECC_M, &m, &err)) << err.text;
	size = m.size;
	if (m.dark)
		modules.assign(m.dark, m.dark + static_cast<size_t>(m.size) * m.size);
	olc_qr_matrix_free(&m);
}

namespace {

std::string format(int64_t minor, const char *currency, const char *language)
{
	olc_money m{};
	EXPECT_TRUE(olc_money_set(&m, minor, currency));
	char buf[128];
	EXPECT_GT(olc_money_format_display(&m, language, buf, sizeof(buf)), 0);
	return buf;
}

std::string hidden(const char *currency, const char *language)
{
	char buf[128];
	EXPECT_GT(olc_money_format_hidden(currency, language, nullptr, buf, sizeof(buf)), 0);
	return buf;
}

} // namespace

SampleCard::SampleCard(Kind kind, bool with_photo) : qr(kind == Kind::Chinese ? chinese_url : latin_url)
{
	if (kind == Kind::Chinese) {
		title = chinese_title;
		price = format(16800, "CNY", "zh-CN");
		compare_at = format(23800, "CNY", "zh-CN");
		hidden = raster_test::hidden("CNY", "zh-CN");
		tag_text = {"包邮", "产地直发", "坏果包赔", "顺丰冷链"};
		stock_text = "仅剩 5 件";
		coupon = "直播间专享 满200减20";
		caption = "扫码购买 Scan to buy";
		sold_out_text = "已售罄";
		content.number = 3;
		content.discount_percent = 29;
		content.stock = 5;
		content.stock_capacity = 60;
		photo_width = 960;
		photo_height = 640;
		if (with_photo)
			photo = make_photo(Photo::Mushroom, photo_width, photo_height);
	} else {
		title = latin_title;
		price = format(128000, "CNY", "en-US");
		compare_at = format(158000, "CNY", "en-US");
		hidden = raster_test::hidden("CNY", "en-US");
		tag_text = {"Free shipping", "Handmade", "Gift box"};
		stock_text = "42 in stock";
		coupon = "Live deal: CN\xC2\xA5"
			 "50 off over CN\xC2\xA5"
			 "1,000";
		caption = "Scan to buy";
		sold_out_text = "SOLD OUT";
		content.number = 7;
		content.discount_percent = 19;
		content.stock = 42;
		content.stock_capacity = 50;
		photo_width = photo_height = 800;
		if (with_photo)
			photo = make_photo(Photo::Teapot, photo_width, photo_height);
	}
	content.has_stock = true;
	sync();
}

void SampleCard::sync()
{
	tags.clear();
	for (const std::string &t : tag_text)
		tags.push_back(t.c_str());
	auto opt = [](const std::string &s) { return s.empty() ? nullptr : s.c_str(); };
	content.title = opt(title);
	content.price_text = opt(price);
	content.compare_at_text = opt(compare_at);
	content.hidden_price_text = opt(hidden);
	content.tags = tags.data();
	content.tag_count = tags.size();
	content.stock_text = opt(stock_text);
	content.coupon = opt(coupon);
	content.qr_caption = opt(caption);
	content.sold_out_text = opt(sold_out_text);
	content.qr_modules = qr.modules.empty() ? nullptr : qr.modules.data();
	content.qr_size = qr.size;
	if (photo.empty()) {
		content.photo_rgba = nullptr;
		content.photo_width = content.photo_height = 0;
	} else {
		content.photo_rgba = photo.data();
		content.photo_width = photo_width;
		content.photo_height = photo_height;
	}
	content.photo_stride = 0;
}

int count_changed(const QImage &a, const QImage &b, int threshold, const QRect &area)
{
	if (a.size() != b.size())
		return a.width() * a.height();
	const QRect r = area.isEmpty() ? a.rect() : area.intersected(a.rect());
	int n = 0;
	for (int y = r.top(); y <= r.bottom(); y++) {
		const uchar *pa = a.constScanLine(y), *pb = b.constScanLine(y);
		for (int x = r.left(); x <= r.right(); x++) {
			int diff = 0;
			for (int c = 0; c < 4; c++)
				diff = std::max(diff, std::abs(pa[x * 4 + c] - pb[x * 4 + c]));
			if (diff > threshold)
				n++;
		}
	}
	return n;
}

QRect changed_box(const QImage &a, const QImage &b, int threshold)
{
	QRect box;
	for (int y = 0; y < a.height(); y++) {
		const uchar *pa = a.constScanLine(y), *pb = b.constScanLine(y);
		for (int x = 0; x < a.width(); x++) {
			int diff = 0;
			for (int c = 0; c < 4; c++)
				diff = std::max(diff, std::abs(pa[x * 4 + c] - pb[x * 4 + c]));
			if (diff > threshold)
				box |= QRect(x, y, 1, 1);
		}
	}
	return box;
}

int count_near(const QImage &image, const QRect &area, const QColor &color, int distance)
{
	const QRect r = area.intersected(image.rect());
	int n = 0;
	for (int y = r.top(); y <= r.bottom(); y++) {
		const uchar *p = image.constScanLine(y);
		for (int x = r.left(); x <= r.right(); x++) {
			const uchar *px = p + x * 4;
			if (px[3] < 250)
				continue;
			if (std::abs(px[0] - color.red()) <= distance && std::abs(px[1] - color.green()) <= distance &&
			    std::abs(px[2] - color.blue()) <= distance)
				n++;
		}
	}
	return n;
}

Ink ink_against_row(const QImage &image, const QRect &area, int ref_x, int threshold)
{
	Ink ink;
	const QRect r = area.intersected(image.rect());
	for (int y = r.top(); y <= r.bottom(); y++) {
		const uchar *p = image.constScanLine(y);
		const uchar *ref = p + ref_x * 4;
		for (int x = r.left(); x <= r.right(); x++) {
			int diff = 0;
			for (int c = 0; c < 4; c++)
				diff = std::max(diff, std::abs(p[x * 4 + c] - ref[c]));
			if (diff > threshold) {
				ink.count++;
				ink.box |= QRect(x, y, 1, 1);
			}
		}
	}
	return ink;
}

Ink title_band_ink(const QImage &image, const olc_card_layout &layout)
{
	// Clear of the photo's edge, the festive gold rule and the festive inner line above (8 px in),
	// of the price row below and of the card's frame at the sides; the reference column is in the
	// side padding, left of the text.
	const int top = layout.photo.y + layout.photo.height + 14;
	const QRect band(18, top, image.width() - 36, layout.price.y - top);
	return ink_against_row(image, band, 17);
}

int decode_qr(const QImage &image, std::string &bytes)
{
	using namespace zbar; // zbar.h puts its C API in this namespace when compiled as C++
	const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	const int w = rgba.width(), h = rgba.height();
	std::vector<unsigned char> luma(static_cast<size_t>(w) * h);
	for (int y = 0; y < h; y++) {
		const uchar *p = rgba.constScanLine(y);
		for (int x = 0; x < w; x++) {
			const uchar *px = p + x * 4;
			// Premultiplied over white: colour + (1 - alpha) * white.
			const int lum = (77 * px[0] + 150 * px[1] + 29 * px[2] + 128) >> 8;
			luma[static_cast<size_t>(y) * w + x] =
				static_cast<unsigned char>(std::min(255, lum + 255 - px[3]));
		}
	}

	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	// Binary mode: the 8-bit data comes back as the bytes encoded, not re-guessed as Shift-JIS.
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_image_t *zimage = zbar_image_create();
	zbar_image_set_format(zimage, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zimage, static_cast<unsigned>(w), static_cast<unsigned>(h));
	zbar_image_set_data(zimage, luma.data(), luma.size(), nullptr);

	int found = 0;
	if (zbar_scan_image(scanner, zimage) > 0) {
		for (const zbar_symbol_t *s = zbar_image_first_symbol(zimage); s; s = zbar_symbol_next(s)) {
			if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
				continue;
			if (found++ == 0)
				bytes.assign(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
		}
	}
	zbar_image_destroy(zimage);
	zbar_image_scanner_destroy(scanner);
	return found;
}

std::string out_dir()
{
	const QString dir = QStringLiteral(OLC_RASTER_OUT_DIR);
	QDir().mkpath(dir);
	return dir.toStdString();
}

olc_gc_region region(const char *name, const olc_card_rect &r)
{
	return olc_gc_region{name, r.x, r.y, r.width, r.height};
}

olc_gc_region region(const char *name, const QRect &r)
{
	return olc_gc_region{name, r.x(), r.y(), r.width(), r.height()};
}

std::vector<olc_gc_region> card_regions(const olc_card_layout &l)
{
	const olc_gc_region all[] = {
		region("title", l.title),
		region("price", l.price),
		region("old price", l.compare_at),
		region("discount badge", l.badge),
		region("tags", l.tags),
		region("stock line", l.stock),
		region("stock bar", l.stock_bar),
		region("coupon", l.coupon),
		region("QR code", l.qr),
		region("cart call to action", l.cart),
		region("deck number", l.number),
		region("sold-out stamp", l.sold_out_stamp),
	};
	std::vector<olc_gc_region> present;
	for (const olc_gc_region &r : all) {
		if (r.width > 0 && r.height > 0)
			present.push_back(r);
	}
	return present;
}

namespace {

olc_gc_image gc_image(const QImage &image)
{
	return olc_gc_image{image.constBits(), image.width(), image.height(),
			    static_cast<size_t>(image.bytesPerLine())};
}

} // namespace

olc_gc_report compare_golden(const QImage &actual, const QImage &golden, const std::vector<olc_gc_region> &regions)
{
	const QImage a = actual.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	const QImage g = golden.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	const olc_gc_image ia = gc_image(a), ig = gc_image(g);
	olc_gc_report report;
	olc_golden_compare(&ia, &ig, regions.data(), regions.size(), nullptr, &report, nullptr);
	return report;
}

bool check_golden(const std::string &dir, const std::string &name, const QImage &actual,
		  const std::vector<olc_gc_region> &regions)
{
	EXPECT_FALSE(actual.isNull()) << name;
	if (actual.isNull())
		return false;
	const std::string golden_path = dir + "/" + name + ".png";
	if (update_golden) {
		const bool saved = actual.save(QString::fromStdString(golden_path), "PNG");
		EXPECT_TRUE(saved) << golden_path;
		std::printf("wrote %s (%dx%d)\n", golden_path.c_str(), actual.width(), actual.height());
		return saved;
	}

	const std::string actual_path = out_dir() + "/" + name + ".png";
	QImage golden(QString::fromStdString(golden_path));
	if (golden.isNull()) {
		actual.save(QString::fromStdString(actual_path), "PNG");
		ADD_FAILURE() << "no golden " << golden_path << "; this run's image is " << actual_path
			      << " (regenerate with --update-golden, then look at it)";
		return false;
	}
	const QImage a = actual.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	golden = golden.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
	const olc_gc_image ia = gc_image(a), ig = gc_image(golden);
	QImage diff(golden.size(), QImage::Format_RGBA8888);
	olc_gc_report report;
	if (olc_golden_compare(&ia, &ig, regions.data(), regions.size(), nullptr, &report,
			       golden.size() == a.size() ? diff.bits() : nullptr))
		return true;

	actual.save(QString::fromStdString(actual_path), "PNG");
	std::string diff_path = out_dir() + "/" + name + "-diff.png";
	if (report.same_size)
		diff.save(QString::fromStdString(diff_path), "PNG");
	else
		diff_path = "(none: the sizes differ)";
	ADD_FAILURE() << name << ": " << report.reason << "new image " << actual_path << ", differences " << diff_path
		      << " (red: off in a region, orange: a changed area too large)";
	return false;
}

} // namespace raster_test
