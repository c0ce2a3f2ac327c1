/* A sales goal's progress: how full the bar is and which marks a new counter value crossed (every
 * step_percent of the target, and the goal itself), so the sales-goal source can celebrate each
 * crossing once. Pure integer maths on the counters (revenue in minor units), no libobs; the
 * caller owns the state and feeds it every new value from one thread. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Targets above this are refused (olc_goal_progress_reset clamps): target * 100 must fit in an
 * int64_t for the exact step thresholds. 10^16 minor units is 10^14 yuan. */
#define OLC_GOAL_TARGET_MAX 10000000000000000LL

enum olc_goal_kind {
	OLC_GOAL_ORDERS,
	OLC_GOAL_UNITS,
	OLC_GOAL_REVENUE, /* minor units of the shop's currency */
};

/* "orders", "units", "revenue": the settings' and the vendor event's words. */
const char *olc_goal_kind_name(enum olc_goal_kind kind);

struct olc_goal_progress {
	int64_t target;   /* >= 1 */
	int step_percent; /* 1 to 99: a mark every step_percent of the target; 0: only the goal */
	int64_t value;    /* the last value fed */
	int marks_passed; /* step marks (below 100 %) at or under value */
	bool reached;     /* value >= target */
};

/* What olc_goal_progress_update found. */
struct olc_goal_crossing {
	int marks;        /* step marks newly passed on the way up (0 when none, or when going down) */
	int mark_percent; /* the highest of them, in percent of the target; 0 when marks is 0 */
	bool goal;        /* the goal was newly reached */
};

/* Starts over at value without reporting anything: the source was just created, the target or
 * the counted scope changed. target below 1 counts as 1, above OLC_GOAL_TARGET_MAX as that;
 * step_percent outside 1..99 as 0. */
void olc_goal_progress_reset(struct olc_goal_progress *gp, int64_t target, int step_percent, int64_t value);

/* Feeds a new value. Going up reports the marks and the goal passed since the last value, each
 * once; going down (counters cleared, another shop) re-arms the marks above the new value
 * silently, so they are celebrated again when passed again. */
struct olc_goal_crossing olc_goal_progress_update(struct olc_goal_progress *gp, int64_t value);

/* value / target in [0, 1] (negative values count as 0, values past the target as 1). */
double olc_goal_fraction(int64_t value, int64_t target);

/* How many step marks below 100 % lie at or under value: marks at ceil(target * k * step / 100)
 * for k = 1, 2, ... while k * step < 100. step_percent outside 1..99 gives 0. */
int olc_goal_marks_at(int64_t value, int64_t target, int step_percent);

#ifdef __cplusplus
}
#endif
