/* An access token a provider got from the shop (Douyin's token.create, Youzan's silent grant,
 * Shopify's client credentials, Kuaishou's refresh) and when to get a new one. Internal to the
 * providers. Not thread-safe: one provider state owns it. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Renewed this long before the shop said it expires, so that no poll meets an expired token
 * because of a slow request or a clock a little off. */
#define OLC_TOKEN_RENEW_MARGIN_MS (10 * 60 * 1000)

struct olc_shop_token {
	char *value;        /* malloc'd; NULL: none yet. A secret: wiped when replaced */
	int64_t expires_ms;  /* by the provider's clock (Unix ms); 0: the shop did not say */
	int64_t lifetime_ms; /* how long the shop said it lasts; 0: not said */
};

void olc_shop_token_init(struct olc_shop_token *t);
/* Wipes and forgets the token (after the shop said it expired or was refused). */
void olc_shop_token_clear(struct olc_shop_token *t);
/* Keeps a copy of value, valid for expires_in_s seconds from now_ms (0 or less: not said). false
 * when memory runs out (the old token is then cleared). */
bool olc_shop_token_set(struct olc_shop_token *t, const char *value, int64_t expires_in_s, int64_t now_ms);
/* Whether a new token is needed now: none yet, or within OLC_TOKEN_RENEW_MARGIN_MS of its expiry
 * (or half of its whole lifetime, when that is shorter than the margin, as in the tests' shop). */
bool olc_shop_token_due(const struct olc_shop_token *t, int64_t now_ms);

#ifdef __cplusplus
}
#endif
