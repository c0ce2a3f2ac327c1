#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/stream/countdown.h"

namespace {

constexpr uint64_t ms = 1000000ull;
constexpr uint64_t s = 1000 * ms;

std::string format(int seconds)
{
	char buf[8];
	EXPECT_TRUE(olc_countdown_format(seconds, buf, sizeof(buf)));
	return buf;
}

struct Countdown : ::testing::Test {
	olc_countdown cd;
	olc_error err = {{0}};
	void SetUp() override { olc_countdown_init(&cd); }
	void TearDown() override { olc_countdown_free(&cd); }
};

TEST(CountdownFormat, MinutesAndSeconds)
{
	EXPECT_EQ(format(0), "00:00");
	EXPECT_EQ(format(9), "00:09");
	EXPECT_EQ(format(59), "00:59");
	EXPECT_EQ(format(60), "01:00");
	EXPECT_EQ(format(299), "04:59");
	EXPECT_EQ(format(3599), "59:59");
	EXPECT_EQ(format(3600), "60:00"); // the longest countdown: minutes go past 59
	EXPECT_EQ(format(-3), "00:00");

	char small[5] = "xxxx";
	EXPECT_FALSE(olc_countdown_format(300, small, sizeof(small)));
	EXPECT_STREQ(small, "");
}

TEST(CountdownFormat, DisplayRoundsUp)
{
	EXPECT_EQ(olc_countdown_display_seconds(300000), 300);
	EXPECT_EQ(olc_countdown_display_seconds(299001), 300);
	EXPECT_EQ(olc_countdown_display_seconds(299000), 299);
	EXPECT_EQ(olc_countdown_display_seconds(1), 1);
	EXPECT_EQ(olc_countdown_display_seconds(0), 0);
	EXPECT_EQ(olc_countdown_display_seconds(-20), 0);

	EXPECT_EQ(olc_countdown_ms_into_second(10000), 0); // "00:10" just appeared
	EXPECT_EQ(olc_countdown_ms_into_second(9750), 250);
	EXPECT_EQ(olc_countdown_ms_into_second(9001), 999);
	EXPECT_EQ(olc_countdown_ms_into_second(0), 0);
}

TEST_F(Countdown, StartsOnlyForFiveSecondsToAnHour)
{
	EXPECT_FALSE(olc_countdown_start(&cd, 2, "x", nullptr, 0, &err));
	EXPECT_STREQ(err.text, "\"seconds\" must be 5 to 3600 (a countdown of 5 seconds to 1 hour), not 2");
	EXPECT_FALSE(olc_countdown_start(&cd, 4, nullptr, nullptr, 0, &err));
	EXPECT_FALSE(olc_countdown_start(&cd, 3601, nullptr, nullptr, 0, &err));
	EXPECT_STREQ(err.text, "\"seconds\" must be 5 to 3600 (a countdown of 5 seconds to 1 hour), not 3601");
	EXPECT_FALSE(olc_countdown_start(&cd, -5, nullptr, nullptr, 0, &err));
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_IDLE);
	EXPECT_EQ(cd.generation, 0u);

	EXPECT_TRUE(olc_countdown_start(&cd, 5, nullptr, nullptr, 0, &err));
	EXPECT_TRUE(olc_countdown_start(&cd, 3600, nullptr, nullptr, 0, &err));
	EXPECT_EQ(cd.seconds, 3600);
}

TEST_F(Countdown, KeepsTheSalesProductIdWholeAndRefusesOneOverTheMaximum)
{
	const std::string id = std::string(299, 'm') + "!"; // 300 bytes: once cut at 128
	ASSERT_TRUE(olc_countdown_start(&cd, 300, "Flash sale", id.c_str(), 0, &err)) << err.text;
	ASSERT_NE(cd.product_id, nullptr);
	EXPECT_EQ(std::string(cd.product_id), id);

	const std::string too_long(OLC_PRODUCT_ID_MAX + 1, 'm');
	EXPECT_FALSE(olc_countdown_start(&cd, 60, "Other", too_long.c_str(), 0, &err));
	EXPECT_STREQ(err.text, "\"product_id\" is 513 bytes long; at most 512 are accepted");
	EXPECT_EQ(std::string(cd.product_id), id); // nothing changed
	EXPECT_EQ(cd.seconds, 300);

	// "" is no product; stopping forgets it.
	ASSERT_TRUE(olc_countdown_start(&cd, 60, nullptr, "", 0, &err));
	EXPECT_EQ(cd.product_id, nullptr);
	ASSERT_TRUE(olc_countdown_start(&cd, 60, nullptr, id.c_str(), 0, &err));
	EXPECT_TRUE(olc_countdown_stop(&cd));
	EXPECT_EQ(cd.product_id, nullptr);
}

