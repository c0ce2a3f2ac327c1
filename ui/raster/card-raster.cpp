/* The card rasteriser; see card-raster.h. Two passes: plan() measures the text and places every
 * element in output pixels (so the image size is known), paint() draws into malloc'd memory that
 * becomes the caller's. Sizes are design pixels at 1080p times the style's scale, rounded once,
 * so the QR sits on whole pixels and edges stay crisp at any scale. */
#include "raster/card-raster.h"

#include "raster/card-theme.h"
#include "raster/raster-common.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

namespace {

using olc::CardFont;
using olc::CardTheme;
using olc::obs_color;
using olc::Scale;
using olc::to_c;

constexpr int max_image_side = 8192;
/* 128 MB of pixels: far more than any card needs (a 4K card is under 10 MB). */
constexpr long long max_image_pixels = 8192LL * 4096;
constexpr int max_photo_side = 16384;
constexpr int max_tags = 3;
constexpr int qr_quiet_modules = 4;
constexpr double stamp_angle_degrees = -12.0;

QString utf8(const char *text)
{
	return text ? QString::fromUtf8(text) : QString();
}

/* Shop titles carry newlines and runs of spaces; on a card they are one paragraph. */
QString one_paragraph(const char *text)
{
	return utf8(text).simplified();
}

/* A paragraph set in at most max_lines lines of a fixed pitch; when the text goes on, the last
 * line ends in an ellipsis. Lines break where the script allows (between any two CJK characters,
 * at spaces in Latin and Arabic script) and are aligned by the paragraph's own direction:
 * right-to-left text (Uyghur) is right-aligned. */
class TextBlock {
      public:
	TextBlock(const QString &text, const QFont &font, qreal width, int max_lines, bool centred)
	    : font_(font), width_(width)
	{
		const QFontMetricsF metrics(font);
		pitch_ = std::ceil(metrics.lineSpacing());
		ascent_ = metrics.ascent();
		if (text.isEmpty() || width <= 0)
			return;

		/* Visual alignment: QTextLayout aligns lines by left/right/centre, not by the leading edge. */
		const bool rtl = text.isRightToLeft();
		option_.setTextDirection(rtl ? Qt::RightToLeft : Qt::LeftToRight);
		option_.setAlignment(centred ? Qt::AlignHCenter : (rtl ? Qt::AlignRight : Qt::AlignLeft));
		option_.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);

		/* First find where the lines break, then set each line on its own so the last can be
		 * elided without disturbing the others. */
		QTextLayout probe(text, font);
		probe.setTextOption(option_);
		std::vector<int> starts;
		probe.beginLayout();
		while (static_cast<int>(starts.size()) <= max_lines) {
			QTextLine line = probe.createLine();
			if (!line.isValid())
				break;
			line.setLineWidth(width);
			starts.push_back(line.textStart());
		}
		probe.endLayout();

		const bool cut = static_cast<int>(starts.size()) > max_lines;
		if (cut)
			starts.resize(static_cast<size_t>(max_lines));
		option_.setWrapMode(QTextOption::NoWrap);
		for (size_t i = 0; i < starts.size(); i++) {
			const int start = starts[i];
			QString line_text;
			if (i + 1 < starts.size())
				line_text = text.mid(start, starts[i + 1] - start).trimmed();
			else if (cut)
				line_text = metrics.elidedText(text.mid(start).trimmed(), Qt::ElideRight, width);
			else
				line_text = text.mid(start).trimmed();
			add_line(line_text);
		}
	}

	int line_count() const { return static_cast<int>(lines_.size()); }
	qreal pitch() const { return pitch_; }
	/* The text actually set, line by line (for the ellipsis check in tests and for debugging). */
	QString line_text(int i) const { return lines_[static_cast<size_t>(i)]->text(); }

	/* Draws with every baseline on the block's grid, whichever fallback font a line used (a
	 * Tibetan line's stacked letters do not push the next line down). */
	void draw(QPainter &p, QPointF top_left) const
	{
		for (size_t i = 0; i < lines_.size(); i++) {
			if (lines_[i]->lineCount() == 0)
				continue;
			const QTextLine line = lines_[i]->lineAt(0);
			const qreal baseline = top_left.y() + ascent_ + pitch_ * static_cast<qreal>(i);
			lines_[i]->draw(&p, QPointF(top_left.x(), baseline - line.ascent()));
		}
	}

      private:
	void add_line(const QString &line_text)
	{
		auto layout = std::make_unique<QTextLayout>(line_text, font_);
		layout->setTextOption(option_);
		layout->beginLayout();
		QTextLine line = layout->createLine();
		if (line.isValid()) {
			line.setLineWidth(width_);
			line.setPosition(QPointF(0, 0));
		}
		layout->endLayout();
		lines_.push_back(std::move(layout));
	}

	QFont font_;
	qreal width_;
	qreal pitch_ = 0;
	qreal ascent_ = 0;
	QTextOption option_;
	std::vector<std::unique_ptr<QTextLayout>> lines_;
};

/* The price split so the currency symbol can be drawn smaller than the digits ("¥" + "168.00",
 * "168,00" + " €"). Right-to-left prices and prices without digits are one run. */
struct PriceParts {
	QString prefix, digits, suffix;
};

PriceParts split_price(const QString &text)
{
	auto is_amount = [](QChar c) { return c.isDigit() || c == QLatin1Char('?'); };
	qsizetype first = -1, last = -1;
	for (qsizetype i = 0; i < text.size(); i++) {
		if (is_amount(text.at(i))) {
			if (first < 0)
				first = i;
			last = i;
		}
	}
	if (first < 0 || text.isRightToLeft())
		return PriceParts{QString(), text, QString()};
	return PriceParts{text.left(first), text.mid(first, last - first + 1), text.mid(last + 1)};
}

