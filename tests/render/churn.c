/* olc-churn-tests: every source of the module created and destroyed over and over in headless libobs while the
 * session talks to the test shop (orders long-polled, photos downloading, some downloads hanging), built with
 * AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (the test command's churn layer). A crash, a
 * use after free, a double free or undefined behaviour ends the run; a leak shows in the checks at the end.
 *
 *   olc-churn-tests --module PATH/obs-live-commerce.so --data PATH/data --out DIR [--cycles N] [--timeout S]
 *                   [--sync-destroy]
 *
 * --sync-destroy waits for each source's destroy (libobs destroys on a thread of its own) to time it.
 *
 * One cycle creates one source of each kind (QR code, product card, order ticker, sales goal, countdown)
 * and destroys those whose lifetime ended: a seventh of them at once, in the cycle that made them (their
 * worker's first pass, a raster or a photo download, still running), the others one to six cycles later,
 * with the graphics thread ticking them in between. Meanwhile the test shop takes an order every few cycles
 * (the session long-polls them and the ticker and goal hear of it), the photo disk cache is emptied every
 * 4 cycles so cards download again, some downloads hang until the card that asked is destroyed, a countdown starts and
 * the featured product changes.
 *
 * Prints "PASS churn: <name>" or "FAIL churn: <name> -- <reason>" a check, then "churn: N passed, N failed";
 * exits 1 if any failed. Needs an X display with GL (Xvfb; LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe). */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"
#include "qt-app.h"
#include "test-shop.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<sanitizer/lsan_interface.h>) && (defined(__SANITIZE_ADDRESS__) || defined(OLC_CHURN_LSAN))
#include <sanitizer/lsan_interface.h>
#define CHURN_HAVE_LSAN 1
#endif
#endif

#define VENDOR "live-commerce"

/* Written out rather than taken from plugin/ids.h, as in the render tests: users' scene collections
 * store them. */
enum kind { QR, CARD, TICKER, GOAL, COUNTDOWN, KINDS };
static const struct {
	const char *id;
	const char *name;
} kinds[KINDS] = {
	[QR] = {"live_commerce_qr_code", "QR code"},
	[CARD] = {"live_commerce_product_card", "product card"},
	[TICKER] = {"live_commerce_order_ticker", "order ticker"},
	[GOAL] = {"live_commerce_sales_goal", "sales goal"},
	[COUNTDOWN] = {"live_commerce_countdown", "countdown"},
};

/* The test shop's products that are in stock (tests/shop-server/catalog.json; 105 is sold out). */
static const char *const products[] = {"101", "102", "103", "104", "106"};
#define PRODUCTS (sizeof(products) / sizeof(products[0]))

/* A source lives 0 (destroyed in the cycle that made it) to LIFE_MAX - 1 cycles. */
#define LIFE_MAX 7
#define LIVE_MAX (KINDS * LIFE_MAX)

struct live {
	obs_source_t *source;
	enum kind kind;
	long until; /* destroyed at the end of this cycle */
};

struct tally {
	uint64_t create_ns, destroy_ns; /* destroy_ns: with --sync-destroy only */
	long created;
	long sized; /* had a size (something published and ticked) when destroyed */
};

static int passed, failed;

static void check(bool ok, const char *name, const char *fmt, ...)
{
	char why[512] = "";
	if (!ok && fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	if (ok) {
		printf("PASS churn: %s\n", name);
		passed++;
	} else {
		printf("FAIL churn: %s -- %s\n", name, why[0] ? why : "no reason given");
		failed++;
	}
}

static void watchdog(int sig)
{
	static const char msg[] = "FAIL churn: watchdog -- the run took longer than --timeout\n";
	ssize_t ignored = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)sig;
	(void)ignored;
	_exit(1);
}

/* A vendor request; false (with the module's error in err) when it failed. */
static bool vendor(const char *type, obs_data_t *request, char *err, size_t errlen)
{
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request(VENDOR, type, request, response);
	if (!ok)
		snprintf(err, errlen, "the module registered no vendor request %s", type);
	else if (!obs_data_get_bool(response, "ok")) {
		snprintf(err, errlen, "%s failed: %s", type, obs_data_get_string(response, "error"));
		ok = false;
	}
	obs_data_release(response);
	return ok;
}

/* The session on the test shop's json API, orders long-polled every 100 ms; false with a reason. */
static bool connect_shop(char *err, size_t errlen)
{
	char url[256];
	if (!rt_shop_start(err, errlen))
		return false;
	if (!rt_shop_control("/_control/reset", "{}")) {
		snprintf(err, errlen, "cannot reset the test shop: %s", rt_shop_error());
		return false;
	}
	rt_shop_url("/json", url, sizeof(url));
	obs_data_t *req = obs_data_create();
	obs_data_set_string(req, "provider", "json");
	obs_data_set_string(req, "url", url);
	obs_data_set_int(req, "poll_ms", 100);
	bool ok = vendor("SetConnection", req, err, errlen);
	obs_data_release(req);
	if (ok && !rt_vendor_wait_listed("101", 10000)) {
		snprintf(err, errlen, "the test shop's products were never listed");
		return false;
	}
	return ok;
}

