// The shop connection file: exact round trip, owner-only permissions, clear errors that
// leave the previous connection alone.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include <string.h>
#include <sys/stat.h>

#include "core/shop/connection-store.h"
#include "temp-dir.h"

namespace {

struct Connection {
	olc_connection c;
	Connection() { olc_connection_init(&c); }
	~Connection() { olc_connection_free(&c); }
};

std::string str(const char *s)
{
	return s ? s : "(null)";
}

} // namespace

TEST(ConnectionStore, RoundTripsEveryFieldThroughAFileReadableOnlyByItsOwner)
{
	TempDir dir;
	Connection in;
	in.c.provider = strdup("woocommerce");
	in.c.url = strdup("https://shop.example.cn");
	in.c.key = strdup("ck_1234");
	in.c.secret = strdup("cs_5678");
	in.c.poll_ms = 2500;

	olc_error err = {};
	const std::string path = dir.file("connection.json");
	ASSERT_TRUE(olc_connection_store_save(path.c_str(), &in.c, &err)) << err.text;

	struct stat st = {};
	ASSERT_EQ(stat(path.c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 0777, 0600u);

	Connection out;
	ASSERT_TRUE(olc_connection_store_load(path.c_str(), &out.c, &err)) << err.text;
	EXPECT_EQ(str(out.c.provider), "woocommerce");
	EXPECT_EQ(str(out.c.url), "https://shop.example.cn");
	EXPECT_EQ(str(out.c.key), "ck_1234");
	EXPECT_EQ(str(out.c.secret), "cs_5678");
	EXPECT_EQ(out.c.token, nullptr);
	EXPECT_EQ(out.c.poll_ms, 2500);
}

TEST(ConnectionStore, AnExistingWorldReadableFileBecomesPrivateWhenSaved)
{
	TempDir dir;
	const std::string path = dir.file("connection.json");
	{
		std::ofstream f(path);
		f << "{}";
	}
	ASSERT_EQ(chmod(path.c_str(), 0644), 0);

	Connection in;
	in.c.provider = strdup("shopify");
	in.c.token = strdup("shpat_secret");
	olc_error err = {};
	ASSERT_TRUE(olc_connection_store_save(path.c_str(), &in.c, &err)) << err.text;
	struct stat st = {};
	ASSERT_EQ(stat(path.c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(ConnectionStore, MalformedTextIsAClearErrorAndLeavesTheConnectionAlone)
{
	Connection out;
	out.c.provider = strdup("demo");
	olc_error err = {};

	EXPECT_FALSE(olc_connection_from_json("{\"provider\": ", NULL, &out.c, &err));
	EXPECT_NE(std::string(err.text).find("not JSON"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"etsy\"}", NULL, &out.c, &err));
	EXPECT_NE(std::string(err.text).find("unknown shop provider \"etsy\""), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"url\":42}", NULL, &out.c, &err));
	EXPECT_NE(std::string(err.text).find("\"url\" must be text"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"poll_ms\":5}", NULL, &out.c, &err));
	EXPECT_NE(std::string(err.text).find("poll_ms"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"provider\":\"demo\"}", NULL, &out.c, &err));

	EXPECT_EQ(str(out.c.provider), "demo");
}

TEST(ConnectionStore, AMissingFileIsAnErrorNamingTheFile)
{
	TempDir dir;
	Connection out;
	olc_error err = {};
	EXPECT_FALSE(olc_connection_store_load(dir.file("nothing.json").c_str(), &out.c, &err));
	EXPECT_NE(std::string(err.text).find("nothing.json"), std::string::npos) << err.text;
	EXPECT_EQ(out.c.provider, nullptr);
}

// The connection file holds the shop's secrets: a broken one is placed by line and column, never
// quoted (jansson's "near '...'" would put the secret into the log).
TEST(ConnectionStore, ABrokenFileIsNotQuotedInTheError)
{
	TempDir dir;
	std::string path = dir.file("connection.json");
	write_bytes(path, "{\"provider\": \"woocommerce\", \"secret\": cs_live_4e5f6a7b8c9d}\n");
	Connection out;
	olc_error err = {};
	EXPECT_FALSE(olc_connection_store_load(path.c_str(), &out.c, &err));
	std::string message = err.text;
	EXPECT_EQ(message.rfind("connection.json: not JSON (line 1, column ", 0), 0u) << message;
	EXPECT_EQ(message.find("cs_live"), std::string::npos) << message;
	EXPECT_EQ(message.find("near"), std::string::npos) << message;
}

TEST(ConnectionStore, ANamedPipeIsRefusedAtOnce)
{
	TempDir dir;
	std::string fifo = dir.file("connection.json");
	make_fifo(fifo);
	Connection out;
	olc_error err = {};
	bool loaded = true;
	EXPECT_TRUE(returns_within(
		std::chrono::seconds(10), [&] { loaded = olc_connection_store_load(fifo.c_str(), &out.c, &err); },
		[&] { release_fifo(fifo); }));
	EXPECT_FALSE(loaded);
	EXPECT_STREQ(err.text, "connection.json is not a regular file (it is a named pipe)");
}

namespace {

bool contains(const std::string &text, const std::string &part)
{
	return text.find(part) != std::string::npos;
}

// The bytes a connection with this URL is saved as.
size_t saved_size(const std::string &url)
{
	Connection c;
	c.c.provider = strdup("json");
	c.c.url = strdup(url.c_str());
	char *text = olc_connection_to_json(&c.c);
	size_t len = strlen(text);
	free(text);
	return len;
}

// Saves the demo connection at path and returns the file's bytes ("" when the save failed).
std::string save_demo(const std::string &path)
{
	Connection demo;
	demo.c.provider = strdup("demo");
	olc_error err = {};
	return olc_connection_store_save(path.c_str(), &demo.c, &err) ? read_bytes(path) : "";
}

} // namespace

// One size limit for writing and reading: a connection saved at the limit reads back, one byte
// more is refused when saved (not when read at the next start), and the old file stays.
TEST(ConnectionStore, WhatIsSavedReadsBackAndOneByteOverTheLimitIsRefusedWhenSaved)
{
	const size_t limit = OLC_CONNECTION_STORE_MAX_BYTES;
	TempDir dir;
	const std::string path = dir.file("connection.json");
	const std::string old_bytes = save_demo(path);
	ASSERT_FALSE(old_bytes.empty());
	olc_error err = {};

	const std::string prefix = "https://shop.example.cn/";
	const size_t overhead = saved_size(prefix) - prefix.size();
	const std::string at_limit = prefix + std::string(limit - overhead - prefix.size(), 'a');
	ASSERT_EQ(saved_size(at_limit), limit);

	Connection big;
	big.c.provider = strdup("json");
	big.c.url = strdup((at_limit + "a").c_str());
	EXPECT_FALSE(olc_connection_store_save(path.c_str(), &big.c, &err));
	EXPECT_TRUE(contains(err.text, "connection.json")) << err.text;
	EXPECT_TRUE(contains(err.text, "too large")) << err.text;
	EXPECT_TRUE(contains(err.text, std::to_string(limit))) << err.text;
	EXPECT_TRUE(read_bytes(path) == old_bytes)
		<< "the old file was replaced by " << read_bytes(path).size() << " bytes";
	EXPECT_EQ(dir.names(), (std::set<std::string>{"connection.json"}));

	free(big.c.url);
	big.c.url = strdup(at_limit.c_str());
	ASSERT_TRUE(olc_connection_store_save(path.c_str(), &big.c, &err)) << err.text;
	EXPECT_EQ(read_bytes(path).size(), limit);
	Connection back;
	ASSERT_TRUE(olc_connection_store_load(path.c_str(), &back.c, &err)) << err.text;
	EXPECT_EQ(str(back.c.url), at_limit);
}

// Whatever the reader would refuse at the next start is refused when saved: the user hears it now.
TEST(ConnectionStore, AConnectionTheReaderWouldRefuseIsNotSaved)
{
	TempDir dir;
	const std::string path = dir.file("connection.json");
	olc_error err = {};

	Connection slow;
	slow.c.provider = strdup("json");
	slow.c.url = strdup("https://shop.example.cn");
	slow.c.poll_ms = 50;
	EXPECT_FALSE(olc_connection_store_save(path.c_str(), &slow.c, &err));
	EXPECT_TRUE(contains(err.text, "\"poll_ms\" must be a whole number from 100 to 600000")) << err.text;

	Connection unknown;
	unknown.c.provider = strdup("etsy");
	EXPECT_FALSE(olc_connection_store_save(path.c_str(), &unknown.c, &err));
	EXPECT_TRUE(contains(err.text, "unknown shop provider \"etsy\"")) << err.text;

	EXPECT_TRUE(dir.names().empty());
}

// Tests run as root, which permissions do not stop: a folder that cannot be written is one whose
// place is taken by a regular file, and a full disk is a file size limit (RLIMIT_FSIZE).
TEST(ConnectionStore, AFolderThatCannotBeWrittenIsAnErrorNamingTheFileAndTheReason)
{
	TempDir dir;
	write_bytes(dir.file("obs-live-commerce"), "a file where the plugin's folder should be");
	Connection c;
	c.c.provider = strdup("demo");
	olc_error err = {};
	EXPECT_FALSE(olc_connection_store_save(dir.file("obs-live-commerce/connection.json").c_str(), &c.c, &err));
	EXPECT_TRUE(contains(err.text, "connection.json: cannot save (Not a directory)")) << err.text;
}

TEST(ConnectionStore, AFullDiskLeavesTheOldFileAsItWas)
{
	TempDir dir;
	const std::string path = dir.file("connection.json");
	const std::string old_bytes = save_demo(path);
	ASSERT_FALSE(old_bytes.empty());

	Connection c;
	c.c.provider = strdup("woocommerce");
	c.c.url = strdup("https://shop.example.cn");
	c.c.key = strdup("ck_1234");
	c.c.secret = strdup("cs_5678");
	LimitedRun run = with_file_size_limit(16, [&](char *message, size_t size) {
		olc_error child_err{};
		bool saved = olc_connection_store_save(path.c_str(), &c.c, &child_err);
		snprintf(message, size, "%s", child_err.text);
		return saved;
	});
	ASSERT_EQ(run.trouble, "");
	ASSERT_FALSE(run.succeeded) << "the save did not fail";
	const std::string &message = run.message;
	EXPECT_TRUE(contains(message, "connection.json: cannot save (File too large); the old file is unchanged"))
		<< message;
	EXPECT_EQ(read_bytes(path), old_bytes);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"connection.json"}));
}

