/* The order ticker's row rasteriser; see ticker-raster.h. Measure first (so the image size is
 * known and long rows are elided), then paint into malloc'd memory that becomes the caller's.
 * Sizes are design pixels at 1080p times the style's scale. */
#include "raster/ticker-raster.h"

#include "raster/card-theme.h"
#include "raster/raster-common.h"

#include <QFontMetricsF>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using olc::CardFont;
using olc::CardTheme;

/* Design pixels at 1080p. */
constexpr double row_height = 56;
constexpr double icon_inset = 8;   /* the icon's circle inside the pill */
constexpr double icon_gap = 12;    /* between the circle and the text */
constexpr double end_padding = 22; /* after the text */
constexpr double text_pixels = 24; /* the words */
constexpr double chip_pixels = 15; /* "TEST" */
constexpr double chip_padding = 8; /* inside the chip, each side */
constexpr double chip_gap = 10;    /* before the chip */
constexpr int max_image_side = 8192;

struct Piece {
	QString text;
	QFont font;
	QColor color;
	qreal width;
};

struct Plan {
	double factor;
	int height;
	qreal text_x;
	std::vector<Piece> pieces;
	bool chip;
	Piece chip_piece;
	qreal chip_width;
	int width;
	CardTheme theme;

	double px(double design) const { return design * factor; }
};

/* A span as one line: line breaks and tabs from a shop become spaces. The spaces around the
 * words stay, they separate the spans. */
QString one_line(const char *text)
{
	QString s = QString::fromUtf8(text);
	for (QChar &c : s) {
		if (c.isSpace() && c != QLatin1Char(' ') && c != QChar(0x3000))
			c = QLatin1Char(' ');
	}
	return s;
}

olc_card_style card_style(const olc_ticker_style &style)
{
	olc_card_style s;
	olc_card_style_default(&s);
	s.look = style.look;
	s.accent = style.accent;
	s.font_family = style.font_family && *style.font_family ? style.font_family : nullptr;
	s.language = style.language;
	s.scale = style.scale;
	return s;
}

QFont font_at(const olc_card_style &style, double pixels, bool bold)
{
	/* The card's font chain (the chosen family, then Noto for every script), at our size. */
	QFont font = olc::card_font(style, CardFont::Body);
	font.setPixelSize(std::max(1, static_cast<int>(std::lround(pixels * style.scale))));
	font.setWeight(bold ? QFont::Bold : QFont::Normal);
	return font;
}

/* Measures the words and elides what does not fit in style.max_width. */
void plan_row(Plan &plan, const olc_row_words &words, const olc_ticker_style &style)
{
	const olc_card_style cs = card_style(style);
	plan.factor = style.scale;
	plan.theme = olc::card_theme(cs);
	plan.height = olc_ticker_row_height(style.scale);
	const double diameter = plan.height - 2 * plan.px(icon_inset);
	plan.text_x = plan.px(icon_inset) + diameter + plan.px(icon_gap);

	const QFont regular = font_at(cs, text_pixels, false);
	const QFont bold = font_at(cs, text_pixels, true);
	plan.chip = false;
	for (size_t i = 0; i < words.count; i++) {
		const olc_span &span = words.spans[i];
		const QString text = one_line(span.text);
		if (text.isEmpty())
			continue;
		if (span.role == OLC_SPAN_CHIP) {
			const QFont chip_font = font_at(cs, chip_pixels, true);
			plan.chip = true;
			plan.chip_piece = {text, chip_font, plan.theme.accent,
					   QFontMetricsF(chip_font).horizontalAdvance(text)};
			plan.chip_width = plan.chip_piece.width + 2 * plan.px(chip_padding);
			continue;
		}
		Piece piece;
		piece.text = text;
		switch (span.role) {
		case OLC_SPAN_BUYER:
			piece.font = bold;
			piece.color = plan.theme.text;
			break;
		case OLC_SPAN_PRODUCT:
			piece.font = bold;
			piece.color = plan.theme.accent;
			break;
		case OLC_SPAN_MUTED:
			piece.font = regular;
			piece.color = plan.theme.text_secondary;
			break;
		default:
			piece.font = regular;
			piece.color = plan.theme.text;
			break;
		}
		piece.width = QFontMetricsF(piece.font).horizontalAdvance(text);
		plan.pieces.push_back(piece);
	}

	const qreal chip_room = plan.chip ? plan.px(chip_gap) + plan.chip_width : 0;
	const qreal limit = style.max_width > 0 ? style.max_width : max_image_side;
	qreal room = limit - plan.text_x - plan.px(end_padding) - chip_room;
	qreal used = 0;
	for (size_t i = 0; i < plan.pieces.size(); i++) {
		Piece &piece = plan.pieces[i];
		if (used + piece.width <= room) {
			used += piece.width;
			continue;
		}
		/* The first piece that does not fit ends in an ellipsis; the rest go. */
		const QFontMetricsF metrics(piece.font);
		piece.text = metrics.elidedText(piece.text, Qt::ElideRight, std::max<qreal>(0, room - used));
		piece.width = metrics.horizontalAdvance(piece.text);
		used += piece.width;
		plan.pieces.resize(i + 1);
		break;
	}
	plan.width = static_cast<int>(std::ceil(plan.text_x + used + chip_room + plan.px(end_padding)));
	plan.width = std::max(plan.width, plan.height);
}

