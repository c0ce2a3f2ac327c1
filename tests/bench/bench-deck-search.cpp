// olc-bench-deck-search: what the dock's catalog search costs on 10 000 products with Chinese
// titles (tests/dock/sample-catalog.cpp): building the index once per catalog revision (the
// dock does it on a worker), then the median time of each query over 51 runs, pinyin included.
// The dock's target: under 50 ms a query, so typing stays instant. Prints numbers; asserts
// nothing. The bench layer's --module/--data/--out arguments are accepted and not needed.
#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "dock/deck-search.h"
#include "sample-catalog.h"

namespace {

double ms_since(std::chrono::steady_clock::time_point start)
{
	return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv)
{
	QCoreApplication app(argc, argv);
	const int products = 10000;
	std::vector<OlcCatalogEntry> entries = olc_sample_catalog(products);

	auto start = std::chrono::steady_clock::now();
	OlcPinyin pinyin;
	const double open_ms = ms_since(start);
	if (!pinyin.available())
		std::printf("deck search: no pinyin here: %s\n", pinyin.why().toUtf8().constData());

	start = std::chrono::steady_clock::now();
	auto index = OlcCatalogIndex::build(entries, &pinyin);
	const double build_ms = ms_since(start);
	start = std::chrono::steady_clock::now();
	auto plain = OlcCatalogIndex::build(entries, nullptr);
	const double build_plain_ms = ms_since(start);
	std::printf("deck search: ICU transliterator opened in %.2f ms\n", open_ms);
	std::printf("deck search: index of %d products built in %.1f ms with pinyin (%.1f ms without)\n", products,
		    build_ms, build_plain_ms);

	const char *const queries[] = {"sr", "songrong", "松", "松茸", "包邮", "p01234", "yunnan sr", "xyz"};
	const int runs = 51;
	for (const char *q : queries) {
		const QString query = QString::fromUtf8(q);
		std::vector<double> times;
		size_t found = 0;
		for (int i = 0; i < runs; i++) {
			start = std::chrono::steady_clock::now();
			found = index->search(query).size();
			times.push_back(ms_since(start));
		}
		std::sort(times.begin(), times.end());
		std::printf(
			"deck search: %-12s %5zu found, median %.2f ms, worst %.2f ms over %d runs (target < 50 ms)\n",
			q, found, times[times.size() / 2], times.back(), runs);
	}
	return 0;
}
