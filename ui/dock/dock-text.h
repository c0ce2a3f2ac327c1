/* Text in the dock: labels that show what the shop sent or an error (product titles, the featured
 * products, the connection's status and errors), the dock's own words, and times as people say
 * them. UI thread only. */
#pragma once

#include <QString>

#include <stdint.h>

class QLabel;
class QWidget;

/* A word-wrapped label, owned by parent, that shows its text exactly as given: never as rich text
 * (a title holding "<img src=...>" or "<a href=...>" is drawn as those characters) and never as a
 * link. */
QLabel *olc_dock_text_label(QWidget *parent);

/* The dock's words for a locale key ("Dock.Save") in OBS's interface language. Defined by the module
 * (dock-locale.cpp, obs_module_text); the widget tests define it from data/locale/en-US.ini. */
QString olc_dock_tr(const char *key);

/* How long ago then_ms was, or how long until it comes, from now_ms (Unix ms): "12 s ago",
 * "3 min ago", "in 4 s", "in 2 min"; "" when then_ms is 0 (never). */
QString olc_dock_relative_time(int64_t then_ms, int64_t now_ms);

/* An amount of minor units in currency, written as `language` writes money ("CN¥168.00" in en-US,
 * "¥168.00" in zh-CN; raster/money-format.h). The bare number when the currency is unknown. */
QString olc_dock_money(int64_t minor, const char *currency, const char *language);

/* Marks label as an error the way OBS's themes colour errors (OBS 30: themeID "error"; OBS 31 and
 * later: class "text-danger"), so the dock never picks its own red. */
void olc_dock_mark_error(QLabel *label);
