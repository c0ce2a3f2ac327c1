// The HTTP transport against a real server on loopback (tests/shop-server), with every fault the
// issue lists. Timing bounds here are deliberately generous: they tell "stopped at the limit"
// apart from "waited for the next, much longer limit", not benchmark anything.
#include <gtest/gtest.h>

#include "core/net/http.h"
#include "core/net/retry.h"
#include "shop-server.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
	return std::chrono::duration<double>(Clock::now() - start).count();
}

// A request with everything at its default, as providers start from. url must outlive it.
olc_http_request request_for(const char *url)
{
	olc_http_request req = {};
	req.url = url;
	req.max_redirects = -1;
	return req;
}

// Owns a response so that a failing ASSERT never leaks it.
struct Response {
	olc_http_response r;
	Response() { memset(&r, 0x5A, sizeof(r)); } // garbage: perform must initialise every field
	~Response() { olc_http_response_free(&r); }
	std::string body() const { return r.body ? std::string(r.body, r.body_len) : std::string(); }
	std::string header(const char *name) const
	{
		const char *v = olc_http_response_header(&r, name);
		return v ? v : "(absent)";
	}
};

class HttpTest : public testing::Test {
      protected:
	void SetUp() override
	{
		ASSERT_TRUE(olc_http_global_init());
		ASSERT_TRUE(shop.ok()) << shop.error();
	}

	// A port nothing listens on: bound once to learn a free number, then closed.
	static int closed_port()
	{
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in addr = {};
		addr.sin_family = AF_INET;
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		bind(fd, (struct sockaddr *)&addr, sizeof(addr));
		socklen_t len = sizeof(addr);
		getsockname(fd, (struct sockaddr *)&addr, &len);
		close(fd);
		return ntohs(addr.sin_port);
	}

	ShopServer shop;
	olc_error err = {};
};

const char *const kProductsStart =
	"{\"currency\":\"CNY\",\"products\":[{\"id\":\"101\",\"title\":\"野生松茸 Wild Matsutake "
	"250 g\",\"price\":\"168.00\",\"compare_at_price\":\"198.00\",\"stock\":12,";

TEST_F(HttpTest, Get200BodyAndHeaders)
{
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;

	EXPECT_EQ(resp.r.status, 200);
	ASSERT_NE(resp.r.body, nullptr);
	EXPECT_EQ(resp.r.body[resp.r.body_len], '\0');
	EXPECT_EQ(strlen(resp.r.body), resp.r.body_len);
	EXPECT_EQ(resp.body().rfind(kProductsStart, 0), 0u) << resp.body().substr(0, 200);
	EXPECT_EQ(resp.header("content-length"), std::to_string(resp.r.body_len));
	EXPECT_EQ(resp.header("Content-Type"), "application/json; charset=UTF-8"); // any case finds it
	EXPECT_EQ(resp.header("CACHE-CONTROL"), "no-cache");
	ASSERT_NE(resp.r.etag, nullptr);
	EXPECT_EQ(resp.header("etag"), resp.r.etag);
	EXPECT_EQ(resp.r.etag[0], '"');
	ASSERT_NE(resp.r.last_modified, nullptr);
	EXPECT_STREQ(resp.r.last_modified, "Sat, 01 Mar 2025 00:00:00 GMT");
	EXPECT_EQ(resp.r.retry_after_ms, -1);
	ASSERT_NE(resp.r.effective_url, nullptr);
	EXPECT_EQ(std::string(resp.r.effective_url), url);
	for (size_t i = 0; i < resp.r.header_count; i++) {
		for (const char *c = resp.r.header_names[i]; *c; c++)
			EXPECT_FALSE(*c >= 'A' && *c <= 'Z') << resp.r.header_names[i];
	}
	EXPECT_EQ(resp.header("x-not-sent"), "(absent)");

	std::vector<ShopRequest> seen = shop.requests_to("/json/products");
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].method, "GET");
	EXPECT_EQ(seen[0].user_agent, "obs-live-commerce");
	EXPECT_EQ(seen[0].authorization, "");
	EXPECT_EQ(seen[0].if_none_match, "");
}

TEST_F(HttpTest, EtagGives304ThenNewBodyAfterAChange)
{
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response first;
	ASSERT_TRUE(olc_http_perform(&req, &first.r, &err)) << err.text;
	ASSERT_NE(first.r.etag, nullptr);
	std::string etag = first.r.etag;

	req.if_none_match = etag.c_str();
	Response again;
	ASSERT_TRUE(olc_http_perform(&req, &again.r, &err)) << err.text;
	EXPECT_EQ(again.r.status, 304);
	EXPECT_EQ(again.r.body, nullptr);
	EXPECT_EQ(again.r.body_len, 0u);
	ASSERT_NE(again.r.etag, nullptr);
	EXPECT_EQ(std::string(again.r.etag), etag);

	std::vector<ShopRequest> seen = shop.requests_to("/json/products");
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[0].if_none_match, "");
	EXPECT_EQ(seen[1].if_none_match, etag);
	EXPECT_EQ(seen[1].status, 304);

	// An order changes the stock, so the same validator now gets the new catalog.
	ASSERT_TRUE(shop.add_order("101", 2)) << shop.error();
	Response changed;
	ASSERT_TRUE(olc_http_perform(&req, &changed.r, &err)) << err.text;
	EXPECT_EQ(changed.r.status, 200);
	EXPECT_NE(changed.body().find("\"id\":\"101\",\"title\":\"野生松茸 Wild Matsutake 250 g\",\"price\":\"168.00\","
				      "\"compare_at_price\":\"198.00\",\"stock\":10,"),
		  std::string::npos);
	ASSERT_NE(changed.r.etag, nullptr);
	EXPECT_NE(std::string(changed.r.etag), etag);
}

