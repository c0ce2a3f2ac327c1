/* The proleptic Gregorian calendar, as HTTP dates and ISO 8601 times need it. Pure; any thread. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Days since 1970-01-01 of year y, month m (1-12), day d (1-31), negative before it. */
int64_t olc_days_from_civil(int64_t y, unsigned m, unsigned d);

#ifdef __cplusplus
}
#endif
