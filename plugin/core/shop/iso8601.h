/* ISO 8601 times as shops write them, to and from Unix milliseconds. Pure functions: any thread. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "2025-03-01T10:15:30Z", "...+08:00", "...-0500", with optional fractional seconds, to Unix ms.
 * Without a zone the time is read as UTC only when zone_optional (WooCommerce's *_gmt fields). */
bool olc_iso8601_parse(const char *text, bool zone_optional, int64_t *out_ms);
/* "2025-03-01T10:15:30Z" (seconds, UTC). buf needs OLC_ISO8601_LEN bytes. */
#define OLC_ISO8601_LEN 32
void olc_iso8601_format(int64_t ms, char *buf);

/* "2025-03-01T10:15:30" (seconds, UTC, no zone), as WooCommerce's `after` with dates_are_gmt. */
void olc_iso8601_format_naive(int64_t ms, char *buf);

/* Wall-clock times as Taobao and Youzan write them, "2016-01-01 12:00:00", in a zone offset_minutes
 * east of UTC (China: OLC_CHINA_OFFSET_MINUTES), to and from Unix ms. Nothing may follow the
 * seconds. buf needs OLC_ISO8601_LEN bytes. */
#define OLC_CHINA_OFFSET_MINUTES 480
bool olc_wall_time_parse(const char *text, int offset_minutes, int64_t *out_ms);
void olc_wall_time_format(int64_t ms, int offset_minutes, char *buf);

#ifdef __cplusplus
}
#endif