TEST_F(HttpTest, LastModifiedGives304)
{
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.if_modified_since = "Sat, 01 Mar 2025 00:00:00 GMT";
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;
	EXPECT_EQ(resp.r.status, 304);
	EXPECT_EQ(resp.r.body, nullptr);

	req.if_modified_since = "Fri, 28 Feb 2025 23:59:59 GMT";
	Response older;
	ASSERT_TRUE(olc_http_perform(&req, &older.r, &err)) << err.text;
	EXPECT_EQ(older.r.status, 200);

	std::vector<ShopRequest> seen = shop.requests_to("/json/products");
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[0].if_modified_since, "Sat, 01 Mar 2025 00:00:00 GMT");
	EXPECT_EQ(seen[1].if_modified_since, "Fri, 28 Feb 2025 23:59:59 GMT");
}

TEST_F(HttpTest, SizeCapIsExactAtTheLimit)
{
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response full;
	ASSERT_TRUE(olc_http_perform(&req, &full.r, &err)) << err.text;
	size_t size = full.r.body_len;
	ASSERT_GT(size, 1000u);

	req.max_body_bytes = size;
	Response exact;
	ASSERT_TRUE(olc_http_perform(&req, &exact.r, &err)) << err.text;
	EXPECT_EQ(exact.body(), full.body());

	req.max_body_bytes = size - 1;
	Response over;
	EXPECT_FALSE(olc_http_perform(&req, &over.r, &err));
	EXPECT_STREQ(err.text, ("the shop's answer is larger than " + std::to_string(size - 1) + " bytes").c_str());
	EXPECT_EQ(over.r.body, nullptr);
	EXPECT_EQ(over.r.status, 0);
}

