/* The named decks (see deck-library.h): memory under one lock, files written by the saver. */
#include "core/session/deck-library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/model/deck-json.h"
#include "core/sys/clock.h"
#include "core/sys/file-io.h"
#include "core/sys/fs.h"
#include "core/sys/thread.h"

/* Deck names are cut to this many bytes (at a character) in file names. */
#define FILE_STEM_MAX 96

struct entry {
	char *file; /* its file name in the folder */
	struct olc_deck deck;
	bool dirty; /* changed since it was last written */
};

struct olc_deck_library {
	char *dir;
	int save_delay_ms;
	struct olc_thread saver;

	struct olc_mutex lock;
	struct olc_cond wake; /* the saver: work or stop */
	struct olc_cond done; /* flush: a round of saving ended */
	struct entry *entries;
	size_t count;
	char **kept_files; /* files there at start that could not be read: never reused */
	size_t kept_count;
	char **doomed; /* files to remove */
	size_t doomed_count;
	char *active;
	bool active_dirty;
	int64_t due_ms;   /* when the saver writes next; 0: nothing is waiting */
	uint64_t changes; /* counts edits */
	uint64_t saved;   /* the edits counted up to the end of the last round */
	uint64_t writes;
	bool stopping;
	struct olc_error save_error;
	olc_deck_library_save_fn on_save_error;
	void *on_save_error_priv;
};

static char *path_in(const struct olc_deck_library *lib, const char *file)
{
	size_t len = strlen(lib->dir) + 1 + strlen(file) + 1;
	char *path = malloc(len);
	if (path)
		snprintf(path, len, "%s/%s", lib->dir, file);
	return path;
}

static struct entry *find(struct olc_deck_library *lib, const char *name)
{
	for (size_t i = 0; name && i < lib->count; i++) {
		if (strcmp(lib->entries[i].deck.name, name) == 0)
			return &lib->entries[i];
	}
	return NULL;
}

static bool file_taken(const struct olc_deck_library *lib, const char *file)
{
	for (size_t i = 0; i < lib->count; i++) {
		if (lib->entries[i].file && strcmp(lib->entries[i].file, file) == 0)
			return true;
	}
	for (size_t i = 0; i < lib->kept_count; i++) {
		if (strcmp(lib->kept_files[i], file) == 0)
			return true;
	}
	return strcmp(file, OLC_DECK_LIBRARY_ACTIVE_FILE) == 0;
}

/* A file name for the deck name no other deck uses: characters that some file system refuses
 * become '_', a leading dot too (hidden files), "-2", "-3"... when taken. */
static char *file_for(const struct olc_deck_library *lib, const char *name)
{
	char stem[FILE_STEM_MAX + 1];
	size_t n = 0;
	for (const unsigned char *s = (const unsigned char *)name; *s && n < FILE_STEM_MAX; s++) {
		/* Stop before a character that does not fit whole. */
		size_t len = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
		if (*s >= 0x80 && (*s & 0xC0) != 0x80 && n + len > FILE_STEM_MAX)
			break;
		const bool bad = *s < 0x20 || *s == 0x7F || strchr("/\\:*?\"<>|", *s) || (n == 0 && *s == '.');
		stem[n++] = bad ? '_' : (char)*s;
	}
	stem[n] = '\0';
	char file[FILE_STEM_MAX + 32];
	for (int k = 1; k < 10000; k++) {
		if (k == 1)
			snprintf(file, sizeof(file), "%s.json", stem);
		else
			snprintf(file, sizeof(file), "%s-%d.json", stem, k);
		if (!file_taken(lib, file))
			return olc_strdup(file);
	}
	return NULL;
}

static bool push_string(char ***list, size_t *count, char *s)
{
	char **grown = s ? realloc(*list, (*count + 1) * sizeof(**list)) : NULL;
	if (!grown) {
		free(s);
		return false;
	}
	*list = grown;
	(*list)[(*count)++] = s;
	return true;
}

