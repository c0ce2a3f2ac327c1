// The named decks (core/session/deck-library.h) on real folders: edits in memory at once, files
// written by the saver, atomically and coalesced, and a folder that cannot be written loses nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/model/deck-json.h"
#include "core/session/deck-library.h"
#include "temp-dir.h"

namespace {

struct Deck {
	olc_deck d;
	Deck() { olc_deck_init(&d); }
	~Deck() { olc_deck_free(&d); }
};

void make_deck(olc_deck *d, const char *name, int items)
{
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(d, name, &err));
	ASSERT_TRUE(olc_deck_set_currency(d, "CNY", &err));
	for (int i = 1; i <= items; i++) {
		olc_deck_item *item = olc_deck_append(d, i, ("p" + std::to_string(i)).c_str(), &err);
		ASSERT_NE(item, nullptr) << err.text;
		ASSERT_TRUE(olc_deck_item_set_notes(item, "讲解要点"));
	}
}

std::vector<std::string> names(olc_deck_library *lib)
{
	size_t count = 0;
	char **list = olc_deck_library_names(lib, &count);
	std::vector<std::string> result(list, list + count);
	olc_deck_library_names_free(list, count);
	return result;
}

std::string active(olc_deck_library *lib)
{
	char *name = olc_deck_library_active(lib);
	std::string result = name ? name : "(none)";
	free(name);
	return result;
}

olc_deck_library *open_library(const std::string &dir, int delay_ms, std::string *load_error = nullptr)
{
	olc_error err{}, load_err{};
	olc_deck_library *lib = olc_deck_library_create(dir.c_str(), delay_ms, &load_err, &err);
	EXPECT_NE(lib, nullptr) << err.text;
	if (load_error)
		*load_error = load_err.text;
	return lib;
}

} // namespace

TEST(DeckLibrary, PutSelectRenameRemoveAndBackAfterARestart)
{
	TempDir tmp;
	const std::string dir = tmp.file("decks");
	olc_error err{};
	olc_deck_library *lib = open_library(dir, 20);
	Deck spring, autumn, copy;
	make_deck(&spring.d, "春季市集", 3);
	make_deck(&autumn.d, "Autumn", 1);
	ASSERT_TRUE(olc_deck_library_put(lib, &spring.d, &err)) << err.text;
	ASSERT_TRUE(olc_deck_library_put(lib, &autumn.d, &err)) << err.text;
	EXPECT_EQ(names(lib), (std::vector<std::string>{"Autumn", "春季市集"}));
	EXPECT_EQ(active(lib), "(none)");
	EXPECT_FALSE(olc_deck_library_select(lib, "Winter", &err));
	EXPECT_STREQ(err.text, "there is no deck called \"Winter\"");
	ASSERT_TRUE(olc_deck_library_select(lib, "春季市集", &err)) << err.text;
	olc_deck_library_flush(lib);
	EXPECT_EQ(tmp.names().count("decks"), 1u);
	EXPECT_EQ(read_bytes(dir + "/active.txt"), "春季市集");
	Deck on_disk;
	ASSERT_TRUE(olc_deck_json_load((dir + "/春季市集.json").c_str(), &on_disk.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&on_disk.d, &spring.d));

	// A name with a slash gets a file name any system takes; the active name follows.
	ASSERT_TRUE(olc_deck_library_rename(lib, "春季市集", "春季/早场", &err)) << err.text;
	EXPECT_FALSE(olc_deck_library_rename(lib, "Autumn", "春季/早场", &err));
	EXPECT_STREQ(err.text, "there is already a deck called \"春季/早场\"");
	ASSERT_TRUE(olc_deck_library_remove(lib, "Autumn", &err)) << err.text;
	olc_deck_library_flush(lib);
	std::set<std::string> files;
	for (const auto &e : std::filesystem::directory_iterator(dir))
		files.insert(e.path().filename().string());
	EXPECT_EQ(files, (std::set<std::string>{"春季_早场.json", "active.txt"}));
	EXPECT_EQ(active(lib), "春季/早场");
	olc_deck_library_destroy(lib);

	lib = open_library(dir, 20);
	EXPECT_EQ(names(lib), (std::vector<std::string>{"春季/早场"}));
	EXPECT_EQ(active(lib), "春季/早场");
	ASSERT_TRUE(olc_deck_library_get(lib, "春季/早场", &copy.d));
	EXPECT_STREQ(copy.d.name, "春季/早场");
	EXPECT_EQ(copy.d.count, 3u);
	EXPECT_STREQ(copy.d.items[2].notes, "讲解要点");
	olc_deck_library_destroy(lib);
}

