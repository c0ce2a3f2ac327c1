/* A flash-sale countdown: started for 5 to 3600 seconds with a label, stopped, or run to its end.
 * Pure state on a monotonic clock the caller passes in (nanoseconds, any origin), so the same
 * code runs on os_gettime_ns() in OBS and on a hand-set clock in tests. Not thread-safe: the
 * module's countdown host guards its one countdown with a mutex. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/model/product.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_COUNTDOWN_MIN_SECONDS 5
#define OLC_COUNTDOWN_MAX_SECONDS 3600
#define OLC_COUNTDOWN_LABEL_MAX   200 /* bytes of UTF-8 */
/* The last seconds are shown emphasised (colour and a pulse each second). */
#define OLC_COUNTDOWN_EMPHASIS_SECONDS 10

enum olc_countdown_state {
	OLC_COUNTDOWN_IDLE,    /* never started, or stopped */
	OLC_COUNTDOWN_RUNNING, /* started and not yet at zero */
	OLC_COUNTDOWN_ENDED,   /* ran to zero; stays until the next start or stop */
};

/* "idle", "running", "ended": the vendor API's words. */
const char *olc_countdown_state_name(enum olc_countdown_state s);

struct olc_countdown {
	enum olc_countdown_state state; /* as of the last call that was given a clock */
	int seconds;                    /* the duration it was started with */
	uint64_t end_ns;                /* running: when it reaches zero */
	char *label;                    /* malloc'd; NULL when started without one */
	char *product_id;               /* malloc'd, whole; the product the sale is for, NULL when none */
	bool end_taken;                 /* olc_countdown_take_end already answered true for this run */
	uint64_t generation;            /* changes on every start, stop and end */
};

void olc_countdown_init(struct olc_countdown *cd);
void olc_countdown_free(struct olc_countdown *cd);

/* Starts (or restarts: a running countdown is replaced without ending) for `seconds` from now_ns.
 * seconds must be 5 to 3600, label (NULL or "" for none) at most OLC_COUNTDOWN_LABEL_MAX bytes
 * without control characters, and product_id (NULL or "" for none) at most OLC_PRODUCT_ID_MAX
 * bytes (kept whole, never cut); otherwise nothing changes and err says why in plain words. */
bool olc_countdown_start(struct olc_countdown *cd, long long seconds, const char *label, const char *product_id,
			 uint64_t now_ns, struct olc_error *err);

/* Back to idle, without an end (and without a product). Returns false when it was idle already. */
bool olc_countdown_stop(struct olc_countdown *cd);

/* Moves a running countdown to ENDED when now_ns has reached its end, and returns the state. */
enum olc_countdown_state olc_countdown_advance(struct olc_countdown *cd, uint64_t now_ns);

/* Milliseconds left at now_ns: 0 unless running (ended counts as 0). */
int64_t olc_countdown_remaining_ms(const struct olc_countdown *cd, uint64_t now_ns);

/* The whole seconds to show for remaining_ms: rounded up, so a 300 s countdown shows 05:00 until
 * a full second has passed and 00:01 during its last second; 0 only at the end. */
int olc_countdown_display_seconds(int64_t remaining_ms);

/* Milliseconds since the shown second appeared, 0 to 999 (a pulse per second runs on this). */
int olc_countdown_ms_into_second(int64_t remaining_ms);

/* Writes seconds as "mm:ss" ("05:00", "60:00", "00:09"); negative counts as 0. Needs len >= 6;
 * returns false (buf "" when len > 0) when it is smaller. */
bool olc_countdown_format(int seconds, char *buf, size_t len);

/* True exactly once per run, at the first call at or after its end (it advances the state): the
 * moment to announce CountdownEnded. */
bool olc_countdown_take_end(struct olc_countdown *cd, uint64_t now_ns);

#ifdef __cplusplus
}
#endif
