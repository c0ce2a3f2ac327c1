/* Product photos from bytes to pixels: JPEG, PNG, WebP or GIF's first frame (told by their first
 * bytes; formats a product photo never uses are refused, so hostile shop data reaches fewer
 * decoders), EXIF orientation applied, downscaled so it still covers the card's photo area, as
 * straight RGBA8 the card rasteriser takes. Qt (QImageReader) behind a C header so the card
 * source's worker can call it; nothing here touches the network or the disk.
 * Memory is bounded before anything is allocated: the header's size decides the decoder's buffer
 * (refused over OLC_IMAGE_MAX_DECODE_BYTES) and the result (at most OLC_IMAGE_MAX_SIDE a side and
 * OLC_IMAGE_MAX_OUTPUT_PIXELS), whatever the picture's shape.
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
 * file claiming 60000 x 60000 pixels cannot take gigabytes (or minutes). */
#define OLC_IMAGE_MAX_PIXELS (64LL * 1024 * 1024)
/* The decoder's own buffer at most: JPEG decodes near the size asked for, other formats whole
 * first (Qt 6.8's PNG reader too). A picture that would need more is refused: with Qt 6.8 that is
 * a colour PNG over 32 megapixels (16 for 16-bit ones). Qt's own process-wide allocation limit
 * (QImageReader::setAllocationLimit) is left as OBS has it. */
#define OLC_IMAGE_MAX_DECODE_BYTES (128LL * 1024 * 1024)
/* The result at most: this many pixels on either side and in all (8 Mi pixels: 32 MiB of RGBA).
 * A picture that would be larger, such as a long, thin one, is scaled down further, keeping its
 * aspect ratio: the card shows a centre crop of it anyway. */
#define OLC_IMAGE_MAX_SIDE          4096
#define OLC_IMAGE_MAX_OUTPUT_PIXELS (8LL * 1024 * 1024)

/* Decodes len bytes of data. cover is the smallest side the result needs (the photo area's larger
 * side, in pixels): a larger image is scaled down, keeping its aspect ratio, until its shorter
 * side is cover (or less, to keep within the bounds above); a smaller one is kept as it is.
 * cover <= 0 keeps the decoded size, within the same bounds.
 * On success fills *out (the caller owns it) and returns true. On failure returns false, leaves
 * *out empty and writes a sentence to err (if err_len > 0): not a photo format, damaged, too many
 * pixels, no memory. */
bool olc_image_decode(const void *data, size_t len, int cover, struct olc_image *out, char *err, size_t err_len);

/* Frees the pixels and empties the image. Safe on an empty or already freed image. */
void olc_image_free(struct olc_image *img);

#ifdef __cplusplus
}
#endif
