#include "core/net/url.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/sys/net.h"

/* Length of the whitespace or control character at s, or 0 if there is none. */
static size_t blank_at(const unsigned char *s)
{
	if (s[0] <= 0x20 || s[0] == 0x7F)
		return 1;
	/* U+0080-U+009F (C1 controls) and U+00A0 */
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0xA0)
		return 2;
	/* U+2000-U+200B, U+2028, U+2029 */
	if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xA8 || s[2] == 0xA9))
		return 3;
	/* U+3000 ideographic space */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	/* U+FEFF */
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

bool olc_url_is_web(const char *text)
{
	if (!text)
		return false;

	/* The checks in blank_at read at most up to the first byte that differs, so they never
	 * pass the terminating NUL. */
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (blank_at(s))
			return false;
	}

	const char *authority;
	if (olc_starts_with_nocase(text, "http://"))
		authority = text + strlen("http://");
	else if (olc_starts_with_nocase(text, "https://"))
		authority = text + strlen("https://");
	else
		return false;

	size_t authority_len = strcspn(authority, "/?#");
	const char *host = authority;
	const char *end = authority + authority_len;
	for (const char *p = authority; p < end; p++) {
		if (*p == '@')
			host = p + 1;
	}

	const char *host_end;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));
		if (!close || close == host + 1)
			return false;
		host_end = close + 1;
	} else {
		host_end = memchr(host, ':', (size_t)(end - host));
		if (!host_end)
			host_end = end;
		if (host_end == host)
			return false;
	}

	if (host_end == end)
		return true;
	if (*host_end != ':')
		return false;
	for (const char *p = host_end + 1; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;
	}
	return true;
}

/* ---- address classes ---- */

static bool ipv4_in(uint32_t a, uint32_t net, unsigned prefix)
{
	uint32_t mask = prefix == 0 ? 0 : ~(uint32_t)0 << (32 - prefix);
	return (a & mask) == net;
}

static unsigned ipv4_class(uint32_t a)
{
	if (ipv4_in(a, 0x7F000000u, 8))
		return OLC_NET_LOOPBACK;
	if (ipv4_in(a, 0x0A000000u, 8) || ipv4_in(a, 0xAC100000u, 12) || ipv4_in(a, 0xC0A80000u, 16))
		return OLC_NET_PRIVATE;
	if (ipv4_in(a, 0xA9FE0000u, 16))
		return OLC_NET_LINK_LOCAL;
	if (ipv4_in(a, 0x64400000u, 10))
		return OLC_NET_SHARED;
	/* 0/8 "this network" (0.0.0.0 reaches this computer on Linux), multicast 224/4, and
	 * 240/4 reserved with the broadcast address: no server answers there. */
	if (ipv4_in(a, 0x00000000u, 8) || ipv4_in(a, 0xE0000000u, 4) || ipv4_in(a, 0xF0000000u, 4))
		return OLC_NET_SPECIAL;
	return OLC_NET_PUBLIC;
}

static uint32_t ipv4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static unsigned ipv6_class(const unsigned char b[16])
{
	static const unsigned char zeros[12] = {0};
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};

	/* Forms that carry an IPv4 address reach that address (through the kernel, a NAT64
	 * gateway or a 6to4 relay), so they are what it is. */
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return ipv4_class(ipv4_at(b + 12));
	if (b[0] == 0x20 && b[1] == 0x02)
		return ipv4_class(ipv4_at(b + 2));
	if (memcmp(b, zeros, 12) == 0) {
		if (ipv4_at(b + 12) == 1)
			return OLC_NET_LOOPBACK;
		return OLC_NET_SPECIAL; /* "::" and the deprecated IPv4-compatible ::a.b.c.d */
	}
	if ((b[0] & 0xFE) == 0xFC)
		return OLC_NET_PRIVATE; /* fc00::/7 unique local */
	if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
		return OLC_NET_LINK_LOCAL; /* fe80::/10 */
	if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
		return OLC_NET_PRIVATE; /* fec0::/10, the old site-local */
	if (b[0] == 0xFF)
		return OLC_NET_SPECIAL; /* multicast */
	return OLC_NET_PUBLIC;
}

unsigned olc_address_class(const char *address)
{
	if (!address)
		return 0;
	/* "[::1]", as a URL's host spells an IPv6 literal. */
	char inner[64];
	size_t len = strlen(address);
	if (len >= 2 && address[0] == '[' && address[len - 1] == ']') {
		if (len - 2 >= sizeof(inner))
			return 0;
		memcpy(inner, address + 1, len - 2);
		inner[len - 2] = '\0';
		address = inner;
	}
	unsigned char bytes[16];
	/* olc_ip_parse takes only the canonical dotted quad: "127.1" or "2130706433" are left to the
	 * resolver, whose answer is classed when it is connected to. */
	switch (olc_ip_parse(address, bytes)) {
	case 4:
		return ipv4_class(ipv4_at(bytes));
	case 16:
		return ipv6_class(bytes);
	}
	return 0;
}

const char *olc_address_class_words(unsigned cls)
{
	switch (cls) {
	case OLC_NET_PUBLIC:
		return "is on the internet";
	case OLC_NET_LOOPBACK:
		return "is this computer (loopback)";
	case OLC_NET_PRIVATE:
		return "is on a private network";
	case OLC_NET_LINK_LOCAL:
		return "is a link-local address";
	case OLC_NET_SHARED:
		return "is in the carrier-grade NAT range";
	default:
		return "is not a server's address";
	}
}

char *olc_url_join(const char *base, const char *path)
{
	size_t base_len = strlen(base);
	while (base_len > 0 && base[base_len - 1] == '/')
		base_len--;
	size_t path_len = strlen(path);
	char *url = malloc(base_len + path_len + 1);
	if (!url)
		return NULL;
	memcpy(url, base, base_len);
	memcpy(url + base_len, path, path_len + 1);
	return url;
}
