/* Labels and words of the dock; see dock-text.h. */
#include "dock/dock-text.h"

#include <QLabel>

extern "C" {
#include "raster/money-format.h"
}

QLabel *olc_dock_text_label(QWidget *parent)
{
	auto *label = new QLabel(parent);
	/* QLabel's default (Qt::AutoText) draws anything that looks like HTML as rich text: shop data
	 * would then choose fonts, draw pictures (even local files) and links in the dock. */
	label->setTextFormat(Qt::PlainText);
	label->setTextInteractionFlags(Qt::NoTextInteraction);
	label->setOpenExternalLinks(false);
	label->setWordWrap(true);
	return label;
}

QString olc_dock_relative_time(int64_t then_ms, int64_t now_ms)
{
	if (then_ms <= 0)
		return QString();
	const int64_t diff = then_ms - now_ms;
	const int64_t s = (diff < 0 ? -diff : diff) / 1000;
	const bool minutes = s >= 120;
	const QString amount = minutes ? olc_dock_tr("Dock.Minutes").arg(s / 60) : olc_dock_tr("Dock.Seconds").arg(s);
	return olc_dock_tr(diff < 0 ? "Dock.Ago" : "Dock.In").arg(amount);
}

void olc_dock_mark_error(QLabel *label)
{
	label->setProperty("themeID", QStringLiteral("error"));
	label->setProperty("class", QStringLiteral("text-danger"));
}

QString olc_dock_money(int64_t minor, const char *currency, const char *language)
{
	olc_money m = {};
	char buf[96] = "";
	if (olc_money_set(&m, minor, currency) && olc_money_format_display(&m, language, buf, sizeof(buf)) >= 0)
		return QString::fromUtf8(buf);
	return QString::number(minor);
}
