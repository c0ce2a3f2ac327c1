/* libFuzzer target: deck files (olc_deck_json_parse) on arbitrary bytes; whatever parses must
 * serialise, and parse again to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model/deck-json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parser reads a C string: the bytes up to the first NUL. */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	struct olc_deck deck;
	struct olc_error err;
	olc_deck_init(&deck);
	if (olc_deck_json_parse(text, "fuzz.json", &deck, &err)) {
		char *saved = olc_deck_json_serialise(&deck, &err);
		if (!saved)
			abort();
		struct olc_deck again;
		olc_deck_init(&again);
		if (!olc_deck_json_parse(saved, "saved.json", &again, &err))
			abort();
		char *resaved = olc_deck_json_serialise(&again, &err);
		if (!resaved || strcmp(saved, resaved) != 0)
			abort();
		free(resaved);
		olc_deck_free(&again);
		free(saved);
	}
	olc_deck_free(&deck);
	free(text);
	return 0;
}
