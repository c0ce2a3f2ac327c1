// Deck CSV (core/model/deck-csv.h), charsets (core/sys/charset.h) and deck files by extension
// (core/model/deck-file.h), on real files as Excel and WPS write them: tests/unit/fixtures/decks/
// holds one deck as plain UTF-8, as Excel's "CSV UTF-8" (byte order mark, CRLF) and as WPS's
// Chinese "CSV" (GB18030, CRLF), made from the first with iconv.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/base/text.h"
#include "core/model/deck-csv.h"
#include "core/model/deck-file.h"
#include "core/model/deck-json.h"
#include "core/sys/charset.h"
#include "fixtures/fixtures.h"
#include "temp-dir.h"

namespace {

struct Deck {
	olc_deck d;
	Deck() { olc_deck_init(&d); }
	~Deck() { olc_deck_free(&d); }
};

struct Problems {
	olc_deck_problems p{};
	~Problems() { olc_deck_problems_free(&p); }
	std::string row(size_t row) const
	{
		for (size_t i = 0; i < p.count; i++) {
			if (p.items[i].row == row)
				return p.items[i].error;
		}
		return "";
	}
};

bool parse(const std::string &bytes, olc_deck *out, Problems *problems, olc_error *err)
{
	return olc_deck_csv_parse(bytes.data(), bytes.size(), "market", "CNY", out, &problems->p, err);
}

std::string serialise(const olc_deck &d)
{
	size_t len = 0;
	olc_error err{};
	char *data = olc_deck_csv_serialise(&d, &len, &err);
	EXPECT_NE(data, nullptr) << err.text;
	std::string bytes = data ? std::string(data, len) : "";
	free(data);
	return bytes;
}

// What tests/unit/fixtures/decks/market-*.csv say.
void expect_market(const olc_deck &d)
{
	EXPECT_STREQ(d.name, "market");
	EXPECT_STREQ(d.currency, "CNY");
	ASSERT_EQ(d.count, 3u);
	const olc_deck_item &a = d.items[0];
	EXPECT_EQ(a.number, 3);
	EXPECT_STREQ(a.product_id, "sr-500");
	EXPECT_STREQ(a.title, "松茸 500g, \"特级\"");
	ASSERT_TRUE(a.has_price);
	EXPECT_EQ(a.price.minor, 16800);
	EXPECT_STREQ(a.coupon, "SPRING10");
	EXPECT_STREQ(a.coupon_text, "满99减10, 限今晚");
	ASSERT_EQ(a.tag_count, 3u);
	EXPECT_STREQ(a.tags[0], "新品");
	EXPECT_STREQ(a.tags[1], "包邮");
	EXPECT_STREQ(a.tags[2], "产地直发");
	EXPECT_STREQ(a.notes, "1. 今早采的\n2. 打开盒子, 给特写");
	EXPECT_TRUE(a.hide_price);
	EXPECT_STREQ(a.scene, "特写");

	const olc_deck_item &b = d.items[1];
	EXPECT_EQ(b.number, 1);
	EXPECT_STREQ(b.product_id, "p7");
	EXPECT_EQ(b.title, nullptr);
	EXPECT_FALSE(b.has_price);
	EXPECT_FALSE(b.hide_price);
	EXPECT_EQ(b.tag_count, 0u);

	// No number: the next one after every number the file uses.
	const olc_deck_item &c = d.items[2];
	EXPECT_EQ(c.number, 4);
	EXPECT_STREQ(c.product_id, "mu-1");
	EXPECT_EQ(c.price.minor, 3990);
}

} // namespace

TEST(DeckCsv, ReadsChineseHeadersQuotesCommasAndLineBreaks)
{
	Deck deck;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse(fixture("decks/market-utf8.csv"), &deck.d, &problems, &err)) << err.text;
	EXPECT_EQ(problems.p.count, 0u);
	expect_market(deck.d);
}

