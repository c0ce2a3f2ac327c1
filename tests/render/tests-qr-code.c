/* Render tests of the QR code source (plugin/sources/qr-code.c): what it draws must decode to exactly
 * its text, at (modules + 8) * module_size pixels a side with a 4-module light quiet zone, in exactly
 * its two colours (point sampling), and nothing for text its mode refuses.
 *
 * The source id and setting keys are written out rather than taken from plugin/ids.h: they
 * are stored in users' scene collections, so a rename must fail here. */
#include "render-tests.h"
#include "vendor-stub.h"

#include <obs.h>
#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QR_ID                  "live_commerce_qr_code"
#define QR_DARK_DEFAULT        0xFF000000u
#define QR_LIGHT_DEFAULT       0xFFFFFFFFu
#define QR_MODULE_SIZE_DEFAULT 8
#define QR_QUIET               4 /* modules of quiet zone on each side */

/* Sources refusing their text draw nothing; they get this many ticks to (wrongly) draw something. */
#define QR_SETTLE_TICKS 15

/* A URL of 24 bytes: QR version 2 (25 modules) at ECC L and M, version 3 (29) at H, whatever the
 * segmentation (all lowercase, no digits: byte mode throughout). */
#define URL_V2 "https://example.com/live"

static obs_data_t *qr_settings(const char *text, const char *mode)
{
	obs_data_t *settings = obs_data_create();
	obs_data_set_string(settings, "text", text);
	if (mode)
		obs_data_set_string(settings, "mode", mode);
	return settings;
}

struct want_text {
	const char *text;
	size_t len;
};

static bool frame_decodes_to(const struct olc_frame *frame, void *param)
{
	const struct want_text *want = param;
	struct qr_result qr;
	bool ok;

	if (!frame->rgba || !qr_decode_rgba(frame->rgba, frame->width, frame->height, &qr))
		return false;
	ok = qr.symbols == 1 && qr.len == want->len && memcmp(qr.data, want->text, want->len) == 0;
	qr_result_free(&qr);
	return ok;
}

static bool frame_is_empty(const struct olc_frame *frame, void *param)
{
	(void)param;
	return frame->width == 0 && frame->height == 0;
}

/* Polls until the source draws a QR decoding to text, saves the last frame as what (whether it decoded
 * or not), then checks it with rt_expect_qr, which gives the reason if it did not. */
static bool wait_for_text(struct rt_ctx *t, obs_source_t *source, const char *text, struct olc_frame *frame,
			  const char *what)
{
	struct want_text want = {text, strlen(text)};

	harness_render_until(source, frame_decodes_to, &want, RT_TIMEOUT_MS, frame);
	return rt_save(t, frame, what) && rt_expect_qr(t, frame, text, want.len);
}

/* The module grid read off a frame: cells x cells modules (quiet zone included), 1 = dark. */
struct qr_grid {
	uint32_t cells;
	uint32_t modules; /* cells - 2 * QR_QUIET: the symbol's size */
	uint8_t *dark;
};

static bool grid_dark(const struct qr_grid *g, uint32_t row, uint32_t col)
{
	return g->dark[row * g->cells + col] != 0;
}

/* Reads the frame as a grid of module_size squares: it must be square, a whole number of modules, every
 * pixel exactly the dark or the light colour (no blended pixel anywhere), every module one colour. */
