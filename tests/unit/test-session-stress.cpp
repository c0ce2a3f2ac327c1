// The live session used from many threads at once, as OBS does (sources on the graphics thread,
// the dock on the UI thread, vendor requests on obs-websocket's threads, the poller): readers
// take snapshots, writers feature by id, by number, next, previous and hide, load decks,
// simulate orders and mark products sold out (which the poller's catalogs then keep sold out), listeners come and go while events flow, and the connection switches between
// the demo shop and the json provider on the test shop, each for a fixed number of rounds (not a
// time). Then the session is destroyed while its poller is in the middle of a transfer.
//
// It checks what must hold whatever the interleaving: snapshots are consistent and revisions
// never go back, every test order reaches a listener that stayed registered, a removed listener is
// never called again (its memory is freed at once: ASan or TSan would see a late call), and
// destroy returns promptly. The test command's tsan layer runs it under ThreadSanitizer
// (halt_on_error=1), which turns any data race in the session into a failure.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/session/session.h"
#include "data-dir.h"
#include "fixtures/demo-session.h"
#include "shop-server.h"
#include "temp-dir.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 300;           // every thread's rounds; each sleeps about 2 ms
constexpr size_t kRecentCapacity = 16; // small, so the order ring wraps many times
constexpr int kReaders = 2;

// What went wrong on any thread, reported by the test's thread at the end.
class Problems {
      public:
	void add(const std::string &what)
	{
		std::lock_guard<std::mutex> lock(mu_);
		if (list_.size() < 20)
			list_.push_back(what);
		count_++;
	}
	std::string report()
	{
		std::lock_guard<std::mutex> lock(mu_);
		std::string text = std::to_string(count_) + " problem(s)";
		for (const std::string &p : list_)
			text += "\n  " + p;
		return text;
	}
	size_t count()
	{
		std::lock_guard<std::mutex> lock(mu_);
		return count_;
	}

      private:
	std::mutex mu_;
	std::vector<std::string> list_;
	size_t count_ = 0;
};

// What any published snapshot must satisfy, whoever changed the session last.
void check_snapshot(const olc_snapshot &s, Problems &problems)
{
	if (s.featured_count > OLC_FEATURED_MAX)
		problems.add("featured_count " + std::to_string(s.featured_count));
	for (size_t i = 0; i < s.featured_count && i < OLC_FEATURED_MAX; i++) {
		if (!s.featured[i] || !*s.featured[i])
			problems.add("an empty featured id");
	}
	if (s.recent_count > kRecentCapacity)
		problems.add("recent_count " + std::to_string(s.recent_count));
	for (size_t i = 0; i < s.recent_count; i++) {
		if (!s.recent[i].id || !s.recent[i].product_id)
			problems.add("a recent order without id or product");
		if (i > 0 && s.recent_seq[i] <= s.recent_seq[i - 1])
			problems.add("recent orders out of sequence");
		if (s.recent_seq[i] > s.orders_seen)
			problems.add("a recent order newer than orders_seen");
	}
	for (size_t i = 0; i < s.catalog.count; i++) {
		const olc_product &p = s.catalog.products[i];
		if (!p.id || !*p.id || strlen(p.price.currency) != 3)
			problems.add("a catalog product without id or currency");
	}
	for (size_t i = 0; i < s.deck.count; i++) {
		if (!s.deck.items[i].product_id)
			problems.add("a deck item without product");
	}
	for (size_t i = 0; i < s.per_product_count; i++) {
		if (!s.per_product[i].product_id || s.per_product[i].counters.orders < 0)
			problems.add("bad per-product counters");
	}
	if (s.total.orders < 0 || s.total.units < 0)
		problems.add("negative counters");
}

// A product id of the catalog as it is now, or "" when there is none.
std::string some_product(olc_session *s, unsigned pick)
{
	olc_snapshot *snap = olc_session_snapshot(s);
	std::string id = snap->catalog.count ? snap->catalog.products[pick % snap->catalog.count].id : "";
	olc_snapshot_release(snap);
	return id;
}

