/* The countdown rasteriser; see countdown-raster.h. */
#include "raster/countdown-raster.h"

#include "raster/card-theme.h"
#include "raster/raster-common.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {

using olc::CardFont;
using olc::CardTheme;
using olc::Scale;

constexpr int max_image_side = 8192;
constexpr char glyph_chars[OLC_COUNTDOWN_GLYPHS + 1] = "0123456789:";

/* Design pixels (1080p). */
constexpr double pad_x = 24, pad_top = 20, pad_bottom = 14;
constexpr double label_px = 24, digits_px = 104, end_px = 58;
constexpr double pill_pad_x = 18, pill_pad_y = 6, label_gap = 4, glyph_margin = 3;

struct Plan {
	Scale px{1.0};
	CardTheme theme;
	int width = 0, height = 0, radius = 0;
	QString label, end_label;
	QFont label_font, digits_font, end_font;
	QRect pill, digits;
	/* The glyph strip. */
	int margin = 0, digit_box = 0, colon_box = 0, cell_height = 0, strip_width = 0;
	qreal ascent = 0;
	QRect cells[OLC_COUNTDOWN_GLYPHS];
};

void plan_countdown(Plan &plan, const olc_countdown_content &content, const olc_card_style &style)
{
	const Scale &px = plan.px;
	plan.theme = olc::card_theme(style);
	plan.width = px(style.width);
	plan.radius = px(style.corner_radius);
	const int left = px(pad_x), inner = plan.width - 2 * left;
	int y = px(pad_top);

	plan.label_font = olc::card_font(style, CardFont::Title, label_px, true);
	plan.label = content.label ? QString::fromUtf8(content.label).simplified() : QString();
	if (!plan.label.isEmpty()) {
		const QFontMetricsF m(plan.label_font);
		const int pill_pad = px(pill_pad_x);
		plan.label = m.elidedText(plan.label, Qt::ElideRight, std::max(0, inner - 2 * pill_pad));
		const int w = static_cast<int>(std::ceil(m.horizontalAdvance(plan.label))) + 2 * pill_pad;
		const int h = static_cast<int>(std::ceil(m.height())) + 2 * px(pill_pad_y);
		plan.pill = QRect((plan.width - w) / 2, y, w, h);
		y += h + px(label_gap);
	}

	/* Digits: the widest digit sets every digit's box; the font shrinks until "60:00" fits. */
	plan.digits_font = olc::card_font(style, CardFont::Price, digits_px, true);
	plan.margin = px.atleast1(glyph_margin);
	auto measure = [&plan]() {
		const QFontMetricsF m(plan.digits_font);
		qreal widest = 0;
		for (char c = '0'; c <= '9'; c++)
			widest = std::max(widest, m.horizontalAdvance(QChar::fromLatin1(c)));
		plan.digit_box = static_cast<int>(std::ceil(widest));
		plan.colon_box = static_cast<int>(std::ceil(m.horizontalAdvance(QLatin1Char(':'))));
		plan.ascent = m.ascent();
		plan.cell_height = static_cast<int>(std::ceil(m.ascent() + m.descent())) + 2 * plan.margin;
	};
	measure();
	const int total = 4 * plan.digit_box + plan.colon_box;
	if (total > inner && total > 0) {
		const double shrink = static_cast<double>(inner) / total;
		plan.digits_font.setPixelSize(std::max(1, static_cast<int>(plan.digits_font.pixelSize() * shrink)));
		measure();
	}
	plan.digits = QRect(left, y, inner, plan.cell_height);
	y += plan.cell_height;
	plan.height = y + px(pad_bottom);

	int x = 0;
	for (int i = 0; i < OLC_COUNTDOWN_GLYPHS; i++) {
		const int box = glyph_chars[i] == ':' ? plan.colon_box : plan.digit_box;
		plan.cells[i] = QRect(x, 0, box + 2 * plan.margin, plan.cell_height);
		x += plan.cells[i].width();
	}
	plan.strip_width = x;

	plan.end_font = olc::card_font(style, CardFont::Title, end_px, true);
	plan.end_label = content.end_label ? QString::fromUtf8(content.end_label).simplified() : QString();
	if (!plan.end_label.isEmpty()) {
		const qreal w = QFontMetricsF(plan.end_font).horizontalAdvance(plan.end_label);
		if (w > inner && w > 0) {
			const double shrink = std::max(0.5, inner / w);
			plan.end_font.setPixelSize(std::max(1, static_cast<int>(plan.end_font.pixelSize() * shrink)));
		}
		plan.end_label = QFontMetricsF(plan.end_font).elidedText(plan.end_label, Qt::ElideRight, inner);
	}
}

