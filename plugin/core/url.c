#include "url.h"

#include <stddef.h>
#include <string.h>

static bool starts_with_nocase(const char *text, const char *prefix)
{
	for (; *prefix; text++, prefix++) {
		char c = *text;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

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
	if (starts_with_nocase(text, "http://"))
		authority = text + strlen("http://");
	else if (starts_with_nocase(text, "https://"))
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
