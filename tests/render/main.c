/* olc-render-tests: renders the module's sources in headless libobs (OpenGL on Xvfb) and checks the
 * pixels they draw.
 *
 *   olc-render-tests --module PATH/obs-live-commerce.so --data PATH/data --out DIR [--filter SUBSTR]
 *                    [--timeout SECONDS] [--update-golden]
 *
 * --update-golden writes the golden PNGs of tests/golden/render/ instead of comparing with them.
 *
 * Needs an X display (DISPLAY, e.g. Xvfb) with GL; LIBGL_ALWAYS_SOFTWARE=1 for llvmpipe. Prints one
 * "PASS render: <name>" or "FAIL render: <name> -- <reason>" line a test, then
 * "render: N passed, N failed"; exits 1 if any failed, 2 on a usage error. Set-up and tear-down steps (starting
 * libobs, loading the module, the harness's self-test, putting the demo shop back after a suite) are not tests:
 * only their failures are printed, as FAIL lines that say which step failed. PNGs of the checked frames,
 * libobs' log (libobs.log) and the module's config (config/) go to DIR. */
#define _POSIX_C_SOURCE 200809L

#include "render-tests.h"
#include "qt-app.h"
#include "vendor-stub.h"

#include <util/bmem.h>
#include <util/platform.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* In order; the tests of a suite, then its tear-down steps. The harness's self-test is a set-up step. */
static const struct suite {
	const struct render_test *setup, *tests, *teardown;
} suites[] = {
	{harness_tests, NULL, NULL},
	{NULL, qr_code_tests, NULL},
	{NULL, product_card_tests, product_card_teardown},
	{NULL, sales_goal_tests, sales_goal_teardown},
	{NULL, countdown_tests, NULL},
	{NULL, order_ticker_tests, order_ticker_teardown},
	{NULL, readme_tests, NULL},
	{NULL, scene_fixture_tests, scene_fixture_teardown},
};

const char *rt_data_path;
bool rt_update_golden;

static void usage(FILE *f)
{
	fprintf(f, "usage: olc-render-tests --module PATH/obs-live-commerce.so --data PATH/data --out DIR\n"
		   "                        [--filter SUBSTR] [--timeout SECONDS] [--update-golden]\n");
}

/* Runs the tests and steps of list that match filter, printing their lines; returns how many tests matched.
 * step: NULL for tests, else "setup" or "tear-down". */
static int run_list(const struct render_test *list, const char *step, const char *filter, const char *out, int *passed,
		    int *failed)
{
	int matched = 0;
	for (const struct render_test *test = list; list && test->name; test++) {
		if (filter && !strstr(test->name, filter))
			continue;
		struct rt_ctx t = {.name = test->name, .out_dir = out};
		bool ok = test->run(&t);
		if (ok && t.reason[0])
			ok = false; /* a helper failed but the test carried on */
		if (!ok) {
			printf("FAIL render: %s%s%s -- %s\n", step ? step : "", step ? ": " : "", test->name,
			       t.reason[0] ? t.reason : "no reason given");
			(*failed)++;
		} else if (!step) {
			printf("PASS render: %s\n", test->name);
			(*passed)++;
		} else {
			printf("# render: %s: %s\n", step, test->name);
		}
		matched += !step;
	}
	return matched;
}

static void watchdog(int sig)
{
	static const char msg[] = "FAIL render: watchdog -- the run took longer than --timeout\n";
	ssize_t ignored = write(STDOUT_FILENO, msg, sizeof(msg) - 1);

	(void)sig;
	(void)ignored;
	_exit(1);
}

int main(int argc, char **argv)
{
	const char *module = NULL, *data = NULL, *out = NULL, *filter = NULL;
	unsigned timeout = 300;
	char err[512];
	char path[1024];
	int passed = 0, failed = 0, matched = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(arg, "--update-golden") == 0) {
			rt_update_golden = true;
			continue;
		}
		if (!val) {
			usage(stderr);
			return 2;
		}
		if (strcmp(arg, "--module") == 0)
			module = val;
		else if (strcmp(arg, "--data") == 0)
			data = val;
		else if (strcmp(arg, "--out") == 0)
			out = val;
		else if (strcmp(arg, "--filter") == 0)
			filter = val;
		else if (strcmp(arg, "--timeout") == 0)
			timeout = (unsigned)strtoul(val, NULL, 10);
		else {
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (!module || !data || !out) {
		usage(stderr);
		return 2;
	}

	rt_data_path = data;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A hung graphics thread must not hang the caller's test script. */
	signal(SIGALRM, watchdog);
	alarm(timeout);

	snprintf(path, sizeof(path), "%s/config", out);
	if (os_mkdirs(path) == MKDIR_ERROR) {
		fprintf(stderr, "cannot create %s\n", path);
		return 2;
	}

	/* The product card rasterises with Qt: OBS has a QGuiApplication, so the tests make one. */
	if (!rt_qt_start()) {
		printf("FAIL render: startup -- cannot create a QGuiApplication\n");
		return 1;
	}

	snprintf(path, sizeof(path), "%s/libobs.log", out);
	char config[1024];
	snprintf(config, sizeof(config), "%s/config", out);
	if (!harness_start(1280, 720, config, path, err, sizeof(err))) {
		printf("FAIL render: startup -- %s\n", err);
		printf("render: 0 passed, 1 failed\n");
		harness_stop();
		return 1;
	}

	/* The module's vendor requests answer through this stand-in for obs-websocket. */
	if (!rt_vendor_install()) {
		printf("FAIL render: startup -- cannot install the obs-websocket stand-in\n");
		failed++;
	}

	/* Our module only; a load failure is reported once and its sources' tests fail on their own. */
	if (!harness_load_module(module, data, err, sizeof(err))) {
		printf("FAIL render: load module -- %s\n", err);
		failed++;
	} else {
		obs_post_load_modules();
	}

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		run_list(suites[s].setup, "setup", NULL, out, &passed, &failed);
		int n = run_list(suites[s].tests, NULL, filter, out, &passed, &failed);
		if (n) /* whatever a suite's tests left behind is put back, even when --filter picked one */
			run_list(suites[s].teardown, "tear-down", NULL, out, &passed, &failed);
		matched += n;
	}

	/* Last: the module's unload while vendor requests keep arriving (tests-unload.c). */
	const char *unload_name = "module unload refuses vendor requests that arrive during it";
	const bool unload = !filter || strstr(unload_name, filter);
	const bool began = unload && rt_unload_begin();
	harness_stop();
	if (unload) {
		matched++;
		struct rt_ctx t = {.name = unload_name, .out_dir = out};
		if (rt_unload_end(&t, began) && !t.reason[0]) {
			printf("PASS render: %s\n", unload_name);
			passed++;
		} else {
			printf("FAIL render: %s -- %s\n", unload_name, t.reason[0] ? t.reason : "no reason given");
			failed++;
		}
	}
	rt_vendor_remove();
	rt_qt_stop();
	/* libobs counts bmem allocations: after obs_shutdown anything left is a leak in a source or module. */
	long leaks = bnum_allocs();
	if (leaks) {
		printf("FAIL render: no leaks -- %ld bmem allocation(s) not freed after obs_shutdown\n", leaks);
		failed++;
	}
	if (filter && !matched)
		fprintf(stderr, "olc-render-tests: no test matches '%s'\n", filter);
	printf("render: %d passed, %d failed\n", passed, failed);
	alarm(0);
	if (failed)
		return 1;
	return matched ? 0 : 2;
}
