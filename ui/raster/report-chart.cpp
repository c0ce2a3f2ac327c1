/* The sales report's chart; see report-chart.h. */
#include "raster/report-chart.h"

#include <QBuffer>
#include <QByteArray>
#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QString>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "raster/card-raster.h"
#include "raster/card-theme.h"
#include "raster/money-format.h"

namespace {

/* Light bands, one per product (by its place in the report), dark enough to tell apart on paper. */
const QColor band_colors[] = {
	QColor(255, 214, 153), QColor(166, 216, 255), QColor(183, 235, 170), QColor(255, 186, 201),
	QColor(214, 196, 255), QColor(255, 240, 150), QColor(160, 232, 224), QColor(230, 200, 170),
};
const QColor bar_color(37, 74, 140);
const QColor ink(30, 30, 30);
const QColor faint(120, 120, 120);

const char *or_default(const char *text, const char *fallback)
{
	return text && *text ? text : fallback;
}

QFont chart_font(const QStringList &families, int px, bool bold)
{
	QFont f;
	f.setFamilies(families);
	f.setPixelSize(px);
	f.setBold(bold);
	return f;
}

QString money(int64_t minor, const char *currency, const char *language)
{
	struct olc_money m = {};
	m.minor = minor;
	snprintf(m.currency, sizeof(m.currency), "%s", currency);
	char buf[64];
	if (olc_money_format_display(&m, language, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(minor));
	return QString::fromUtf8(buf);
}

QString product_label(const olc_report_product &p)
{
	QString name = QString::fromUtf8(p.title ? p.title : p.product_id);
	return p.number ? QStringLiteral("#%1 %2").arg(p.number).arg(name) : name;
}

} // namespace

extern "C" bool olc_report_chart_draw(const struct olc_report_session *s, const struct olc_report_chart_text *text,
				      void **png, size_t *len, struct olc_report_chart_layout *layout,
				      struct olc_error *err)
{
	if (!qGuiApp) {
		olc_error_set(err, "the chart needs Qt's application to draw");
		return false;
	}
	const olc_report_chart_text none = {};
	if (!text)
		text = &none;
	const int W = OLC_REPORT_CHART_WIDTH, H = OLC_REPORT_CHART_HEIGHT;
	QImage image(W, H, QImage::Format_RGB32);
	if (image.isNull()) {
		olc_error_set(err, "out of memory while drawing the chart");
		return false;
	}
	image.fill(Qt::white);

	olc_card_style style;
	olc_card_style_default(&style);
	style.language = text->language;
	const QStringList families = olc::card_font_families(style);

	QPainter p(&image);
	p.setRenderHint(QPainter::Antialiasing);
	p.setRenderHint(QPainter::TextAntialiasing);

	/* Title and totals. */
	char from[OLC_REPORT_TIME_LEN], to[OLC_REPORT_TIME_LEN];
	olc_report_time_text(s->start_ms, from);
	olc_report_time_text(s->until_ms, to);
	p.setPen(ink);
	p.setFont(chart_font(families, 40, true));
	p.drawText(QRect(60, 30, W - 120, 56), Qt::AlignLeft | Qt::AlignVCenter,
		   QString::fromUtf8(or_default(text->title, "Sales report")));
	p.setFont(chart_font(families, 22, false));
	p.setPen(faint);
	p.drawText(QRect(60, 30, W - 120, 56), Qt::AlignRight | Qt::AlignVCenter,
		   QStringLiteral("%1 – %2 UTC").arg(QString::fromUtf8(from), QString::fromUtf8(to)));
	p.setPen(ink);
	p.setFont(chart_font(families, 28, false));
	p.drawText(QRect(60, 96, W - 120, 44), Qt::AlignLeft | Qt::AlignVCenter,
		   QStringLiteral("%1 %2    %3 %4    %5 %6")
			   .arg(QString::fromUtf8(or_default(text->orders, "Orders")))
			   .arg(s->total.orders)
			   .arg(QString::fromUtf8(or_default(text->units, "Units")))
			   .arg(s->total.units)
			   .arg(QString::fromUtf8(or_default(text->revenue, "Revenue")),
				money(s->total.revenue_minor, s->currency, text->language)));