TEST(DeckLibrary, ABurstOfEditsIsWrittenOnce)
{
	TempDir tmp;
	const std::string dir = tmp.file("decks");
	olc_error err{};
	// A delay far longer than the burst: only flush writes, so the count cannot depend on timing.
	olc_deck_library *lib = open_library(dir, 60000);
	Deck deck;
	make_deck(&deck.d, "autosave", 1);
	for (int i = 0; i < 50; i++) {
		ASSERT_TRUE(olc_deck_item_set_title(&deck.d.items[0], ("title " + std::to_string(i)).c_str()));
		ASSERT_TRUE(olc_deck_library_put(lib, &deck.d, &err)) << err.text;
	}
	// Time enough for a saver that did not wait to have written (with the delay, none has).
	std::this_thread::sleep_for(std::chrono::milliseconds(200));
	EXPECT_EQ(olc_deck_library_writes(lib), 0u);
	olc_deck_library_flush(lib);
	EXPECT_EQ(olc_deck_library_writes(lib), 1u);
	Deck on_disk;
	ASSERT_TRUE(olc_deck_json_load((dir + "/autosave.json").c_str(), &on_disk.d, &err)) << err.text;
	EXPECT_STREQ(on_disk.d.items[0].title, "title 49");
	olc_deck_library_destroy(lib);
}

TEST(DeckLibrary, AFolderThatCannotBeWrittenKeepsTheEditAndSaysSo)
{
	TempDir tmp;
	// The folder's parent is a file: no one, not even root, can make the folder.
	write_bytes(tmp.file("blocker"), "not a folder");
	const std::string dir = tmp.file("blocker/decks");
	olc_error err{};
	olc_deck_library *lib = open_library(dir, 0);
	Deck deck, got;
	make_deck(&deck.d, "market", 2);
	ASSERT_TRUE(olc_deck_library_put(lib, &deck.d, &err)) << err.text;
	olc_deck_library_flush(lib);
	olc_error save{};
	olc_deck_library_save_error(lib, &save);
	EXPECT_NE(std::string(save.text).find("cannot be made"), std::string::npos) << save.text;
	EXPECT_NE(std::string(save.text).find("kept until OBS quits"), std::string::npos) << save.text;
	ASSERT_TRUE(olc_deck_library_get(lib, "market", &got.d));
	EXPECT_TRUE(olc_deck_equal(&got.d, &deck.d));

	// Mended: the next edit writes every deck that was waiting, and the error goes.
	std::filesystem::remove(tmp.file("blocker"));
	Deck other;
	make_deck(&other.d, "other", 1);
	ASSERT_TRUE(olc_deck_library_put(lib, &other.d, &err)) << err.text;
	olc_deck_library_flush(lib);
	olc_deck_library_save_error(lib, &save);
	EXPECT_STREQ(save.text, "");
	Deck on_disk;
	ASSERT_TRUE(olc_deck_json_load((dir + "/market.json").c_str(), &on_disk.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&on_disk.d, &deck.d));
	olc_deck_library_destroy(lib);
}

