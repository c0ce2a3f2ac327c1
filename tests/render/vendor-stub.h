/* A stand-in for obs-websocket's half of its vendor API (obs-websocket-api.h), so render tests can
 * send the module's vendor requests (FeatureProduct, SetConnection, ...) the way obs-websocket-js
 * does in the e2e tests, without a websocket: the module registers its vendor and requests in
 * obs_module_post_load through the global proc "obs_websocket_api_get_ph", which this answers, and
 * keeps the events the module sends so tests can count them. */
#pragma once

#include <obs.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Before obs_post_load_modules(). */
bool rt_vendor_install(void);
/* After obs_shutdown (it frees what the module registered). */
void rt_vendor_remove(void);

/* Calls a registered vendor request with request (may be NULL) and fills response, which the
 * caller creates and releases. false when no such vendor or request is registered. */
bool rt_vendor_request(const char *vendor, const char *type, obs_data_t *request, obs_data_t *response);

/* Whether the module's session lists the product id now (its vendor request ListProducts), and the same
 * polled every 20 ms for up to timeout_ms. */
bool rt_vendor_lists_product(const char *id);
bool rt_vendor_wait_listed(const char *id, uint32_t timeout_ms);

/* The request types the vendor has registered now, each copied into types (at most max of them); returns
 * how many there are. */
size_t rt_vendor_request_types(const char *vendor, char types[][64], size_t max);

/* hook(type, param) runs on the unregistering thread each time the module unregisters a request, just before
 * the request goes: what obs-websocket had already looked up may still arrive then (it calls a request's
 * callback outside its own lock). NULL removes it. */
void rt_vendor_on_unregister(void (*hook)(const char *type, void *param), void *param);

/* The vendor events the module sent (vendor_event_emit), as obs-websocket would pass them to its
 * clients: how many of type since the last rt_vendor_events_clear, and when last is not NULL the
 * newest one's data (a copy; the caller releases it, NULL when none). Any thread. */
long rt_vendor_events(const char *type, obs_data_t **last);
void rt_vendor_events_clear(void);
