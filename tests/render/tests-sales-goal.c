/* Render tests of the sales goal source (plugin/sources/sales-goal/sales-goal.c), drawn by real libobs and read
 * back.
 *
 * Test orders (SimulateOrder) are not sales and never move a goal, so these tests sell for real:
 * this file serves a small shop in the json API on loopback HTTP (a catalog of two products and
 * an order list it grows on request), the session is connected to it through the module's vendor
 * API (SetConnection) and polls it as it would a cooperative's shop. The counters then hold
 * exactly the orders served here, and the goal bar's filled width is measured in the frame: it
 * must be value / target of the bar, to a pixel or two, after every batch of orders.
 *
 * Frames are taken once the fill has settled (the goal's get_state procedure says so), or at
 * exact moments of the celebration through its set_animation_clock procedure. The source id,
 * setting keys and procedure names are written out: a rename must fail here.
 *
 * The goldens (tests/golden/render/goal-*.png) are what libobs drew, read back: the panel with its
 * fill and a celebration at a fixed moment of the goal's clock, in each look. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define GOAL_ID "live_commerce_sales_goal"
#define VENDOR  "live-commerce"

#define TEA_ID   "g-puer"
#define HONEY_ID "g-honey"

#define GOLDEN_PREFIX "/golden"

/* ---- the shop: GET /products and GET /orders[?since=N] in the json API, on loopback ------------- */

#define SHOP_ORDERS_MAX 256

struct shop_order {
	const char *product_id;
	int quantity;
	long long total_fen;
};

struct shop {
	int fd;
	int port;
	pthread_t thread;
	bool started;
	volatile bool stop;
	pthread_mutex_t lock;
	struct shop_order orders[SHOP_ORDERS_MAX];
	int count;
};

static struct shop shop = {.fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

static void send_json(int c, const char *body)
{
	char head[256];
	const size_t len = strlen(body);
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 len);
	if (send(c, head, (size_t)n, 0) == n)
		send(c, body, len, 0);
}

/* The orders after `since` (an index into the list), and the new cursor. The first answer (no
 * since) is the shop's history: the session skips it, as it would a real shop's past orders. */
static char *orders_body(const char *query)
{
	const char *since = query ? strstr(query, "since=") : NULL;
	const int from = since ? atoi(since + 6) : -1;
	pthread_mutex_lock(&shop.lock);
	const int count = shop.count;
	size_t cap = 64 + (size_t)SHOP_ORDERS_MAX * 256;
	char *body = malloc(cap);
	size_t used = (size_t)snprintf(body, cap, "{\"orders\": [");
	for (int i = from < 0 ? count : from; i < count; i++) {
		const struct shop_order *o = &shop.orders[i];
		used += (size_t)snprintf(
			body + used, cap - used,
			"%s{\"id\": \"go-%d\", \"created_at\": \"2026-11-21T12:00:00Z\", \"product_id\": "
			"\"%s\", \"quantity\": %d, \"buyer\": \"张伟\", \"city\": \"成都\", "
			"\"total\": \"%lld.%02lld\"}",
			i > (from < 0 ? count : from) ? ", " : "", i + 1, o->product_id, o->quantity,
			o->total_fen / 100, o->total_fen % 100);
	}
	snprintf(body + used, cap - used, "], \"cursor\": \"%d\"}", count);
	pthread_mutex_unlock(&shop.lock);
	return body;
}

static const char products_body[] =
	"{\"currency\": \"CNY\", \"products\": ["
	"{\"id\": \"" TEA_ID "\", \"title\": \"普洱茶饼 Pu'er tea cake 357g\", \"price\": \"100.00\", "
	"\"compare_at_price\": null, \"stock\": null, \"url\": \"https://shop.example.cn/p/" TEA_ID "\", "
	"\"image\": null, \"tags\": []},"
	"{\"id\": \"" HONEY_ID "\", \"title\": \"林芝野蜂蜜 Wild honey 500g\", \"price\": \"88.00\", "
	"\"compare_at_price\": null, \"stock\": null, \"url\": \"https://shop.example.cn/p/" HONEY_ID "\", "
	"\"image\": null, \"tags\": []}]}";

