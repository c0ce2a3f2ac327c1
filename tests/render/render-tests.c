/* Helpers shared by the render tests; see render-tests.h. */
#include "render-tests.h"
#include "png-read.h"
#include "png-write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rt_fail(struct rt_ctx *t, const char *fmt, ...)
{
	if (!t->reason[0]) {
		va_list args;
		va_start(args, fmt);
		vsnprintf(t->reason, sizeof(t->reason), fmt, args);
		va_end(args);
	}
	return false;
}

bool rt_save(struct rt_ctx *t, const struct olc_frame *frame, const char *what)
{
	char file[256];
	char path[1024];
	char err[512];
	size_t n = 0;

	if (!frame->rgba)
		return true;
	snprintf(file, sizeof(file), "%s%s%s", t->name, what ? "-" : "", what ? what : "");
	for (char *c = file; *c; c++, n++) {
		bool keep = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			    *c == '-' || *c == '_' || *c == '.';
		if (!keep)
			*c = '-';
	}
	snprintf(path, sizeof(path), "%s/%s.png", t->out_dir, file);
	if (!png_write_rgba(path, frame->rgba, frame->width, frame->height, err, sizeof(err)))
		return rt_fail(t, "%s", err);
	return true;
}

obs_source_t *rt_create_source(struct rt_ctx *t, const char *id, obs_data_t *settings)
{
	char err[256];
	char name[300];

	/* Source names are unique per test so the libobs log tells them apart. */
	snprintf(name, sizeof(name), "render test: %s", t->name);
	obs_source_t *source = harness_create_source(id, name, settings, err, sizeof(err));
	if (!source)
		rt_fail(t, "%s", err);
	return source;
}

bool rt_expect_qr(struct rt_ctx *t, const struct olc_frame *frame, const char *want, size_t len)
{
	struct qr_result qr;
	char got[300];
	char expected[300];
	bool ok;

	if (!frame->rgba)
		return rt_fail(t, "nothing drawn (source size %ux%u), expected a QR code of \"%s\"", frame->width,
			       frame->height, want);
	if (!qr_decode_rgba(frame->rgba, frame->width, frame->height, &qr))
		return rt_fail(t, "zbar could not be set up");
	ok = qr.symbols == 1 && qr.len == len && memcmp(qr.data, want, len) == 0;
	if (!ok) {
		qr_describe_bytes(want, len, expected, sizeof(expected));
		if (qr.data)
			qr_describe_bytes(qr.data, qr.len, got, sizeof(got));
		rt_fail(t, "%d QR symbol(s) in the %ux%u frame, first \"%s\" (%zu bytes); expected \"%s\" (%zu bytes)",
			qr.symbols, frame->width, frame->height, qr.data ? got : "", qr.len, expected, len);
	}
	qr_result_free(&qr);
	return ok;
}

struct olc_gc_region rt_read_region(calldata_t *cd, const char *name)
{
	char key[64];
	struct olc_gc_region r = {.name = name};
	snprintf(key, sizeof(key), "%s_x", name);
	r.x = (int)calldata_int(cd, key);
	snprintf(key, sizeof(key), "%s_y", name);
	r.y = (int)calldata_int(cd, key);
	snprintf(key, sizeof(key), "%s_w", name);
	r.width = (int)calldata_int(cd, key);
	snprintf(key, sizeof(key), "%s_h", name);
	r.height = (int)calldata_int(cd, key);
	return r;
}

bool rt_expect_golden(struct rt_ctx *t, const struct olc_frame *frame, const char *name,
		      const struct olc_gc_region *regions, size_t region_count)
{
	char path[1024];
	char err[512];

	if (!frame->rgba)
		return rt_fail(t, "golden %s: nothing drawn (source size %ux%u)", name, frame->width, frame->height);
	snprintf(path, sizeof(path), "%s/%s.png", OLC_RENDER_GOLDEN_DIR, name);
	if (rt_update_golden) {
		if (!png_write_rgba(path, frame->rgba, frame->width, frame->height, err, sizeof(err)))
			return rt_fail(t, "%s", err);
		fprintf(stderr, "wrote %s (%ux%u)\n", path, frame->width, frame->height);
		return true;
	}

	char what[300];
	snprintf(what, sizeof(what), "golden-%s", name);
	struct rt_ctx as_golden = *t;
	as_golden.name = what;
	if (!rt_save(&as_golden, frame, NULL))
		return rt_fail(t, "%s", as_golden.reason);

	uint8_t *golden = NULL;
	uint32_t width, height;
	if (!png_read_rgba(path, &golden, &width, &height, err, sizeof(err)))
		return rt_fail(t, "golden %s: %s (regenerate with --update-golden, then look at it)", name, err);
	const struct olc_gc_image actual_image = {frame->rgba, (int)frame->width, (int)frame->height, 0};
	const struct olc_gc_image golden_image = {golden, (int)width, (int)height, 0};
	const bool same_size = width == frame->width && height == frame->height;
	uint8_t *diff = same_size ? malloc((size_t)width * height * 4) : NULL;
	struct olc_gc_report report;
	const bool ok = olc_golden_compare(&actual_image, &golden_image, regions, region_count, NULL, &report, diff);
	if (!ok) {
		char diff_path[1024] = "(none: the sizes differ)";
		if (diff) {
			snprintf(diff_path, sizeof(diff_path), "%s/golden-%s-diff.png", t->out_dir, name);
			if (!png_write_rgba(diff_path, diff, width, height, err, sizeof(err)))
				snprintf(diff_path, sizeof(diff_path), "(not written: %s)", err);
		}
		rt_fail(t, "golden %s: %snew image %s/golden-%s.png, differences %s", name, report.reason, t->out_dir,
			name, diff_path);
	}
	free(diff);
	free(golden);
	return ok;
}
