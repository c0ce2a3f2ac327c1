/* The order ticker's rows in motion; see ticker-lane.h. */
#include "core/stream/ticker-lane.h"

#include <stdlib.h>
#include <string.h>

#include "core/stream/motion.h"

#define SLOTS_MAX (OLC_LANE_ROWS_MAX + 1)
/* Marquee rows laid ahead of the right edge, and not yet scrolled off the left one. */
#define ITEMS_MAX 64
/* How far past the right edge the marquee lays its next row: with ticks at least this often
 * (0.5 s of scrolling) a row that follows another starts exactly after it, whatever the frame
 * rate. */
#define LOOKAHEAD_S 0.5
#define POP_FROM    0.82f /* a new stack row grows from this scale */

enum slot_state { SLOT_FREE, SLOT_USED, SLOT_RETIRING };

struct slot {
	enum slot_state state;
	int width;
	/* marquee */
	bool fresh;    /* not laid yet */
	double last_x; /* scroll position of its latest item */
	bool laid;
};

struct stack_row {
	int slot;
	uint64_t born_ns;
	bool instant;         /* in place from the start: no pop */
	struct olc_tween pos; /* in rows from the newest end */
	bool leaving;
	uint64_t leave_ns;
};

struct item {
	int slot;
	int width;
	double x; /* scroll position of the left edge */
};

struct olc_lane {
	struct olc_lane_config cfg;
	struct slot slots[SLOTS_MAX];

	/* stack: newest first */
	struct stack_row rows[SLOTS_MAX];
	size_t row_count;

	/* marquee */
	int cycle[OLC_LANE_ROWS_MAX]; /* slots of the rows that come round, oldest first */
	size_t cycle_count;
	struct item items[ITEMS_MAX];
	size_t item_count;
	double tail; /* where the next row may start */
	bool tail_set;
	int last_laid; /* slot, -1: none */
};

static void clamp_config(struct olc_lane_config *c)
{
	if (c->max_rows < 1)
		c->max_rows = 1;
	if (c->max_rows > OLC_LANE_ROWS_MAX)
		c->max_rows = OLC_LANE_ROWS_MAX;
	if (c->width < 1)
		c->width = 1;
	if (c->row_height < 1)
		c->row_height = 1;
	if (c->row_gap < 0)
		c->row_gap = 0;
	if (!(c->speed > 0.0))
		c->speed = 1.0;
}

void olc_lane_reset(struct olc_lane *lane, const struct olc_lane_config *cfg)
{
	memset(lane, 0, sizeof(*lane));
	lane->cfg = *cfg;
	clamp_config(&lane->cfg);
	lane->last_laid = -1;
}

struct olc_lane *olc_lane_create(const struct olc_lane_config *cfg)
{
	struct olc_lane *lane = malloc(sizeof(*lane));
	if (lane)
		olc_lane_reset(lane, cfg);
	return lane;
}

void olc_lane_destroy(struct olc_lane *lane)
{
	free(lane);
}

size_t olc_lane_capacity(const struct olc_lane *lane)
{
	return lane->cfg.max_rows + 1;
}

size_t olc_lane_slots_used(const struct olc_lane *lane)
{
	size_t n = 0;
	for (size_t i = 0; i < olc_lane_capacity(lane); i++)
		n += lane->slots[i].state != SLOT_FREE;
	return n;
}

size_t olc_lane_rows(const struct olc_lane *lane)
{
	if (lane->cfg.mode == OLC_LANE_MARQUEE)
		return lane->cycle_count;
	size_t n = 0;
	for (size_t i = 0; i < lane->row_count; i++)
		n += !lane->rows[i].leaving;
	return n;
}

void olc_lane_size(const struct olc_lane *lane, int *width, int *height)
{
	const struct olc_lane_config *c = &lane->cfg;
	*width = c->width;
	if (c->mode == OLC_LANE_MARQUEE)
		*height = c->row_height;
	else
		*height = (int)c->max_rows * (c->row_height + c->row_gap) - c->row_gap;
}

static int free_slot(const struct olc_lane *lane)
{
	for (size_t i = 0; i < olc_lane_capacity(lane); i++) {
		if (lane->slots[i].state == SLOT_FREE)
			return (int)i;
	}
	return -1;
}

/* ---- stack ------------------------------------------------------------------------------------ */

static void stack_remove(struct olc_lane *lane, size_t index)
{
	lane->slots[lane->rows[index].slot].state = SLOT_FREE;
	memmove(&lane->rows[index], &lane->rows[index + 1], (lane->row_count - index - 1) * sizeof(lane->rows[0]));
	lane->row_count--;
}

static void stack_leave(struct stack_row *row, uint64_t now)
{
	row->leaving = true;
	row->leave_ns = now;
}

