/* A sales goal's progress; see goal-progress.h. */
#include "core/stream/goal-progress.h"

const char *olc_goal_kind_name(enum olc_goal_kind kind)
{
	switch (kind) {
	case OLC_GOAL_UNITS:
		return "units";
	case OLC_GOAL_REVENUE:
		return "revenue";
	case OLC_GOAL_ORDERS:
		break;
	}
	return "orders";
}

static int64_t clamp_target(int64_t target)
{
	return target < 1 ? 1 : target > OLC_GOAL_TARGET_MAX ? OLC_GOAL_TARGET_MAX : target;
}

static int clamp_step(int step_percent)
{
	return step_percent >= 1 && step_percent <= 99 ? step_percent : 0;
}

int olc_goal_marks_at(int64_t value, int64_t target, int step_percent)
{
	target = clamp_target(target);
	step_percent = clamp_step(step_percent);
	if (!step_percent)
		return 0;
	int marks = 0;
	for (int k = 1; k * step_percent < 100; k++) {
		/* The threshold exactly, in integers: target * 100 fits (see OLC_GOAL_TARGET_MAX), so a
		 * revenue goal of ¥20 000.00 has its 25 % mark at 500000 minor units, not near it. */
		const int64_t scaled = target * (int64_t)(k * step_percent);
		const int64_t threshold = scaled / 100 + (scaled % 100 != 0);
		if (value < threshold)
			break;
		marks++;
	}
	return marks;
}

double olc_goal_fraction(int64_t value, int64_t target)
{
	target = clamp_target(target);
	if (value <= 0)
		return 0.0;
	if (value >= target)
		return 1.0;
	return (double)value / (double)target;
}

void olc_goal_progress_reset(struct olc_goal_progress *gp, int64_t target, int step_percent, int64_t value)
{
	gp->target = clamp_target(target);
	gp->step_percent = clamp_step(step_percent);
	gp->value = value;
	gp->marks_passed = olc_goal_marks_at(value, gp->target, gp->step_percent);
	gp->reached = value >= gp->target;
}

struct olc_goal_crossing olc_goal_progress_update(struct olc_goal_progress *gp, int64_t value)
{
	struct olc_goal_crossing c = {0, 0, false};
	const int marks = olc_goal_marks_at(value, gp->target, gp->step_percent);
	const bool reached = value >= gp->target;
	if (marks > gp->marks_passed) {
		c.marks = marks - gp->marks_passed;
		c.mark_percent = marks * gp->step_percent;
	}
	c.goal = reached && !gp->reached;
	gp->marks_passed = marks;
	gp->reached = reached;
	gp->value = value;
	return c;
}