struct Chip {
	QRect rect;
	QString text;
};

/* Everything measured and placed before any pixel is drawn. */
struct Plan {
	Scale px{1.0};
	CardTheme theme;
	bool vertical = true;
	int width = 0, height = 0, radius = 0;

	QRect photo, number, title, price, compare_at, badge, tags, stock, stock_bar, coupon, qr, qr_caption, stamp;
	QRect cart, cart_icon, cart_words;
	int qr_module = 0;

	std::unique_ptr<TextBlock> title_text, caption_text, cart_text;
	QFont number_font, digits_font, currency_font, old_font, badge_font, tag_font, body_font, stamp_font;
	PriceParts price_parts;
	int price_baseline = 0;
	QString number_text, old_text, badge_text, stock_text, coupon_text, stamp_text;
	bool stock_low = false;
	bool stock_fill_external = false;
	double stock_fill = 0;
	std::vector<Chip> chips;
};

/* The price, the struck-through old price and the badge on one baseline; what does not fit is
 * left out (the old price first, then the badge), and a price wider than the row is shrunk. */
void plan_price_row(Plan &plan, const olc_card_content &content, const olc_card_style &style, int x, int y, int width)
{
	const Scale &px = plan.px;
	const bool hidden = content.hidden_price;
	const QString price =
		hidden ? (content.hidden_price_text ? utf8(content.hidden_price_text) : QStringLiteral("???"))
		       : utf8(content.price_text);
	plan.price_parts = split_price(price);
	plan.digits_font = olc::card_font(style, CardFont::Price);
	plan.currency_font = olc::card_font(style, CardFont::Currency);
	plan.old_font = olc::card_font(style, CardFont::OldPrice);
	plan.badge_font = olc::card_font(style, CardFont::Badge);
	if (!hidden && content.compare_at_text && *content.compare_at_text)
		plan.old_text = utf8(content.compare_at_text);
	if (!hidden && content.discount_percent > 0)
		plan.badge_text = QStringLiteral("\u2212%1%").arg(content.discount_percent);

	const QFontMetricsF digits_metrics(plan.digits_font);
	const int cap = static_cast<int>(std::ceil(digits_metrics.capHeight()));
	const int row_height = cap + px(14);
	plan.price_baseline = y + cap + px(3);

	auto price_width = [&plan]() {
		const QFontMetricsF small(plan.currency_font), big(plan.digits_font);
		return small.horizontalAdvance(plan.price_parts.prefix) +
		       big.horizontalAdvance(plan.price_parts.digits) +
		       small.horizontalAdvance(plan.price_parts.suffix);
	};
	const int gap = px(12);
	const qreal old_width = QFontMetricsF(plan.old_font).horizontalAdvance(plan.old_text);
	const QFontMetricsF badge_metrics(plan.badge_font);
	const int badge_height = static_cast<int>(std::ceil(badge_metrics.height())) + px(6);
	int badge_width =
		plan.badge_text.isEmpty()
			? 0
			: static_cast<int>(std::ceil(badge_metrics.horizontalAdvance(plan.badge_text))) + px(18);

	qreal pw = price_width();
	auto total = [&]() {
		return pw + (plan.old_text.isEmpty() ? 0 : gap + old_width) + (badge_width ? gap + badge_width : 0);
	};
	if (total() > width)
		plan.old_text.clear();
	if (total() > width) {
		plan.badge_text.clear();
		badge_width = 0;
	}
	if (pw > width && pw > 0) {
		const double shrink = std::max(0.4, width / pw);
		plan.digits_font.setPixelSize(std::max(1, static_cast<int>(plan.digits_font.pixelSize() * shrink)));
		plan.currency_font.setPixelSize(std::max(1, static_cast<int>(plan.currency_font.pixelSize() * shrink)));
		pw = price_width();
	}

	plan.price = QRect(x, y, static_cast<int>(std::ceil(std::min<qreal>(pw, width))), row_height);
	int cursor = plan.price.right() + 1 + gap;
	if (!plan.old_text.isEmpty()) {
		const QFontMetricsF old_metrics(plan.old_font);
		const int old_cap = static_cast<int>(std::ceil(old_metrics.capHeight()));
		plan.compare_at = QRect(cursor, plan.price_baseline - old_cap - px(4),
					static_cast<int>(std::ceil(old_width)), old_cap + px(8));
		cursor = plan.compare_at.right() + 1 + gap;
	}
	if (!plan.badge_text.isEmpty()) {
		/* Sits on the price's baseline, like the small red labels of the shopping apps. */
		plan.badge = QRect(cursor, plan.price_baseline - badge_height + px(2), badge_width, badge_height);
	}
}

void plan_tags(Plan &plan, const olc_card_content &content, const olc_card_style &style, int x, int y, int width)
{
	const Scale &px = plan.px;
	plan.tag_font = olc::card_font(style, CardFont::Tag);
	const QFontMetricsF metrics(plan.tag_font);
	const int height = px(32), pad = px(12), gap = px(8);
	int cursor = x;
	for (size_t i = 0; i < content.tag_count && plan.chips.size() < max_tags; i++) {
		const QString text = one_paragraph(content.tags[i]);
		if (text.isEmpty())
			continue;
		const int room = x + width - cursor;
		int chip_width = static_cast<int>(std::ceil(metrics.horizontalAdvance(text))) + 2 * pad;
		QString shown = text;
		if (chip_width > room) {
			/* The first chip is shortened to fit; later ones are left out whole. */
			if (!plan.chips.empty() || room < 3 * pad)
				break;
			shown = metrics.elidedText(text, Qt::ElideRight, room - 2 * pad);
			chip_width = room;
		}
		plan.chips.push_back(Chip{QRect(cursor, y, chip_width, height), shown});
		cursor += chip_width + gap;
	}
	if (!plan.chips.empty())
		plan.tags = QRect(x, y, plan.chips.back().rect.right() + 1 - x, height);
}