static int stack_push(struct olc_lane *lane, int width, bool animate, uint64_t now)
{
	const struct olc_lane_config *c = &lane->cfg;
	/* Everything already there moves one row away from the newest end. */
	for (size_t i = 0; i < lane->row_count; i++) {
		struct stack_row *r = &lane->rows[i];
		if (animate)
			olc_tween_retarget(&r->pos, r->pos.to + 1.0f, now, c->enter_ns);
		else
			olc_tween_set(&r->pos, r->pos.to + 1.0f);
	}
	/* The row pushed past the last place leaves (at once when nothing animates). */
	size_t staying = 0;
	for (size_t i = 0; i < lane->row_count;) {
		struct stack_row *r = &lane->rows[i];
		if (!r->leaving && ++staying >= c->max_rows) {
			if (!animate) {
				stack_remove(lane, i);
				continue;
			}
			stack_leave(r, now);
		}
		i++;
	}
	int slot = free_slot(lane);
	/* No slot: the oldest leaving row goes before its fade ends. */
	for (size_t i = lane->row_count; slot < 0 && i-- > 0;) {
		if (lane->rows[i].leaving) {
			slot = lane->rows[i].slot;
			stack_remove(lane, i);
		}
	}
	if (slot < 0)
		return -1; /* cannot happen: at most max_rows - 1 rows stay */

	memmove(&lane->rows[1], &lane->rows[0], lane->row_count * sizeof(lane->rows[0]));
	lane->row_count++;
	struct stack_row *row = &lane->rows[0];
	memset(row, 0, sizeof(*row));
	row->slot = slot;
	row->born_ns = now;
	row->instant = !animate;
	olc_tween_set(&row->pos, 0.0f);
	lane->slots[slot].state = SLOT_USED;
	lane->slots[slot].width = width;
	return slot;
}

static void stack_advance(struct olc_lane *lane, uint64_t now)
{
	const struct olc_lane_config *c = &lane->cfg;
	for (size_t i = lane->row_count; i-- > 0;) {
		struct stack_row *r = &lane->rows[i];
		if (!r->leaving && c->life_ns > 0 && now >= r->born_ns + c->life_ns)
			stack_leave(r, now);
		if (r->leaving && now >= r->leave_ns + c->exit_ns)
			stack_remove(lane, i);
	}
}

static float progress(uint64_t start, uint64_t duration, uint64_t now)
{
	if (duration == 0 || now >= start + duration)
		return 1.0f;
	if (now <= start)
		return 0.0f;
	return (float)((double)(now - start) / (double)duration);
}

static size_t stack_draws(const struct olc_lane *lane, uint64_t now, struct olc_lane_draw *out, size_t cap)
{
	const struct olc_lane_config *c = &lane->cfg;
	int width, height;
	olc_lane_size(lane, &width, &height);
	const float pitch = (float)(c->row_height + c->row_gap);
	size_t n = 0;
	/* Oldest first, so a new row pops in over the others. */
	for (size_t i = lane->row_count; i-- > 0 && n < cap;) {
		const struct stack_row *r = &lane->rows[i];
		const float pos = olc_tween_value(&r->pos, now);
		const float t = r->instant ? 1.0f : progress(r->born_ns, c->enter_ns, now);
		float opacity = olc_ease_out_cubic(t * 1.6f);
		if (r->leaving)
			opacity *= 1.0f - olc_ease_out_cubic(progress(r->leave_ns, c->exit_ns, now));
		if (opacity <= 0.0f)
			continue;
		struct olc_lane_draw *d = &out[n++];
		d->slot = r->slot;
		d->width = lane->slots[r->slot].width;
		d->x = 0.0f;
		d->y = c->newest_first ? pos * pitch : (float)(height - c->row_height) - pos * pitch;
		d->scale = POP_FROM + (1.0f - POP_FROM) * olc_ease_out_back(t);
		d->opacity = opacity;
	}
	return n;
}

/* ---- marquee ---------------------------------------------------------------------------------- */

static double scroll_at(const struct olc_lane *lane, uint64_t now)
{
	return lane->cfg.speed * ((double)now / 1e9);
}

static bool slot_on_screen(const struct olc_lane *lane, int slot)
{
	for (size_t i = 0; i < lane->item_count; i++) {
		if (lane->items[i].slot == slot)
			return true;
	}
	return false;
}

static int marquee_push(struct olc_lane *lane, int width)
{
	int slot = free_slot(lane);
	const bool full = lane->cycle_count >= lane->cfg.max_rows;
	if (slot < 0 && !(full && !slot_on_screen(lane, lane->cycle[0])))
		return -1; /* every slot is still on screen: try again later */
	if (full) {
		/* The oldest row stops coming round; its slot is free once it has scrolled off. */
		const int oldest = lane->cycle[0];
		memmove(&lane->cycle[0], &lane->cycle[1], (lane->cycle_count - 1) * sizeof(lane->cycle[0]));
		lane->cycle_count--;
		if (slot_on_screen(lane, oldest)) {
			lane->slots[oldest].state = SLOT_RETIRING;
		} else {
			lane->slots[oldest].state = SLOT_FREE;
			if (slot < 0)
				slot = oldest;
		}
	}
	struct slot *s = &lane->slots[slot];
	memset(s, 0, sizeof(*s));
	s->state = SLOT_USED;
	s->width = width;
	s->fresh = true;
	lane->cycle[lane->cycle_count++] = slot;
	return slot;
}

