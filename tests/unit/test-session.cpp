// The live session, with its real poller thread: the demo shop (no network, a clock the test
// moves) and the json provider against the test shop on loopback (faults, recovery, hangs).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <jansson.h>

#include "data-dir.h"
#include "core/model/deck-json.h"
#include "core/shop/parse.h"
#include "core/session/session.h"
#include "core/stream/buyer-mask.h"
#include "shop-server.h"
#include "temp-dir.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kStart = 1767225600000; // 2026-01-01T00:00:00Z

// What a test waits on instead of sleeping: something the session did. Every event a listener
// hears counts, and so does every reading of the fake clock (the poller reads it on each fetch,
// so a change that has no event of its own, such as the time of the last success, is looked at
// again after the poll that made it). A waiter re-checks its condition after each.
class Activity {
      public:
	void note()
	{
		{
			std::lock_guard<std::mutex> lock(mu_);
			count_++;
		}
		cv_.notify_all();
	}
	uint64_t count()
	{
		std::lock_guard<std::mutex> lock(mu_);
		return count_;
	}
	// Returns once anything happened after `seen` was counted; false at the deadline.
	bool wait_beyond(uint64_t seen, Clock::time_point deadline)
	{
		std::unique_lock<std::mutex> lock(mu_);
		return cv_.wait_until(lock, deadline, [&] { return count_ != seen; });
	}

      private:
	std::mutex mu_;
	std::condition_variable cv_;
	uint64_t count_ = 0;
};

Activity activity;

std::atomic<int64_t> fake_now{kStart};
int64_t fake_clock()
{
	activity.note();
	return fake_now.load();
}

// ---- snapshots and sessions ----

class Snap {
      public:
	explicit Snap(olc_session *s) : p_(olc_session_snapshot(s)) {}
	~Snap() { olc_snapshot_release(p_); }
	Snap(const Snap &) = delete;
	Snap &operator=(const Snap &) = delete;
	const olc_snapshot *operator->() const { return p_; }
	const olc_snapshot &operator*() const { return *p_; }

      private:
	olc_snapshot *p_;
};

// One event as a listener saw it, with its data copied.
struct Seen {
	olc_event_kind kind;
	std::string order_id, product_id, buyer;
	int quantity = 0;
	int64_t total = 0;
	bool test = false;
	std::vector<std::string> featured;
	bool has_stock = false;
	int64_t stock = 0;
	olc_conn_state state = OLC_CONN_OFFLINE;
	std::string error;
	bool has_error = false;
	std::thread::id thread;
};

class Recorder {
      public:
	static void on_event(const olc_event *ev, void *priv) { static_cast<Recorder *>(priv)->add(ev); }

	void add(const olc_event *ev)
	{
		Seen s;
		s.kind = ev->kind;
		s.thread = std::this_thread::get_id();
		if (ev->order) {
			s.order_id = ev->order->id;
			s.product_id = ev->order->product_id;
			s.buyer = ev->order->buyer ? ev->order->buyer : "";
			s.quantity = ev->order->quantity;
			s.total = ev->order->total.minor;
			s.test = ev->order->test;
		}
		for (size_t i = 0; i < ev->featured_count; i++)
			s.featured.push_back(ev->featured[i]);
		if (ev->kind == OLC_EVENT_STOCK_CHANGED) {
			s.product_id = ev->product_id;
			s.has_stock = ev->has_stock;
			s.stock = ev->stock;
		}
		s.state = ev->state;
		s.has_error = ev->error != nullptr;
		s.error = ev->error ? ev->error : "";
		{
			std::lock_guard<std::mutex> lock(mu_);
			seen_.push_back(s);
		}
		cv_.notify_all();
		activity.note();
	}

	// Waits until pred holds for the events heard so far; false after the timeout.
	bool wait_for(const std::function<bool(const std::vector<Seen> &)> &pred,
		      std::chrono::milliseconds timeout = 10s)
	{
		std::unique_lock<std::mutex> lock(mu_);
		return cv_.wait_for(lock, timeout, [&] { return pred(seen_); });
	}

	std::vector<Seen> all()
	{
		std::lock_guard<std::mutex> lock(mu_);
		return seen_;
	}
	std::vector<Seen> of(olc_event_kind kind)
	{
		std::vector<Seen> result;
		for (const Seen &s : all()) {
			if (s.kind == kind)
				result.push_back(s);
		}
		return result;
	}
	void clear()
	{
		std::lock_guard<std::mutex> lock(mu_);
		seen_.clear();
	}

      private:
	std::mutex mu_;
	std::condition_variable cv_;
	std::vector<Seen> seen_;
};

struct Options {
	std::string cache_dir;
	bool fake_clock = true;
	int64_t stale_after_ms = 0;
	int64_t catalog_after_order_ms = 0; // 0: the session's 10 s
	int64_t catalog_min_ms = 0;         // 0: the session's 30 s
	size_t recent_capacity = 0;
	std::string extra_ca_file;
	uint64_t seed = 1234;
	int64_t (*clock)(void) = nullptr; // instead of the fake or the system clock
};

class Session {
      public:
	explicit Session(const Options &o = Options())
	{
		olc_session_config cfg{};
		std::string data = data_dir();
		cfg.cache_dir = o.cache_dir.empty() ? nullptr : o.cache_dir.c_str();
		cfg.data_dir = data.c_str();
		cfg.extra_ca_file = o.extra_ca_file.empty() ? nullptr : o.extra_ca_file.c_str();
		cfg.stale_after_ms = o.stale_after_ms;
		cfg.catalog_after_order_ms = o.catalog_after_order_ms;
		cfg.catalog_min_ms = o.catalog_min_ms;
		cfg.recent_capacity = o.recent_capacity;
		cfg.now_ms = o.clock ? o.clock : o.fake_clock ? fake_clock : nullptr;
		cfg.seed = o.seed;
		olc_error err{};
		s_ = olc_session_create(&cfg, &err);
		EXPECT_NE(s_, nullptr) << err.text;
		if (s_)
			olc_session_add_listener(s_, Recorder::on_event, &events);
	}
	~Session() { destroy(); }
	Session(const Session &) = delete;
	Session &operator=(const Session &) = delete;

	void destroy()
	{
		if (s_) {
			olc_session_remove_listener(s_, Recorder::on_event, &events);
			olc_session_destroy(s_);
		}
		s_ = nullptr;
	}
	olc_session *get() const { return s_; }
	operator olc_session *() const { return s_; }

	bool connect(const std::string &provider, const std::string &url = "", int poll_ms = 0,
		     std::string *error = nullptr)
	{
		olc_connection c;
		olc_connection_init(&c);
		c.provider = strdup(provider.c_str());
		c.url = url.empty() ? nullptr : strdup(url.c_str());
		c.poll_ms = poll_ms;
		olc_error err{};
		bool ok = olc_session_set_connection(s_, &c, &err);
		olc_connection_free(&c);
		if (error)
			*error = err.text;
		return ok;
	}

	// The test shop in the shape of provider ("json", "woocommerce", "shopify"), with its credentials.
	bool connect_shop(const std::string &provider, const ShopServer &shop, int poll_ms)
	{
		olc_connection c;
		olc_connection_init(&c);
		c.provider = strdup(provider.c_str());
		c.url = strdup((provider == "json"     ? shop.http_url("/json")
				: provider == "douyin" ? shop.http_url("/douyin")
				: provider == "youzan" ? shop.http_url("/youzan")
						       : shop.http_url())
				       .c_str());
		if (provider == "douyin") {
			// tests/shop-server/platforms/douyin.mjs's self-use app and shop
			c.key = strdup("7412345678901234567");
			c.secret = strdup("dy-test-5e0c7a1f-2b9d-secret");
			c.shop_id = strdup("24681357");
		} else if (provider == "youzan") {
			c.key = strdup("yz_client_7f3a9c21e5b04d68");
			c.secret = strdup("yz_secret_0d4e8b6a2c9f1357");
			c.shop_id = strdup("91234567");
		} else if (provider == "woocommerce") {
			c.key = strdup(ShopServer::woo_key);
			c.secret = strdup(ShopServer::woo_secret);
		} else if (provider == "shopify") {
			c.token = strdup(ShopServer::shopify_token);
		}
		c.poll_ms = poll_ms;
		olc_error err{};
		bool ok = olc_session_set_connection(s_, &c, &err);
		EXPECT_TRUE(ok) << err.text;
		olc_connection_free(&c);
		return ok;
	}

	// Waits (up to timeout) until pred holds for a snapshot, looking again after each activity
	// of the session (events, fake clock readings); false on timeout.
	bool wait(const std::function<bool(const olc_snapshot &)> &pred, std::chrono::milliseconds timeout = 10s)
	{
		auto deadline = Clock::now() + timeout;
		for (;;) {
			const uint64_t seen = activity.count();
			{
				Snap snap(s_);
				if (pred(*snap))
					return true;
			}
			// Woken by the session's events, and every 50 ms besides: some changes publish no
			// event (a cache read that found nothing usable), and waiting for one made such a wait
			// last its whole timeout (ACorruptCache... took 50 s instead of milliseconds).
			const auto now = Clock::now();
			if (now >= deadline) {
				Snap snap(s_);
				return pred(*snap);
			}
			activity.wait_beyond(seen, std::min(deadline, now + 50ms));
		}
	}

	Recorder events;

      private:
	olc_session *s_ = nullptr;
};

bool has_catalog(const olc_snapshot &s)
{
	return s.state == OLC_CONN_OK && s.catalog.count > 0;
}

bool cache_read(const olc_snapshot &s)
{
	return s.cache_read;
}

// has_catalog holds once the snapshot is published; listeners hear its events just after, on the
// poller thread, the connection's "ok" last. A test that counts events from here on waits for that
// too, or a late event of the connection would be counted as its own.
bool online(Session &s)
{
	return s.wait(has_catalog) && s.events.wait_for([](const std::vector<Seen> &seen) {
		for (const Seen &e : seen) {
			if (e.kind == OLC_EVENT_CONNECTION_CHANGED && e.state == OLC_CONN_OK)
				return true;
		}
		return false;
	});
}

// The demo shop starts its simulation at its first order poll, which follows the first catalog;
// a clock jump before that poll would only move its start. This sets the fake clock to `at` (a
// second or more after the last success: a quiet poll publishes once a second of the clock has
// passed) and waits until the session publishes a success at that time: the demo has polled
// since, so a later jump is time it fills with orders.
bool demo_polled_at(Session &s, int64_t at)
{
	fake_now = at;
	return s.wait([at](const olc_snapshot &snap) { return snap.last_success_ms >= at; });
}

