/* Where the order ticker's rows are, moment by moment: the pool of row slots (one texture each in
 * the source) and their motion, on the source's own clock (nanoseconds of video time), so every
 * animation depends on elapsed time, never on the frame rate.
 *
 *   - stack: rows one above the other; a new row pops in at the newest end (top or bottom) while
 *     the others slide one row away; a row pushed past max_rows slides on and fades out; a row
 *     older than life_ns fades out where it is.
 *   - marquee: rows one after another scroll right to left at speed px/s; position = speed x time,
 *     like OBS's scroll filter. New rows enter at the right edge after the row before them; with
 *     loop, the last max_rows rows come round again while nothing new arrives (a row is never on
 *     screen twice at once).
 *
 * The pool has max_rows + 1 slots and never more: in a stack, max_rows shown and one leaving (a
 * second leaving row is dropped at once); in a marquee, a new row waits (olc_lane_push returns -1)
 * while every slot is still on screen.
 *
 * Pure C (no libobs); one lane belongs to one thread at a time. Built on core/stream/motion.h's tweens. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_LANE_ROWS_MAX 20

enum olc_lane_mode {
	OLC_LANE_STACK,
	OLC_LANE_MARQUEE,
};

struct olc_lane_config {
	enum olc_lane_mode mode;
	size_t max_rows;   /* 1 to OLC_LANE_ROWS_MAX */
	bool newest_first; /* stack: the newest row on top (else at the bottom) */
	int width;         /* stack: the lane's width; marquee: the visible width */
	int row_height;    /* pixels */
	int row_gap;       /* pixels between rows (stack) or after each row (marquee) */
	double speed;      /* marquee: pixels per second, > 0 */
	bool loop;         /* marquee: repeat the recent rows while nothing new comes */
	uint64_t enter_ns; /* stack: the pop-in and the others' slide */
	uint64_t exit_ns;  /* stack: the fade of a leaving row */
	uint64_t life_ns;  /* stack: a row leaves after this long; 0: only when pushed out */
};

/* One row to draw this moment: the slot's texture, its left part `width` pixels wide, with its
 * top-left corner at (x, y) in lane pixels, scaled by `scale` about the middle of its left edge,
 * at `opacity`. */
struct olc_lane_draw {
	int slot;
	int width;
	float x, y;
	float scale;
	float opacity;
};

struct olc_lane;

/* NULL when memory runs out. cfg values out of range are clamped. */
struct olc_lane *olc_lane_create(const struct olc_lane_config *cfg);
void olc_lane_destroy(struct olc_lane *lane);
/* Forgets every row (every slot is free again) and takes cfg. */
void olc_lane_reset(struct olc_lane *lane, const struct olc_lane_config *cfg);

/* max_rows + 1: slot numbers are 0 to capacity - 1. */
size_t olc_lane_capacity(const struct olc_lane *lane);
/* Slots holding a row (shown, leaving or waiting to scroll in). */
size_t olc_lane_slots_used(const struct olc_lane *lane);
/* Rows counted as shown: stack, those not leaving; marquee, the rows that come round. */
size_t olc_lane_rows(const struct olc_lane *lane);
/* The lane's size in pixels: stack, width x max_rows rows; marquee, width x one row. */
void olc_lane_size(const struct olc_lane *lane, int *width, int *height);

/* A new row `width` pixels wide arrives at now_ns. Returns the slot to put its texture in (the
 * slot's previous row, if any, is gone from the lane), or -1 when no slot is free yet (marquee
 * only: push it again on a later tick). animate false: the row is in place at once (a redraw of
 * rows already shown, after a settings change). */
int olc_lane_push(struct olc_lane *lane, int width, bool animate, uint64_t now_ns);

/* Moves the lane to now_ns: ends finished exits, frees their slots, lays the marquee's next
 * rows. Call once a tick, before olc_lane_draws. */
void olc_lane_advance(struct olc_lane *lane, uint64_t now_ns);

/* What to draw at now_ns, back to front, at most cap; returns how many. Never more than
 * olc_lane_capacity(). */
size_t olc_lane_draws(const struct olc_lane *lane, uint64_t now_ns, struct olc_lane_draw *out, size_t cap);

#ifdef __cplusplus
}
#endif