static bool read_grid(struct rt_ctx *t, const struct olc_frame *frame, uint32_t module_size, uint32_t dark,
		      uint32_t light, struct qr_grid *grid)
{
	memset(grid, 0, sizeof(*grid));
	if (frame->width != frame->height)
		return rt_fail(t, "frame is %ux%u, not square", frame->width, frame->height);
	if (frame->width % module_size)
		return rt_fail(t, "width %u is not a multiple of module_size %u", frame->width, module_size);
	grid->cells = frame->width / module_size;
	if (grid->cells < 21 + 2 * QR_QUIET)
		return rt_fail(t, "width %u is %u modules: too small for a QR code with its quiet zone", frame->width,
			       grid->cells);
	grid->modules = grid->cells - 2 * QR_QUIET;
	grid->dark = calloc((size_t)grid->cells * grid->cells, 1);

	for (uint32_t y = 0; y < frame->height; y++) {
		for (uint32_t x = 0; x < frame->width; x++) {
			uint32_t px = olc_frame_pixel(frame, x, y);
			uint32_t first = olc_frame_pixel(frame, x - x % module_size, y - y % module_size);
			if (px != dark && px != light)
				return rt_fail(t, "pixel (%u,%u) is 0x%08X, neither dark 0x%08X nor light 0x%08X", x, y,
					       px, dark, light);
			if (px != first)
				return rt_fail(t, "module (%u,%u) is not one colour: pixel (%u,%u) differs",
					       x / module_size, y / module_size, x, y);
			grid->dark[(y / module_size) * grid->cells + x / module_size] = px == dark;
		}
	}
	return true;
}

static void grid_free(struct qr_grid *grid)
{
	free(grid->dark);
	memset(grid, 0, sizeof(*grid));
}

/* A 7x7 finder pattern with its top-left module at symbol row, col: dark ring, light ring, dark 3x3. */
static bool finder_at(const struct qr_grid *g, uint32_t row, uint32_t col)
{
	for (uint32_t r = 0; r < 7; r++) {
		for (uint32_t c = 0; c < 7; c++) {
			bool ring = r == 0 || r == 6 || c == 0 || c == 6;
			bool core = r >= 2 && r <= 4 && c >= 2 && c <= 4;
			if (grid_dark(g, QR_QUIET + row + r, QR_QUIET + col + c) != (ring || core))
				return false;
		}
	}
	return true;
}

/* The symbol's structure, from the pixels alone: a valid size (21 + 4k modules), an all-light quiet
 * zone, finder patterns at the top-left, top-right and bottom-left corners but not the bottom-right
 * (which also proves the frame is read the right way up) and both timing patterns. */
static bool check_structure(struct rt_ctx *t, const struct qr_grid *g)
{
	uint32_t n = g->modules;

	if (n < 21 || n > 177 || (n - 21) % 4)
		return rt_fail(t, "%u modules a side is not a QR symbol size", n);
	for (uint32_t r = 0; r < g->cells; r++) {
		for (uint32_t c = 0; c < g->cells; c++) {
			bool quiet = r < QR_QUIET || c < QR_QUIET || r >= QR_QUIET + n || c >= QR_QUIET + n;
			if (quiet && grid_dark(g, r, c))
				return rt_fail(t, "quiet zone module (%u,%u) is dark", c, r);
		}
	}
	if (finder_at(g, n - 7, n - 7))
		return rt_fail(t, "a finder pattern at the bottom-right: the symbol is flipped or rotated");
	if (!finder_at(g, 0, 0) || !finder_at(g, 0, n - 7) || !finder_at(g, n - 7, 0))
		return rt_fail(t, "finder patterns missing at the corners of a %u-module symbol", n);
	for (uint32_t i = 8; i < n - 8; i++) {
		bool want = i % 2 == 0;
		if (grid_dark(g, QR_QUIET + 6, QR_QUIET + i) != want ||
		    grid_dark(g, QR_QUIET + i, QR_QUIET + 6) != want)
			return rt_fail(t, "timing pattern broken at module %u", i);
	}
	return true;
}

/* Everything a drawn QR frame must satisfy; on success *modules is the symbol's size. */
static bool check_qr_frame(struct rt_ctx *t, const struct olc_frame *frame, const char *text, uint32_t module_size,
			   uint32_t dark, uint32_t light, uint32_t *modules)
{
	struct qr_grid grid;
	bool ok;

	if (!rt_expect_qr(t, frame, text, strlen(text)))
		return false;
	ok = read_grid(t, frame, module_size, dark, light, &grid) && check_structure(t, &grid);
	if (ok && frame->width != (grid.modules + 2 * QR_QUIET) * module_size)
		ok = rt_fail(t, "width %u != (%u modules + 8) * %u", frame->width, grid.modules, module_size);
	if (ok && modules)
		*modules = grid.modules;
	grid_free(&grid);
	return ok;
}

