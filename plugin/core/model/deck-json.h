/* Deck files: JSON, UTF-8, written by the plugin and easy to edit by hand.
 *
 *   {
 *     "version": 2,
 *     "name": "Spring market",
 *     "currency": "CNY",
 *     "items": [
 *       {"number": 1, "product_id": "p1", "title": "松茸 500g, stream price", "price": "29.90",
 *        "coupon": "SPRING10", "coupon_text": "10 off over 99", "tags": ["新品", "包邮"],
 *        "notes": "Picked this morning; show the box", "hide_price": true, "scene": "Close-up"},
 *       {"number": 2, "product_id": "p7"}
 *     ]
 *   }
 *
 * version   required, 2 (or 1: the files of 0.1.0, read as before). A newer version is refused
 *           rather than half-read. Saved files are always version 2.
 * name      required, non-empty text.
 * currency  required, an ISO 4217 code (case-sensitive); every price override is in it.
 * items     required list, in running order; may be empty. Each item is an object with
 *   number      required integer 1..9999, unique in the deck (need not be in order)
 *   product_id  required non-empty text: the shop's product id
 *   title       optional text overriding the product's title on stream
 *   price       optional text, a plain decimal parsed exactly ("29.90"; never a JSON number,
 *               which would go through binary floating point)
 *   coupon      optional text: the coupon code (version 1: the whole coupon line, shown as it is)
 *   version 2 only:
 *   coupon_text optional text shown with the coupon code
 *   tags        optional list of texts shown on the card instead of the product's own tags
 *               (empty and repeated tags are dropped); {"tag": "..."} objects are read as
 *               texts too, as the vendor API carries lists (obs-websocket's data has lists of
 *               objects only)
 *   notes       optional text: the host's talking points, never drawn on stream
 *   hide_price  optional boolean: the card starts with the price hidden until it is revealed
 *   scene       optional text: the name of an OBS scene tied to the item
 * Optional fields may be left out, null or ""; all three mean "no override". Unknown fields and
 * duplicate keys are errors, so a typo such as "tittle" is reported rather than ignored (a
 * version 1 file with a version 2 field too: it says so).
 * A UTF-8 byte order mark before the JSON is allowed. Saved files use this key order, two-space
 * indentation and a final newline, and leave absent overrides (and a false hide_price) out.
 *
 * Error messages name the file and the place: "deck.json: not JSON (line 3, column 5: ...)",
 * "deck.json: item 2 (#7): \"price\": \"29.901\" has more decimals than CNY allows (2)".
 * Blocking file I/O: call from the UI thread or a worker, never the graphics thread. */
#pragma once

#include <stdbool.h>

#include "core/model/deck.h"
#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_DECK_JSON_VERSION 2
/* The oldest version still read: 0.1.0 wrote version 1. */
#define OLC_DECK_JSON_VERSION_MIN 1
/* Deck files are small; this keeps a mistakenly chosen video file from being read into memory. */
#define OLC_DECK_JSON_MAX_BYTES (16u * 1024u * 1024u)

/* Parses deck JSON of len bytes (no NUL needed). As olc_deck_json_parse otherwise. */
bool olc_deck_json_parse_bytes(const char *text, size_t len, const char *source, struct olc_deck *out,
			       struct olc_error *err);

/* Parses deck JSON. source names the text in messages (e.g. "deck.json"); NULL gives "deck".
 * *out must be initialised; on success its old contents are freed and replaced, on failure it is
 * unchanged. */
bool olc_deck_json_parse(const char *text, const char *source, struct olc_deck *out, struct olc_error *err);

/* The deck as JSON text in the format above, malloc'd (free with free()), or NULL on failure
 * (a deck without a name or with an unknown currency, text that is not UTF-8, no memory). */
char *olc_deck_json_serialise(const struct olc_deck *deck, struct olc_error *err);

/* Reads and parses the file at path; messages are prefixed by its file name. *out as for parse. */
bool olc_deck_json_load(const char *path, struct olc_deck *out, struct olc_error *err);

/* Serialises and writes with olc_file_write_atomic(): on failure the old file is untouched. */
bool olc_deck_json_save(const struct olc_deck *deck, const char *path, struct olc_error *err);

#ifdef __cplusplus
}
#endif
