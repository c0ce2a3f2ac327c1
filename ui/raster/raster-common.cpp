/* What the rasterisers share; see raster-common.h. */
#include "raster/raster-common.h"

#include "raster/card-theme.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLinearGradient>
#include <QPainterPath>
#include <QPen>

#include <cstdio>
#include <cstdlib>

namespace olc {

olc_card_rect to_c(const QRect &r)
{
	if (r.isEmpty())
		return olc_card_rect{0, 0, 0, 0};
	return olc_card_rect{r.x(), r.y(), r.width(), r.height()};
}

unsigned int obs_color(const QColor &c)
{
	const QRgb rgb = c.rgba();
	return static_cast<unsigned int>(qRed(rgb)) | static_cast<unsigned int>(qGreen(rgb)) << 8 |
	       static_cast<unsigned int>(qBlue(rgb)) << 16 | static_cast<unsigned int>(qAlpha(rgb)) << 24;
}

bool Report::fail(const char *what) const
{
	if (err_ && err_len_ > 0)
		std::snprintf(err_, err_len_, "%s: %s", who_, what);
	return false;
}

bool Report::done() const
{
	if (err_ && err_len_ > 0)
		err_[0] = '\0';
	return true;
}

const char *scale_problem(float scale)
{
	if (!(scale >= 0.25f && scale <= 4.0f))
		return "scale must be between 0.25 and 4";
	return nullptr;
}

const char *style_problem(const olc_card_style &style)
{
	if (static_cast<int>(style.look) < 0 || static_cast<int>(style.look) >= OLC_CARD_LOOK_COUNT)
		return "unknown look";
	if (const char *problem = scale_problem(style.scale))
		return problem;
	if (style.width < 240 || style.width > 2000)
		return "width must be between 240 and 2000 pixels";
	if (style.corner_radius < 0)
		return "negative corner radius";
	return nullptr;
}

const char *gui_problem()
{
	if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
		return "needs a QGuiApplication (fonts come from the GUI platform)";
	return nullptr;
}

bool allocate_image(olc_raster_image &img, int width, int height)
{
	img.pixels = static_cast<unsigned char *>(std::calloc(static_cast<size_t>(width) * height, 4));
	if (!img.pixels)
		return false;
	img.width = width;
	img.height = height;
	img.stride = width * 4;
	return true;
}

QImage wrap_image(olc_raster_image &img)
{
	return QImage(img.pixels, img.width, img.height, img.stride, QImage::Format_RGBA8888_Premultiplied);
}

void paint_panel_body(QPainter &p, const CardTheme &t, int width, int height, int radius)
{
	QPainterPath shape;
	shape.addRoundedRect(QRectF(0, 0, width, height), radius, radius);
	QLinearGradient fill(0, 0, 0, height);
	fill.setColorAt(0, t.background);
	fill.setColorAt(1, t.background_bottom);
	p.fillPath(shape, fill);
}

void paint_ornament(QPainter &p, const CardTheme &t, const Scale &px, QRectF area, int radius, qreal inset)
{
	area.adjust(inset, inset, -inset, -inset);
	p.setBrush(Qt::NoBrush);
	p.setPen(QPen(t.ornament, std::max(1.0, px.factor * 1.2)));
	const qreal round = std::max<qreal>(px(4), radius - inset);
	p.drawRoundedRect(area, round, round);
}

void paint_border(QPainter &p, const CardTheme &t, const Scale &px, int width, int height, int radius)
{
	if (t.border.alpha() == 0)
		return;
	const bool festive = t.ornament.alpha() > 0;
	const qreal w = festive ? std::max(1.0, px.factor * 3) : std::max(1.0, px.factor);
	p.setBrush(Qt::NoBrush);
	p.setPen(QPen(t.border, w));
	const qreal round = std::max(0.0, radius - w / 2);
	p.drawRoundedRect(QRectF(0, 0, width, height).adjusted(w / 2, w / 2, -w / 2, -w / 2), round, round);
}

} // namespace olc
