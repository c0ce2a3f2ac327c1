/* Price text for a UI language; see money-format.h. The amount's digits are made from integers
 * here; QLocale only contributes the language's conventions, through a template it formats for the
 * integer 1 (its CLDR currency pattern), in which our exact amount then takes the place of the 1. */
#include "raster/money-format.h"

#include <QLocale>
#include <QString>

#include <cstdint>
#include <cstring>

namespace {

/* A stand-in for the symbol while the template is searched, so a symbol can never be mistaken for
 * the number (private use, never in CLDR data). */
const QChar symbol_placeholder(0xE000);

/* Symbols that say which dollar, yen or yuan they mean, for a currency shown outside its home
 * language (CLDR's international forms). Anything else is shown by its ISO code. */
const struct {
	const char *code;
	const char *symbol;
} foreign_symbols[] = {
	{"AUD", "A$"},  {"BRL", "R$"}, {"CAD", "CA$"}, {"CNY", "CN¥"}, {"EUR", "€"}, {"GBP", "£"},
	{"HKD", "HK$"}, {"ILS", "₪"},  {"INR", "₹"},   {"JPY", "JP¥"}, {"KRW", "₩"}, {"MXN", "MX$"},
	{"NZD", "NZ$"}, {"PHP", "₱"},  {"TWD", "NT$"}, {"USD", "US$"}, {"VND", "₫"},
};

QLocale locale_for(const char *language)
{
	if (!language || !*language)
		return QLocale::system();
	/* OBS names languages "zh-CN"; QLocale reads both separators, but be explicit. */
	return QLocale(QString::fromUtf8(language).replace(QLatin1Char('-'), QLatin1Char('_')));
}

QString symbol_for(const QLocale &locale, const char *code)
{
	const QString iso = QString::fromLatin1(code);
	if (locale.currencySymbol(QLocale::CurrencyIsoCode) == iso)
		return locale.currencySymbol(QLocale::CurrencySymbol);
	for (const auto &entry : foreign_symbols) {
		if (std::strcmp(entry.code, code) == 0)
			return QString::fromUtf8(entry.symbol);
	}
	return iso;
}

/* The magnitude in the locale's digits, grouping and decimal mark, with exactly `exponent`
 * decimals. The integer part goes through QLocale's integer formatting (exact for 64 bits); the
 * decimals are mapped digit by digit onto the locale's zero, since QLocale has no exact way to
 * print a fixed-point fraction. */
QString localized_amount(const QLocale &locale, uint64_t magnitude, int exponent)
{
	uint64_t scale = 1;
	for (int i = 0; i < exponent; i++)
		scale *= 10;

	QString text = locale.toString(static_cast<qulonglong>(magnitude / scale));
	if (exponent == 0)
		return text;

	const QList<uint> zero = locale.zeroDigit().toUcs4();
	const char32_t zero_cp = zero.isEmpty() ? U'0' : static_cast<char32_t>(zero.first());
	text += locale.decimalPoint();
	uint64_t fraction = magnitude % scale;
	for (uint64_t unit = scale / 10; unit > 0; unit /= 10) {
		const char32_t digit = zero_cp + static_cast<char32_t>(fraction / unit % 10);
		text += QString::fromUcs4(&digit, 1);
	}
	return text;
}

bool is_letter_at(const QString &text, qsizetype index)
{
	return index >= 0 && index < text.size() && text.at(index).isLetter();
}

/* The locale's positive currency pattern with `amount` for the number and `symbol` for the
 * symbol. A symbol ending (or starting) in a letter is kept apart from the digits by a no-break
 * space, as CLDR's currency spacing rule asks ("KWD 12.345", not "KWD12.345"). */
QString apply_pattern(const QLocale &locale, const QString &amount, const QString &symbol)
{
	const QString one = locale.toString(1);
	QString pattern = locale.toCurrencyString(qlonglong(1), QString(symbol_placeholder));
	const qsizetype number_at = pattern.indexOf(one);
	const qsizetype symbol_at = pattern.indexOf(symbol_placeholder);
	if (number_at < 0 || symbol_at < 0)
		return symbol + amount;

	const QChar nbsp(0x00A0);
	QString before_number, after_number;
	if (symbol_at + 1 == number_at && is_letter_at(symbol, symbol.size() - 1))
		before_number = nbsp;
	if (number_at + one.size() == symbol_at && is_letter_at(symbol, 0))
		after_number = nbsp;
	pattern.replace(number_at, one.size(), before_number + amount + after_number);
	pattern.replace(symbol_placeholder, symbol);
	return pattern;
}

/* snprintf's contract for UTF-8 text: the full length is returned, the copy is cut before any
 * character that would not fit whole. */
int copy_out(const QString &text, char *buf, size_t len)
{
	const QByteArray utf8 = text.toUtf8();
	if (buf && len > 0) {
		size_t n = static_cast<size_t>(utf8.size());
		if (n > len - 1) {
			n = len - 1;
			while (n > 0 && (static_cast<unsigned char>(utf8[static_cast<qsizetype>(n)]) & 0xC0) == 0x80)
				n--;
		}
		std::memcpy(buf, utf8.constData(), n);
		buf[n] = '\0';
	}
	return static_cast<int>(utf8.size());
}

int fail(char *buf, size_t len)
{
	if (buf && len > 0)
		buf[0] = '\0';
	return -1;
}

} // namespace

int olc_money_format_display(const struct olc_money *m, const char *language, char *buf, size_t len)
{
	const struct olc_currency *currency = m ? olc_currency_find(m->currency) : nullptr;
	if (!currency)
		return fail(buf, len);

	const QLocale locale = locale_for(language);
	/* Unsigned magnitude: -INT64_MIN does not fit in int64_t. */
	const uint64_t magnitude =
		m->minor < 0 ? uint64_t(0) - static_cast<uint64_t>(m->minor) : static_cast<uint64_t>(m->minor);
	QString text = apply_pattern(locale, localized_amount(locale, magnitude, currency->exponent),
				     symbol_for(locale, currency->code));
	/* Prices are not accounts: "-¥0.05", not the accounting "(¥0.05)" some patterns give. */
	if (m->minor < 0)
		text.prepend(locale.negativeSign());
	return copy_out(text, buf, len);
}

int olc_money_format_hidden(const char *currency_code, const char *language, const char *mask, char *buf, size_t len)
{
	const struct olc_currency *currency = olc_currency_find(currency_code);
	if (!currency)
		return fail(buf, len);

	const QLocale locale = locale_for(language);
	const QString hidden = QString::fromUtf8(mask ? mask : "???");
	return copy_out(apply_pattern(locale, hidden, symbol_for(locale, currency->code)), buf, len);
}
