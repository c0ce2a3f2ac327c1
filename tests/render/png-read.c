/* PNG input through libpng's simplified API (errors in the image struct, no longjmp). */
#include "png-read.h"

#include <png.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool png_read_rgba(const char *path, uint8_t **rgba, uint32_t *width, uint32_t *height, char *err, size_t errlen)
{
	png_image image;
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	*rgba = NULL;
	*width = *height = 0;
	if (!png_image_begin_read_from_file(&image, path)) {
		snprintf(err, errlen, "reading %s: %s", path, image.message);
		return false;
	}
	/* 8-bit sRGB in and out: libpng hands the stored bytes back unchanged (no gamma, no
	 * premultiplication, which it does only for linear formats). */
	image.format = PNG_FORMAT_RGBA;
	uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
	if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
		snprintf(err, errlen, "reading %s: %s", path, image.message);
		png_image_free(&image);
		free(pixels);
		return false;
	}
	*rgba = pixels;
	*width = image.width;
	*height = image.height;
	return true;
}
