/* The module's named decks: the deck library (core/session/deck-library.h) in the module's config
 * folder (<config>/decks/), and the live session's deck following the active one. Started at module
 * load after the live session, stopped at unload before it.
 *
 * Every function here is quick (memory only): UI thread OK, except the two marked BLOCKING. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/model/deck-csv.h"
#include "core/model/deck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load, after olc_live_start: reads the deck files (small; the session's worker reads
 * the big catalog) and gives the session the active deck. The first start after 0.1.0, with no
 * deck folder yet, keeps the deck 0.1.0 had loaded (the session's cached deck) as the active one. */
void olc_decks_start(void);
/* obs_module_unload, before olc_live_stop: writes what is not saved yet, then stops. */
void olc_decks_stop(void);

char **olc_decks_names(size_t *count); /* sorted; free with olc_decks_names_free */
void olc_decks_names_free(char **names, size_t count);
char *olc_decks_active_name(void);                        /* free(); NULL when none */
bool olc_decks_get(const char *name, struct olc_deck *out); /* a copy; out initialised */
/* Stores a copy (validated), schedules its save; if it is the active deck, the session gets it. */
bool olc_decks_put(const struct olc_deck *deck, struct olc_error *err);
bool olc_decks_select(const char *name, struct olc_error *err); /* makes it the session's deck */
/* LoadDeck: stores a copy (replacing one of its name) and makes it the active deck and the
 * session's, so a restart shows it again. Without the library, the session's deck only. */
bool olc_decks_load(const struct olc_deck *deck, struct olc_error *err);
bool olc_decks_remove(const char *name, struct olc_error *err);
bool olc_decks_rename(const char *from, const char *to, struct olc_error *err);
/* The last save that failed, in plain words ("" when every save worked). */
void olc_decks_save_error(struct olc_error *out);
/* BLOCKING (file I/O; call from a worker thread): reads a .json or .csv file into *out named
 * `name` (NULL: from the file's own name), problems as for olc_deck_csv_parse. Does not store it.
 * A CSV deck is in the session's currency (the shop's), CNY before the shop is known. */
bool olc_decks_read_file(const char *path, const char *name, struct olc_deck *out, struct olc_deck_problems *problems,
			 struct olc_error *err);
/* BLOCKING: writes the deck as "csv" or "json" atomically. */
bool olc_decks_write_file(const struct olc_deck *deck, const char *path, const char *format, struct olc_error *err);

#ifdef __cplusplus
}
#endif
