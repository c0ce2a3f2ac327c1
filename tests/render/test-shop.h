/* The test shop (tests/shop-server/server.mjs, a real HTTP server on loopback) for the render tests:
 * a C face over the unit tests' tests/unit/shop-server.h. One shop for the whole run, started on first
 * use and stopped by rt_shop_stop(). Test thread only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts the shop unless it runs; false with a reason in err when it cannot. */
bool rt_shop_start(char *err, size_t errlen);
void rt_shop_stop(void);

/* "http://127.0.0.1:PORT" followed by path. */
void rt_shop_url(const char *path, char *out, size_t len);

/* A fault for requests under path_prefix ("" for all), for the next count requests (-1: until
 * cleared); mode "none" clears it. */
bool rt_shop_fault(const char *mode, const char *path_prefix, int count);

/* Any control call, e.g. ("/_control/product", "{\"id\":101,\"color\":[1,2,3]}"); POST. */
bool rt_shop_control(const char *path, const char *json_body);

/* One request the shop saw. */
struct rt_shop_request {
	int status;           /* 0 while unanswered */
	bool conditional;     /* If-None-Match or If-Modified-Since was sent */
	long long bytes_sent; /* body bytes */
};

/* The requests to exactly this path so far, oldest first: how many there were (up to max in out). */
size_t rt_shop_requests_to(const char *path, struct rt_shop_request *out, size_t max);

/* The reason of the last failed call. */
const char *rt_shop_error(void);

#ifdef __cplusplus
}
#endif
