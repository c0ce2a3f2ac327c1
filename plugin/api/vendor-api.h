/* The obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use. */
#pragma once

#include <stdbool.h>

#include <obs-data.h>

/* Registers the vendor and its requests. Call from obs_module_post_load (obs-websocket
 * registers its proc handler while loading). Returns false when obs-websocket is absent. */
bool olc_vendor_register(void);

/* Closes the API: from its start every request is refused ("OBS is shutting down") and every event
 * dropped; it returns once no request or event is under way, with the requests unregistered and the
 * session's and the countdown's events no longer forwarded. Afterwards nothing from obs-websocket
 * reaches the module, so the countdown and the session may go. Call when OBS starts to exit, while
 * obs-websocket surely still exists, and from obs_module_unload; the second call does nothing. Never
 * from inside a request. */
void olc_vendor_unregister(void);

/* Sends a vendor event (VendorEvent with vendorName "live-commerce") to obs-websocket's clients;
 * nothing without obs-websocket or once the API is closed. data stays the caller's. Any thread;
 * quick (obs-websocket queues the event), but never call it with a lock a source's video_render may
 * wait on. Every vendor event leaves through here. */
void olc_vendor_emit(const char *event, obs_data_t *data);