// Two decks: one over the demo shop, one over the test shop (product ids 101 to 106). Featuring by
// number or step fails, in plain words, while the other shop is connected: that is part of the mix.
void make_deck(olc_deck *d, bool demo)
{
	olc_deck_init(d);
	olc_error err{};
	olc_deck_set_name(d, demo ? "Demo stress" : "Shop stress", &err);
	olc_deck_set_currency(d, "CNY", &err);
	const char *demo_ids[] = {"matsutake-500g", "rose-jam-500g", "yak-butter-500g", "matsutake-500g"};
	const char *shop_ids[] = {"101", "103", "105", "102"};
	for (int i = 0; i < 4; i++)
		olc_deck_append(d, i + 1, demo ? demo_ids[i] : shop_ids[i], &err);
}

// The listener that stays registered from start to end: it counts test orders and checks every
// event and a snapshot taken from inside the callback (listeners may call the session).
struct Witness {
	olc_session *session = nullptr;
	Problems *problems = nullptr;
	std::atomic<int64_t> test_orders{0};
	std::atomic<int64_t> events{0};

	static void on_event(const olc_event *ev, void *priv)
	{
		Witness *w = static_cast<Witness *>(priv);
		w->events++;
		if (ev->kind == OLC_EVENT_ORDER_RECEIVED && ev->order && ev->order->test)
			w->test_orders++;
		if (ev->kind == OLC_EVENT_PRODUCT_FEATURED && ev->featured_count > OLC_FEATURED_MAX)
			w->problems->add("ProductFeatured with " + std::to_string(ev->featured_count) + " ids");
		if (w->events % 16 == 0) {
			olc_snapshot *snap = olc_session_snapshot(w->session);
			check_snapshot(*snap, *w->problems);
			olc_snapshot_release(snap);
		}
	}
};

// A listener that lives for a few rounds; its memory is freed as soon as it is removed.
struct Passing {
	olc_session *session = nullptr;
	bool remove_itself = false;
	std::atomic<int> calls{0};
	std::atomic<bool> removed{false};

	static void on_event(const olc_event *, void *priv)
	{
		Passing *p = static_cast<Passing *>(priv);
		if (p->removed.load())
			std::abort(); // called after its removal returned: the memory would already be freed
		p->calls++;
		if (p->remove_itself)
			olc_session_remove_listener(p->session, on_event, p);
	}
};

bool wait_for(const std::function<bool()> &pred, std::chrono::milliseconds timeout)
{
	auto deadline = Clock::now() + timeout;
	while (!pred()) {
		if (Clock::now() > deadline)
			return false;
		std::this_thread::sleep_for(2ms);
	}
	return true;
}