static void *serve_shop(void *param)
{
	(void)param;
	while (!shop.stop) {
		struct pollfd pfd = {.fd = shop.fd, .events = POLLIN};
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		int c = accept(shop.fd, NULL, NULL);
		if (c < 0)
			continue;
		char req[4096];
		size_t got = 0;
		while (got < sizeof(req) - 1) {
			ssize_t n = recv(c, req + got, sizeof(req) - 1 - got, 0);
			if (n <= 0)
				break;
			got += (size_t)n;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		req[got] = '\0';
		char *line_end = strstr(req, " HTTP/");
		if (line_end)
			*line_end = '\0';
		/* The same shop under another address (another shop to the session, with counters of its
		 * own): the goldens start from no sales whatever the tests before them sold. */
		if (strncmp(req, "GET " GOLDEN_PREFIX "/", 4 + strlen(GOLDEN_PREFIX) + 1) == 0)
			memmove(req + 4, req + 4 + strlen(GOLDEN_PREFIX), strlen(req + 4 + strlen(GOLDEN_PREFIX)) + 1);
		if (strcmp(req, "GET /products") == 0) {
			send_json(c, products_body);
		} else if (strncmp(req, "GET /orders", 11) == 0) {
			/* A wait=S long-poll is answered at once: the session simply asks again. */
			char *body = orders_body(strchr(req, '?'));
			send_json(c, body);
			free(body);
		} else {
			static const char missing[] =
				"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
			send(c, missing, sizeof(missing) - 1, 0);
		}
		close(c);
	}
	return NULL;
}

static bool start_shop(struct rt_ctx *t)
{
	if (shop.started)
		return true;
	shop.fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof(addr);
	if (shop.fd < 0 || bind(shop.fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(shop.fd, 16) != 0 ||
	    getsockname(shop.fd, (struct sockaddr *)&addr, &alen) != 0)
		return rt_fail(t, "cannot listen on loopback for the test shop");
	shop.port = ntohs(addr.sin_port);
	if (pthread_create(&shop.thread, NULL, serve_shop, NULL) != 0)
		return rt_fail(t, "cannot start the test shop");
	shop.started = true;
	return true;
}

static void stop_shop(void)
{
	if (shop.started) {
		shop.stop = true;
		pthread_join(shop.thread, NULL);
		shop.started = false;
	}
	if (shop.fd >= 0)
		close(shop.fd);
	shop.fd = -1;
}

/* Sells n orders of quantity items of a product at total_fen each. */
static void sell(const char *product_id, int n, int quantity, long long total_fen)
{
	pthread_mutex_lock(&shop.lock);
	for (int i = 0; i < n && shop.count < SHOP_ORDERS_MAX; i++)
		shop.orders[shop.count++] = (struct shop_order){product_id, quantity, total_fen};
	pthread_mutex_unlock(&shop.lock);
}

/* ---- the module's vendor API --------------------------------------------------------------------- */

static bool vendor(struct rt_ctx *t, const char *type, obs_data_t *request)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response);
	if (!ok)
		rt_fail(t, "the module registered no vendor request %s", type);
	else if (!obs_data_get_bool(response, "ok"))
		ok = rt_fail(t, "%s failed: %s", type, obs_data_get_string(response, "error"));
	obs_data_release(response);
	return ok;
}

struct status {
	long long products, orders, units, revenue;
	char state[16];
};

static bool get_status(struct status *s)
{
	memset(s, 0, sizeof(*s));
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, "GetStatus", NULL, response) && obs_data_get_bool(response, "ok");
	if (ok) {
		s->products = obs_data_get_int(response, "products");
		s->orders = obs_data_get_int(response, "orders_total");
		s->units = obs_data_get_int(response, "units_total");
		s->revenue = obs_data_get_int(response, "revenue_minor");
		snprintf(s->state, sizeof(s->state), "%s", obs_data_get_string(response, "state"));
	}
	obs_data_release(response);
	return ok;
}

/* Connects the session to the test shop at path (its root: "") and waits until it lists the two
 * products with no sales yet (a new shop starts its counters at zero). */
static bool connect_goal_shop(struct rt_ctx *t, const char *path)
{
	if (!start_shop(t))
		return false;
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", shop.port, path);
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", url);
	obs_data_set_int(req, "poll_ms", 100);
	bool ok = vendor(t, "SetConnection", req);
	obs_data_release(req);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	struct status s;
	while (ok && !(get_status(&s) && s.products == 2 && strcmp(s.state, "ok") == 0)) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t,
				       "the session never listed the test shop's 2 products (state %s, %lld products)",
				       s.state, s.products);
		os_sleep_ms(20);
	}
	if (ok && (s.orders || s.units || s.revenue))
		ok = rt_fail(t, "a new shop starts with counters %lld/%lld/%lld, not zeros", s.orders, s.units,
			     s.revenue);
	return ok;
}

/* The test shop at its root, connected once for the goal tests, which count on from each other. */
static bool use_goal_shop(struct rt_ctx *t)
{
	static bool connected;
	if (connected)
		return true;
	connected = connect_goal_shop(t, "");
	return connected;
}

