#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "core/model/deck-json.h"
#include "temp-dir.h"

namespace {

struct Deck {
	olc_deck d;
	Deck() { olc_deck_init(&d); }
	~Deck() { olc_deck_free(&d); }
};

// The layout olc_deck_json_serialise writes, byte for byte.
const char *const spring_json = R"({
  "version": 2,
  "name": "Spring market 春季市集",
  "currency": "CNY",
  "items": [
    {
      "number": 3,
      "product_id": "p1",
      "title": "Linen shirt, stream price",
      "price": "29.90",
      "coupon": "SPRING10 立减10元"
    },
    {
      "number": 1,
      "product_id": "p7"
    },
    {
      "number": 2,
      "product_id": "p9",
      "price": "0.05"
    }
  ]
}
)";

std::string serialise(const olc_deck &d)
{
	olc_error err{};
	char *text = olc_deck_json_serialise(&d, &err);
	EXPECT_NE(text, nullptr) << err.text;
	std::string result = text ? text : "";
	free(text);
	return result;
}

std::string parse_error(const std::string &json)
{
	Deck deck;
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_parse(json.c_str(), "deck.json", &deck.d, &err)) << json;
	EXPECT_EQ(deck.d.count, 0u);
	EXPECT_EQ(deck.d.name, nullptr);
	return err.text;
}

void build_spring(olc_deck *d)
{
	olc_error err{};
	olc_money price{};
	ASSERT_TRUE(olc_deck_set_name(d, "Spring market 春季市集", &err));
	ASSERT_TRUE(olc_deck_set_currency(d, "CNY", &err));
	olc_deck_item *item = olc_deck_append(d, 3, "p1", &err);
	ASSERT_NE(item, nullptr);
	ASSERT_TRUE(olc_deck_item_set_title(item, "Linen shirt, stream price"));
	ASSERT_TRUE(olc_money_set(&price, 2990, "CNY"));
	ASSERT_TRUE(olc_deck_item_set_price(d, item, &price, &err));
	ASSERT_TRUE(olc_deck_item_set_coupon(item, "SPRING10 立减10元"));
	ASSERT_NE(olc_deck_append(d, 1, "p7", &err), nullptr);
	item = olc_deck_append(d, 2, "p9", &err);
	ASSERT_NE(item, nullptr);
	ASSERT_TRUE(olc_money_set(&price, 5, "CNY"));
	ASSERT_TRUE(olc_deck_item_set_price(d, item, &price, &err));
}

bool contains(const std::string &text, const std::string &part)
{
	return text.find(part) != std::string::npos;
}

} // namespace

TEST(DeckJson, ParsesEveryField)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(spring_json, "deck.json", &deck.d, &err)) << err.text;
	EXPECT_STREQ(deck.d.name, "Spring market 春季市集");
	EXPECT_STREQ(deck.d.currency, "CNY");
	ASSERT_EQ(deck.d.count, 3u);

	const olc_deck_item &first = deck.d.items[0];
	EXPECT_EQ(first.number, 3);
	EXPECT_STREQ(first.product_id, "p1");
	EXPECT_STREQ(first.title, "Linen shirt, stream price");
	ASSERT_TRUE(first.has_price);
	EXPECT_EQ(first.price.minor, 2990);
	EXPECT_STREQ(first.price.currency, "CNY");
	EXPECT_STREQ(first.coupon, "SPRING10 立减10元");

	const olc_deck_item &second = deck.d.items[1];
	EXPECT_EQ(second.number, 1);
	EXPECT_STREQ(second.product_id, "p7");
	EXPECT_EQ(second.title, nullptr);
	EXPECT_FALSE(second.has_price);
	EXPECT_EQ(second.coupon, nullptr);

	EXPECT_EQ(deck.d.items[2].price.minor, 5);
}

TEST(DeckJson, SerialisesToTheDocumentedLayout)
{
	Deck deck;
	build_spring(&deck.d);
	EXPECT_EQ(serialise(deck.d), spring_json);
}