void plan_stock(Plan &plan, const olc_card_content &content, int x, int y, int width)
{
	const Scale &px = plan.px;
	const QFontMetricsF metrics(plan.body_font);
	const int height = std::max(px(26), static_cast<int>(std::ceil(metrics.height())));
	const bool bar = content.stock_capacity > 0;
	if (bar) {
		const long long stock = std::clamp(content.stock, 0LL, content.stock_capacity);
		plan.stock_fill = static_cast<double>(stock) / static_cast<double>(content.stock_capacity);
		plan.stock_low = plan.stock_fill <= 0.25;
		plan.stock_fill_external = content.stock_fill_external;
	}
	const QString text = one_paragraph(content.stock_text);
	const int bar_width = bar ? (text.isEmpty() ? width : std::min(px(200), width / 2)) : 0;
	const int bar_height = px(10);
	if (bar)
		plan.stock_bar = QRect(x, y + (height - bar_height) / 2, bar_width, bar_height);
	const int text_x = x + (bar ? bar_width + px(12) : 0);
	if (!text.isEmpty())
		plan.stock_text = metrics.elidedText(text, Qt::ElideRight, x + width - text_x);
	plan.stock = QRect(x, y, width, height);
}

void plan_coupon(Plan &plan, const olc_card_content &content, int x, int y, int width)
{
	const Scale &px = plan.px;
	const QFontMetricsF metrics(plan.body_font);
	const int stub = px(40), pad = px(14);
	const QString text = one_paragraph(content.coupon);
	plan.coupon_text = metrics.elidedText(text, Qt::ElideRight, width - stub - 2 * pad);
	const int text_width = static_cast<int>(std::ceil(metrics.horizontalAdvance(plan.coupon_text)));
	plan.coupon = QRect(x, y, std::min(width, stub + 2 * pad + text_width), px(38));
}

/* The QR's size: the largest whole number of pixels per module that keeps the code (with its
 * quiet zone) near 150 design pixels, a size a phone reads from a TV across a room. */
void plan_qr(Plan &plan, const olc_card_content &content)
{
	const int modules = content.qr_size + 2 * qr_quiet_modules;
	plan.qr_module = std::max(1, plan.px(152) / modules);
	const int side = plan.qr_module * modules;
	plan.qr = QRect(0, 0, side, side);
}

bool has_text(const char *s)
{
	return s && *s;
}

