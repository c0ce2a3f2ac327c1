/* See order-rush.h. */
#define _XOPEN_SOURCE 700

#include "order-rush.h"
#include "vendor-stub.h"

#include <util/platform.h>
#include <util/threading.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VENDOR "live-commerce"

const char *const rush_product_ids[RUSH_PRODUCTS] = {"b-matsutake", "b-rose-jam", "b-naan"};

bool rush_vendor(const char *prog, const char *type, obs_data_t *request)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response) && obs_data_get_bool(response, "ok");
	if (!ok)
		fprintf(stderr, "%s: %s failed: %s\n", prog, type, obs_data_get_string(response, "error"));
	obs_data_release(response);
	return ok;
}

static bool listed(const char *id)
{
	bool found = false;
	obs_data_t *response = obs_data_create();
	if (rt_vendor_request(VENDOR, "ListProducts", NULL, response)) {
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

bool rush_use_bench_shop(const char *prog, const char *out)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	if (!realpath(out, dir))
		return false;
	snprintf(path, sizeof(path), "%s/bench-shop.json", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f,
		"{\"currency\": \"CNY\", \"products\": [\n"
		" {\"id\": \"%s\", \"title\": \"松茸 Wild Matsutake 500g\", \"price\": \"268.00\", \"stock\": 120, "
		"\"url\": \"https://shop.example/p/%s\"},\n"
		" {\"id\": \"%s\", \"title\": \"和田玫瑰酱 Hotan Rose Jam 500g\", \"price\": \"39.90\", \"stock\": "
		"null, \"url\": \"https://shop.example/p/%s\"},\n"
		" {\"id\": \"%s\", \"title\": \"馕 Xinjiang Naan, 4 pieces\", \"price\": \"19.90\", \"stock\": null, "
		"\"url\": \"https://shop.example/p/%s\"}\n"
		"]}\n",
		rush_product_ids[0], rush_product_ids[0], rush_product_ids[1], rush_product_ids[1], rush_product_ids[2],
		rush_product_ids[2]);
	fclose(f);
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", path);
	bool ok = rush_vendor(prog, "SetConnection", req);
	obs_data_release(req);
	for (int i = 0; ok && i < 250 && !listed(rush_product_ids[2]); i++)
		os_sleep_ms(20);
	return ok && listed(rush_product_ids[2]);
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
			rush_simulate(r->prog, rush_product_ids[sent % RUSH_PRODUCTS]);
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