/* The goal tests' shop, and what the session has counted on it so far. */
static bool goal_shop_status(struct rt_ctx *t, struct status *before)
{
	if (!use_goal_shop(t))
		return false;
	return get_status(before) || rt_fail(t, "GetStatus failed");
}

/* Waits until the session has counted `orders` orders in all. */
static bool wait_orders(struct rt_ctx *t, long long orders)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	struct status s;
	while (!(get_status(&s) && s.orders == orders)) {
		if (os_gettime_ns() > deadline)
			return rt_fail(t, "the session counted %lld orders, expected %lld", s.orders, orders);
		os_sleep_ms(20);
	}
	return true;
}

/* ---- the goal's own account ------------------------------------------------------------------------ */

struct goal_state {
	long long value, target, marks, celebrations, goal_events, rasters;
	bool reached, settled, celebrating;
	double fill, fill_target;
	int bar_x, bar_y, bar_w, bar_h, width, height;
	struct olc_gc_region title, progress, stats; /* where the words are, for the goldens */
};

static bool get_state(obs_source_t *source, struct goal_state *s)
{
	calldata_t cd = {0};
	memset(s, 0, sizeof(*s));
	bool ok = proc_handler_call(obs_source_get_proc_handler(source), "get_state", &cd);
	if (ok) {
		s->value = calldata_int(&cd, "value");
		s->target = calldata_int(&cd, "target");
		s->marks = calldata_int(&cd, "marks");
		s->celebrations = calldata_int(&cd, "celebrations");
		s->goal_events = calldata_int(&cd, "goal_events");
		s->rasters = calldata_int(&cd, "rasters");
		s->reached = calldata_bool(&cd, "reached");
		s->settled = calldata_bool(&cd, "fill_settled");
		s->celebrating = calldata_bool(&cd, "celebrating");
		s->fill = calldata_float(&cd, "fill");
		s->fill_target = calldata_float(&cd, "fill_target");
		s->bar_x = (int)calldata_int(&cd, "bar_x");
		s->bar_y = (int)calldata_int(&cd, "bar_y");
		s->bar_w = (int)calldata_int(&cd, "bar_w");
		s->bar_h = (int)calldata_int(&cd, "bar_h");
		s->width = (int)calldata_int(&cd, "width");
		s->height = (int)calldata_int(&cd, "height");
		s->title = rt_read_region(&cd, "title");
		s->progress = rt_read_region(&cd, "progress");
		s->stats = rt_read_region(&cd, "stats");
	}
	calldata_free(&cd);
	return ok;
}

static void set_clock(obs_source_t *source, long long ms)
{
	calldata_t cd = {0};
	calldata_set_int(&cd, "ms", ms);
	proc_handler_call(obs_source_get_proc_handler(source), "set_animation_clock", &cd);
	calldata_free(&cd);
}

/* Waits until the goal counts value, its fill has come to rest and no celebration is running. */
static bool wait_goal(struct rt_ctx *t, obs_source_t *source, long long value, struct goal_state *s)
{
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (;;) {
		harness_wait_ticks(1, 1000);
		if (get_state(source, s) && s->value == value && s->settled && !s->celebrating && s->bar_w > 0)
			return true;
		if (os_gettime_ns() > deadline)
			return rt_fail(
				t, "the goal shows %lld (fill %.3f, settled %d, celebrating %d); expected %lld at rest",
				s->value, s->fill, s->settled, s->celebrating, value);
	}
}

/* The filled part of the bar in a frame, in pixels from the bar's left end: the last column along
 * the bar's middle row whose colour is far from the empty track's (taken from `empty`, a frame of
 * the same goal with nothing sold). */
static int filled_width(const struct olc_frame *f, const struct olc_frame *empty, const struct goal_state *s)
{
	const uint32_t y = (uint32_t)(s->bar_y + s->bar_h / 2);
	int last = -1;
	for (int x = s->bar_x; x < s->bar_x + s->bar_w; x++) {
		const uint8_t *p = f->rgba + ((size_t)y * f->width + (size_t)x) * 4;
		const uint8_t *q = empty->rgba + ((size_t)y * empty->width + (size_t)x) * 4;
		const int d = abs(p[0] - q[0]) + abs(p[1] - q[1]) + abs(p[2] - q[2]);
		if (d > 90)
			last = x;
	}
	return last < 0 ? 0 : last + 1 - s->bar_x;
}

