// The dock's labels for shop and error text (ui/dock/dock-text.cpp), as real widgets on Qt's offscreen
// platform: a product title full of markup is kept and drawn as the characters it is.
#include <gtest/gtest.h>

#include <QColor>
#include <QFontMetrics>
#include <QImage>
#include <QLabel>
#include <QString>
#include <QWidget>

#include "dock/dock-text.h"

TEST(DockText, ShopTextIsShownLiterallyNotAsRichText)
{
	QWidget dock;
	QLabel *label = olc_dock_text_label(&dock);
	const QString title =
		QStringLiteral("<b>x</b><img src=\"file:///etc/hostname\"> 松茸 <a href=\"https://x.example\">buy</a>");
	label->setText(title);

	EXPECT_EQ(label->textFormat(), Qt::PlainText);
	EXPECT_EQ(label->text(), title);
	EXPECT_FALSE(label->openExternalLinks());
	EXPECT_EQ(label->textInteractionFlags() & Qt::LinksAccessibleByMouse, 0);

	// Drawn on one line as wide as the characters: ink across the width of every character of the
	// markup (as rich text it would be one bold "x", a picture's place, 松茸 and a link).
	const int literal = QFontMetrics(label->font()).horizontalAdvance(title);
	const int width = literal + 20;
	label->resize(width, label->heightForWidth(width));
	QImage image(label->size(), QImage::Format_ARGB32);
	image.fill(Qt::white);
	label->render(&image);
	int rightmost = -1;
	for (int x = 0; x < image.width(); x++)
		for (int y = 0; y < image.height(); y++)
			if (qGray(image.pixel(x, y)) < 128)
				rightmost = x;
	EXPECT_GE(rightmost, literal * 9 / 10)
		<< "ink ends at x " << rightmost << " of the " << literal << " pixels the characters take";
}
