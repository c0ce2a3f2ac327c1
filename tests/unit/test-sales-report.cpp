// The sales report (plugin/core/sales/report.c) of journals of known orders, written and read back
// through the real journal file: exact sums per product while featured and overall, the boundary
// of a featured interval, test orders, another currency, orders delivered twice; and the CSV and
// JSON it is exported as.
#include <gtest/gtest.h>

#include <jansson.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/sales/journal.h"
#include "core/sales/report.h"
#include "temp-dir.h"

namespace {

std::atomic<int64_t> fake_now{0};
int64_t clock_now()
{
	return fake_now.load();
}

void feature(olc_journal *j, int64_t session, int64_t at, const std::vector<std::pair<std::string, int>> &ids)
{
	olc_journal_record r{};
	std::vector<olc_journal_featured> items;
	std::vector<std::string> titles;
	titles.reserve(ids.size());
	for (const auto &id : ids) {
		titles.push_back("商品 " + id.first);
		items.push_back({const_cast<char *>(id.first.c_str()), const_cast<char *>(titles.back().c_str()),
				 id.second});
	}
	r.kind = OLC_JOURNAL_FEATURE;
	r.session = session;
	r.at_ms = at;
	r.featured = items.data();
	r.featured_count = items.size();
	olc_journal_append(j, &r);
}

void order(olc_journal *j, int64_t session, int64_t at, const char *id, const char *product, int quantity,
	   int64_t minor, const char *currency = "CNY", bool test = false, int64_t placed = 0)
{
	olc_journal_record r{};
	r.kind = OLC_JOURNAL_ORDER;
	r.session = session;
	r.at_ms = at;
	r.order_id = const_cast<char *>(id);
	r.product_id = const_cast<char *>(product);
	r.quantity = quantity;
	r.total.minor = minor;
	snprintf(r.total.currency, sizeof(r.total.currency), "%s", currency);
	r.test = test;
	r.placed_ms = placed;
	olc_journal_append(j, &r);
}

const olc_report_product *find(const olc_report_session &s, const char *id)
{
	for (size_t i = 0; i < s.product_count; i++)
		if (strcmp(s.products[i].product_id, id) == 0)
			return &s.products[i];
	return nullptr;
}

void expect_counters(const olc_counters &c, int64_t orders, int64_t units, int64_t revenue, const char *what)
{
	EXPECT_EQ(c.orders, orders) << what;
	EXPECT_EQ(c.units, units) << what;
	EXPECT_EQ(c.revenue_minor, revenue) << what;
}

// The journal of the known session below, in dir: A featured 1000..5000, then B until the end at
// 10000.
void write_known_session(const std::string &path)
{
	fake_now = 1000;
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	ASSERT_NE(j, nullptr) << err.text;
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	const int64_t s = olc_journal_start_session(j, "CNY");
	ASSERT_EQ(s, 1000);
	feature(j, s, 1000, {{"A", 1}});
	order(j, s, 2000, "o1", "A", 2, 33600);                          // A while featured
	order(j, s, 3000, "o2", "B", 1, 5000);                           // B, not on screen
	order(j, s, 3500, "o1", "A", 2, 33600);                          // delivered again: once
	order(j, s, 4000, "t1", "A", 5, 84000, "CNY", true);             // a test order: never
	feature(j, s, 5000, {{"B", 2}});
	order(j, s, 5000, "o3", "A", 1, 16800);                          // at the switch: B's time
	order(j, s, 6000, "o4", "B", 3, 15000, "CNY", false, 4999);      // placed before B came up
	order(j, s, 7000, "o5", "B", 1, 5000, "CNY", false, 5000);       // placed as B came up
	order(j, s, 8000, "o7", "A", 1, 1000, "USD");                    // another currency
	order(j, s, 9000, "o8", "A", 1, 16800);                          // one order, two lines
	order(j, s, 9000, "o8", "B", 1, 5000);
	fake_now = 10000;
	olc_journal_end_session(j);
	olc_journal_error(j, &err);
	EXPECT_STREQ(err.text, "");
	olc_journal_destroy(j);
}

TEST(SalesReport, KnownJournalHasExactSums)
{
	TempDir dir;
	const std::string path = dir.file("sales/journal.jsonl");
	write_known_session(path);

	olc_journal_contents c{};
	olc_error err{};
	ASSERT_TRUE(olc_journal_read_file(path.c_str(), &c, &err)) << err.text;
	EXPECT_EQ(c.damaged, 0u);
	olc_report r{};
	ASSERT_TRUE(olc_report_build(c.records, c.count, 0, 99999, &r, &err)) << err.text;
	olc_journal_contents_free(&c);

	ASSERT_EQ(r.count, 1u);
	const olc_report_session &s = r.sessions[0];
	EXPECT_EQ(s.start_ms, 1000);
	EXPECT_EQ(s.end_ms, 10000);
	EXPECT_STREQ(s.currency, "CNY");
	ASSERT_EQ(s.product_count, 2u);
	const olc_report_product *a = find(s, "A"), *b = find(s, "B");
	ASSERT_TRUE(a && b);
	EXPECT_EQ(a->number, 1);
	EXPECT_STREQ(a->title, "商品 A");
	EXPECT_EQ(a->featured_ms, 4000);
	EXPECT_EQ(b->featured_ms, 5000);
	expect_counters(a->while_featured, 1, 2, 33600, "A while featured");
	expect_counters(a->overall, 4, 5, 33600 + 16800 + 16800, "A overall (the USD order without revenue)");
	expect_counters(b->while_featured, 2, 2, 10000, "B while featured (o5 at its start, o8)");
	expect_counters(b->overall, 4, 6, 30000, "B overall");
	expect_counters(s.total, 7, 11, 97200, "session (o8 is one order)");
	EXPECT_EQ(s.order_time_count, 8u); // o1 o2 o3 o4 o5 o7 and o8's two lines
	olc_report_free(&r);
}

TEST(SalesReport, ShopTimeThatCannotBeRightGivesWayToTheArrival)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	fake_now = 1000000;
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	const int64_t s = olc_journal_start_session(j, "CNY");
	feature(j, s, 1000000, {{"A", 1}});
	feature(j, s, 1100000, {{"B", 2}});
	// Placed while A was on screen, arrived while B is: A's (the shop's time is believed).
	order(j, s, 1110000, "o1", "A", 1, 100, "CNY", false, 1099000);
	// Placed 140 s before it arrived (a shop clock behind): the arrival, with B on screen.
	order(j, s, 1190000, "o2", "A", 1, 100, "CNY", false, 1050000);
	// Placed after it arrived (a shop clock ahead, past the session): the arrival, B's time.
	order(j, s, 1130000, "o3", "B", 1, 100, "CNY", false, 1250000);
	fake_now = 1200000;
	olc_journal_end_session(j);
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	olc_journal_destroy(j);
	expect_counters(find(r.sessions[0], "A")->while_featured, 1, 1, 100, "A: o1 only");
	expect_counters(find(r.sessions[0], "B")->while_featured, 1, 1, 100, "B: o3 at its arrival");
	olc_report_free(&r);
}

