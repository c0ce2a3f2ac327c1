/* retry.c: when to ask a shop again: Retry-After (delta-seconds or an HTTP-date), the HTTP-date
 * of a Date header, and full-jitter backoff. Pure functions, no I/O. */
#include "core/net/retry.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/base/calendar.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool read_digits(const char **p, int count, int *out)
{
	int value = 0;
	for (int i = 0; i < count; i++) {
		if (!is_digit((*p)[i]))
			return false;
		value = value * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*out = value;
	return true;
}

static bool read_literal(const char **p, const char *literal)
{
	size_t n = strlen(literal);
	if (strncmp(*p, literal, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool read_month(const char **p, int *month)
{
	static const char *const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	for (int i = 0; i < 12; i++) {
		if (strncmp(*p, names[i], 3) == 0) {
			*p += 3;
			*month = i + 1;
			return true;
		}
	}
	return false;
}

/* A day name from the list, followed by the exact separator. */
static bool read_day_name(const char **p, const char *const *names, const char *after)
{
	for (int i = 0; i < 7; i++) {
		const char *q = *p;
		if (read_literal(&q, names[i]) && read_literal(&q, after)) {
			*p = q;
			return true;
		}
	}
	return false;
}

static bool read_clock(const char **p, int *hour, int *minute, int *second)
{
	return read_digits(p, 2, hour) && read_literal(p, ":") && read_digits(p, 2, minute) && read_literal(p, ":") &&
	       read_digits(p, 2, second);
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* The three HTTP-date forms of RFC 9110 section 5.6.7, as Unix seconds. */
static bool parse_http_date(const char *p, int64_t *unix_seconds)
{
	static const char *const short_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const long_days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
						"Friday", "Saturday", "Sunday"};
	int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
	const char *q = p;

	if (read_day_name(&q, short_days, ", ")) {
		/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
		if (!(read_digits(&q, 2, &day) && read_literal(&q, " ") && read_month(&q, &month) &&
		      read_literal(&q, " ") && read_digits(&q, 4, &year) && read_literal(&q, " ") &&
		      read_clock(&q, &hour, &minute, &second) && read_literal(&q, " GMT")))
			return false;
	} else if (read_day_name(&q, long_days, ", ")) {
		/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT. Two-digit years are read as the nearest
		 * past century, as RFC 9110 asks (for a retry time, 2000-2099 is what matters). */
		if (!(read_digits(&q, 2, &day) && read_literal(&q, "-") && read_month(&q, &month) &&
		      read_literal(&q, "-") && read_digits(&q, 2, &year) && read_literal(&q, " ") &&
		      read_clock(&q, &hour, &minute, &second) && read_literal(&q, " GMT")))
			return false;
		year += year < 70 ? 2000 : 1900;
	} else if (read_day_name(&q, short_days, " ")) {
		/* asctime: Sun Nov  6 08:49:37 1994 */
		if (!(read_month(&q, &month) && read_literal(&q, " ")))
			return false;
		if (*q == ' ') {
			q++;
			if (!read_digits(&q, 1, &day))
				return false;
		} else if (!read_digits(&q, 2, &day)) {
			return false;
		}
		if (!(read_literal(&q, " ") && read_clock(&q, &hour, &minute, &second) && read_literal(&q, " ") &&
		      read_digits(&q, 4, &year)))
			return false;
	} else {
		return false;
	}

	while (*q == ' ' || *q == '\t')
		q++;
	if (*q != '\0')
		return false;

	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int days_in_month = month_days[month - 1] + (month == 2 && is_leap(year));
	if (day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60)
		return false;

	*unix_seconds = olc_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
	return true;
}

int64_t olc_http_parse_retry_after(const char *value, int64_t now_ms)
{
	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;

	if (is_digit(*value)) {
		/* delta-seconds; absurdly long waits saturate rather than overflow (a year is the
		 * ceiling, the caller caps far lower anyway). */
		const int64_t max_seconds = 366LL * 24 * 3600;
		int64_t seconds = 0;
		while (is_digit(*value)) {
			seconds = seconds * 10 + (*value - '0');
			if (seconds > max_seconds)
				seconds = max_seconds;
			value++;
		}
		while (*value == ' ' || *value == '\t')
			value++;
		return *value == '\0' ? seconds * 1000 : -1;
	}

	int64_t when = 0;
	if (!parse_http_date(value, &when))
		return -1;
	int64_t delay = when * 1000 - now_ms;
	return delay > 0 ? delay : 0;
}

bool olc_http_parse_date(const char *value, int64_t *unix_ms)
{
	int64_t seconds;
	if (!value)
		return false;
	while (*value == ' ' || *value == '\t')
		value++;
	if (!parse_http_date(value, &seconds))
		return false;
	*unix_ms = seconds * 1000;
	return true;
}

/* xorshift64* (Vigna): small, fast and good enough to spread clients' retries apart. */
static uint64_t xorshift64star(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

int64_t olc_backoff_full_jitter_ms(unsigned attempt, int64_t base_ms, int64_t cap_ms, uint64_t *state)
{
	if (base_ms <= 0 || cap_ms <= 0 || !state)
		return 0;
	int64_t ceiling = cap_ms;
	if (attempt < 62 && base_ms <= (cap_ms >> attempt))
		ceiling = base_ms << attempt;
	/* The modulo bias is below 2^-40 for any ceiling a retry delay can have. */
	return (int64_t)(xorshift64star(state) % ((uint64_t)ceiling + 1));
}
