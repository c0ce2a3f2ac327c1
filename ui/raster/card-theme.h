/* The card's looks: colours of the light, dark and festive (red and gold) themes with the accent
 * applied, and the fonts of each text role with their script fallbacks. The rasteriser draws with
 * these; the tests use the same fonts to check that every script gets real glyphs. C++ only. */
#pragma once

#include <QColor>
#include <QFont>
#include <QStringList>

#include "raster/card-raster.h"

namespace olc {

struct CardTheme {
	QColor background;        /* card fill (the top of the gradient for the festive look) */
	QColor background_bottom; /* bottom of the card's vertical gradient */
	QColor border;            /* hairline around the card; alpha 0: none */
	QColor ornament;          /* inner decorative line (festive); alpha 0: none */
	QColor text;              /* title */
	QColor text_secondary;    /* old price, caption, stock text */
	QColor accent;            /* price, badge, chips, stock bar */
	QColor on_accent;         /* text on an accent fill (badge) */
	QColor chip_fill;         /* tag chip background */
	QColor coupon_fill;       /* coupon ticket background */
	QColor coupon_text;
	QColor track;                                                 /* empty part of the stock bar */
	QColor placeholder_top, placeholder_bottom, placeholder_icon; /* photo placeholder */
	QColor number_fill, number_text;                              /* "#3" badge over the photo */
	QColor stamp;                                                 /* sold-out stamp */
	bool grey_lightens; /* a sold-out card fades towards white (light) or stays dark */
};

/* The look of style->look with style->accent applied (accent 0: the look's own). */
CardTheme card_theme(const olc_card_style &style);

enum class CardFont {
	Title,    /* bold, 2 lines */
	Price,    /* the digits of the price */
	Currency, /* the symbol beside them, smaller */
	OldPrice, /* struck through */
	Badge,    /* "−30%" */
	Tag,
	Body,    /* stock text, coupon */
	Caption, /* under the QR */
	Number,  /* "#3" */
	Stamp,   /* "已售罄" */
};

/* The font for a role at a scale, in pixels. Its families are card_font_families(). */
QFont card_font(const olc_card_style &style, CardFont role);

/* The same role's font at another size (design pixels at 1080p, times the style's scale) and
 * weight: the panels set their own sizes, the family chain stays the look's. */
QFont card_font(const olc_card_style &style, CardFont role, double design_px, bool bold);

/* The family chain: style->font_family (if any), Noto Sans, the CJK family for style->language,
 * then Arabic-script and Tibetan families; only families fontconfig actually has. */
QStringList card_font_families(const olc_card_style &style);

} // namespace olc
