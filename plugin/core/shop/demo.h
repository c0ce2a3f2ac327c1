/* The "demo" provider, the default: an embedded shop that needs no network, so a new user sees
 * a live overlay at once. Its products come from data/demo-shop/catalog.json (under the env's
 * data_dir) with photos in data/demo-shop/images/, made for this project. Orders are simulated
 * as a Poisson process (about one every 3 s, sometimes a burst of 3 to 6 within a few seconds),
 * mostly 1 to 3 units, for the products in stock weighted by their popularity, from the buyers
 * and cities the file lists. Each order lowers the stock; a product sold out for 90 s is
 * restocked to its starting amount, so a long demo stays lively.
 *
 * The simulation is a pure function of env->seed and the times env->now_ms returns: it moves
 * forward only when fetch_orders is called and never sleeps (wait_ms is ignored), so tests
 * with a fixed clock get the same orders every run. A clock jump of more than 5 minutes (a
 * machine waking from sleep) starts the simulation afresh from the new time instead of
 * replaying the gap.
 *
 * catalog.json:
 *   {"version": 1, "currency": "CNY",
 *    "products": [{"id", "title", "price": "268.00", "compare_at_price": "328.00"|null,
 *                  "stock": 40|null, "url": "https://...", "image": "matsutake.png"|null,
 *                  "tags": [...], "popularity": 1..100}],
 *    "buyers": ["王芳", ...], "cities": ["成都", ...]}
 * Every field is required (null where allowed), unknown fields are errors: the file ships with
 * the plugin, so a mistake in it should fail loudly in the tests. Images are file names in the
 * images folder; the catalog gives them to readers as file:// URLs of absolute paths. */
#pragma once

#include "core/shop/provider.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The demo shop's files, relative to the module's data directory. */
#define OLC_DEMO_CATALOG_PATH "demo-shop/catalog.json"
#define OLC_DEMO_IMAGES_DIR   "demo-shop/images"

extern const struct olc_provider_ops olc_provider_demo_ops;

#ifdef __cplusplus
}
#endif