std::vector<std::string> featured(const olc_snapshot &s)
{
	return std::vector<std::string>(s.featured, s.featured + s.featured_count);
}

// A deck over the demo shop: #1 matsutake, #2 rose jam, #5 a product the shop does not
// list, #7 yak butter, #9 matsutake again at a stream price.
void load_demo_deck(olc_session *s)
{
	olc_deck d;
	olc_deck_init(&d);
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(&d, "集市 Market day", &err));
	ASSERT_TRUE(olc_deck_set_currency(&d, "CNY", &err));
	ASSERT_NE(olc_deck_append(&d, 1, "matsutake-500g", &err), nullptr);
	ASSERT_NE(olc_deck_append(&d, 2, "rose-jam-500g", &err), nullptr);
	ASSERT_NE(olc_deck_append(&d, 5, "gone-product", &err), nullptr);
	ASSERT_NE(olc_deck_append(&d, 7, "yak-butter-500g", &err), nullptr);
	olc_deck_item *nine = olc_deck_append(&d, 9, "matsutake-500g", &err);
	ASSERT_NE(nine, nullptr);
	olc_money price{};
	ASSERT_TRUE(olc_money_set(&price, 19900, "CNY"));
	ASSERT_TRUE(olc_deck_item_set_price(&d, nine, &price, &err));
	ASSERT_TRUE(olc_session_load_deck(s, &d, &err)) << err.text;
	olc_deck_free(&d);
}

// ---- no connection ----

TEST(Session, StartsOfflineAndEmptyWithoutACache)
{
	Session s;
	Snap snap(s);
	EXPECT_EQ(snap->state, OLC_CONN_OFFLINE);
	EXPECT_STREQ(olc_conn_state_name(snap->state), "offline");
	EXPECT_EQ(snap->error, nullptr);
	EXPECT_STREQ(snap->provider, "");
	EXPECT_EQ(snap->catalog.count, 0u);
	EXPECT_EQ(snap->featured_count, 0u);
	EXPECT_EQ(snap->recent_count, 0u);
	EXPECT_EQ(snap->last_success_ms, 0);
	olc_connection c;
	EXPECT_FALSE(olc_session_get_connection(s, &c));
	olc_connection_free(&c);
}

TEST(Session, StateNamesAreTheVendorApiWords)
{
	EXPECT_STREQ(olc_conn_state_name(OLC_CONN_OFFLINE), "offline");
	EXPECT_STREQ(olc_conn_state_name(OLC_CONN_CONNECTING), "connecting");
	EXPECT_STREQ(olc_conn_state_name(OLC_CONN_OK), "ok");
	EXPECT_STREQ(olc_conn_state_name(OLC_CONN_STALE), "stale");
	EXPECT_STREQ(olc_conn_state_name(OLC_CONN_ERROR), "error");
}

TEST(Session, ABadConnectionIsRefusedAndChangesNothing)
{
	Session s;
	std::string error;
	EXPECT_FALSE(s.connect("magento", "", 0, &error));
	EXPECT_EQ(error, "unknown shop type \"magento\" (expected demo, json, woocommerce, shopify, douyin, kuaishou, youzan or taobao)");
	EXPECT_FALSE(s.connect("demo", "", 20, &error));
	EXPECT_EQ(error, "the poll interval must be from 100 ms to 10 minutes (or 0 for the default)");
	EXPECT_FALSE(s.connect("json", "", 0, &error)); // the provider's own check: no URL
	EXPECT_FALSE(error.empty());
	Snap snap(s);
	EXPECT_EQ(snap->state, OLC_CONN_OFFLINE);
	EXPECT_STREQ(snap->provider, "");
	EXPECT_TRUE(s.events.all().empty());
}

// ---- the demo shop ----

TEST(Session, TheDemoShopComesOnlineWithItsCatalog)
{
	fake_now = kStart;
	Session s;
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(online(s));
	Snap snap(s);
	EXPECT_STREQ(snap->provider, "demo");
	EXPECT_STREQ(snap->currency, "CNY");
	EXPECT_EQ(snap->catalog.count, 9u);
	EXPECT_EQ(snap->error, nullptr);
	EXPECT_EQ(snap->warning, nullptr);
	EXPECT_EQ(snap->last_success_ms, kStart);
	EXPECT_EQ(snap->next_retry_ms, 0);
	const olc_product *m = olc_snapshot_product(&*snap, "matsutake-500g");
	ASSERT_NE(m, nullptr);
	EXPECT_EQ(m->price.minor, 26800);

	// The demo shop features its first product by itself, so a card shows something at once.
	ASSERT_EQ(snap->featured_count, 1u);
	EXPECT_STREQ(snap->featured[0], "matsutake-500g");

	// connecting on this thread; the catalog, the featured product, then ok, in this order, on the
	// poller thread. Events from two threads may interleave (session.h): the poller may deliver
	// its first events before this thread delivers "connecting", so each thread's are checked in
	// their own order (under ASan and load, the poller's catalog came first).
	std::vector<Seen> mine, poller;
	for (const Seen &e : s.events.all())
		(e.thread == std::this_thread::get_id() ? mine : poller).push_back(e);
	ASSERT_EQ(mine.size(), 1u);
	EXPECT_EQ(mine[0].kind, OLC_EVENT_CONNECTION_CHANGED);
	EXPECT_EQ(mine[0].state, OLC_CONN_CONNECTING);
	ASSERT_GE(poller.size(), 3u);
	EXPECT_EQ(poller[0].kind, OLC_EVENT_CATALOG_CHANGED);
	EXPECT_EQ(poller[1].kind, OLC_EVENT_PRODUCT_FEATURED);
	EXPECT_EQ(poller[2].kind, OLC_EVENT_CONNECTION_CHANGED);
	EXPECT_EQ(poller[2].state, OLC_CONN_OK);
	EXPECT_FALSE(poller[2].has_error);

	olc_connection c;
	ASSERT_TRUE(olc_session_get_connection(s, &c));
	EXPECT_STREQ(c.provider, "demo");
	olc_connection_free(&c);
}

TEST(Session, OrdersAreCountedExactlyOverallAndPerProduct)
{
	fake_now = kStart;
	Options o;
	o.recent_capacity = 1000;
	Session s(o);
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(has_catalog));
	std::map<std::string, int64_t> initial;
	{
		Snap snap(s);
		for (size_t i = 0; i < snap->catalog.count; i++)
			initial[snap->catalog.products[i].id] = snap->catalog.products[i].stock;
	}
	// The demo's first order poll sets its starting point; then a minute passes at once, and the
	// next poll brings the minute's orders in one batch (the clock then stands still): one of
	// them in the snapshot means all of them are.
	ASSERT_TRUE(demo_polled_at(s, kStart + 2000));
	fake_now = kStart + 62 * 1000;
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) {
		return snap.recent_count > 0 && snap.recent[snap.recent_count - 1].created_at_ms > kStart + 2000;
	}));

	Snap snap(s);
	// Listeners hear a batch just after it is published: wait until they heard all of it, every
	// order and the stock each product was left with.
	ASSERT_TRUE(s.events.wait_for([&](const std::vector<Seen> &seen) {
		size_t orders = 0;
		std::map<std::string, int64_t> stock;
		for (const Seen &e : seen) {
			orders += e.kind == OLC_EVENT_ORDER_RECEIVED;
			if (e.kind == OLC_EVENT_STOCK_CHANGED)
				stock[e.product_id] = e.stock;
		}
		for (size_t i = 0; i < snap->catalog.count; i++) {
			const olc_product &p = snap->catalog.products[i];
			if (p.has_stock && p.stock != initial[p.id] && (!stock.count(p.id) || stock[p.id] != p.stock))
				return false;
		}
		return orders == snap->orders_seen;
	}));
	ASSERT_GT(snap->recent_count, 5u);
	ASSERT_EQ(snap->orders_seen, snap->recent_count);
	olc_counters total{};
	std::map<std::string, olc_counters> per;
	for (size_t i = 0; i < snap->recent_count; i++) {
		const olc_order &o = snap->recent[i];
		EXPECT_EQ(snap->recent_seq[i], i + 1);
		EXPECT_FALSE(o.test);
		total.orders++;
		total.units += o.quantity;
		total.revenue_minor += o.total.minor;
		per[o.product_id].orders++;
		per[o.product_id].units += o.quantity;
		per[o.product_id].revenue_minor += o.total.minor;
	}
	EXPECT_EQ(snap->total.orders, total.orders);
	EXPECT_EQ(snap->total.units, total.units);
	EXPECT_EQ(snap->total.revenue_minor, total.revenue_minor);
	EXPECT_EQ(snap->per_product_count, per.size());
	for (const auto &[id, c] : per) {
		olc_counters got = olc_snapshot_product_counters(&*snap, id.c_str());
		EXPECT_EQ(got.orders, c.orders) << id;
		EXPECT_EQ(got.units, c.units) << id;
		EXPECT_EQ(got.revenue_minor, c.revenue_minor) << id;
		// Within a minute nothing sold out long enough to be restocked: stock is exact.
		const olc_product *p = olc_snapshot_product(&*snap, id.c_str());
		if (p->has_stock) {
			EXPECT_EQ(p->stock, initial[id] - c.units) << id;
		}
	}
	olc_counters none = olc_snapshot_product_counters(&*snap, "no-such-product");
	EXPECT_EQ(none.orders, 0);

	// Every order as an event, in order, and a stock event for what moved.
	std::vector<Seen> orders = s.events.of(OLC_EVENT_ORDER_RECEIVED);
	ASSERT_EQ(orders.size(), snap->recent_count);
	for (size_t i = 0; i < orders.size(); i++) {
		EXPECT_EQ(orders[i].order_id, snap->recent[i].id);
		EXPECT_EQ(orders[i].quantity, snap->recent[i].quantity);
		EXPECT_EQ(orders[i].total, snap->recent[i].total.minor);
	}
	std::map<std::string, int64_t> last_stock;
	for (const Seen &e : s.events.of(OLC_EVENT_STOCK_CHANGED))
		last_stock[e.product_id] = e.stock;
	for (const auto &[id, c] : per) {
		const olc_product *p = olc_snapshot_product(&*snap, id.c_str());
		if (p->has_stock) {
			ASSERT_TRUE(last_stock.count(id)) << id;
			EXPECT_EQ(last_stock[id], p->stock) << id;
		}
	}
	EXPECT_FALSE(last_stock.count("naan-4")); // untracked stock never moves
}

