/* The connection form's Test button: one catalog fetch with a connection that is not (yet) the
 * session's, and what it found in plain words. Nothing is kept: no cache, no session change. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_connection_test {
	size_t products;      /* products read */
	size_t without_stock; /* of those, tracked stock at 0 or below */
	char currency[4];     /* the shop's currency */
	struct olc_parse_report report; /* products the provider could not read, and the first reason */
};

/* BLOCKING (network or file I/O, bounded by the provider's timeouts and env->cancel): checks c as
 * the provider does, creates it, fetches the catalog once and lets it go. false with err in plain
 * words (the provider's own: "WooCommerce refused the key and secret (HTTP 401) ...") when the
 * connection is refused or the fetch fails; *out is then zeroed. env->now_ms NULL: the system
 * clock. Worker threads only. */
bool olc_connection_test_run(const struct olc_connection *c, const struct olc_provider_env *env,
			     struct olc_connection_test *out, struct olc_error *err);

/* "42 products, 3 without stock, prices in CNY", then "; 2 could not be read (the first: ...)"
 * when some could not. Behaves like snprintf (cut at a character boundary). Any thread. */
void olc_connection_test_summary(const struct olc_connection_test *t, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
