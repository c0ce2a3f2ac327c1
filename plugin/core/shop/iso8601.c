#include "core/shop/iso8601.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/base/calendar.h"

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (unsigned)(c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

bool olc_iso8601_parse(const char *text, bool zone_optional, int64_t *out_ms)
{
	static const unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = text;
	unsigned year, month, day, hour, minute, second;

	if (!p || !digits(&p, 4, &year) || !expect(&p, '-') || !digits(&p, 2, &month) || !expect(&p, '-') ||
	    !digits(&p, 2, &day) || !(expect(&p, 'T') || expect(&p, 't')) || !digits(&p, 2, &hour) ||
	    !expect(&p, ':') || !digits(&p, 2, &minute) || !expect(&p, ':') || !digits(&p, 2, &second))
		return false;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || (month == 2 && day == 29 && !leap) ||
	    hour > 23 || minute > 59 || second > 60)
		return false;
	if (second == 60)
		second = 59; /* a leap second: close enough for an order time */

	unsigned ms = 0;
	if (*p == '.' || *p == ',') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n < 3)
				ms = ms * 10 + (unsigned)(*p - '0');
			n++;
			p++;
		}
		if (n == 0)
			return false;
		for (; n < 3; n++)
			ms *= 10;
	}

	int64_t offset_min = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		unsigned oh, om;
		p++;
		if (!digits(&p, 2, &oh))
			return false;
		if (*p == ':')
			p++;
		if (!digits(&p, 2, &om) || oh > 23 || om > 59)
			return false;
		offset_min = sign * (int64_t)(oh * 60 + om);
	} else if (!zone_optional) {
		return false;
	}
	if (*p != '\0')
		return false;

	int64_t days = olc_days_from_civil(year, month, day);
	int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60;
	*out_ms = seconds * 1000 + ms;
	return true;
}

static void format_time(int64_t ms, char *buf, const char *zone)
{
	int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
	int64_t rest = seconds - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, OLC_ISO8601_LEN, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u%s", y, m, d, (unsigned)(rest / 3600),
		 (unsigned)(rest / 60 % 60), (unsigned)(rest % 60), zone);
}

void olc_iso8601_format(int64_t ms, char *buf)
{
	format_time(ms, buf, "Z");
}

void olc_iso8601_format_naive(int64_t ms, char *buf)
{
	format_time(ms, buf, "");
}

bool olc_wall_time_parse(const char *text, int offset_minutes, int64_t *out_ms)
{
	/* "2016-01-01 12:00:00" is ISO 8601's form with a space for the T and no zone. */
	char iso[OLC_ISO8601_LEN];
	if (!text || strlen(text) != 19 || text[10] != ' ')
		return false;
	memcpy(iso, text, 20);
	iso[10] = 'T';
	int64_t ms;
	if (!olc_iso8601_parse(iso, true, &ms))
		return false;
	*out_ms = ms - (int64_t)offset_minutes * 60000;
	return true;
}

void olc_wall_time_format(int64_t ms, int offset_minutes, char *buf)
{
	format_time(ms + (int64_t)offset_minutes * 60000, buf, "");
	buf[10] = ' ';
}
