/* The module's frontend hotkeys (Settings > Hotkeys): every live action of the dock. Next and
 * previous product of the deck, show/hide the product cards, reveal the price (a toggle), hide the
 * featured product, mark the featured product sold out, start a five-minute flash sale for the
 * featured product, a test order. */
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