TEST_F(HttpTest, HugeStreamedBodyStopsAtTheCap)
{
	ASSERT_TRUE(shop.set_fault("huge", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text, "the shop's answer is larger than 8 MiB");
	EXPECT_EQ(resp.r.body, nullptr);
	EXPECT_LT(took, 10.0) << "the cap must stop the transfer, not the 20 s timeout";

	// The server notices the closed connection a moment later; it never wrote the 100 MB.
	ShopRequest seen;
	ASSERT_TRUE(shop.wait_request(RequestMatch("/json/products").once_closed(), &seen)) << shop.error();
	EXPECT_EQ(shop.requests_to("/json/products").size(), 1u);
	EXPECT_TRUE(seen.closed);
	EXPECT_FALSE(seen.finished);
	EXPECT_LT(seen.bytes_sent, 60 * 1000 * 1000);
	EXPECT_GT(seen.bytes_sent, 8 * 1024 * 1024);
}

TEST_F(HttpTest, HugeDeclaredLengthFailsBeforeTheBody)
{
	ASSERT_TRUE(shop.set_fault("huge-declared", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.max_body_bytes = 1024;
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, "the shop's answer is larger than 1 KiB");
}

TEST_F(HttpTest, RedirectLoopIsCut)
{
	ASSERT_TRUE(shop.set_fault("redirect-loop", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(
		err.text,
		("127.0.0.1:" + std::to_string(shop.http_port()) + " redirected too many times (more than 3)").c_str());
	// The first request and exactly three redirects.
	std::vector<ShopRequest> seen = shop.requests_to("/json/products");
	ASSERT_EQ(seen.size(), 4u);
	EXPECT_EQ(seen[3].query["loop"], "3");
}

TEST_F(HttpTest, RedirectsAreFollowedWithinTheLimit)
{
	std::string url = shop.http_url("/_redirect?to=/json/products&status=301");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;
	EXPECT_EQ(resp.r.status, 200);
	EXPECT_EQ(resp.body().rfind(kProductsStart, 0), 0u);
	ASSERT_NE(resp.r.effective_url, nullptr);
	EXPECT_EQ(std::string(resp.r.effective_url), shop.http_url("/json/products"));
	// Headers are those of the final answer, not the redirect's.
	EXPECT_EQ(resp.header("location"), "(absent)");

	req.max_redirects = 0;
	Response unfollowed;
	ASSERT_TRUE(olc_http_perform(&req, &unfollowed.r, &err)) << err.text;
	EXPECT_EQ(unfollowed.r.status, 301);
	EXPECT_EQ(unfollowed.header("location"), "/json/products");
}

TEST_F(HttpTest, RedirectToFileIsRefused)
{
	ASSERT_TRUE(shop.set_fault("redirect-file", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, ("127.0.0.1:" + std::to_string(shop.http_port()) +
				" redirected to a \"file:\" address; only http and https are allowed")
				       .c_str());
	EXPECT_EQ(shop.requests().size(), 1u);
}

TEST_F(HttpTest, CredentialsNeverFollowARedirectToAnotherHost)
{
	std::string target = shop.http_url("/json/products", "localhost");
	std::string url = shop.http_url("/_redirect?to=" + target);
	olc_http_request req = request_for(url.c_str());
	req.sends_credentials = true;
	const char *headers[] = {"Authorization: Bearer secret-token", nullptr};
	req.headers = headers;
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, ("127.0.0.1:" + std::to_string(shop.http_port()) +
				" redirected to another site (localhost:" + std::to_string(shop.http_port()) +
				"); the key was not sent there")
				       .c_str());
	std::vector<ShopRequest> seen = shop.requests();
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].path, "/_redirect");
	EXPECT_EQ(seen[0].authorization, "bearer");

	// Without credentials the same redirect is an ordinary one.
	req.sends_credentials = false;
	req.headers = nullptr;
	Response plain;
	ASSERT_TRUE(olc_http_perform(&req, &plain.r, &err)) << err.text;
	EXPECT_EQ(plain.r.status, 200);
	EXPECT_EQ(shop.requests_to("/json/products").at(0).host, "localhost:" + std::to_string(shop.http_port()));
}

// The origin is scheme, host and port, as curl's own rule has it: "https://shop" and
// "https://shop:8443" are two servers, and only the one the user configured gets the key.
TEST_F(HttpTest, CredentialsNeverFollowARedirectToAnotherPort)
{
	ShopServer other;
	ASSERT_TRUE(other.ok()) << other.error();
	std::string target = other.http_url("/json/products");
	std::string url = shop.http_url("/_redirect?to=" + target);
	const char *headers[] = {"Authorization: Bearer secret-token", nullptr};
	olc_http_request bearer = request_for(url.c_str());
	bearer.sends_credentials = true;
	bearer.headers = headers;
	olc_http_request basic = request_for(url.c_str());
	basic.basic_user = ShopServer::woo_key;
	basic.basic_password = ShopServer::woo_secret;
	for (const olc_http_request &req : {bearer, basic}) {
		Response resp;
		EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
		EXPECT_STREQ(err.text, ("127.0.0.1:" + std::to_string(shop.http_port()) +
					" redirected to another site (127.0.0.1:" + std::to_string(other.http_port()) +
					"); the key was not sent there")
					       .c_str());
	}
	std::vector<ShopRequest> first = shop.requests();
	ASSERT_EQ(first.size(), 2u);
	EXPECT_EQ(first[0].authorization, "bearer");
	EXPECT_EQ(first[1].authorization, "basic");
	for (const ShopRequest &r : other.requests())
		EXPECT_EQ(r.authorization, "") << "the other port got the key with " << r.method << " " << r.path;
	EXPECT_TRUE(other.requests().empty());
}

TEST(HttpUrl, SameOriginIsSchemeHostAndPort)
{
	struct Case {
		const char *a;
		const char *b;
		bool same;
	} cases[] = {
		{"https://shop.example.cn/wp-json", "https://shop.example.cn/other?x=1", true},
		{"https://shop.example.cn/", "https://SHOP.example.CN:443/", true},
		{"http://shop.example.cn/", "http://shop.example.cn:80/x", true},
		{"HTTPS://shop.example.cn", "https://shop.example.cn", true},
		{"https://shop.example.cn/", "https://shop.example.cn:8443/", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8081/", false},
		{"http://shop.example.cn/", "https://shop.example.cn/", false},
		{"https://shop.example.cn:80/", "http://shop.example.cn/", false},
		{"https://shop.example.cn/", "https://cdn.shop.example.cn/", false},
		{"https://user:pw@shop.example.cn/", "https://shop.example.cn/", true},
		{"https://shop.example.cn/", "file:///etc/passwd", false},
		{"https://shop.example.cn/", "", false},
	};
	for (const Case &c : cases) {
		EXPECT_EQ(olc_url_same_origin(c.a, c.b), c.same) << c.a << " vs " << c.b;
		EXPECT_EQ(olc_url_same_origin(c.b, c.a), c.same) << c.b << " vs " << c.a;
	}
	EXPECT_FALSE(olc_url_same_origin(nullptr, "https://shop.example.cn/"));
}

// Product photo URLs come from the shop's data, so they must not make OBS fetch from this
// computer or the local network unless the shop itself is there (the policy the caller passes in
// allowed_nets). The check is on the address the transport is about to connect to: refused before
// any socket exists, so nothing is sent (the test shop sees no request at all).
TEST_F(HttpTest, PhotoAddressPolicyIsCheckedOnTheAddressConnectedTo)
{
	std::string url = shop.http_url("/images/101.png");
	olc_http_request req = request_for(url.c_str());
	req.what = "photo";
	req.allowed_nets = OLC_NET_PUBLIC; // a shop on the internet
	Response refused;
	EXPECT_FALSE(olc_http_perform(&req, &refused.r, &err));
	EXPECT_STREQ(err.text, "photo address 127.0.0.1 is this computer (loopback); refused");
	EXPECT_TRUE(shop.requests().empty()) << "the refused address was contacted";

	// A name is judged by what it resolves to, as it is when a DNS answer changes (rebinding).
	std::string named = shop.http_url("/images/101.png", "localhost");
	req.url = named.c_str();
	Response by_name;
	EXPECT_FALSE(olc_http_perform(&req, &by_name.r, &err));
	std::string text = err.text;
	EXPECT_TRUE(text == "photo address 127.0.0.1 is this computer (loopback); refused" ||
		    text == "photo address ::1 is this computer (loopback); refused")
		<< text;
	EXPECT_TRUE(shop.requests().empty()) << "the refused address was contacted";

	// The shop on loopback: its photos may be on loopback too.
	req.url = url.c_str();
	req.allowed_nets = OLC_NET_PUBLIC | OLC_NET_LOOPBACK;
	Response allowed;
	ASSERT_TRUE(olc_http_perform(&req, &allowed.r, &err)) << err.text;
	EXPECT_EQ(allowed.r.status, 200);
	EXPECT_EQ(allowed.body().rfind("\x89PNG\r\n\x1A\n", 0), 0u);
	EXPECT_EQ(allowed.r.peer_net, (unsigned)OLC_NET_LOOPBACK);
	EXPECT_EQ(shop.requests_to("/images/101.png").size(), 1u);
}

// Every hop is checked, redirects included. 0.0.0.0 is never a server's address (Linux would
// connect it to this computer, so even a broken check sends nothing off this machine).
TEST_F(HttpTest, PhotoAddressPolicyHoldsAcrossRedirects)
{
	std::string target = "http://0.0.0.0:" + std::to_string(shop.http_port()) + "/images/101.png";
	std::string url = shop.http_url("/_redirect?to=" + target);
	olc_http_request req = request_for(url.c_str());
	req.what = "photo";
	req.allowed_nets = OLC_NET_PUBLIC | OLC_NET_LOOPBACK;
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, "photo address 0.0.0.0 is not a server's address; refused");
	std::vector<ShopRequest> seen = shop.requests();
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].path, "/_redirect");

	// Shop requests have no policy: they go where the user pointed them.
	olc_http_request plain = request_for(url.c_str());
	Response followed;
	ASSERT_TRUE(olc_http_perform(&plain, &followed.r, &err)) << err.text;
	EXPECT_EQ(followed.r.status, 200);
}

