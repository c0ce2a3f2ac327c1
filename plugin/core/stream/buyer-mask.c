/* Buyer names on stream: only the first character and two stars, so a viewer sees that a real
 * person bought without learning who. */
#include "core/stream/buyer-mask.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when it is not one: a stray
 * continuation byte, an overlong form, a surrogate, a value above U+10FFFF or a cut sequence. */
static size_t utf8_sequence(const unsigned char *s, unsigned *code_point)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;

	if (c < 0x80) {
		*code_point = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*code_point = c;
	return len;
}

/* Spaces an input method or a copied form puts before a name, and control characters. */
static bool is_blank(unsigned cp)
{
	return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

char *olc_mask_buyer(const char *buyer)
{
	if (!buyer)
		return NULL;

	const unsigned char *s = (const unsigned char *)buyer;
	size_t len = 0;
	unsigned cp = 0;
	while (*s) {
		len = utf8_sequence(s, &cp);
		if (len == 0 || !is_blank(cp))
			break;
		s += len;
	}
	if (!*s)
		return NULL;

	/* Not UTF-8 (shop parsers reject such text, so this is defence only): show a placeholder
	 * rather than half a character. */
	static const unsigned char placeholder[] = "?";
	if (len == 0) {
		s = placeholder;
		len = 1;
	}

	char *masked = malloc(len + 3);
	if (!masked)
		return NULL;
	memcpy(masked, s, len);
	memcpy(masked + len, "**", 3);
	return masked;
}
