#include <gtest/gtest.h>

#include "url.h"

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