TEST_F(HttpTest, HangEndsAtTheTotalTimeout)
{
	ASSERT_TRUE(shop.set_fault("hang", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.total_timeout_ms = 1000;
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text, "the shop took longer than 1 s to answer");
	EXPECT_GE(took, 0.9);
	EXPECT_LT(took, 4.0);
}

TEST_F(HttpTest, HangEndsAtTheLowSpeedLimitWhenThatComesFirst)
{
	ASSERT_TRUE(shop.set_fault("hang", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.low_speed_time_s = 1;
	req.total_timeout_ms = 15000;
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text, "the shop did not answer within 1 s");
	EXPECT_GE(took, 0.9);
	EXPECT_LT(took, 8.0) << "the low-speed limit must end it, not the 15 s total";
}

TEST_F(HttpTest, SlowDripEndsAtTheLowSpeedLimit)
{
	ASSERT_TRUE(shop.set_fault("slow-drip", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.low_speed_time_s = 1;
	req.total_timeout_ms = 15000;
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text, "the shop's answer came too slowly (under 64 bytes per second for 1 s)");
	EXPECT_LT(took, 8.0) << "the low-speed limit must end it, not the 15 s total";
}

TEST_F(HttpTest, SlowDripEndsAtTheTotalTimeoutWhenThatComesFirst)
{
	ASSERT_TRUE(shop.set_fault("slow-drip", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	req.total_timeout_ms = 1500;
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text, "the shop took longer than 1.5 s to answer");
	EXPECT_GE(took, 1.4);
	EXPECT_LT(took, 5.0);
}

TEST_F(HttpTest, CancelEndsAHangQuickly)
{
	ASSERT_TRUE(shop.set_fault("hang", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_cancel *cancel = olc_cancel_create();
	ASSERT_NE(cancel, nullptr);
	olc_http_request req = request_for(url.c_str());
	req.cancel = cancel;

	Clock::time_point cancelled_at;
	std::thread stopper([&] {
		// Cancelled while the shop holds the request, not before it was sent.
		EXPECT_TRUE(shop.wait_request(RequestMatch("/json/products", "", "hang"))) << shop.error();
		cancelled_at = Clock::now();
		olc_cancel_set(cancel);
	});
	Response resp;
	bool ok = olc_http_perform(&req, &resp.r, &err);
	Clock::time_point returned = Clock::now();
	stopper.join();

	EXPECT_FALSE(ok);
	EXPECT_STREQ(err.text, "cancelled");
	double after_cancel = std::chrono::duration<double>(returned - cancelled_at).count();
	EXPECT_LT(after_cancel, 1.5);
	EXPECT_GE(after_cancel, 0.0);
	EXPECT_EQ(shop.requests_to("/json/products").size(), 1u);

	// A flag that is already set stops the next request before it connects.
	Response again;
	EXPECT_FALSE(olc_http_perform(&req, &again.r, &err));
	EXPECT_STREQ(err.text, "cancelled");
	EXPECT_EQ(shop.requests_to("/json/products").size(), 1u);

	olc_cancel_reset(cancel);
	EXPECT_FALSE(olc_cancel_is_set(cancel));
	ASSERT_TRUE(shop.clear_fault());
	Response after_reset;
	EXPECT_TRUE(olc_http_perform(&req, &after_reset.r, &err)) << err.text;
	olc_cancel_destroy(cancel);
}

TEST_F(HttpTest, UntrustedCertificateIsRefused)
{
	std::string url = shop.https_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text,
		     ("the shop's TLS certificate is not trusted (127.0.0.1:" + std::to_string(shop.https_port()) + ")")
			     .c_str());
	// The server never saw a request: the handshake failed first.
	EXPECT_EQ(shop.requests().size(), 0u);
}

TEST_F(HttpTest, TrustedCertificateWorksBesideTheSystemStore)
{
	for (const char *host : {"127.0.0.1", "localhost"}) {
		std::string url = shop.https_url("/json/products", host);
		olc_http_request req = request_for(url.c_str());
		req.extra_ca_file = shop.ca_file().c_str();
		Response resp;
		ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << host << ": " << err.text;
		EXPECT_EQ(resp.r.status, 200);
		EXPECT_EQ(resp.body().rfind(kProductsStart, 0), 0u);
	}
	std::vector<ShopRequest> seen = shop.requests_to("/json/products");
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_TRUE(seen[0].tls);

	std::string https = shop.https_url("/json/products");
	olc_http_request missing = request_for(https.c_str());
	missing.extra_ca_file = "/nonexistent/ca.pem";
	Response resp;
	EXPECT_FALSE(olc_http_perform(&missing, &resp.r, &err));
	EXPECT_NE(std::string(err.text).find("ca.pem"), std::string::npos) << err.text;
}

TEST_F(HttpTest, CredentialsAreRefusedOverPlainHttpBeforeConnecting)
{
	// 198.51.100.0/24 is TEST-NET-2: connecting would hang until the connect timeout.
	struct Case {
		const char *url;
		bool sends_credentials;
		const char *basic_user;
	} cases[] = {
		{"http://198.51.100.1/json/products?consumer_key=ck&consumer_secret=SECRET", true, nullptr},
		{"http://198.51.100.1/wp-json/wc/v3/products", false, "ck_user"},
		{"http://user:SECRET@198.51.100.1/json/products", false, nullptr},
		{"http://localhost.example.com/json/products", true, nullptr},
	};
	for (const Case &c : cases) {
		olc_http_request req = request_for(c.url);
		req.sends_credentials = c.sends_credentials;
		req.basic_user = c.basic_user;
		req.basic_password = "SECRET";
		Clock::time_point start = Clock::now();
		Response resp;
		EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err)) << c.url;
		EXPECT_LT(seconds_since(start), 0.5) << c.url;
		std::string text = err.text;
		EXPECT_EQ(text.rfind("not sending the shop key to ", 0), 0u) << text;
		EXPECT_NE(text.find(" over plain http: use an https:// address"), std::string::npos) << text;
		EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
		EXPECT_EQ(text.find("consumer"), std::string::npos) << text;
	}
	olc_http_request req = request_for(cases[0].url);
	req.sends_credentials = true;
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, "not sending the shop key to 198.51.100.1 over plain http: use an https:// address");
}

TEST_F(HttpTest, CredentialsAreSentOverHttpToLoopback)
{
	std::string url = shop.http_url("/wp-json/wc/v3/products?per_page=2&page=1");
	olc_http_request req = request_for(url.c_str());
	req.basic_user = ShopServer::woo_key;
	req.basic_password = ShopServer::woo_secret;
	req.sends_credentials = true;
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;
	EXPECT_EQ(resp.r.status, 200);
	EXPECT_EQ(resp.header("x-wp-total"), "6");
	EXPECT_EQ(resp.header("X-WP-TotalPages"), "3");
	EXPECT_EQ(resp.body().rfind("[{\"id\":101,\"name\":\"野生松茸 Wild Matsutake 250 g\",", 0), 0u);

	req.basic_password = "wrong";
	Response refused;
	ASSERT_TRUE(olc_http_perform(&req, &refused.r, &err)) << err.text;
	EXPECT_EQ(refused.r.status, 401);
	EXPECT_EQ(refused.body(),
		  "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Consumer secret is "
		  "invalid.\",\"data\":{\"status\":401}}");

	std::vector<ShopRequest> seen = shop.requests_to("/wp-json/wc/v3/products");
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[0].authorization, "basic");
}

TEST_F(HttpTest, PostSendsTheBodyAndHeaders)
{
	std::string url = shop.http_url("/admin/api/2025-01/graphql.json");
	std::string token = std::string("X-Shopify-Access-Token: ") + ShopServer::shopify_token;
	const char *headers[] = {"Content-Type: application/json", token.c_str(), nullptr};
	std::string body = "{\"query\":\"{ shop { currencyCode } }\"}";
	olc_http_request req = request_for(url.c_str());
	req.method = "POST";
	req.headers = headers;
	req.body = body.data();
	req.body_len = body.size();
	req.sends_credentials = true;
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;
	EXPECT_EQ(resp.r.status, 200);
	EXPECT_EQ(resp.body(),
		  "{\"data\":{\"shop\":{\"name\":\"云岭山货 Yunling Mountain Goods (test shop)\","
		  "\"currencyCode\":\"CNY\",\"ianaTimezone\":\"Asia/Shanghai\"}},\"extensions\":{\"cost\":{"
		  "\"requestedQueryCost\":1,\"actualQueryCost\":1,\"throttleStatus\":{\"maximumAvailable\":"
		  "2000,\"currentlyAvailable\":1999,\"restoreRate\":100}}}}");

	std::vector<ShopRequest> seen = shop.requests();
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].method, "POST");
	EXPECT_TRUE(seen[0].shopify_token);
	EXPECT_EQ(seen[0].body, body);
}

