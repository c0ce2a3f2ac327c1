/* Comparing a rendered image with its golden PNG, shared by the raster tests (C++, Qt) and the render
 * tests (C, libobs): one rule for every golden.
 *
 * A golden is compared in two ways at once:
 *   - inside the regions that carry meaning (a price, the old price and its strike-through, a
 *     discount badge, a stock line, a QR code, a deck number, a title, the digits of a countdown),
 *     tightly: a pixel is off when a channel moves by more than region_channel, and a region fails
 *     when more than region_pixels of its pixels are off. A wrong digit, a missing line or a
 *     missing badge moves hundreds of pixels there by far more;
 *   - everywhere, by the largest connected area of changed pixels (a channel moved by more than
 *     blob_channel, 8-connected): the image fails when one such area is wider or taller than
 *     blob_extent pixels. Antialiasing noise along glyph edges makes thin, short, scattered
 *     differences; a wrong glyph, a missing element or a shifted layout makes a solid one.
 * Images of different sizes never match.
 *
 * Pure C, no allocation visible to the caller beyond what it passes; any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RGBA8 pixels (any alpha convention: bytes are compared as they are), top row first. stride is bytes
 * per row (0: width * 4). */
struct olc_gc_image {
	const uint8_t *rgba;
	int width, height;
	size_t stride;
};

/* A region that carries meaning, in the image's pixels. Empty regions (width or height <= 0) are
 * skipped; parts outside the image are ignored. name is borrowed, for messages. */
struct olc_gc_region {
	const char *name;
	int x, y, width, height;
};

struct olc_gc_limits {
	int region_channel; /* a region's pixel is off when a channel moves by more than this */
	int region_pixels;  /* a region fails when more of its pixels are off */
	int blob_channel;   /* elsewhere a pixel counts as changed when a channel moves by more than this */
	int blob_extent;    /* the image fails when a connected changed area is wider or taller than this */
};

struct olc_gc_report {
	bool pass;
	bool same_size;
	int regions_failed;
	int changed;                 /* pixels over blob_channel, anywhere */
	int blob_x, blob_y;          /* the largest connected changed area's bounding box */
	int blob_width, blob_height; /* 0 when nothing changed */
	char reason[1024];           /* every failed region and the largest area, in words; "" on a pass */
};

/* Compares actual with golden under limits and fills *report; limits NULL are the goldens' rule: 8/255
 * and at most 4 pixels off in a region, changed areas (16/255) of at most 12 px elsewhere. Returns
 * report->pass. When diff_rgba is not NULL (width * height * 4 bytes of the golden's size) it
 * receives a picture of the differences for people: the golden faded to grey, tolerated changes in
 * yellow, changed areas too large in orange, off pixels of a failed region in red, and each failed
 * region framed in red. */
bool olc_golden_compare(const struct olc_gc_image *actual, const struct olc_gc_image *golden,
			const struct olc_gc_region *regions, size_t region_count, const struct olc_gc_limits *limits,
			struct olc_gc_report *report, uint8_t *diff_rgba);

#ifdef __cplusplus
}
#endif