TEST(DeckLibrary, AnUnreadableFileIsNamedAndNeverOverwritten)
{
	TempDir tmp;
	const std::string dir = tmp.file("decks");
	std::filesystem::create_directory(dir);
	write_bytes(dir + "/market.json", "{\"version\": 1, \"name\": ");
	std::string load_error;
	olc_deck_library *lib = open_library(dir, 0, &load_error);
	EXPECT_NE(load_error.find("market.json"), std::string::npos) << load_error;
	EXPECT_TRUE(names(lib).empty());
	olc_error err{};
	Deck deck;
	make_deck(&deck.d, "market", 1);
	ASSERT_TRUE(olc_deck_library_put(lib, &deck.d, &err)) << err.text;
	olc_deck_library_flush(lib);
	EXPECT_EQ(read_bytes(dir + "/market.json"), "{\"version\": 1, \"name\": ");
	Deck on_disk;
	ASSERT_TRUE(olc_deck_json_load((dir + "/market-2.json").c_str(), &on_disk.d, &err)) << err.text;
	EXPECT_TRUE(olc_deck_equal(&on_disk.d, &deck.d));
	olc_deck_library_destroy(lib);
}

TEST(DeckLibrary, PutRefusesADeckNoFileCouldHold)
{
	TempDir tmp;
	olc_deck_library *lib = open_library(tmp.file("decks"), 0);
	Deck nameless;
	olc_error err{};
	EXPECT_FALSE(olc_deck_library_put(lib, &nameless.d, &err));
	EXPECT_STREQ(err.text, "the deck has no name");
	EXPECT_TRUE(names(lib).empty());
	olc_deck_library_destroy(lib);
}

TEST(DeckLibrary, TheDeckOf010BecomesTheActiveNamedDeckOnce)
{
	TempDir tmp;
	// The session's cached deck as 0.1.0 wrote it (deck JSON version 1, its layout byte for byte).
	const std::string cached = tmp.file("deck.json");
	write_bytes(cached, R"({
  "version": 1,
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
    }
  ]
}
)");
	const std::string dir = tmp.file("decks");
	olc_error err{};
	olc_deck_library *lib = open_library(dir, 0);
	EXPECT_FALSE(olc_deck_library_adopt(lib, tmp.file("absent.json").c_str(), &err));
	EXPECT_STREQ(err.text, "");
	ASSERT_TRUE(olc_deck_library_adopt(lib, cached.c_str(), &err)) << err.text;
	EXPECT_EQ(names(lib), (std::vector<std::string>{"Spring market 春季市集"}));
	EXPECT_EQ(active(lib), "Spring market 春季市集");
	olc_deck_library_flush(lib);
	olc_deck_library_destroy(lib);

	// After a restart it is there, saved as version 2; the cache file is left as it was, and with
	// a named deck there, the cache is not adopted again.
	lib = open_library(dir, 0);
	EXPECT_EQ(active(lib), "Spring market 春季市集");
	Deck deck;
	ASSERT_TRUE(olc_deck_library_get(lib, "Spring market 春季市集", &deck.d));
	ASSERT_EQ(deck.d.count, 2u);
	EXPECT_STREQ(deck.d.items[0].coupon, "SPRING10 立减10元");
	EXPECT_EQ(deck.d.items[0].price.minor, 2990);
	EXPECT_NE(read_bytes(dir + "/Spring market 春季市集.json").find("\"version\": 2"), std::string::npos);
	EXPECT_NE(read_bytes(cached).find("\"version\": 1"), std::string::npos);
	ASSERT_TRUE(olc_deck_library_remove(lib, "Spring market 春季市集", &err));
	Deck other;
	make_deck(&other.d, "other", 1);
	ASSERT_TRUE(olc_deck_library_put(lib, &other.d, &err));
	EXPECT_FALSE(olc_deck_library_adopt(lib, cached.c_str(), &err));
	EXPECT_EQ(names(lib), (std::vector<std::string>{"other"}));
	olc_deck_library_destroy(lib);
}
