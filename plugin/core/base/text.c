/* explicit_bzero is a glibc and BSD extension. */
#define _DEFAULT_SOURCE

#include "core/base/text.h"

#include <stdlib.h>
#include <string.h>

char *olc_strdup(const char *s)
{
	if (!s)
		return NULL;

	size_t size = strlen(s) + 1;
	char *copy = malloc(size);
	if (copy)
		memcpy(copy, s, size);
	return copy;
}

bool olc_str_set(char **field, const char *text)
{
	char *copy = NULL;

	if (text) {
		copy = olc_strdup(text);
		if (!copy)
			return false;
	}
	free(*field);
	*field = copy;
	return true;
}

bool olc_str_set_optional(char **field, const char *text)
{
	return olc_str_set(field, text && *text ? text : NULL);
}

bool olc_str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

void olc_wipe(void *data, size_t len)
{
	if (!data || len == 0)
		return;
#if defined(__GLIBC__) || defined(__FreeBSD__) || defined(__OpenBSD__)
	explicit_bzero(data, len);
#else
	/* Stores through a volatile pointer are observable behaviour: they cannot be dropped. */
	volatile unsigned char *p = data;
	while (len--)
		*p++ = 0;
#endif
}

void olc_secret_free(char *s)
{
	if (s) {
		olc_wipe(s, strlen(s));
		free(s);
	}
}

uint64_t olc_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

bool olc_starts_with_nocase(const char *text, const char *prefix)
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

int olc_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	/* ASCII letters differ from their lower case only in bit 0x20. */
	const char lower = (char)(c | 0x20);
	return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

bool olc_utf8_valid(const char *s, size_t len)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		const unsigned char c = b[i];
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			else if (c == 0xED)
				hi = 0x9F; /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F; /* past U+10FFFF */
		} else {
			return false;
		}
		if (len - i <= n || b[i + 1] < lo || b[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++) {
			if ((b[i + k] & 0xC0) != 0x80)
				return false;
		}
		i += n + 1;
	}
	return true;
}

void olc_hex_encode(const void *data, size_t len, bool upper, char *out)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const unsigned char *bytes = data;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

void olc_base64_encode(const void *data, size_t len, char *out)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *bytes = data;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		const size_t left = len - i;
		const unsigned long group = (unsigned long)bytes[i] << 16 |
					    (left > 1 ? (unsigned long)bytes[i + 1] << 8 : 0) |
					    (left > 2 ? (unsigned long)bytes[i + 2] : 0);
		out[o++] = alphabet[(group >> 18) & 63];
		out[o++] = alphabet[(group >> 12) & 63];
		out[o++] = left > 1 ? alphabet[(group >> 6) & 63] : '=';
		out[o++] = left > 2 ? alphabet[group & 63] : '=';
	}
	out[o] = '\0';
}
