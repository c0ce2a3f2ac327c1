/* The sales report of one session as a one-page PNG chart, drawn with Qt (QPainter on a QImage)
 * behind a C header: orders per minute over the session as bars, each featured interval as a
 * coloured band behind them labelled with its deck number and title, and the session's totals.
 * Strings are UTF-8 and already localised (the caller reads the locale files); Chinese titles
 * render with the CJK fonts the cards use (card-theme.h). Pure: any thread that may use QPainter
 * on a QImage (a QGuiApplication must exist). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/sales/report.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_REPORT_CHART_WIDTH  1600
#define OLC_REPORT_CHART_HEIGHT 1000

/* The chart's words; NULL: English. */
struct olc_report_chart_text {
	const char *title;             /* "Sales report" */
	const char *orders_per_minute; /* "Orders per minute" */
	const char *orders, *units, *revenue;
	const char *language; /* how money is written ("zh-CN": ¥168.00); NULL: the system's */
};

/* Where the chart drew the time axis, for tests: x = plot_x + (t - from_ms) * plot_width / (to_ms - from_ms). */
struct olc_report_chart_layout {
	int plot_x, plot_y, plot_width, plot_height;
	int64_t from_ms, to_ms;
	int minutes; /* bars */
};

/* Draws s and encodes it as PNG: malloc'd bytes in *png, their count in *len. layout may be NULL. */
bool olc_report_chart_draw(const struct olc_report_session *s, const struct olc_report_chart_text *text, void **png,
			   size_t *len, struct olc_report_chart_layout *layout, struct olc_error *err);

#ifdef __cplusplus
}
#endif
