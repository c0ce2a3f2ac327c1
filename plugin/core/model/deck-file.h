/* A deck file of either format, chosen by its name: ".json" (deck-json.h) or ".csv" (deck-csv.h),
 * without case. What ImportDeck, ExportDeck and the dock's import and export use.
 * Blocking file I/O: a worker, or obs-websocket's thread; never the graphics or UI thread. */
#pragma once

#include <stdbool.h>

#include "core/base/error.h"
#include "core/model/deck-csv.h"
#include "core/model/deck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the file into *out (initialised; replaced only on success). name: the deck's name (NULL:
 * a JSON file's own name, or a CSV file's name without ".csv"); currency: a CSV deck's currency (a
 * JSON deck has its own). On failure problems lists what is wrong per row (a JSON deck or an
 * unreadable file: one problem on row 0) and err says it in one line. */
bool olc_deck_file_read(const char *path, const char *name, const char *currency, struct olc_deck *out,
			struct olc_deck_problems *problems, struct olc_error *err);

/* Writes the deck as format "csv" or "json" with olc_file_write_atomic (the old file stays whole
 * on failure). */
bool olc_deck_file_write(const struct olc_deck *deck, const char *path, const char *format, struct olc_error *err);

#ifdef __cplusplus
}
#endif
