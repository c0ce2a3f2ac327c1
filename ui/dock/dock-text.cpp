/* Labels for shop and error text in the dock; see dock-text.h. */
#include "dock/dock-text.h"

#include <QLabel>

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
