#include "core/base/error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

/* Drops a UTF-8 sequence that a cut left incomplete at the end of s. */
static void trim_partial_utf8(char *s)
{
	size_t end = strlen(s);
	size_t continuation = 0;

	while (end > 0 && continuation < 3 && ((unsigned char)s[end - 1] & 0xC0) == 0x80) {
		end--;
		continuation++;
	}
	if (end == 0)
		return;

	unsigned char lead = (unsigned char)s[end - 1];
	size_t needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
	if (lead >= 0xC0 && continuation < needed)
		s[end - 1] = '\0';
}

void olc_error_set(struct olc_error *err, const char *fmt, ...)
{
	if (!err)
		return;

	va_list args;
	va_start(args, fmt);
	int n = vsnprintf(err->text, sizeof(err->text), fmt, args);
	va_end(args);

	if (n < 0)
		snprintf(err->text, sizeof(err->text), "something went wrong (the message could not be written)");
	else if ((size_t)n >= sizeof(err->text))
		trim_partial_utf8(err->text);
}

void olc_error_clear(struct olc_error *err)
{
	if (err)
		err->text[0] = '\0';
}

const char *olc_error_excerpt(char *buf, size_t len, const char *text)
{
	static const char ellipsis[] = "...";

	if (!buf || len == 0)
		return "";
	if (!text)
		text = "";

	size_t max = len - 1;
	size_t n = strlen(text);
	bool cut = n > max;
	if (cut)
		n = max >= sizeof(ellipsis) - 1 ? max - (sizeof(ellipsis) - 1) : 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		buf[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	buf[n] = '\0';

	if (cut) {
		trim_partial_utf8(buf);
		n = strlen(buf);
		if (n + sizeof(ellipsis) <= len)
			memcpy(buf + n, ellipsis, sizeof(ellipsis));
	}
	return buf;
}

const char *olc_json_error_words(int code)
{
	switch ((enum json_error_code)code) {
	case json_error_invalid_syntax:
		return "unexpected text";
	case json_error_end_of_input_expected:
		return "more text after the end";
	case json_error_premature_end_of_input:
		return "the text ends too early";
	case json_error_invalid_utf8:
		return "the text is not UTF-8";
	case json_error_null_character:
		return "a NUL character";
	case json_error_null_byte_in_key:
		return "a NUL character in a field name";
	case json_error_duplicate_key:
		return "a field appears twice in one object";
	case json_error_numeric_overflow:
		return "a number too large";
	case json_error_stack_overflow:
		return "nested too deeply";
	case json_error_out_of_memory:
		return "out of memory";
	default:
		return "unreadable";
	}
}