/* The bar must be filled to value / target of its width (at least its height: a round dot). */
static bool expect_fill(struct rt_ctx *t, const struct olc_frame *f, const struct olc_frame *empty,
			const struct goal_state *s, long long value, long long target)
{
	double want = (double)value / (double)target;
	if (want > 1.0)
		want = 1.0;
	double want_px = want * s->bar_w;
	if (value > 0 && want_px < s->bar_h)
		want_px = s->bar_h;
	const int got = filled_width(f, empty, s);
	if (got < want_px - 2.5 || got > want_px + 2.5)
		return rt_fail(t, "%lld of %lld: the bar is filled %d px of %d, expected %.1f", value, target, got,
			       s->bar_w, want_px);
	if (s->fill_target < want - 1e-6 || s->fill_target > want + 1e-6)
		return rt_fail(t, "%lld of %lld: the goal's fill target is %.4f, expected %.4f", value, target,
			       s->fill_target, want);
	return true;
}

static double region_diff(const struct olc_frame *a, const struct olc_frame *b, int x0, int y0, int w, int h)
{
	double sum = 0;
	for (int y = y0; y < y0 + h; y++) {
		for (int x = x0; x < x0 + w; x++) {
			const uint8_t *p = a->rgba + ((size_t)y * a->width + (size_t)x) * 4;
			const uint8_t *q = b->rgba + ((size_t)y * b->width + (size_t)x) * 4;
			for (int c = 0; c < 4; c++)
				sum += abs((int)p[c] - (int)q[c]);
		}
	}
	return w > 0 && h > 0 ? sum / ((double)w * h * 4) : 0;
}

static bool render_goal(struct rt_ctx *t, obs_source_t *source, struct olc_frame *f, const char *what)
{
	if (!harness_render(source, 0, 0, f) || !f->rgba)
		return rt_fail(t, "cannot render the goal (%s)", what);
	return rt_save(t, f, what);
}

static obs_data_t *goal_settings(const char *kind, long long target)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "kind", kind);
	if (strcmp(kind, "revenue") == 0)
		obs_data_set_int(s, "target_revenue", target);
	else if (strcmp(kind, "units") == 0)
		obs_data_set_int(s, "target_units", target);
	else
		obs_data_set_int(s, "target_orders", target);
	obs_data_set_int(s, "step_percent", 25);
	return s;
}

/* Two goals: first as the test's own source, second (shown, named second_name) beside it. Takes the
 * settings; release both with release_two_goals. */
static bool create_two_goals(struct rt_ctx *t, obs_data_t *first_settings, obs_data_t *second_settings,
			     const char *second_name, obs_source_t **first, obs_source_t **second)
{
	*first = rt_create_source(t, GOAL_ID, first_settings);
	*second = *first ? obs_source_create(GOAL_ID, second_name, second_settings, NULL) : NULL;
	obs_data_release(first_settings);
	obs_data_release(second_settings);
	if (!*first || !*second) {
		harness_release_source(*first);
		obs_source_release(*second);
		return rt_fail(t, "cannot create the goals");
	}
	obs_source_inc_showing(*second);
	return true;
}

static void release_two_goals(obs_source_t *first, obs_source_t *second)
{
	obs_source_dec_showing(second);
	obs_source_release(second);
	harness_release_source(first);
}

/* ---- tests ------------------------------------------------------------------------------------------- */

/* 1. Orders sold by the shop fill the bar to exactly value / target, step by step, with a
 * celebration at 25 %, 50 % and the goal, and GoalReached sent once. */
