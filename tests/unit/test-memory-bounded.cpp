// What the live session and the ticker's core keep does not grow with the orders they have seen.
// The soak (tests/bench/soak.sh: real OBS at 50 orders/s for an hour) found OBS's memory creeping;
// this pins down our share: orders go through the session (the ring of recent orders, the
// counters, the events, the snapshots) and, as the ticker's worker takes them, through the order
// batcher, the row words and the lane. The bytes malloc holds (glibc's mallinfo2, every thread)
// after 2,000 orders and after 20,000 more must be the same within 256 KiB: anything kept per order
// (about 100 bytes for an order's strings) would be 2 MB. The margin is for what the session's
// worker thread holds at the moment of each reading (a poll under way): 64 KiB was once exceeded by
// 1 KiB (66,656 bytes) with ctest running another test beside it.
//
// Only with glibc's allocator: a sanitizer's allocator (the asan and tsan layers) or another libc
// skips the test.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/session/session.h"
#include "core/shop/provider.h"
#include "core/stream/order-batch.h"
#include "core/stream/order-words.h"
#include "core/stream/ticker-lane.h"
#include "fixtures/demo-session.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OLC_MALLOC_STATS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define OLC_MALLOC_STATS 0
#endif
#endif
#if !defined(OLC_MALLOC_STATS)
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#define OLC_MALLOC_STATS 1
#else
#define OLC_MALLOC_STATS 0
#endif
#endif

namespace {

// The session's clock stands still: the demo shop then makes no orders of its own.
int64_t still_clock()
{
	return 1764850000000;
}

// Bytes malloc hands out now (small blocks and mmapped ones), all threads.
size_t held_bytes()
{
#if OLC_MALLOC_STATS
	const struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

// The ticker's core as its worker uses it: feed the batcher from a snapshot, take the rows, build
// their words, put them in a lane.
class TickerCore {
      public:
	TickerCore()
	{
		const olc_order_batch_config bc = {1000, OLC_ORDER_BATCH_SINGLES_DEFAULT};
		batch_ = olc_order_batch_create(&bc);
		olc_lane_config lc{};
		lc.mode = OLC_LANE_STACK;
		lc.max_rows = 5;
		lc.width = 600;
		lc.row_height = 40;
		lc.enter_ns = 300000000;
		lc.exit_ns = 300000000;
		lane_ = olc_lane_create(&lc);
	}
	~TickerCore()
	{
		olc_order_batch_destroy(batch_);
		olc_lane_destroy(lane_);
	}
	TickerCore(const TickerCore &) = delete;
	TickerCore &operator=(const TickerCore &) = delete;
	bool ok() const { return batch_ && lane_; }

	// One worker pass at now_ms; returns the rows made.
	size_t pass(const olc_snapshot *snap, int64_t now_ms)
	{
		const olc_order_filter filter = {true, false};
		olc_order_batch_feed(batch_, snap, &filter, now_ms);
		olc_order_batch_tick(batch_, now_ms);
		size_t rows = 0;
		olc_order_row row;
		while (olc_order_batch_take(batch_, &row)) {
			olc_row_words words{};
			if (olc_row_words_build(&row, snap, nullptr, OLC_BUYER_MASKED, &words))
				olc_lane_push(lane_, 400, true, static_cast<uint64_t>(now_ms) * 1000000);
			olc_row_words_free(&words);
			olc_order_row_free(&row);
			rows++;
		}
		olc_lane_advance(lane_, static_cast<uint64_t>(now_ms) * 1000000);
		return rows;
	}
	size_t lane_slots() const { return olc_lane_slots_used(lane_); }
	struct olc_order_batch_stats stats() const { return olc_order_batch_stats(batch_); }

      private:
	olc_order_batch *batch_ = nullptr;
	olc_lane *lane_ = nullptr;
};

} // namespace

TEST(MemoryBounded, TheSessionAndTheTickerCoreKeepNoMoreAfter20000OrdersThanAfter2000)
{
#if !OLC_MALLOC_STATS
	GTEST_SKIP() << "needs glibc's malloc statistics (not under a sanitizer)";
#else
	olc_session_config cfg{};
	cfg.now_ms = still_clock;
	cfg.seed = 1234;
	std::vector<std::string> ids;
	olc_session *s = demo_session_create(cfg, &ids);
	ASSERT_NE(s, nullptr);

	TickerCore ticker;
	ASSERT_TRUE(ticker.ok());
	int64_t now_ms = 0;
	size_t placed = 0;
	auto place = [&](size_t n) {
		for (size_t i = 0; i < n; i++, placed++) {
			olc_error e{};
			const std::string &id = ids[placed % ids.size()];
			ASSERT_TRUE(olc_session_simulate_order(s, id.c_str(), 1 + static_cast<int>(placed % 3), &e))
				<< e.text;
			now_ms += 20; // 50 orders a second, on the ticker's clock
			if (placed % 10 == 9) {
				olc_snapshot *snap = olc_session_snapshot(s);
				ticker.pass(snap, now_ms);
				olc_snapshot_release(snap);
			}
		}
	};

	place(2000);
	const size_t early = held_bytes();
	place(20000);
	const size_t late = held_bytes();

	olc_snapshot *snap = olc_session_snapshot(s);
	EXPECT_EQ(snap->total.orders, 0); // test orders are not sales
	EXPECT_LE(snap->recent_count, static_cast<size_t>(OLC_RECENT_ORDERS_DEFAULT));
	EXPECT_LE(snap->per_product_count, ids.size());
	olc_snapshot_release(snap);
	EXPECT_GT(ticker.stats().orders, 21900u); // the first pass only notes where the session is
	EXPECT_EQ(ticker.stats().missed, 0u);
	EXPECT_LE(ticker.lane_slots(), 6u);

	const double grown = static_cast<double>(late) - static_cast<double>(early);
	EXPECT_LT(grown, 256.0 * 1024) << "malloc holds " << early << " bytes after 2,000 orders and " << late
				      << " after 22,000: " << grown / 20000 << " bytes more per order";
	olc_session_destroy(s);
#endif
}