/* Creates a QR source from settings, waits for it to decode to text, saves the frame as what, and checks
 * it with check_qr_frame. */
static bool qr_render_checked(struct rt_ctx *t, obs_data_t *settings, const char *text, uint32_t module_size,
			      uint32_t dark, uint32_t light, const char *what, uint32_t *modules)
{
	struct olc_frame frame = {0};
	bool ok = false;
	obs_source_t *source = rt_create_source(t, QR_ID, settings);

	if (!source)
		return false;
	ok = wait_for_text(t, source, text, &frame, what) &&
	     check_qr_frame(t, &frame, text, module_size, dark, light, modules);
	harness_frame_free(&frame);
	harness_release_source(source);
	return ok;
}

/* After a settle time the source must have size 0, and drawing it into a canvas leaves the canvas
 * transparent. The canvas is saved as what. */
static bool expect_nothing_drawn(struct rt_ctx *t, obs_source_t *source, const char *why, const char *what)
{
	struct olc_frame frame;
	bool ok;

	harness_wait_ticks(QR_SETTLE_TICKS, RT_TIMEOUT_MS);
	if (!harness_render_until(source, frame_is_empty, NULL, RT_TIMEOUT_MS, &frame)) {
		rt_save(t, &frame, what);
		ok = rt_fail(t, "%s: the source is %ux%u, expected 0x0", why, frame.width, frame.height);
		harness_frame_free(&frame);
		return ok;
	}
	harness_frame_free(&frame);

	if (!harness_render(source, 64, 64, &frame))
		return rt_fail(t, "%s: rendering into a 64x64 canvas failed", why);
	ok = rt_save(t, &frame, what);
	if (ok && !olc_frame_is_clear(&frame))
		ok = rt_fail(t, "%s: the 64x64 canvas is not fully transparent", why);
	harness_frame_free(&frame);
	return ok;
}

/* 1. */
static bool test_https_url(struct rt_ctx *t)
{
	obs_data_t *settings = qr_settings("https://obsproject.com/", NULL);
	bool ok = qr_render_checked(t, settings, "https://obsproject.com/", QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT,
				    QR_LIGHT_DEFAULT, NULL, NULL);
	obs_data_release(settings);
	return ok;
}

/* 2. Compared as bytes: zbar is in binary mode, so a source that encoded anything but these UTF-8 bytes
 * (or mangled them on the way) fails. */
static bool test_chinese_url(struct rt_ctx *t)
{
	static const char url[] = u8"https://shop.example.cn/p/42?name=松茸&city=香格里拉&ref=live";
	/* 49 ASCII bytes and 6 three-byte characters: make sure the literal really is UTF-8. */
	if (strlen(url) != 49 + 6 * 3)
		return rt_fail(t, "the test's literal is %zu bytes, not UTF-8 as written", strlen(url));

	obs_data_t *settings = qr_settings(url, NULL);
	bool ok = qr_render_checked(t, settings, url, QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT, NULL,
				    NULL);
	obs_data_release(settings);
	return ok;
}

/* 3. */
static bool geometry(struct rt_ctx *t, uint32_t module_size)
{
	uint32_t modules = 0;
	obs_data_t *settings = qr_settings(URL_V2, NULL);
	obs_data_set_int(settings, "module_size", module_size);
	bool ok =
		qr_render_checked(t, settings, URL_V2, module_size, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT, NULL, &modules);
	obs_data_release(settings);
	if (ok && modules != 25)
		ok = rt_fail(t, "%u modules for 24 bytes at ECC M, expected 25 (version 2)", modules);
	return ok;
}

static bool test_geometry_4(struct rt_ctx *t)
{
	return geometry(t, 4);
}

static bool test_geometry_10(struct rt_ctx *t)
{
	return geometry(t, 10);
}