TEST(DeckJson, RoundTripIsEqual)
{
	Deck original, parsed;
	build_spring(&original.d);
	olc_error err{};
	std::string text = serialise(original.d);
	ASSERT_TRUE(olc_deck_json_parse(text.c_str(), "deck.json", &parsed.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&original.d, &parsed.d));
	EXPECT_EQ(serialise(parsed.d), text);
}

TEST(DeckJson, RoundTripKeepsExactPricesInOtherCurrencies)
{
	const struct {
		const char *currency;
		const char *price;
		int64_t minor;
	} cases[] = {{"JPY", "1980", 1980},
		     {"KWD", "12.345", 12345},
		     {"EUR", "-0.01", -1},
		     {"USD", "92233720368547758.07", INT64_MAX}};
	for (const auto &c : cases) {
		std::string json = std::string(R"({"version":1,"name":"n","currency":")") + c.currency +
				   R"(","items":[{"number":1,"product_id":"p","price":")" + c.price + R"("}]})";
		Deck deck, again;
		olc_error err{};
		ASSERT_TRUE(olc_deck_json_parse(json.c_str(), "deck.json", &deck.d, &err)) << err.text;
		EXPECT_EQ(deck.d.items[0].price.minor, c.minor) << c.currency;
		std::string text = serialise(deck.d);
		EXPECT_TRUE(contains(text, std::string("\"price\": \"") + c.price + "\"")) << text;
		ASSERT_TRUE(olc_deck_json_parse(text.c_str(), "deck.json", &again.d, &err)) << err.text;
		EXPECT_TRUE(olc_deck_equal(&deck.d, &again.d));
	}
}

TEST(DeckJson, EmptyDeckRoundTrips)
{
	Deck deck, parsed;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(R"({"version":1,"name":"Empty","currency":"EUR","items":[]})", "deck.json",
					&deck.d, &err))
		<< err.text;
	EXPECT_EQ(deck.d.count, 0u);
	std::string text = serialise(deck.d);
	ASSERT_TRUE(olc_deck_json_parse(text.c_str(), "deck.json", &parsed.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&deck.d, &parsed.d));
}

TEST(DeckJson, NullAndEmptyOptionalsMeanNoOverride)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(
		R"({"version":1,"name":"n","currency":"CNY","items":[{"number":1,"product_id":"p","title":null,"price":"","coupon":""}]})",
		"deck.json", &deck.d, &err))
		<< err.text;
	EXPECT_EQ(deck.d.items[0].title, nullptr);
	EXPECT_FALSE(deck.d.items[0].has_price);
	EXPECT_EQ(deck.d.items[0].coupon, nullptr);
}

TEST(DeckJson, ByteOrderMarkIsAllowed)
{
	Deck deck;
	olc_error err{};
	std::string text = std::string("\xEF\xBB\xBF") + spring_json;
	ASSERT_TRUE(olc_deck_json_parse(text.c_str(), "deck.json", &deck.d, &err)) << err.text;
	EXPECT_EQ(deck.d.count, 3u);
}

TEST(DeckJson, NotJsonSaysSoWithLineAndColumn)
{
	std::string message = parse_error("{\n  \"version\": 1,\n  \"name\": ,\n  \"items\": []\n}");
	EXPECT_EQ(message.rfind("deck.json: not JSON (line 3, column ", 0), 0u) << message;

	for (const char *junk : {"", "   ", "version: 1", "{\"version\": 1", "<deck/>", "[1,]"}) {
		message = parse_error(junk);
		EXPECT_TRUE(contains(message, "deck.json: not JSON (line ")) << junk << " -> " << message;
	}
}

TEST(DeckJson, DuplicateKeyIsAnError)
{
	std::string message = parse_error(R"({"version":1,"name":"a","name":"b","currency":"CNY","items":[]})");
	EXPECT_TRUE(contains(message, "deck.json: a field appears twice")) << message;
	EXPECT_TRUE(contains(message, "line 1")) << message;
}