TEST(DeckCsv, ExcelAndWpsFilesReadTheSameAsPlainUtf8)
{
	Deck plain;
	Problems none;
	olc_error err{};
	ASSERT_TRUE(parse(fixture("decks/market-utf8.csv"), &plain.d, &none, &err)) << err.text;
	for (const char *name : {"decks/market-excel.csv", "decks/market-wps-gb18030.csv"}) {
		Deck deck;
		Problems problems;
		const std::string bytes = fixture(name);
		ASSERT_TRUE(parse(bytes, &deck.d, &problems, &err)) << name << ": " << err.text;
		EXPECT_TRUE(olc_deck_equal(&deck.d, &plain.d)) << name;
		expect_market(deck.d);
	}
	// The WPS file really is GB18030 (not UTF-8), and the Excel one starts with a byte order mark.
	const std::string wps = fixture("decks/market-wps-gb18030.csv");
	EXPECT_FALSE(olc_utf8_valid(wps.data(), wps.size()));
	EXPECT_EQ(fixture("decks/market-excel.csv").rfind("\xEF\xBB\xBF", 0), 0u);
}

TEST(DeckCsv, CharsetDecidesByValidity)
{
	olc_error err{};
	olc_text_encoding enc;
	size_t len = 0;
	const std::string gb = "\xCB\xC9\xC8\xD7"; // 松茸 in GB18030
	char *text = olc_text_to_utf8(gb.data(), gb.size(), &len, &enc, &err);
	ASSERT_NE(text, nullptr) << err.text;
	EXPECT_STREQ(text, "松茸");
	EXPECT_EQ(enc, OLC_TEXT_GB18030);
	free(text);

	text = olc_text_to_utf8("\xEF\xBB\xBF松茸", strlen("\xEF\xBB\xBF松茸"), &len, &enc, &err);
	ASSERT_NE(text, nullptr);
	EXPECT_STREQ(text, "松茸");
	EXPECT_EQ(enc, OLC_TEXT_UTF8_BOM);
	free(text);

	// A GB18030 four-byte sequence (U+20000, outside the BMP) and a cut one.
	const std::string four = "\x95\x32\x82\x36";
	text = olc_gb18030_to_utf8(four.data(), four.size(), &len, &err);
	ASSERT_NE(text, nullptr) << err.text;
	EXPECT_STREQ(text, "\xF0\xA0\x80\x80");
	free(text);
	EXPECT_EQ(olc_gb18030_to_utf8("\x95\x32", 2, &len, &err), nullptr);
	EXPECT_NE(std::string(err.text).find("ends inside a GB18030 character"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_utf8_valid("\xC0\xAF", 2));         // overlong '/'
	EXPECT_FALSE(olc_utf8_valid("\xED\xA0\x80", 3));     // a surrogate
	EXPECT_FALSE(olc_utf8_valid("\xF4\x90\x80\x80", 4)); // past U+10FFFF
	EXPECT_TRUE(olc_utf8_valid("\xF4\x8F\xBF\xBF", 4));
}

TEST(DeckCsv, RoundTripKeepsChineseTextQuotesCommasAndNewlines)
{
	Deck original, parsed;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse(fixture("decks/market-utf8.csv"), &original.d, &problems, &err)) << err.text;
	const std::string bytes = serialise(original.d);
	EXPECT_EQ(bytes.rfind("\xEF\xBB\xBFnumber,id,title,stream_price,coupon,coupon_text,tags,hide_price,scene,notes\r\n", 0),
		  0u)
		<< bytes;
	EXPECT_NE(bytes.find("\"松茸 500g, \"\"特级\"\"\""), std::string::npos) << bytes;
	ASSERT_TRUE(parse(bytes, &parsed.d, &problems, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&original.d, &parsed.d));
	// And the same bytes again.
	EXPECT_EQ(serialise(parsed.d), bytes);
}