static void strings_free(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

/* An edit happened: the saver writes it save_delay_ms after the first edit of a burst. */
static void schedule(struct olc_deck_library *lib)
{
	lib->changes++;
	if (!lib->due_ms)
		lib->due_ms = olc_clock_mono_ms() + lib->save_delay_ms;
	olc_cond_signal(&lib->wake);
}

/* ---- the saver ---- */

struct job {
	char *path;
	struct olc_deck deck; /* name NULL: remove path */
	bool is_active;       /* write active (may be NULL: remove the file) */
	char *active;
};

/* Writes the jobs without the lock. Returns the first failure's words in err. */
static bool run_jobs(struct olc_deck_library *lib, struct job *jobs, size_t count, bool *failed, struct olc_error *err)
{
	bool ok = true;
	if (count && !olc_mkdirs(lib->dir)) {
		olc_error_set(err, "the deck folder %s cannot be made", lib->dir);
		for (size_t i = 0; i < count; i++)
			failed[i] = true;
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		struct job *j = &jobs[i];
		struct olc_error why = {{0}};
		bool done;
		if (j->is_active)
			done = j->active ? olc_file_write_atomic(j->path, j->active, strlen(j->active), &why)
					 : olc_file_remove(j->path);
		else if (j->deck.name)
			done = olc_deck_json_save(&j->deck, j->path, &why);
		else
			done = olc_file_remove(j->path);
		failed[i] = !done;
		if (!done && ok) {
			if (why.text[0])
				olc_error_set(err, "%s", why.text);
			else
				olc_error_set(err, "%s cannot be removed", olc_file_name(j->path));
			ok = false;
		}
	}
	return ok;
}

/* Takes the pending work under the lock. */
static size_t collect(struct olc_deck_library *lib, struct job **out)
{
	size_t wanted = lib->count + lib->doomed_count + 1, n = 0;
	struct job *jobs = calloc(wanted, sizeof(*jobs));
	if (!jobs)
		return 0;
	for (size_t i = 0; i < lib->doomed_count; i++) {
		jobs[n].path = path_in(lib, lib->doomed[i]);
		olc_deck_init(&jobs[n].deck);
		if (jobs[n].path)
			n++;
	}
	strings_free(lib->doomed, lib->doomed_count);
	lib->doomed = NULL;
	lib->doomed_count = 0;
	for (size_t i = 0; i < lib->count; i++) {
		struct entry *e = &lib->entries[i];
		if (!e->dirty)
			continue;
		olc_deck_init(&jobs[n].deck);
		jobs[n].path = path_in(lib, e->file);
		if (jobs[n].path && olc_deck_copy(&jobs[n].deck, &e->deck)) {
			e->dirty = false;
			n++;
		} else {
			free(jobs[n].path);
			jobs[n].path = NULL;
		}
	}
	if (lib->active_dirty) {
		jobs[n].path = path_in(lib, OLC_DECK_LIBRARY_ACTIVE_FILE);
		jobs[n].is_active = true;
		jobs[n].active = olc_strdup(lib->active);
		olc_deck_init(&jobs[n].deck);
		if (jobs[n].path && (jobs[n].active || !lib->active)) {
			lib->active_dirty = false;
			n++;
		} else {
			free(jobs[n].path);
			free(jobs[n].active);
		}
	}
	*out = jobs;
	return n;
}

/* A failed job is pending again (tried with the next edit, or at destroy). */
static void requeue(struct olc_deck_library *lib, const struct job *j)
{
	if (j->is_active) {
		lib->active_dirty = true;
		return;
	}
	const char *file = olc_file_name(j->path);
	if (!j->deck.name) {
		push_string(&lib->doomed, &lib->doomed_count, olc_strdup(file));
		return;
	}
	for (size_t i = 0; i < lib->count; i++) {
		if (strcmp(lib->entries[i].file, file) == 0)
			lib->entries[i].dirty = true;
	}
}

static void save_round(struct olc_deck_library *lib)
{
	struct job *jobs = NULL;
	const uint64_t upto = lib->changes;
	lib->due_ms = 0;
	size_t n = collect(lib, &jobs);
	olc_mutex_unlock(&lib->lock);

	bool *failed = n ? calloc(n, sizeof(*failed)) : NULL;
	struct olc_error err = {{0}};
	bool ok = !n || (failed && run_jobs(lib, jobs, n, failed, &err));
	if (n && !failed)
		olc_error_set(&err, "out of memory while saving the decks");

	olc_mutex_lock(&lib->lock);
	for (size_t i = 0; i < n; i++) {
		if (!failed || failed[i])
			requeue(lib, &jobs[i]);
		free(jobs[i].path);
		free(jobs[i].active);
		olc_deck_free(&jobs[i].deck);
	}
	lib->writes += n;
	struct olc_error before = lib->save_error;
	if (n) {
		if (ok)
			olc_error_clear(&lib->save_error);
		else
			olc_error_set(&lib->save_error, "%s; the edits are kept until OBS quits and saved with the next one",
				      err.text);
	}
	if (lib->on_save_error && strcmp(before.text, lib->save_error.text) != 0) {
		struct olc_error now = lib->save_error;
		olc_mutex_unlock(&lib->lock);
		lib->on_save_error(now.text, lib->on_save_error_priv);
		olc_mutex_lock(&lib->lock);
	}
	lib->saved = upto;
	free(jobs);
	free(failed);
	olc_cond_broadcast(&lib->done);
}

static void *saver_main(void *arg)
{
	struct olc_deck_library *lib = arg;
	olc_mutex_lock(&lib->lock);
	while (!lib->stopping) {
		if (!lib->due_ms)
			olc_cond_wait(&lib->wake, &lib->lock);
		else if (olc_clock_mono_ms() < lib->due_ms)
			olc_cond_wait_until(&lib->wake, &lib->lock, lib->due_ms);
		else
			save_round(lib);
	}
	/* The last edits, whenever they were made. */
	save_round(lib);
	olc_mutex_unlock(&lib->lock);
	return NULL;
}

/* ---- loading ---- */

static int entry_order(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->deck.name, ((const struct entry *)b)->deck.name);
}

