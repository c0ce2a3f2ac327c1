/* Comparing a rendered image with its golden PNG; see golden-compare.h. */
#include "golden-compare.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mark {
	MARK_NONE,
	MARK_TOLERATED, /* changed, in a small area */
	MARK_BLOB,      /* changed, in an area too large */
	MARK_REGION,    /* off, in a region that failed */
	MARK_FRAME,     /* the outline of a region that failed */
};

static void append(struct olc_gc_report *report, const char *fmt, ...)
{
	const size_t used = strlen(report->reason);
	if (used + 1 >= sizeof(report->reason))
		return;
	va_list args;
	va_start(args, fmt);
	vsnprintf(report->reason + used, sizeof(report->reason) - used, fmt, args);
	va_end(args);
}

static const uint8_t *pixel(const struct olc_gc_image *img, int x, int y)
{
	const size_t stride = img->stride ? img->stride : (size_t)img->width * 4;
	return img->rgba + (size_t)y * stride + (size_t)x * 4;
}

/* The largest channel difference of every pixel. */
static uint8_t *channel_differences(const struct olc_gc_image *a, const struct olc_gc_image *b)
{
	uint8_t *d = malloc((size_t)a->width * (size_t)a->height);
	if (!d)
		return NULL;
	for (int y = 0; y < a->height; y++) {
		for (int x = 0; x < a->width; x++) {
			const uint8_t *p = pixel(a, x, y), *q = pixel(b, x, y);
			int most = 0;
			for (int c = 0; c < 4; c++) {
				const int v = abs((int)p[c] - (int)q[c]);
				if (v > most)
					most = v;
			}
			d[(size_t)y * a->width + x] = (uint8_t)most;
		}
	}
	return d;
}

static void check_regions(const struct olc_gc_image *img, const uint8_t *d, const struct olc_gc_region *regions,
			  size_t count, const struct olc_gc_limits *l, struct olc_gc_report *report, uint8_t *marks)
{
	for (size_t i = 0; i < count; i++) {
		const struct olc_gc_region *r = &regions[i];
		const int x0 = r->x < 0 ? 0 : r->x, y0 = r->y < 0 ? 0 : r->y;
		const int x1 = r->x + r->width > img->width ? img->width : r->x + r->width;
		const int y1 = r->y + r->height > img->height ? img->height : r->y + r->height;
		if (r->width <= 0 || r->height <= 0 || x0 >= x1 || y0 >= y1)
			continue;
		int off = 0, worst = 0;
		for (int y = y0; y < y1; y++) {
			for (int x = x0; x < x1; x++) {
				const int v = d[(size_t)y * img->width + x];
				off += v > l->region_channel;
				if (v > worst)
					worst = v;
			}
		}
		if (off <= l->region_pixels)
			continue;
		report->regions_failed++;
		append(report, "%s%s (%d,%d %dx%d): %d pixels off by more than %d (at most %d allowed), up to %d; ",
		       report->regions_failed == 1 ? "regions that carry meaning differ: " : "",
		       r->name ? r->name : "region", r->x, r->y, r->width, r->height, off, l->region_channel,
		       l->region_pixels, worst);
		if (!marks)
			continue;
		for (int y = y0; y < y1; y++) {
			for (int x = x0; x < x1; x++) {
				const size_t at = (size_t)y * img->width + x;
				if (y == y0 || y == y1 - 1 || x == x0 || x == x1 - 1)
					marks[at] = MARK_FRAME;
				else if (d[at] > l->region_channel)
					marks[at] = MARK_REGION;
			}
		}
	}
}

/* Connected areas of changed pixels (8-neighbours), by breadth-first search: the queue of an area is
 * also the list of its pixels, so an area too large can be marked afterwards. */
