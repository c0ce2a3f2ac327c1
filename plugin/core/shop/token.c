#include "core/shop/token.h"

#include <stddef.h>

#include "core/base/text.h"

void olc_shop_token_init(struct olc_shop_token *t)
{
	t->value = NULL;
	t->expires_ms = 0;
	t->lifetime_ms = 0;
}

void olc_shop_token_clear(struct olc_shop_token *t)
{
	olc_secret_free(t->value);
	olc_shop_token_init(t);
}

bool olc_shop_token_set(struct olc_shop_token *t, const char *value, int64_t expires_in_s, int64_t now_ms)
{
	olc_shop_token_clear(t);
	t->value = olc_strdup(value);
	if (!t->value)
		return false;
	if (expires_in_s > 0 && expires_in_s < INT64_MAX / 1000 - now_ms / 1000) {
		t->lifetime_ms = expires_in_s * 1000;
		t->expires_ms = now_ms + t->lifetime_ms;
	}
	return true;
}

bool olc_shop_token_due(const struct olc_shop_token *t, int64_t now_ms)
{
	if (!t->value)
		return true;
	if (t->expires_ms == 0)
		return false;
	int64_t margin = t->lifetime_ms / 2 < OLC_TOKEN_RENEW_MARGIN_MS ? t->lifetime_ms / 2 : OLC_TOKEN_RENEW_MARGIN_MS;
	return now_ms >= t->expires_ms - margin;
}
