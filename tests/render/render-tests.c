/* Helpers shared by the render tests; see render-tests.h. */
#include "render-tests.h"
#include "png-write.h"

#include <stdarg.h>
#include <stdio.h>
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
