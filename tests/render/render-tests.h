/* The render tests' table and the helpers each test uses. A test is a small function that returns
 * true on pass, or calls rt_fail (which keeps the first reason) and returns false. It writes a PNG of
 * every frame it checks with rt_save. To add tests for a new source: a tests-<source>.c with a
 * NULL-terminated table, its declaration below, one line in main.c's suite list and in CMakeLists.txt. */
#pragma once

#include "golden-compare.h"
#include "harness.h"
#include "qr-decode.h"

#include <stdbool.h>
#include <stddef.h>

/* Sources poll for their expected state at most this long (async encodes, uploads in video_tick). */
#define RT_TIMEOUT_MS 5000

struct rt_ctx {
	const char *name;    /* the running test's name */
	const char *out_dir; /* PNGs go here */
	char reason[1024];   /* the first failure's reason */
};

struct render_test {
	const char *name;
	bool (*run)(struct rt_ctx *t);
};

/* Records the reason (only the first one counts) and returns false, so a test can `return rt_fail(...)`. */
bool rt_fail(struct rt_ctx *t, const char *fmt, ...);

/* Writes frame as <out>/<test name>[-what].png (name made file-safe). A frame without pixels is not
 * written. Returns false (and fails the test) if the file cannot be written. */
bool rt_save(struct rt_ctx *t, const struct olc_frame *frame, const char *what);

/* Creates a source and fails the test if it cannot. */
obs_source_t *rt_create_source(struct rt_ctx *t, const char *id, obs_data_t *settings);

/* Decodes frame; passes when exactly one QR symbol holds exactly want (len bytes). Otherwise fails the
 * test with what was found. */
bool rt_expect_qr(struct rt_ctx *t, const struct olc_frame *frame, const char *want, size_t len);

/* A rectangle a source's procedure reports as <name>_x, <name>_y, <name>_w and <name>_h (get_state,
 * get_layout), as a golden region called name (borrowed). */
struct olc_gc_region rt_read_region(calldata_t *cd, const char *name);

/* Compares frame with the golden tests/golden/render/<name>.png by golden-compare.h's rule: tight in
 * the regions that carry meaning, small changed areas elsewhere. Writes the frame as
 * <out>/golden-<name>.png and, when it differs, <out>/golden-<name>-diff.png, and fails the test with the
 * reasons. With --update-golden it writes the golden instead (look at it before committing). */
bool rt_expect_golden(struct rt_ctx *t, const struct olc_frame *frame, const char *name,
		      const struct olc_gc_region *regions, size_t region_count);

/* The command line's --data: the module's data directory (the demo shop's photos). */
extern const char *rt_data_path;
/* The command line's --update-golden. */
extern bool rt_update_golden;

/* The suites, and the steps around them that are not tests (not counted; only a failure is printed, as
 * "FAIL render: setup: <name> -- <reason>" or "tear-down: <name>"): the harness's self-test first, and after a
 * suite whatever puts the session back as the next suite expects it. */
extern const struct render_test harness_tests[];
extern const struct render_test qr_code_tests[];
extern const struct render_test product_card_tests[];
extern const struct render_test product_card_teardown[];
extern const struct render_test sales_goal_tests[];
extern const struct render_test sales_goal_teardown[];
extern const struct render_test countdown_tests[];
extern const struct render_test order_ticker_tests[];
extern const struct render_test order_ticker_teardown[];
/* tests/fixtures/scene-collection-0.1.0.json loaded as OBS loads it (tests-scene-fixture.c). */
extern const struct render_test scene_fixture_tests[];
extern const struct render_test scene_fixture_teardown[];

/* The module's unload under vendor requests (tests-unload.c), around harness_stop: begin starts sending
 * countdown requests from a thread and returns once one was answered; end stops it and checks. */
bool rt_unload_begin(void);
bool rt_unload_end(struct rt_ctx *t, bool began);
extern const struct render_test readme_tests[];
