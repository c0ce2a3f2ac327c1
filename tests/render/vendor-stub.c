/* A stand-in for obs-websocket's vendor API; see vendor-stub.h. It answers the procs
 * obs-websocket-api.h calls: vendor_register, vendor_request_register, vendor_request_unregister,
 * vendor_event_emit and get_api_version. Events are kept (the newest STUB_EVENTS) for the tests. */
#include "vendor-stub.h"

#include <callback/calldata.h>
#include <callback/proc.h>
#include <util/platform.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STUB_VENDORS  4
#define STUB_REQUESTS 64
#define STUB_EVENTS   256

/* What obs-websocket-api.h passes by pointer for a request (struct obs_websocket_request_callback). */
struct stub_callback {
	void (*callback)(obs_data_t *, obs_data_t *, void *);
	void *priv_data;
};

struct stub_vendor {
	char name[64];
};

struct stub_request {
	struct stub_vendor *vendor;
	char type[64];
	struct stub_callback cb;
};

static proc_handler_t *stub_ph;
static struct stub_vendor stub_vendors[STUB_VENDORS];
static size_t stub_vendor_count;
static struct stub_request stub_requests[STUB_REQUESTS];
static size_t stub_request_count;
static pthread_mutex_t stub_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*unregister_hook)(const char *type, void *param);
static void *unregister_param;

struct stub_event {
	char type[64];
	obs_data_t *data; /* a copy of what the module sent */
};
static struct stub_event stub_events[STUB_EVENTS]; /* a ring: the newest STUB_EVENTS */
static size_t stub_event_count;                    /* sent since the last clear */

static void stub_get_ph(void *data, calldata_t *cd)
{
	(void)data;
	calldata_set_ptr(cd, "ph", stub_ph);
}

static void stub_api_version(void *data, calldata_t *cd)
{
	(void)data;
	calldata_set_int(cd, "version", 3);
}

static void stub_vendor_register(void *data, calldata_t *cd)
{
	(void)data;
	const char *name = calldata_string(cd, "name");
	struct stub_vendor *v = NULL;
	pthread_mutex_lock(&stub_lock);
	if (name && stub_vendor_count < STUB_VENDORS) {
		v = &stub_vendors[stub_vendor_count++];
		strncpy(v->name, name, sizeof(v->name) - 1);
	}
	pthread_mutex_unlock(&stub_lock);
	calldata_set_ptr(cd, "vendor", v);
	calldata_set_bool(cd, "success", v != NULL);
}

static void stub_request_register(void *data, calldata_t *cd)
{
	(void)data;
	struct stub_vendor *v = calldata_ptr(cd, "vendor");
	const char *type = calldata_string(cd, "type");
	const struct stub_callback *cb = calldata_ptr(cd, "callback");
	bool ok = false;
	pthread_mutex_lock(&stub_lock);
	if (v && type && cb && stub_request_count < STUB_REQUESTS) {
		struct stub_request *r = &stub_requests[stub_request_count++];
		r->vendor = v;
		strncpy(r->type, type, sizeof(r->type) - 1);
		r->cb = *cb;
		ok = true;
	}
	pthread_mutex_unlock(&stub_lock);
	calldata_set_bool(cd, "success", ok);
}

static void stub_request_unregister(void *data, calldata_t *cd)
{
	(void)data;
	struct stub_vendor *v = calldata_ptr(cd, "vendor");
	const char *type = calldata_string(cd, "type");
	pthread_mutex_lock(&stub_lock);
	void (*hook)(const char *, void *) = unregister_hook;
	void *param = unregister_param;
	pthread_mutex_unlock(&stub_lock);
	/* Outside the lock: the hook sends requests of its own. */
	if (hook && type)
		hook(type, param);
	pthread_mutex_lock(&stub_lock);
	for (size_t i = 0; type && i < stub_request_count; i++) {
		if (stub_requests[i].vendor == v && strcmp(stub_requests[i].type, type) == 0)
			stub_requests[i].cb.callback = NULL;
	}
	pthread_mutex_unlock(&stub_lock);
	calldata_set_bool(cd, "success", true);
}

static void stub_event_emit(void *data, calldata_t *cd)
{
	(void)data;
	const char *type = calldata_string(cd, "type");
	obs_data_t *sent = calldata_ptr(cd, "data");
	obs_data_t *copy = obs_data_create_from_json(sent ? obs_data_get_json(sent) : "{}");
	pthread_mutex_lock(&stub_lock);
	struct stub_event *e = &stub_events[stub_event_count++ % STUB_EVENTS];
	obs_data_release(e->data);
	snprintf(e->type, sizeof(e->type), "%s", type ? type : "");
	e->data = copy;
	pthread_mutex_unlock(&stub_lock);
	calldata_set_bool(cd, "success", true);
}