TEST(Session, AHeldSnapshotNeverChanges)
{
	fake_now = kStart;
	Session s;
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(has_catalog));

	Snap held(s);
	const uint64_t revision = held->revision;
	const uint64_t catalog_revision = held->catalog_revision;
	const size_t recent = held->recent_count;
	const int64_t orders = held->total.orders;
	const olc_product *jam = olc_snapshot_product(&*held, "rose-jam-500g");
	const int64_t jam_stock = jam->stock;
	const std::string jam_title = jam->title;

	olc_error err{};
	const char *ids[] = {"rose-jam-500g"};
	ASSERT_TRUE(olc_session_feature(s, ids, 1, &err));
	ASSERT_TRUE(olc_session_simulate_order(s, "rose-jam-500g", 2, &err));
	ASSERT_TRUE(demo_polled_at(s, kStart + 2000));
	fake_now = kStart + 90 * 1000;
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.total.orders > 3; }));

	Snap now(s);
	EXPECT_GT(now->revision, revision);
	EXPECT_EQ(held->revision, revision);
	EXPECT_EQ(held->catalog_revision, catalog_revision);
	EXPECT_EQ(held->recent_count, recent);
	EXPECT_EQ(held->total.orders, orders);
	ASSERT_EQ(held->featured_count, 1u); // the demo shop's own first pick, still
	EXPECT_STREQ(held->featured[0], "matsutake-500g");
	EXPECT_EQ(olc_snapshot_product(&*held, "rose-jam-500g"), jam);
	EXPECT_EQ(jam->stock, jam_stock);
	EXPECT_EQ(jam->title, jam_title);
	ASSERT_EQ(now->featured_count, 1u);
	EXPECT_STREQ(now->featured[0], "rose-jam-500g");
}

TEST(Session, FeaturingByIdNumberAndStep)
{
	fake_now = kStart;
	Session s;
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(online(s));
	s.events.clear();
	olc_error err{};

	const char *two[] = {"naan-4", "puer-cake-357g"};
	uint64_t before = Snap(s)->featured_revision;
	ASSERT_TRUE(olc_session_feature(s, two, 2, &err)) << err.text;
	{
		Snap snap(s);
		EXPECT_EQ(featured(*snap), std::vector<std::string>({"naan-4", "puer-cake-357g"}));
		EXPECT_GT(snap->featured_revision, before);
		EXPECT_EQ(snap->featured_number, 0);
	}
	std::vector<Seen> ev = s.events.of(OLC_EVENT_PRODUCT_FEATURED);
	ASSERT_EQ(ev.size(), 1u);
	EXPECT_EQ(ev[0].featured, std::vector<std::string>({"naan-4", "puer-cake-357g"}));
	EXPECT_EQ(ev[0].thread, std::this_thread::get_id());

	// Refusals leave the featured list alone.
	const char *unknown[] = {"naan-4", "truffle"};
	EXPECT_FALSE(olc_session_feature(s, unknown, 2, &err));
	EXPECT_STREQ(err.text, "the shop has no product \"truffle\"");
	const char *twice[] = {"naan-4", "naan-4"};
	EXPECT_FALSE(olc_session_feature(s, twice, 2, &err));
	EXPECT_STREQ(err.text, "product \"naan-4\" is listed twice");
	const char *four[] = {"naan-4", "puer-cake-357g", "rose-jam-500g", "matsutake-500g"};
	EXPECT_FALSE(olc_session_feature(s, four, 4, &err));
	EXPECT_STREQ(err.text, "feature 1 to 3 products, not 4");
	EXPECT_FALSE(olc_session_feature(s, four, 0, &err));
	EXPECT_FALSE(olc_session_feature_number(s, 1, &err));
	EXPECT_STREQ(err.text, "the deck has no number 1");
	EXPECT_FALSE(olc_session_feature_step(s, 1, &err));
	EXPECT_STREQ(err.text, "the deck is empty: load a deck to step through it");
	EXPECT_EQ(featured(*Snap(s)), std::vector<std::string>({"naan-4", "puer-cake-357g"}));
	EXPECT_EQ(s.events.of(OLC_EVENT_PRODUCT_FEATURED).size(), 1u);

	// With a deck: numbers, steps (skipping #5, which the shop does not list), wrapping.
	load_demo_deck(s);
	EXPECT_EQ(s.events.of(OLC_EVENT_DECK_CHANGED).size(), 1u);
	EXPECT_FALSE(olc_session_feature_number(s, 5, &err));
	EXPECT_STREQ(err.text, "number 5 is product \"gone-product\", which the shop does not list");
	ASSERT_TRUE(olc_session_feature_number(s, 2, &err)) << err.text;
	{
		Snap snap(s);
		EXPECT_EQ(featured(*snap), std::vector<std::string>({"rose-jam-500g"}));
		EXPECT_EQ(snap->featured_number, 2);
		const olc_deck_item *item = olc_snapshot_deck_item(&*snap, "rose-jam-500g");
		ASSERT_NE(item, nullptr);
		EXPECT_EQ(item->number, 2);
	}
	auto step = [&](int delta) {
		EXPECT_TRUE(olc_session_feature_step(s, delta, &err)) << err.text;
		Snap snap(s);
		return std::to_string(snap->featured_number) + " " + (snap->featured_count ? snap->featured[0] : "");
	};
	EXPECT_EQ(step(+1), "7 yak-butter-500g"); // #5 passed over
	EXPECT_EQ(step(+1), "9 matsutake-500g");
	{
		// The product is in the deck twice: the item is the one featured, with its price.
		Snap snap(s);
		const olc_deck_item *item = olc_snapshot_deck_item(&*snap, "matsutake-500g");
		ASSERT_NE(item, nullptr);
		EXPECT_EQ(item->number, 9);
		EXPECT_TRUE(item->has_price);
		EXPECT_EQ(item->price.minor, 19900);
	}
	EXPECT_EQ(step(+1), "1 matsutake-500g"); // wraps
	EXPECT_EQ(step(-1), "9 matsutake-500g");
	EXPECT_EQ(step(-1), "7 yak-butter-500g");
	EXPECT_FALSE(olc_session_feature_step(s, 0, &err));

	// Featured by id, stepping starts from that product's first item.
	const char *jam[] = {"rose-jam-500g"};
	ASSERT_TRUE(olc_session_feature(s, jam, 1, &err));
	EXPECT_EQ(step(+1), "7 yak-butter-500g");
	// Nothing featured: next is the first item, previous the last.
	olc_session_hide(s);
	EXPECT_EQ(step(+1), "1 matsutake-500g");
	olc_session_hide(s);
	EXPECT_EQ(step(-1), "9 matsutake-500g");

	// Hide: an event with no ids, once.
	s.events.clear();
	olc_session_hide(s);
	olc_session_hide(s);
	ev = s.events.of(OLC_EVENT_PRODUCT_FEATURED);
	ASSERT_EQ(ev.size(), 1u);
	EXPECT_TRUE(ev[0].featured.empty());
	EXPECT_EQ(Snap(s)->featured_count, 0u);
	EXPECT_EQ(Snap(s)->featured_number, 0);
}

TEST(Session, SimulatedOrdersGoEverywhereButTheCountsAndTheStock)
{
	fake_now = kStart;
	Session s;
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(online(s));
	s.events.clear();
	olc_error err{};
	int64_t stock = olc_snapshot_product(&*Snap(s), "silver-teapot")->stock;

	ASSERT_TRUE(olc_session_simulate_order(s, "silver-teapot", 3, &err)) << err.text;
	{
		Snap snap(s);
		ASSERT_EQ(snap->recent_count, 1u);
		const olc_order &o = snap->recent[0];
		EXPECT_TRUE(o.test);
		EXPECT_STREQ(o.product_id, "silver-teapot");
		EXPECT_EQ(o.quantity, 3);
		EXPECT_EQ(o.total.minor, 384000);
		EXPECT_STREQ(o.total.currency, "CNY");
		EXPECT_EQ(o.created_at_ms, kStart);
		EXPECT_EQ(snap->orders_seen, 1u);
		EXPECT_EQ(snap->recent_seq[0], 1u);
		EXPECT_EQ(snap->total.orders, 0);
		EXPECT_EQ(snap->total.units, 0);
		EXPECT_EQ(snap->total.revenue_minor, 0);
		EXPECT_EQ(olc_snapshot_product_counters(&*snap, "silver-teapot").units, 0);
		EXPECT_EQ(olc_snapshot_product(&*snap, "silver-teapot")->stock, stock);
	}
	std::vector<Seen> ev = s.events.of(OLC_EVENT_ORDER_RECEIVED);
	ASSERT_EQ(ev.size(), 1u);
	EXPECT_TRUE(ev[0].test);
	EXPECT_EQ(ev[0].quantity, 3);
	char *masked = olc_mask_buyer(ev[0].buyer.c_str());
	EXPECT_STREQ(masked, "测**");
	free(masked);
	EXPECT_TRUE(s.events.of(OLC_EVENT_STOCK_CHANGED).empty());

	// Defaults: the first featured product, else the first product; one unit.
	ASSERT_TRUE(olc_session_simulate_order(s, nullptr, 0, &err));
	EXPECT_STREQ(Snap(s)->recent[1].product_id, "matsutake-500g");
	EXPECT_EQ(Snap(s)->recent[1].quantity, 1);
	const char *ids[] = {"naan-4"};
	ASSERT_TRUE(olc_session_feature(s, ids, 1, &err));
	ASSERT_TRUE(olc_session_simulate_order(s, nullptr, -5, &err));
	EXPECT_STREQ(Snap(s)->recent[2].product_id, "naan-4");
	EXPECT_NE(std::string(Snap(s)->recent[2].id), Snap(s)->recent[1].id);

	EXPECT_FALSE(olc_session_simulate_order(s, "truffle", 1, &err));
	EXPECT_STREQ(err.text, "the shop has no product \"truffle\"");
	EXPECT_FALSE(olc_session_simulate_order(s, "naan-4", 1000, &err));
	EXPECT_EQ(Snap(s)->recent_count, 3u);
}

TEST(Session, SimulatingWithoutACatalogIsAClearError)
{
	Session s;
	olc_error err{};
	EXPECT_FALSE(olc_session_simulate_order(s, nullptr, 1, &err));
	EXPECT_STREQ(err.text, "the catalog is empty: there is no product to test an order with");
}