TEST_F(HttpTest, TooManyRequestsCarriesRetryAfter)
{
	ASSERT_TRUE(shop.set_fault("429", "/json")) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response resp;
	ASSERT_TRUE(olc_http_perform(&req, &resp.r, &err)) << err.text;
	EXPECT_EQ(resp.r.status, 429);
	EXPECT_EQ(resp.r.retry_after_ms, 2000);

	// An HTTP date ten seconds ahead, on a 503.
	time_t later = time(nullptr) + 10;
	char date[64];
	struct tm tm;
	gmtime_r(&later, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	ASSERT_TRUE(shop.set_fault("503", "/json", -1, date)) << shop.error();
	Response unavailable;
	ASSERT_TRUE(olc_http_perform(&req, &unavailable.r, &err)) << err.text;
	EXPECT_EQ(unavailable.r.status, 503);
	EXPECT_GT(unavailable.r.retry_after_ms, 7000);
	EXPECT_LE(unavailable.r.retry_after_ms, 10000);
}

TEST_F(HttpTest, ServerErrorsAreResponsesNotTransportFailures)
{
	ASSERT_TRUE(shop.set_fault("500", "/json", 1)) << shop.error();
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response failed;
	ASSERT_TRUE(olc_http_perform(&req, &failed.r, &err)) << err.text;
	EXPECT_EQ(failed.r.status, 500);
	EXPECT_EQ(failed.body(), "<html><body><h1>500 Internal Server Error</h1></body></html>\n");
	// count 1: the next request is served normally.
	Response next;
	ASSERT_TRUE(olc_http_perform(&req, &next.r, &err)) << err.text;
	EXPECT_EQ(next.r.status, 200);
}

TEST_F(HttpTest, ContentFaultsArriveByteForByte)
{
	std::string url = shop.http_url("/json/products");
	olc_http_request req = request_for(url.c_str());
	Response full;
	ASSERT_TRUE(olc_http_perform(&req, &full.r, &err)) << err.text;

	ASSERT_TRUE(shop.set_fault("truncated-json", "/json", 1)) << shop.error();
	Response cut;
	ASSERT_TRUE(olc_http_perform(&req, &cut.r, &err)) << err.text;
	EXPECT_EQ(cut.r.status, 200);
	EXPECT_LE(cut.r.body_len, full.r.body_len / 2);
	EXPECT_GT(cut.r.body_len, full.r.body_len / 2 - 8);
	EXPECT_EQ(full.body().substr(0, cut.r.body_len), cut.body());

	// Invalid UTF-8 is the parser's to reject; the transport hands over exactly what came.
	ASSERT_TRUE(shop.set_fault("invalid-utf8", "/json", 1)) << shop.error();
	Response bad;
	ASSERT_TRUE(olc_http_perform(&req, &bad.r, &err)) << err.text;
	EXPECT_NE(bad.body().find("\"title\":\"野生松茸 Wild Matsutake 250 g\xC3\x28\xFF\",\"price\":\"168.00\""),
		  std::string::npos);

	ASSERT_TRUE(shop.set_fault("wrong-types", "/json", 1)) << shop.error();
	Response wrong;
	ASSERT_TRUE(olc_http_perform(&req, &wrong.r, &err)) << err.text;
	EXPECT_NE(wrong.body().find("\"price\":168,"), std::string::npos);
	EXPECT_NE(wrong.body().find("\"stock\":\"3\""), std::string::npos);

	ASSERT_TRUE(shop.set_fault("html-maintenance", "/json", 1)) << shop.error();
	Response html;
	ASSERT_TRUE(olc_http_perform(&req, &html.r, &err)) << err.text;
	EXPECT_EQ(html.r.status, 200);
	EXPECT_EQ(html.header("content-type"), "text/html; charset=UTF-8");
	EXPECT_EQ(html.body().rfind("<!DOCTYPE html>", 0), 0u);
	EXPECT_EQ(html.r.etag, nullptr);
}

TEST_F(HttpTest, ConnectionRefusedIsSaidPlainly)
{
	int port = closed_port();
	std::string url = "http://127.0.0.1:" + std::to_string(port) + "/orders?since=c-1&consumer_secret=SECRET";
	olc_http_request req = request_for(url.c_str());
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	EXPECT_STREQ(err.text, ("could not reach 127.0.0.1:" + std::to_string(port) + ": connection refused").c_str());
}

// A listener whose accept queue is full: the kernel drops further SYNs, so a connect to it
// neither succeeds nor fails until the client gives up. Loopback only, no outside network.
class StalledListener {
      public:
	StalledListener()
	{
		listener_ = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in addr = {};
		addr.sin_family = AF_INET;
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		bind(listener_, (struct sockaddr *)&addr, sizeof(addr));
		listen(listener_, 0);
		socklen_t len = sizeof(addr);
		getsockname(listener_, (struct sockaddr *)&addr, &len);
		port_ = ntohs(addr.sin_port);
		for (int &filler : fillers_) {
			filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			connect(filler, (struct sockaddr *)&addr, sizeof(addr));
		}
		// The first filler's connection completes into the queue (writable once established);
		// the queue is then full and the second one's SYN, already sent, gets no answer.
		struct pollfd queued = {fillers_[0], POLLOUT, 0};
		poll(&queued, 1, 5000);
	}
	~StalledListener()
	{
		for (int filler : fillers_)
			close(filler);
		close(listener_);
	}
	int port() const { return port_; }

      private:
	int listener_ = -1;
	int fillers_[2] = {-1, -1};
	int port_ = 0;
};

TEST_F(HttpTest, StalledConnectEndsAtTheConnectTimeout)
{
	StalledListener stalled;
	std::string url = "http://127.0.0.1:" + std::to_string(stalled.port()) + "/json/products";
	olc_http_request req = request_for(url.c_str());
	req.connect_timeout_ms = 500;
	req.total_timeout_ms = 10000;
	Clock::time_point start = Clock::now();
	Response resp;
	EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err));
	double took = seconds_since(start);
	EXPECT_STREQ(err.text,
		     ("could not reach 127.0.0.1:" + std::to_string(stalled.port()) + " within 0.5 s").c_str());
	EXPECT_GE(took, 0.4);
	EXPECT_LT(took, 5.0);
}