static bool check_blobs(const struct olc_gc_image *img, const uint8_t *d, const struct olc_gc_limits *l,
			struct olc_gc_report *report, uint8_t *marks)
{
	const size_t n = (size_t)img->width * (size_t)img->height;
	uint8_t *seen = calloc(n, 1);
	size_t *queue = malloc(n * sizeof(*queue));
	if (!seen || !queue) {
		free(seen);
		free(queue);
		return false;
	}
	int too_large = 0;
	for (size_t start = 0; start < n; start++) {
		if (seen[start] || d[start] <= l->blob_channel)
			continue;
		size_t head = 0, tail = 0;
		queue[tail++] = start;
		seen[start] = 1;
		int min_x = img->width, min_y = img->height, max_x = -1, max_y = -1;
		while (head < tail) {
			const size_t at = queue[head++];
			const int x = (int)(at % (size_t)img->width), y = (int)(at / (size_t)img->width);
			min_x = x < min_x ? x : min_x;
			max_x = x > max_x ? x : max_x;
			min_y = y < min_y ? y : min_y;
			max_y = y > max_y ? y : max_y;
			for (int dy = -1; dy <= 1; dy++) {
				for (int dx = -1; dx <= 1; dx++) {
					const int nx = x + dx, ny = y + dy;
					if (nx < 0 || ny < 0 || nx >= img->width || ny >= img->height)
						continue;
					const size_t next = (size_t)ny * img->width + nx;
					if (!seen[next] && d[next] > l->blob_channel) {
						seen[next] = 1;
						queue[tail++] = next;
					}
				}
			}
		}
		report->changed += (int)tail;
		const int w = max_x - min_x + 1, h = max_y - min_y + 1;
		const int extent = w > h ? w : h;
		const int largest = report->blob_width > report->blob_height ? report->blob_width : report->blob_height;
		if (extent > largest) {
			report->blob_x = min_x;
			report->blob_y = min_y;
			report->blob_width = w;
			report->blob_height = h;
		}
		const bool large = w > l->blob_extent || h > l->blob_extent;
		too_large += large;
		if (marks) {
			for (size_t i = 0; i < tail; i++) {
				if (marks[queue[i]] == MARK_NONE)
					marks[queue[i]] = large ? MARK_BLOB : MARK_TOLERATED;
			}
		}
	}
	if (too_large)
		append(report,
		       "%d changed area(s) larger than %d px (a channel moved by more than %d); the largest %dx%d at "
		       "(%d,%d); ",
		       too_large, l->blob_extent, l->blob_channel, report->blob_width, report->blob_height,
		       report->blob_x, report->blob_y);
	free(seen);
	free(queue);
	return too_large == 0;
}

static void draw_diff(const struct olc_gc_image *golden, const uint8_t *marks, uint8_t *out)
{
	for (int y = 0; y < golden->height; y++) {
		for (int x = 0; x < golden->width; x++) {
			const uint8_t *g = pixel(golden, x, y);
			uint8_t *o = out + ((size_t)y * golden->width + x) * 4;
			const int grey = 128 + (77 * g[0] + 150 * g[1] + 29 * g[2]) / 512;
			static const uint8_t colours[][3] = {
				{0, 0, 0}, {255, 220, 0}, {255, 140, 0}, {255, 0, 0}, {200, 0, 0},
			};
			const uint8_t m = marks[(size_t)y * golden->width + x];
			for (int c = 0; c < 3; c++)
				o[c] = m == MARK_NONE ? (uint8_t)grey : colours[m][c];
			o[3] = 255;
		}
	}
}

bool olc_golden_compare(const struct olc_gc_image *actual, const struct olc_gc_image *golden,
			const struct olc_gc_region *regions, size_t region_count, const struct olc_gc_limits *limits,
			struct olc_gc_report *report, uint8_t *diff_rgba)
{
	static const struct olc_gc_limits defaults = {8, 4, 16, 12}; /* as golden-compare.h says */
	const struct olc_gc_limits *l = limits ? limits : &defaults;

	memset(report, 0, sizeof(*report));
	report->same_size = actual->width == golden->width && actual->height == golden->height;
	if (!report->same_size || !actual->rgba || !golden->rgba) {
		snprintf(report->reason, sizeof(report->reason), "the image is %dx%d, the golden %dx%d", actual->width,
			 actual->height, golden->width, golden->height);
		return false;
	}

	uint8_t *d = channel_differences(actual, golden);
	uint8_t *marks = diff_rgba ? calloc((size_t)golden->width * (size_t)golden->height, 1) : NULL;
	if (!d || (diff_rgba && !marks)) {
		free(d);
		free(marks);
		snprintf(report->reason, sizeof(report->reason), "no memory to compare %dx%d images", golden->width,
			 golden->height);
		return false;
	}
	check_regions(golden, d, regions, region_count, l, report, marks);
	const bool blobs_ok = check_blobs(golden, d, l, report, marks);
	report->pass = blobs_ok && report->regions_failed == 0;
	if (!report->pass && !report->reason[0])
		snprintf(report->reason, sizeof(report->reason), "no memory to compare %dx%d images", golden->width,
			 golden->height);
	if (diff_rgba)
		draw_diff(golden, marks, diff_rgba);
	free(d);
	free(marks);
	return report->pass;
}