TEST(Session, TheRingKeepsTheNewestOrders)
{
	fake_now = kStart;
	Options o;
	o.recent_capacity = 4;
	Session s(o);
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(has_catalog));
	olc_error err{};
	for (int i = 1; i <= 10; i++)
		ASSERT_TRUE(olc_session_simulate_order(s, "naan-4", i, &err));
	Snap snap(s);
	ASSERT_EQ(snap->recent_count, 4u);
	EXPECT_EQ(snap->orders_seen, 10u);
	for (size_t i = 0; i < 4; i++) {
		EXPECT_EQ(snap->recent[i].quantity, (int)(7 + i)); // oldest first
		EXPECT_EQ(snap->recent_seq[i], 7 + i);
	}
}

TEST(Session, ListenersCanLeaveFromTheirOwnCallbackAndRemovalWaitsForOtherThreads)
{
	fake_now = kStart;
	Session s;

	// A listener that removes itself on its first call is called once.
	struct Self {
		olc_session *s;
		int calls = 0;
		static void cb(const olc_event *, void *priv)
		{
			Self *self = static_cast<Self *>(priv);
			self->calls++;
			olc_session_remove_listener(self->s, cb, self);
		}
	} self{s.get()};
	olc_session_add_listener(s, Self::cb, &self);
	olc_session_add_listener(s, Self::cb, &self); // once only
	olc_session_hide(s);                          // nothing featured: no event
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(has_catalog));
	EXPECT_EQ(self.calls, 1);

	// A slow listener on the poller thread: removal from here returns after it finished.
	struct Slow {
		std::mutex mu;
		std::condition_variable cv;
		bool inside = false;
		std::atomic<bool> finished{false};
		static void cb(const olc_event *ev, void *priv)
		{
			Slow *slow = static_cast<Slow *>(priv);
			{
				std::lock_guard<std::mutex> lock(slow->mu);
				if (ev->kind != OLC_EVENT_ORDER_RECEIVED || slow->inside)
					return;
				slow->inside = true;
			}
			slow->cv.notify_all();
			// The slowness under test (a listener doing real work), not a wait for anything.
			std::this_thread::sleep_for(300ms);
			slow->finished = true;
		}
	} slow;
	olc_session_add_listener(s, Slow::cb, &slow);
	ASSERT_TRUE(demo_polled_at(s, kStart + 2000));
	fake_now = kStart + 62 * 1000;
	{
		std::unique_lock<std::mutex> lock(slow.mu);
		ASSERT_TRUE(slow.cv.wait_for(lock, 10s, [&] { return slow.inside; }));
	}
	olc_session_remove_listener(s, Slow::cb, &slow);
	EXPECT_TRUE(slow.finished);
}

// ---- the cache ----

TEST(Session, TheLastCatalogAndDeckComeBackFromTheCacheOffline)
{
	TempDir dir;
	Options o;
	o.cache_dir = dir.path() + "/config/obs-live-commerce"; // made when missing
	fake_now = kStart;
	{
		Session s(o);
		ASSERT_TRUE(s.connect("demo"));
		ASSERT_TRUE(s.wait(has_catalog));
		load_demo_deck(s);
	}
	std::string cached = read_bytes(o.cache_dir + "/catalog.json");
	EXPECT_NE(cached.find("\"松茸 Wild Matsutake 500g\""), std::string::npos);
	EXPECT_NE(cached.find("\"268.00\""), std::string::npos);
	EXPECT_TRUE(std::filesystem::exists(o.cache_dir + "/deck.json"));

	fake_now = kStart + 3600 * 1000;
	Session again(o);
	ASSERT_TRUE(again.wait(cache_read));
	Snap snap(again);
	EXPECT_EQ(snap->state, OLC_CONN_OFFLINE);
	EXPECT_EQ(snap->error, nullptr);
	EXPECT_STREQ(snap->provider, "demo");
	EXPECT_STREQ(snap->currency, "CNY");
	EXPECT_EQ(snap->last_success_ms, kStart); // the data's age
	ASSERT_EQ(snap->catalog.count, 9u);
	const olc_product *m = olc_snapshot_product(&*snap, "matsutake-500g");
	ASSERT_NE(m, nullptr);
	EXPECT_EQ(m->price.minor, 26800);
	EXPECT_EQ(m->compare_at.minor, 32800);
	EXPECT_EQ(m->stock, 40);
	EXPECT_TRUE(olc_product_has_tag(m, "香格里拉 Shangri-La"));
	EXPECT_FALSE(olc_snapshot_product(&*snap, "naan-4")->has_stock);
	EXPECT_STREQ(snap->deck.name, "集市 Market day");
	EXPECT_EQ(snap->deck.count, 5u);

	// Cached ids can be featured before any connection.
	olc_error err{};
	const char *ids[] = {"naan-4"};
	EXPECT_TRUE(olc_session_feature(again, ids, 1, &err)) << err.text;

	// The same shop again keeps the cached data while it connects.
	ASSERT_TRUE(again.connect("demo"));
	EXPECT_EQ(Snap(again)->catalog.count, 9u);
	EXPECT_EQ(featured(*Snap(again)), std::vector<std::string>({"naan-4"}));
}

// Options with a cache in dir, where a session has cached the demo shop's catalog.
Options with_demo_cache(const TempDir &dir)
{
	Options o;
	o.cache_dir = dir.path();
	fake_now = kStart;
	Session s(o);
	EXPECT_TRUE(s.connect("demo"));
	EXPECT_TRUE(s.wait(has_catalog));
	return o;
}

TEST(Session, ACorruptCacheIsIgnoredAndALeftoverTempFileIsHarmless)
{
	TempDir dir;
	const Options o = with_demo_cache(dir);
	std::string good = read_bytes(dir.file("catalog.json"));

	// A crash in the middle of a write leaves a temporary file; the good one is what loads.
	write_bytes(dir.file(".catalog.json.tmp-crash"), good.substr(0, good.size() / 2));
	{
		Session s(o);
		ASSERT_TRUE(s.wait(cache_read));
		EXPECT_EQ(Snap(s)->catalog.count, 9u);
	}
	// Cut short, or not ours: ignored, the session starts empty and works.
	for (const std::string &bad :
	     {good.substr(0, good.size() / 2), std::string("\x89PNG garbage"), std::string("{\"version\": 2}"),
	      std::string(""), good.substr(0, good.find("\"products\"")) + "\"products\": [{\"id\": 5}]}"}) {
		write_bytes(dir.file("catalog.json"), bad);
		write_bytes(dir.file("deck.json"), "{\"version\":1,");
		Session s(o);
		ASSERT_TRUE(s.wait(cache_read));
		Snap snap(s);
		EXPECT_EQ(snap->catalog.count, 0u) << bad;
		EXPECT_EQ(snap->deck.count, 0u);
		EXPECT_STREQ(snap->provider, "");
		EXPECT_EQ(snap->last_success_ms, 0);
	}
	// And the next good fetch writes it again.
	Session s(o);
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(has_catalog));
	s.destroy();
	EXPECT_EQ(read_bytes(dir.file("catalog.json")), good);
}

// The cache is read on the worker, never by olc_session_create (module load): the catalog it holds
// is published from a thread that is neither the caller's nor the test's. (A cache that blocks a
// reader cannot exist any more: local files are only read when they are regular files. How long
// create takes with a 100,000-product cache is printed by olc-bench-catalog.)
TEST(Session, CreateNeverWaitsForTheCacheTheWorkerReadsAndPublishesIt)
{
	TempDir dir;
	const Options o = with_demo_cache(dir);
	const std::string data = data_dir();
	olc_session_config cfg{};
	cfg.cache_dir = o.cache_dir.c_str();
	cfg.data_dir = data.c_str();
	cfg.now_ms = fake_clock;
	cfg.seed = 1234;
	Recorder events;
	olc_session *s = nullptr;
	std::thread creator([&]() {
		s = olc_session_create(&cfg, nullptr);
		if (s)
			olc_session_add_listener(s, Recorder::on_event, &events);
	});
	const std::thread::id creator_id = creator.get_id();
	creator.join();
	ASSERT_NE(s, nullptr);
	struct Cleanup {
		olc_session *s;
		Recorder *events;
		~Cleanup()
		{
			olc_session_remove_listener(s, Recorder::on_event, events);
			olc_session_destroy(s);
		}
	} cleanup{s, &events};

	auto deadline = Clock::now() + 10s;
	for (;;) {
		olc_snapshot *snap = olc_session_snapshot(s);
		const bool read = snap->cache_read;
		olc_snapshot_release(snap);
		if (read || Clock::now() > deadline)
			break;
		std::this_thread::sleep_for(5ms);
	}
	olc_snapshot *snap = olc_session_snapshot(s);
	EXPECT_TRUE(snap->cache_read);
	EXPECT_EQ(snap->catalog.count, 9u);
	EXPECT_STREQ(snap->provider, "demo");
	EXPECT_EQ(snap->last_success_ms, kStart);
	ASSERT_NE(olc_snapshot_product(snap, "matsutake-500g"), nullptr);
	EXPECT_EQ(olc_snapshot_product(snap, "matsutake-500g")->price.minor, 26800);
	olc_snapshot_release(snap);
	// The listener was added after create returned, so it may have missed the publish; when it
	// heard it, it was on the worker's thread.
	for (const Seen &e : events.of(OLC_EVENT_CATALOG_CHANGED)) {
		EXPECT_NE(e.thread, std::this_thread::get_id());
		EXPECT_NE(e.thread, creator_id);
	}
}

// ---- the json provider against the test shop ----

// The session long-polls for orders, so a request may be held by the shop for up to 15 s; an
// order ends it, and the fault then meets the next request at once.
bool fault_now(ShopServer &shop, const char *mode, const char *prefix = "/json", const std::string &retry_after = "")
{
	return shop.set_fault(mode, prefix, -1, retry_after) && shop.add_order("104", 1, "Ma", "喀什");
}

// The first order poll takes the shop's cursor (past orders are history, not news); the session
// holds it once it asks for the orders since that cursor.
bool wait_for_order_poll(ShopServer &shop)
{
	return shop.wait_request(RequestMatch("/json/orders", "since"));
}

// Connects s to the test shop's json API and waits for its catalog and first order poll.
bool online(Session &s, ShopServer &shop)
{
	return s.connect("json", shop.http_url("/json"), 200) && s.wait(has_catalog) && wait_for_order_poll(shop);
}

