// olc-bench-deck-search: what the dock's catalog search costs on 10 000 and on 100 000 products
// with Chinese titles (tests/dock/sample-catalog.cpp): building the index once per catalog revision
// (the dock does it on a worker), then the median time of each query over 51 runs, pinyin included.
// The dock's target: under 50 ms a query, so typing stays instant. Prints numbers and, for 100 000,
// the table's BENCH lines (catalog, "100,000 products": "dock index ms", the index with pinyin, and
// "dock search ms", the slowest query's median); asserts nothing. The bench layer's
// --module/--data/--out arguments are accepted and not needed.
#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench-line.h"
#include "dock/deck-search.h"
#include "sample-catalog.h"

namespace {

double ms_since(std::chrono::steady_clock::time_point start)
{
	return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The index of `products` and the queries on it; with row, the table's lines under that row.
void bench(OlcPinyin &pinyin, int products, const char *row)
{
	std::vector<OlcCatalogEntry> entries = olc_sample_catalog(products);

	auto start = std::chrono::steady_clock::now();
	auto index = OlcCatalogIndex::build(entries, &pinyin);
	const double build_ms = ms_since(start);
	start = std::chrono::steady_clock::now();
	auto plain = OlcCatalogIndex::build(entries, nullptr);
	const double build_plain_ms = ms_since(start);
	std::printf("deck search: index of %d products built in %.1f ms with pinyin (%.1f ms without)\n", products,
		    build_ms, build_plain_ms);

	const char *const queries[] = {"sr", "songrong", "松", "松茸", "包邮", "p01234", "yunnan sr", "xyz"};
	const int runs = 51;
	double slowest = 0;
	const char *slowest_query = "";
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
		const double median = times[times.size() / 2];
		if (median > slowest) {
			slowest = median;
			slowest_query = q;
		}
		std::printf(
			"deck search: %-12s %5zu found, median %.2f ms, worst %.2f ms over %d runs (target < 50 ms)\n",
			q, found, median, times.back(), runs);
	}
	if (row) {
		std::printf("deck search: %d products: the slowest query's median is %.2f ms (%s)\n", products, slowest,
			    slowest_query);
		bench_line("catalog", row, "dock index ms", build_ms, "ms");
		bench_line("catalog", row, "dock search ms", slowest, "ms");
	}
}

} // namespace

int main(int argc, char **argv)
{
	QCoreApplication app(argc, argv);
	auto start = std::chrono::steady_clock::now();
	OlcPinyin pinyin;
	const double open_ms = ms_since(start);
	if (!pinyin.available())
		std::printf("deck search: no pinyin here: %s\n", pinyin.why().toUtf8().constData());
	std::printf("deck search: ICU transliterator opened in %.2f ms\n", open_ms);

	bench(pinyin, 10000, nullptr);
	bench(pinyin, 100000, "100,000 products");
	return 0;
}