/* Places everything; fills plan.width and plan.height. */
void plan_card(Plan &plan, const olc_card_content &content, const olc_card_style &style)
{
	const Scale &px = plan.px;
	plan.theme = olc::card_theme(style);
	/* Beside a photo column a card under 480 px leaves no room for the text: stack it instead. */
	plan.vertical = style.vertical || style.width < 480;
	plan.width = px(style.width);
	const int pad = px(24);
	const bool show_qr = style.show_qr && content.qr_modules;

	/* The photo column of a horizontal card; the photo band of a vertical one. */
	const int photo_extent = plan.vertical ? px(style.width * 0.625) : px(style.width * 0.36);
	const int content_x = plan.vertical ? pad : photo_extent + pad;
	const int content_width = plan.width - content_x - pad;

	/* The title takes the lines it needs, at most two: a short title does not leave a hole. */
	plan.body_font = olc::card_font(style, CardFont::Body);
	const QFont title_font = olc::card_font(style, CardFont::Title);
	plan.title_text =
		std::make_unique<TextBlock>(one_paragraph(content.title), title_font, content_width, 2, false);
	const int title_height = static_cast<int>(std::ceil(plan.title_text->pitch() * plan.title_text->line_count()));

	/* Lower area: tags, stock and coupon on the left, the QR and its caption on the right. */
	int qr_column = 0, caption_height = 0;
	if (show_qr) {
		plan_qr(plan, content);
		/* Wide enough for "扫码购买 Scan to buy" on one line. */
		qr_column = std::max(plan.qr.width(), px(176));
		if (has_text(content.qr_caption)) {
			plan.caption_text = std::make_unique<TextBlock>(one_paragraph(content.qr_caption),
									olc::card_font(style, CardFont::Caption),
									qr_column, 2, true);
			caption_height = static_cast<int>(
				std::ceil(plan.caption_text->pitch() * plan.caption_text->line_count()));
		}
	}
	/* Or, in the QR's place, the cart's call to action: a glyph over the words, on an accent panel
	 * as wide as the QR's column. */
	const bool show_cart = !show_qr && has_text(content.cart_text);
	int cart_words_y = 0;
	if (show_cart) {
		qr_column = px(176);
		const int inset = px(12), icon = px(46);
		plan.cart_text = std::make_unique<TextBlock>(one_paragraph(content.cart_text),
							     olc::card_font(style, CardFont::Caption, 24, true),
							     qr_column - 2 * inset, 2, true);
		const int words = static_cast<int>(std::ceil(plan.cart_text->pitch() * plan.cart_text->line_count()));
		cart_words_y = inset + icon + px(6);
		plan.cart = QRect(0, 0, qr_column, cart_words_y + words + inset);
		plan.cart_icon = QRect((qr_column - icon) / 2, inset, icon, icon);
		plan.cart_words = QRect(inset, cart_words_y, qr_column - 2 * inset, words);
	}
	const bool side = show_qr || show_cart;
	/* Beside the QR, the left column needs room for a chip and the stock text; on a narrow card
	 * the QR goes under them instead. */
	const int column_gap = px(20);
	const bool qr_beside = side && content_width - qr_column - column_gap >= px(150);
	const int left_width = qr_beside ? content_width - qr_column - column_gap : content_width;

	int y = 0; /* measured from the top of the content block */
	const int title_y = y;
	if (title_height > 0)
		y += title_height + px(14);
	const int price_y = y;
	plan_price_row(plan, content, style, content_x, 0, content_width);
	y += plan.price.height() + px(14);

	const int lower_y = y;
	int left = 0;
	const int row_gap = px(14);
	auto next_row = [&](int height) {
		const int at = lower_y + left;
		left += height + row_gap;
		return at;
	};
	if (content.tag_count > 0 && content.tags) {
		plan_tags(plan, content, style, content_x, 0, left_width);
		if (!plan.tags.isEmpty())
			plan.tags.moveTop(next_row(plan.tags.height()));
	}
	if (content.has_stock && (content.stock_capacity > 0 || has_text(content.stock_text))) {
		plan_stock(plan, content, content_x, 0, left_width);
		plan.stock.moveTop(next_row(plan.stock.height()));
	}
	if (has_text(content.coupon)) {
		plan_coupon(plan, content, content_x, 0, left_width);
		plan.coupon.moveTop(next_row(plan.coupon.height()));
	}
	if (left > 0)
		left -= row_gap;
	const int right = show_qr     ? plan.qr.height() + (caption_height ? px(8) + caption_height : 0)
			  : show_cart ? plan.cart.height()
				      : 0;
	int qr_y = lower_y, lower_height = std::max(left, right);
	if (side && !qr_beside) {
		qr_y = lower_y + (left > 0 ? left + row_gap : 0);
		lower_height = qr_y - lower_y + right;
	}
	const int content_height = lower_height > 0 ? lower_y + lower_height : price_y + plan.price.height();

	int top;
	if (plan.vertical) {
		plan.photo = QRect(0, 0, plan.width, photo_extent);
		top = photo_extent + px(20);
		plan.height = top + content_height + pad;
	} else {
		plan.height = std::max(photo_extent, content_height + 2 * pad);
		top = (plan.height - content_height) / 2;
		plan.photo = QRect(0, 0, photo_extent, plan.height);
	}

	/* Everything above was placed with the content block at y = 0; move it into place. */
	plan.title = QRect(content_x, top + title_y, content_width, title_height);
	const int shift = top;
	plan.price.translate(0, shift + price_y);
	plan.price_baseline += shift + price_y;
	if (!plan.compare_at.isEmpty())
		plan.compare_at.translate(0, shift + price_y);
	if (!plan.badge.isEmpty())
		plan.badge.translate(0, shift + price_y);
	for (Chip &chip : plan.chips)
		chip.rect.moveTop(plan.tags.top() + shift);
	if (!plan.tags.isEmpty())
		plan.tags.translate(0, shift);
	if (!plan.stock.isEmpty()) {
		const int dy = plan.stock.top() + shift;
		if (!plan.stock_bar.isEmpty())
			plan.stock_bar.translate(0, dy);
		plan.stock.moveTop(dy);
	}
	if (!plan.coupon.isEmpty())
		plan.coupon.translate(0, shift);
	if (show_qr) {
		const int column_x =
			qr_beside ? content_x + content_width - qr_column : content_x + (content_width - qr_column) / 2;
		plan.qr.moveTo(column_x + (qr_column - plan.qr.width()) / 2, top + qr_y);
		if (plan.caption_text)
			plan.qr_caption = QRect(column_x, plan.qr.bottom() + 1 + px(8), qr_column, caption_height);
	}
	if (show_cart) {
		const int column_x =
			qr_beside ? content_x + content_width - qr_column : content_x + (content_width - qr_column) / 2;
		plan.cart.moveTo(column_x, top + qr_y);
		plan.cart_icon.translate(plan.cart.topLeft());
		plan.cart_words.translate(plan.cart.topLeft());
	}

	plan.radius = std::clamp(px(style.corner_radius), 0, std::min(plan.width, plan.height) / 2);

	if (content.number > 0) {
		plan.number_font = olc::card_font(style, CardFont::Number);
		plan.number_text = QStringLiteral("#%1").arg(content.number);
		const int h = px(34);
		const int w =
			std::max(h, static_cast<int>(std::ceil(
					    QFontMetricsF(plan.number_font).horizontalAdvance(plan.number_text))) +
					    px(24));
		const int inset = std::max(px(16), plan.radius / 2 + px(4));
		plan.number = QRect(plan.photo.x() + inset, plan.photo.y() + inset, w, h);
	}

	if (content.sold_out) {
		plan.stamp_font = olc::card_font(style, CardFont::Stamp);
		plan.stamp_text = has_text(content.sold_out_text) ? one_paragraph(content.sold_out_text)
								  : QStringLiteral("SOLD OUT");
		/* The stamp fits the photo even on a narrow horizontal card. */
		const QFontMetricsF metrics(plan.stamp_font);
		const qreal room = plan.photo.width() * 0.8 - px(44);
		const qreal natural = metrics.horizontalAdvance(plan.stamp_text);
		if (natural > room && room > 0)
			plan.stamp_font.setPixelSize(
				std::max(1, static_cast<int>(plan.stamp_font.pixelSize() * room / natural)));
		const QFontMetricsF fitted(plan.stamp_font);
		const int w = static_cast<int>(std::ceil(fitted.horizontalAdvance(plan.stamp_text))) + px(44);
		const int h = static_cast<int>(std::ceil(fitted.height())) + px(28);
		QTransform rotate;
		rotate.rotate(stamp_angle_degrees);
		const QRect upright(-w / 2, -h / 2, w, h);
		plan.stamp = rotate.mapRect(upright).translated(plan.photo.center());
	}
}

