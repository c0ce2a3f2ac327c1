/* The sales goal panel rasteriser; see goal-raster.h. Like the card: plan() measures and places in
 * output pixels (design pixels at 1080p times the scale), paint() draws into malloc'd memory that
 * becomes the caller's. */
#include "raster/goal-raster.h"

#include "raster/card-theme.h"
#include "raster/raster-common.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using olc::CardFont;
using olc::CardTheme;
using olc::Scale;

constexpr int max_image_side = 8192;

/* Design pixels (1080p) of the panel. */
constexpr double pad_x = 28, pad_top = 22, pad_bottom = 22;
constexpr double title_px = 30, progress_px = 26, value_px = 38, label_px = 17;
constexpr double bar_height = 26, row_gap = 14, stats_gap = 16;

QString one_line(const char *text)
{
	return text ? QString::fromUtf8(text).simplified() : QString();
}

struct Stat {
	QString value, label;
	QRect rect;
	QFont value_font;
};

struct Plan {
	Scale px{1.0};
	CardTheme theme;
	int width = 0, height = 0, radius = 0;
	QFont title_font, progress_font, label_font;
	QString title, progress;
	QRect title_rect, progress_rect, bar, stats;
	int first_baseline = 0;
	std::vector<Stat> stat_items;
	int value_baseline = 0, label_baseline = 0;
	int step_percent = 0;
};

void plan_panel(Plan &plan, const olc_goal_content &content, const olc_card_style &style)
{
	const Scale &px = plan.px;
	plan.theme = olc::card_theme(style);
	plan.width = px(style.width);
	plan.radius = px(style.corner_radius);
	plan.step_percent = content.step_percent >= 1 && content.step_percent <= 99 ? content.step_percent : 0;
	const int left = px(pad_x), inner = plan.width - 2 * left;

	plan.title_font = olc::card_font(style, CardFont::Title, title_px, true);
	plan.progress_font = olc::card_font(style, CardFont::Body, progress_px, true);
	plan.label_font = olc::card_font(style, CardFont::Caption, label_px, false);
	const QFontMetricsF title_m(plan.title_font), progress_m(plan.progress_font);

	/* First row: the progress keeps its width (it is what the host reads out), the title gets
	 * what is left, elided. */
	int y = px(pad_top);
	const int row_h = static_cast<int>(std::ceil(std::max(title_m.height(), progress_m.height())));
	plan.first_baseline = y + static_cast<int>(std::lround((row_h + title_m.ascent() - title_m.descent()) / 2));
	plan.progress = one_line(content.progress_text);
	const int progress_w =
		std::min(inner, static_cast<int>(std::ceil(progress_m.horizontalAdvance(plan.progress))));
	if (progress_w > 0)
		plan.progress_rect = QRect(left + inner - progress_w, y, progress_w, row_h);
	const int title_room = inner - (progress_w > 0 ? progress_w + px(16) : 0);
	plan.title = title_m.elidedText(one_line(content.title), Qt::ElideRight, std::max(0, title_room));
	if (!plan.title.isEmpty())
		plan.title_rect =
			QRect(left, y,
			      std::min(title_room, static_cast<int>(std::ceil(title_m.horizontalAdvance(plan.title)))),
			      row_h);
	if (plan.progress_rect.isValid() || plan.title_rect.isValid())
		y += row_h + px(row_gap);

	plan.bar = QRect(left, y, inner, px.atleast1(bar_height));
	y += plan.bar.height();

	const size_t count = std::min<size_t>(content.stat_count, OLC_GOAL_STATS_MAX);
	if (count > 0) {
		y += px(stats_gap);
		const QFontMetricsF label_m(plan.label_font);
		QFont value_font = olc::card_font(style, CardFont::Price, value_px, true);
		const int column = inner / static_cast<int>(count);
		/* One size for every value, shrunk until the widest fits its column: the row reads as
		 * one line of figures. */
		int value_w = 0;
		for (size_t i = 0; i < count; i++)
			value_w = std::max(value_w,
					   static_cast<int>(std::ceil(
						   QFontMetricsF(value_font)
							   .horizontalAdvance(one_line(content.stats[i].value)))));
		const int room = column - px(12);
		if (value_w > room && value_w > 0) {
			const double shrink = std::max(0.45, static_cast<double>(room) / value_w);
			value_font.setPixelSize(std::max(1, static_cast<int>(value_font.pixelSize() * shrink)));
		}
		const QFontMetricsF value_m(value_font);
		const int value_h = static_cast<int>(std::ceil(value_m.ascent() + value_m.descent()));
		const int label_h = static_cast<int>(std::ceil(label_m.height()));
		plan.value_baseline = y + static_cast<int>(std::ceil(value_m.ascent()));
		plan.label_baseline = y + value_h + px(2) + static_cast<int>(std::ceil(label_m.ascent()));
		const int stats_h = value_h + px(2) + label_h;
		for (size_t i = 0; i < count; i++) {
			Stat s;
			s.value = value_m.elidedText(one_line(content.stats[i].value), Qt::ElideRight, room);
			s.label = label_m.elidedText(one_line(content.stats[i].label), Qt::ElideRight, room);
			s.rect = QRect(left + column * static_cast<int>(i), y, column, stats_h);
			s.value_font = value_font;
			plan.stat_items.push_back(s);
		}
		plan.stats = QRect(left, y, inner, stats_h);
		y += stats_h;
	}
	plan.height = y + px(pad_bottom);
}