/* The ecc setting reaches the encoder: the same 24 bytes need version 2 at L and version 3 at H. */
static bool test_ecc(struct rt_ctx *t)
{
	uint32_t low = 0, high = 0;
	obs_data_t *settings = qr_settings(URL_V2, NULL);

	obs_data_set_int(settings, "ecc", 0);
	bool ok = qr_render_checked(t, settings, URL_V2, QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT, "L",
				    &low);
	obs_data_set_int(settings, "ecc", 3);
	ok = ok && qr_render_checked(t, settings, URL_V2, QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT,
				     "H", &high);
	obs_data_release(settings);
	if (ok && (low != 25 || high != 29))
		ok = rt_fail(t, "ECC L gave %u modules and H %u; expected 25 and 29", low, high);
	return ok;
}

/* 4. Point sampling: every pixel is exactly one of the two colours (read_grid), both are present. */
static bool test_colours(struct rt_ctx *t)
{
	const uint32_t red = 0xFF0000FFu;         /* 0xAABBGGRR */
	const uint32_t pale_yellow = 0xFFCCF5FFu; /* R 0xFF, G 0xF5, B 0xCC */
	obs_data_t *settings = qr_settings(URL_V2, NULL);

	obs_data_set_int(settings, "dark_color", red);
	obs_data_set_int(settings, "light_color", pale_yellow);
	obs_data_set_int(settings, "module_size", 6);
	bool ok = qr_render_checked(t, settings, URL_V2, 6, red, pale_yellow, NULL, NULL);
	obs_data_release(settings);
	return ok;
}

/* 5. In url mode (explicit here) "hello" draws nothing; switching the same source to text mode draws
 * it; switching back empties it again. */
static bool test_url_mode_rejects_hello(struct rt_ctx *t)
{
	struct olc_frame frame = {0};
	obs_data_t *settings = qr_settings("hello", "url");
	obs_source_t *source = rt_create_source(t, QR_ID, settings);
	bool ok;

	obs_data_release(settings);
	if (!source)
		return false;
	ok = expect_nothing_drawn(t, source, "url mode, text \"hello\"", "url-mode");

	if (ok) {
		settings = qr_settings("hello", "text");
		obs_source_update(source, settings);
		obs_data_release(settings);
		ok = wait_for_text(t, source, "hello", &frame, "text-mode") &&
		     check_qr_frame(t, &frame, "hello", QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT,
				    NULL);
		harness_frame_free(&frame);
	}
	if (ok) {
		settings = qr_settings("hello", "url");
		obs_source_update(source, settings);
		obs_data_release(settings);
		ok = expect_nothing_drawn(t, source, "back to url mode", "url-mode-again");
	}
	harness_release_source(source);
	return ok;
}

/* 5. The default mode is url, and a javascript: URL is not an http(s) URL. */
static bool test_url_mode_rejects_javascript(struct rt_ctx *t)
{
	struct olc_frame frame = {0};
	obs_data_t *settings = qr_settings("javascript:alert(1)", NULL);
	obs_source_t *source = rt_create_source(t, QR_ID, settings);
	bool ok;

	obs_data_release(settings);
	if (!source)
		return false;
	ok = expect_nothing_drawn(t, source, "default mode, javascript: URL", "javascript");

	if (ok) {
		settings = qr_settings("http://example.com/ok", NULL);
		obs_source_update(source, settings);
		obs_data_release(settings);
		ok = wait_for_text(t, source, "http://example.com/ok", &frame, "http");
		harness_frame_free(&frame);
	}
	if (ok) {
		settings = qr_settings("javascript:alert(1)", NULL);
		obs_source_update(source, settings);
		obs_data_release(settings);
		ok = expect_nothing_drawn(t, source, "javascript: URL after a valid one", "javascript-again");
	}
	harness_release_source(source);
	return ok;
}

/* 5. */
static bool test_text_mode_hello(struct rt_ctx *t)
{
	obs_data_t *settings = qr_settings("hello", "text");
	bool ok = qr_render_checked(t, settings, "hello", QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT,
				    NULL, NULL);
	obs_data_release(settings);
	return ok;
}