TEST(SessionJson, OrdersFromTheShopArriveWithinAPollAndMoveTheStock)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait(has_catalog));
	{
		Snap snap(s);
		EXPECT_STREQ(snap->provider, "json");
		EXPECT_EQ(snap->catalog.count, 6u);
		EXPECT_EQ(olc_snapshot_product(&*snap, "101")->price.minor, 16800);
		EXPECT_EQ(olc_snapshot_product(&*snap, "101")->stock, 12);
		EXPECT_EQ(snap->recent_count, 0u); // history is not replayed
	}
	// The first order poll takes the cursor; then a sale.
	ASSERT_TRUE(wait_for_order_poll(shop));
	ASSERT_TRUE(shop.add_order("101", 2, "Li Wei", "大理"));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.total.orders == 1; }, 5s));
	Snap snap(s);
	ASSERT_EQ(snap->recent_count, 1u);
	EXPECT_STREQ(snap->recent[0].product_id, "101");
	EXPECT_STREQ(snap->recent[0].buyer, "Li Wei");
	EXPECT_STREQ(snap->recent[0].city, "大理");
	EXPECT_EQ(snap->total.units, 2);
	EXPECT_EQ(snap->total.revenue_minor, 33600);
	EXPECT_EQ(olc_snapshot_product_counters(&*snap, "101").revenue_minor, 33600);
	EXPECT_EQ(olc_snapshot_product(&*snap, "101")->stock, 10);
	// Listeners hear the events just after the snapshot is published, on the poller's thread.
	ASSERT_TRUE(s.events.wait_for([](const std::vector<Seen> &seen) {
		for (const Seen &e : seen) {
			if (e.kind == OLC_EVENT_STOCK_CHANGED)
				return true;
		}
		return false;
	}));
	std::vector<Seen> stock = s.events.of(OLC_EVENT_STOCK_CHANGED);
	ASSERT_FALSE(stock.empty());
	EXPECT_EQ(stock[0].product_id, "101");
	EXPECT_EQ(stock[0].stock, 10);
}

// A shop that long-polls answers a held request when an order comes; the next request goes at
// once (the shop holds it again), not a poll interval (here 5 s) later, and so does the first
// held request after the cursor poll. Before: 5 s without a request, and orders waiting for it.
TEST(SessionJson, AnAnsweredLongPollIsAskedAgainAtOnce)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 5000));
	ASSERT_TRUE(s.wait(has_catalog));
	ASSERT_TRUE(wait_for_order_poll(shop));
	int64_t seq = 0;
	for (int i = 1; i <= 3; i++) {
		SCOPED_TRACE(i);
		RequestMatch held("/json/orders", "wait", "open");
		held.timeout_ms = 2000;
		ShopRequest seen;
		ASSERT_TRUE(shop.wait_request(held.after(seq), &seen)) << "no held request within 2 s";
		seq = seen.seq;
		ASSERT_TRUE(shop.add_order("103", 1, "Ayşe", "和田"));
		ASSERT_TRUE(s.wait([i](const olc_snapshot &snap) { return snap.total.orders == i; }, 2s));
	}
	auto log = shop.requests_to("/json/orders");
	EXPECT_LE(log.size(), 6u) << "no request beyond the cursor poll, the held ones and the one after";
}

TEST(SessionJson, AnErrorKeepsTheLastGoodCatalogAndClearsItselfOnRecovery)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	TempDir dir;
	Options o;
	o.fake_clock = false;
	o.cache_dir = dir.path();
	Session s(o);
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait(has_catalog));
	// The cache file is written after the snapshot is published, before CATALOG_CHANGED is sent.
	ASSERT_TRUE(s.wait([&](const olc_snapshot &) { return !s.events.of(OLC_EVENT_CATALOG_CHANGED).empty(); }));
	std::string cache = read_bytes(dir.file("catalog.json"));

	ASSERT_TRUE(wait_for_order_poll(shop));
	for (const char *fault : {"500", "truncated-json", "html-maintenance"}) {
		SCOPED_TRACE(fault);
		ASSERT_TRUE(fault_now(shop, fault));
		ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_ERROR; }));
		{
			Snap snap(s);
			ASSERT_NE(snap->error, nullptr);
			EXPECT_GT(strlen(snap->error), 10u) << snap->error;
			EXPECT_GT(snap->next_retry_ms, 0);
			EXPECT_EQ(snap->catalog.count, 6u); // the last good data stays
			EXPECT_EQ(olc_snapshot_product(&*snap, "103")->price.minor, 3990);
		}
		EXPECT_EQ(read_bytes(dir.file("catalog.json")), cache); // never overwritten by a failure

		ASSERT_TRUE(shop.clear_fault());
		ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_OK; }, 45s));
		Snap snap(s);
		EXPECT_EQ(snap->error, nullptr);
		EXPECT_EQ(snap->next_retry_ms, 0);
	}
	// The listener heard each error and each recovery. A snapshot is published before its event is
	// delivered, so the last recovery's event may still be on its way when the state reads OK: wait
	// for it rather than count at once (under load the count came one short).
	int errors = 0, oks = 0;
	EXPECT_TRUE(s.wait([&](const olc_snapshot &) {
		errors = oks = 0;
		for (const Seen &e : s.events.of(OLC_EVENT_CONNECTION_CHANGED)) {
			errors += e.state == OLC_CONN_ERROR && e.has_error;
			oks += e.state == OLC_CONN_OK && !e.has_error;
		}
		return errors >= 3 && oks >= 4;
	}));
	EXPECT_GE(errors, 3);
	EXPECT_GE(oks, 4);
}

TEST(SessionJson, TooManyRequestsWaitsAsLongAsTheShopSays)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(online(s, shop));
	ASSERT_TRUE(fault_now(shop, "429", "/json", "3"));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_ERROR; }));
	auto failed_at = Clock::now();
	int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(
			       std::chrono::system_clock::now().time_since_epoch())
			       .count();
	Snap snap(s);
	EXPECT_GE(snap->next_retry_ms - wall, 2500);
	EXPECT_LE(snap->next_retry_ms - wall, 3100);
	// The retry arrives, and not before the 3 s are up (counted from when the error showed,
	// which is after the 429 was answered).
	std::vector<ShopRequest> sent = shop.requests_to("/json/orders");
	ASSERT_FALSE(sent.empty());
	ASSERT_TRUE(shop.wait_request(RequestMatch("/json/orders").after(sent.back().seq))) << shop.error();
	EXPECT_GE(Clock::now() - failed_at, 2500ms);
}

TEST(SessionJson, StaleWhenTheLastSuccessIsOlderThanTheLimit)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	TempDir dir;
	Options o;
	o.cache_dir = dir.path();
	o.stale_after_ms = 60 * 1000;
	std::string url = shop.http_url("/json");
	fake_now = kStart;
	{
		Session s(o);
		ASSERT_TRUE(s.connect("json", url, 200));
		ASSERT_TRUE(s.wait(has_catalog));
	}
	ASSERT_TRUE(shop.set_fault("500", "/json"));

	// Ten seconds later the shop fails: an error, but the cached data is not stale yet.
	fake_now = kStart + 10 * 1000;
	{
		Session s(o);
		ASSERT_TRUE(s.connect("json", url, 200));
		ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_ERROR; }));
		EXPECT_EQ(Snap(s)->catalog.count, 6u);
		// Time passes while it keeps failing: stale, still with the error and the data.
		fake_now = kStart + 61 * 1000;
		ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_STALE; }));
		Snap snap(s);
		ASSERT_NE(snap->error, nullptr);
		EXPECT_EQ(snap->catalog.count, 6u);
		EXPECT_EQ(snap->last_success_ms, kStart);
		// Listeners hear the change just after the snapshot is published, on the poller's thread.
		EXPECT_TRUE(s.events.wait_for([](const std::vector<Seen> &seen) {
			for (auto e = seen.rbegin(); e != seen.rend(); ++e) {
				if (e->kind == OLC_EVENT_CONNECTION_CHANGED)
					return e->state == OLC_CONN_STALE;
			}
			return false;
		})) << "the last ConnectionChanged is not stale";
	}
	// Recovery makes it fresh again.
	ASSERT_TRUE(shop.clear_fault());
	Session s(o);
	ASSERT_TRUE(s.connect("json", url, 200));
	ASSERT_TRUE(s.wait(has_catalog, 45s));
	EXPECT_EQ(Snap(s)->last_success_ms, kStart + 61 * 1000);
}

TEST(SessionJson, ProductsTheShopCannotDescribeAreSkippedWithAWarning)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	// The first three products have a field of the wrong type; the other three are fine.
	ASSERT_TRUE(shop.set_fault("wrong-types", "/json/products"));
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.catalog.count > 0; }));
	{
		Snap snap(s);
		EXPECT_EQ(snap->catalog.count, 3u);
		ASSERT_NE(snap->warning, nullptr);
		EXPECT_EQ(std::string(snap->warning).rfind("3 of 6 products could not be read; the first: ", 0), 0u)
			<< snap->warning;
		// The host hears it as an error, in the same words, until the shop's data is whole.
		EXPECT_EQ(snap->state, OLC_CONN_ERROR);
		ASSERT_NE(snap->error, nullptr);
		EXPECT_STREQ(snap->error, snap->warning);
		EXPECT_EQ(snap->next_retry_ms, 0);
	}
	// Not one product readable: that is an error, and the three good ones stay.
	ASSERT_TRUE(shop.set_fault("invalid-utf8", "/json/products"));
	olc_connection c;
	ASSERT_TRUE(olc_session_get_connection(s, &c));
	olc_error err{};
	ASSERT_TRUE(olc_session_set_connection(s, &c, &err)); // the same shop again: fetch the catalog now
	olc_connection_free(&c);
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.state == OLC_CONN_ERROR; }));
	Snap snap(s);
	EXPECT_EQ(snap->catalog.count, 3u);
	EXPECT_NE(snap->error, nullptr);
}