	/* The plot: minutes along x, orders per minute up. */
	const QRect plot(110, 190, W - 170, 560);
	const int64_t span = std::max<int64_t>(s->until_ms - s->start_ms, 1);
	const int minutes = static_cast<int>(std::min<int64_t>((span + 59999) / 60000, 24 * 60));
	std::vector<int64_t> per_minute(static_cast<size_t>(std::max(minutes, 1)), 0);
	for (size_t i = 0; i < s->order_time_count; i++) {
		int64_t m = (s->order_times[i] - s->start_ms) / 60000;
		m = std::clamp<int64_t>(m, 0, static_cast<int64_t>(per_minute.size()) - 1);
		per_minute[static_cast<size_t>(m)]++;
	}
	const int64_t peak = std::max<int64_t>(1, *std::max_element(per_minute.begin(), per_minute.end()));
	const int64_t axis_to = s->start_ms + static_cast<int64_t>(per_minute.size()) * 60000;
	auto x_of = [&](int64_t t) {
		t = std::clamp(t, s->start_ms, axis_to);
		return plot.left() + static_cast<int>((t - s->start_ms) * plot.width() / (axis_to - s->start_ms));
	};

	/* Bands first, so the bars stand in front of them. */
	p.setFont(chart_font(families, 20, true));
	for (size_t i = 0; i < s->interval_count; i++) {
		const olc_report_interval &iv = s->intervals[i];
		const int x0 = x_of(iv.from_ms), x1 = std::max(x_of(iv.to_ms), x0 + 1);
		const QRect band(x0, plot.top(), x1 - x0, plot.height());
		p.fillRect(band, band_colors[iv.product % (sizeof(band_colors) / sizeof(band_colors[0]))]);
		if (band.width() > 24) {
			p.setPen(ink);
			const QRect label = band.adjusted(4, 6, -4, 0);
			const QString words = QFontMetrics(p.font()).elidedText(product_label(s->products[iv.product]),
										 Qt::ElideRight, label.width());
			p.drawText(label, Qt::AlignLeft | Qt::AlignTop, words);
		}
	}

	/* Bars: one a minute, their height orders that minute, below the band labels. */
	const int bar_top = plot.top() + 40;
	const int bar_room = plot.bottom() - bar_top;
	for (size_t m = 0; m < per_minute.size(); m++) {
		if (!per_minute[m])
			continue;
		const int x0 = x_of(s->start_ms + static_cast<int64_t>(m) * 60000);
		/* The last minute's bar ends where the session did. */
		const int x1 = std::min(x_of(s->start_ms + static_cast<int64_t>(m + 1) * 60000),
					std::max(x_of(s->until_ms), x0 + 3));
		const int gap = x1 - x0 > 6 ? 2 : 0;
		const int h = static_cast<int>(per_minute[m] * bar_room / peak);
		p.fillRect(QRect(x0 + gap, plot.bottom() - h + 1, std::max(1, x1 - x0 - 2 * gap), h), bar_color);
	}

