/* Writes RGBA pixels as a PNG, for looking at what a render test checked. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* rgba: width x height pixels, top row first, 4 bytes each in R, G, B, A order (straight alpha). Returns
 * false with a reason in err when the file cannot be written or the image is empty. */
bool png_write_rgba(const char *path, const uint8_t *rgba, uint32_t width, uint32_t height, char *err, size_t errlen);