TEST(SalesReport, RunningSessionCountsToNowAndCrashedOneEndsAtItsLastRecord)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	fake_now = 1000;
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	const int64_t s = olc_journal_start_session(j, "CNY");
	feature(j, s, 1000, {{"A", 1}, {"B", 2}});
	order(j, s, 1500, "o1", "B", 1, 100);
	fake_now = 4000;
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	ASSERT_EQ(r.count, 1u);
	EXPECT_EQ(r.sessions[0].end_ms, 0) << "still running";
	EXPECT_EQ(find(r.sessions[0], "A")->featured_ms, 3000);
	expect_counters(find(r.sessions[0], "B")->while_featured, 1, 1, 100, "B with A on screen");
	olc_report_free(&r);
	// No end: as if OBS died. The next run ends the session at its last record (1500).
	olc_journal_destroy(j);

	fake_now = 20000;
	j = olc_journal_create(&cfg, &err);
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	EXPECT_EQ(olc_journal_running(j), 0);
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	ASSERT_EQ(r.count, 1u);
	EXPECT_EQ(r.sessions[0].end_ms, 1500);
	EXPECT_EQ(find(r.sessions[0], "A")->featured_ms, 500);
	olc_report_free(&r);
	const int64_t next = olc_journal_start_session(j, "CNY");
	EXPECT_EQ(next, 20000);
	olc_journal_destroy(j);

	olc_journal_contents c{};
	ASSERT_TRUE(olc_journal_read_file(path.c_str(), &c, &err));
	ASSERT_GE(c.count, 2u);
	EXPECT_EQ(c.records[c.count - 2].kind, OLC_JOURNAL_END) << "the crashed session's end, written before the new start";
	EXPECT_EQ(c.records[c.count - 2].at_ms, 1500);
	EXPECT_EQ(c.records[c.count - 1].kind, OLC_JOURNAL_START);
	olc_journal_contents_free(&c);
}

