/* The module's named decks (see decks.h): the library in <config>/decks/, and the session's deck
 * following the active one. */
#include <obs-module.h>
#include <util/bmem.h>

#include <stdlib.h>
#include <string.h>

#include "core/model/deck-file.h"
#include "core/session/deck-library.h"
#include "runtime/decks.h"
#include "runtime/live-session.h"
#include "plugin-support.h"

static struct olc_deck_library *library;

/* The saver says when saving starts failing or works again: logged once, not per autosave. */
static void log_save_error(const char *text, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (*text)
		obs_log(LOG_WARNING, "decks not saved: %s", text);
	else
		obs_log(LOG_INFO, "decks saved again");
}

/* The library, or NULL with err saying there is none. */
static struct olc_deck_library *running(struct olc_error *err)
{
	if (!library)
		olc_error_set(err, "the deck library is not running");
	return library;
}

/* Gives the session the deck called name (the active one). */
static bool load_into_session(const char *name, struct olc_error *err)
{
	struct olc_session *s = olc_live_session();
	if (!s)
		return true; /* nothing shows decks without a session */
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok = olc_deck_library_get(library, name, &deck) && olc_session_load_deck(s, &deck, err);
	olc_deck_free(&deck);
	return ok;
}

/* 0.1.0 kept one deck, the last loaded, in the session's cache: it becomes a named deck, active,
 * the first time this version starts. */
static void adopt_cached_deck(void)
{
	char *path = obs_module_config_path("cache/deck.json");
	struct olc_error err = {{0}};
	if (path && olc_deck_library_adopt(library, path, &err))
		obs_log(LOG_INFO, "the deck loaded before is now a named deck, and the active one");
	else if (err.text[0])
		obs_log(LOG_WARNING, "the deck loaded before could not become a named deck: %s", err.text);
	bfree(path);
}

void olc_decks_start(void)
{
	char *dir = obs_module_config_path("decks");
	struct olc_error err = {{0}}, load_err = {{0}};
	if (!dir)
		return;
	library = olc_deck_library_create(dir, -1, &load_err, &err);
	bfree(dir);
	if (!library) {
		obs_log(LOG_ERROR, "the named decks are off: %s", err.text);
		return;
	}
	olc_deck_library_on_save_error(library, log_save_error, NULL);
	if (load_err.text[0])
		obs_log(LOG_WARNING, "%s", load_err.text);

	adopt_cached_deck(); /* only when there is no named deck yet */

	char *active = olc_deck_library_active(library);
	if (active && !load_into_session(active, &err))
		obs_log(LOG_WARNING, "the active deck \"%s\" cannot be shown: %s", active, err.text);
	free(active);
}

void olc_decks_stop(void)
{
	olc_deck_library_destroy(library);
	library = NULL;
}

char **olc_decks_names(size_t *count)
{
	*count = 0;
	return library ? olc_deck_library_names(library, count) : NULL;
}

void olc_decks_names_free(char **names, size_t count)
{
	olc_deck_library_names_free(names, count);
}

char *olc_decks_active_name(void)
{
	return library ? olc_deck_library_active(library) : NULL;
}

bool olc_decks_get(const char *name, struct olc_deck *out)
{
	return library && olc_deck_library_get(library, name, out);
}

static bool is_active(const char *name)
{
	char *active = olc_deck_library_active(library);
	const bool same = active && name && strcmp(active, name) == 0;
	free(active);
	return same;
}

bool olc_decks_put(const struct olc_deck *deck, struct olc_error *err)
{
	if (!running(err) || !olc_deck_library_put(library, deck, err))
		return false;
	return !is_active(deck->name) || load_into_session(deck->name, err);
}

bool olc_decks_select(const char *name, struct olc_error *err)
{
	if (!running(err))
		return false;
	/* The session first: a deck it refuses does not become the active one. */
	return load_into_session(name, err) && olc_deck_library_select(library, name, err);
}

bool olc_decks_load(const struct olc_deck *deck, struct olc_error *err)
{
	struct olc_session *s = olc_live_session();
	if (!s) {
		olc_error_set(err, "the live session is not running");
		return false;
	}
	/* The session first: it checks the deck as a deck file would be checked. */
	if (!olc_session_load_deck(s, deck, err))
		return false;
	if (!library)
		return true;
	struct olc_error why = {{0}};
	if (!olc_deck_library_put(library, deck, &why) || !olc_deck_library_select(library, deck->name, &why))
		obs_log(LOG_WARNING, "the deck \"%s\" is shown but not kept as a named deck: %s", deck->name, why.text);
	return true;
}

bool olc_decks_remove(const char *name, struct olc_error *err)
{
	return running(err) && olc_deck_library_remove(library, name, err);
}

bool olc_decks_rename(const char *from, const char *to, struct olc_error *err)
{
	if (!running(err) || !olc_deck_library_rename(library, from, to, err))
		return false;
	/* The session's deck carries the name too (GetDeck answers it). */
	return !is_active(to) || load_into_session(to, err);
}

void olc_decks_save_error(struct olc_error *out)
{
	olc_error_clear(out);
	if (!library)
		return;
	olc_deck_library_save_error(library, out);
}

bool olc_decks_read_file(const char *path, const char *name, struct olc_deck *out, struct olc_deck_problems *problems,
			 struct olc_error *err)
{
	char currency[4] = "CNY";
	struct olc_snapshot *snap = olc_live_snapshot();
	if (snap && snap->currency[0])
		memcpy(currency, snap->currency, sizeof(currency));
	olc_snapshot_release(snap);
	return olc_deck_file_read(path, name, currency, out, problems, err);
}

bool olc_decks_write_file(const struct olc_deck *deck, const char *path, const char *format, struct olc_error *err)
{
	return olc_deck_file_write(deck, path, format, err);
}