/* ---- painting ---- */

QPainterPath card_path(const Plan &plan)
{
	QPainterPath path;
	path.addRoundedRect(QRectF(0, 0, plan.width, plan.height), plan.radius, plan.radius);
	return path;
}

/* Scales and centre-crops the photo to cover the rect. QImage::scaled averages the source
 * pixels (a large photo shrunk stays smooth), which drawImage's bilinear filter would not. */
void paint_photo(QPainter &p, const Plan &plan, const olc_card_content &content)
{
	const QRect &r = plan.photo;
	const int stride = content.photo_stride > 0 ? content.photo_stride : content.photo_width * 4;
	const QImage source(content.photo_rgba, content.photo_width, content.photo_height, stride,
			    QImage::Format_RGBA8888);
	const double want = static_cast<double>(r.width()) / r.height();
	const double have = static_cast<double>(source.width()) / source.height();
	QRect crop = source.rect();
	if (have > want) {
		const int w = std::max(1, static_cast<int>(std::lround(source.height() * want)));
		crop = QRect((source.width() - w) / 2, 0, w, source.height());
	} else if (have < want) {
		const int h = std::max(1, static_cast<int>(std::lround(source.width() / want)));
		crop = QRect(0, (source.height() - h) / 2, source.width(), h);
	}
	const QImage fitted = source.copy(crop).scaled(r.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
	p.drawImage(r.topLeft(), fitted);
}

/* No photo yet (or none at all): a soft gradient with an outlined picture icon. */
void paint_placeholder(QPainter &p, const Plan &plan)
{
	const QRect &r = plan.photo;
	QLinearGradient fill(r.topLeft(), r.bottomRight());
	fill.setColorAt(0, plan.theme.placeholder_top);
	fill.setColorAt(1, plan.theme.placeholder_bottom);
	p.fillRect(r, fill);

	const qreal side = std::min(r.width(), r.height()) * 0.34;
	const QRectF icon(r.center().x() - side / 2, r.center().y() - side * 0.4, side, side * 0.8);
	QPen pen(plan.theme.placeholder_icon, std::max(1.0, side * 0.045));
	pen.setJoinStyle(Qt::RoundJoin);
	pen.setCapStyle(Qt::RoundCap);
	p.setPen(pen);
	p.setBrush(Qt::NoBrush);
	p.drawRoundedRect(icon, side * 0.1, side * 0.1);
	QPainterPath hills;
	hills.moveTo(icon.left() + side * 0.1, icon.bottom() - side * 0.12);
	hills.lineTo(icon.left() + side * 0.38, icon.top() + side * 0.38);
	hills.lineTo(icon.left() + side * 0.58, icon.top() + side * 0.56);
	hills.lineTo(icon.left() + side * 0.7, icon.top() + side * 0.45);
	hills.lineTo(icon.right() - side * 0.1, icon.bottom() - side * 0.12);
	p.drawPath(hills);
	p.drawEllipse(QPointF(icon.right() - side * 0.27, icon.top() + side * 0.22), side * 0.07, side * 0.07);
}

void paint_number(QPainter &p, const Plan &plan)
{
	if (plan.number.isEmpty())
		return;
	const QRectF r(plan.number);
	p.setPen(Qt::NoPen);
	p.setBrush(plan.theme.number_fill);
	p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
	p.setPen(plan.theme.number_text);
	p.setFont(plan.number_font);
	p.drawText(r, Qt::AlignCenter, plan.number_text);
}

void paint_price_row(QPainter &p, const Plan &plan)
{
	const CardTheme &t = plan.theme;
	const qreal baseline = plan.price_baseline;
	qreal x = plan.price.x();
	p.setPen(t.accent);
	const PriceParts &parts = plan.price_parts;
	if (!parts.prefix.isEmpty()) {
		p.setFont(plan.currency_font);
		p.drawText(QPointF(x, baseline), parts.prefix);
		x += QFontMetricsF(plan.currency_font).horizontalAdvance(parts.prefix);
	}
	p.setFont(plan.digits_font);
	p.drawText(QPointF(x, baseline), parts.digits);
	x += QFontMetricsF(plan.digits_font).horizontalAdvance(parts.digits);
	if (!parts.suffix.isEmpty()) {
		p.setFont(plan.currency_font);
		p.drawText(QPointF(x, baseline), parts.suffix);
	}

	if (!plan.compare_at.isEmpty()) {
		const QFontMetricsF metrics(plan.old_font);
		p.setFont(plan.old_font);
		p.setPen(t.text_secondary);
		p.drawText(QPointF(plan.compare_at.x(), baseline), plan.old_text);
		const qreal strike_y = baseline - metrics.capHeight() * 0.45;
		p.setPen(QPen(t.text_secondary, std::max(1.0, plan.px.factor * 1.6)));
		p.drawLine(QPointF(plan.compare_at.left(), strike_y),
			   QPointF(plan.compare_at.left() + metrics.horizontalAdvance(plan.old_text), strike_y));
	}

	if (!plan.badge.isEmpty()) {
		const QRectF r(plan.badge);
		p.setPen(Qt::NoPen);
		p.setBrush(t.accent);
		p.drawRoundedRect(r, plan.px(7), plan.px(7));
		p.setPen(t.on_accent);
		p.setFont(plan.badge_font);
		p.drawText(r, Qt::AlignCenter, plan.badge_text);
	}
}

void paint_tags(QPainter &p, const Plan &plan)
{
	p.setFont(plan.tag_font);
	for (const Chip &chip : plan.chips) {
		const QRectF r(chip.rect);
		p.setPen(Qt::NoPen);
		p.setBrush(plan.theme.chip_fill);
		p.drawRoundedRect(r, plan.px(8), plan.px(8));
		p.setPen(plan.theme.accent);
		p.drawText(r, Qt::AlignCenter, chip.text);
	}
}

/* The stock bar fill's gradient, left to right: drawn here, or reported for a caller that draws
 * the fill itself (stock_fill_external). */
std::pair<QColor, QColor> stock_fill_colors(const CardTheme &t)
{
	return {t.accent.lighter(125), t.accent};
}

void paint_stock(QPainter &p, const Plan &plan)
{
	if (plan.stock.isEmpty())
		return;
	const CardTheme &t = plan.theme;
	int text_x = plan.stock.x();
	if (!plan.stock_bar.isEmpty()) {
		const QRectF bar(plan.stock_bar);
		const qreal round = bar.height() / 2;
		p.setPen(Qt::NoPen);
		p.setBrush(t.track);
		p.drawRoundedRect(bar, round, round);
		if (plan.stock_fill > 0 && !plan.stock_fill_external) {
			/* A sliver of stock still shows as a round dot, not a hairline. */
			const qreal w = std::max(bar.height(), bar.width() * plan.stock_fill);
			QLinearGradient fill(bar.topLeft(), bar.topRight());
			fill.setColorAt(0, stock_fill_colors(t).first);
			fill.setColorAt(1, stock_fill_colors(t).second);
			p.setBrush(fill);
			p.drawRoundedRect(QRectF(bar.x(), bar.y(), w, bar.height()), round, round);
		}
		text_x = plan.stock_bar.right() + 1 + plan.px(12);
	}
	if (!plan.stock_text.isEmpty()) {
		QFont font = plan.body_font;
		if (plan.stock_low)
			font.setWeight(QFont::Bold);
		p.setFont(font);
		p.setPen(plan.stock_low ? t.accent : t.text_secondary);
		const QRect text_rect(text_x, plan.stock.y(), plan.stock.right() + 1 - text_x, plan.stock.height());
		p.drawText(text_rect, Qt::AlignVCenter | Qt::AlignLeft, plan.stock_text);
	}
}

/* A ticket: a solid stub with a percent sign, a tinted body with the coupon's words, and two
 * notches at the perforation. */
void paint_coupon(QPainter &p, const Plan &plan)
{
	if (plan.coupon.isEmpty())
		return;
	const CardTheme &t = plan.theme;
	const QRectF r(plan.coupon);
	const qreal stub = plan.px(40), notch = plan.px(5), round = plan.px(6);

	QPainterPath ticket;
	ticket.addRoundedRect(r, round, round);
	QPainterPath notches;
	notches.addEllipse(QPointF(r.left() + stub, r.top()), notch, notch);
	notches.addEllipse(QPointF(r.left() + stub, r.bottom()), notch, notch);
	ticket = ticket.subtracted(notches);

	QPainterPath stub_area;
	stub_area.addRect(QRectF(r.left(), r.top(), stub, r.height()));
	p.setPen(Qt::NoPen);
	p.fillPath(ticket.subtracted(stub_area), t.coupon_fill);
	p.fillPath(ticket.intersected(stub_area), t.accent);

	QFont mark = plan.body_font;
	mark.setWeight(QFont::Bold);
	p.setFont(mark);
	p.setPen(t.on_accent);
	p.drawText(QRectF(r.left(), r.top(), stub, r.height()), Qt::AlignCenter, QStringLiteral("%"));

	p.setFont(plan.body_font);
	p.setPen(t.coupon_text);
	p.drawText(QRectF(r.left() + stub + plan.px(14), r.top(), r.width() - stub - plan.px(14), r.height()),
		   Qt::AlignVCenter | Qt::AlignLeft, plan.coupon_text);
}

/* Dark modules on white whatever the look, each module a whole number of pixels on the pixel
 * grid, no antialiasing: a phone must read it off a TV. */
void paint_qr(QPainter &p, const Plan &plan, const olc_card_content &content)
{
	if (plan.qr.isEmpty())
		return;
	const int m = plan.qr_module;
	p.setRenderHint(QPainter::Antialiasing, true);
	p.setPen(Qt::NoPen);
	p.setBrush(Qt::white);
	/* Rounded only within the quiet zone: a corner radius r cuts at most 0.3 r into it. */
	const qreal round = std::min<qreal>(qr_quiet_modules * m, plan.px(10));
	p.drawRoundedRect(QRectF(plan.qr), round, round);
	/* A hairline in the look's edge colour on the panel's outermost pixels (still light enough
	 * to read as quiet zone) sets the white panel off from a white card. */
	if (plan.theme.border.alpha() > 0) {
		p.setBrush(Qt::NoBrush);
		p.setPen(QPen(plan.theme.border, 1));
		p.drawRoundedRect(QRectF(plan.qr).adjusted(0.5, 0.5, -0.5, -0.5), round, round);
	}

	p.setRenderHint(QPainter::Antialiasing, false);
	const int x0 = plan.qr.x() + qr_quiet_modules * m;
	const int y0 = plan.qr.y() + qr_quiet_modules * m;
	const int n = content.qr_size;
	for (int y = 0; y < n; y++) {
		const unsigned char *row = content.qr_modules + static_cast<size_t>(y) * static_cast<size_t>(n);
		for (int x = 0; x < n; x++) {
			/* Runs of dark modules in one rectangle: fewer calls, same pixels. */
			if (!row[x])
				continue;
			int run = 1;
			while (x + run < n && row[x + run])
				run++;
			p.fillRect(QRect(x0 + x * m, y0 + y * m, run * m, m), Qt::black);
			x += run - 1;
		}
	}
	p.setRenderHint(QPainter::Antialiasing, true);

	if (plan.caption_text) {
		p.setPen(plan.theme.text_secondary);
		plan.caption_text->draw(p, plan.qr_caption.topLeft());
	}
}

/* A shopping cart as a drawing (handle, basket, rail, two wheels) in the on-accent colour: every
 * font has it, unlike the 🛒 emoji, which needs a colour emoji font OBS may not find. */
void paint_cart_glyph(QPainter &p, const QRectF &box, const QColor &colour)
{
	const qreal s = box.width();
	auto at = [&](qreal x, qreal y) { return QPointF(box.x() + x * s, box.y() + y * s); };
	QPen pen(colour, std::max<qreal>(1.0, s * 0.075), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
	p.setPen(pen);
	p.setBrush(Qt::NoBrush);
	QPainterPath rail;
	rail.moveTo(at(0.04, 0.16));
	rail.lineTo(at(0.19, 0.16));
	rail.lineTo(at(0.33, 0.66));
	rail.lineTo(at(0.86, 0.66));
	p.drawPath(rail);
	QPainterPath basket;
	basket.moveTo(at(0.23, 0.29));
	basket.lineTo(at(0.95, 0.29));
	basket.lineTo(at(0.86, 0.56));
	basket.lineTo(at(0.31, 0.56));
	basket.closeSubpath();
	p.setBrush(colour);
	p.drawPath(basket);
	p.setPen(Qt::NoPen);
	const qreal wheel = s * 0.085;
	p.drawEllipse(at(0.39, 0.83), wheel, wheel);
	p.drawEllipse(at(0.80, 0.83), wheel, wheel);
}

/* The cart's call to action where the QR would be: the accent panel, the glyph, the words. */
void paint_cart(QPainter &p, const Plan &plan)
{
	if (plan.cart.isEmpty())
		return;
	const CardTheme &t = plan.theme;
	p.setPen(Qt::NoPen);
	p.setBrush(t.accent);
	p.drawRoundedRect(QRectF(plan.cart), plan.px(16), plan.px(16));
	paint_cart_glyph(p, QRectF(plan.cart_icon), t.on_accent);
	p.setPen(t.on_accent);
	plan.cart_text->draw(p, plan.cart_words.topLeft());
}

/* The card's edge: a hairline for light and dark; for the festive look a gold frame, a gold rule
 * between photo and text and a fine gold line around the text area. */
void paint_frame(QPainter &p, const Plan &plan)
{
	const CardTheme &t = plan.theme;
	const bool festive = t.ornament.alpha() > 0;
	p.setBrush(Qt::NoBrush);
	if (festive) {
		const qreal rule = std::max(1.0, plan.px.factor * 3);
		p.setPen(QPen(t.border, rule, Qt::SolidLine, Qt::FlatCap));
		if (plan.vertical)
			p.drawLine(QPointF(0, plan.photo.bottom() + 1), QPointF(plan.width, plan.photo.bottom() + 1));
		else
			p.drawLine(QPointF(plan.photo.right() + 1, 0), QPointF(plan.photo.right() + 1, plan.height));

		const QRectF text_area =
			plan.vertical
				? QRectF(0, plan.photo.bottom() + 1, plan.width, plan.height - plan.photo.bottom() - 1)
				: QRectF(plan.photo.right() + 1, 0, plan.width - plan.photo.right() - 1, plan.height);
		olc::paint_ornament(p, t, plan.px, text_area, plan.radius, plan.px(8));
	}
	olc::paint_border(p, t, plan.px, plan.width, plan.height, plan.radius);
}

/* Sold out: every pixel towards grey (keeping alpha), so the whole card reads as unavailable;
 * the stamp is drawn afterwards in colour. Works on premultiplied values directly: grey of a
 * premultiplied colour is the premultiplied grey. */
void grey_out(QImage &image, bool lighten)
{
	for (int y = 0; y < image.height(); y++) {
		uchar *row = image.scanLine(y);
		for (int x = 0; x < image.width(); x++) {
			uchar *px = row + x * 4;
			const int a = px[3];
			if (a == 0)
				continue;
			int v = (77 * px[0] + 150 * px[1] + 29 * px[2] + 128) >> 8;
			v = lighten ? v + (a - v) * 2 / 5 : v * 3 / 4;
			/* A trace of the original colour keeps the photo recognisable. */
			for (int c = 0; c < 3; c++)
				px[c] = static_cast<uchar>(std::min(a, (v * 15 + px[c]) / 16));
		}
	}
}

void paint_stamp(QPainter &p, const Plan &plan)
{
	if (plan.stamp.isEmpty())
		return;
	const CardTheme &t = plan.theme;
	const QFontMetricsF metrics(plan.stamp_font);
	const qreal w = std::ceil(metrics.horizontalAdvance(plan.stamp_text)) + plan.px(44);
	const qreal h = std::ceil(metrics.height()) + plan.px(28);
	p.save();
	p.translate(QRectF(plan.photo).center());
	p.rotate(stamp_angle_degrees);
	const QRectF outer(-w / 2, -h / 2, w, h);
	QColor paper = t.background;
	paper.setAlpha(215);
	p.setBrush(paper);
	p.setPen(QPen(t.stamp, plan.px.atleast1(5)));
	p.drawRoundedRect(outer, plan.px(12), plan.px(12));
	const qreal inset = plan.px(9);
	p.setBrush(Qt::NoBrush);
	p.setPen(QPen(t.stamp, plan.px.atleast1(2)));
	p.drawRoundedRect(outer.adjusted(inset, inset, -inset, -inset), plan.px(6), plan.px(6));
	p.setPen(t.stamp);
	p.setFont(plan.stamp_font);
	p.drawText(outer, Qt::AlignCenter, plan.stamp_text);
	p.restore();
}

void paint_card(QImage &image, const Plan &plan, const olc_card_content &content)
{
	image.fill(Qt::transparent);
	QPainter p(&image);
	p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);

	olc::paint_panel_body(p, plan.theme, plan.width, plan.height, plan.radius);

	p.save();
	p.setClipPath(card_path(plan));
	if (content.photo_rgba)
		paint_photo(p, plan, content);
	else
		paint_placeholder(p, plan);
	p.restore();

	paint_frame(p, plan);
	paint_number(p, plan);
	p.setPen(plan.theme.text);
	plan.title_text->draw(p, plan.title.topLeft());
	paint_price_row(p, plan);
	paint_tags(p, plan);
	paint_stock(p, plan);
	paint_coupon(p, plan);
	paint_qr(p, plan, content);
	paint_cart(p, plan);

	if (content.sold_out) {
		p.end();
		grey_out(image, plan.theme.grey_lightens);
		p.begin(&image);
		p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
		paint_stamp(p, plan);
	}
}

void fill_layout(olc_card_layout &layout, const Plan &plan)
{
	layout = olc_card_layout{};
	layout.card = to_c(QRect(0, 0, plan.width, plan.height));
	layout.photo = to_c(plan.photo);
	layout.title = to_c(plan.title);
	layout.price = to_c(plan.price);
	layout.compare_at = to_c(plan.compare_at);
	layout.badge = to_c(plan.badge);
	layout.tags = to_c(plan.tags);
	layout.stock = to_c(plan.stock);
	layout.stock_bar = to_c(plan.stock_bar);
	layout.coupon = to_c(plan.coupon);
	layout.qr = to_c(plan.qr);
	layout.qr_caption = to_c(plan.qr_caption);
	layout.number = to_c(plan.number);
	layout.sold_out_stamp = to_c(plan.stamp);
	layout.cart = to_c(plan.cart);
	layout.qr_module = plan.qr.isEmpty() ? 0 : plan.qr_module;
	if (!plan.stock_bar.isEmpty()) {
		layout.stock_fill_start = obs_color(stock_fill_colors(plan.theme).first);
		layout.stock_fill_end = obs_color(stock_fill_colors(plan.theme).second);
	}
}

/* The arguments a caller can get wrong, checked before any Qt object is made. */
const char *check_arguments(const olc_card_content *content, const olc_card_style *style, olc_raster_image *out)
{
	if (!content || !style || !out)
		return "no content, style or output image";
	if (const char *problem = olc::style_problem(*style))
		return problem;
	if (content->photo_rgba) {
		if (content->photo_width <= 0 || content->photo_height <= 0 || content->photo_width > max_photo_side ||
		    content->photo_height > max_photo_side)
			return "photo size out of range";
		if (content->photo_stride != 0 && content->photo_stride < content->photo_width * 4)
			return "photo stride shorter than a row";
	}
	if (content->qr_modules && (content->qr_size < 21 || content->qr_size > 177))
		return "QR size must be 21 to 177 modules";
	if (content->tag_count > 0 && !content->tags)
		return "tag_count without tags";
	return olc::gui_problem();
}

} // namespace