TEST(SalesReport, OrderDeliveredAgainInALaterSessionCountsOnce)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	fake_now = 1000;
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	int64_t s = olc_journal_start_session(j, "CNY");
	order(j, s, 1100, "o1", "A", 1, 100);
	olc_journal_end_session(j);
	fake_now = 2000;
	s = olc_journal_start_session(j, "CNY");
	order(j, s, 2100, "o1", "A", 1, 100);
	order(j, s, 2200, "o2", "A", 1, 200);
	olc_journal_end_session(j);
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	ASSERT_EQ(r.count, 2u);
	expect_counters(r.sessions[0].total, 1, 1, 100, "first session");
	expect_counters(r.sessions[1].total, 1, 1, 200, "second session: o1 was counted before");
	olc_report_free(&r);
	olc_journal_destroy(j);
}

TEST(SalesReport, CsvIsUtf8WithBomCrlfAndQuotedByLibcsv)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	fake_now = 1764853200000; // 2025-12-04 13:00:00 UTC
	olc_journal_config cfg{path.c_str(), 0, clock_now};
	olc_error err{};
	olc_journal *j = olc_journal_create(&cfg, &err);
	ASSERT_TRUE(olc_journal_wait_loaded(j, 5000));
	const int64_t s = olc_journal_start_session(j, "CNY");
	olc_journal_featured item{const_cast<char *>("p,1"), const_cast<char *>("松茸 \"特级\"\n礼盒"), 3};
	olc_journal_record f{};
	f.kind = OLC_JOURNAL_FEATURE;
	f.session = s;
	f.at_ms = s;
	f.featured = &item;
	f.featured_count = 1;
	olc_journal_append(j, &f);
	order(j, s, s + 1000, "o1", "p,1", 2, 16800);
	fake_now = s + 61500;
	olc_journal_end_session(j);
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	olc_journal_destroy(j);

	size_t len = 0;
	char *csv = olc_report_csv(&r, 0, r.count, &len, &err);
	ASSERT_NE(csv, nullptr) << err.text;
	const std::string text(csv, len);
	free(csv);
	const std::string expected =
		"\xEF\xBB\xBF"
		"\"session_start\",\"session_end\",\"currency\",\"number\",\"product_id\",\"title\",\"featured_seconds\","
		"\"orders_featured\",\"units_featured\",\"revenue_featured\",\"orders\",\"units\",\"revenue\"\r\n"
		"\"2025-12-04 13:00:00\",\"2025-12-04 13:01:01\",\"CNY\",\"3\",\"p,1\",\"松茸 \"\"特级\"\"\n礼盒\",\"61.500\","
		"\"1\",\"2\",\"168.00\",\"1\",\"2\",\"168.00\"\r\n"
		"\"2025-12-04 13:00:00\",\"2025-12-04 13:01:01\",\"CNY\",\"\",\"\",\"TOTAL\",\"61.500\",\"\",\"\",\"\","
		"\"1\",\"2\",\"168.00\"\r\n";
	EXPECT_EQ(text, expected);

	char *js = olc_report_json(&r, 0, r.count, &len, &err);
	ASSERT_NE(js, nullptr);
	json_error_t jerr;
	json_t *root = json_loads(js, 0, &jerr);
	free(js);
	ASSERT_NE(root, nullptr);
	json_t *p = json_array_get(json_object_get(json_array_get(json_object_get(root, "sessions"), 0), "products"), 0);
	EXPECT_STREQ(json_string_value(json_object_get(p, "title")), "松茸 \"特级\"\n礼盒");
	EXPECT_EQ(json_integer_value(json_object_get(json_object_get(p, "overall"), "revenue_minor")), 16800);
	EXPECT_EQ(json_integer_value(json_object_get(p, "featured_ms")), 61500);
	json_decref(root);

	EXPECT_EQ(olc_report_csv(&r, 1, 1, &len, &err), nullptr);
	EXPECT_STREQ(err.text, "there is no such sales session");
	olc_report_free(&r);
}

} // namespace
