/* What the rasterisers (card, goal, countdown, ticker) and the photo decoder share, so each of
 * them keeps only what it draws: design pixels to output pixels, rects and colours in the forms
 * their C headers hand out, the error text they write, the checks of a card style, images in
 * malloc'd memory, and the panel's body and edge. C++ only; no libobs. Pure functions (the
 * painters draw with the QPainter they are given): any thread that may use QPainter on a QImage. */
#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QRect>
#include <QRectF>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "raster/card-raster.h"

namespace olc {

struct CardTheme;

/* Design pixels (1080p) to output pixels, rounded once so edges stay on whole pixels. */
struct Scale {
	double factor;
	int operator()(double design_px) const { return static_cast<int>(std::lround(design_px * factor)); }
	/* At least one pixel: hairlines and gaps must not vanish at small scales. */
	int atleast1(double design_px) const { return std::max(1, (*this)(design_px)); }
};

/* A layout rect for the C side; an empty rect is all zeros. */
olc_card_rect to_c(const QRect &r);

/* 0xAABBGGRR, the form OBS colour settings and effect parameters use. */
unsigned int obs_color(const QColor &c);

/* The error text of one call: "<who>: <what>" into the caller's err buffer (cut to err_len),
 * nothing when err is NULL or err_len 0. `who` names the rasteriser ("card rasteriser"). */
class Report {
      public:
	Report(const char *who, char *err, size_t err_len) : who_(who), err_(err), err_len_(err_len) {}
	/* Writes what went wrong; returns false, for `return report.fail(...)`. */
	bool fail(const char *what) const;
	/* Empties the error text; returns true, for `return report.done()`. */
	bool done() const;

      private:
	const char *who_;
	char *err_;
	size_t err_len_;
};

/* What is wrong with a scale (0.25 to 4), or nullptr. */
const char *scale_problem(float scale);

/* What is wrong with a card style (look, scale, width, corner radius), or nullptr: the checks the
 * card, goal and countdown rasterisers make before any Qt object is made. */
const char *style_problem(const olc_card_style &style);

/* nullptr when a QGuiApplication runs; otherwise why text cannot be drawn (fonts come from the
 * GUI platform). */
const char *gui_problem();

/* Gives img zeroed memory for width x height RGBA pixels (premultiplied, stride width * 4),
 * which becomes the caller's (olc_raster_image_free). false when memory runs out. */
bool allocate_image(olc_raster_image &img, int width, int height);

/* A QImage over img's pixels (no copy): painting on it fills img. */
QImage wrap_image(olc_raster_image &img);

/* The panel's body: a rounded rect of width x height filled with the look's vertical gradient. */
void paint_panel_body(QPainter &p, const CardTheme &t, int width, int height, int radius);

/* The festive look's fine gold line, inset pixels inside area, its corners following radius. */
void paint_ornament(QPainter &p, const CardTheme &t, const Scale &px, QRectF area, int radius, qreal inset);

/* The panel's border when the look has one: a hairline, or a 3-pixel gold line for the festive
 * look, drawn inside the width x height rounded rect. */
void paint_border(QPainter &p, const CardTheme &t, const Scale &px, int width, int height, int radius);

} // namespace olc