static void load(struct olc_deck_library *lib, struct olc_error *load_err)
{
	struct olc_dir_entry *files = NULL;
	size_t count = 0, bad = 0;
	struct olc_error first = {{0}};
	if (!olc_dir_list_files(lib->dir, ".json", &files, &count))
		count = 0; /* no folder yet: no decks */
	for (size_t i = 0; i < count; i++) {
		char *path = path_in(lib, files[i].name);
		struct olc_deck deck;
		struct olc_error why = {{0}};
		olc_deck_init(&deck);
		bool ok = path && olc_deck_json_load(path, &deck, &why);
		if (ok && find(lib, deck.name)) {
			olc_error_set(&why, "%s: another file already has a deck called \"%s\"", files[i].name, deck.name);
			ok = false;
		}
		struct entry *grown = ok ? realloc(lib->entries, (lib->count + 1) * sizeof(*grown)) : NULL;
		if (grown) {
			lib->entries = grown;
			lib->entries[lib->count].file = files[i].name;
			lib->entries[lib->count].deck = deck;
			lib->entries[lib->count].dirty = false;
			lib->count++;
			files[i].name = NULL;
		} else {
			if (!bad++)
				first = why;
			olc_deck_free(&deck);
			push_string(&lib->kept_files, &lib->kept_count, files[i].name);
			files[i].name = NULL;
		}
		free(path);
	}
	free(files);
	if (lib->count > 1)
		qsort(lib->entries, lib->count, sizeof(*lib->entries), entry_order);

	char *path = path_in(lib, OLC_DECK_LIBRARY_ACTIVE_FILE);
	char *text = NULL;
	if (path && olc_file_read_all(path, 4096, &text, NULL, NULL)) {
		size_t n = strlen(text);
		while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
			text[--n] = '\0';
		if (find(lib, text))
			lib->active = olc_strdup(text);
	}
	free(text);
	free(path);

	if (bad == 1)
		olc_error_set(load_err, "a deck file could not be read and is left as it is: %s", first.text);
	else if (bad > 1)
		olc_error_set(load_err, "%zu deck files could not be read and are left as they are; the first: %s", bad,
			      first.text);
	else
		olc_error_clear(load_err);
}

struct olc_deck_library *olc_deck_library_create(const char *dir, int save_delay_ms, struct olc_error *load_err,
						 struct olc_error *err)
{
	struct olc_deck_library *lib = calloc(1, sizeof(*lib));
	if (!lib || !(lib->dir = olc_strdup(dir))) {
		free(lib);
		olc_error_set(err, "out of memory");
		return NULL;
	}
	lib->save_delay_ms = save_delay_ms < 0 ? OLC_DECK_LIBRARY_SAVE_DELAY_MS : save_delay_ms;
	olc_mutex_init(&lib->lock);
	olc_cond_init(&lib->wake);
	olc_cond_init(&lib->done);
	load(lib, load_err);
	if (!olc_thread_start(&lib->saver, saver_main, lib)) {
		olc_error_set(err, "no thread is left to save the decks");
		lib->stopping = true; /* nothing to join */
		olc_deck_library_destroy(lib);
		return NULL;
	}
	return lib;
}

