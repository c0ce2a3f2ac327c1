/* The "Live Commerce" dock (id live_commerce_dock). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Creates the dock and hands it to the OBS main window. Does nothing when there is no
 * frontend (libobs alone, as in the render tests). UI thread, from obs_module_load. */
void olc_dock_register(void);

#ifdef __cplusplus
}
#endif