void rt_vendor_events_clear(void)
{
	pthread_mutex_lock(&stub_lock);
	for (size_t i = 0; i < STUB_EVENTS; i++) {
		obs_data_release(stub_events[i].data);
		stub_events[i].data = NULL;
		stub_events[i].type[0] = '\0';
	}
	stub_event_count = 0;
	pthread_mutex_unlock(&stub_lock);
}

long rt_vendor_events(const char *type, obs_data_t **last)
{
	long count = 0;
	obs_data_t *newest = NULL;
	pthread_mutex_lock(&stub_lock);
	const size_t kept = stub_event_count < STUB_EVENTS ? stub_event_count : STUB_EVENTS;
	for (size_t i = stub_event_count - kept; i < stub_event_count; i++) {
		const struct stub_event *e = &stub_events[i % STUB_EVENTS];
		if (strcmp(e->type, type) == 0) {
			count++;
			newest = e->data;
		}
	}
	if (last) {
		obs_data_addref(newest);
		*last = newest;
	}
	pthread_mutex_unlock(&stub_lock);
	return count;
}

bool rt_vendor_install(void)
{
	proc_handler_t *global = obs_get_proc_handler();
	stub_ph = proc_handler_create();
	if (!global || !stub_ph)
		return false;
	proc_handler_add(stub_ph, "void get_api_version(out int version)", stub_api_version, NULL);
	proc_handler_add(stub_ph, "void vendor_register(in string name, out ptr vendor, out bool success)",
			 stub_vendor_register, NULL);
	proc_handler_add(stub_ph,
			 "void vendor_request_register(in ptr vendor, in string type, in ptr callback, out bool "
			 "success)",
			 stub_request_register, NULL);
	proc_handler_add(stub_ph, "void vendor_request_unregister(in ptr vendor, in string type, out bool success)",
			 stub_request_unregister, NULL);
	proc_handler_add(stub_ph,
			 "void vendor_event_emit(in ptr vendor, in string type, in ptr data, out bool success)",
			 stub_event_emit, NULL);
	proc_handler_add(global, "void obs_websocket_api_get_ph(out ptr ph)", stub_get_ph, NULL);
	return true;
}

void rt_vendor_remove(void)
{
	rt_vendor_events_clear();
	proc_handler_destroy(stub_ph);
	stub_ph = NULL;
	stub_vendor_count = 0;
	stub_request_count = 0;
}

void rt_vendor_on_unregister(void (*hook)(const char *type, void *param), void *param)
{
	pthread_mutex_lock(&stub_lock);
	unregister_hook = hook;
	unregister_param = param;
	pthread_mutex_unlock(&stub_lock);
}

bool rt_vendor_request(const char *vendor, const char *type, obs_data_t *request, obs_data_t *response)
{
	struct stub_callback cb = {0};
	pthread_mutex_lock(&stub_lock);
	for (size_t i = 0; i < stub_request_count; i++) {
		const struct stub_request *r = &stub_requests[i];
		if (strcmp(r->vendor->name, vendor) == 0 && strcmp(r->type, type) == 0 && r->cb.callback)
			cb = r->cb;
	}
	pthread_mutex_unlock(&stub_lock);
	if (!cb.callback)
		return false;
	obs_data_t *empty = request ? NULL : obs_data_create();
	cb.callback(request ? request : empty, response, cb.priv_data);
	obs_data_release(empty);
	return true;
}

size_t rt_vendor_request_types(const char *vendor, char types[][64], size_t max)
{
	size_t n = 0;
	pthread_mutex_lock(&stub_lock);
	for (size_t i = 0; i < stub_request_count; i++) {
		const struct stub_request *r = &stub_requests[i];
		if (strcmp(r->vendor->name, vendor) != 0 || !r->cb.callback)
			continue;
		if (n < max)
			snprintf(types[n], 64, "%s", r->type);
		n++;
	}
	pthread_mutex_unlock(&stub_lock);
	return n;
}

bool rt_vendor_lists_product(const char *id)
{
	bool found = false;
	obs_data_t *response = obs_data_create();
	if (rt_vendor_request("live-commerce", "ListProducts", NULL, response)) {
		obs_data_array_t *products = obs_data_get_array(response, "products");
		for (size_t i = 0; i < obs_data_array_count(products) && !found; i++) {
			obs_data_t *p = obs_data_array_item(products, i);
			found = strcmp(obs_data_get_string(p, "id"), id) == 0;
			obs_data_release(p);
		}
		obs_data_array_release(products);
	}
	obs_data_release(response);
	return found;
}

bool rt_vendor_wait_listed(const char *id, uint32_t timeout_ms)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)timeout_ms * 1000000ULL;
	while (!rt_vendor_lists_product(id)) {
		if (os_gettime_ns() > deadline)
			return false;
		os_sleep_ms(20);
	}
	return true;
}
