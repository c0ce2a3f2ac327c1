/* Keys that tell what a raster shows apart: FNV-1a (core/base/text.h) over its inputs, so equal
 * keys draw equal pixels and a worker can skip a raster. Start a key at OLC_FNV1A_BASIS. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/base/text.h"

static inline void olc_key_bytes(uint64_t *key, const void *data, size_t len)
{
	*key = olc_fnv1a(*key, data, len);
}

/* With its terminator, so "ab","c" and "a","bc" differ; NULL differs from "". */
static inline void olc_key_str(uint64_t *key, const char *s)
{
	if (s)
		olc_key_bytes(key, s, strlen(s) + 1);
	else
		olc_key_bytes(key, "\xff", 1);
}

static inline void olc_key_int(uint64_t *key, int64_t v)
{
	olc_key_bytes(key, &v, sizeof(v));
}
