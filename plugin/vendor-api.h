/* The obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use. */
#pragma once

#include <stdbool.h>

/* Registers the vendor and its requests. Call from obs_module_post_load (obs-websocket
 * registers its proc handler while loading). Returns false when obs-websocket is absent. */
bool olc_vendor_register(void);

/* Unregisters the requests. Call from obs_module_unload. */
void olc_vendor_unregister(void);