void olc_deck_library_destroy(struct olc_deck_library *lib)
{
	if (!lib)
		return;
	olc_mutex_lock(&lib->lock);
	const bool started = !lib->stopping;
	lib->stopping = true;
	olc_cond_signal(&lib->wake);
	olc_mutex_unlock(&lib->lock);
	if (started)
		olc_thread_join(&lib->saver);

	for (size_t i = 0; i < lib->count; i++) {
		free(lib->entries[i].file);
		olc_deck_free(&lib->entries[i].deck);
	}
	free(lib->entries);
	strings_free(lib->kept_files, lib->kept_count);
	strings_free(lib->doomed, lib->doomed_count);
	free(lib->active);
	free(lib->dir);
	olc_cond_destroy(&lib->done);
	olc_cond_destroy(&lib->wake);
	olc_mutex_destroy(&lib->lock);
	free(lib);
}

/* ---- reading and editing ---- */

char **olc_deck_library_names(struct olc_deck_library *lib, size_t *count)
{
	*count = 0;
	olc_mutex_lock(&lib->lock);
	char **names = lib->count ? calloc(lib->count, sizeof(*names)) : NULL;
	size_t n = 0;
	for (size_t i = 0; names && i < lib->count; i++) {
		if (!(names[n] = olc_strdup(lib->entries[i].deck.name)))
			break;
		n++;
	}
	olc_mutex_unlock(&lib->lock);
	if (names && n < lib->count) {
		olc_deck_library_names_free(names, n);
		return NULL;
	}
	*count = n;
	return names;
}

void olc_deck_library_names_free(char **names, size_t count)
{
	strings_free(names, count);
}

char *olc_deck_library_active(struct olc_deck_library *lib)
{
	olc_mutex_lock(&lib->lock);
	char *name = olc_strdup(lib->active);
	olc_mutex_unlock(&lib->lock);
	return name;
}

bool olc_deck_library_get(struct olc_deck_library *lib, const char *name, struct olc_deck *out)
{
	olc_mutex_lock(&lib->lock);
	const struct entry *e = find(lib, name);
	bool ok = e && olc_deck_copy(out, &e->deck);
	olc_mutex_unlock(&lib->lock);
	return ok;
}

static void keep_sorted(struct olc_deck_library *lib)
{
	qsort(lib->entries, lib->count, sizeof(*lib->entries), entry_order);
}

bool olc_deck_library_put(struct olc_deck_library *lib, const struct olc_deck *deck, struct olc_error *err)
{
	/* What a deck file can hold: the check the save would make, before anything changes. */
	char *text = olc_deck_json_serialise(deck, err);
	if (!text)
		return false;
	free(text);
	struct olc_deck copy;
	olc_deck_init(&copy);
	if (!olc_deck_copy(&copy, deck)) {
		olc_error_set(err, "out of memory");
		return false;
	}

	olc_mutex_lock(&lib->lock);
	struct entry *e = find(lib, deck->name);
	bool ok = true;
	if (e) {
		olc_deck_free(&e->deck);
		e->deck = copy;
		e->dirty = true;
	} else {
		char *file = file_for(lib, deck->name);
		struct entry *grown = file ? realloc(lib->entries, (lib->count + 1) * sizeof(*grown)) : NULL;
		if (grown) {
			lib->entries = grown;
			lib->entries[lib->count++] = (struct entry){.file = file, .deck = copy, .dirty = true};
			keep_sorted(lib);
		} else {
			free(file);
			olc_deck_free(&copy);
			olc_error_set(err, "out of memory");
			ok = false;
		}
	}
	if (ok)
		schedule(lib);
	olc_mutex_unlock(&lib->lock);
	return ok;
}

bool olc_deck_library_select(struct olc_deck_library *lib, const char *name, struct olc_error *err)
{
	char shown[OLC_EXCERPT_LEN];
	olc_mutex_lock(&lib->lock);
	bool ok = find(lib, name) != NULL;
	char *copy = ok ? olc_strdup(name) : NULL;
	if (!ok)
		olc_error_set(err, "there is no deck called \"%s\"", olc_error_excerpt(shown, sizeof(shown), name));
	else if (!copy)
		olc_error_set(err, "out of memory");
	if (copy) {
		free(lib->active);
		lib->active = copy;
		lib->active_dirty = true;
		schedule(lib);
	}
	olc_mutex_unlock(&lib->lock);
	return copy != NULL;
}

