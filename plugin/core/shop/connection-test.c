/* The Test button's one fetch (see connection-test.h): the same provider code the poller runs. */
#include <stdio.h>
#include <string.h>

#include "core/model/product.h"
#include "core/shop/connection-test.h"
#include "core/sys/clock.h"

bool olc_connection_test_run(const struct olc_connection *c, const struct olc_provider_env *env,
			     struct olc_connection_test *out, struct olc_error *err)
{
	memset(out, 0, sizeof(*out));
	const struct olc_provider_ops *ops = olc_provider_find(c ? c->provider : NULL);
	if (!ops) {
		olc_error_set(err, "there is no shop provider called \"%s\"", c && c->provider ? c->provider : "");
		return false;
	}
	if (!ops->check(c, err))
		return false;
	/* The demo shop needs a clock; the caller may leave it to us. */
	struct olc_provider_env e = {0};
	if (env)
		e = *env;
	if (!e.now_ms)
		e.now_ms = olc_clock_unix_ms;
	void *state = ops->create(c, &e, err);
	if (!state)
		return false;

	struct olc_catalog catalog;
	olc_catalog_init(&catalog);
	struct olc_fetch_result res;
	memset(&res, 0, sizeof(res));
	res.retry_after_ms = -1;
	char currency[4] = "";
	const bool ok = ops->fetch_catalog(state, &catalog, currency, &res, err);
	ops->destroy(state);
	if (ok) {
		out->products = catalog.count;
		for (size_t i = 0; i < catalog.count; i++)
			if (catalog.products[i].has_stock && catalog.products[i].stock <= 0)
				out->without_stock++;
		memcpy(out->currency, currency, sizeof(out->currency));
		out->report = res.report;
	}
	olc_catalog_free(&catalog);
	return ok;
}

void olc_connection_test_summary(const struct olc_connection_test *t, char *buf, size_t len)
{
	struct olc_error text = {{0}};
	if (t->report.rejected > 0)
		olc_error_set(&text, "%zu product%s, %zu without stock, prices in %s; %zu could not be read (the first: %s)",
			      t->products, t->products == 1 ? "" : "s", t->without_stock,
			      t->currency[0] ? t->currency : "no currency", t->report.rejected,
			      t->report.first_rejection.text);
	else
		olc_error_set(&text, "%zu product%s, %zu without stock, prices in %s", t->products,
			      t->products == 1 ? "" : "s", t->without_stock, t->currency[0] ? t->currency : "no currency");
	if (len > 0)
		snprintf(buf, len, "%s", text.text);
}
