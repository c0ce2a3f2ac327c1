/* What the helper sets once for every stream, saved in the plugin's own config file (live.json):
 * the language overlays are drawn in and what the live session does by itself (feature the next
 * item when the featured one sells out, feature the item tied to a scene). Written through a temp
 * file and rename. The load and save functions do blocking file I/O; the rest is pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_LIVE_SETTINGS_MAX_BYTES   (16 * 1024)
#define OLC_SOLD_OUT_SECONDS_MIN      1
#define OLC_SOLD_OUT_SECONDS_MAX      600
#define OLC_SOLD_OUT_SECONDS_DEFAULT  5

struct olc_live_settings {
	char stream_language[8];  /* "" (default): OBS's own; else one of olc_live_languages() */
	bool sold_out_advance;    /* default off */
	int sold_out_seconds;     /* how long the sold-out card stays before the next item; default 5 */
	bool scene_features_item; /* default on: only items tied to a scene are concerned */
};

/* The languages overlays can be drawn in, the ones the plugin has locale files for:
 * "en-US", "zh-CN", "zh-TW", "fr-FR". */
const char *const *olc_live_languages(size_t *count);
/* true for "" and for the codes above. */
bool olc_live_language_known(const char *code);

void olc_live_settings_default(struct olc_live_settings *s);
/* A plain-words error for the first field out of its range; true when all are fine. */
bool olc_live_settings_check(const struct olc_live_settings *s, struct olc_error *err);

/* {"version":1,"stream_language":"zh-CN","sold_out_advance":true,"sold_out_seconds":5,
 *  "scene_features_item":true}. Absent fields keep their defaults. NULL when out of memory. */
char *olc_live_settings_to_json(const struct olc_live_settings *s);
/* Replaces *out only on success; source names the text in messages ("live.json: ..."). */
bool olc_live_settings_from_json(const char *text, const char *source, struct olc_live_settings *out,
				 struct olc_error *err);

/* false with err (messages start with the file's name) when the file is missing, too large or
 * malformed; *out untouched then. */
bool olc_live_settings_load(const char *path, struct olc_live_settings *out, struct olc_error *err);
/* Checks, then writes atomically; a failed write leaves the old file as it was. */
bool olc_live_settings_save(const char *path, const struct olc_live_settings *s, struct olc_error *err);

#ifdef __cplusplus
}
#endif