struct BadDeck {
	const char *name;
	const char *json;
	const char *says;
};

// Test names and failure messages show the case's name, not its bytes.
void PrintTo(const BadDeck &c, std::ostream *os)
{
	*os << c.name;
}

class DeckJsonRejects : public testing::TestWithParam<BadDeck> {};

TEST_P(DeckJsonRejects, NamingWhatAndWhere)
{
	std::string message = parse_error(GetParam().json);
	EXPECT_TRUE(contains(message, GetParam().says)) << "message: " << message;
	EXPECT_EQ(message.rfind("deck.json: ", 0), 0u) << message;
}

#define ITEMS(x) "{\"version\":1,\"name\":\"n\",\"currency\":\"CNY\",\"items\":[" x "]}"

INSTANTIATE_TEST_SUITE_P(
	DeckJson, DeckJsonRejects,
	testing::Values(
		BadDeck{"top_level_list", "[]", "expected an object ({...}) at the top, found a list"},
		BadDeck{"top_level_text", "\"deck\"", "found text"},
		BadDeck{"version_missing", R"({"name":"n","currency":"CNY","items":[]})", "\"version\" is missing"},
		BadDeck{"version_text", R"({"version":"1","name":"n","currency":"CNY","items":[]})",
			"\"version\" must be a whole number, not text"},
		BadDeck{"version_real", R"({"version":1.0,"name":"n","currency":"CNY","items":[]})",
			"\"version\" must be a whole number, not a number"},
		BadDeck{"version_newer", R"({"version":3,"name":"n","currency":"CNY","items":[]})",
			"version 3 is newer than this plugin reads (2)"},
		BadDeck{"version_zero", R"({"version":0,"name":"n","currency":"CNY","items":[]})",
			"version 0 is not a deck version"},
		BadDeck{"name_number", R"({"version":1,"name":5,"currency":"CNY","items":[]})",
			"deck.json: \"name\" must be text in double quotes, not a number"},
		BadDeck{"name_empty", R"({"version":1,"name":"","currency":"CNY","items":[]})", "\"name\" is empty"},
		BadDeck{"name_missing", R"({"version":1,"currency":"CNY","items":[]})", "\"name\" is missing"},
		BadDeck{"currency_missing", R"({"version":1,"name":"n","items":[]})", "\"currency\" is missing"},
		BadDeck{"currency_unknown", R"({"version":1,"name":"n","currency":"XYZ","items":[]})",
			"unknown currency \"XYZ\""},
		BadDeck{"currency_lowercase", R"({"version":1,"name":"n","currency":"cny","items":[]})",
			"unknown currency \"cny\""},
		BadDeck{"items_missing", R"({"version":1,"name":"n","currency":"CNY"})", "\"items\" is missing"},
		BadDeck{"items_object", R"({"version":1,"name":"n","currency":"CNY","items":{}})",
			"\"items\" must be a list ([...]), not an object"},
		BadDeck{"unknown_top_field", R"({"version":1,"name":"n","currency":"CNY","items":[],"colour":"red"})",
			"deck.json: unknown field \"colour\""},
		BadDeck{"item_text", ITEMS("\"p1\""), "deck.json: item 1: expected an object ({...}), found text"},
		BadDeck{"number_missing", ITEMS("{\"product_id\":\"p\"}"), "deck.json: item 1: \"number\" is missing"},
		BadDeck{"number_text", ITEMS("{\"number\":\"1\",\"product_id\":\"p\"}"),
			"item 1: \"number\" must be a whole number, not text"},
		BadDeck{"number_real", ITEMS("{\"number\":1.5,\"product_id\":\"p\"}"),
			"\"number\" must be a whole number, not a number"},
		BadDeck{"number_bool", ITEMS("{\"number\":true,\"product_id\":\"p\"}"),
			"\"number\" must be a whole number, not true/false"},
		BadDeck{"number_zero", ITEMS("{\"number\":0,\"product_id\":\"p\"}"),
			"item 1: number 0 is out of range (1 to 9999)"},
		BadDeck{"number_too_big", ITEMS("{\"number\":10000,\"product_id\":\"p\"}"), "out of range"},
		BadDeck{"number_huge", ITEMS("{\"number\":99999999999999,\"product_id\":\"p\"}"), "out of range"},
		BadDeck{"number_twice",
			ITEMS("{\"number\":4,\"product_id\":\"a\"},{\"number\":5,\"product_id\":\"b\"},"
			      "{\"number\":4,\"product_id\":\"c\"}"),
			"deck.json: item 3: number 4 is already used by item 1"},
		BadDeck{"product_missing", ITEMS("{\"number\":7}"),
			"deck.json: item 1 (#7): \"product_id\" is missing"},
		BadDeck{"product_number", ITEMS("{\"number\":7,\"product_id\":12}"),
			"item 1 (#7): \"product_id\" must be text in double quotes, not a number"},
		BadDeck{"product_empty", ITEMS("{\"number\":7,\"product_id\":\"\"}"), "\"product_id\" is empty"},
		BadDeck{"title_list", ITEMS("{\"number\":7,\"product_id\":\"p\",\"title\":[]}"),
			"item 1 (#7): \"title\" must be text in double quotes, not a list"},
		BadDeck{"price_number", ITEMS("{\"number\":7,\"product_id\":\"p\",\"price\":29.9}"),
			"item 1 (#7): \"price\" must be text in double quotes, not a number"},
		BadDeck{"price_decimals", ITEMS("{\"number\":7,\"product_id\":\"p\",\"price\":\"29.901\"}"),
			"deck.json: item 1 (#7): \"price\": \"29.901\" has more decimals than CNY allows (2)"},
		BadDeck{"price_junk", ITEMS("{\"number\":7,\"product_id\":\"p\",\"price\":\"29,90\"}"),
			"\"price\": \"29,90\" is not a price"},
		BadDeck{"coupon_bool", ITEMS("{\"number\":7,\"product_id\":\"p\",\"coupon\":false}"),
			"\"coupon\" must be text in double quotes, not true/false"},
		BadDeck{"unknown_item_field", ITEMS("{\"number\":7,\"product_id\":\"p\",\"tittle\":\"x\"}"),
			"deck.json: item 1 (#7): unknown field \"tittle\""},
		BadDeck{"second_item_bad", ITEMS("{\"number\":1,\"product_id\":\"a\"},{\"number\":2}"),
			"deck.json: item 2 (#2): \"product_id\" is missing"}),
	[](const testing::TestParamInfo<BadDeck> &info) { return std::string(info.param.name); });

