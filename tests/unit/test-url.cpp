#include <gtest/gtest.h>

#include "core/net/url.h"

TEST(Url, AcceptsHttpAndHttpsWithAHost)
{
	for (const char *url : {
		     "http://example.com", "https://example.com", "https://shop.example.cn/p/1?x=1#top",
		     "HTTPS://EXAMPLE.COM/", "HtTp://a", "http://127.0.0.1:5000/shop", "http://[::1]:8080/",
		     "https://user:secret@shop.example/",
		     "https://example.com:/", // an empty port is allowed by RFC 3986
		     "https://shop.example/search?q=\xE6\x98\xA5\xE5\xAD\xA3&city=\xE4\xB8\x8A\xE6\xB5\xB7",
		     "https://\xE5\x95\x86\xE5\xBA\x97.example/", // an internationalised host
	     })
		EXPECT_TRUE(olc_url_is_web(url)) << url;
}

TEST(Url, RejectsOtherSchemesMissingHostsAndBlanks)
{
	for (const char *url : {
		     "",
		     "example.com",
		     "ftp://example.com",
		     "javascript:alert(1)",
		     "mailto:shop@example.com",
		     "http:/example.com",
		     "http:example.com",
		     "httpx://example.com",
		     "http://",
		     "https:///path",
		     "http://?q=1",
		     "http://#top",
		     "http://:80/",
		     "http://user@/",
		     "http://[]/",
		     "http://[::1/",
		     "http://host:abc/",
		     "http://host:80x/",
		     " http://example.com",
		     "http://example.com ",
		     "http:// example.com",
		     "http://exa mple.com",
		     "http://example.com/a b",
		     "http://example.com/\n",
		     "http://example.com\t",
		     "http://example.com/\r",
		     "http://example.com/\x7f",
		     "http://example.com/\xC2\x85",         // U+0085 next line
		     "http://example.com/\xC2\xA0",         // U+00A0 no-break space
		     "http://example.com/?q=\xE3\x80\x80x", // U+3000 ideographic space from a Chinese IME
		     "http://example.com/\xE2\x80\x8B",     // U+200B zero-width space
		     "http://example.com/\xE2\x80\xA8",     // U+2028 line separator
		     "\xEF\xBB\xBFhttp://example.com",      // U+FEFF byte order mark
	     })
		EXPECT_FALSE(olc_url_is_web(url)) << url;
	EXPECT_FALSE(olc_url_is_web(nullptr));
}

// Where a product photo may be downloaded from is decided on the address class of the address
// actually connected to. The classifier sees literal addresses only (names are resolved first).
TEST(AddressClass, ClassifiesLiteralAddresses)
{
	struct Case {
		const char *address;
		unsigned cls;
	} cases[] = {
		{"8.8.8.8", OLC_NET_PUBLIC},
		{"1.1.1.1", OLC_NET_PUBLIC},
		{"223.5.5.5", OLC_NET_PUBLIC},
		{"172.32.0.1", OLC_NET_PUBLIC},
		{"100.63.255.255", OLC_NET_PUBLIC},
		{"100.128.0.0", OLC_NET_PUBLIC},
		{"2001:4860:4860::8888", OLC_NET_PUBLIC},
		{"::ffff:8.8.8.8", OLC_NET_PUBLIC},
		{"64:ff9b::8.8.8.8", OLC_NET_PUBLIC},

		{"127.0.0.1", OLC_NET_LOOPBACK},
		{"127.255.255.254", OLC_NET_LOOPBACK},
		{"::1", OLC_NET_LOOPBACK},
		{"[::1]", OLC_NET_LOOPBACK},
		{"::ffff:127.0.0.1", OLC_NET_LOOPBACK},
		{"[::ffff:127.0.0.1]", OLC_NET_LOOPBACK},
		{"::ffff:7f00:1", OLC_NET_LOOPBACK},

		{"10.0.0.5", OLC_NET_PRIVATE},
		{"172.16.0.1", OLC_NET_PRIVATE},
		{"172.31.255.255", OLC_NET_PRIVATE},
		{"192.168.1.1", OLC_NET_PRIVATE},
		{"fc00::1", OLC_NET_PRIVATE},
		{"fd12:3456:789a::1", OLC_NET_PRIVATE},
		{"::ffff:10.0.0.5", OLC_NET_PRIVATE},
		{"::ffff:192.168.0.1", OLC_NET_PRIVATE},
		{"64:ff9b::10.0.0.5", OLC_NET_PRIVATE},
		{"2002:c0a8:101::1", OLC_NET_PRIVATE}, // 6to4 around 192.168.1.1

		{"169.254.169.254", OLC_NET_LINK_LOCAL},
		{"169.254.0.1", OLC_NET_LINK_LOCAL},
		{"fe80::1", OLC_NET_LINK_LOCAL},
		{"[fe80::1ff:fe23:4567:890a]", OLC_NET_LINK_LOCAL},
		{"febf::1", OLC_NET_LINK_LOCAL},
		{"::ffff:169.254.169.254", OLC_NET_LINK_LOCAL},

		{"100.64.0.1", OLC_NET_SHARED},
		{"100.127.255.255", OLC_NET_SHARED},
		{"::ffff:100.64.0.1", OLC_NET_SHARED},

		{"0.0.0.0", OLC_NET_SPECIAL},
		{"0.1.2.3", OLC_NET_SPECIAL},
		{"::", OLC_NET_SPECIAL},
		{"[::]", OLC_NET_SPECIAL},
		{"::ffff:0.0.0.0", OLC_NET_SPECIAL},
		{"::127.0.0.1", OLC_NET_SPECIAL}, // the deprecated IPv4-compatible form
		{"224.0.0.1", OLC_NET_SPECIAL},
		{"239.255.255.250", OLC_NET_SPECIAL},
		{"ff02::1", OLC_NET_SPECIAL},
		{"240.0.0.1", OLC_NET_SPECIAL},
		{"255.255.255.255", OLC_NET_SPECIAL},

		// Not literal addresses: names are for the resolver, odd spellings for nobody.
		{"localhost", 0},
		{"shop.example.cn", 0},
		{"127.0.0.1.example.com", 0},
		{"127.1", 0},
		{"2130706433", 0},
		{"[::1", 0},
		{"::1]", 0},
		{"", 0},
	};
	for (const Case &c : cases)
		EXPECT_EQ(olc_address_class(c.address), c.cls) << c.address;
	EXPECT_EQ(olc_address_class(nullptr), 0u);
}

TEST(AddressClass, SaysWhereInWords)
{
	EXPECT_STREQ(olc_address_class_words(OLC_NET_PRIVATE), "is on a private network");
	EXPECT_STREQ(olc_address_class_words(OLC_NET_LOOPBACK), "is this computer (loopback)");
	EXPECT_STREQ(olc_address_class_words(OLC_NET_LINK_LOCAL), "is a link-local address");
	EXPECT_STREQ(olc_address_class_words(OLC_NET_SHARED), "is in the carrier-grade NAT range");
	EXPECT_STREQ(olc_address_class_words(OLC_NET_SPECIAL), "is not a server's address");
	EXPECT_STREQ(olc_address_class_words(OLC_NET_PUBLIC), "is on the internet");
}
