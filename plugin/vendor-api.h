/* The obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use. */
#pragma once

#include <stdbool.h>

#include <obs-data.h>

/* Registers the vendor and its requests. Call from obs_module_post_load (obs-websocket
 * registers its proc handler while loading). Returns false when obs-websocket is absent. */
bool olc_vendor_register(void);

/* Unregisters the requests. Call from obs_module_unload. */
void olc_vendor_unregister(void);

/* Sends a vendor event (VendorEvent with vendorName "live-commerce") to obs-websocket's clients;
 * nothing without obs-websocket. data stays the caller's. Any thread; quick (obs-websocket
 * queues the event), but never call it with a lock a source's video_render may wait on. */
void olc_vendor_emit(const char *event, obs_data_t *data);