TEST(SessionJson, UnreadableProductsKeepTheirLastGoodVersionAndAreReadAgainSoon)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.catalog.count == 6; }));

	// Mid-stream, the shop sends three products with fields of the wrong type.
	ASSERT_TRUE(shop.set_fault("wrong-types", "/json/products"));
	olc_connection c;
	ASSERT_TRUE(olc_session_get_connection(s, &c));
	olc_error err{};
	ASSERT_TRUE(olc_session_set_connection(s, &c, &err)); // the same shop again: fetch the catalog now
	olc_connection_free(&c);
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.warning != nullptr; }));
	{
		Snap snap(s);
		EXPECT_EQ(snap->catalog.count, 6u); // the three unreadable ones are still there, as they were
		for (size_t i = 0; i < snap->catalog.count; i++) // and in their places
			EXPECT_EQ(std::string(snap->catalog.products[i].id), std::to_string(101 + i));
		EXPECT_EQ(snap->state, OLC_CONN_ERROR);
		ASSERT_NE(olc_snapshot_product(&*snap, "101"), nullptr);
		EXPECT_EQ(olc_snapshot_product(&*snap, "101")->price.minor, 16800);
		ASSERT_NE(olc_snapshot_product(&*snap, "103"), nullptr);
		EXPECT_EQ(olc_snapshot_product(&*snap, "103")->price.minor, 3990);
		EXPECT_EQ(std::string(snap->warning).rfind("3 of 6 products could not be read; the first: ", 0), 0u)
			<< snap->warning;
	}

	// The shop mends its data: the next read, seconds later rather than at the half-minute
	// refresh, clears the warning by itself.
	ASSERT_TRUE(shop.clear_fault());
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.warning == nullptr; }, 15s));
	Snap snap(s);
	EXPECT_EQ(snap->catalog.count, 6u);
	EXPECT_EQ(snap->state, OLC_CONN_OK);
}

TEST(SessionJson, AnotherShopReplacesTheOldShopsData)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	fake_now = kStart;
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(online(s));
	olc_error err{};
	const char *ids[] = {"naan-4"};
	ASSERT_TRUE(olc_session_feature(s, ids, 1, &err));
	ASSERT_TRUE(olc_session_simulate_order(s, "naan-4", 1, &err));
	s.events.clear();

	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	{
		Snap snap(s);
		EXPECT_EQ(snap->state, OLC_CONN_CONNECTING);
		EXPECT_EQ(snap->catalog.count, 0u);
		EXPECT_EQ(snap->featured_count, 0u);
		EXPECT_EQ(snap->recent_count, 0u);
		EXPECT_EQ(snap->orders_seen, 1u); // sequence numbers only ever grow
	}
	ASSERT_TRUE(s.wait(has_catalog));
	EXPECT_EQ(Snap(s)->catalog.count, 6u);
	EXPECT_STREQ(Snap(s)->provider, "json");
	std::vector<Seen> featured_events = s.events.of(OLC_EVENT_PRODUCT_FEATURED);
	ASSERT_EQ(featured_events.size(), 1u);
	EXPECT_TRUE(featured_events[0].featured.empty());
}

// Gives product 101 a new price at the shop and sells one of 103 (tracked stock), which brings the
// catalog again within 10 s; true once the session shows the new price (price_minor), its sign.
bool new_catalog_with_price(Session &s, ShopServer &shop, const std::string &price, int64_t price_minor)
{
	if (!shop.control("POST", "/_control/product", R"({"id":101,"price":")" + price + R"("})") ||
	    !shop.add_order("103", 1))
		return false;
	return s.wait(
		[price_minor](const olc_snapshot &snap) {
			const olc_product *p = olc_snapshot_product(&snap, "101");
			return p && p->price.minor == price_minor;
		},
		20s);
}

TEST(SessionJson, FeaturingSurvivesACatalogRefresh)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	o.catalog_after_order_ms = 500; // the catalog a sale brings, without 10 s waits
	Session s(o);
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait(has_catalog));
	olc_error err{};
	const char *ids[] = {"101", "106"};
	ASSERT_TRUE(olc_session_feature(s, ids, 2, &err));
	ASSERT_TRUE(wait_for_order_poll(shop));
	ASSERT_TRUE(new_catalog_with_price(s, shop, "150.00", 15000));
	EXPECT_EQ(featured(*Snap(s)), std::vector<std::string>({"101", "106"}));
	EXPECT_FALSE(s.events.of(OLC_EVENT_CATALOG_CHANGED).empty());
}

// MarkSoldOut: the product shows sold out at once and through the shop's next catalogs (which still
// list its stock), until the shop restocks it above what it listed.
TEST(SessionJson, AProductMarkedSoldOutStaysSoldOutUntilTheShopRestocksIt)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	o.catalog_after_order_ms = 500; // the catalog a sale brings, without 10 s waits
	Session s(o);
	olc_error err{};
	EXPECT_FALSE(olc_session_mark_sold_out(s, nullptr, &err));
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait(has_catalog));
	EXPECT_FALSE(olc_session_mark_sold_out(s, nullptr, &err)) << "nothing featured";
	EXPECT_STREQ(err.text, "nothing is featured: name the product to mark sold out");
	EXPECT_FALSE(olc_session_mark_sold_out(s, "nope", &err));
	EXPECT_STREQ(err.text, "the shop has no product \"nope\"");
	EXPECT_EQ(olc_snapshot_product(&*Snap(s), "101")->stock, 12);

	const char *id = "101";
	ASSERT_TRUE(olc_session_feature(s, &id, 1, &err)) << err.text;
	ASSERT_TRUE(olc_session_mark_sold_out(s, nullptr, &err)) << err.text; // the featured one
	{
		Snap snap(s);
		const olc_product *p = olc_snapshot_product(&*snap, "101");
		EXPECT_TRUE(p->has_stock);
		EXPECT_EQ(p->stock, 0);
	}
	ASSERT_TRUE(s.events.wait_for([](const std::vector<Seen> &seen) {
		for (const Seen &e : seen)
			if (e.kind == OLC_EVENT_STOCK_CHANGED && e.product_id == "101" && e.stock == 0)
				return true;
		return false;
	}));

	// The shop's next catalog (brought by a sale of tracked stock) still lists 12: it stays sold out.
	ASSERT_TRUE(wait_for_order_poll(shop));
	ASSERT_TRUE(new_catalog_with_price(s, shop, "150.00", 15000));
	EXPECT_EQ(olc_snapshot_product(&*Snap(s), "101")->stock, 0);

	// A restock above the 12 it listed: the shop's count stands again.
	ASSERT_TRUE(shop.control("POST", "/_control/product", R"({"id":101,"stock":40})"));
	ASSERT_TRUE(shop.add_order("103", 1));
	EXPECT_TRUE(s.wait(
		[](const olc_snapshot &snap) {
			const olc_product *p = olc_snapshot_product(&snap, "101");
			return p && p->stock == 40;
		},
		20s));
}

// ---- a hostile shop's orders ----

// Waits until order id was counted (orders_seen reaches seen) or refused (the warning names it).
bool wait_order_settled(Session &s, uint64_t seen, const std::string &id)
{
	const std::string named = "order \"" + id + "\"";
	return s.wait(
		[&](const olc_snapshot &snap) {
			return snap.orders_seen >= seen || (snap.warning && strstr(snap.warning, named.c_str()));
		},
		10s);
}

TEST(SessionJson, ImpossibleOrdersStayOutOfTheCountersAndTheStatusSaysWhy)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	// A price so high that two real orders of it would pass the largest int64_t.
	ASSERT_TRUE(shop.control("POST", "/_control/product", R"({"id":101,"price":"50000000000000000.00"})"));
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(online(s, shop));
	const int64_t huge = 5000000000000000000; // 50000000000000000.00 CNY in fen

	// 1004: real, if dear: counted.
	ASSERT_TRUE(shop.add_order("101", 1, "Li", "大理", "50000000000000000.00"));
	ASSERT_TRUE(wait_order_settled(s, 1, "1004"));
	EXPECT_EQ(Snap(s)->total.revenue_minor, huge);

	// 1005: the same again would take the revenue past int64_t (negative, on stream).
	ASSERT_TRUE(shop.add_order("101", 1, "Wang", "昆明", "50000000000000000.00"));
	ASSERT_TRUE(wait_order_settled(s, 2, "1005"));
	{
		Snap snap(s);
		EXPECT_EQ(snap->total.revenue_minor, huge);
		EXPECT_EQ(snap->total.orders, 1);
		EXPECT_EQ(snap->total.units, 1);
		EXPECT_EQ(olc_snapshot_product_counters(&*snap, "101").revenue_minor, huge);
		// Stock is not checked here: the test shop lowers its own stock for 1005 too, and a catalog
		// poll in between rightly takes the shop's number.
		ASSERT_NE(snap->warning, nullptr);
		EXPECT_STREQ(snap->warning, "order \"1005\" was not counted: the sales counters cannot go any higher");
		EXPECT_EQ(snap->error, nullptr);
		EXPECT_EQ(snap->state, OLC_CONN_OK);
	}

	// 1006: a negative total.
	ASSERT_TRUE(shop.add_order("102", 1, "Zhao", "大理", "-1.00"));
	ASSERT_TRUE(wait_order_settled(s, 2, "1006"));
	EXPECT_STREQ(Snap(s)->warning, "order \"1006\" was not counted: its total -1.00 CNY is negative");

	// 1007: 2 x 39.90 reported as 99999.00, over 1000 times what the catalog says. (Far below is
	// fine: a one-yuan flash sale is real.)
	ASSERT_TRUE(shop.add_order("103", 2, "Ma", "喀什", "99999.00"));
	ASSERT_TRUE(wait_order_settled(s, 2, "1007"));
	EXPECT_STREQ(Snap(s)->warning,
		     "order \"1007\" was not counted: its total 99999.00 CNY is more than 100 times 2 x 39.90 CNY");

	// 1008: a one-yuan flash sale of 2 x 39.90 is real; 1009: an ordinary order. Both count, exactly.
	ASSERT_TRUE(shop.add_order("103", 2, "Ma", "喀什", "1.00"));
	ASSERT_TRUE(wait_order_settled(s, 2, "1008"));
	ASSERT_TRUE(shop.add_order("106", 1, "Dawa", "拉萨"));
	ASSERT_TRUE(wait_order_settled(s, 3, "1009"));
	Snap snap(s);
	EXPECT_EQ(snap->total.orders, 3);
	EXPECT_EQ(snap->total.units, 4);
	EXPECT_EQ(snap->total.revenue_minor, huge + 100 + 12850);
	EXPECT_EQ(olc_snapshot_product_counters(&*snap, "102").orders, 0);
	EXPECT_EQ(olc_snapshot_product_counters(&*snap, "103").revenue_minor, 100);
	// Refused orders are not shown either: the ticker and OrderReceived only see the real ones.
	ASSERT_EQ(snap->recent_count, 3u);
	EXPECT_STREQ(snap->recent[0].id, "1004");
	EXPECT_STREQ(snap->recent[1].id, "1008");
	EXPECT_STREQ(snap->recent[2].id, "1009");
	std::vector<Seen> received = s.events.of(OLC_EVENT_ORDER_RECEIVED);
	ASSERT_EQ(received.size(), 3u);
	EXPECT_EQ(received[2].order_id, "1009");

	// A new connection starts with a clean status.
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 300));
	EXPECT_EQ(Snap(s)->warning, nullptr);
}

