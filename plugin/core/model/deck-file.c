/* Deck files by their extension (see deck-file.h). */
#include "core/model/deck-file.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/model/deck-json.h"
#include "core/sys/file-io.h"

static bool has_suffix(const char *name, const char *suffix)
{
	const size_t n = strlen(name), m = strlen(suffix);
	return n >= m && olc_starts_with_nocase(name + n - m, suffix);
}

static void file_problem(struct olc_deck_problems *problems, const char *text)
{
	olc_deck_problems_free(problems);
	olc_deck_problems_add(problems, 0, text);
}

bool olc_deck_file_read(const char *path, const char *name, const char *currency, struct olc_deck *out,
			struct olc_deck_problems *problems, struct olc_error *err)
{
	const char *file = olc_file_name(path);
	const bool csv = has_suffix(file, ".csv");
	olc_deck_problems_free(problems);
	if (!csv && !has_suffix(file, ".json")) {
		olc_error_set(err, "%s: a deck file ends in .csv or .json", file);
		file_problem(problems, err ? err->text : "a deck file ends in .csv or .json");
		return false;
	}

	struct olc_error why = {{0}};
	char *bytes = NULL;
	size_t len = 0;
	if (!olc_file_read_all(path, csv ? OLC_DECK_CSV_MAX_BYTES : OLC_DECK_JSON_MAX_BYTES, &bytes, &len, &why)) {
		olc_error_set(err, "%s", why.text);
		file_problem(problems, why.text);
		return false;
	}
	struct olc_deck deck;
	olc_deck_init(&deck);
	bool ok;
	if (csv) {
		/* The file's name without ".csv" names the deck when the caller does not. */
		char *stem = olc_strdup(file);
		if (stem)
			stem[strlen(stem) - 4] = '\0';
		const char *deck_name = name && *name ? name : stem && *stem ? stem : "deck";
		ok = olc_deck_csv_parse(bytes, len, deck_name, currency, &deck, problems, &why);
		free(stem);
		if (!ok)
			olc_error_set(err, "%s: %s", file, why.text);
	} else {
		ok = olc_deck_json_parse_bytes(bytes, len, file, &deck, &why) &&
		     (!name || !*name || olc_deck_set_name(&deck, name, &why));
		if (!ok) {
			olc_error_set(err, "%s", why.text);
			file_problem(problems, why.text);
		}
	}
	free(bytes);
	if (ok) {
		olc_deck_free(out);
		*out = deck;
	} else {
		olc_deck_free(&deck);
	}
	return ok;
}

bool olc_deck_file_write(const struct olc_deck *deck, const char *path, const char *format, struct olc_error *err)
{
	struct olc_error why = {{0}};
	char *data = NULL;
	size_t len = 0;
	if (format && strcmp(format, "csv") == 0) {
		data = olc_deck_csv_serialise(deck, &len, &why);
	} else if (format && strcmp(format, "json") == 0) {
		data = olc_deck_json_serialise(deck, &why);
		len = data ? strlen(data) : 0;
	} else {
		olc_error_set(err, "the format is \"csv\" or \"json\"");
		return false;
	}
	if (!data) {
		olc_error_set(err, "%s: cannot save (%s)", olc_file_name(path), why.text);
		return false;
	}
	bool ok = olc_file_write_atomic(path, data, len, err);
	free(data);
	return ok;
}