void paint_frame(QPainter &p, const Plan &plan)
{
	const CardTheme &t = plan.theme;
	/* The card's festive frame: a fine gold line inside the gold border. */
	if (t.ornament.alpha() > 0)
		olc::paint_ornament(p, t, plan.px, QRectF(0, 0, plan.width, plan.height), plan.radius, plan.px(8));
	olc::paint_border(p, t, plan.px, plan.width, plan.height, plan.radius);
}

void paint_panel(QImage &image, const Plan &plan)
{
	const CardTheme &t = plan.theme;
	image.fill(Qt::transparent);
	QPainter p(&image);
	p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);

	olc::paint_panel_body(p, t, plan.width, plan.height, plan.radius);

	if (!plan.title.isEmpty()) {
		p.setFont(plan.title_font);
		p.setPen(t.text);
		p.drawText(QPointF(plan.title_rect.x(), plan.first_baseline), plan.title);
	}
	if (!plan.progress.isEmpty()) {
		p.setFont(plan.progress_font);
		p.setPen(t.accent);
		p.drawText(QPointF(plan.progress_rect.x(), plan.first_baseline), plan.progress);
	}

	/* The empty track; the fill is the GPU's. */
	const QRectF bar(plan.bar);
	const qreal round = bar.height() / 2;
	p.setPen(Qt::NoPen);
	p.setBrush(t.track);
	p.drawRoundedRect(bar, round, round);
	if (plan.step_percent) {
		/* Faint notches where the celebrations are: the viewers see the next one coming. */
		QColor notch = t.text_secondary;
		notch.setAlpha(110);
		const qreal w = std::max(1.0, plan.px.factor * 2);
		for (int k = 1; k * plan.step_percent < 100; k++) {
			const qreal x = bar.left() + bar.width() * k * plan.step_percent / 100.0;
			p.fillRect(QRectF(x - w / 2, bar.top() + bar.height() * 0.25, w, bar.height() * 0.5), notch);
		}
	}

	for (const Stat &s : plan.stat_items) {
		p.setFont(s.value_font);
		p.setPen(t.text);
		const qreal value_w = QFontMetricsF(s.value_font).horizontalAdvance(s.value);
		p.drawText(QPointF(s.rect.center().x() + 1 - value_w / 2, plan.value_baseline), s.value);
		p.setFont(plan.label_font);
		p.setPen(t.text_secondary);
		const qreal label_w = QFontMetricsF(plan.label_font).horizontalAdvance(s.label);
		p.drawText(QPointF(s.rect.center().x() + 1 - label_w / 2, plan.label_baseline), s.label);
	}
	if (plan.stat_items.size() > 1) {
		/* Hairlines between the columns. */
		QColor rule = t.text_secondary;
		rule.setAlpha(60);
		for (size_t i = 1; i < plan.stat_items.size(); i++) {
			const QRect &r = plan.stat_items[i].rect;
			p.fillRect(QRectF(r.x(), r.y() + r.height() * 0.15, std::max(1.0, plan.px.factor),
					  r.height() * 0.7),
				   rule);
		}
	}
	paint_frame(p, plan);
}

const char *check_arguments(const olc_goal_content *content, const olc_card_style *style, olc_raster_image *out)
{
	if (!content || !style || !out)
		return "no content, style or output image";
	if (const char *problem = olc::style_problem(*style))
		return problem;
	return olc::gui_problem();
}

} // namespace

extern "C" bool olc_goal_rasterise(const struct olc_goal_content *content, const struct olc_card_style *style,
				   struct olc_raster_image *out, struct olc_goal_layout *layout, char *err,
				   size_t err_len)
{
	const olc::Report report("goal rasteriser", err, err_len);
	if (out)
		*out = olc_raster_image{};
	if (const char *problem = check_arguments(content, style, out))
		return report.fail(problem);
	Plan plan;
	plan.px = Scale{style->scale};
	plan_panel(plan, *content, *style);
	if (plan.width <= 0 || plan.height <= 0 || plan.width > max_image_side || plan.height > max_image_side)
		return report.fail("the panel would be larger than a texture may be");
	if (!olc::allocate_image(*out, plan.width, plan.height))
		return report.fail("out of memory");
	{
		QImage image = olc::wrap_image(*out);
		paint_panel(image, plan);
	}
	if (layout) {
		*layout = olc_goal_layout{};
		layout->panel = olc_card_rect{0, 0, plan.width, plan.height};
		layout->title = olc::to_c(plan.title_rect);
		layout->progress = olc::to_c(plan.progress_rect);
		layout->bar = olc::to_c(plan.bar);
		layout->stats = olc::to_c(plan.stats);
		const CardTheme &t = plan.theme;
		layout->fill_start = olc::obs_color(t.accent.lighter(125));
		layout->fill_end = olc::obs_color(t.accent);
		/* The glow: a warm white over red looks, the accent's light tint otherwise. */
		layout->glow = olc::obs_color(QColor(0xFF, 0xF4, 0xD6));
		layout->confetti_a = olc::obs_color(t.accent);
		layout->confetti_b = olc::obs_color(QColor(0xFF, 0xC8, 0x3D)); /* gold */
	}
	return report.done();
}