static bool test_fill_tracks_orders(struct rt_ctx *t)
{
	if (!use_goal_shop(t))
		return false;
	obs_data_t *settings = goal_settings("orders", 8);
	obs_source_t *source = rt_create_source(t, GOAL_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;

	struct olc_frame empty = {0}, frame = {0}, earlier = {0};
	struct goal_state s;
	bool ok = wait_goal(t, source, 0, &s) && render_goal(t, source, &empty, "0-of-8");
	if (ok && (empty.width != (uint32_t)s.width || empty.height != (uint32_t)s.height))
		ok = rt_fail(t, "the source is %ux%u, its panel %dx%d", empty.width, empty.height, s.width, s.height);
	if (ok && (s.width != 640 || s.bar_x < 0 || s.bar_x + s.bar_w > s.width || s.bar_h < 10))
		ok = rt_fail(t, "a 640 px panel by default with the bar inside it; got %d px, bar %d+%d (%d high)",
			     s.width, s.bar_x, s.bar_w, s.bar_h);
	if (ok && filled_width(&empty, &empty, &s) != 0)
		ok = rt_fail(t, "nothing sold, yet the bar is filled");

	const long long steps[][2] = {{2, 1}, {5, 2}, {8, 3}}; /* orders in all, celebrations so far */
	long long sold = 0;
	for (size_t i = 0; ok && i < sizeof(steps) / sizeof(steps[0]); i++) {
		sell(TEA_ID, (int)(steps[i][0] - sold), 1, 10000);
		sold = steps[i][0];
		char what[32];
		snprintf(what, sizeof(what), "%lld-of-8", sold);
		ok = wait_orders(t, sold) && wait_goal(t, source, sold, &s) && render_goal(t, source, &frame, what) &&
		     expect_fill(t, &frame, &empty, &s, sold, 8);
		if (ok && s.celebrations != steps[i][1])
			ok = rt_fail(t, "after %lld of 8 orders: %lld celebrations, expected %lld", sold,
				     s.celebrations, steps[i][1]);
		/* The counters' words changed too (the first row and the figures under the bar). */
		if (ok && earlier.rgba && region_diff(&frame, &earlier, 0, 0, s.width, s.bar_y) < 0.05)
			ok = rt_fail(t, "after %lld orders the words above the bar did not change", sold);
		harness_frame_free(&earlier);
		earlier = frame;
		memset(&frame, 0, sizeof(frame));
	}
	if (ok && (!s.reached || s.goal_events != 1))
		ok = rt_fail(t, "at 8 of 8: reached %d, GoalReached sent %lld times (expected once)", s.reached,
			     s.goal_events);

	/* Past the goal: the bar stays full, nothing more is celebrated or announced. */
	if (ok) {
		sell(TEA_ID, 2, 1, 10000);
		sold += 2;
		ok = wait_orders(t, sold) && wait_goal(t, source, sold, &s) &&
		     render_goal(t, source, &frame, "10-of-8") && expect_fill(t, &frame, &empty, &s, sold, 8);
		if (ok && (s.celebrations != 3 || s.goal_events != 1))
			ok = rt_fail(t, "past the goal: %lld celebrations and %lld GoalReached, expected 3 and 1",
				     s.celebrations, s.goal_events);
	}
	harness_frame_free(&empty);
	harness_frame_free(&frame);
	harness_frame_free(&earlier);
	harness_release_source(source);
	return ok;
}

/* 2. A revenue goal counts the orders' totals exactly (minor units of the shop's currency) and an
 * items goal counts quantities. */
static bool test_revenue_and_units(struct rt_ctx *t)
{
	struct status before;
	if (!goal_shop_status(t, &before))
		return false;
	obs_source_t *revenue, *units;
	if (!create_two_goals(t, goal_settings("revenue", 5000) /* ¥5000.00: 500000 fen */, goal_settings("units", 40),
			      "render test: units goal", &revenue, &units))
		return false;

	struct olc_frame first = {0}, frame = {0};
	struct goal_state s, u;
	bool ok = wait_goal(t, revenue, before.revenue, &s) && render_goal(t, revenue, &first, "before");
	if (ok && s.target != 500000)
		ok = rt_fail(t, "a ¥5000 goal has target %lld minor units, expected 500000", s.target);
	const long long added = 3 * 8850 + 12345; /* ¥88.50 three times and ¥123.45 */
	if (ok) {
		sell(HONEY_ID, 3, 2, 8850);
		sell(TEA_ID, 1, 5, 12345);
		ok = wait_orders(t, before.orders + 4) && wait_goal(t, revenue, before.revenue + added, &s) &&
		     render_goal(t, revenue, &frame, "after") && wait_goal(t, units, before.units + 11, &u);
	}
	if (ok) {
		const double want = (double)(before.revenue + added) / 500000.0;
		if (s.fill_target < want - 1e-6 || s.fill_target > want + 1e-6)
			ok = rt_fail(t, "revenue %lld of 500000: fill target %.5f, expected %.5f", s.value,
				     s.fill_target, want);
		const double want_units = (double)(before.units + 11) / 40.0;
		if (ok && (u.fill_target < want_units - 1e-6 || u.fill_target > want_units + 1e-6))
			ok = rt_fail(t, "units %lld of 40: fill target %.5f, expected %.5f", u.value, u.fill_target,
				     want_units);
		/* The fill grew by what was sold: its end moved right by added / target of the bar. */
		const int grown = s.bar_w ? (int)((double)added / 500000.0 * s.bar_w) : 0;
		const double moved = region_diff(&frame, &first, s.bar_x, s.bar_y, s.bar_w, s.bar_h);
		if (ok && grown > 4 && moved < 0.5)
			ok = rt_fail(t, "the revenue bar did not move (%.2f mean difference in the bar)", moved);
	}
	harness_frame_free(&first);
	harness_frame_free(&frame);
	release_two_goals(revenue, units);
	return ok;
}

/* 3. The celebration is drawn on the GPU at moments of the goal's own clock: mid-burst the panel
 * differs from the settled one; once over, the frame is the settled one again, byte for byte. */
static bool test_celebration_is_time_based(struct rt_ctx *t)
{
	struct status before;
	if (!goal_shop_status(t, &before))
		return false;
	/* A goal whose next 25 % mark is one order away. */
	const long long target = (before.orders + 1) * 4;
	obs_data_t *settings = goal_settings("orders", target);
	obs_source_t *source = rt_create_source(t, GOAL_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	struct goal_state s;
	struct olc_frame mid = {0}, over = {0}, later = {0};
	const long long t0 = 1000000; /* ms of the goal's clock, frozen */
	bool ok = wait_goal(t, source, before.orders, &s);
	if (ok) {
		set_clock(source, t0);
		sell(TEA_ID, 1, 1, 10000);
		ok = wait_orders(t, before.orders + 1);
		const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
		while (ok && !(get_state(source, &s) && s.celebrating)) {
			harness_wait_ticks(1, 1000);
			if (os_gettime_ns() > deadline)
				ok = rt_fail(t, "passing 25 %% started no celebration (%lld celebrations)",
					     s.celebrations);
		}
	}
	if (ok) {
		set_clock(source, t0 + 350);
		harness_wait_ticks(2, 1000);
		ok = render_goal(t, source, &mid, "mid-burst");
	}
	if (ok) {
		set_clock(source, t0 + 5000);
		harness_wait_ticks(2, 1000);
		ok = get_state(source, &s) && render_goal(t, source, &over, "over");
		if (ok && (s.celebrating || !s.settled))
			ok = rt_fail(t, "5 s later the celebration still runs or the fill still moves");
		set_clock(source, t0 + 9000);
		harness_wait_ticks(2, 1000);
		ok = ok && render_goal(t, source, &later, "later");
	}
	if (ok) {
		const double burst = region_diff(&mid, &over, 0, 0, s.width, s.height);
		const double still = region_diff(&over, &later, 0, 0, s.width, s.height);
		if (burst < 1.0)
			ok = rt_fail(t, "mid-celebration the panel differs from the settled one by %.2f only", burst);
		else if (still != 0.0)
			ok = rt_fail(t, "after the celebration the frames still change (%.3f)", still);
	}
	set_clock(source, -1);
	harness_frame_free(&mid);
	harness_frame_free(&over);
	harness_frame_free(&later);
	harness_release_source(source);
	return ok;
}

/* 4. Scope "featured": only the featured product's sales count. */
static bool test_featured_scope(struct rt_ctx *t)
{
	if (!use_goal_shop(t))
		return false;
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "id", TEA_ID);
	bool ok = vendor(t, "FeatureProduct", req);
	obs_data_release(req);
	struct status before;
	if (!ok || !get_status(&before))
		return false;
	long long tea_units = -1;
	obs_data_t *settings = goal_settings("units", 100);
	obs_data_set_string(settings, "scope", "featured");
	obs_source_t *source = rt_create_source(t, GOAL_ID, settings);
	obs_data_release(settings);
	if (!source)
		return false;
	struct goal_state s;
	/* Whatever the tea sold in the earlier tests is its count now. */
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	while (!(get_state(source, &s) && s.bar_w > 0 && s.settled)) {
		harness_wait_ticks(1, 1000);
		if (os_gettime_ns() > deadline) {
			harness_release_source(source);
			return rt_fail(t, "the featured-product goal never showed");
		}
	}
	tea_units = s.value;
	sell(HONEY_ID, 2, 3, 100); /* not featured: no change */
	sell(TEA_ID, 1, 4, 100);
	ok = wait_orders(t, before.orders + 3) && wait_goal(t, source, tea_units + 4, &s);
	if (ok && tea_units >= before.units)
		ok = rt_fail(t, "the featured product's %lld items were not fewer than the stream's %lld", tea_units,
			     before.units);
	vendor(t, "HideProduct", NULL);
	harness_release_source(source);
	return ok;
}

/* 4b. Two goal sources with the same goal (kind, target, scope; their steps and titles differ): one
 * crossing sends exactly one GoalReached, with the fields the README documents, naming the source
 * that declared the goal first; each source still celebrates on its own. */
static bool test_two_sources_one_event(struct rt_ctx *t)
{
	struct status before;
	if (!goal_shop_status(t, &before))
		return false;
	const long long target = before.orders + 2;
	obs_data_t *second_settings = goal_settings("orders", target);
	obs_data_set_int(second_settings, "step_percent", 0);
	obs_data_set_string(second_settings, "title", "Second panel, same goal");
	obs_source_t *first, *second;
	if (!create_two_goals(t, goal_settings("orders", target), second_settings, "render test: second goal", &first,
			      &second))
		return false;

	struct goal_state a, b;
	bool ok = wait_goal(t, first, before.orders, &a) && wait_goal(t, second, before.orders, &b);
	rt_vendor_events_clear();
	if (ok) {
		sell(TEA_ID, 2, 1, 10000);
		ok = wait_orders(t, target) && wait_goal(t, first, target, &a) && wait_goal(t, second, target, &b);
	}
	/* A few more polls and ticks: a second announcement would have come by now. */
	harness_wait_ticks(10, 1000);
	obs_data_t *ev = NULL;
	const long events = rt_vendor_events("GoalReached", &ev);
	if (ok && events != 1)
		ok = rt_fail(t, "two sources with one goal: GoalReached sent %ld times for one crossing, expected once",
			     events);
	if (ok && (strcmp(obs_data_get_string(ev, "kind"), "orders") != 0 || obs_data_get_int(ev, "target") != target ||
		   obs_data_get_int(ev, "value") < target || strcmp(obs_data_get_string(ev, "scope"), "stream") != 0 ||
		   strcmp(obs_data_get_string(ev, "source"), obs_source_get_name(first)) != 0 ||
		   obs_data_has_user_value(ev, "currency") || obs_data_has_user_value(ev, "product_id")))
		ok = rt_fail(t,
			     "GoalReached %s; expected kind orders, target %lld, value >= target, scope stream, "
			     "source \"%s\", no currency or product_id",
			     obs_data_get_json(ev), target, obs_source_get_name(first));
	if (ok && (a.goal_events != 1 || b.goal_events != 1 || !a.reached || !b.reached))
		ok = rt_fail(t, "each source reports its goal reached once; got %lld and %lld (reached %d, %d)",
			     a.goal_events, b.goal_events, a.reached, b.reached);
	/* Each panel still celebrates the goal itself: the first passed 50 % and the goal, the second
	 * (no steps) the goal alone. */
	if (ok && (a.celebrations < 1 || b.celebrations != 1))
		ok = rt_fail(t, "celebrations: %lld and %lld, expected at least 1 and exactly 1", a.celebrations,
			     b.celebrations);
	obs_data_release(ev);
	release_two_goals(first, second);
	return ok;
}

/* 5. The card's three looks at 1080p defaults (PNGs for the README): the same goal in each, the
 * same size, visibly different. */
static bool test_looks(struct rt_ctx *t)
{
	if (!use_goal_shop(t))
		return false;
	const char *looks[] = {"light", "dark", "festive"};
	struct olc_frame frames[3];
	memset(frames, 0, sizeof(frames));
	struct goal_state s;
	bool ok = true;
	for (size_t i = 0; ok && i < 3; i++) {
		obs_data_t *settings = goal_settings("orders", 100);
		obs_data_set_string(settings, "look", looks[i]);
		obs_source_t *source = rt_create_source(t, GOAL_ID, settings);
		obs_data_release(settings);
		if (!source)
			return false;
		struct status st;
		ok = get_status(&st) && wait_goal(t, source, st.orders, &s) &&
		     render_goal(t, source, &frames[i], looks[i]);
		if (ok && (s.width != 640 || frames[i].width != 640 || !olc_frame_has_content(&frames[i])))
			ok = rt_fail(t, "%s: a 640 px panel expected, got %u px", looks[i], frames[i].width);
		harness_release_source(source);
	}
	for (size_t i = 1; ok && i < 3; i++) {
		if (frames[i].height != frames[0].height)
			ok = rt_fail(t, "%s is %u px high, light %u", looks[i], frames[i].height, frames[0].height);
		else if (region_diff(&frames[i], &frames[0], 0, 0, (int)frames[0].width, (int)frames[0].height) < 20.0)
			ok = rt_fail(t, "the %s look hardly differs from the light one", looks[i]);
	}
	for (size_t i = 0; i < 3; i++)
		harness_frame_free(&frames[i]);
	return ok;
}

/* 6. Goldens of what libobs draws: a goal at 3 of 8 orders in each look, once settled and at 350 ms
 * into the celebration of passing 25 % (the fill easing, the glow, the sheen and the confetti at a
 * fixed moment of the goal's clock), compared with tests/golden/render/goal-<look>-*.png. */
static bool test_goldens(struct rt_ctx *t)
{
	/* A shop of its own: no sales yet, whatever the tests before sold. */
	if (!connect_goal_shop(t, GOLDEN_PREFIX))
		return false;
	const char *looks[] = {"light", "dark", "festive"};
	obs_source_t *sources[3] = {NULL, NULL, NULL};
	long long rasters[3] = {0, 0, 0};
	struct goal_state s;
	const long long t0 = 2000000; /* ms of the goals' clocks, frozen */
	bool ok = true;
	for (size_t i = 0; ok && i < 3; i++) {
		obs_data_t *settings = goal_settings("orders", 8);
		obs_data_set_string(settings, "look", looks[i]);
		obs_data_set_string(settings, "title", "今日目标 Today's goal");
		sources[i] = rt_create_source(t, GOAL_ID, settings);
		obs_data_release(settings);
		ok = sources[i] && wait_goal(t, sources[i], 0, &s);
		rasters[i] = s.rasters;
		if (ok)
			set_clock(sources[i], t0);
	}
	if (ok) {
		sell(TEA_ID, 2, 1, 10000);
		sell(HONEY_ID, 1, 3, 26400);
		ok = wait_orders(t, 3);
	}
	/* The words "3 / 8" are rasterised on the goal's worker: wait for that raster to be drawn, so
	 * the frames hold the new words whatever the worker's timing. */
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	for (size_t i = 0; ok && i < 3; i++) {
		while (!(get_state(sources[i], &s) && s.value == 3 && s.celebrating && s.rasters > rasters[i])) {
			harness_wait_ticks(1, 1000);
			if (os_gettime_ns() > deadline) {
				ok = rt_fail(t, "%s: the goal shows %lld of 8 (celebrating %d, %lld rasters)", looks[i],
					     s.value, s.celebrating, s.rasters);
				break;
			}
		}
	}
	harness_wait_ticks(2, 1000);
	for (size_t i = 0; ok && i < 3; i++) {
		struct olc_frame mid = {0}, settled = {0};
		char name[64];
		set_clock(sources[i], t0 + 350);
		harness_wait_ticks(2, 1000);
		ok = get_state(sources[i], &s) && render_goal(t, sources[i], &mid, looks[i]);
		const struct olc_gc_region regions[] = {
			s.title,
			s.progress,
			{"bar", s.bar_x, s.bar_y, s.bar_w, s.bar_h},
			s.stats,
		};
		if (ok && (s.title.width <= 0 || s.progress.width <= 0 || s.stats.width <= 0))
			ok = rt_fail(t, "%s: get_state reports no title, progress or counters", looks[i]);
		snprintf(name, sizeof(name), "goal-%s-3-of-8-celebrating", looks[i]);
		ok = ok && rt_expect_golden(t, &mid, name, regions, 4);
		set_clock(sources[i], t0 + 5000);
		harness_wait_ticks(2, 1000);
		ok = ok && get_state(sources[i], &s) && render_goal(t, sources[i], &settled, looks[i]);
		if (ok && (s.celebrating || !s.settled))
			ok = rt_fail(t, "%s: 5 s later the celebration still runs or the fill still moves", looks[i]);
		snprintf(name, sizeof(name), "goal-%s-3-of-8", looks[i]);
		ok = ok && rt_expect_golden(t, &settled, name, regions, 4);
		harness_frame_free(&mid);
		harness_frame_free(&settled);
	}
	for (size_t i = 0; i < 3; i++) {
		if (sources[i])
			set_clock(sources[i], -1);
		harness_release_source(sources[i]);
	}
	return ok;
}

/* The last goal test puts the session back on the demo shop and stops the test shop. */
static bool test_back_to_demo(struct rt_ctx *t)
{
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "demo");
	bool ok = vendor(t, "SetConnection", req);
	obs_data_release(req);
	const uint64_t deadline = os_gettime_ns() + (uint64_t)RT_TIMEOUT_MS * 1000000ULL;
	struct status s;
	while (ok && !(get_status(&s) && s.products > 2)) {
		if (os_gettime_ns() > deadline)
			ok = rt_fail(t, "the demo shop did not come back");
		os_sleep_ms(20);
	}
	stop_shop();
	return ok;
}

const struct render_test sales_goal_tests[] = {
	{"goal bar fills to exactly orders / target, celebrating 25 %, 50 % and the goal once",
	 test_fill_tracks_orders},
	{"goal counts revenue in minor units and items by quantity", test_revenue_and_units},
	{"goal celebration is drawn at moments of its clock, then settles", test_celebration_is_time_based},
	{"goal with the featured scope counts only the featured product", test_featured_scope},
	{"goal shown by two sources sends one GoalReached per crossing", test_two_sources_one_event},
	{"goal in the light, dark and festive looks", test_looks},
	{"goal goldens: what libobs draws at 3 of 8, settled and mid-celebration, in each look", test_goldens},
	{NULL, NULL},
};

/* Tear-down, not a test: the demo shop again, the test shop stopped. */
const struct render_test sales_goal_teardown[] = {
	{"goal test shop replaced by the demo shop again", test_back_to_demo},
	{NULL, NULL},
};