// ---- long product ids ----

// A 300-byte id: longer than the 128 and 255 bytes that older code cut or refused.
std::string long_id(size_t len)
{
	std::string id = "cooperative-shangri-la-";
	while (id.size() + strlen("松茸") <= len)
		id += "松茸";
	id.resize(len, '-'); // whole UTF-8 characters, then ASCII up to the length asked for
	return id;
}

TEST(SessionJson, ALongProductIdIsKeptWholeAndOneOverTheMaximumIsRefused)
{
	TempDir dir;
	const std::string id = long_id(300);
	ASSERT_EQ(id.size(), 300u);
	write_bytes(dir.file("shop.json"), "{\"currency\": \"CNY\", \"products\": [{\"id\": \"" + id +
						   "\", \"title\": \"松茸\", \"price\": \"168.00\"}]}");
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect("json", dir.file("shop.json")));
	ASSERT_TRUE(s.wait(has_catalog));
	olc_error err{};
	const char *ids[] = {id.c_str()};
	ASSERT_TRUE(olc_session_feature(s, ids, 1, &err)) << err.text;
	{
		Snap snap(s);
		ASSERT_EQ(snap->featured_count, 1u);
		EXPECT_EQ(std::string(snap->featured[0]), id);
		ASSERT_EQ(snap->catalog.count, 1u);
		EXPECT_EQ(std::string(snap->catalog.products[0].id), id);
	}

	const std::string too_long(513, 'p');
	const char *bad[] = {too_long.c_str()};
	EXPECT_FALSE(olc_session_feature(s, bad, 1, &err));
	EXPECT_STREQ(err.text, "a product id is 513 bytes long; at most 512 are accepted");
	EXPECT_EQ(std::string(Snap(s)->featured[0]), id);
}

// ---- stopping never waits on the network ----

TEST(SessionJson, DestroyReturnsPromptlyWhileTheShopHangs)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	auto s = std::make_unique<Session>(o);
	ASSERT_TRUE(s->connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s->wait(has_catalog));
	ASSERT_TRUE(wait_for_order_poll(shop));
	ASSERT_TRUE(fault_now(shop, "hang"));
	ASSERT_TRUE(shop.wait_request(RequestMatch("", "", "hang"))) << shop.error(); // a request is held
	auto start = Clock::now();
	s.reset();
	EXPECT_LT(Clock::now() - start, 1500ms);
}

// A server that reads a request and never says a word: it tells the test when a whole request
// has arrived, and holds the connection until it is destroyed.
class SilentServer {
      public:
	SilentServer()
	{
		fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		sockaddr_in addr{};
		addr.sin_family = AF_INET;
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		socklen_t len = sizeof(addr);
		if (bind(fd_, (sockaddr *)&addr, sizeof(addr)) == 0 && listen(fd_, 16) == 0 &&
		    getsockname(fd_, (sockaddr *)&addr, &len) == 0 && pipe2(stop_, O_CLOEXEC) == 0) {
			port_ = ntohs(addr.sin_port);
			thread_ = std::thread([this] { serve(); });
		}
	}
	~SilentServer()
	{
		if (thread_.joinable()) {
			const char bye = 0;
			(void)!write(stop_[1], &bye, 1);
			thread_.join();
			close(stop_[0]);
			close(stop_[1]);
		}
		close(fd_);
	}
	int port() const { return port_; }

	// True once a whole request (its headers) has arrived; false after the timeout.
	bool wait_request(std::chrono::milliseconds timeout = 10s)
	{
		std::unique_lock<std::mutex> lock(mu_);
		return cv_.wait_for(lock, timeout, [&] { return received_; });
	}

      private:
	int fd_ = -1;
	int port_ = 0;
	int stop_[2] = {-1, -1};
	std::thread thread_;
	std::mutex mu_;
	std::condition_variable cv_;
	bool received_ = false;

	// One connection at a time (others wait in the backlog, never accepted), read and left open.
	void serve()
	{
		int conn = -1;
		std::string got;
		for (;;) {
			pollfd fds[2] = {{stop_[0], POLLIN, 0}, {conn >= 0 ? conn : fd_, POLLIN, 0}};
			if (poll(fds, 2, -1) < 0)
				continue;
			if (fds[0].revents)
				break;
			if (conn < 0) {
				conn = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
				got.clear();
				continue;
			}
			char buf[4096];
			const ssize_t n = recv(conn, buf, sizeof(buf), 0);
			if (n <= 0) { // the client gave up: take the next one
				close(conn);
				conn = -1;
				continue;
			}
			got.append(buf, (size_t)n);
			if (got.find("\r\n\r\n") != std::string::npos) {
				{
					std::lock_guard<std::mutex> lock(mu_);
					received_ = true;
				}
				cv_.notify_all();
			}
		}
		if (conn >= 0)
			close(conn);
	}
};

TEST(SessionJson, DestroyReturnsPromptlyWhileTheFirstFetchGetsNoAnswer)
{
	SilentServer silent;
	ASSERT_GT(silent.port(), 0);
	Options o;
	o.fake_clock = false;
	auto s = std::make_unique<Session>(o);
	ASSERT_TRUE(s->connect("json", "http://127.0.0.1:" + std::to_string(silent.port()) + "/shop", 200));
	ASSERT_TRUE(silent.wait_request()); // the request is sent and waits for an answer
	EXPECT_EQ(Snap(*s)->state, OLC_CONN_CONNECTING);
	auto start = Clock::now();
	s.reset();
	EXPECT_LT(Clock::now() - start, 1500ms);
}

TEST(SessionJson, SwitchingConnectionsDoesNotWaitForAHungShop)
{
	SilentServer silent;
	ASSERT_GT(silent.port(), 0);
	fake_now = kStart;
	Session s;
	ASSERT_TRUE(s.connect("json", "http://127.0.0.1:" + std::to_string(silent.port()) + "/shop", 200));
	ASSERT_TRUE(silent.wait_request()); // the request is in flight
	auto start = Clock::now();
	ASSERT_TRUE(s.connect("demo"));
	EXPECT_LT(Clock::now() - start, 200ms);
	ASSERT_TRUE(s.wait(has_catalog, 3s));
	EXPECT_STREQ(Snap(s)->provider, "demo");
}

// A json catalog file with one product, and the snapshot showing it.
bool has_one_product(const olc_snapshot &snap)
{
	return has_catalog(snap) && snap.catalog.count == 1;
}

const char *const kOneTeaCatalog =
	"{\"currency\": \"CNY\", \"products\": [{\"id\": \"tea\", \"title\": \"普洱 Pu'er\", \"price\": \"68.00\"}]}";

// Where the shop is decides where its product photos may come from: the class of the address its
// answers came from (a catalog file is on this computer).
TEST(SessionJson, TheShopsAddressClassIsKnownOnceItsCatalogArrives)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	EXPECT_EQ(olc_session_shop_nets(s), 0u) << "before any catalog";
	ASSERT_TRUE(s.connect("json", shop.http_url("/json"), 200));
	ASSERT_TRUE(s.wait(has_catalog));
	EXPECT_EQ(olc_session_shop_nets(s), (unsigned)OLC_NET_LOOPBACK);

	TempDir dir;
	std::string file = dir.file("catalog.json");
	write_bytes(file, kOneTeaCatalog);
	ASSERT_TRUE(s.connect("json", file, 200));
	ASSERT_TRUE(s.wait(has_one_product));
	EXPECT_EQ(olc_session_shop_nets(s), (unsigned)OLC_NET_LOOPBACK);

	// The demo shop's photos are its own files: no address at all.
	ASSERT_TRUE(s.connect("demo"));
	ASSERT_TRUE(s.wait(
		[](const olc_snapshot &snap) { return has_catalog(snap) && strcmp(snap.provider, "demo") == 0; }));
	EXPECT_EQ(olc_session_shop_nets(s), 0u);
}

// A json connection whose "url" names a named pipe: the poller must refuse it with a clear error
// instead of waiting for a writer forever, so that another connection takes effect, a deck load
// from a pipe (obs-websocket's thread) returns, and the session can be destroyed (OBS's exit).
// Each step that hung before has a watchdog that releases the pipe and fails the test.
TEST(SessionJson, ANamedPipeAsTheShopNeverHoldsUpSwitchingLoadingOrExit)
{
	TempDir dir;
	std::string fifo = dir.file("shop.json");
	make_fifo(fifo);
	std::string good = dir.file("good.json");
	write_bytes(good, kOneTeaCatalog);
	auto release = [&] { release_fifo(fifo); };
	auto refused = [](const olc_snapshot &snap) {
		return snap.state == OLC_CONN_ERROR && snap.error &&
		       std::string(snap.error) == "shop.json is not a regular file (it is a named pipe)";
	};
	Options o;
	o.fake_clock = false;
	auto s = std::make_unique<Session>(o);
	ASSERT_TRUE(s->connect("json", fifo, 200));
	auto error_now = [&] {
		Snap snap(*s);
		return std::string(snap->error ? snap->error : "(none)");
	};
	EXPECT_TRUE(s->wait(refused)) << "the poller never said the pipe is refused; error: " << error_now();

	bool switched = false;
	EXPECT_TRUE(returns_within(
		20s, [&] { switched = s->connect("json", good, 200) && s->wait(has_one_product); }, release))
		<< "switching to another shop waited for the pipe";
	EXPECT_TRUE(switched);

	olc_error err{};
	bool loaded = true;
	EXPECT_TRUE(returns_within(
		10s, [&] { loaded = olc_session_load_deck_file(*s, fifo.c_str(), &err); }, release))
		<< "loading a deck from the pipe blocked";
	EXPECT_FALSE(loaded);
	EXPECT_STREQ(err.text, "shop.json is not a regular file (it is a named pipe)");

	ASSERT_TRUE(s->connect("json", fifo, 200));
	EXPECT_TRUE(s->wait(refused));
	EXPECT_TRUE(returns_within(
		10s, [&] { s.reset(); }, release))
		<< "destroying the session waited for the pipe";
}