extern "C" void olc_card_style_default(struct olc_card_style *style)
{
	*style = olc_card_style{};
	style->look = OLC_CARD_LOOK_LIGHT;
	style->accent = 0;
	style->font_family = nullptr;
	style->language = nullptr;
	style->corner_radius = 24;
	style->scale = 1.0f;
	style->width = 560;
	style->show_qr = true;
	style->vertical = true;
}

extern "C" bool olc_card_rasterise(const struct olc_card_content *content, const struct olc_card_style *style,
				   struct olc_raster_image *out, struct olc_card_layout *layout, char *err,
				   size_t err_len)
{
	const olc::Report report("card rasteriser", err, err_len);
	if (out)
		*out = olc_raster_image{};
	if (const char *problem = check_arguments(content, style, out))
		return report.fail(problem);

	Plan plan;
	plan.px = Scale{style->scale};
	plan_card(plan, *content, *style);
	if (plan.width <= 0 || plan.height <= 0 || plan.width > max_image_side || plan.height > max_image_side ||
	    static_cast<long long>(plan.width) * plan.height > max_image_pixels)
		return report.fail("the card would be larger than a texture may be (8192 px a side, 32 megapixels)");
	if (!olc::allocate_image(*out, plan.width, plan.height))
		return report.fail("out of memory");
	{
		/* The QImage borrows the malloc'd memory, so the caller gets it without a copy. */
		QImage image = olc::wrap_image(*out);
		paint_card(image, plan, *content);
	}
	if (layout)
		fill_layout(*layout, plan);
	return report.done();
}

extern "C" bool olc_card_raster_prepare(const char *language)
{
	if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
		return false;
	olc_card_style style;
	olc_card_style_default(&style);
	style.language = language;
	/* Measuring one string in the title font loads the families it falls back to. */
	const QFontMetricsF metrics(olc::card_font(style, CardFont::Title));
	return metrics.horizontalAdvance(QStringLiteral("¥168 松茸 ཤ་མོ خوتەن")) > 0;
}

extern "C" void olc_raster_image_free(struct olc_raster_image *img)
{
	if (!img)
		return;
	std::free(img->pixels);
	*img = olc_raster_image{};
}