TEST(SessionStress, ReadersWritersListenersAndSwitchesAtOnceThenDestroyInFlight)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	TempDir cache;
	std::string cache_dir = cache.path() + "/obs-live-commerce";
	std::string data = data_dir();
	olc_session_config cfg{};
	cfg.cache_dir = cache_dir.c_str(); // deck and catalog files are written while all this goes on
	cfg.data_dir = data.c_str();
	cfg.recent_capacity = kRecentCapacity;
	cfg.seed = 77;
	olc_error err{};
	olc_session *s = olc_session_create(&cfg, &err);
	ASSERT_NE(s, nullptr) << err.text;

	Problems problems;
	Witness witness;
	witness.session = s;
	witness.problems = &problems;
	olc_session_add_listener(s, Witness::on_event, &witness);

	auto connect = [&](bool demo) {
		olc_connection c;
		olc_connection_init(&c);
		c.provider = strdup(demo ? "demo" : "json");
		c.url = demo ? nullptr : strdup(shop.http_url("/json").c_str());
		c.poll_ms = 100;
		olc_error e{};
		bool ok = olc_session_set_connection(s, &c, &e);
		olc_connection_free(&c);
		if (!ok)
			problems.add(std::string("SetConnection: ") + e.text);
	};
	auto has_catalog = [&]() {
		olc_snapshot *snap = olc_session_snapshot(s);
		bool ok = snap->state == OLC_CONN_OK && snap->catalog.count > 0;
		olc_snapshot_release(snap);
		return ok;
	};
	connect(true);
	ASSERT_TRUE(wait_for(has_catalog, 10s));

	std::atomic<int64_t> simulated{0}, featured{0}, deck_loads{0}, switches{0}, listeners{0}, marked{0};
	std::atomic<int64_t> snapshots{0};
	std::vector<std::thread> threads;

	for (int r = 0; r < kReaders; r++) {
		threads.emplace_back([&] {
			uint64_t revision = 0, catalog_revision = 0, featured_revision = 0, orders_seen = 0;
			for (int round = 0; round < kRounds; round++) {
				for (int k = 0; k < 4; k++) {
					olc_snapshot *snap = olc_session_snapshot(s);
					check_snapshot(*snap, problems);
					if (snap->revision < revision || snap->catalog_revision < catalog_revision ||
					    snap->featured_revision < featured_revision ||
					    snap->orders_seen < orders_seen)
						problems.add("a revision went back");
					revision = snap->revision;
					catalog_revision = snap->catalog_revision;
					featured_revision = snap->featured_revision;
					orders_seen = snap->orders_seen;
					if (snap->featured_count > 0) {
						olc_snapshot_product(snap, snap->featured[0]);
						olc_snapshot_deck_item(snap, snap->featured[0]);
						olc_snapshot_product_counters(snap, snap->featured[0]);
					}
					olc_snapshot_release(snap);
					snapshots++;
				}
				std::this_thread::sleep_for(2ms);
			}
		});
	}

	threads.emplace_back([&] { // featuring, every way there is
		std::mt19937 rng(1);
		for (int round = 0; round < kRounds; round++) {
			olc_error e{};
			bool ok = false;
			std::string a = some_product(s, rng()), b = some_product(s, rng());
			const char *ids[] = {a.c_str(), b.c_str()};
			switch (round % 6) {
			case 0:
				ok = !a.empty() && olc_session_feature(s, ids, 1, &e);
				break;
			case 1:
				ok = a != b && !b.empty() && olc_session_feature(s, ids, 2, &e);
				break;
			case 2:
				ok = olc_session_feature_number(s, 1 + (int)(rng() % 4), &e);
				break;
			case 3:
				ok = olc_session_feature_step(s, +1, &e);
				break;
			case 4:
				ok = olc_session_feature_step(s, -1, &e);
				break;
			case 5:
				olc_session_hide(s);
				break;
			}
			featured += ok;
			std::this_thread::sleep_for(2ms);
		}
	});

	threads.emplace_back([&] { // decks and test orders
		olc_deck decks[2];
		make_deck(&decks[0], true);
		make_deck(&decks[1], false);
		for (int round = 0; round < kRounds; round++) {
			olc_error e{};
			if (round % 20 == 0) {
				if (olc_session_load_deck(s, &decks[(round / 20) % 2], &e))
					deck_loads++;
				else
					problems.add(std::string("LoadDeck: ") + e.text);
			}
			std::string id = round % 2 ? some_product(s, (unsigned)round) : "";
			if (olc_session_simulate_order(s, id.empty() ? nullptr : id.c_str(), 1 + round % 3, &e))
				simulated++;
			// Sold-out marks: a writer of the catalog's stock besides the poller and the orders.
			if (round % 7 == 0 && olc_session_mark_sold_out(s, id.empty() ? nullptr : id.c_str(), nullptr))
				marked++;
			std::this_thread::sleep_for(2ms);
		}
		olc_deck_free(&decks[0]);
		olc_deck_free(&decks[1]);
	});

	threads.emplace_back([&] { // listeners coming and going while events flow
		for (int round = 0; round < kRounds; round++) {
			auto p = std::make_unique<Passing>();
			p->session = s;
			p->remove_itself = round % 3 == 0;
			olc_session_add_listener(s, Passing::on_event, p.get());
			if (olc_session_simulate_order(s, nullptr, 1, nullptr)) // an event for it, and the witness
				simulated++;
			std::this_thread::sleep_for(1ms);
			olc_session_remove_listener(s, Passing::on_event, p.get()); // a no-op when it left by itself
			p->removed = true;
			listeners++;
			std::this_thread::sleep_for(1ms);
		}
	});

	threads.emplace_back([&] { // the connection: demo and json in turn, with orders at the shop
		for (int round = 0; round < kRounds; round++) {
			if (round % 10 == 0) {
				bool demo = (round / 10) % 2 == 1;
				connect(demo);
				switches++;
				// Every other switch waits for the catalog; the rest switch again while the first
				// fetch may still be under way.
				if ((round / 10) % 4 < 2)
					wait_for(has_catalog, 2s);
			}
			if (round % 5 == 0 && !shop.add_order(round % 10 ? "104" : "101", 1, "Stress", "拉萨"))
				problems.add("the test shop took no order: " + shop.error());
			std::this_thread::sleep_for(2ms);
		}
	});

	for (std::thread &t : threads)
		t.join();

	EXPECT_EQ(problems.count(), 0u) << problems.report();
	// Every successful test order reached the listener that stayed registered.
	EXPECT_GT(simulated.load(), kRounds);
	EXPECT_EQ(witness.test_orders.load(), simulated.load()) << "test orders simulated and seen by the witness";
	EXPECT_EQ(deck_loads.load(), kRounds / 20);
	EXPECT_EQ(switches.load(), kRounds / 10);
	EXPECT_GT(featured.load(), 0);
	EXPECT_GT(marked.load(), 0);
	EXPECT_EQ(listeners.load(), kRounds);
	EXPECT_EQ(snapshots.load(), (int64_t)kReaders * kRounds * 4);

	// The end: the json shop drips its answers one byte at a time, the poller is mid-transfer,
	// and the session goes away with listeners still registered.
	ASSERT_TRUE(shop.set_fault("slow-drip", "/json/")) << shop.error();
	connect(false);
	std::this_thread::sleep_for(150ms);
	auto start = Clock::now();
	olc_session_destroy(s);
	EXPECT_LT(Clock::now() - start, 1500ms);
}

