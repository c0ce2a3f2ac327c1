#include <gtest/gtest.h>

#include <cstdint>

#include "core/stream/goal-progress.h"

namespace {

TEST(GoalProgress, KindNamesAreTheSettingsWords)
{
	EXPECT_STREQ(olc_goal_kind_name(OLC_GOAL_ORDERS), "orders");
	EXPECT_STREQ(olc_goal_kind_name(OLC_GOAL_UNITS), "units");
	EXPECT_STREQ(olc_goal_kind_name(OLC_GOAL_REVENUE), "revenue");
}

TEST(GoalProgress, FractionIsClampedToTheBar)
{
	EXPECT_EQ(olc_goal_fraction(0, 200), 0.0);
	EXPECT_EQ(olc_goal_fraction(-5, 200), 0.0);
	EXPECT_EQ(olc_goal_fraction(50, 200), 0.25);
	EXPECT_EQ(olc_goal_fraction(199, 200), 0.995);
	EXPECT_EQ(olc_goal_fraction(200, 200), 1.0);
	EXPECT_EQ(olc_goal_fraction(450, 200), 1.0);
	// A target below 1 counts as 1: never a division by zero.
	EXPECT_EQ(olc_goal_fraction(1, 0), 1.0);
	EXPECT_EQ(olc_goal_fraction(0, 0), 0.0);
}

TEST(GoalProgress, MarksAreExactIntegerThresholds)
{
	// 25 % of 10 is 2.5: the first mark needs 3 orders, the second exactly 5, the third 7.5 -> 8.
	EXPECT_EQ(olc_goal_marks_at(2, 10, 25), 0);
	EXPECT_EQ(olc_goal_marks_at(3, 10, 25), 1);
	EXPECT_EQ(olc_goal_marks_at(4, 10, 25), 1);
	EXPECT_EQ(olc_goal_marks_at(5, 10, 25), 2);
	EXPECT_EQ(olc_goal_marks_at(7, 10, 25), 2);
	EXPECT_EQ(olc_goal_marks_at(8, 10, 25), 3);
	// 100 % is the goal, not a mark.
	EXPECT_EQ(olc_goal_marks_at(10, 10, 25), 3);
	EXPECT_EQ(olc_goal_marks_at(1000, 10, 25), 3);
	// Revenue: ¥20 000.00 in minor units, marks at 500000, 1000000, 1500000 exactly.
	EXPECT_EQ(olc_goal_marks_at(499999, 2000000, 25), 0);
	EXPECT_EQ(olc_goal_marks_at(500000, 2000000, 25), 1);
	EXPECT_EQ(olc_goal_marks_at(1499999, 2000000, 25), 2);
	EXPECT_EQ(olc_goal_marks_at(1500000, 2000000, 25), 3);
	// Steps that do not divide 100: 30 % gives marks at 30, 60, 90.
	EXPECT_EQ(olc_goal_marks_at(89, 100, 30), 2);
	EXPECT_EQ(olc_goal_marks_at(90, 100, 30), 3);
	// No steps: only the goal counts.
	EXPECT_EQ(olc_goal_marks_at(99, 100, 0), 0);
	EXPECT_EQ(olc_goal_marks_at(99, 100, 100), 0);
	EXPECT_EQ(olc_goal_marks_at(99, 100, -25), 0);
}

TEST(GoalProgress, HugeTargetsStayExact)
{
	// The largest target: 10^16 * 99 must not overflow, and the 1 % mark is exactly 10^14.
	const int64_t target = OLC_GOAL_TARGET_MAX;
	EXPECT_EQ(olc_goal_marks_at(100000000000000LL - 1, target, 1), 0);
	EXPECT_EQ(olc_goal_marks_at(100000000000000LL, target, 1), 1);
	EXPECT_EQ(olc_goal_marks_at(target - 1, target, 1), 99);
	EXPECT_EQ(olc_goal_marks_at(INT64_MAX, INT64_MAX, 25), 3); // clamped to the maximum target
}

TEST(GoalProgress, ResetIsSilentAndClamps)
{
	olc_goal_progress gp;
	olc_goal_progress_reset(&gp, 0, 250, 12);
	EXPECT_EQ(gp.target, 1);
	EXPECT_EQ(gp.step_percent, 0);
	EXPECT_TRUE(gp.reached);
	EXPECT_EQ(gp.marks_passed, 0);

	// A source created half way: the marks below are passed already and are not reported later.
	olc_goal_progress_reset(&gp, 100, 25, 60);
	EXPECT_EQ(gp.marks_passed, 2);
	EXPECT_FALSE(gp.reached);
	olc_goal_crossing c = olc_goal_progress_update(&gp, 61);
	EXPECT_EQ(c.marks, 0);
	EXPECT_FALSE(c.goal);
}

TEST(GoalProgress, EachMarkAndTheGoalAreReportedOnce)
{
	olc_goal_progress gp;
	olc_goal_progress_reset(&gp, 8, 25, 0);

	olc_goal_crossing c = olc_goal_progress_update(&gp, 1);
	EXPECT_EQ(c.marks, 0);
	EXPECT_EQ(c.mark_percent, 0);
	EXPECT_FALSE(c.goal);

	c = olc_goal_progress_update(&gp, 2); // 25 %
	EXPECT_EQ(c.marks, 1);
	EXPECT_EQ(c.mark_percent, 25);
	EXPECT_FALSE(c.goal);

	c = olc_goal_progress_update(&gp, 2); // the same value again: nothing new
	EXPECT_EQ(c.marks, 0);

	c = olc_goal_progress_update(&gp, 7); // a burst: 50 % and 75 % at once, one report
	EXPECT_EQ(c.marks, 2);
	EXPECT_EQ(c.mark_percent, 75);
	EXPECT_FALSE(c.goal);

	c = olc_goal_progress_update(&gp, 8);
	EXPECT_EQ(c.marks, 0);
	EXPECT_TRUE(c.goal);
	EXPECT_TRUE(gp.reached);

	c = olc_goal_progress_update(&gp, 30); // past the goal: nothing more
	EXPECT_EQ(c.marks, 0);
	EXPECT_FALSE(c.goal);
}

TEST(GoalProgress, JumpingStraightToTheGoalReportsMarksAndGoal)
{
	olc_goal_progress gp;
	olc_goal_progress_reset(&gp, 100, 25, 10);
	olc_goal_crossing c = olc_goal_progress_update(&gp, 100);
	EXPECT_EQ(c.marks, 3);
	EXPECT_EQ(c.mark_percent, 75);
	EXPECT_TRUE(c.goal);
}

TEST(GoalProgress, GoingDownReArmsSilently)
{
	olc_goal_progress gp;
	olc_goal_progress_reset(&gp, 4, 50, 0);
	EXPECT_EQ(olc_goal_progress_update(&gp, 4).goal, true);

	// The counters were cleared (another shop): nothing is reported on the way down...
	olc_goal_crossing c = olc_goal_progress_update(&gp, 0);
	EXPECT_EQ(c.marks, 0);
	EXPECT_FALSE(c.goal);
	EXPECT_FALSE(gp.reached);
	EXPECT_EQ(gp.marks_passed, 0);

	// ...and the 50 % mark and the goal are celebrated again when passed again.
	c = olc_goal_progress_update(&gp, 2);
	EXPECT_EQ(c.marks, 1);
	EXPECT_EQ(c.mark_percent, 50);
	c = olc_goal_progress_update(&gp, 5);
	EXPECT_TRUE(c.goal);
}

TEST(GoalProgress, WithoutStepsOnlyTheGoalCounts)
{
	olc_goal_progress gp;
	olc_goal_progress_reset(&gp, 3, 0, 0);
	EXPECT_EQ(olc_goal_progress_update(&gp, 2).marks, 0);
	olc_goal_crossing c = olc_goal_progress_update(&gp, 3);
	EXPECT_EQ(c.marks, 0);
	EXPECT_TRUE(c.goal);
}

} // namespace