TEST_F(Countdown, LabelIsOneShortLine)
{
	EXPECT_FALSE(olc_countdown_start(&cd, 60, "line one\nline two", nullptr, 0, &err));
	EXPECT_STREQ(err.text, "\"label\" must be one line of text, without control characters");
	const std::string long_label(OLC_COUNTDOWN_LABEL_MAX + 1, 'a');
	EXPECT_FALSE(olc_countdown_start(&cd, 60, long_label.c_str(), nullptr, 0, &err));
	EXPECT_STREQ(err.text, "\"label\" is 201 bytes long; at most 200 are shown");
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_IDLE);

	EXPECT_TRUE(olc_countdown_start(&cd, 60, "限时秒杀 Flash sale", nullptr, 0, &err));
	EXPECT_STREQ(cd.label, "限时秒杀 Flash sale");
	EXPECT_TRUE(olc_countdown_start(&cd, 60, "", nullptr, 0, &err));
	EXPECT_EQ(cd.label, nullptr); // empty means none
}

TEST_F(Countdown, RunsDownOnTheGivenClock)
{
	const uint64_t t0 = 5000 * s; // any origin
	ASSERT_TRUE(olc_countdown_start(&cd, 300, "Flash sale", nullptr, t0, &err));
	EXPECT_EQ(olc_countdown_advance(&cd, t0), OLC_COUNTDOWN_RUNNING);
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, t0), 300000);
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, t0 + 1 * s + 250 * ms), 298750);
	// One nanosecond before the end there is still something left, shown as 00:01.
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, t0 + 300 * s - 1), 1);
	EXPECT_EQ(olc_countdown_display_seconds(olc_countdown_remaining_ms(&cd, t0 + 300 * s - 1)), 1);
	EXPECT_EQ(olc_countdown_advance(&cd, t0 + 300 * s - 1), OLC_COUNTDOWN_RUNNING);

	EXPECT_EQ(olc_countdown_advance(&cd, t0 + 300 * s), OLC_COUNTDOWN_ENDED);
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, t0 + 300 * s), 0);
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, t0 + 900 * s), 0);
	EXPECT_STREQ(olc_countdown_state_name(cd.state), "ended");
}

TEST_F(Countdown, TheEndIsTakenExactlyOnce)
{
	ASSERT_TRUE(olc_countdown_start(&cd, 5, "Flash sale", nullptr, 0, &err));
	EXPECT_FALSE(olc_countdown_take_end(&cd, 4 * s));
	EXPECT_FALSE(olc_countdown_take_end(&cd, 5 * s - 1));
	EXPECT_TRUE(olc_countdown_take_end(&cd, 7 * s)); // late (a busy thread): still once
	EXPECT_FALSE(olc_countdown_take_end(&cd, 7 * s));
	EXPECT_FALSE(olc_countdown_take_end(&cd, 60 * s));
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_ENDED);

	// A new run ends once again.
	ASSERT_TRUE(olc_countdown_start(&cd, 5, nullptr, nullptr, 100 * s, &err));
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_RUNNING);
	EXPECT_FALSE(olc_countdown_take_end(&cd, 104 * s));
	EXPECT_TRUE(olc_countdown_take_end(&cd, 105 * s));
	EXPECT_FALSE(olc_countdown_take_end(&cd, 106 * s));
}

TEST_F(Countdown, StoppedOrRestartedCountdownsNeverEnd)
{
	ASSERT_TRUE(olc_countdown_start(&cd, 10, nullptr, nullptr, 0, &err));
	EXPECT_TRUE(olc_countdown_stop(&cd));
	EXPECT_FALSE(olc_countdown_stop(&cd)); // idle already
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_IDLE);
	EXPECT_FALSE(olc_countdown_take_end(&cd, 60 * s));
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, 1 * s), 0);

	// A restart replaces the running countdown: its old end passes without an end.
	ASSERT_TRUE(olc_countdown_start(&cd, 10, "first", nullptr, 0, &err));
	ASSERT_TRUE(olc_countdown_start(&cd, 20, "second", nullptr, 5 * s, &err));
	EXPECT_FALSE(olc_countdown_take_end(&cd, 10 * s));
	EXPECT_EQ(olc_countdown_remaining_ms(&cd, 10 * s), 15000);
	EXPECT_TRUE(olc_countdown_take_end(&cd, 25 * s));
	EXPECT_STREQ(cd.label, "second");

	// Stopping an ended countdown goes back to idle.
	EXPECT_TRUE(olc_countdown_stop(&cd));
	EXPECT_EQ(cd.state, OLC_COUNTDOWN_IDLE);
}

TEST_F(Countdown, GenerationChangesOnStartStopAndEnd)
{
	uint64_t g = cd.generation;
	ASSERT_TRUE(olc_countdown_start(&cd, 5, nullptr, nullptr, 0, &err));
	EXPECT_GT(cd.generation, g);
	g = cd.generation;
	olc_countdown_advance(&cd, 1 * s);
	EXPECT_EQ(cd.generation, g); // running: unchanged
	olc_countdown_advance(&cd, 5 * s);
	EXPECT_GT(cd.generation, g);
	g = cd.generation;
	olc_countdown_advance(&cd, 6 * s);
	EXPECT_EQ(cd.generation, g);
	olc_countdown_stop(&cd);
	EXPECT_GT(cd.generation, g);
}

} // namespace
