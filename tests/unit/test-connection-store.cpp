// The shop connection file: exact round trip, owner-only permissions, clear errors that
// leave the previous connection alone.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <sys/stat.h>

#include "connection-store.h"
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

	EXPECT_FALSE(olc_connection_from_json("{\"provider\": ", &out.c, &err));
	EXPECT_NE(std::string(err.text).find("not JSON"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"etsy\"}", &out.c, &err));
	EXPECT_NE(std::string(err.text).find("unknown shop provider \"etsy\""), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"url\":42}", &out.c, &err));
	EXPECT_NE(std::string(err.text).find("\"url\" must be text"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"poll_ms\":5}", &out.c, &err));
	EXPECT_NE(std::string(err.text).find("poll_ms"), std::string::npos) << err.text;

	EXPECT_FALSE(olc_connection_from_json("{\"provider\":\"json\",\"provider\":\"demo\"}", &out.c, &err));

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
	EXPECT_EQ(message.rfind("connection: not JSON (line 1, column ", 0), 0u) << message;
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
