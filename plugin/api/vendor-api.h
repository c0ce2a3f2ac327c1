/* The obs-websocket vendor "live-commerce": the API that Stream Deck and scripts use. It calls down
 * into the runtime for requests and is the event bus's emitter (runtime/events.h); nothing below
 * this layer includes it. */
#pragma once

#include <stdbool.h>

/* Registers the vendor and its requests. Call from obs_module_post_load (obs-websocket
 * registers its proc handler while loading). Returns false when obs-websocket is absent. */
bool olc_vendor_register(void);

/* Closes the API: from its start every request is refused ("OBS is shutting down") and every event
 * dropped; it returns once no request or event is under way, with the requests unregistered and the
 * event bus (runtime/events.h) without its emitter. Afterwards nothing from obs-websocket
 * reaches the module, so the countdown and the session may go. Call when OBS starts to exit, while
 * obs-websocket surely still exists, and from obs_module_unload; the second call does nothing. Never
 * from inside a request. */
void olc_vendor_unregister(void);