void paint_panel(QImage &image, const Plan &plan, bool ended)
{
	const CardTheme &t = plan.theme;
	image.fill(Qt::transparent);
	QPainter p(&image);
	p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);

	olc::paint_panel_body(p, t, plan.width, plan.height, plan.radius);

	if (!plan.pill.isEmpty()) {
		const QRectF pill(plan.pill);
		p.setPen(Qt::NoPen);
		p.setBrush(t.accent);
		p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
		p.setFont(plan.label_font);
		p.setPen(t.on_accent);
		p.drawText(pill, Qt::AlignCenter, plan.label);
	}

	if (ended) {
		p.setFont(plan.end_font);
		p.setPen(t.accent);
		if (!plan.end_label.isEmpty()) {
			p.drawText(QRectF(plan.digits), Qt::AlignCenter, plan.end_label);
		} else {
			QFont zeros = plan.digits_font;
			p.setFont(zeros);
			p.drawText(QRectF(plan.digits), Qt::AlignCenter, QStringLiteral("00:00"));
		}
	}

	if (t.ornament.alpha() > 0)
		olc::paint_ornament(p, t, plan.px, QRectF(0, 0, plan.width, plan.height), plan.radius, plan.px(7));
	olc::paint_border(p, t, plan.px, plan.width, plan.height, plan.radius);
}

/* White glyphs on transparent: premultiplied, every channel is the coverage. */
void paint_glyphs(QImage &image, const Plan &plan)
{
	image.fill(Qt::transparent);
	QPainter p(&image);
	p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
	p.setFont(plan.digits_font);
	p.setPen(Qt::white);
	const QFontMetricsF m(plan.digits_font);
	for (int i = 0; i < OLC_COUNTDOWN_GLYPHS; i++) {
		const QString glyph = QString(QChar::fromLatin1(glyph_chars[i]));
		const QRect &cell = plan.cells[i];
		const qreal box = cell.width() - 2 * plan.margin;
		const qreal x = cell.x() + plan.margin + (box - m.horizontalAdvance(glyph)) / 2;
		p.drawText(QPointF(x, plan.margin + plan.ascent), glyph);
	}
}

const char *check_arguments(const olc_countdown_content *content, const olc_card_style *style,
			    olc_countdown_images *out)
{
	if (!content || !style || !out)
		return "no content, style or output images";
	if (const char *problem = olc::style_problem(*style))
		return problem;
	return olc::gui_problem();
}

} // namespace

extern "C" bool olc_countdown_rasterise(const struct olc_countdown_content *content, const struct olc_card_style *style,
					struct olc_countdown_images *out, struct olc_countdown_layout *layout,
					char *err, size_t err_len)
{
	const olc::Report report("countdown rasteriser", err, err_len);
	if (out)
		*out = olc_countdown_images{};
	if (const char *problem = check_arguments(content, style, out))
		return report.fail(problem);
	Plan plan;
	plan.px = Scale{style->scale};
	plan_countdown(plan, *content, *style);
	if (plan.width <= 0 || plan.height <= 0 || plan.width > max_image_side || plan.height > max_image_side ||
	    plan.strip_width > max_image_side)
		return report.fail("the panel would be larger than a texture may be");
	if (!olc::allocate_image(out->panel, plan.width, plan.height) ||
	    !olc::allocate_image(out->ended, plan.width, plan.height) ||
	    !olc::allocate_image(out->glyphs, plan.strip_width, plan.cell_height)) {
		olc_countdown_images_free(out);
		return report.fail("out of memory");
	}
	{
		QImage panel = olc::wrap_image(out->panel), ended = olc::wrap_image(out->ended),
		       glyphs = olc::wrap_image(out->glyphs);
		paint_panel(panel, plan, false);
		paint_panel(ended, plan, true);
		paint_glyphs(glyphs, plan);
	}
	if (layout) {
		*layout = olc_countdown_layout{};
		layout->panel = olc_card_rect{0, 0, plan.width, plan.height};
		layout->label = olc::to_c(plan.pill);
		layout->digits = olc::to_c(plan.digits);
		for (int i = 0; i < OLC_COUNTDOWN_GLYPHS; i++) {
			layout->glyph[i] = olc::to_c(plan.cells[i]);
			layout->advance[i] = plan.cells[i].width() - 2 * plan.margin;
		}
		layout->margin = plan.margin;
		layout->digit_color = olc::obs_color(plan.theme.text);
		layout->emphasis_color = olc::obs_color(plan.theme.accent);
	}
	return report.done();
}

extern "C" void olc_countdown_images_free(struct olc_countdown_images *images)
{
	if (!images)
		return;
	olc_raster_image_free(&images->panel);
	olc_raster_image_free(&images->ended);
	olc_raster_image_free(&images->glyphs);
}