TEST(DeckCsv, EnglishHeadersAnyCaseAndOrder)
{
	Deck deck;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse(" ID ,Number,Stream_Price,TAGS,hide_price\np1,2,9.9,a|b,TRUE\n", &deck.d, &problems, &err))
		<< err.text;
	ASSERT_EQ(deck.d.count, 1u);
	EXPECT_EQ(deck.d.items[0].number, 2);
	EXPECT_EQ(deck.d.items[0].price.minor, 990);
	EXPECT_EQ(deck.d.items[0].tag_count, 2u);
	EXPECT_TRUE(deck.d.items[0].hide_price);
}

TEST(DeckCsv, SkuIsTheProductIdWhenIdIsEmpty)
{
	Deck deck;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse("编号,商品ID,SKU\n1,,SKU-9\n2,p2,SKU-2\n", &deck.d, &problems, &err)) << err.text;
	EXPECT_STREQ(deck.d.items[0].product_id, "SKU-9");
	EXPECT_STREQ(deck.d.items[1].product_id, "p2");
}

TEST(DeckCsv, BadFileListsEveryBadRowInPlainWordsAndChangesNothing)
{
	Deck deck;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse(fixture("decks/market-utf8.csv"), &deck.d, &problems, &err));
	Deck before;
	ASSERT_TRUE(olc_deck_copy(&before.d, &deck.d));

	EXPECT_FALSE(parse(fixture("decks/bad-rows.csv"), &deck.d, &problems, &err));
	EXPECT_TRUE(olc_deck_equal(&deck.d, &before.d));
	EXPECT_EQ(problems.p.count, 5u);
	EXPECT_EQ(problems.row(2), "row 2: stream price \"12.345\" has more decimals than CNY allows (2)");
	EXPECT_EQ(problems.row(3), "row 3: hide price \"maybe\" is not yes or no (是/否)");
	EXPECT_EQ(problems.row(4), "row 4: number 1 is used by row 2 too");
	EXPECT_EQ(problems.row(5), "row 5: number \"x\" is not a whole number from 1 to 9999");
	EXPECT_EQ(problems.row(6), "row 6: no product id (fill in the id/商品ID column)");
	EXPECT_EQ(problems.row(7), "");
	EXPECT_NE(std::string(err.text).find("5 rows have problems"), std::string::npos) << err.text;

	EXPECT_FALSE(parse(fixture("decks/unknown-column.csv"), &deck.d, &problems, &err));
	ASSERT_EQ(problems.p.count, 1u);
	EXPECT_EQ(problems.p.items[0].row, 1u);
	EXPECT_NE(problems.row(1).find("unknown column \"colour\""), std::string::npos) << problems.row(1);
	EXPECT_TRUE(olc_deck_equal(&deck.d, &before.d));

	// Bytes that are neither UTF-8 nor GB18030: the whole file, row 0.
	EXPECT_FALSE(parse("id\n\xFF\xFF\n", &deck.d, &problems, &err));
	ASSERT_EQ(problems.p.count, 1u);
	EXPECT_EQ(problems.p.items[0].row, 0u);
	EXPECT_TRUE(olc_deck_equal(&deck.d, &before.d));
	EXPECT_FALSE(parse("", &deck.d, &problems, &err));
	EXPECT_NE(problems.row(0).find("empty"), std::string::npos) << problems.row(0);
}

