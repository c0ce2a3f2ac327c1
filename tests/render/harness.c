/* Headless libobs for the render tests; see harness.h. */
#include "harness.h"

#include <obs-nix-platform.h>
#include <graphics/graphics.h>
#include <graphics/vec4.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <X11/Xlib.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Display *harness_display;
static bool harness_started;
static FILE *harness_log;
static char *harness_log_path;
static atomic_long harness_ticks;

static void harness_log_handler(int level, const char *fmt, va_list args, void *param)
{
	char line[4096];
	const char *tag = level <= LOG_ERROR ? "error" : level <= LOG_WARNING ? "warning" : "info";

	(void)param;
	if (level == LOG_DEBUG)
		tag = "debug";
	vsnprintf(line, sizeof(line), fmt, args);
	/* One write a line: the graphics thread and module workers log concurrently. */
	if (harness_log) {
		fprintf(harness_log, "%s: %s\n", tag, line);
		fflush(harness_log);
	}
	/* stdout carries only the PASS/FAIL protocol; libobs' own errors are worth seeing on stderr. */
	if (level <= LOG_ERROR || !harness_log)
		fprintf(stderr, "libobs %s: %s\n", tag, line);
}

static void harness_tick(void *param, float seconds)
{
	(void)param;
	(void)seconds;
	atomic_fetch_add(&harness_ticks, 1);
}

bool harness_start(uint32_t width, uint32_t height, const char *config_dir, const char *log_path, char *err,
		   size_t errlen)
{
	if (log_path) {
		harness_log = fopen(log_path, "w");
		if (!harness_log) {
			snprintf(err, errlen, "cannot write libobs log %s", log_path);
			return false;
		}
		harness_log_path = bstrdup(log_path);
	}
	base_set_log_handler(harness_log_handler, NULL);

	harness_display = XOpenDisplay(NULL);
	if (!harness_display) {
		snprintf(err, errlen, "cannot open X display '%s' (start Xvfb and set DISPLAY)",
			 getenv("DISPLAY") ? getenv("DISPLAY") : "");
		return false;
	}
	obs_set_nix_platform(OBS_NIX_PLATFORM_X11_EGL);
	obs_set_nix_platform_display(harness_display);

	if (!obs_startup("en-US", config_dir, NULL)) {
		snprintf(err, errlen, "obs_startup failed");
		return false;
	}
	harness_started = true;

	struct obs_video_info ovi = {
		.graphics_module = "libobs-opengl",
		.fps_num = 30,
		.fps_den = 1,
		.base_width = width,
		.base_height = height,
		.output_width = width,
		.output_height = height,
		.output_format = VIDEO_FORMAT_RGBA,
		.adapter = 0,
		.gpu_conversion = true,
		.colorspace = VIDEO_CS_SRGB,
		.range = VIDEO_RANGE_FULL,
		.scale_type = OBS_SCALE_POINT,
	};
	int ret = obs_reset_video(&ovi);
	if (ret != OBS_VIDEO_SUCCESS) {
		snprintf(err, errlen, "obs_reset_video failed (%d); see the libobs log", ret);
		return false;
	}

	struct obs_audio_info oai = {.samples_per_sec = 48000, .speakers = SPEAKERS_STEREO};
	if (!obs_reset_audio(&oai)) {
		snprintf(err, errlen, "obs_reset_audio failed");
		return false;
	}

	obs_add_tick_callback(harness_tick, NULL);
	if (!harness_wait_ticks(2, 10000)) {
		snprintf(err, errlen, "the graphics thread does not tick");
		return false;
	}
	return true;
}

void harness_stop(void)
{
	if (harness_started) {
		obs_remove_tick_callback(harness_tick, NULL);
		obs_shutdown();
		harness_started = false;
	}
	if (harness_display) {
		XCloseDisplay(harness_display);
		harness_display = NULL;
	}
	base_set_log_handler(NULL, NULL);
	if (harness_log) {
		fclose(harness_log);
		harness_log = NULL;
	}
	bfree(harness_log_path);
	harness_log_path = NULL;
}

long harness_log_mark(void)
{
	/* ftell takes the stream's lock, so a line being written by another thread is either all before
	 * the mark or all after it. */
	return harness_log ? ftell(harness_log) : -1;
}

