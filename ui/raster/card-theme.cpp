/* The three looks and the card's fonts; see card-theme.h. */
#include "raster/card-theme.h"

#include <QFontDatabase>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <utility>

namespace olc {

namespace {

QColor with_alpha(QColor c, double alpha)
{
	c.setAlphaF(static_cast<float>(alpha));
	return c;
}

/* OBS colours are 0xAABBGGRR. A colour picked without alpha (0x00BBGGRR) is meant opaque. */
QColor from_obs_color(unsigned int abgr)
{
	int alpha = static_cast<int>((abgr >> 24) & 0xFF);
	if (alpha == 0)
		alpha = 0xFF;
	return QColor(static_cast<int>(abgr & 0xFF), static_cast<int>((abgr >> 8) & 0xFF),
		      static_cast<int>((abgr >> 16) & 0xFF), alpha);
}

CardTheme light_theme()
{
	CardTheme t;
	t.background = QColor(0xFF, 0xFF, 0xFF);
	t.background_bottom = QColor(0xFA, 0xFA, 0xFB);
	t.border = QColor(0, 0, 0, 22);
	t.ornament = QColor(0, 0, 0, 0);
	t.text = QColor(0x16, 0x18, 0x23);
	t.text_secondary = QColor(0x8A, 0x8B, 0x91);
	t.accent = QColor(0xFE, 0x2C, 0x55);
	t.on_accent = QColor(0xFF, 0xFF, 0xFF);
	t.track = QColor(0xEE, 0xEE, 0xF1);
	t.placeholder_top = QColor(0xF4, 0xF5, 0xF7);
	t.placeholder_bottom = QColor(0xE4, 0xE6, 0xEA);
	t.placeholder_icon = QColor(0xB8, 0xBC, 0xC4);
	t.number_fill = QColor(0x10, 0x10, 0x14, 150);
	t.number_text = QColor(0xFF, 0xFF, 0xFF);
	t.stamp = QColor(0xD7, 0x26, 0x3D);
	t.grey_lightens = true;
	return t;
}

CardTheme dark_theme()
{
	CardTheme t;
	t.background = QColor(0x22, 0x22, 0x28);
	t.background_bottom = QColor(0x17, 0x17, 0x1C);
	t.border = QColor(255, 255, 255, 26);
	t.ornament = QColor(0, 0, 0, 0);
	t.text = QColor(0xF5, 0xF5, 0xF7);
	t.text_secondary = QColor(0x9A, 0x9A, 0xA6);
	t.accent = QColor(0xFF, 0x3B, 0x5C);
	t.on_accent = QColor(0xFF, 0xFF, 0xFF);
	t.track = QColor(0x34, 0x34, 0x3C);
	t.placeholder_top = QColor(0x2E, 0x2E, 0x36);
	t.placeholder_bottom = QColor(0x22, 0x22, 0x29);
	t.placeholder_icon = QColor(0x55, 0x55, 0x60);
	t.number_fill = QColor(0x00, 0x00, 0x00, 160);
	t.number_text = QColor(0xFF, 0xFF, 0xFF);
	t.stamp = QColor(0xFF, 0x4D, 0x5E);
	t.grey_lightens = false;
	return t;
}

/* Chinese new-year red with gold: the look of festival sales (618, Double 11, Spring Festival). */
CardTheme festive_theme()
{
	CardTheme t;
	t.background = QColor(0xD8, 0x1E, 0x2C);
	t.background_bottom = QColor(0xA3, 0x0B, 0x1B);
	t.border = QColor(0xF2, 0xC1, 0x4E);
	t.ornament = QColor(0xF7, 0xD2, 0x7A, 150);
	t.text = QColor(0xFF, 0xF5, 0xE1);
	t.text_secondary = QColor(0xF6, 0xC9, 0xA8);
	t.accent = QColor(0xFF, 0xD4, 0x5E);
	t.on_accent = QColor(0xA3, 0x0B, 0x1B);
	t.track = QColor(0x6E, 0x05, 0x10, 150);
	t.placeholder_top = QColor(0xC0, 0x15, 0x24);
	t.placeholder_bottom = QColor(0x8E, 0x08, 0x16);
	t.placeholder_icon = QColor(0xF2, 0xC1, 0x4E, 170);
	t.number_fill = QColor(0xF2, 0xC1, 0x4E);
	t.number_text = QColor(0x8E, 0x08, 0x16);
	t.stamp = QColor(0xE0, 0x1E, 0x2E);
	t.grey_lightens = false;
	return t;
}

enum class CjkForm { Simplified, Traditional, HongKong, Japanese, Korean };

CjkForm cjk_form(const char *language)
{
	if (!language)
		return CjkForm::Simplified;
	const QString lang = QString::fromUtf8(language).replace(QLatin1Char('_'), QLatin1Char('-'));
	if (lang.startsWith(QLatin1String("ja"), Qt::CaseInsensitive))
		return CjkForm::Japanese;
	if (lang.startsWith(QLatin1String("ko"), Qt::CaseInsensitive))
		return CjkForm::Korean;
	if (lang.compare(QLatin1String("zh-HK"), Qt::CaseInsensitive) == 0 ||
	    lang.compare(QLatin1String("zh-MO"), Qt::CaseInsensitive) == 0)
		return CjkForm::HongKong;
	if (lang.compare(QLatin1String("zh-TW"), Qt::CaseInsensitive) == 0 ||
	    lang.contains(QLatin1String("Hant"), Qt::CaseInsensitive))
		return CjkForm::Traditional;
	return CjkForm::Simplified;
}

const char *cjk_family(CjkForm form)
{
	switch (form) {
	case CjkForm::Traditional:
		return "Noto Sans CJK TC";
	case CjkForm::HongKong:
		return "Noto Sans CJK HK";
	case CjkForm::Japanese:
		return "Noto Sans CJK JP";
	case CjkForm::Korean:
		return "Noto Sans CJK KR";
	case CjkForm::Simplified:
		break;
	}
	return "Noto Sans CJK SC";
}

struct RoleSpec {
	double pixels; /* at scale 1 */
	bool bold;
};

RoleSpec role_spec(CardFont role)
{
	switch (role) {
	case CardFont::Title:
		return {29, true};
	case CardFont::Price:
		return {50, true};
	case CardFont::Currency:
		return {30, true};
	case CardFont::OldPrice:
		return {22, false};
	case CardFont::Badge:
		return {20, true};
	case CardFont::Tag:
		return {18, false};
	case CardFont::Body:
		return {19, false};
	case CardFont::Caption:
		return {16, false};
	case CardFont::Number:
		return {21, true};
	case CardFont::Stamp:
		return {44, true};
	}
	return {20, false};
}

} // namespace

CardTheme card_theme(const olc_card_style &style)
{
	CardTheme theme;
	switch (style.look) {
	case OLC_CARD_LOOK_DARK:
		theme = dark_theme();
		break;
	case OLC_CARD_LOOK_FESTIVE:
		theme = festive_theme();
		break;
	case OLC_CARD_LOOK_LIGHT:
	case OLC_CARD_LOOK_COUNT:
		theme = light_theme();
		break;
	}
	if (style.accent != 0) {
		theme.accent = from_obs_color(style.accent);
		/* Text on a custom accent: white unless the accent is light (gold, lime, sky). */
		theme.on_accent = theme.accent.lightnessF() > 0.72f ? QColor(0x20, 0x14, 0x08) : QColor(255, 255, 255);
	}
	/* Chips and the coupon are tints of the accent, so a custom accent recolours them too. */
	theme.chip_fill = with_alpha(theme.accent, style.look == OLC_CARD_LOOK_LIGHT ? 0.09 : 0.16);
	theme.coupon_fill = with_alpha(theme.accent, style.look == OLC_CARD_LOOK_LIGHT ? 0.10 : 0.18);
	theme.coupon_text = theme.accent;
	return theme;
}

QStringList card_font_families(const olc_card_style &style)
{
	const QString wanted = style.font_family ? QString::fromUtf8(style.font_family) : QString();
	const CjkForm form = cjk_form(style.language);

	/* Asking fontconfig whether a family exists costs about a millisecond; the answer does not
	 * change while OBS runs, so each chain is worked out once. */
	static std::mutex lock;
	static std::map<std::pair<QString, int>, QStringList> cache;
	const std::pair<QString, int> key(wanted, static_cast<int>(form));
	{
		std::lock_guard<std::mutex> guard(lock);
		auto it = cache.find(key);
		if (it != cache.end())
			return it->second;
	}

	const char *const fallbacks[] = {
		"Noto Sans",                               /* Latin, digits, currency signs */
		cjk_family(form),     "Noto Sans CJK SC",  /* any CJK, if the preferred form is missing */
		"Noto Sans Arabic",                        /* Uyghur, Arabic, Persian */
		"Noto Naskh Arabic",  "Noto Sans Tibetan", /* newer Noto releases */
		"Noto Serif Tibetan",                      /* Debian 13's fonts-noto-core */
		"Noto Sans Symbols",  "Noto Sans Symbols2", "DejaVu Sans",
	};
	QStringList families;
	if (!wanted.isEmpty() && QFontDatabase::hasFamily(wanted))
		families << wanted;
	/* Only installed families: fontconfig would otherwise substitute some default font for a
	 * missing name, ahead of the real fallbacks further down the list. */
	for (const char *name : fallbacks) {
		const QString family = QString::fromLatin1(name);
		if (!families.contains(family) && QFontDatabase::hasFamily(family))
			families << family;
	}

	std::lock_guard<std::mutex> guard(lock);
	cache.emplace(key, families);
	return families;
}

QFont card_font(const olc_card_style &style, CardFont role)
{
	const RoleSpec spec = role_spec(role);
	QFont font;
	font.setFamilies(card_font_families(style));
	font.setPixelSize(std::max(1, static_cast<int>(std::lround(spec.pixels * style.scale))));
	font.setWeight(spec.bold ? QFont::Bold : QFont::Normal);
	/* Unhinted outlines scale smoothly with the card and rasterise the same on every machine
	 * with the same fonts, which keeps the golden images comparable. */
	font.setHintingPreference(QFont::PreferNoHinting);
	font.setStyleStrategy(QFont::PreferAntialias);
	return font;
}

QFont card_font(const olc_card_style &style, CardFont role, double design_px, bool bold)
{
	QFont font = card_font(style, role);
	font.setPixelSize(std::max(1, static_cast<int>(std::lround(design_px * style.scale))));
	font.setWeight(bold ? QFont::Bold : QFont::Normal);
	return font;
}

} // namespace olc
