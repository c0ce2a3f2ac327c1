// The sales journal (plugin/core/sales/journal.c) on real files: a writer killed with SIGKILL at
// random points, a file cut at every byte of its last records (a power cut), a folder that cannot
// be written, a full disk and the journal's own size cap. Whatever happens, reading back gives a
// prefix of whole records, and appending goes on after it.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/sales/journal.h"
#include "core/sales/report.h"
#include "fixtures/journal.h"
#include "temp-dir.h"

namespace {

// The orders of each session in the file, in order, with the sessions' starts and ends.
struct Read {
	std::vector<std::vector<std::string>> sessions; // order ids per session
	std::vector<bool> ended;
	size_t damaged = 0;
	uint64_t whole_len = 0;
};

Read read_back(const std::string &path)
{
	Read out;
	olc_journal_contents c{};
	olc_error err{};
	EXPECT_TRUE(olc_journal_read_file(path.c_str(), &c, &err)) << err.text;
	for (size_t i = 0; i < c.count; i++) {
		const olc_journal_record &r = c.records[i];
		if (r.kind == OLC_JOURNAL_START) {
			out.sessions.emplace_back();
			out.ended.push_back(false);
		} else if (r.kind == OLC_JOURNAL_END && !out.ended.empty()) {
			out.ended.back() = true;
		} else if (r.kind == OLC_JOURNAL_ORDER && !out.sessions.empty()) {
			out.sessions.back().push_back(r.order_id);
			EXPECT_STREQ(r.title, journal_test_title());
		}
	}
	out.damaged = c.damaged;
	out.whole_len = c.whole_len;
	olc_journal_contents_free(&c);
	return out;
}

// Orders "<run>-1", "<run>-2", ... with nothing missing, nothing twice, nothing out of order.
void expect_run(const std::vector<std::string> &ids, int run, const char *what)
{
	for (size_t k = 0; k < ids.size(); k++)
		ASSERT_EQ(ids[k], std::to_string(run) + "-" + std::to_string(k + 1)) << what << ", record " << k;
}

TEST(SalesJournal, WriterKilledAtRandomPointsLeavesWholeRecordsAndAppendingGoesOn)
{
	TempDir dir;
	const std::string path = dir.file("sales/journal.jsonl");
	std::mt19937 rng(20261204);
	const int runs = 6;
	for (int run = 0; run < runs; run++) {
		int ready[2];
		ASSERT_EQ(pipe(ready), 0);
		pid_t child = fork();
		ASSERT_GE(child, 0);
		if (child == 0) {
			// The child reads the journal back, says so, then appends as fast as it can until it
			// is killed.
			close(ready[0]);
			olc_journal *j = open_journal(path);
			if (!j)
				_exit(2);
			const int64_t s = olc_journal_start_session(j, "CNY");
			if (!olc_journal_flush(j, 10000) || write(ready[1], "r", 1) != 1)
				_exit(2);
			for (int k = 1;; k++)
				append_order(j, s, std::to_string(run) + "-" + std::to_string(k));
		}
		close(ready[1]);
		char byte = 0;
		ASSERT_EQ(read(ready[0], &byte, 1), 1) << "the writer did not start";
		close(ready[0]);
		// Anywhere in the stream of appends (a record is a few microseconds).
		std::this_thread::sleep_for(std::chrono::microseconds(rng() % 60000));
		ASSERT_EQ(kill(child, SIGKILL), 0);
		int status = 0;
		ASSERT_EQ(waitpid(child, &status, 0), child);
		ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself (status " << status << ")";

		Read r = read_back(path);
		ASSERT_EQ(r.sessions.size(), static_cast<size_t>(run + 1));
		for (int k = 0; k <= run; k++)
			expect_run(r.sessions[k], k, "after a kill");
		EXPECT_FALSE(r.ended[run]) << "killed: no end record";
		for (int k = 0; k < run; k++)
			EXPECT_TRUE(r.ended[k]) << "the next run ends a killed session";
		EXPECT_LE(r.damaged, 1u) << "only the very last line may be torn";
	}

	// A last, orderly run: it cuts whatever was torn, ends the killed session and appends after it.
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 10; k++)
		append_order(j, s, std::to_string(runs) + "-" + std::to_string(k));
	olc_journal_end_session(j);
	olc_journal_destroy(j);
	Read r = read_back(path);
	EXPECT_EQ(r.damaged, 0u);
	ASSERT_EQ(r.sessions.size(), static_cast<size_t>(runs + 1));
	expect_run(r.sessions[runs], runs, "after the last run");
	EXPECT_EQ(r.sessions[runs].size(), 10u);
	for (bool ended : r.ended)
		EXPECT_TRUE(ended);
}

