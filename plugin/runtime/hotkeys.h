/* The module's frontend hotkeys (Settings > Hotkeys): next and previous product of the deck,
 * show/hide the product cards, reveal the price. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load: registers the hotkeys; with the frontend API their bindings are saved with
 * the scene collection and restored when it loads. */
void olc_hotkeys_register(void);
/* obs_module_unload. */
void olc_hotkeys_unregister(void);

#ifdef __cplusplus
}
#endif
