/* Clocks and sleeping for the core: the one place that asks the platform what time it is.
 * Any thread. POSIX in clock-posix.c, Windows in clock-windows.c. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Wall-clock time, in milliseconds since 1970 (UTC): what shops and caches date things by. */
int64_t olc_clock_unix_ms(void);

/* Wall-clock time in nanoseconds since 1970, for seeding random numbers, not for dates. */
uint64_t olc_clock_unix_ns(void);

/* A clock that never goes back, in milliseconds from an arbitrary start: for timeouts and
 * intervals, and the clock olc_cond_wait_until() (sys/thread.h) measures deadlines on. */
int64_t olc_clock_mono_ms(void);

/* Sleeps for ms milliseconds (0 or less: returns at once). Uninterruptible: keep it short
 * (callers look at their cancel flag between sleeps). */
void olc_sleep_ms(int64_t ms);

#ifdef __cplusplus
}
#endif
