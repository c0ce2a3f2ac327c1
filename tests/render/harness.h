/* Headless libobs for the render tests: starts libobs on Xvfb with the OpenGL renderer, loads single
 * modules (never every installed one), creates sources, waits for the graphics thread to tick them and
 * reads what a source draws back as RGBA pixels.
 *
 * Every function here is called from the test thread (the program's main thread). libobs runs its own
 * graphics thread, which ticks every source once a frame; rendering here happens inside
 * obs_enter_graphics(), like obs-websocket's screenshots. */
#pragma once

#include <obs.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Pixels read back from a render, top row first, 4 bytes a pixel in R, G, B, A order. A frame of width or
 * height 0 has no pixels (rgba is NULL). */
struct olc_frame {
	uint32_t width;
	uint32_t height;
	uint8_t *rgba;
};

/* Starts libobs: X display, obs_startup (module configs under config_dir), obs_reset_video at
 * width x height RGBA with libobs-opengl, obs_reset_audio. libobs' log goes to log_path (and errors also
 * to stderr). On failure returns false with a reason in err. */
bool harness_start(uint32_t width, uint32_t height, const char *config_dir, const char *log_path, char *err,
		   size_t errlen);

/* Releases what harness_start made: obs_shutdown (which unloads the modules), closes the display and the
 * log. Safe to call after a failed harness_start. */
void harness_stop(void);

/* obs_open_module + obs_init_module on one module binary with its data directory. */
bool harness_load_module(const char *bin_path, const char *data_path, char *err, size_t errlen);

/* Loads a module shipped with libobs (e.g. "image-source") from the paths libobs searches by default,
 * found with obs_find_modules2; only that one module is opened. */
bool harness_load_builtin_module(const char *name, char *err, size_t errlen);

/* True when a source type with this id has been registered by a loaded module. */
bool harness_source_type_exists(const char *id);

/* Creates a source of a registered type and marks it showing, as a preview or a
 * projector would. Returns NULL (with a reason) if the type is unknown. Release with
 * harness_release_source. settings may be NULL. */
obs_source_t *harness_create_source(const char *id, const char *name, obs_data_t *settings, char *err, size_t errlen);
void harness_release_source(obs_source_t *source);

/* Waits until the graphics thread has run `ticks` whole ticks that began after this call (counted with
 * obs_add_tick_callback), so every source's deferred update and video_tick have run that many times
 * since. False on timeout. */
bool harness_wait_ticks(unsigned ticks, uint32_t timeout_ms);

/* Renders the source into an RGBA texture of cx x cy (0, 0: the source's own size), the way OBS renders
 * the main view (cleared to transparent black, default blending, gs_ortho over the texture), copies it
 * through a stage surface and fills out. A source of size 0 gives a frame without pixels. out is owned
 * by the caller: harness_frame_free. */
bool harness_render(obs_source_t *source, uint32_t cx, uint32_t cy, struct olc_frame *out);

/* A condition on a rendered frame, for harness_render_until. */
typedef bool (*harness_frame_pred)(const struct olc_frame *frame, void *param);

/* Renders the source at its own size once a tick until pred holds or timeout_ms passes. Sources work
 * asynchronously (deferred updates, uploads in video_tick, workers), so tests poll for the state they
 * expect instead of sleeping a guessed time. out holds the last frame rendered either way; returns
 * whether pred held. */
bool harness_render_until(obs_source_t *source, harness_frame_pred pred, void *param, uint32_t timeout_ms,
			  struct olc_frame *out);

void harness_frame_free(struct olc_frame *frame);

/* Where libobs' log ends now; -1 without a log file. */
long harness_log_mark(void);

/* The number of log lines written after mark that contain needle; -1 when the log cannot be read. */
int harness_log_count(long mark, const char *needle);

/* The pixel at (x, y) as an OBS colour integer, 0xAABBGGRR: the form colour properties store. */
static inline uint32_t olc_frame_pixel(const struct olc_frame *frame, uint32_t x, uint32_t y)
{
	const uint8_t *p = frame->rgba + ((size_t)y * frame->width + x) * 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* True when the frame has pixels and at least one is not fully transparent. */
bool olc_frame_has_content(const struct olc_frame *frame);

/* True when every pixel is 0 (transparent black); also true for a frame without pixels. */
bool olc_frame_is_clear(const struct olc_frame *frame);
