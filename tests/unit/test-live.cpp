// What the live session does by itself and what the helper sets once: the sold-out advance (with a
// clock of the test's own), the scene ties, the live settings file (live.json) and the overlay text
// of the stream language with its English fallback per key.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>

#include "core/session/auto-feature.h"
#include "core/session/live-settings.h"
#include "core/base/text.h"
#include "runtime/stream-text.h"

#include "data-dir.h"
#include "temp-dir.h"

namespace {

// A hand-made snapshot: a catalog with stock, a deck, what is featured. Owns what it holds.
class Board {
      public:
	Board()
	{
		memset(&snap_, 0, sizeof(snap_));
		olc_catalog_init(&snap_.catalog);
		olc_deck_init(&snap_.deck);
		olc_error err{};
		EXPECT_TRUE(olc_deck_set_name(&snap_.deck, "早市 Morning", &err)) << err.text;
		EXPECT_TRUE(olc_deck_set_currency(&snap_.deck, "CNY", &err)) << err.text;
	}
	~Board()
	{
		olc_catalog_free(&snap_.catalog);
		olc_deck_free(&snap_.deck);
		for (size_t i = 0; i < snap_.featured_count; i++)
			free(snap_.featured[i]);
	}
	Board(const Board &) = delete;
	Board &operator=(const Board &) = delete;

	// stock < 0: the shop does not track it.
	void product(const char *id, long long stock)
	{
		olc_product p;
		olc_product_init(&p);
		ASSERT_TRUE(olc_str_set(&p.id, id));
		ASSERT_TRUE(olc_str_set(&p.title, id));
		ASSERT_TRUE(olc_money_set(&p.price, 16800, "CNY"));
		p.has_stock = stock >= 0;
		p.stock = stock >= 0 ? stock : 0;
		olc_error err{};
		ASSERT_TRUE(olc_catalog_take(&snap_.catalog, &p, &err)) << err.text;
		olc_product_free(&p);
	}
	void item(int number, const char *id)
	{
		olc_error err{};
		ASSERT_NE(olc_deck_append(&snap_.deck, number, id, &err), nullptr) << err.text;
	}
	void stock(const char *id, long long n)
	{
		olc_product *p = const_cast<olc_product *>(olc_catalog_find(&snap_.catalog, id));
		ASSERT_NE(p, nullptr);
		p->has_stock = true;
		p->stock = n;
	}
	void feature(const char *id, int number)
	{
		for (size_t i = 0; i < snap_.featured_count; i++)
			free(snap_.featured[i]);
		snap_.featured[0] = olc_strdup(id);
		snap_.featured_count = 1;
		snap_.featured_number = number;
	}
	const olc_snapshot *get() const { return &snap_; }

      private:
	olc_snapshot snap_;
};

// #1 matsutake, #2 rose jam, #3 naan (sold out), #4 honey (stock not tracked), #6 matsutake again.
void fill(Board &b)
{
	b.product("matsutake", 3);
	b.product("rose-jam", 10);
	b.product("naan", 0);
	b.product("honey", -1);
	b.item(1, "matsutake");
	b.item(2, "rose-jam");
	b.item(3, "naan");
	b.item(4, "honey");
	b.item(6, "matsutake");
}

} // namespace

TEST(SoldOutAdvance, NextInStockSkipsSoldOutItemsAndWraps)
{
	Board b;
	fill(b);
	const olc_snapshot *s = b.get();
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 1), 2);
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 2), 4); // #3 naan is sold out
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 4), 6);
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 6), 1); // wraps
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 0), 1); // from nowhere: the first
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 77), 1);
	b.stock("matsutake", 0);
	b.stock("rose-jam", 0);
	b.stock("honey", -2); // oversold
	EXPECT_EQ(olc_deck_next_in_stock(&s->deck, &s->catalog, 1), 0) << "nothing in stock";
}

TEST(SoldOutAdvance, WaitsTheSoldOutTimeThenFeaturesTheNextItemInStockOnce)
{
	Board b;
	fill(b);
	b.feature("rose-jam", 2);
	olc_sold_out_watch w{};
	int64_t wait = 0;
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 1000, 5000, &wait), 0);
	EXPECT_EQ(wait, -1) << "in stock: nothing to wait for";

	b.stock("rose-jam", 0); // the last jar sold at t = 2 s
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 2000, 5000, &wait), 0);
	EXPECT_EQ(wait, 5000);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 4500, 5000, &wait), 0) << "an event in between";
	EXPECT_EQ(wait, 2500);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 6999, 5000, &wait), 0);
	EXPECT_EQ(wait, 1);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 7000, 5000, &wait), 4) << "#3 is sold out too";
	EXPECT_EQ(wait, -1);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 9000, 5000, &wait), 0) << "once per sell-out";
}