/* Text mode takes anything non-empty, so empty is the one thing it refuses. */
/* Features a demo product through the vendor API, retrying while the demo catalog loads. */
static bool feature_demo_product(struct rt_ctx *t, const char *id)
{
	for (int attempt = 0; attempt < 50; attempt++) {
		obs_data_t *request = obs_data_create();
		obs_data_t *response = obs_data_create();
		obs_data_set_string(request, "id", id);
		bool sent = rt_vendor_request("live-commerce", "FeatureProduct", request, response);
		bool ok = sent && obs_data_get_bool(response, "ok");
		obs_data_release(request);
		obs_data_release(response);
		if (ok)
			return true;
		os_sleep_ms(100);
	}
	return rt_fail(t, "FeatureProduct %s was refused for 5 s", id);
}

static bool hide_products(struct rt_ctx *t)
{
	obs_data_t *request = obs_data_create();
	obs_data_t *response = obs_data_create();
	bool ok = rt_vendor_request("live-commerce", "HideProduct", request, response) &&
		  obs_data_get_bool(response, "ok");
	obs_data_release(request);
	obs_data_release(response);
	return ok || rt_fail(t, "HideProduct failed");
}

/* With no text, the code is the featured product's link, and follows it. */
static bool test_empty_text_follows_featured(struct rt_ctx *t)
{
	const char *jam = "https://shop.example.cn/p/rose-jam-500g";
	const char *teapot = "https://shop.example.cn/p/silver-teapot";
	struct olc_frame frame = {0};
	obs_data_t *settings = qr_settings("", NULL);
	obs_source_t *source = rt_create_source(t, QR_ID, settings);
	bool ok;

	obs_data_release(settings);
	if (!source)
		return false;
	ok = hide_products(t) && expect_nothing_drawn(t, source, "nothing featured", NULL);
	ok = ok && feature_demo_product(t, "rose-jam-500g") && wait_for_text(t, source, jam, &frame, "rose jam");
	harness_frame_free(&frame);
	ok = ok && feature_demo_product(t, "silver-teapot") && wait_for_text(t, source, teapot, &frame, "teapot");
	harness_frame_free(&frame);
	ok = ok && hide_products(t) && expect_nothing_drawn(t, source, "hidden again", NULL);
	harness_release_source(source);
	return ok;
}

/* 6. */
static bool test_update_changes_text(struct rt_ctx *t)
{
	const char *first = "https://example.com/p/1";
	const char *second = "https://example.com/p/2?ref=live";
	struct olc_frame frame = {0};
	obs_data_t *settings = qr_settings(first, NULL);
	obs_source_t *source = rt_create_source(t, QR_ID, settings);
	bool ok;

	obs_data_release(settings);
	if (!source)
		return false;
	ok = wait_for_text(t, source, first, &frame, "before");
	harness_frame_free(&frame);
	if (ok) {
		settings = qr_settings(second, NULL);
		obs_source_update(source, settings);
		obs_data_release(settings);
		ok = wait_for_text(t, source, second, &frame, "after") &&
		     check_qr_frame(t, &frame, second, QR_MODULE_SIZE_DEFAULT, QR_DARK_DEFAULT, QR_LIGHT_DEFAULT, NULL);
		harness_frame_free(&frame);
	}
	harness_release_source(source);
	return ok;
}

const struct render_test qr_code_tests[] = {
	{"qr https url decodes", test_https_url},
	{"qr chinese url decodes to exact utf-8", test_chinese_url},
	{"qr geometry module_size 4", test_geometry_4},
	{"qr geometry module_size 10", test_geometry_10},
	{"qr ecc L and H sizes", test_ecc},
	{"qr colours exact", test_colours},
	{"qr url mode rejects hello", test_url_mode_rejects_hello},
	{"qr url mode rejects javascript url", test_url_mode_rejects_javascript},
	{"qr text mode draws hello", test_text_mode_hello},
	{"qr with empty text follows the featured product", test_empty_text_follows_featured},
	{"qr update changes text", test_update_changes_text},
	{NULL, NULL},
};
