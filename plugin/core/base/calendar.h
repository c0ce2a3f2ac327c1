/* The proleptic Gregorian calendar, as HTTP dates and ISO 8601 times need it. Pure; any thread. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Days since 1970-01-01 of year y, month m (1-12), day d (1-31), negative before it. */
int64_t olc_days_from_civil(int64_t y, unsigned m, unsigned d);

/* "2026-12-04 13:05:09" (UTC) for Unix milliseconds ms (rounded down to the second): how reports
 * date things for people and spreadsheets. buf needs 20 bytes; returns buf. */
const char *olc_utc_text(int64_t ms, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
