// A made-up shop of n products with Chinese titles as village cooperatives write them ("云南野生
// 松茸礼盒 500g"), ids p00000.., tags and prices: for the dock's search tests and benchmark.
// Product i's title has 松茸 exactly when i % 7 == 3.
#pragma once

#include <vector>

#include "dock/deck-search.h"

std::vector<OlcCatalogEntry> olc_sample_catalog(int n);
