/* The module's one flash-sale countdown (core/countdown.h), shared by every countdown source, the
 * vendor API (StartCountdown, StopCountdown, GetCountdown), the sources' hotkeys and the dock.
 *
 * A small watcher thread sleeps until the countdown's end and then announces it once, as the vendor
 * event CountdownEnded {label} (events.h), whether or not any countdown source exists. Every function here is quick (a mutex and a copy) and may be called from any
 * thread, the graphics thread included. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/stream/countdown.h"
#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load: starts the watcher thread. */
bool olc_countdown_host_start_module(void);
/* obs_module_unload, once nothing else can start or stop the countdown (the vendor API is closed,
 * the hotkeys are gone): wakes the watcher and joins it at once. A later start or stop changes the
 * state but wakes nothing. */
void olc_countdown_host_stop_module(void);

/* The dock's and the flash-sale hotkey's length when nobody chose one: five minutes. */
#define OLC_COUNTDOWN_DEFAULT_SECONDS 300

/* Starts (or restarts) the countdown for 5 to 3600 seconds. label: shown over the digits and sent
 * with CountdownEnded (NULL or "": each source's own label). product_id: the product the sale is
 * for (NULL or "": none), so a product card can show "ends in 04:59"; kept whole, and refused when
 * longer than OLC_PRODUCT_ID_MAX. On a wrong value nothing changes and err says why. */
bool olc_countdown_host_start(long long seconds, const char *label, const char *product_id, struct olc_error *err);
/* Back to idle (no CountdownEnded). Returns false when it was idle already. */
bool olc_countdown_host_stop(void);

/* A copy of the countdown at this moment. */
struct olc_countdown_view {
	enum olc_countdown_state state;
	int64_t remaining_ms;                    /* running: > 0; otherwise 0 */
	int seconds;                             /* the duration it was started with; 0 when never started */
	char label[OLC_COUNTDOWN_LABEL_MAX + 1]; /* "" when none */
	char product_id[OLC_PRODUCT_ID_MAX + 1]; /* whole; "" when none */
	uint64_t generation;                     /* changes on every start, stop and end */
	long ended_count;                        /* CountdownEnded announcements so far */
};
void olc_countdown_host_view(struct olc_countdown_view *out);

#ifdef OLC_TEST_HOOKS
/* Test builds only (OLC_TEST_HOOKS): ms >= 0 makes the countdown's clock read ms milliseconds (of any origin) until the
 * next call; ms < 0 gives it back to the system's monotonic clock. Start a countdown after setting
 * the clock, and move the clock only forwards. */
void olc_countdown_host_set_test_clock(long long ms);
#endif

#ifdef __cplusplus
}
#endif