TEST(DeckJson, FailedParseLeavesTheDeckAsItWas)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(spring_json, "deck.json", &deck.d, &err)) << err.text;
	EXPECT_FALSE(olc_deck_json_parse(ITEMS("{\"number\":1}"), "deck.json", &deck.d, &err));
	Deck expected;
	build_spring(&expected.d);
	EXPECT_TRUE(olc_deck_equal(&deck.d, &expected.d));
}

TEST(DeckJson, SerialiseRefusesADeckWithoutNameOrCurrency)
{
	Deck deck;
	olc_error err{};
	EXPECT_EQ(olc_deck_json_serialise(&deck.d, &err), nullptr);
	EXPECT_TRUE(contains(err.text, "no name")) << err.text;
	ASSERT_TRUE(olc_deck_set_name(&deck.d, "n", &err));
	EXPECT_EQ(olc_deck_json_serialise(&deck.d, &err), nullptr);
	EXPECT_TRUE(contains(err.text, "currency")) << err.text;
}

TEST(DeckJson, SerialiseRefusesAPriceInAnotherCurrency)
{
	Deck deck;
	build_spring(&deck.d);
	// Bypassing olc_deck_item_set_price, as a careless caller could.
	ASSERT_TRUE(olc_money_set(&deck.d.items[0].price, 2990, "JPY"));
	olc_error err{};
	EXPECT_EQ(olc_deck_json_serialise(&deck.d, &err), nullptr);
	EXPECT_TRUE(contains(err.text, "item #3: the price is not in the deck's currency")) << err.text;
}

