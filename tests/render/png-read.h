/* Reads a PNG as RGBA pixels, for the render goldens. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fills *rgba (malloc'd, the caller free()s it) with width x height pixels, top row first, 4 bytes each
 * in R, G, B, A order, exactly the bytes png_write_rgba wrote. Returns false with a reason in err when the
 * file is missing or not a PNG. */
bool png_read_rgba(const char *path, uint8_t **rgba, uint32_t *width, uint32_t *height, char *err, size_t errlen);