static obs_data_t *settings_for(enum kind kind, long cycle)
{
	obs_data_t *s = obs_data_create();
	char text[128];
	switch (kind) {
	case QR:
		snprintf(text, sizeof(text), "https://shop.example.cn/p/%ld?from=live", cycle);
		obs_data_set_string(s, "text", text);
		break;
	case CARD:
		/* Half follow the featured product, half show a fixed one; half animate their entrance. */
		if (cycle % 2)
			obs_data_set_string(s, "product", products[(size_t)cycle % PRODUCTS]);
		if (cycle % 4 < 2)
			obs_data_set_string(s, "transition", "none");
		break;
	case TICKER:
		obs_data_set_string(s, "mode", cycle % 2 ? "scroll" : "list");
		obs_data_set_int(s, "max_rows", 1 + cycle % 5);
		break;
	case GOAL:
		obs_data_set_string(s, "kind", cycle % 2 ? "orders" : "units");
		obs_data_set_int(s, cycle % 2 ? "target_orders" : "target_units", 10 + cycle % 40);
		break;
	case COUNTDOWN:
		obs_data_set_string(s, "when_idle", cycle % 2 ? "show" : "hide");
		obs_data_set_int(s, "duration", 60 + cycle % 300);
		break;
	case KINDS:
		break;
	}
	return s;
}

/* Empties the module's photo disk cache, so the next cards download their photos again. */
static void empty_photo_cache(const char *out)
{
	char dir[1024], path[1300];
	snprintf(dir, sizeof(dir), "%s/config/obs-live-commerce/images", out);
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path); /* a card may be writing or renaming it now: whatever is gone is gone */
	}
	closedir(d);
}

/* --sync-destroy: each release waits for libobs' destroy queue, to time each kind's destroy. */
static bool sync_destroy;

static void destroy(struct live *l, struct tally *tally)
{
	if (obs_source_get_width(l->source) > 0)
		tally[l->kind].sized++;
	const uint64_t start = os_gettime_ns();
	harness_release_source(l->source);
	if (sync_destroy) {
		obs_wait_for_destroy_queue();
		tally[l->kind].destroy_ns += os_gettime_ns() - start;
	}
	l->source = NULL;
}

