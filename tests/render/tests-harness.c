/* Self-tests of the harness on a libobs built-in source, so that a failing source test can be told
 * apart from a broken harness. */
#include "render-tests.h"

static bool frame_is_40x30(const struct olc_frame *frame, void *param)
{
	(void)param;
	return frame->width == 40 && frame->height == 30 && olc_frame_has_content(frame);
}

/* image-source's colour source fills its size with one colour: read back, every pixel must be exactly
 * that colour, in the OBS colour-integer byte order the QR and card sources also use. */
static bool test_color_source(struct rt_ctx *t)
{
	static bool loaded;
	const uint32_t color = 0xFF336699; /* R 0x99, G 0x66, B 0x33, opaque */
	char err[512];
	struct olc_frame frame;
	bool ok = false;

	if (!loaded && !harness_source_type_exists("color_source")) {
		if (!harness_load_builtin_module("image-source", err, sizeof(err)))
			return rt_fail(t, "%s", err);
	}
	loaded = true;

	obs_data_t *settings = obs_data_create();
	obs_data_set_int(settings, "color", color);
	obs_data_set_int(settings, "width", 40);
	obs_data_set_int(settings, "height", 30);
	obs_source_t *source = rt_create_source(t, "color_source", settings);
	obs_data_release(settings);
	if (!source)
		return false;

	if (!harness_render_until(source, frame_is_40x30, NULL, RT_TIMEOUT_MS, &frame)) {
		rt_fail(t, "expected a drawn 40x30 frame, got %ux%u", frame.width, frame.height);
		goto out;
	}
	if (!rt_save(t, &frame, NULL))
		goto out;
	for (uint32_t y = 0; y < frame.height; y++) {
		for (uint32_t x = 0; x < frame.width; x++) {
			uint32_t px = olc_frame_pixel(&frame, x, y);
			if (px != color) {
				rt_fail(t, "pixel (%u,%u) is 0x%08X, expected 0x%08X", x, y, px, color);
				goto out;
			}
		}
	}
	ok = true;
out:
	harness_frame_free(&frame);
	harness_release_source(source);
	return ok;
}

const struct render_test harness_tests[] = {
	{"harness color_source", test_color_source},
	{NULL, NULL},
};
