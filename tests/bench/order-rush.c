/* See order-rush.h. */
#define _XOPEN_SOURCE 700

#include "order-rush.h"
#include "file-shop.h"
#include "vendor-stub.h"

#include <util/platform.h>
#include <util/threading.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VENDOR "live-commerce"

bool rush_vendor(const char *prog, const char *type, obs_data_t *request)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response) && obs_data_get_bool(response, "ok");
	if (!ok)
		fprintf(stderr, "%s: %s failed: %s\n", prog, type, obs_data_get_string(response, "error"));
	obs_data_release(response);
	return ok;
}

bool rush_simulate(const char *prog, const char *id)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "id", id);
	bool ok = rush_vendor(prog, "SimulateOrder", req);
	obs_data_release(req);
	return ok;
}

static void *send_orders(void *param)
{
	struct rush *r = param;
	const uint64_t start = os_gettime_ns();
	const uint64_t end = start + (uint64_t)r->seconds * 1000000000ULL;
	long sent = 0;
	for (uint64_t now = start; now < end; now = os_gettime_ns()) {
		const long due = (long)((double)(now - start) / 1e9 * r->rate);
		for (; sent < due; sent++)
			rush_simulate(r->prog, file_shop_ids[sent % FILE_SHOP_PRODUCTS]);
		os_atomic_set_long(&r->sent, sent);
		os_sleep_ms(10);
	}
	r->done = true;
	return NULL;
}

bool rush_start(struct rush *r, const char *prog, int rate, int seconds)
{
	r->prog = prog;
	r->rate = rate;
	r->seconds = seconds;
	r->sent = 0;
	r->done = false;
	return pthread_create(&r->thread, NULL, send_orders, r) == 0;
}

long rush_join(struct rush *r)
{
	pthread_join(r->thread, NULL);
	return os_atomic_load_long(&r->sent);
}
