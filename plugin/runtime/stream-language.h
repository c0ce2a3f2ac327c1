/* The audience's language: the one overlays are drawn in (labels, stock lines, the sold-out stamp,
 * "Ends in", goal and ticker words, and how prices are written), which may differ from OBS's own
 * interface language: a host may run OBS in English for viewers who read Chinese. A module-wide
 * setting saved in the plugin's config (live.json, see core/session/live-settings.h); "" (the
 * default) follows OBS's language. Property dialogs and the dock stay in OBS's language.
 *
 * Threads: every function may be called from any thread (a mutex guards the setting and the loaded
 * texts). olc_stream_language_set writes a small file and asks every overlay source to redraw. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The languages overlays can be drawn in: "en-US", "zh-CN", "zh-TW", "fr-FR" (static). */
const char *const *olc_stream_languages(size_t *count);
/* The setting: "" (follow OBS) or a code. */
void olc_stream_language_get(char *buf, size_t len);
/* The language in use: the setting, or OBS's own ("en-US" when OBS has none). */
void olc_stream_language_effective(char *buf, size_t len);
/* Sets and saves the setting ("" or NULL: follow OBS); an unknown code is refused with err and
 * nothing changes. When it is applied but cannot be saved, returns false with err saying so: the
 * overlays use it until OBS quits. Every overlay source redraws. */
bool olc_stream_language_set(const char *code, struct olc_error *err);
/* Overlay text for key in the stream language (English where that language has no text; key
 * itself when no locale file has it). The text stays valid until the module unloads. */
const char *olc_stream_text(const char *key);

/* Reads the stream language's texts now if they are not yet (two small files), so that the
 * sources' first look does not: module load, and after the setting changes. */
void olc_stream_text_warm(void);

/* Test builds (OLC_TEST_HOOKS) register the global procedure
 * "void live_commerce_set_stream_language(in string code, out bool ok)" that calls
 * olc_stream_language_set, for the render tests; otherwise this does nothing. Module load. */
void olc_stream_language_add_test_proc(void);

/* Module unload: frees the loaded texts (after every source is gone). */
void olc_stream_language_free(void);

#ifdef __cplusplus
}
#endif
