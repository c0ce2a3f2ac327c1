/* Checks on links that end up in QR codes and on cards. Pure functions: any thread. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* true for an http:// or https:// URL (scheme case-insensitive) with a non-empty host and no
 * whitespace or control characters anywhere. Besides ASCII, the Unicode spaces an input method
 * slips in (U+00A0, U+2000-U+200B, U+2028, U+2029, U+3000, U+FEFF) and C1 controls count as
 * whitespace. Other non-ASCII UTF-8 (e.g. Chinese query values) is allowed. A port, if given,
 * must be digits. */
bool olc_url_is_web(const char *text);

/* Address classes, as bits, for requests that must not reach this computer or the local network
 * (product photos: a shop's data must not make OBS fetch from them). */
enum olc_net {
	OLC_NET_PUBLIC = 1u << 0,     /* the internet */
	OLC_NET_LOOPBACK = 1u << 1,   /* this computer: 127.0.0.0/8, ::1 */
	OLC_NET_PRIVATE = 1u << 2,    /* a local network: 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10 */
	OLC_NET_LINK_LOCAL = 1u << 3, /* 169.254/16 (where cloud metadata servers answer), fe80::/10 */
	OLC_NET_SHARED = 1u << 4,     /* carrier-grade NAT, 100.64/10 (also where some VPNs put hosts) */
	OLC_NET_SPECIAL = 1u << 5,    /* never a server: unspecified, 0/8, multicast, 240/4, broadcast */
};

/* The class (one OLC_NET_* bit) of a literal IP address: "10.0.0.5", "::1", "[::1]",
 * "::ffff:127.0.0.1" (IPv4-mapped, NAT64 64:ff9b::/96 and 6to4 2002::/16 addresses are classed by
 * the IPv4 address inside). 0 for anything else: a host name, an odd spelling ("127.1"), NULL. */
unsigned olc_address_class(const char *address);

/* What a class means, to follow an address in a message: "is on a private network". */
const char *olc_address_class_words(unsigned cls);

/* base without trailing '/', then path (which starts with '/'). malloc'd, NULL without memory. */
char *olc_url_join(const char *base, const char *path);

#ifdef __cplusplus
}
#endif
