/* PNG output through libpng's simplified API, which reports errors in the image struct instead of
 * longjmp. */
#include "png-write.h"

#include <png.h>

#include <stdio.h>
#include <string.h>

bool png_write_rgba(const char *path, const uint8_t *rgba, uint32_t width, uint32_t height, char *err, size_t errlen)
{
	if (!rgba || !width || !height) {
		snprintf(err, errlen, "no pixels to write to %s", path);
		return false;
	}

	png_image image;
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	image.width = width;
	image.height = height;
	image.format = PNG_FORMAT_RGBA;

	if (!png_image_write_to_file(&image, path, 0, rgba, 0, NULL)) {
		snprintf(err, errlen, "writing %s: %s", path, image.message);
		png_image_free(&image);
		return false;
	}
	return true;
}
