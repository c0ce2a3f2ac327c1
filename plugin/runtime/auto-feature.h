/* What the live session features by itself (the options in live-session.h): the next deck item in
 * stock a few seconds after the featured product sells out, and the item tied to the OBS scene just
 * switched to. The decisions are core/session/auto-feature.h's; this runs them on the module's own
 * thread ("olc-auto-feature"), which sleeps on an event until the session changes or the sold-out
 * time is up: never the graphics thread, never the UI thread's time. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load, after olc_live_start: starts the thread and listens to the session; with the
 * OBS frontend, also to scene switches. */
void olc_auto_feature_start(void);
/* obs_module_unload, before olc_live_stop: stops listening, signals the thread and joins it. */
void olc_auto_feature_stop(void);
/* The options changed: look again now. Any thread. */
void olc_auto_feature_wake(void);

#ifdef __cplusplus
}
#endif
