#include "core/shop/shop-env.h"

#include <stdlib.h>

#include "core/base/text.h"
#include "core/sys/clock.h"

bool olc_shop_env_init(struct olc_shop_env *e, const struct olc_provider_env *env)
{
	e->cancel = env ? env->cancel : NULL;
	e->now_ms = env && env->now_ms ? env->now_ms : olc_clock_unix_ms;
	e->extra_ca_file = NULL;
	return olc_str_set(&e->extra_ca_file, env ? env->extra_ca_file : NULL);
}

void olc_shop_env_free(struct olc_shop_env *e)
{
	free(e->extra_ca_file);
	e->extra_ca_file = NULL;
}

struct olc_http_request olc_shop_env_request(const struct olc_shop_env *e, const char *url)
{
	struct olc_http_request req = {
		.url = url,
		.max_redirects = -1,
		.cancel = e->cancel,
		.extra_ca_file = e->extra_ca_file,
	};
	return req;
}