int main(int argc, char **argv)
{
	const char *module = NULL, *data = NULL, *out = NULL;
	long cycles = 1000;
	unsigned timeout = 600;
	char err[512], path[1024], config[1024];

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--sync-destroy") == 0) {
			sync_destroy = true;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i) * sizeof(*argv));
			argc--;
			break;
		}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--module") == 0)
			module = argv[i + 1];
		else if (strcmp(argv[i], "--data") == 0)
			data = argv[i + 1];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "--cycles") == 0)
			cycles = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--timeout") == 0)
			timeout = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else
			module = NULL, i = argc; /* unknown option: usage */
	}
	if (!module || !data || !out || cycles < 1 || argc % 2 == 0) {
		fprintf(stderr, "usage: olc-churn-tests --module PATH/obs-live-commerce.so --data PATH/data --out DIR\n"
				"                       [--cycles N] [--timeout SECONDS]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, watchdog);
	alarm(timeout);

	snprintf(config, sizeof(config), "%s/config", out);
	if (os_mkdirs(config) == MKDIR_ERROR) {
		fprintf(stderr, "cannot create %s\n", config);
		return 2;
	}
	if (!rt_qt_start()) {
		printf("FAIL churn: startup -- cannot create a QGuiApplication\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/libobs.log", out);
	/* A small canvas: the sources draw at their own size; the canvas is only composited. */
	bool started = harness_start(640, 360, config, path, err, sizeof(err));
	started = started && rt_vendor_install();
	started = started && harness_load_module(module, data, err, sizeof(err));
	if (!started) {
		printf("FAIL churn: startup -- %s\n", err[0] ? err : "cannot install the obs-websocket stand-in");
		harness_stop();
		return 1;
	}
	obs_post_load_modules();
	if (!connect_shop(err, sizeof(err))) {
		printf("FAIL churn: startup -- %s\n", err);
		harness_stop();
		return 1;
	}

	/* What waiting for an empty destroy queue costs by itself (a graphics and an audio task). */
	double idle_wait_ms = 0;
	if (sync_destroy) {
		const uint64_t start = os_gettime_ns();
		for (int i = 0; i < 10; i++)
			obs_wait_for_destroy_queue();
		idle_wait_ms = (double)(os_gettime_ns() - start) / 1e7;
		printf("# churn: waiting for an empty destroy queue takes %.1f ms\n", idle_wait_ms);
	}

	struct live live[LIVE_MAX] = {0};
	struct tally tally[KINDS] = {0};
	long orders = 0, renders = 0, create_failures = 0, hangs = 0;
	uint64_t create_ns = 0, destroy_ns = 0, wait_ns = 0, shop_ns = 0;
	char first_failure[600] = "";
	const uint64_t began = os_gettime_ns();

	for (long cycle = 0; cycle < cycles; cycle++) {
		/* The shop and the session, busy while sources come and go. */
		uint64_t t0 = os_gettime_ns();
		if (cycle % 8 == 0) {
			char order[160];
			snprintf(order, sizeof(order),
				 "{\"product_id\": %s, \"quantity\": 1, \"buyer\": \"买家%ld\", \"city\": \"昆明\"}",
				 products[(size_t)(cycle / 8) % PRODUCTS], cycle);
			orders += rt_shop_control("/_control/order", order);
			if (cycle % 64 == 0) /* the stock back up, so orders keep coming */
				for (size_t p = 0; p < PRODUCTS; p++) {
					char restock[96];
					snprintf(restock, sizeof(restock), "{\"id\": %s, \"stock\": 500}", products[p]);
					rt_shop_control("/_control/product", restock);
				}
		}
		if (cycle % 4 == 1)
			empty_photo_cache(out);
		if (cycle % 100 == 50) { /* the next two photo downloads hang until their card goes */
			hangs += rt_shop_fault("hang", "/images/", 2);
		} else if (cycle % 100 == 80) {
			rt_shop_fault("none", "", -1);
		}
		if (cycle % 50 == 10) {
			obs_data_t *req = obs_data_create();
			obs_data_set_int(req, "seconds", 2 + cycle % 7);
			obs_data_set_string(req, "label", "秒杀");
			vendor("StartCountdown", req, err, sizeof(err));
			obs_data_release(req);
		}
		if (cycle % 20 == 3) {
			obs_data_t *req = obs_data_create();
			obs_data_array_t *ids = obs_data_array_create();
			obs_data_t *item = obs_data_create();
			obs_data_set_string(item, "id", products[(size_t)(cycle / 20) % PRODUCTS]);
			obs_data_array_push_back(ids, item);
			obs_data_release(item);
			obs_data_set_array(req, "ids", ids);
			obs_data_array_release(ids);
			vendor("FeatureProduct", req, err, sizeof(err));
			obs_data_release(req);
		}

		/* One of each kind, each with its own lifetime. */
		uint64_t t1 = os_gettime_ns();
		shop_ns += t1 - t0;
		for (int k = 0; k < KINDS; k++) {
			size_t slot = 0;
			while (slot < LIVE_MAX && live[slot].source)
				slot++;
			char name[96];
			snprintf(name, sizeof(name), "churn %s %ld", kinds[k].name, cycle);
			obs_data_t *settings = settings_for((enum kind)k, cycle);
			const uint64_t start = os_gettime_ns();
			obs_source_t *source =
				slot < LIVE_MAX ? harness_create_source(kinds[k].id, name, settings, err, sizeof(err)) : NULL;
			tally[k].create_ns += os_gettime_ns() - start;
			obs_data_release(settings);
			if (!source) {
				if (!create_failures++)
					snprintf(first_failure, sizeof(first_failure), "%s: %s", kinds[k].name,
						 slot < LIVE_MAX ? err : "no free slot");
				continue;
			}
			tally[k].created++;
			live[slot] = (struct live){source, (enum kind)k, cycle + (cycle * 3 + k) % LIFE_MAX};
			/* Every 50th cycle, one of each kind is kept until it shows (its worker published and a tick
			 * installed it), so that every kind is surely exercised past its create. */
			if (cycle % 50 == 25) {
				const uint64_t deadline = os_gettime_ns() + 10000000000ULL;
				while (obs_source_get_width(source) == 0 && os_gettime_ns() < deadline)
					harness_wait_ticks(1, 5000);
			}
		}

		/* Now and then the graphics thread ticks them (uploads, animation) and one is drawn. */
		uint64_t t2 = os_gettime_ns();
		create_ns += t2 - t1;
		if (cycle % 3 == 0)
			harness_wait_ticks(1, 5000);
		if (cycle % 25 == 0) {
			for (size_t i = 0; i < LIVE_MAX; i++) {
				if (live[i].source && live[i].kind == (enum kind)((cycle / 25) % KINDS)) {
					struct olc_frame frame = {0};
					renders += harness_render(live[i].source, 0, 0, &frame);
					harness_frame_free(&frame);
					break;
				}
			}
		}

		uint64_t t3 = os_gettime_ns();
		wait_ns += t3 - t2;
		for (size_t i = 0; i < LIVE_MAX; i++)
			if (live[i].source && live[i].until <= cycle)
				destroy(&live[i], tally);
		destroy_ns += os_gettime_ns() - t3;
	}
	for (size_t i = 0; i < LIVE_MAX; i++)
		if (live[i].source)
			destroy(&live[i], tally);
	/* libobs destroys sources on its own thread: every one of ours is gone after this. */
	obs_wait_for_destroy_queue();
	const double seconds = (double)(os_gettime_ns() - began) / 1e9;
	printf("# churn: %ld cycles in %.1f s (shop calls %.1f s, creates %.1f s, ticks and draws %.1f s, releases %.1f s);"
	       " %ld orders placed, %ld sources drawn, %ld hangs set\n",
	       cycles, seconds, shop_ns / 1e9, create_ns / 1e9, wait_ns / 1e9, destroy_ns / 1e9, orders, renders, hangs);

	for (int k = 0; k < KINDS; k++) {
		char name[160];
		snprintf(name, sizeof(name), "%s: %ld create/destroy cycles with the shop busy, no crash", kinds[k].name,
			 cycles);
		/* A kind that had no size before going was never exercised past its create: every 50th one waits for it. */
		check(tally[k].created == cycles && tally[k].sized >= (cycles + 24) / 50 && tally[k].sized > 0, name,
		      "%ld of %ld created, %ld had drawn something when destroyed%s%s", tally[k].created, cycles,
		      tally[k].sized, first_failure[0] ? "; first failure: " : "", first_failure);
		printf("# churn: %s: %ld created (%.1f ms each), %ld had a size when destroyed", kinds[k].name,
		       tally[k].created, tally[k].created ? tally[k].create_ns / 1e6 / (double)tally[k].created : 0.0,
		       tally[k].sized);
		if (sync_destroy && tally[k].created)
			printf(", destroyed in %.1f ms each (the wait taken off)",
			       tally[k].destroy_ns / 1e6 / (double)tally[k].created - idle_wait_ms);
		printf("\n");
	}

	/* What the shop saw: photos downloaded, some hanging when their card went; orders long-polled. */
	struct rt_shop_request seen[256];
	size_t photo_requests = 0, unanswered = 0;
	for (size_t p = 0; p < PRODUCTS; p++) {
		char photo[64];
		snprintf(photo, sizeof(photo), "/images/%s.png", products[p]);
		size_t n = rt_shop_requests_to(photo, seen, 256);
		photo_requests += n;
		for (size_t i = 0; i < n && i < 256; i++)
			unanswered += seen[i].status <= 0; /* -1: held by the hang fault; 0: not answered */
	}
	const size_t polls = rt_shop_requests_to("/json/orders", seen, 256);
	printf("# churn: the shop saw %zu photo requests (%zu never answered) and %zu order polls\n", photo_requests,
	       unanswered, polls);
	const size_t want_photos = (size_t)(cycles / 40) + 1, want_hung = cycles >= 100 ? 1 : 0;
	check(photo_requests >= want_photos && unanswered >= want_hung,
	      "product card: photo downloads in flight when cards were destroyed",
	      "%zu photo requests, %zu left hanging (want at least %zu and %zu)", photo_requests, unanswered,
	      want_photos, want_hung);
	check(orders > 0 && polls > 0, "order ticker and sales goal: orders polled while sources came and went",
	      "%ld orders placed, %zu polls", orders, polls);

	rt_shop_stop();
	harness_stop();
	rt_vendor_remove();
	rt_qt_stop();

	/* libobs counts its allocations (textures, effects, sources' own bzalloc): all freed after obs_shutdown. */
	const long left = bnum_allocs();
	check(left == 0, "no libobs (bmem) allocation left after obs_shutdown", "%ld not freed", left);
#ifdef CHURN_HAVE_LSAN
	/* Every allocation, ours and the libraries', unreachable now: a leak (suppressions in
	 * tests/render/lsan-suppressions.txt cover libraries that are not ours, never plugin/). */
	const int leaked = __lsan_do_recoverable_leak_check();
	check(leaked == 0, "no leak after obs_shutdown (LeakSanitizer)", "LeakSanitizer reported leaks (see stderr)");
#else
	check(false, "no leak after obs_shutdown (LeakSanitizer)", "built without AddressSanitizer (OLC_SANITIZE=ON)");
#endif
	printf("churn: %d passed, %d failed\n", passed, failed);
	alarm(0);
	return failed ? 1 : 0;
}