bool olc_deck_library_remove(struct olc_deck_library *lib, const char *name, struct olc_error *err)
{
	char shown[OLC_EXCERPT_LEN];
	olc_mutex_lock(&lib->lock);
	struct entry *e = find(lib, name);
	if (!e) {
		olc_mutex_unlock(&lib->lock);
		olc_error_set(err, "there is no deck called \"%s\"", olc_error_excerpt(shown, sizeof(shown), name));
		return false;
	}
	if (lib->active && strcmp(lib->active, name) == 0) {
		free(lib->active);
		lib->active = NULL;
		lib->active_dirty = true;
	}
	push_string(&lib->doomed, &lib->doomed_count, e->file);
	olc_deck_free(&e->deck);
	const size_t index = (size_t)(e - lib->entries);
	memmove(e, e + 1, (lib->count - index - 1) * sizeof(*e));
	lib->count--;
	schedule(lib);
	olc_mutex_unlock(&lib->lock);
	return true;
}

bool olc_deck_library_rename(struct olc_deck_library *lib, const char *from, const char *to, struct olc_error *err)
{
	char shown[OLC_EXCERPT_LEN];
	if (!to || !*to) {
		olc_error_set(err, "a deck needs a name");
		return false;
	}
	olc_mutex_lock(&lib->lock);
	struct entry *e = find(lib, from);
	bool ok = false;
	if (!e) {
		olc_error_set(err, "there is no deck called \"%s\"", olc_error_excerpt(shown, sizeof(shown), from));
	} else if (strcmp(from, to) == 0) {
		ok = true;
	} else if (find(lib, to)) {
		olc_error_set(err, "there is already a deck called \"%s\"", olc_error_excerpt(shown, sizeof(shown), to));
	} else {
		char *old_file = e->file;
		e->file = NULL; /* so the new name may take the same file name */
		char *file = file_for(lib, to);
		char *active = lib->active && strcmp(lib->active, from) == 0 ? olc_strdup(to) : NULL;
		const bool renames_active = lib->active && strcmp(lib->active, from) == 0;
		if (!file || !olc_deck_set_name(&e->deck, to, err) || (renames_active && !active)) {
			free(file);
			free(active);
			e->file = old_file;
			olc_error_set(err, "out of memory");
		} else {
			e->file = file;
			e->dirty = true;
			if (strcmp(file, old_file) != 0)
				push_string(&lib->doomed, &lib->doomed_count, old_file);
			else
				free(old_file);
			if (renames_active) {
				free(lib->active);
				lib->active = active;
				lib->active_dirty = true;
			}
			keep_sorted(lib);
			schedule(lib);
			ok = true;
		}
	}
	olc_mutex_unlock(&lib->lock);
	return ok;
}

bool olc_deck_library_adopt(struct olc_deck_library *lib, const char *path, struct olc_error *err)
{
	olc_error_clear(err);
	olc_mutex_lock(&lib->lock);
	const bool empty = lib->count == 0 && lib->kept_count == 0;
	olc_mutex_unlock(&lib->lock);
	if (!empty || olc_file_mtime(path) < 0)
		return false;
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok = olc_deck_json_load(path, &deck, err) && olc_deck_library_put(lib, &deck, err) &&
		  olc_deck_library_select(lib, deck.name, err);
	olc_deck_free(&deck);
	return ok;
}

void olc_deck_library_save_error(struct olc_deck_library *lib, struct olc_error *out)
{
	olc_mutex_lock(&lib->lock);
	*out = lib->save_error;
	olc_mutex_unlock(&lib->lock);
}

void olc_deck_library_on_save_error(struct olc_deck_library *lib, olc_deck_library_save_fn fn, void *priv)
{
	olc_mutex_lock(&lib->lock);
	lib->on_save_error = fn;
	lib->on_save_error_priv = priv;
	olc_mutex_unlock(&lib->lock);
}

void olc_deck_library_flush(struct olc_deck_library *lib)
{
	olc_mutex_lock(&lib->lock);
	const uint64_t wanted = lib->changes;
	if (lib->saved < wanted) {
		lib->due_ms = olc_clock_mono_ms();
		olc_cond_signal(&lib->wake);
	}
	while (lib->saved < wanted && !lib->stopping)
		olc_cond_wait(&lib->done, &lib->lock);
	olc_mutex_unlock(&lib->lock);
}

uint64_t olc_deck_library_writes(struct olc_deck_library *lib)
{
	olc_mutex_lock(&lib->lock);
	const uint64_t n = lib->writes;
	olc_mutex_unlock(&lib->lock);
	return n;
}
