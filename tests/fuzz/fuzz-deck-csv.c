/* libFuzzer target: deck CSV (olc_deck_csv_parse) on arbitrary bytes, in UTF-8 or GB18030.
 * Whatever parses must serialise, parse again to an equal deck and serialise to the same bytes;
 * whatever is refused must say why on at least one row and leave the deck it was given as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/deck-csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct olc_deck deck;
	struct olc_deck_problems problems = {0};
	struct olc_error err;
	olc_deck_init(&deck);
	if (olc_deck_csv_parse((const char *)data, size, "fuzz", "CNY", &deck, &problems, &err)) {
		size_t len = 0, len2 = 0;
		char *saved = olc_deck_csv_serialise(&deck, &len, &err);
		if (!saved)
			abort();
		struct olc_deck again;
		olc_deck_init(&again);
		if (!olc_deck_csv_parse(saved, len, "fuzz", "CNY", &again, &problems, &err) || !olc_deck_equal(&deck, &again))
			abort();
		char *resaved = olc_deck_csv_serialise(&again, &len2, &err);
		if (!resaved || len != len2 || memcmp(saved, resaved, len) != 0)
			abort();
		free(resaved);
		olc_deck_free(&again);
		free(saved);
	} else if (problems.count == 0 || deck.count != 0 || deck.name) {
		abort();
	}
	olc_deck_problems_free(&problems);
	olc_deck_free(&deck);
	return 0;
}
