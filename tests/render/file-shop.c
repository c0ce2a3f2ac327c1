/* See file-shop.h. */
/* realpath() is XSI, beyond plain POSIX. */
#define _XOPEN_SOURCE 700

#include "file-shop.h"
#include "vendor-stub.h"

#include <obs.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VENDOR "live-commerce"

const char *const file_shop_ids[FILE_SHOP_PRODUCTS] = {FILE_SHOP_MATSUTAKE, FILE_SHOP_ROSE_JAM, FILE_SHOP_NAAN};

bool file_shop_use(const char *dir, char *why, size_t size)
{
	/* The json provider wants a full path. */
	char full[PATH_MAX], path[PATH_MAX + 32];
	if (!realpath(dir, full)) {
		snprintf(why, size, "cannot resolve %s", dir);
		return false;
	}
	snprintf(path, sizeof(path), "%s/file-shop.json", full);
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(why, size, "cannot write %s", path);
		return false;
	}
	fputs("{\"currency\": \"CNY\", \"products\": [\n"
	      " {\"id\": \"" FILE_SHOP_MATSUTAKE "\", \"title\": \"松茸 Wild Matsutake 500g\", \"price\": \"268.00\",\n"
	      "  \"stock\": 120, \"url\": \"https://shop.example/p/" FILE_SHOP_MATSUTAKE "\"},\n"
	      " {\"id\": \"" FILE_SHOP_ROSE_JAM
	      "\", \"title\": \"和田玫瑰酱 Hotan Rose Jam 500g\", \"price\": \"39.90\",\n"
	      "  \"stock\": null, \"url\": \"https://shop.example/p/" FILE_SHOP_ROSE_JAM "\"},\n"
	      " {\"id\": \"" FILE_SHOP_NAAN "\", \"title\": \"馕 Xinjiang Naan, 4 pieces\", \"price\": \"19.90\",\n"
	      "  \"stock\": null, \"url\": \"https://shop.example/p/" FILE_SHOP_NAAN "\"}\n"
	      "]}\n",
	      f);
	fclose(f);

	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", path);
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, "SetConnection", req, response) && obs_data_get_bool(response, "ok");
	if (!ok)
		snprintf(why, size, "SetConnection failed: %s", obs_data_get_string(response, "error"));
	obs_data_release(response);
	obs_data_release(req);
	for (size_t i = 0; ok && i < FILE_SHOP_PRODUCTS; i++) {
		if (!rt_vendor_wait_listed(file_shop_ids[i], 5000)) {
			snprintf(why, size, "the session never listed %s", file_shop_ids[i]);
			ok = false;
		}
	}
	return ok;
}