/* The next row to lay: the oldest fresh one, else (loop) the one after the last laid. -1: none. */
static int next_to_lay(const struct olc_lane *lane, bool *fresh)
{
	for (size_t i = 0; i < lane->cycle_count; i++) {
		if (lane->slots[lane->cycle[i]].fresh) {
			*fresh = true;
			return lane->cycle[i];
		}
	}
	*fresh = false;
	if (!lane->cfg.loop || lane->cycle_count == 0)
		return -1;
	for (size_t i = 0; i < lane->cycle_count; i++) {
		if (lane->cycle[i] == lane->last_laid)
			return lane->cycle[(i + 1) % lane->cycle_count];
	}
	return lane->cycle[0];
}

static void marquee_advance(struct olc_lane *lane, uint64_t now)
{
	const struct olc_lane_config *c = &lane->cfg;
	const double s = scroll_at(lane, now);
	const double edge = s + (double)c->width;

	/* Rows that scrolled off the left edge. */
	for (size_t i = lane->item_count; i-- > 0;) {
		if (lane->items[i].x + (double)lane->items[i].width <= s) {
			memmove(&lane->items[i], &lane->items[i + 1],
				(lane->item_count - i - 1) * sizeof(lane->items[0]));
			lane->item_count--;
		}
	}
	for (size_t i = 0; i < olc_lane_capacity(lane); i++) {
		if (lane->slots[i].state == SLOT_RETIRING && !slot_on_screen(lane, (int)i))
			lane->slots[i].state = SLOT_FREE;
	}

	if (!lane->tail_set || lane->item_count == 0 || lane->tail < edge - c->speed * LOOKAHEAD_S) {
		/* Nothing on screen, or quiet for a while: the next row enters at the edge. */
		lane->tail = edge;
		lane->tail_set = true;
	}
	const double lookahead = edge + c->speed * LOOKAHEAD_S;
	while (lane->item_count < ITEMS_MAX && lane->tail <= lookahead) {
		bool fresh;
		const int slot = next_to_lay(lane, &fresh);
		if (slot < 0)
			break;
		struct slot *sl = &lane->slots[slot];
		double x = lane->tail > edge ? lane->tail : edge;
		/* A row comes round again only once its last pass has left the screen. */
		if (!fresh && sl->laid && x < sl->last_x + (double)sl->width + (double)c->width) {
			x = sl->last_x + (double)sl->width + (double)c->width;
			if (x > lookahead)
				break; /* not yet: a new row may come first */
		}
		lane->items[lane->item_count++] = (struct item){slot, sl->width, x};
		sl->fresh = false;
		sl->laid = true;
		sl->last_x = x;
		lane->last_laid = slot;
		lane->tail = x + (double)sl->width + (double)c->row_gap;
	}
}

static size_t marquee_draws(const struct olc_lane *lane, uint64_t now, struct olc_lane_draw *out, size_t cap)
{
	const double s = scroll_at(lane, now);
	size_t n = 0;
	for (size_t i = 0; i < lane->item_count && n < cap; i++) {
		const struct item *it = &lane->items[i];
		const double x = it->x - s;
		if (x >= (double)lane->cfg.width || x + (double)it->width <= 0.0)
			continue;
		out[n++] = (struct olc_lane_draw){it->slot, it->width, (float)x, 0.0f, 1.0f, 1.0f};
	}
	return n;
}

/* ---- both ------------------------------------------------------------------------------------- */

int olc_lane_push(struct olc_lane *lane, int width, bool animate, uint64_t now_ns)
{
	if (lane->cfg.mode == OLC_LANE_MARQUEE)
		return marquee_push(lane, width);
	return stack_push(lane, width, animate, now_ns);
}

void olc_lane_advance(struct olc_lane *lane, uint64_t now_ns)
{
	if (lane->cfg.mode == OLC_LANE_MARQUEE)
		marquee_advance(lane, now_ns);
	else
		stack_advance(lane, now_ns);
}

size_t olc_lane_draws(const struct olc_lane *lane, uint64_t now_ns, struct olc_lane_draw *out, size_t cap)
{
	if (lane->cfg.mode == OLC_LANE_MARQUEE)
		return marquee_draws(lane, now_ns, out, cap);
	return stack_draws(lane, now_ns, out, cap);
}