	/* Axes and their words. */
	p.setPen(QPen(ink, 2));
	p.drawLine(plot.bottomLeft(), plot.bottomRight());
	p.drawLine(plot.bottomLeft(), plot.topLeft());
	p.setFont(chart_font(families, 20, false));
	p.setPen(faint);
	p.drawText(QRect(0, bar_top - 12, plot.left() - 10, 24), Qt::AlignRight | Qt::AlignVCenter,
		   QString::number(peak));
	p.drawText(QRect(0, plot.bottom() - 12, plot.left() - 10, 24), Qt::AlignRight | Qt::AlignVCenter,
		   QStringLiteral("0"));
	const int step = minutes <= 15 ? 1 : minutes <= 60 ? 5 : minutes <= 180 ? 15 : 60;
	for (int m = 0; m <= static_cast<int>(per_minute.size()); m += step) {
		const int x = x_of(s->start_ms + static_cast<int64_t>(m) * 60000);
		p.drawText(QRect(x - 40, plot.bottom() + 6, 80, 26), Qt::AlignHCenter | Qt::AlignTop,
			   QStringLiteral("%1'").arg(m));
	}
	p.drawText(QRect(plot.left(), plot.bottom() + 34, plot.width(), 28), Qt::AlignLeft | Qt::AlignTop,
		   QString::fromUtf8(or_default(text->orders_per_minute, "Orders per minute")));

	/* The products: colour, number and title, orders and revenue. Two columns, as many as fit. */
	p.setFont(chart_font(families, 22, false));
	const int legend_top = plot.bottom() + 72, row_h = 34, col_w = (W - 120) / 2;
	const int rows = (H - 20 - legend_top) / row_h;
	/* The best sellers first, when not every product fits. */
	std::vector<size_t> order(s->product_count);
	for (size_t i = 0; i < order.size(); i++)
		order[i] = i;
	std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
		return s->products[a].overall.revenue_minor > s->products[b].overall.revenue_minor;
	});
	for (size_t k = 0; k < order.size() && static_cast<int>(k) < rows * 2; k++) {
		const size_t i = order[k];
		const olc_report_product &prod = s->products[i];
		const int col = static_cast<int>(k) / rows, row = static_cast<int>(k) % rows;
		const QRect cell(60 + col * col_w, legend_top + row * row_h, col_w - 20, row_h);
		p.fillRect(QRect(cell.left(), cell.top() + 6, 22, 22),
			   band_colors[i % (sizeof(band_colors) / sizeof(band_colors[0]))]);
		p.setPen(ink);
		/* Time on screen (m:ss), then orders and revenue over the whole session. */
		const int64_t shown_s = prod.featured_ms / 1000;
		const QString numbers = QStringLiteral("  %1:%2 · %3 %4 · %5")
						.arg(shown_s / 60)
						.arg(shown_s % 60, 2, 10, QLatin1Char('0'))
						.arg(prod.overall.orders)
						.arg(QString::fromUtf8(or_default(text->orders, "Orders")),
						     money(prod.overall.revenue_minor, s->currency, text->language));
		const QFontMetrics fm(p.font());
		const int numbers_w = fm.horizontalAdvance(numbers);
		const QRect name_rect(cell.left() + 32, cell.top(), cell.width() - 32 - numbers_w, cell.height());
		p.drawText(name_rect, Qt::AlignLeft | Qt::AlignVCenter,
			   fm.elidedText(product_label(prod), Qt::ElideRight, name_rect.width()));
		p.setPen(faint);
		p.drawText(cell, Qt::AlignRight | Qt::AlignVCenter, numbers);
	}
	p.end();

	if (layout) {
		layout->plot_x = plot.left();
		layout->plot_y = plot.top();
		layout->plot_width = plot.width();
		layout->plot_height = plot.height();
		layout->from_ms = s->start_ms;
		layout->to_ms = axis_to;
		layout->minutes = static_cast<int>(per_minute.size());
	}

	QByteArray bytes;
	QBuffer buffer(&bytes);
	buffer.open(QIODevice::WriteOnly);
	if (!image.save(&buffer, "PNG")) {
		olc_error_set(err, "the chart could not be encoded as PNG");
		return false;
	}
	*png = std::malloc(static_cast<size_t>(bytes.size()));
	if (!*png) {
		olc_error_set(err, "out of memory while encoding the chart");
		return false;
	}
	std::memcpy(*png, bytes.constData(), static_cast<size_t>(bytes.size()));
	*len = static_cast<size_t>(bytes.size());
	return true;
}
