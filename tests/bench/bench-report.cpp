/* olc-bench-report: what the sales report of a long session costs (no libobs; Qt offscreen).
 *
 *   olc-bench-report [--out DIR] [--orders N]     (other options of the bench layer are ignored)
 *
 * A three-hour session of N orders (10 000 by default) over 40 products, the deck moving on every
 * 3 minutes, is journaled through the real journal into a file (DIR/bench-journal.jsonl), then
 * timed: reading the journal back, building the report (olc_report_build), its CSV and JSON, and
 * the PNG chart (written to DIR/bench-report.png). Medians of 5 runs, wall clock on
 * CLOCK_MONOTONIC. Nothing is asserted: timing belongs to a benchmark. */
#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/sales/journal.h"
#include "core/sales/report.h"
#include "raster/report-chart.h"

namespace {

double now_ms()
{
	return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <typename F> double median_ms(F &&run)
{
	std::vector<double> times;
	for (int i = 0; i < 5; i++) {
		const double t = now_ms();
		run();
		times.push_back(now_ms() - t);
	}
	std::sort(times.begin(), times.end());
	return times[2];
}

int64_t fake_clock = 1764853200000;
int64_t clock_now()
{
	return fake_clock;
}

} // namespace

int main(int argc, char **argv)
{
	std::string out = ".";
	long orders = 10000;
	for (int i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--out"))
			out = argv[++i];
		else if (!strcmp(argv[i], "--orders"))
			orders = std::max(1L, atol(argv[++i]));
	}
	std::error_code ignored;
	std::filesystem::create_directories(out, ignored);
	if (!getenv("QT_QPA_PLATFORM"))
		setenv("QT_QPA_PLATFORM", "offscreen", 1);
	QGuiApplication app(argc, argv);

	const std::string path = out + "/bench-journal.jsonl";
	std::remove(path.c_str());
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	if (!j || !olc_journal_wait_loaded(j, 10000)) {
		fprintf(stderr, "cannot open the journal: %s\n", err.text);
		return 1;
	}
	const int64_t start = fake_clock, span = 3 * 3600 * 1000;
	const int64_t s = olc_journal_start_session(j, "CNY");
	char id[32], product[32], title[64], order_id[32];
	int next_feature = 0;
	const double journal_started = now_ms();
	for (long k = 0; k < orders; k++) {
		const int64_t at = start + span * k / orders;
		while (start + next_feature * 180000LL <= at) {
			snprintf(id, sizeof(id), "p-%02d", next_feature % 40);
			snprintf(title, sizeof(title), "云南松茸礼盒 %d 号", next_feature % 40 + 1);
			olc_journal_featured f{id, title, next_feature % 40 + 1};
			olc_journal_record r{};
			r.kind = OLC_JOURNAL_FEATURE;
			r.session = s;
			r.at_ms = start + next_feature * 180000LL;
			r.featured = &f;
			r.featured_count = 1;
			olc_journal_append(j, &r);
			next_feature++;
		}
		snprintf(order_id, sizeof(order_id), "o-%06ld", k);
		snprintf(product, sizeof(product), "p-%02ld", (k * 7) % 40);
		olc_journal_record r{};
		r.kind = OLC_JOURNAL_ORDER;
		r.session = s;
		r.at_ms = at;
		r.order_id = order_id;
		r.product_id = product;
		r.quantity = 1 + static_cast<int>(k % 3);
		r.total.minor = 16800 * r.quantity;
		snprintf(r.total.currency, sizeof(r.total.currency), "CNY");
		r.placed_ms = at - 2000;
		olc_journal_append(j, &r);
	}
	fake_clock = start + span;
	olc_journal_end_session(j);
	const double appended = now_ms() - journal_started;
	olc_journal_flush(j, 60000);
	const double flushed = now_ms() - journal_started;
	olc_journal_destroy(j);

	olc_journal_contents c{};
	const double read_ms = median_ms([&] {
		olc_journal_contents_free(&c);
		olc_journal_read_file(path.c_str(), &c, &err);
	});
	olc_report r{};
	const double build_ms = median_ms([&] {
		olc_report_free(&r);
		olc_report_build(c.records, c.count, 0, 0, &r, &err);
	});
	size_t csv_len = 0, json_len = 0, png_len = 0;
	const double csv_ms = median_ms([&] { free(olc_report_csv(&r, 0, r.count, &csv_len, &err)); });
	const double json_ms = median_ms([&] { free(olc_report_json(&r, 0, r.count, &json_len, &err)); });
	void *png = nullptr;
	olc_report_chart_text text{"直播销售报告", "每分钟订单数", "订单", "件数", "销售额", "zh-CN"};
	const double png_ms = median_ms([&] {
		free(png);
		png = nullptr;
		olc_report_chart_draw(&r.sessions[0], &text, &png, &png_len, nullptr, &err);
	});
	if (FILE *f = fopen((out + "/bench-report.png").c_str(), "wb")) {
		fwrite(png, 1, png_len, f);
		fclose(f);
	}
	free(png);

	printf("sales report of a %ld-order session (%zu journal records, %zu products):\n", orders, c.count,
	       r.count ? r.sessions[0].product_count : 0);
	printf("  journal: %.1f ms to append every record (memory), %.1f ms until written and flushed\n", appended,
	       flushed);
	printf("  read back: %.1f ms    report: %.1f ms    csv: %.1f ms (%zu bytes)    json: %.1f ms (%zu bytes)\n",
	       read_ms, build_ms, csv_ms, csv_len, json_ms, json_len);
	printf("  png chart: %.1f ms (%zu bytes)\n", png_ms, png_len);
	printf("  total for an export (read + report + csv + json + png): %.1f ms\n",
	       read_ms + build_ms + csv_ms + json_ms + png_ms);
	olc_report_free(&r);
	olc_journal_contents_free(&c);
	return 0;
}