int harness_log_count(long mark, const char *needle)
{
	FILE *f = harness_log_path && mark >= 0 ? fopen(harness_log_path, "r") : NULL;
	if (!f || fseek(f, mark, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	int count = 0;
	char line[4096];
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			count++;
	fclose(f);
	return count;
}

bool harness_load_module(const char *bin_path, const char *data_path, char *err, size_t errlen)
{
	obs_module_t *module = NULL;
	int ret = obs_open_module(&module, bin_path, data_path);

	if (ret != MODULE_SUCCESS) {
		snprintf(err, errlen, "obs_open_module(%s) failed (%d)", bin_path, ret);
		return false;
	}
	if (!obs_init_module(module)) {
		snprintf(err, errlen, "obs_init_module(%s) failed: obs_module_load returned false", bin_path);
		return false;
	}
	return true;
}

struct builtin_find {
	const char *name;
	char *bin_path;
	char *data_path;
};

static void builtin_found(void *param, const struct obs_module_info2 *info)
{
	struct builtin_find *find = param;

	if (!find->bin_path && info->name && strcmp(info->name, find->name) == 0) {
		find->bin_path = bstrdup(info->bin_path);
		find->data_path = bstrdup(info->data_path);
	}
}

bool harness_load_builtin_module(const char *name, char *err, size_t errlen)
{
	struct builtin_find find = {.name = name};

	obs_find_modules2(builtin_found, &find);
	if (!find.bin_path) {
		snprintf(err, errlen, "libobs' module paths have no module '%s'", name);
		return false;
	}
	bool ok = harness_load_module(find.bin_path, find.data_path, err, errlen);
	bfree(find.bin_path);
	bfree(find.data_path);
	return ok;
}

bool harness_source_type_exists(const char *id)
{
	const char *type;

	for (size_t i = 0; obs_enum_source_types(i, &type); i++) {
		if (strcmp(type, id) == 0)
			return true;
	}
	return false;
}

obs_source_t *harness_create_source(const char *id, const char *name, obs_data_t *settings, char *err, size_t errlen)
{
	/* obs_source_create keeps sources of unknown types (to preserve their settings): check first. */
	if (!harness_source_type_exists(id)) {
		snprintf(err, errlen, "source type '%s' is not registered (module not loaded?)", id);
		return NULL;
	}
	obs_source_t *source = obs_source_create(id, name, settings, NULL);
	if (!source) {
		snprintf(err, errlen, "obs_source_create(%s) failed", id);
		return NULL;
	}
	obs_source_inc_showing(source);
	return source;
}

void harness_release_source(obs_source_t *source)
{
	if (!source)
		return;
	obs_source_dec_showing(source);
	obs_source_release(source);
}

bool harness_wait_ticks(unsigned ticks, uint32_t timeout_ms)
{
	long start = atomic_load(&harness_ticks);
	uint64_t deadline = os_gettime_ns() + (uint64_t)timeout_ms * 1000000ULL;

	/* The tick count rises at the start of a tick, before the sources are ticked: waiting for
	 * ticks + 1 increments makes sure ticks whole source ticks started after this call have ended. */
	while (atomic_load(&harness_ticks) - start < (long)ticks + 1) {
		if (os_gettime_ns() > deadline)
			return false;
		os_sleep_ms(2);
	}
	return true;
}

bool harness_render(obs_source_t *source, uint32_t cx, uint32_t cy, struct olc_frame *out)
{
	memset(out, 0, sizeof(*out));
	if (!cx || !cy) {
		cx = obs_source_get_width(source);
		cy = obs_source_get_height(source);
	}
	out->width = cx;
	out->height = cy;
	if (!cx || !cy)
		return true;

	out->rgba = bzalloc((size_t)cx * cy * 4);

	bool ok = false;
	obs_enter_graphics();
	gs_texrender_t *texrender = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	gs_stagesurf_t *stage = gs_stagesurface_create(cx, cy, GS_RGBA);
	if (texrender && stage && gs_texrender_begin(texrender, cx, cy)) {
		struct vec4 clear;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_ortho(0.0f, (float)cx, 0.0f, (float)cy, -100.0f, 100.0f);
		/* What OBS sets before drawing a view. */
		gs_blend_state_push();
		gs_reset_blend_state();
		obs_source_video_render(source);
		gs_blend_state_pop();
		gs_texrender_end(texrender);

		gs_stage_texture(stage, gs_texrender_get_texture(texrender));
		uint8_t *data;
		uint32_t linesize;
		if (gs_stagesurface_map(stage, &data, &linesize)) {
			for (uint32_t y = 0; y < cy; y++)
				memcpy(out->rgba + (size_t)y * cx * 4, data + (size_t)y * linesize, (size_t)cx * 4);
			gs_stagesurface_unmap(stage);
			ok = true;
		}
	}
	gs_stagesurface_destroy(stage);
	gs_texrender_destroy(texrender);
	obs_leave_graphics();

	if (!ok)
		harness_frame_free(out);
	return ok;
}

bool harness_render_until(obs_source_t *source, harness_frame_pred pred, void *param, uint32_t timeout_ms,
			  struct olc_frame *out)
{
	uint64_t deadline = os_gettime_ns() + (uint64_t)timeout_ms * 1000000ULL;

	memset(out, 0, sizeof(*out));
	for (;;) {
		harness_frame_free(out);
		/* A failed wait only means the deadline is near: render once more and decide. */
		harness_wait_ticks(1, 1000);
		if (harness_render(source, 0, 0, out) && pred(out, param))
			return true;
		if (os_gettime_ns() > deadline)
			return false;
	}
}

void harness_frame_free(struct olc_frame *frame)
{
	bfree(frame->rgba);
	memset(frame, 0, sizeof(*frame));
}

bool olc_frame_has_content(const struct olc_frame *frame)
{
	if (!frame->rgba)
		return false;
	for (size_t i = 0; i < (size_t)frame->width * frame->height; i++) {
		if (frame->rgba[i * 4 + 3])
			return true;
	}
	return false;
}

bool olc_frame_is_clear(const struct olc_frame *frame)
{
	if (!frame->rgba)
		return true;
	for (size_t i = 0; i < (size_t)frame->width * frame->height * 4; i++) {
		if (frame->rgba[i])
			return false;
	}
	return true;
}
