/* The card's animation maths: easing curves and tweens on the source's own clock (nanoseconds of
 * video time), so every animation depends on elapsed time, never on the frame count. Pure C
 * without libobs; the caller keeps the state and asks for a value once per tick. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Curves from [0, 1] to [0, 1] (ease_out_back overshoots a little above 1 on the way); t outside
 * [0, 1] is clamped. */
float olc_ease_out_cubic(float t);
float olc_ease_in_out_cubic(float t);
float olc_ease_out_back(float t);

/* A value moving from `from` to `to` over duration_ns, starting at start_ns. A duration of 0 is
 * already at `to`. */
struct olc_tween {
	float from, to;
	uint64_t start_ns;
	uint64_t duration_ns;
};

/* A tween resting at value. */
void olc_tween_set(struct olc_tween *tw, float value);
/* Starts moving from the value it has at now_ns (so a retarget mid-way does not jump) to `to`. */
void olc_tween_retarget(struct olc_tween *tw, float to, uint64_t now_ns, uint64_t duration_ns);
/* The linear progress in [0, 1] at now_ns. */
float olc_tween_progress(const struct olc_tween *tw, uint64_t now_ns);
/* The value at now_ns through ease_in_out_cubic. */
float olc_tween_value(const struct olc_tween *tw, uint64_t now_ns);
bool olc_tween_done(const struct olc_tween *tw, uint64_t now_ns);

/* A one-off bump: 0 at start, up to 1 half-way, back to 0 at the end, flat at both ends; 0
 * outside. */
float olc_pulse(uint64_t start_ns, uint64_t duration_ns, uint64_t now_ns);

#ifdef __cplusplus
}
#endif