TEST_F(HttpTest, BadRequestsFailWithoutNetwork)
{
	struct Case {
		const char *url;
		const char *method;
		const char *etag;
		const char *expected;
	} cases[] = {
		{"file:///etc/passwd", nullptr, nullptr, "the shop address is not an http:// or https:// web address"},
		{"ftp://127.0.0.1/x", nullptr, nullptr, "the shop address is not an http:// or https:// web address"},
		{"not a url", nullptr, nullptr, "the shop address is not an http:// or https:// web address"},
		{"http://127.0.0.1:1/x", "DELETE", nullptr, "unsupported request method"},
		{"http://127.0.0.1:1/x", nullptr, "\"a\"\r\nX-Injected: 1",
		 "a request header is not valid (it contains a line break or memory ran out)"},
	};
	for (const Case &c : cases) {
		olc_http_request req = request_for(c.url);
		req.method = c.method;
		req.if_none_match = c.etag;
		Response resp;
		EXPECT_FALSE(olc_http_perform(&req, &resp.r, &err)) << c.url;
		EXPECT_STREQ(err.text, c.expected) << c.url;
		EXPECT_EQ(resp.r.status, 0);
		EXPECT_EQ(resp.r.body, nullptr);
		EXPECT_EQ(resp.r.retry_after_ms, -1);
	}
}

