/* libFuzzer target: the product photo decoder (olc_image_decode, ui/raster/image-decode.cpp) on arbitrary
 * bytes, with Qt's own image readers behind it. Whatever decodes must keep the documented bounds
 * (both sides, the pixel count, the cover asked for) and hand back exactly the pixels it says
 * (ASan checks every byte is there); whatever does not must say why and hand back nothing.
 * The cover is taken from the last byte, so the seeds stay plain picture files. */
#include <stdint.h>
#include <stdlib.h>

#include <algorithm>

#include "raster/image-decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned sink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 0 keeps the decoded size; otherwise 8 to 2040, the card's range. */
	const int cover = size ? data[size - 1] * 8 : 0;
	olc_image image;
	char err[256] = "";
	if (!olc_image_decode(data, size, cover, &image, err, sizeof(err))) {
		if (image.pixels || image.width || image.height || !err[0])
			abort();
		return 0;
	}
	const long long pixels = static_cast<long long>(image.width) * image.height;
	if (!image.pixels || image.width <= 0 || image.height <= 0 || image.width > OLC_IMAGE_MAX_SIDE ||
	    image.height > OLC_IMAGE_MAX_SIDE || pixels > OLC_IMAGE_MAX_OUTPUT_PIXELS ||
	    image.stride != image.width * 4 || (cover > 0 && std::min(image.width, image.height) > cover))
		abort();
	unsigned sum = 0;
	for (long long i = 0; i < pixels * 4; i++)
		sum += image.pixels[i];
	sink = sum; /* volatile: the reads cannot be optimised away */
	olc_image_free(&image);
	return 0;
}