// The file holds secrets, and its errors are logged and shown in GetStatus: a mistake next to a
// secret is placed by line and column, never quoted.
TEST(ConnectionStore, AMalformedFileIsReportedWithoutQuotingItsText)
{
	TempDir dir;
	const std::string path = dir.file("connection.json");
	// A file cut short inside the secret: jansson's own message would quote it whole.
	write_bytes(path, "{\"provider\": \"woocommerce\", \"secret\": \"cs_live_8f2e41");
	Connection out;
	olc_error err = {};
	EXPECT_FALSE(olc_connection_store_load(path.c_str(), &out.c, &err));
	EXPECT_TRUE(contains(err.text, "connection.json: not JSON (line 1, column ")) << err.text;
	EXPECT_FALSE(contains(err.text, "cs_live")) << err.text;
}

TEST(ConnectionStore, EveryMemberOfTheTableRoundTripsAndIsCopied)
{
	TempDir dir;
	Connection in;
	in.c.provider = strdup("woocommerce");
	size_t count = 0;
	const olc_connection_member *members = olc_connection_members(&count);
	ASSERT_GE(count, 9u);
	for (size_t i = 0; i < count; i++)
		*olc_connection_member_text(&in.c, &members[i]) = strdup((std::string("value of ") + members[i].key).c_str());

	olc_error err = {};
	const std::string path = dir.file("connection.json");
	ASSERT_TRUE(olc_connection_store_save(path.c_str(), &in.c, &err)) << err.text;
	Connection out, copy;
	ASSERT_TRUE(olc_connection_store_load(path.c_str(), &out.c, &err)) << err.text;
	ASSERT_TRUE(olc_connection_copy(&copy.c, &out.c));
	for (size_t i = 0; i < count; i++) {
		const std::string want = std::string("value of ") + members[i].key;
		EXPECT_EQ(str(*olc_connection_member_text(&out.c, &members[i])), want);
		EXPECT_EQ(str(*olc_connection_member_text(&copy.c, &members[i])), want);
		EXPECT_EQ(olc_connection_member_find(members[i].key), &members[i]);
	}
	EXPECT_EQ(olc_connection_member_find("provider"), nullptr);
	for (const char *secret : {"key", "secret", "token", "sign_secret", "refresh_token"})
		EXPECT_TRUE(olc_connection_member_find(secret)->secret) << secret;
	for (const char *plain : {"url", "api_version", "shop_id", "sign_method"})
		EXPECT_FALSE(olc_connection_member_find(plain)->secret) << plain;
}