TEST(HttpRetryAfter, DeltaSeconds)
{
	EXPECT_EQ(olc_http_parse_retry_after("120", 0), 120000);
	EXPECT_EQ(olc_http_parse_retry_after(" 5 ", 0), 5000);
	EXPECT_EQ(olc_http_parse_retry_after("0", 123456), 0);
	// Absurd waits saturate at a year rather than overflow.
	EXPECT_EQ(olc_http_parse_retry_after("99999999999999999999999", 0), 366LL * 24 * 3600 * 1000);
}

TEST(HttpRetryAfter, HttpDates)
{
	// Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch.
	const int64_t when_ms = 784111777LL * 1000;
	EXPECT_EQ(olc_http_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", when_ms - 30000), 30000);
	EXPECT_EQ(olc_http_parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", when_ms - 1500), 1500);
	EXPECT_EQ(olc_http_parse_retry_after("Sun Nov  6 08:49:37 1994", when_ms - 1), 1);
	// A date in the past means "now".
	EXPECT_EQ(olc_http_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", when_ms + 5000), 0);
	// Leap day and the end of a year.
	EXPECT_EQ(olc_http_parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", 1709164800LL * 1000 - 7000), 7000);
	EXPECT_EQ(olc_http_parse_retry_after("Tue, 31 Dec 2030 23:59:59 GMT", 1924991999LL * 1000 - 2000), 2000);
}

TEST(HttpRetryAfter, JunkIsRejected)
{
	const char *junk[] = {
		"",
		"   ",
		"soon",
		"-5",
		"5s",
		"1.5",
		"5 6",
		"Sun, 06 Nov 1994 08:49:37 UTC",
		"Sun, 06 Nov 1994 08:49:37",
		"Sun, 31 Feb 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 25:49:37 GMT",
		"Sun, 06 Foo 1994 08:49:37 GMT",
		"06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:37 GMT and more",
		"Fri, 29 Feb 2023 00:00:00 GMT",
	};
	for (const char *value : junk)
		EXPECT_EQ(olc_http_parse_retry_after(value, 0), -1) << "'" << value << "'";
	EXPECT_EQ(olc_http_parse_retry_after(nullptr, 0), -1);
}

TEST(HttpDate, TheDateHeaderInEachForm)
{
	int64_t ms = 0;
	ASSERT_TRUE(olc_http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT", &ms));
	EXPECT_EQ(ms, 784111777LL * 1000);
	ASSERT_TRUE(olc_http_parse_date(" Sunday, 06-Nov-94 08:49:37 GMT", &ms));
	EXPECT_EQ(ms, 784111777LL * 1000);
	ASSERT_TRUE(olc_http_parse_date("Sun Nov  6 08:49:37 1994", &ms));
	EXPECT_EQ(ms, 784111777LL * 1000);
	ASSERT_TRUE(olc_http_parse_date("Tue, 01 Jan 2030 00:00:00 GMT", &ms));
	EXPECT_EQ(ms, 1893456000LL * 1000);
	ms = 7;
	for (const char *junk : {"", "120", "2030-01-01T00:00:00Z", "Sun, 06 Nov 1994 08:49:37 UTC"})
		EXPECT_FALSE(olc_http_parse_date(junk, &ms)) << junk;
	EXPECT_FALSE(olc_http_parse_date(nullptr, &ms));
	EXPECT_EQ(ms, 7) << "left alone when unreadable";
}

TEST(HttpBackoff, StaysWithinTheCeilingAndSpreads)
{
	uint64_t state = 42;
	for (unsigned attempt = 0; attempt < 80; attempt++) {
		int64_t ceiling = attempt < 6 ? (500LL << attempt) : 30000;
		if (ceiling > 30000)
			ceiling = 30000;
		for (int i = 0; i < 200; i++) {
			int64_t d = olc_backoff_full_jitter_ms(attempt, 500, 30000, &state);
			ASSERT_GE(d, 0) << attempt;
			ASSERT_LE(d, ceiling) << attempt;
		}
	}

	// Attempt 3 with base 500: uniform over [0, 4000].
	int64_t lowest = INT64_MAX, highest = 0, sum = 0;
	const int n = 4000;
	int buckets[4] = {0, 0, 0, 0};
	for (int i = 0; i < n; i++) {
		int64_t d = olc_backoff_full_jitter_ms(3, 500, 30000, &state);
		lowest = std::min(lowest, d);
		highest = std::max(highest, d);
		sum += d;
		buckets[std::min<int64_t>(d / 1000, 3)]++;
	}
	EXPECT_LT(lowest, 100);
	EXPECT_GT(highest, 3900);
	EXPECT_NEAR((double)sum / n, 2000.0, 150.0);
	for (int b : buckets)
		EXPECT_NEAR(b, n / 4, n / 16);
}

TEST(HttpBackoff, DeterministicPerSeedAndSafeAtTheEdges)
{
	uint64_t a = 7, b = 7, zero = 0;
	for (int i = 0; i < 20; i++)
		EXPECT_EQ(olc_backoff_full_jitter_ms(4, 100, 30000, &a), olc_backoff_full_jitter_ms(4, 100, 30000, &b));
	// A zero seed still gives varied delays rather than being stuck at one value.
	int64_t first = olc_backoff_full_jitter_ms(10, 1000, 30000, &zero);
	bool varied = false;
	for (int i = 0; i < 20; i++)
		varied |= olc_backoff_full_jitter_ms(10, 1000, 30000, &zero) != first;
	EXPECT_TRUE(varied);
	EXPECT_NE(zero, 0u);

	uint64_t s = 1;
	EXPECT_EQ(olc_backoff_full_jitter_ms(3, 0, 30000, &s), 0);
	EXPECT_EQ(olc_backoff_full_jitter_ms(3, 500, 0, &s), 0);
	EXPECT_EQ(olc_backoff_full_jitter_ms(3, 500, 30000, nullptr), 0);
	for (unsigned attempt : {62u, 63u, 64u, 1000u, UINT32_MAX})
		EXPECT_LE(olc_backoff_full_jitter_ms(attempt, INT64_MAX / 2, 30000, &s), 30000);
}

TEST(HttpUrl, WithQueryEncodesEverythingButUnreserved)
{
	struct Case {
		const char *url, *key, *value, *expected;
	} cases[] = {
		{"https://shop.cn/orders", "since", "c-17", "https://shop.cn/orders?since=c-17"},
		{"https://shop.cn/search", "q", "松茸 A&B=C",
		 "https://shop.cn/search?q=%E6%9D%BE%E8%8C%B8%20A%26B%3DC"},
		{"https://shop.cn/orders?since=c-1", "wait", "25", "https://shop.cn/orders?since=c-1&wait=25"},
		{"https://shop.cn/orders?", "a", "b", "https://shop.cn/orders?a=b"},
		{"https://shop.cn/orders?x=1&", "a", "b", "https://shop.cn/orders?x=1&a=b"},
		{"https://shop.cn/p#top", "after", "2025-03-01T02:15:30+08:00",
		 "https://shop.cn/p?after=2025-03-01T02%3A15%3A30%2B08%3A00#top"},
		{"https://shop.cn/p", "k e/y", "-._~!*'()", "https://shop.cn/p?k%20e%2Fy=-._~%21%2A%27%28%29"},
		{"https://shop.cn/p", "empty", "", "https://shop.cn/p?empty="},
		{"https://shop.cn/p", "nul", nullptr, "https://shop.cn/p?nul="},
	};
	for (const Case &c : cases) {
		char *url = olc_url_with_query(c.url, c.key, c.value);
		ASSERT_NE(url, nullptr);
		EXPECT_STREQ(url, c.expected);
		free(url);
	}
	EXPECT_EQ(olc_url_with_query(nullptr, "a", "b"), nullptr);
}

TEST(HttpUrl, LoopbackAndCredentials)
{
	struct Case {
		const char *url;
		bool loopback;
		bool may_carry;
	} cases[] = {
		{"http://127.0.0.1:8080/x", true, true},
		{"http://127.45.6.7/x", true, true},
		{"http://localhost/x", true, true},
		{"http://LocalHost:9/x", true, true},
		{"http://[::1]:8080/x", true, true},
		{"http://[0:0:0:0:0:0:0:1]/x", true, true},
		{"HTTP://127.0.0.1/x", true, true},
		{"http://127.1/x", true, true},
		{"https://shop.example.cn/x", false, true},
		{"http://shop.example.cn/x", false, false},
		{"http://128.0.0.1/x", false, false},
		{"http://127.0.0.1.example.com/x", false, false},
		{"http://localhost.example.com/x", false, false},
		{"http://127.0.0.1@evil.example.com/x", false, false},
		{"http://[::2]/x", false, false},
		{"http://198.51.100.1/x", false, false},
		{"file:///etc/passwd", false, false},
		{"ftp://127.0.0.1/x", false, false},
		{"", false, false},
	};
	for (const Case &c : cases) {
		EXPECT_EQ(olc_url_is_loopback(c.url), c.loopback) << c.url;
		EXPECT_EQ(olc_url_may_carry_credentials(c.url), c.may_carry) << c.url;
	}
	EXPECT_FALSE(olc_url_is_loopback(nullptr));
	EXPECT_FALSE(olc_url_may_carry_credentials(nullptr));
}

TEST(HttpCancel, FlagSetsAndResets)
{
	olc_cancel *c = olc_cancel_create();
	ASSERT_NE(c, nullptr);
	EXPECT_FALSE(olc_cancel_is_set(c));
	olc_cancel_set(c);
	EXPECT_TRUE(olc_cancel_is_set(c));
	olc_cancel_reset(c);
	EXPECT_FALSE(olc_cancel_is_set(c));
	olc_cancel_destroy(c);
	EXPECT_FALSE(olc_cancel_is_set(nullptr));
	olc_cancel_set(nullptr);
	olc_cancel_destroy(nullptr);
}

TEST(HttpResponse, FreeTwiceIsSafe)
{
	olc_http_response resp;
	olc_error err = {};
	olc_http_request req = request_for("gopher://x/");
	EXPECT_FALSE(olc_http_perform(&req, &resp, &err));
	olc_http_response_free(&resp);
	olc_http_response_free(&resp);
	EXPECT_EQ(resp.body, nullptr);
	EXPECT_EQ(resp.retry_after_ms, -1);
	EXPECT_EQ(olc_http_response_header(&resp, "etag"), nullptr);
}

} // namespace