TEST(SoldOutAdvance, FeaturingAnotherItemStartsAfreshAndRestockDisarms)
{
	Board b;
	fill(b);
	b.feature("matsutake", 1);
	b.stock("matsutake", 0);
	olc_sold_out_watch w{};
	int64_t wait = 0;
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 0, 3000, &wait), 0);
	// The host features #6, the same product at another number: a new sell-out, a new wait.
	b.feature("matsutake", 6);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 2000, 3000, &wait), 0);
	EXPECT_EQ(wait, 3000);
	// The shop restocks before the time is up: nothing happens.
	b.stock("matsutake", 5);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 4000, 3000, &wait), 0);
	b.stock("matsutake", 0);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 4100, 3000, &wait), 0);
	EXPECT_EQ(wait, 3000) << "sold out again: the full time again";
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 7100, 3000, &wait), 2) << "after #6, #1 is the same sold-out product";
}

TEST(SoldOutAdvance, NothingInStockLeavesTheSoldOutCardAndAProductOutsideTheDeckGoesToTheFirst)
{
	Board b;
	b.product("a", 0);
	b.product("b", 0);
	b.product("loose", 0);
	b.item(1, "a");
	b.item(2, "b");
	b.feature("a", 1);
	olc_sold_out_watch w{};
	int64_t wait = 0;
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 0, 1000, &wait), 0);
	EXPECT_EQ(olc_sold_out_watch_look(&w, b.get(), 1000, 1000, &wait), 0) << "nothing in stock: stay";
	EXPECT_EQ(wait, -1);

	Board c;
	c.product("a", 4);
	c.product("loose", 0);
	c.item(1, "a");
	c.feature("loose", 0);
	olc_sold_out_watch v{};
	EXPECT_EQ(olc_sold_out_watch_look(&v, c.get(), 0, 1000, &wait), 0);
	EXPECT_EQ(olc_sold_out_watch_look(&v, c.get(), 1000, 1000, &wait), 1);
}

TEST(SceneTies, TheItemTiedToExactlyThatSceneNameAnswers)
{
	const olc_scene_tie ties[] = {{1, nullptr}, {3, "松茸 特写"}, {4, ""}, {7, "Close-up"}, {9, "Close-up"}};
	EXPECT_EQ(olc_scene_tie_match("松茸 特写", ties, 5), 3);
	EXPECT_EQ(olc_scene_tie_match("Close-up", ties, 5), 7) << "the first item tied to it";
	EXPECT_EQ(olc_scene_tie_match("close-up", ties, 5), 0) << "names compare byte for byte";
	EXPECT_EQ(olc_scene_tie_match("", ties, 5), 0);
	EXPECT_EQ(olc_scene_tie_match(nullptr, ties, 5), 0);
	EXPECT_EQ(olc_scene_tie_match("Main", ties, 5), 0);
}

TEST(LiveSettings, DefaultsFollowObsAndDoNotAdvance)
{
	olc_live_settings s;
	olc_live_settings_default(&s);
	EXPECT_STREQ(s.stream_language, "");
	EXPECT_FALSE(s.sold_out_advance);
	EXPECT_EQ(s.sold_out_seconds, 5);
	EXPECT_TRUE(s.scene_features_item);
	size_t n = 0;
	const char *const *langs = olc_live_languages(&n);
	ASSERT_EQ(n, 4u);
	EXPECT_STREQ(langs[1], "zh-CN");
}