TEST(DeckJsonFile, SaveThenLoadGivesTheSameDeckAndNoLeftovers)
{
	TempDir dir;
	Deck deck, loaded;
	build_spring(&deck.d);
	olc_error err{};
	std::string path = dir.file("deck.json");

	ASSERT_TRUE(olc_deck_json_save(&deck.d, path.c_str(), &err)) << err.text;
	EXPECT_EQ(read_bytes(path), spring_json);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"deck.json"}));
	struct stat st;
	ASSERT_EQ(stat(path.c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 07777, 0644u);

	ASSERT_TRUE(olc_deck_json_load(path.c_str(), &loaded.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&deck.d, &loaded.d));
}

TEST(DeckJsonFile, SaveReplacesAndKeepsTheFileMode)
{
	TempDir dir;
	std::string path = dir.file("deck.json");
	write_bytes(path, "old bytes");
	ASSERT_EQ(chmod(path.c_str(), 0640), 0);

	Deck deck;
	build_spring(&deck.d);
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_save(&deck.d, path.c_str(), &err)) << err.text;
	EXPECT_EQ(read_bytes(path), spring_json);
	struct stat st;
	ASSERT_EQ(stat(path.c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 07777, 0640u);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"deck.json"}));
}

// The write itself fails part-way: a child process may only write 64 bytes per file (tests run as
// root, so permissions would not stop it), and SIGXFSZ is ignored so write() reports EFBIG.
TEST(DeckJsonFile, FailedWriteLeavesTheOldFileIntact)
{
	TempDir dir;
	std::string path = dir.file("deck.json");
	const std::string old_bytes = "{\"version\":1,\"name\":\"Old deck\",\"currency\":\"EUR\",\"items\":[]}\n";
	write_bytes(path, old_bytes);

	Deck deck;
	build_spring(&deck.d);
	ASSERT_GT(serialise(deck.d).size(), 64u);

	LimitedRun run = with_file_size_limit(64, [&](char *message, size_t size) {
		olc_error err{};
		bool saved = olc_deck_json_save(&deck.d, path.c_str(), &err);
		snprintf(message, size, "%s", err.text);
		return saved;
	});
	ASSERT_EQ(run.trouble, "");
	ASSERT_FALSE(run.succeeded) << "the save did not fail";
	const std::string &message = run.message;

	EXPECT_TRUE(contains(message, "deck.json: cannot save (File too large); the old file is unchanged")) << message;
	EXPECT_EQ(read_bytes(path), old_bytes);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"deck.json"})) << "the temporary file was left behind";

	// Without the limit the same save succeeds, so the limit was what stopped it.
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_save(&deck.d, path.c_str(), &err)) << err.text;
	EXPECT_EQ(read_bytes(path), spring_json);
}

TEST(DeckJsonFile, FailedRenameLeavesTheTargetAndNoTemporaryFile)
{
	TempDir dir;
	std::string path = dir.file("deck.json");
	ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
	write_bytes(path + "/inside", "kept");

	Deck deck;
	build_spring(&deck.d);
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_save(&deck.d, path.c_str(), &err));
	EXPECT_TRUE(contains(err.text, "deck.json: cannot save (")) << err.text;
	EXPECT_EQ(read_bytes(path + "/inside"), "kept");
	EXPECT_EQ(dir.names(), (std::set<std::string>{"deck.json"}));
}