// The case the stress test can only meet by chance, made certain: a listener removes itself on one
// thread while a second thread is still inside it; a third thread's remove must then wait for the
// second (the header: removal returns once no other thread is inside the listener), not return at
// once because the listener is already marked removed, and let its caller free what the second
// thread is using.
TEST(SessionStress, RemovalWaitsForACallStillRunningAfterTheListenerRemovedItself)
{
	olc_session *s = demo_session_create(olc_session_config{});
	ASSERT_NE(s, nullptr);

	// The first thread to call it stays inside until released; the second removes the listener.
	struct Gate {
		olc_session *s;
		std::atomic<int> inside{0};
		std::atomic<bool> release{false}, second_done{false};
		static void cb(const olc_event *ev, void *priv)
		{
			Gate *g = static_cast<Gate *>(priv);
			if (ev->kind != OLC_EVENT_ORDER_RECEIVED)
				return;
			if (g->inside.fetch_add(1) == 0) {
				while (!g->release.load())
					std::this_thread::sleep_for(1ms);
				return;
			}
			olc_session_remove_listener(g->s, cb, g);
			g->second_done = true;
		}
	} gate{s};
	olc_session_add_listener(s, Gate::cb, &gate);
	// The poller's demo orders also call it: only test orders from these two threads do here.
	std::thread first([&] { olc_session_simulate_order(s, nullptr, 1, nullptr); });
	ASSERT_TRUE(wait_for([&] { return gate.inside.load() >= 1; }, 5s));
	std::thread second([&] { olc_session_simulate_order(s, nullptr, 1, nullptr); });
	ASSERT_TRUE(wait_for([&] { return gate.inside.load() >= 2; }, 5s));
	std::this_thread::sleep_for(50ms); // the second thread is now waiting for the first, inside remove

	std::atomic<bool> removed{false};
	std::thread third([&] {
		olc_session_remove_listener(s, Gate::cb, &gate);
		removed = true;
	});
	std::this_thread::sleep_for(200ms);
	EXPECT_FALSE(removed.load()) << "remove returned while another thread was still inside the listener";
	gate.release = true;
	first.join();
	second.join();
	third.join();
	EXPECT_TRUE(removed.load());
	EXPECT_TRUE(gate.second_done.load());
	olc_session_destroy(s);
}

} // namespace