// ---- the first orders, and order dates, with every provider ----

const char *text(const char *s)
{
	return s ? s : "(none)";
}

// Order polls the shop has answered in full. Polls follow one another, so once n are answered,
// the first n - 1 answers have been taken in by the provider.
size_t orders_answered(ShopServer &shop, const std::string &provider)
{
	size_t n = 0;
	for (const ShopRequest &r : shop.requests()) {
		bool orders = provider == "json"          ? r.path == "/json/orders"
			      : provider == "woocommerce" ? r.path == "/wp-json/wc/v3/orders"
			      : provider == "douyin"      ? r.path == "/douyin/order/searchList"
			      : provider == "youzan"      ? r.path == "/youzan/api/youzan.trades.sold.get/4.0.4"
							  : r.body.find("query Orders") != std::string::npos;
		n += orders && r.status == 200 && r.finished;
	}
	return n;
}

bool wait_orders_answered(ShopServer &shop, const std::string &provider, size_t n)
{
	auto deadline = Clock::now() + 10s;
	while (orders_answered(shop, provider) < n) {
		if (Clock::now() > deadline)
			return false;
		std::this_thread::sleep_for(10ms);
	}
	return true;
}

bool has_order_of(const olc_snapshot &snap, const char *product_id)
{
	for (size_t i = 0; i < snap.recent_count; i++) {
		if (strcmp(snap.recent[i].product_id, product_id) == 0)
			return true;
	}
	return false;
}

// A shop that has sold nothing yet ({"orders": [], "cursor": ""} in the json shape): its first
// answer is the baseline, and the first orders after it are news, counted and announced.
void first_orders_of_a_new_shop_are_counted(const std::string &provider)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/config", R"({"json_cursor":"last-id"})")) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/clear-orders", "{}")) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect_shop(provider, shop, 200));
	ASSERT_TRUE(wait_orders_answered(shop, provider, 2));
	{
		Snap snap(s);
		EXPECT_STREQ(olc_conn_state_name(snap->state), "ok") << text(snap->error);
		EXPECT_EQ(snap->error, nullptr) << text(snap->error);
	}

	ASSERT_TRUE(shop.add_order("101", 2, "Li Wei", "大理"));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.total.orders > 0; }))
		<< "the first order never counted; the status says: " << text(Snap(s)->error);
	Snap snap(s);
	EXPECT_EQ(snap->total.orders, 1);
	EXPECT_EQ(snap->total.units, 2);
	EXPECT_EQ(snap->total.revenue_minor, 33600);
	EXPECT_EQ(olc_snapshot_product_counters(&*snap, "101").revenue_minor, 33600);
	ASSERT_EQ(snap->recent_count, 1u);
	EXPECT_STREQ(snap->recent[0].product_id, "101");
	// Douyin gives the receiver's name masked already ("L*****"), and only so.
	EXPECT_STREQ(snap->recent[0].buyer, provider == "douyin" ? "L*****" : "Li Wei");
	std::vector<Seen> announced = s.events.of(OLC_EVENT_ORDER_RECEIVED);
	ASSERT_EQ(announced.size(), 1u);
	EXPECT_EQ(announced[0].product_id, "101");
	EXPECT_EQ(announced[0].quantity, 2);
	EXPECT_EQ(announced[0].total, 33600);
	EXPECT_EQ(snap->error, nullptr) << text(snap->error);
}

TEST(SessionShops, FirstOrdersOfAJsonShopWithNoOrdersYetAreCounted)
{
	first_orders_of_a_new_shop_are_counted("json");
}

TEST(SessionShops, FirstOrdersOfAWooCommerceShopWithNoOrdersYetAreCounted)
{
	first_orders_of_a_new_shop_are_counted("woocommerce");
}

TEST(SessionShops, FirstOrdersOfAShopifyShopWithNoOrdersYetAreCounted)
{
	first_orders_of_a_new_shop_are_counted("shopify");
}

TEST(SessionShops, FirstOrdersOfADouyinShopWithNoOrdersYetAreCounted)
{
	first_orders_of_a_new_shop_are_counted("douyin");
}

TEST(SessionShops, FirstOrdersOfAYouzanShopWithNoOrdersYetAreCounted)
{
	first_orders_of_a_new_shop_are_counted("youzan");
}

// Youzan's gateway refuses youzan.item.get (the app lacks the goods package): the catalog is whole
// from the on-sale list, so the status is a warning, not an error, and items taken off sale leave
// the catalog. Before, each refusal counted as an unreadable product: state "error", and the
// session kept the missing items as "unread" for as long as the refusal lasted.
TEST(SessionShops, YouzanItemGetRefusedIsAWarningAndItemsOffSaleLeave)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/youzan/config", R"({"extra_items":2,"item_get_denied":true})"));
	Options o;
	o.fake_clock = false;
	o.catalog_min_ms = 500;
	Session s(o);
	ASSERT_TRUE(s.connect_shop("youzan", shop, 300));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) {
		return snap.catalog.count == 8 && snap.state == OLC_CONN_OK && snap.warning;
	}));
	{
		Snap snap(s);
		EXPECT_EQ(snap->error, nullptr);
		EXPECT_NE(strstr(snap->warning, "code 4204"), nullptr) << snap->warning;
	}
	ASSERT_TRUE(shop.control("POST", "/_control/platform/youzan/config", R"({"extra_items":0})"));
	EXPECT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.catalog.count == 6; }, 15s))
		<< "the two items taken off sale stay";
}

int64_t system_ms()
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(
		       std::chrono::system_clock::now().time_since_epoch())
		.count();
}

// An admin dates an order 2030: it must not make every later poll ask for orders after 2030.
void a_future_dated_order_does_not_stop_later_ones(const std::string &provider, const std::string &shop_name)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	Session s(o);
	ASSERT_TRUE(s.connect_shop(provider, shop, 200));
	ASSERT_TRUE(wait_orders_answered(shop, provider, 1));

	std::string answer;
	ASSERT_TRUE(shop.control(
		"POST", "/_control/order",
		R"({"product_id":102,"quantity":1,"buyer":"Future","created_at":"2030-01-01T00:00:00Z"})", &answer))
		<< shop.error();
	json_t *added = json_loads(answer.c_str(), 0, nullptr);
	std::string future_id =
		text(json_string_value(json_object_get(json_array_get(json_object_get(added, "order"), 0), "id")));
	json_decref(added);
	ASSERT_TRUE(wait_orders_answered(shop, provider, orders_answered(shop, provider) + 2)); // it was seen

	ASSERT_TRUE(shop.add_order("101", 2, "Li Wei", "大理"));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return has_order_of(snap, "101"); }))
		<< "the order after the one dated 2030 never came; the status says: " << text(Snap(s)->error);

	// Only the order of now is a sale of this stream; the one dated 2030 is left out, and the
	// status names it and why, by the shop's own clock (its Date header).
	Snap snap(s);
	EXPECT_EQ(snap->total.orders, 1);
	EXPECT_EQ(snap->total.units, 2);
	EXPECT_EQ(snap->total.revenue_minor, 33600);
	ASSERT_EQ(snap->recent_count, 1u);
	EXPECT_STREQ(snap->recent[0].product_id, "101");
	EXPECT_EQ(s.events.of(OLC_EVENT_ORDER_RECEIVED).size(), 1u);
	EXPECT_STREQ(olc_conn_state_name(snap->state), "error");
	std::string error = text(snap->error);
	std::string head = shop_name + " order " + future_id +
			   " is dated 2030-01-01T00:00:00Z, in the future by the shop's own clock (";
	std::string tail = "): it is left out until its date is corrected";
	ASSERT_GT(error.size(), head.size() + tail.size()) << error;
	EXPECT_EQ(error.substr(0, head.size()), head) << error;
	EXPECT_EQ(error.substr(error.size() - tail.size()), tail) << error;
	int64_t clock_ms = 0;
	std::string clock = error.substr(head.size(), error.size() - head.size() - tail.size());
	ASSERT_TRUE(olc_iso8601_parse(clock.c_str(), false, &clock_ms)) << clock;
	EXPECT_LT(std::llabs(clock_ms - system_ms()), 60000) << clock;
}

TEST(SessionShops, AWooCommerceOrderDatedInTheFutureDoesNotStopLaterOrders)
{
	a_future_dated_order_does_not_stop_later_ones("woocommerce", "WooCommerce");
}

TEST(SessionShops, AShopifyOrderDatedInTheFutureDoesNotStopLaterOrders)
{
	a_future_dated_order_does_not_stop_later_ones("shopify", "Shopify");
}

// This computer's clock an hour fast: orders are dated by the shop's clock, and asked for by it.
int64_t an_hour_fast()
{
	return system_ms() + 3600 * 1000;
}

void orders_follow_the_shops_clock(const std::string &provider)
{
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Options o;
	o.fake_clock = false;
	o.clock = an_hour_fast;
	Session s(o);
	ASSERT_TRUE(s.connect_shop(provider, shop, 200));
	ASSERT_TRUE(wait_orders_answered(shop, provider, 1));
	ASSERT_TRUE(shop.add_order("103", 3, "Dawa", "拉萨"));
	ASSERT_TRUE(s.wait([](const olc_snapshot &snap) { return snap.total.orders > 0; }))
		<< "an order of now was asked for after this computer's time; the status says: "
		<< text(Snap(s)->error);
	Snap snap(s);
	EXPECT_EQ(snap->total.orders, 1);
	EXPECT_EQ(snap->total.units, 3);
	EXPECT_EQ(snap->total.revenue_minor, 11970);
	EXPECT_EQ(snap->error, nullptr) << text(snap->error);
}

TEST(SessionShops, WooCommerceOrdersFollowTheShopsClockNotOurs)
{
	orders_follow_the_shops_clock("woocommerce");
}

TEST(SessionShops, ShopifyOrdersFollowTheShopsClockNotOurs)
{
	orders_follow_the_shops_clock("shopify");
}

// Douyin signs the time of each request and refuses one more than minutes off: the refusal's Date
// header gives the gateway's clock, and the call is made again by it.
TEST(SessionShops, DouyinOrdersFollowTheShopsClockNotOurs)
{
	orders_follow_the_shops_clock("douyin");
}

TEST(SessionShops, YouzanOrdersFollowTheShopsClockNotOurs)
{
	orders_follow_the_shops_clock("youzan");
}


} // namespace