TEST(DeckJsonFile, SaveIntoAMissingFolderFails)
{
	TempDir dir;
	std::string path = dir.file("no-such-folder/deck.json");
	Deck deck;
	build_spring(&deck.d);
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_save(&deck.d, path.c_str(), &err));
	EXPECT_TRUE(contains(err.text, "deck.json: cannot save (No such file or directory)")) << err.text;
	EXPECT_TRUE(dir.names().empty());
}

TEST(DeckJsonFile, SavingAnInvalidDeckLeavesTheOldFile)
{
	TempDir dir;
	std::string path = dir.file("deck.json");
	write_bytes(path, spring_json);
	Deck nameless;
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_save(&nameless.d, path.c_str(), &err));
	EXPECT_TRUE(contains(err.text, "deck.json: cannot save (the deck has no name)")) << err.text;
	EXPECT_EQ(read_bytes(path), spring_json);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"deck.json"}));
}

TEST(DeckJsonFile, LoadNamesTheFileInErrors)
{
	TempDir dir;
	Deck deck;
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_load(dir.file("missing.json").c_str(), &deck.d, &err));
	EXPECT_TRUE(contains(err.text, "missing.json: cannot open (No such file or directory)")) << err.text;

	std::string path = dir.file("spring.json");
	write_bytes(path, "{\n  \"version\": 1,\n  \"name\": ,\n}");
	EXPECT_FALSE(olc_deck_json_load(path.c_str(), &deck.d, &err));
	EXPECT_EQ(std::string(err.text).rfind("spring.json: not JSON (line 3, column ", 0), 0u) << err.text;

	// A NUL inside the file is not JSON either; it must not cut the text short silently.
	std::string with_nul = R"({"version":1,"name":"n","currency":"CNY","items":[]})";
	with_nul += '\0';
	with_nul += "junk";
	write_bytes(path, with_nul);
	EXPECT_FALSE(olc_deck_json_load(path.c_str(), &deck.d, &err));
	EXPECT_TRUE(contains(err.text, "spring.json: not JSON")) << err.text;
}

// LoadDeck runs on obs-websocket's thread: a path that names a named pipe must be refused at once,
// not read (opening a pipe waits for a writer, reading it for data: forever).
TEST(DeckJsonFile, ANamedPipeIsRefusedAtOnceAsNotARegularFile)
{
	TempDir dir;
	std::string fifo = dir.file("deck.json");
	make_fifo(fifo);
	Deck deck;
	olc_error err{};
	bool loaded = true;
	EXPECT_TRUE(returns_within(
		std::chrono::seconds(10), [&] { loaded = olc_deck_json_load(fifo.c_str(), &deck.d, &err); },
		[&] { release_fifo(fifo); }))
		<< "loading a deck from a named pipe blocked until the pipe was opened for writing";
	EXPECT_FALSE(loaded);
	EXPECT_STREQ(err.text, "deck.json is not a regular file (it is a named pipe)");
	EXPECT_EQ(deck.d.count, 0u);
}

TEST(DeckJsonFile, DevicesAndFoldersAreNotRegularFiles)
{
	TempDir dir;
	Deck deck;
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_load("/dev/null", &deck.d, &err));
	EXPECT_STREQ(err.text, "null is not a regular file (it is a device)");
	std::string folder = dir.file("folder.json");
	std::filesystem::create_directory(folder);
	EXPECT_FALSE(olc_deck_json_load(folder.c_str(), &deck.d, &err));
	EXPECT_STREQ(err.text, "folder.json is not a regular file (it is a folder)");
}