TEST(DeckFile, ReadsAndWritesByExtensionAtomically)
{
	TempDir dir;
	Deck deck, json_back, csv_back;
	Problems problems;
	olc_error err{};
	const std::string wps = dir.file("春季 WPS.csv");
	write_bytes(wps, fixture("decks/market-wps-gb18030.csv"));
	ASSERT_TRUE(olc_deck_file_read(wps.c_str(), nullptr, "CNY", &deck.d, &problems.p, &err)) << err.text;
	EXPECT_STREQ(deck.d.name, "春季 WPS");
	ASSERT_TRUE(olc_deck_file_write(&deck.d, dir.file("out.json").c_str(), "json", &err)) << err.text;
	ASSERT_TRUE(olc_deck_file_write(&deck.d, dir.file("out.csv").c_str(), "csv", &err)) << err.text;
	ASSERT_TRUE(olc_deck_file_read(dir.file("out.json").c_str(), nullptr, "EUR", &json_back.d, &problems.p, &err))
		<< err.text;
	EXPECT_TRUE(olc_deck_equal(&json_back.d, &deck.d));
	ASSERT_TRUE(olc_deck_file_read(dir.file("out.csv").c_str(), "春季 WPS", "CNY", &csv_back.d, &problems.p, &err))
		<< err.text;
	EXPECT_TRUE(olc_deck_equal(&csv_back.d, &deck.d));
	EXPECT_EQ(dir.names(), (std::set<std::string>{"春季 WPS.csv", "out.json", "out.csv"}));

	EXPECT_FALSE(olc_deck_file_write(&deck.d, dir.file("out.xlsx").c_str(), "xlsx", &err));
	EXPECT_FALSE(olc_deck_file_read(dir.file("out.xlsx").c_str(), nullptr, "CNY", &csv_back.d, &problems.p, &err));
	EXPECT_NE(std::string(err.text).find("ends in .csv or .json"), std::string::npos) << err.text;
	ASSERT_EQ(problems.p.count, 1u);
	EXPECT_EQ(problems.p.items[0].row, 0u);
}

TEST(DeckCsv, CellsOfRowsWithoutANumberAreTrimmedToo)
{
	// Found by fuzz-deck-csv: the second pass (rows without a number) read untrimmed cells.
	Deck deck, again;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse("id,title\n\xE3\x80\x80p2 , 松茸 \n", &deck.d, &problems, &err)) << err.text;
	ASSERT_EQ(deck.d.count, 1u);
	EXPECT_STREQ(deck.d.items[0].product_id, "p2");
	EXPECT_STREQ(deck.d.items[0].title, "松茸");
	ASSERT_TRUE(parse(serialise(deck.d), &again.d, &problems, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&deck.d, &again.d));
}

TEST(DeckCsv, CarriageReturnsPiledUpBeforeALineBreakInACellReadAsOneLineBreak)
{
	// Found by fuzz-deck-csv: "\r\r\n" in a cell lost one CR per read, so a deck read, written and
	// read again was another deck.
	Deck deck, again;
	Problems problems;
	olc_error err{};
	ASSERT_TRUE(parse("id,notes\r\np1,\"先说产地\r\r\r\n再说价格\rend\"\r\n", &deck.d, &problems, &err)) << err.text;
	ASSERT_EQ(deck.d.count, 1u);
	EXPECT_STREQ(deck.d.items[0].notes, "先说产地\n再说价格\rend");
	ASSERT_TRUE(parse(serialise(deck.d), &again.d, &problems, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&deck.d, &again.d));
	EXPECT_EQ(serialise(again.d), serialise(deck.d));
}

TEST(DeckCsv, AFileOfManyBadRowsListsTheFirstHundredAndSaysSo)
{
	// A mistaken file of 100 000 bad rows must not make 100 000 messages.
	std::string bytes = "number,id\n";
	for (int i = 0; i < 100000; i++)
		bytes += "x,p\n";
	Deck deck;
	Problems problems;
	olc_error err{};
	EXPECT_FALSE(parse(bytes, &deck.d, &problems, &err));
	ASSERT_EQ(problems.p.count, size_t(OLC_DECK_CSV_MAX_PROBLEMS) + 1);
	EXPECT_EQ(problems.p.items[0].row, 2u);
	EXPECT_EQ(problems.row(0), "rows 102 to 100001 were not read: the first 100 problems are listed");
	EXPECT_EQ(deck.d.count, 0u);
}