TEST(LiveSettings, SavedAndReadBackAndABadFileIsRefusedInPlainWords)
{
	TempDir dir;
	const std::string path = dir.file("live.json");
	olc_live_settings s;
	olc_live_settings_default(&s);
	snprintf(s.stream_language, sizeof(s.stream_language), "zh-CN");
	s.sold_out_advance = true;
	s.sold_out_seconds = 2;
	s.scene_features_item = false;
	olc_error err{};
	ASSERT_TRUE(olc_live_settings_save(path.c_str(), &s, &err)) << err.text;
	olc_live_settings back;
	olc_live_settings_default(&back);
	ASSERT_TRUE(olc_live_settings_load(path.c_str(), &back, &err)) << err.text;
	EXPECT_STREQ(back.stream_language, "zh-CN");
	EXPECT_TRUE(back.sold_out_advance);
	EXPECT_EQ(back.sold_out_seconds, 2);
	EXPECT_FALSE(back.scene_features_item);

	// Refused before writing: the good file stays.
	olc_live_settings bad = s;
	snprintf(bad.stream_language, sizeof(bad.stream_language), "de-DE");
	EXPECT_FALSE(olc_live_settings_save(path.c_str(), &bad, &err));
	EXPECT_NE(std::string(err.text).find("unknown stream language \"de-DE\""), std::string::npos) << err.text;
	bad = s;
	bad.sold_out_seconds = 0;
	EXPECT_FALSE(olc_live_settings_save(path.c_str(), &bad, &err));
	EXPECT_NE(std::string(err.text).find("from 1 to 600"), std::string::npos) << err.text;
	ASSERT_TRUE(olc_live_settings_load(path.c_str(), &back, &err)) << err.text;
	EXPECT_EQ(back.sold_out_seconds, 2);

	// What a hand edit can break, and a partial file keeps the defaults for the rest.
	olc_live_settings out;
	olc_live_settings_default(&out);
	EXPECT_FALSE(olc_live_settings_from_json("{\"sold_out_seconds\": \"5\"}", "live.json", &out, &err));
	EXPECT_STREQ(err.text, "live.json: \"sold_out_seconds\" must be a whole number from 1 to 600");
	EXPECT_FALSE(olc_live_settings_from_json("{\"stream_language\": \"klingon\"}", "live.json", &out, &err));
	EXPECT_FALSE(olc_live_settings_from_json("{\"sold_out_advance\": 1}", "live.json", &out, &err));
	EXPECT_STREQ(err.text, "live.json: \"sold_out_advance\" must be true or false");
	EXPECT_FALSE(olc_live_settings_from_json("{\"sold_out_second\": 5}", "live.json", &out, &err));
	EXPECT_STREQ(err.text, "live.json: unknown field \"sold_out_second\"");
	EXPECT_FALSE(olc_live_settings_from_json("{\"version\": 2}", "live.json", &out, &err));
	EXPECT_STREQ(err.text, "live.json: saved by a newer version of the plugin");
	EXPECT_FALSE(olc_live_settings_from_json("{", "live.json", &out, &err));
	EXPECT_EQ(std::string(err.text).rfind("live.json: not JSON (line 1", 0), 0u) << err.text;
	EXPECT_FALSE(out.sold_out_advance) << "a refused text changes nothing";
	ASSERT_TRUE(olc_live_settings_from_json("{\"stream_language\": \"fr-FR\"}", "live.json", &out, &err));
	EXPECT_STREQ(out.stream_language, "fr-FR");
	EXPECT_EQ(out.sold_out_seconds, 5);
}

TEST(StreamText, TheStreamLanguagesTextsComeFromItsLocaleFile)
{
	const std::string locale = data_dir() + "/locale";
	lookup_t *zh = olc_stream_text_load(locale.c_str(), "zh-CN");
	lookup_t *tw = olc_stream_text_load(locale.c_str(), "zh-TW");
	lookup_t *en = olc_stream_text_load(locale.c_str(), "");
	ASSERT_NE(zh, nullptr);
	ASSERT_NE(tw, nullptr);
	ASSERT_NE(en, nullptr);
	EXPECT_STREQ(olc_stream_text_get(zh, "ProductCard.QrCaptionDefault"), "扫码购买");
	EXPECT_STREQ(olc_stream_text_get(zh, "ProductCard.StockSoldOut"), "已售罄");
	EXPECT_STREQ(olc_stream_text_get(en, "ProductCard.QrCaptionDefault"), "Scan to buy");
	EXPECT_STRNE(olc_stream_text_get(tw, "ProductCard.StockLow"), olc_stream_text_get(en, "ProductCard.StockLow"));
	EXPECT_STREQ(olc_stream_text_get(zh, "No.Such.Key"), "No.Such.Key") << "as obs_module_text answers";
	text_lookup_destroy(zh);
	text_lookup_destroy(tw);
	text_lookup_destroy(en);
}

TEST(StreamText, AKeyTheLanguageLacksReadsInEnglishAndALanguageWithoutAFileIsEnglish)
{
	TempDir dir;
	{
		std::ofstream(dir.file("en-US.ini")) << "A.Caption=\"Scan to buy\"\nA.Stamp=\"Sold out\"\n";
		std::ofstream(dir.file("zh-CN.ini")) << "A.Caption=\"扫码购买\"\n";
	}
	lookup_t *zh = olc_stream_text_load(dir.path().c_str(), "zh-CN");
	ASSERT_NE(zh, nullptr);
	EXPECT_STREQ(olc_stream_text_get(zh, "A.Caption"), "扫码购买");
	EXPECT_STREQ(olc_stream_text_get(zh, "A.Stamp"), "Sold out") << "per key, from en-US";
	text_lookup_destroy(zh);

	lookup_t *de = olc_stream_text_load(dir.path().c_str(), "de-DE");
	ASSERT_NE(de, nullptr);
	EXPECT_STREQ(olc_stream_text_get(de, "A.Caption"), "Scan to buy");
	text_lookup_destroy(de);

	TempDir empty;
	EXPECT_EQ(olc_stream_text_load(empty.path().c_str(), "zh-CN"), nullptr) << "without en-US.ini";
	EXPECT_STREQ(olc_stream_text_get(nullptr, "A.Caption"), "A.Caption");
}
