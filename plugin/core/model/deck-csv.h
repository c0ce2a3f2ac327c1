/* Decks as CSV: what cooperatives keep in Excel or WPS. One row per deck item, in running order,
 * under a header row naming the columns in English or Chinese (any order; English names without
 * case; spaces around names ignored):
 *
 *   number      编号      the number the host says; empty: the next free number after the rest
 *   id          商品ID    the shop's product id
 *   sku         SKU       read only when id is empty: then the SKU is taken as the product id
 *                         (shops whose SKUs differ from their ids need the id column)
 *   title       标题      a title for this stream
 *   stream_price 直播价   the price for this stream, a plain decimal ("29.90") in the deck's currency
 *   coupon      优惠券    the coupon code
 *   coupon_text 优惠说明  words shown with it
 *   tags        标签      tags shown on the card, separated by | or 、
 *   notes       讲解要点  the host's talking points (never drawn on stream)
 *   hide_price  隐藏价格  yes/no, true/false, 1/0, 是/否; empty: no
 *   scene       场景      the name of an OBS scene tied to the item
 *
 * Only id (or sku) is required. The bytes may be UTF-8 with or without a byte order mark, or
 * GB18030 (what Excel and WPS save as "CSV" on Chinese Windows): see core/sys/charset.h. Fields
 * follow RFC 4180 as Excel writes them (libcsv parses them): quotes around fields with commas,
 * quotes or line breaks, CRLF or LF line ends; rows whose cells are all empty are skipped.
 * Row numbers in messages count records as a spreadsheet shows them: row 1 is the header, a cell
 * with line breaks stays one row; problems with the file as a whole are on row 0.
 *
 * Export writes UTF-8 with a byte order mark (so Excel and WPS do not guess a legacy code page),
 * CRLF line ends and the English header names, which this parser reads back in any language.
 * Pure functions: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/base/error.h"
#include "core/model/deck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Spreadsheet files are small; this refuses a mistakenly chosen video before it is decoded. */
#define OLC_DECK_CSV_MAX_BYTES (16u * 1024u * 1024u)

/* A file with more problems than this lists these and says the rest of it was not read. */
#define OLC_DECK_CSV_MAX_PROBLEMS 100

/* One problem of a file, in plain words with the row it is on ("row 7: stream price 12.345 has
 * more decimals than CNY allows (2)"). row 1 = the header line, 0 = the whole file. */
struct olc_deck_problem {
	size_t row;
	char *error;
};
struct olc_deck_problems {
	struct olc_deck_problem *items;
	size_t count;
};
/* Frees the list and leaves it empty; an empty list is fine. */
void olc_deck_problems_free(struct olc_deck_problems *p);
/* Appends a problem (the text is copied); false only when memory runs out. */
bool olc_deck_problems_add(struct olc_deck_problems *p, size_t row, const char *error);

/* Parses CSV bytes into a deck named name in currency. *out must be initialised; on success its
 * old contents are freed and replaced. On any problem returns false, fills problems (one per bad
 * row, plain words; problems must be empty or initialised to zeros and is freed first), sets err
 * to a summary ("deck.csv has problems on 3 rows: row 7: ..."), and *out is unchanged. */
bool olc_deck_csv_parse(const char *bytes, size_t len, const char *name, const char *currency, struct olc_deck *out,
			struct olc_deck_problems *problems, struct olc_error *err);

/* The deck as CSV bytes in the export form above: malloc'd (free with free()), length in *len.
 * NULL with err when memory runs out. */
char *olc_deck_csv_serialise(const struct olc_deck *deck, size_t *len, struct olc_error *err);

#ifdef __cplusplus
}
#endif
