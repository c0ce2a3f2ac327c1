/* The file shop: a json shop in a file (the json provider reads a local path as it reads a URL), with
 * three products and no orders of its own, put under the module's session through its vendor requests
 * (answered by vendor-stub.h, as obs-websocket-js would send them). The render tests of the order
 * ticker (tests-order-ticker.c) and the headless benches (tests/bench/order-rush.c) take their orders
 * from it with SimulateOrder. Render or bench thread only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Its products: 松茸 Wild Matsutake 500g (¥268.00, 120 in stock), 和田玫瑰酱 Hotan Rose Jam 500g
 * (¥39.90) and 馕 Xinjiang Naan, 4 pieces (¥19.90), each with a link. */
#define FILE_SHOP_MATSUTAKE "f-matsutake"
#define FILE_SHOP_ROSE_JAM  "f-rose-jam"
#define FILE_SHOP_NAAN      "f-naan"
#define FILE_SHOP_PRODUCTS  3
extern const char *const file_shop_ids[FILE_SHOP_PRODUCTS];

/* Writes the shop as DIR/file-shop.json, points the session at it (SetConnection) and waits up to 5 s
 * until it lists all three products. false with the reason in why (size bytes) when any of that fails. */
bool file_shop_use(const char *dir, char *why, size_t size);