TEST(SalesJournal, FileCutAtEveryByteOfItsEndReadsBackItsWholeRecords)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 5; k++)
		append_order(j, s, "0-" + std::to_string(k));
	olc_journal_destroy(j);
	const std::string whole = read_bytes(path);
	ASSERT_EQ(whole.back(), '\n');

	// Where each record ends: a cut anywhere inside the last two loses them and nothing else.
	std::vector<size_t> ends;
	for (size_t i = 0; i < whole.size(); i++)
		if (whole[i] == '\n')
			ends.push_back(i + 1);
	ASSERT_EQ(ends.size(), 6u); // start + 5 orders
	for (size_t cut = ends[3]; cut <= whole.size(); cut++) {
		const std::string cut_path = dir.file("cut.jsonl");
		write_bytes(cut_path, whole.substr(0, cut));
		size_t whole_records = 0;
		while (whole_records < ends.size() && ends[whole_records] <= cut)
			whole_records++;
		Read r = read_back(cut_path);
		ASSERT_EQ(r.sessions.size(), 1u) << "cut at " << cut;
		ASSERT_EQ(r.sessions[0].size(), whole_records - 1) << "cut at " << cut;
		expect_run(r.sessions[0], 0, "cut");
		EXPECT_EQ(r.whole_len, ends[whole_records - 1]);

		// Appending after a cut: the torn bytes go, the new record follows the whole ones.
		olc_journal *again = open_journal(cut_path);
		ASSERT_NE(again, nullptr);
		const int64_t s2 = olc_journal_start_session(again, "CNY");
		append_order(again, s2, "1-1");
		olc_journal_destroy(again);
		Read after = read_back(cut_path);
		ASSERT_EQ(after.damaged, 0u) << "cut at " << cut;
		ASSERT_EQ(after.sessions.size(), 2u);
		EXPECT_EQ(after.sessions[0].size(), whole_records - 1);
		EXPECT_TRUE(after.ended[0]);
		ASSERT_EQ(after.sessions[1].size(), 1u);
		EXPECT_EQ(after.sessions[1][0], "1-1");
	}
}

TEST(SalesJournal, DamagedLineInTheMiddleIsSkippedAndTheRestKept)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 3; k++)
		append_order(j, s, "0-" + std::to_string(k));
	olc_journal_destroy(j);
	std::string bytes = read_bytes(path);
	const size_t second = bytes.find("\"0-2\"");
	ASSERT_NE(second, std::string::npos);
	bytes[second + 1] = '9'; // the hash no longer matches
	write_bytes(path, bytes);
	Read r = read_back(path);
	EXPECT_EQ(r.damaged, 1u);
	ASSERT_EQ(r.sessions.size(), 1u);
	EXPECT_EQ(r.sessions[0], (std::vector<std::string>{"0-1", "0-3"}));
	EXPECT_EQ(r.whole_len, bytes.size()) << "the damage is not at the end: nothing is cut";
}

TEST(SalesJournal, FolderThatCannotBeMadeGivesPlainErrorAndTheSessionGoesOn)
{
	TempDir dir;
	write_bytes(dir.file("blocked"), "a file where the sales folder should be");
	olc_journal *j = open_journal(dir.file("blocked/sales/journal.jsonl"));
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	append_order(j, s, "0-1");
	EXPECT_TRUE(olc_journal_flush(j, 10000)) << "nothing waits on a file that cannot be written";
	olc_error err{};
	olc_journal_error(j, &err);
	EXPECT_STREQ(err.text, "journal.jsonl: cannot open for writing (Not a directory)");
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	ASSERT_EQ(r.count, 1u);
	EXPECT_EQ(r.sessions[0].total.orders, 1) << "kept in memory for this run's report";
	EXPECT_EQ(r.sessions[0].total.revenue_minor, 16800);
	olc_report_free(&r);
	olc_journal_destroy(j);
}

TEST(SalesJournal, FullDiskGivesPlainErrorAndKeepsCounting)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	LimitedRun run = with_file_size_limit(1000, [&](char *message, size_t size) {
		olc_journal *j = open_journal(path);
		if (!j)
			return false;
		const int64_t s = olc_journal_start_session(j, "CNY");
		for (int k = 1; k <= 20; k++)
			append_order(j, s, "0-" + std::to_string(k));
		olc_journal_flush(j, 10000);
		olc_error err{};
		olc_journal_error(j, &err);
		olc_report r{};
		bool counted = olc_journal_report(j, &r, &err) && r.count == 1 && r.sessions[0].total.orders == 20;
		olc_report_free(&r);
		olc_journal_error(j, &err);
		snprintf(message, size, "%s", err.text);
		olc_journal_destroy(j);
		return counted;
	});
	ASSERT_EQ(run.trouble, "");
	EXPECT_TRUE(run.succeeded) << "all 20 orders in this run's report";
	EXPECT_EQ(run.message, "journal.jsonl: cannot write (File too large)");
	Read r = read_back(path);
	EXPECT_EQ(r.damaged, 0u) << "a record written in part is cut off";
	ASSERT_EQ(r.sessions.size(), 1u);
	EXPECT_GT(r.sessions[0].size(), 0u);
	EXPECT_LT(r.sessions[0].size(), 20u);
	expect_run(r.sessions[0], 0, "what fitted");
}

TEST(SalesJournal, RefusesToGrowPastItsCapAndSaysSo)
{
	TempDir dir;
	const std::string path = dir.file("journal.jsonl");
	olc_journal *j = open_journal(path, 2000);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 40; k++)
		append_order(j, s, "0-" + std::to_string(k));
	EXPECT_TRUE(olc_journal_flush(j, 10000));
	olc_error err{};
	olc_journal_error(j, &err);
	EXPECT_NE(std::string(err.text).find("the sales journal journal.jsonl is full"), std::string::npos) << err.text;
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err));
	EXPECT_EQ(r.sessions[0].total.orders, 40);
	olc_report_free(&r);
	olc_journal_destroy(j);
	EXPECT_LE(read_bytes(path).size(), 2000u);
	Read back = read_back(path);
	EXPECT_EQ(back.damaged, 0u);
	expect_run(back.sessions[0], 0, "under the cap");
}

} // namespace