// A local file's error must not quote the file: given /etc/shadow, jansson's "near '...'" printed
// a line of it into GetStatus and the log. Line and column say where without saying what.
TEST(DeckJsonFile, AnInvalidFileIsPlacedByLineAndColumnWithoutQuotingIt)
{
	TempDir dir;
	std::string path = dir.file("shadow");
	const std::string secret = "root:$6$Zq9sEcReT$hAsHhAsH:19700:0:99999:7:::";
	write_bytes(path, secret + "\ndaemon:*:19700:0:99999:7:::\n");
	Deck deck;
	olc_error err{};
	EXPECT_FALSE(olc_deck_json_load(path.c_str(), &deck.d, &err));
	std::string message = err.text;
	EXPECT_EQ(message.rfind("shadow: not JSON (line 1, column ", 0), 0u) << message;
	for (const char *part : {"root", "$6$", "Zq9s", "hAsH", "daemon", "19700", "near"})
		EXPECT_FALSE(contains(message, part)) << part << " quoted in: " << message;

	// A duplicate field is no different: the name of the field is the file's content too.
	write_bytes(path, "{\"version\": 1, \"cs_live_9f8e7d\": 1, \"cs_live_9f8e7d\": 2}");
	EXPECT_FALSE(olc_deck_json_load(path.c_str(), &deck.d, &err));
	message = err.text;
	EXPECT_EQ(message.rfind("shadow: a field appears twice in one object (line 1, column ", 0), 0u) << message;
	EXPECT_FALSE(contains(message, "cs_live")) << message;
}

// ---- version 2: coupon text, tags, notes, hidden price, scene ----

namespace {

// A version 2 deck with Chinese text, quotes, commas and line breaks in every text field.
void build_market(olc_deck *d)
{
	olc_error err{};
	olc_money price{};
	ASSERT_TRUE(olc_deck_set_name(d, "春季市集 \"早场\"", &err));
	ASSERT_TRUE(olc_deck_set_currency(d, "CNY", &err));
	olc_deck_item *item = olc_deck_append(d, 3, "sr-500", &err);
	ASSERT_NE(item, nullptr) << err.text;
	ASSERT_TRUE(olc_deck_item_set_title(item, "松茸 500g, \"特级\""));
	ASSERT_TRUE(olc_money_set(&price, 16800, "CNY"));
	ASSERT_TRUE(olc_deck_item_set_price(d, item, &price, &err));
	ASSERT_TRUE(olc_deck_item_set_coupon(item, "SPRING10"));
	ASSERT_TRUE(olc_deck_item_set_coupon_text(item, "满99减10, 限今晚"));
	const char *tags[] = {"新品", "包邮", "", "新品", "产地直发"};
	ASSERT_TRUE(olc_deck_item_set_tags(item, tags, 5));
	ASSERT_TRUE(olc_deck_item_set_notes(item, "1. 今早采的\n2. 打开盒子, 给特写\n3. 说\"冷链\""));
	item->hide_price = true;
	ASSERT_TRUE(olc_deck_item_set_scene(item, "特写 Close-up"));
	ASSERT_NE(olc_deck_append(d, 1, "p7", &err), nullptr);
}

} // namespace

TEST(DeckJson, SetTagsDropsEmptyAndRepeatedOnes)
{
	Deck deck;
	build_market(&deck.d);
	const olc_deck_item &item = deck.d.items[0];
	ASSERT_EQ(item.tag_count, 3u);
	EXPECT_STREQ(item.tags[0], "新品");
	EXPECT_STREQ(item.tags[1], "包邮");
	EXPECT_STREQ(item.tags[2], "产地直发");
}

