/* Product photos from bytes to pixels: any format Qt reads (JPEG, PNG, WebP, GIF's first frame),
 * EXIF orientation applied, downscaled so it still covers the card's photo area, as straight RGBA8
 * the card rasteriser takes. Qt (QImageReader) behind a C header so the card source's worker can
 * call it; nothing here touches the network or the disk.
 * Any thread, several at once; needs no QGuiApplication. Takes milliseconds for a phone photo:
 * call it from a worker, never from video_render or video_tick. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Straight (not premultiplied) RGBA8, bytes in R, G, B, A order, stride width * 4. */
struct olc_image {
	int width, height, stride;
	unsigned char *pixels; /* malloc'd; free with olc_image_free() */
};

/* Images whose header announces more pixels than this are refused before decoding, so a small
 * file claiming 60000 x 60000 pixels cannot take gigabytes. */
#define OLC_IMAGE_MAX_PIXELS (64LL * 1024 * 1024)

/* Decodes len bytes of data. cover is the smallest side the result needs (the photo area's larger
 * side, in pixels): a larger image is scaled down, keeping its aspect ratio, until its shorter
 * side is cover; a smaller one is kept as it is. cover <= 0 keeps the decoded size.
 * On success fills *out (the caller owns it) and returns true. On failure returns false, leaves
 * *out empty and writes a sentence to err (if err_len > 0): not an image, an unsupported format,
 * too many pixels, no memory. */
bool olc_image_decode(const void *data, size_t len, int cover, struct olc_image *out, char *err, size_t err_len);

/* Frees the pixels and empties the image. Safe on an empty or already freed image. */
void olc_image_free(struct olc_image *img);

#ifdef __cplusplus
}
#endif
