#include "text.h"

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

uint64_t olc_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}
