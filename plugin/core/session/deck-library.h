/* The named decks of one OBS profile: a library kept in memory, one JSON deck file each
 * (core/model/deck-json.h) in one folder, plus which deck is active. Edits change memory at once
 * and are written by the library's saver thread: atomically (olc_file_write_atomic) and coalesced
 * (a burst of edits, such as an autosave after every keystroke, is written once, save_delay_ms
 * after the first of them), so no caller waits on the disk. A write that fails keeps the edit in
 * memory, says why in olc_deck_library_save_error(), and is tried again with the next edit.
 *
 * Files: <dir>/<name>.json, the name made safe for every file system ('/' and the like become
 * '_', "-2" added when two names would share a file); <dir>/active.txt holds the active deck's
 * name. A deck file that cannot be read at start is left alone (never overwritten) and named in
 * the error create returns.
 *
 * Every function is quick (memory and a lock) and may be called from any thread, except create
 * (reads the folder), flush and destroy (wait for the saver), marked BLOCKING. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/model/deck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The active deck's name lives in this file of the folder. */
#define OLC_DECK_LIBRARY_ACTIVE_FILE "active.txt"
/* How long the saver waits after an edit for more before writing. */
#define OLC_DECK_LIBRARY_SAVE_DELAY_MS 400

struct olc_deck_library;

/* BLOCKING: reads every deck file in dir (made when the first save needs it) and starts the
 * saver. save_delay_ms < 0 takes OLC_DECK_LIBRARY_SAVE_DELAY_MS. NULL only when memory or
 * threads run out (err says so). Files that cannot be read are skipped: load_err (may be NULL)
 * then names them ("2 deck files could not be read: spring.json: ..."), else it is emptied. */
struct olc_deck_library *olc_deck_library_create(const char *dir, int save_delay_ms, struct olc_error *load_err,
						 struct olc_error *err);
/* BLOCKING: writes what is not yet saved, stops the saver and frees everything. NULL is fine. */
void olc_deck_library_destroy(struct olc_deck_library *lib);

/* The names, sorted by their bytes (malloc'd array of malloc'd strings; free with
 * olc_deck_library_names_free). NULL with *count 0 when there are none or memory runs out. */
char **olc_deck_library_names(struct olc_deck_library *lib, size_t *count);
void olc_deck_library_names_free(char **names, size_t count);

/* The active deck's name (malloc'd; free()), or NULL when no deck is active. */
char *olc_deck_library_active(struct olc_deck_library *lib);

/* A copy of the deck called name into *out (initialised; freed first). false when there is none. */
bool olc_deck_library_get(struct olc_deck_library *lib, const char *name, struct olc_deck *out);

/* Stores a copy of deck under its own name (replacing one of that name) and schedules its save.
 * The deck must be one a deck file can hold (a name, a known currency, UTF-8 text): else false
 * with err, and nothing changes. */
bool olc_deck_library_put(struct olc_deck_library *lib, const struct olc_deck *deck, struct olc_error *err);

/* Makes name the active deck (saved too). false with err when there is no such deck. */
bool olc_deck_library_select(struct olc_deck_library *lib, const char *name, struct olc_error *err);

/* Removes the deck and its file; when it was active, no deck is active afterwards. */
bool olc_deck_library_remove(struct olc_deck_library *lib, const char *name, struct olc_error *err);

/* Renames a deck (and its file; the active name follows). false when from does not exist, to is
 * empty or already used. */
bool olc_deck_library_rename(struct olc_deck_library *lib, const char *from, const char *to, struct olc_error *err);

/* Upgrading from 0.1.0, which kept one deck (the last loaded, in the session's cache): when the
 * library has no deck yet, the deck file at path becomes a named deck and the active one. true
 * when it did; false when the library already has decks, the file is absent (err "") or cannot
 * be read (err says why; the file is left as it is). */
bool olc_deck_library_adopt(struct olc_deck_library *lib, const char *path, struct olc_error *err);

/* Why the last save failed, in plain words; "" when the last save of every file worked. */
void olc_deck_library_save_error(struct olc_deck_library *lib, struct olc_error *out);

/* Called on the saver thread (no lock held) when the save error changes: text is the new one, ""
 * when saving works again. Set it once, right after create. */
typedef void (*olc_deck_library_save_fn)(const char *text, void *priv);
void olc_deck_library_on_save_error(struct olc_deck_library *lib, olc_deck_library_save_fn fn, void *priv);

/* BLOCKING: returns once every edit made before the call has been written (or has failed). */
void olc_deck_library_flush(struct olc_deck_library *lib);

/* How many files the saver has written or removed so far (tests of the coalescing). */
uint64_t olc_deck_library_writes(struct olc_deck_library *lib);

#ifdef __cplusplus
}
#endif