void paint_pill(QPainter &p, const Plan &plan)
{
	const QRectF r(0, 0, plan.width, plan.height);
	const qreal radius = plan.height / 2.0;
	QPainterPath pill;
	pill.addRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
	QLinearGradient fill(0, 0, 0, plan.height);
	fill.setColorAt(0, plan.theme.background);
	fill.setColorAt(1, plan.theme.background_bottom);
	p.fillPath(pill, fill);
	if (plan.theme.border.alpha() > 0) {
		/* The festive gold line is a real border; the other looks' hairline only separates the
		 * pill from a similar background. */
		const bool gold = plan.theme.ornament.alpha() > 0;
		p.setPen(QPen(plan.theme.border, gold ? std::max(1.0, plan.px(2)) : std::max(1.0, plan.px(1))));
		p.setBrush(Qt::NoBrush);
		const qreal inset = gold ? plan.px(1) : 0.5;
		QPainterPath edge;
		edge.addRoundedRect(r.adjusted(inset, inset, -inset, -inset), radius - inset, radius - inset);
		p.drawPath(edge);
	}
}

/* A shopping cart on an accent circle: the row is an order at a glance, in any language. */
void paint_icon(QPainter &p, const Plan &plan)
{
	const qreal d = plan.height - 2 * plan.px(icon_inset);
	const QRectF circle(plan.px(icon_inset), plan.px(icon_inset), d, d);
	p.setPen(Qt::NoPen);
	p.setBrush(plan.theme.accent);
	p.drawEllipse(circle);

	const QPointF c = circle.center();
	const qreal u = d / 40.0; /* the cart is drawn on a 40-unit circle */
	auto at = [&](qreal x, qreal y) { return QPointF(c.x() + x * u, c.y() + y * u); };
	QPen line(plan.theme.on_accent, std::max(1.0, 2.4 * u));
	line.setCapStyle(Qt::RoundCap);
	line.setJoinStyle(Qt::RoundJoin);
	p.setPen(line);
	p.setBrush(Qt::NoBrush);
	QPainterPath handle;
	handle.moveTo(at(-12, -8));
	handle.lineTo(at(-8, -8));
	handle.lineTo(at(-5, 4));
	handle.lineTo(at(8, 4));
	p.drawPath(handle);
	QPainterPath basket;
	basket.moveTo(at(-7, -4));
	basket.lineTo(at(11, -4));
	basket.lineTo(at(9, 2));
	basket.lineTo(at(-5.5, 2));
	basket.closeSubpath();
	p.setBrush(plan.theme.on_accent);
	p.drawPath(basket);
	p.setPen(Qt::NoPen);
	p.drawEllipse(at(-3, 8.5), 2.3 * u, 2.3 * u);
	p.drawEllipse(at(7, 8.5), 2.3 * u, 2.3 * u);
}

void paint_row(QImage &image, const Plan &plan)
{
	image.fill(Qt::transparent);
	QPainter p(&image);
	p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
	paint_pill(p, plan);
	paint_icon(p, plan);

	qreal x = plan.text_x;
	const qreal middle = plan.height / 2.0;
	for (const Piece &piece : plan.pieces) {
		const QFontMetricsF m(piece.font);
		p.setFont(piece.font);
		p.setPen(piece.color);
		p.drawText(QPointF(x, middle + (m.ascent() - m.descent()) / 2.0), piece.text);
		x += piece.width;
	}
	if (plan.chip) {
		const qreal h = plan.px(chip_pixels) * 1.7;
		const QRectF chip(x + plan.px(chip_gap), middle - h / 2.0, plan.chip_width, h);
		QColor fill = plan.theme.accent;
		fill.setAlphaF(0.16f);
		p.setPen(QPen(plan.theme.accent, std::max(1.0, plan.px(1.2))));
		p.setBrush(fill);
		p.drawRoundedRect(chip, h / 2.0, h / 2.0);
		const QFontMetricsF m(plan.chip_piece.font);
		p.setFont(plan.chip_piece.font);
		p.setPen(plan.chip_piece.color);
		p.drawText(QPointF(chip.left() + plan.px(chip_padding), middle + (m.ascent() - m.descent()) / 2.0),
			   plan.chip_piece.text);
	}
}

} // namespace

extern "C" int olc_ticker_row_height(float scale)
{
	const double s = scale >= 0.25f && scale <= 4.0f ? scale : 1.0;
	return std::max(8, static_cast<int>(std::lround(row_height * s)));
}

extern "C" bool olc_ticker_rasterise(const struct olc_row_words *words, const struct olc_ticker_style *style,
				     int pad_to, struct olc_raster_image *out, int *row_width, char *err,
				     size_t err_len)
{
	const olc::Report report("ticker rasteriser", err, err_len);
	if (out)
		*out = olc_raster_image{};
	if (!words || !style || !out || (words->count > 0 && !words->spans))
		return report.fail("missing arguments");
	if (const char *problem = olc::scale_problem(style->scale))
		return report.fail(problem);
	if (const char *problem = olc::gui_problem())
		return report.fail(problem);

	Plan plan;
	plan_row(plan, *words, *style);
	int width = plan.width;
	if (pad_to > 1)
		width = (width + pad_to - 1) / pad_to * pad_to;
	if (width > max_image_side)
		return report.fail("the row would be wider than a texture may be (8192 px)");
	if (!olc::allocate_image(*out, width, plan.height))
		return report.fail("out of memory");
	{
		/* The QImage borrows the malloc'd memory, so the caller gets it without a copy. */
		QImage image = olc::wrap_image(*out);
		paint_row(image, plan);
	}
	if (row_width)
		*row_width = plan.width;
	return report.done();
}
