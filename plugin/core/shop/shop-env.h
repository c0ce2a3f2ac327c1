/* What an HTTP provider (json, WooCommerce, Shopify) keeps of the session's env: the cancel flag
 * its requests watch, its own copy of the extra CA file, and the clock its order windows read;
 * and the request every one of its calls starts from. Internal to the providers. Not
 * thread-safe: one provider state owns it. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/net/http.h"
#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

struct olc_shop_env {
	const struct olc_cancel *cancel; /* NULL: requests are never cancelled */
	char *extra_ca_file;             /* malloc'd; NULL normally (tests only) */
	int64_t (*now_ms)(void);         /* Unix ms: env's clock, or the system's */
};

/* Copies what e keeps of env; env NULL or its fields NULL give no cancel flag, no extra CA file
 * and the system clock. false when memory runs out; olc_shop_env_free() is right either way. */
bool olc_shop_env_init(struct olc_shop_env *e, const struct olc_provider_env *env);
void olc_shop_env_free(struct olc_shop_env *e);

/* A request for url (borrowed) that watches e's cancel flag, trusts e's extra CA file and takes
 * the transport's default redirects; the caller adds its method, headers and credentials. */
struct olc_http_request olc_shop_env_request(const struct olc_shop_env *e, const char *url);

#ifdef __cplusplus
}
#endif