TEST(DeckJson, Version2RoundTripKeepsEveryNewField)
{
	Deck original, parsed, copy;
	build_market(&original.d);
	olc_error err{};
	std::string text = serialise(original.d);
	EXPECT_TRUE(contains(text, "\"version\": 2")) << text;
	EXPECT_TRUE(contains(text, "\"hide_price\": true")) << text;
	ASSERT_TRUE(olc_deck_json_parse(text.c_str(), "deck.json", &parsed.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&original.d, &parsed.d));
	const olc_deck_item &item = parsed.d.items[0];
	EXPECT_STREQ(item.coupon_text, "满99减10, 限今晚");
	EXPECT_STREQ(item.notes, "1. 今早采的\n2. 打开盒子, 给特写\n3. 说\"冷链\"");
	EXPECT_STREQ(item.scene, "特写 Close-up");
	EXPECT_TRUE(item.hide_price);
	ASSERT_EQ(item.tag_count, 3u);
	EXPECT_STREQ(item.tags[2], "产地直发");
	EXPECT_FALSE(parsed.d.items[1].hide_price);
	EXPECT_EQ(parsed.d.items[1].tag_count, 0u);

	// Copy and equality see every new field: a copy is equal, and each change is seen.
	ASSERT_TRUE(olc_deck_copy(&copy.d, &parsed.d));
	EXPECT_TRUE(olc_deck_equal(&copy.d, &original.d));
	copy.d.items[0].hide_price = false;
	EXPECT_FALSE(olc_deck_equal(&copy.d, &original.d));
	copy.d.items[0].hide_price = true;
	ASSERT_TRUE(olc_deck_item_set_notes(&copy.d.items[0], "other"));
	EXPECT_FALSE(olc_deck_equal(&copy.d, &original.d));
	ASSERT_TRUE(olc_deck_item_set_notes(&copy.d.items[0], original.d.items[0].notes));
	const char *one[] = {"新品"};
	ASSERT_TRUE(olc_deck_item_set_tags(&copy.d.items[0], one, 1));
	EXPECT_FALSE(olc_deck_equal(&copy.d, &original.d));
}

TEST(DeckJson, Version1FilesStillRead)
{
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(
		R"({"version":1,"name":"old","currency":"CNY","items":[{"number":1,"product_id":"p","coupon":"SPRING10 takes 10% off"}]})",
		"deck.json", &deck.d, &err))
		<< err.text;
	EXPECT_STREQ(deck.d.items[0].coupon, "SPRING10 takes 10% off");
	EXPECT_EQ(deck.d.items[0].coupon_text, nullptr);
	// Saved again, it is version 2.
	EXPECT_TRUE(contains(serialise(deck.d), "\"version\": 2"));
}

TEST(DeckJson, Version1FileWithAVersion2FieldIsRefused)
{
	std::string message = parse_error(ITEMS("{\"number\":7,\"product_id\":\"p\",\"notes\":\"x\"}"));
	EXPECT_TRUE(contains(message, "item 1 (#7): unknown field \"notes\"")) << message;
}

#define ITEMS2(x) "{\"version\":2,\"name\":\"n\",\"currency\":\"CNY\",\"items\":[" x "]}"

TEST(DeckJson, Version2FieldsAreCheckedByType)
{
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"tags\":\"a|b\"}")),
			     "\"tags\" must be a list of texts"));
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"tags\":[\"a\",3]}")),
			     "tag 2 must be text in double quotes, not a number"));
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"hide_price\":\"yes\"}")),
			     "\"hide_price\" must be true or false, not text"));
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"scene\":1}")),
			     "\"scene\" must be text in double quotes, not a number"));
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"note\":\"x\"}")),
			     "unknown field \"note\""));
}

TEST(DeckJson, TagsAsTagObjectsAreReadAsTexts)
{
	// How obs-websocket carries a deck (GetDeck answers it so, LoadDeck {deck} sends it back).
	Deck deck;
	olc_error err{};
	ASSERT_TRUE(olc_deck_json_parse(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"tags\":[{\"tag\":\"新品\"},\"包邮\"]}"),
					"deck.json", &deck.d, &err))
		<< err.text;
	ASSERT_EQ(deck.d.items[0].tag_count, 2u);
	EXPECT_STREQ(deck.d.items[0].tags[0], "新品");
	EXPECT_TRUE(contains(parse_error(ITEMS2("{\"number\":7,\"product_id\":\"p\",\"tags\":[{\"tag\":\"a\",\"x\":1}]}")),
			     "tag 1 must be text in double quotes, not an object"));
}
