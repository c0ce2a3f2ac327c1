#include "core/model/money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Active ISO 4217 currencies and their minor-unit exponents (the standard's list, not a payment
 * provider's: some providers treat e.g. ISK or HUF differently, and their parsers convert).
 * Fund and metal codes without a minor unit (XAU, XDR, ...) are left out on purpose. */
static const struct olc_currency currencies[] = {
	{"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2},
	{"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
	{"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2}, {"CAD", 2},
	{"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
	{"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2},
	{"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2},
	{"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2},
	{"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
	{"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2},
	{"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2},
	{"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MXV", 2},
	{"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3},
	{"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2},
	{"RSD", 2}, {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
	{"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2},
	{"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
	{"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2}, {"VED", 2},
	{"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0}, {"XPF", 0},
	{"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

const struct olc_currency *olc_currency_find(const char *code)
{
	if (!code)
		return NULL;

	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++) {
		if (strcmp(currencies[i].code, code) == 0)
			return &currencies[i];
	}
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* value = value * 10 + digit, refusing to pass limit. */
static bool push_digit(uint64_t *value, unsigned digit, uint64_t limit)
{
	if (*value > (limit - digit) / 10)
		return false;
	*value = *value * 10 + digit;
	return true;
}

static const struct olc_currency *find_or_explain(const char *code, struct olc_error *err)
{
	const struct olc_currency *currency = olc_currency_find(code);
	if (!currency) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown currency \"%s\" (expected an ISO 4217 code such as CNY, EUR or USD)",
			      olc_error_excerpt(shown, sizeof(shown), code));
	}
	return currency;
}

bool olc_money_parse(const char *text, const char *currency, struct olc_money *out, struct olc_error *err)
{
	const struct olc_currency *cur = find_or_explain(currency, err);
	if (!cur)
		return false;
	if (!text) {
		olc_error_set(err, "no price given");
		return false;
	}

	char shown[OLC_EXCERPT_LEN];
	const char *p = text;
	bool negative = *p == '-';
	if (negative)
		p++;

	const char *whole = p;
	while (is_digit(*p))
		p++;
	size_t whole_digits = (size_t)(p - whole);

	const char *fraction = NULL;
	size_t fraction_digits = 0;
	if (*p == '.') {
		fraction = ++p;
		while (is_digit(*p))
			p++;
		fraction_digits = (size_t)(p - fraction);
	}

	if (*p != '\0' || whole_digits == 0 || (fraction && fraction_digits == 0)) {
		olc_error_set(err, "\"%s\" is not a price (expected digits with an optional decimal point, like 39.90)",
			      olc_error_excerpt(shown, sizeof(shown), text));
		return false;
	}
	if (fraction_digits > (size_t)cur->exponent) {
		if (cur->exponent == 0)
			olc_error_set(err, "\"%s\" has decimals, but %s prices are whole numbers",
				      olc_error_excerpt(shown, sizeof(shown), text), cur->code);
		else
			olc_error_set(err, "\"%s\" has more decimals than %s allows (%d)",
				      olc_error_excerpt(shown, sizeof(shown), text), cur->code, cur->exponent);
		return false;
	}

	/* The magnitude of INT64_MIN is one more than INT64_MAX. */
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t value = 0;
	bool fits = true;
	for (size_t i = 0; fits && i < whole_digits; i++)
		fits = push_digit(&value, (unsigned)(whole[i] - '0'), limit);
	for (size_t i = 0; fits && i < fraction_digits; i++)
		fits = push_digit(&value, (unsigned)(fraction[i] - '0'), limit);
	for (size_t i = fraction_digits; fits && i < (size_t)cur->exponent; i++)
		fits = push_digit(&value, 0, limit);
	if (!fits) {
		olc_error_set(err, "\"%s\" is too large for a price", olc_error_excerpt(shown, sizeof(shown), text));
		return false;
	}

	if (!negative)
		out->minor = (int64_t)value;
	else if (value == (uint64_t)INT64_MAX + 1)
		out->minor = INT64_MIN;
	else
		out->minor = -(int64_t)value;
	memcpy(out->currency, cur->code, sizeof(out->currency));
	return true;
}

int olc_money_format_plain(const struct olc_money *m, char *buf, size_t len)
{
	const struct olc_currency *cur = m ? olc_currency_find(m->currency) : NULL;
	if (!cur) {
		if (buf && len > 0)
			buf[0] = '\0';
		return -1;
	}

	const char *sign = m->minor < 0 ? "-" : "";
	uint64_t magnitude = m->minor < 0 ? (uint64_t)0 - (uint64_t)m->minor : (uint64_t)m->minor;
	if (cur->exponent == 0)
		return snprintf(buf, len, "%s%" PRIu64, sign, magnitude);

	uint64_t scale = 1;
	for (int i = 0; i < cur->exponent; i++)
		scale *= 10;
	return snprintf(buf, len, "%s%" PRIu64 ".%0*" PRIu64, sign, magnitude / scale, cur->exponent,
			magnitude % scale);
}

bool olc_money_set(struct olc_money *out, int64_t minor, const char *currency)
{
	const struct olc_currency *cur = olc_currency_find(currency);
	if (!cur)
		return false;
	out->minor = minor;
	memcpy(out->currency, cur->code, sizeof(out->currency));
	return true;
}

bool olc_money_same_currency(const struct olc_money *a, const struct olc_money *b)
{
	return strncmp(a->currency, b->currency, sizeof(a->currency)) == 0;
}

bool olc_money_add(const struct olc_money *a, const struct olc_money *b, struct olc_money *out, struct olc_error *err)
{
	if (!olc_money_same_currency(a, b)) {
		olc_error_set(err, "cannot add an amount in %.3s to one in %.3s", b->currency, a->currency);
		return false;
	}
	if ((b->minor > 0 && a->minor > INT64_MAX - b->minor) || (b->minor < 0 && a->minor < INT64_MIN - b->minor)) {
		olc_error_set(err, "the sum is too large for an amount");
		return false;
	}
	out->minor = a->minor + b->minor;
	memmove(out->currency, a->currency, sizeof(out->currency));
	return true;
}

static bool multiply_fits(int64_t a, int64_t b)
{
	if (a == 0 || b == 0)
		return true;
	if (a > 0)
		return b > 0 ? a <= INT64_MAX / b : b >= INT64_MIN / a;
	return b > 0 ? a >= INT64_MIN / b : b >= INT64_MAX / a;
}

bool olc_money_multiply(const struct olc_money *m, int64_t factor, struct olc_money *out, struct olc_error *err)
{
	if (!multiply_fits(m->minor, factor)) {
		olc_error_set(err, "the total is too large for an amount");
		return false;
	}
	out->minor = m->minor * factor;
	memmove(out->currency, m->currency, sizeof(out->currency));
	return true;
}
