/* Sales goals, decided once per goal: the goal sources declare what they count towards, and the
 * runtime (not the sources) watches the live session's counters and sends GoalReached through the
 * event bus (events.h) once per crossing of each distinct goal, however many sources show it.
 *
 * The same goal: two declarations are one goal when their olc_goal_spec is equal, that is the same
 * kind (orders, units, revenue), the same target in the source's own unit (orders, units, or whole
 * units of the shop's currency: the setting, before it becomes minor units of whatever currency the
 * shop has) and the same scope (the whole stream, or the first featured product). A source's steps,
 * title, look and whether it celebrates are its own drawing, not the goal: two sources with the same
 * goal but other steps still give one GoalReached per crossing. A goal lives while at least one
 * source declares it; declared again after the last one went, it starts over.
 *
 * A crossing: the counted value reaching the target from below, as core/stream/goal-progress.h
 * decides it (step_percent 0). A goal starts silently at the value of its first declaration (a goal
 * already reached when its first source appears is not announced), and starts over silently when
 * what it counts changes under it: another featured product, the shop's currency, the target in
 * minor units. Going down (counters cleared) re-arms it, so passing the target again is announced
 * again. The event names one source that shows the goal: the one that has declared it the longest.
 *
 * Threads: declare and withdraw are quick (a mutex and a session snapshot, no event sent) and may
 * be called from any thread, the graphics thread included (a source's update). Crossings are
 * decided on the thread that changed the session (its listener: the poller for orders), after the
 * new snapshot is published, and sent there with no lock of this file held. */
#pragma once

#include <obs.h>

#include <stdbool.h>
#include <stdint.h>

#include "core/model/product.h"
#include "core/session/session.h"
#include "core/stream/goal-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a goal counts towards. */
struct olc_goal_spec {
	enum olc_goal_kind kind;
	long long target;   /* >= 1: orders, units, or whole units of the shop's currency */
	bool featured_only; /* the first featured product's counters, not the whole stream's */
};

/* A goal's counters in one snapshot. */
struct olc_goal_reading {
	struct olc_counters counters;            /* the stream's, or the featured product's (zeros while
							 none is featured) */
	int64_t value, target;                   /* in the kind's unit; revenue: minor units */
	char currency[4];                        /* the shop's; "" before the first catalog */
	char product_id[OLC_PRODUCT_ID_MAX + 1]; /* the product counted; "" for the stream or none */
};
/* Reads spec's counters in snap (NULL: no session, all zeros). A revenue target is in the shop's
 * minor units (¥20000 is 2000000 fen); before the first catalog, cents are the guess. */
void olc_goal_read(const struct olc_snapshot *snap, const struct olc_goal_spec *spec, struct olc_goal_reading *out);

/* source (a live_commerce_sales_goal) declares its goal, or changes it: create and update. Declaring
 * the same goal again keeps the source's place. */
void olc_goals_declare(obs_source_t *source, const struct olc_goal_spec *spec);
/* source declares no goal any more: destroy (before source goes). Nothing when it declared none. */
void olc_goals_withdraw(obs_source_t *source);
/* GoalReached events sent for the goal source declares, since that goal started; 0 when it
 * declares none. */
long olc_goals_reached_count(obs_source_t *source);

/* obs_module_load, after olc_live_start and olc_events_start (GoalReached then follows the
 * OrderReceived that caused it): starts watching the session's counters. */
void olc_goals_start(void);
/* obs_module_unload, before olc_live_stop: returns once no crossing is being decided or sent. */
void olc_goals_stop(void);

#ifdef __cplusplus
}
#endif
