/* The card's animation maths; see core/stream/motion.h. */
#include "core/stream/motion.h"

static float clamp01(float t)
{
	return t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
}

float olc_ease_out_cubic(float t)
{
	const float u = 1.0f - clamp01(t);
	return 1.0f - u * u * u;
}

float olc_ease_in_out_cubic(float t)
{
	t = clamp01(t);
	if (t < 0.5f)
		return 4.0f * t * t * t;
	const float u = -2.0f * t + 2.0f;
	return 1.0f - u * u * u / 2.0f;
}

float olc_ease_out_back(float t)
{
	/* The classic overshoot constant: about 10 % past the end before settling. */
	const float c1 = 1.70158f;
	const float c3 = c1 + 1.0f;
	const float u = clamp01(t) - 1.0f;
	return 1.0f + c3 * u * u * u + c1 * u * u;
}

void olc_tween_set(struct olc_tween *tw, float value)
{
	tw->from = tw->to = value;
	tw->start_ns = 0;
	tw->duration_ns = 0;
}

float olc_tween_progress(const struct olc_tween *tw, uint64_t now_ns)
{
	if (tw->duration_ns == 0 || now_ns >= tw->start_ns + tw->duration_ns)
		return 1.0f;
	if (now_ns <= tw->start_ns)
		return 0.0f;
	return (float)((double)(now_ns - tw->start_ns) / (double)tw->duration_ns);
}

float olc_tween_value(const struct olc_tween *tw, uint64_t now_ns)
{
	const float e = olc_ease_in_out_cubic(olc_tween_progress(tw, now_ns));
	return tw->from + (tw->to - tw->from) * e;
}

void olc_tween_retarget(struct olc_tween *tw, float to, uint64_t now_ns, uint64_t duration_ns)
{
	const float now_value = olc_tween_value(tw, now_ns);
	tw->from = now_value;
	tw->to = to;
	tw->start_ns = now_ns;
	tw->duration_ns = duration_ns;
}

bool olc_tween_done(const struct olc_tween *tw, uint64_t now_ns)
{
	return olc_tween_progress(tw, now_ns) >= 1.0f;
}

float olc_pulse(uint64_t start_ns, uint64_t duration_ns, uint64_t now_ns)
{
	if (duration_ns == 0 || now_ns < start_ns || now_ns >= start_ns + duration_ns)
		return 0.0f;
	/* 16 t^2 (1 - t)^2: a bell that starts and ends flat, so the pulse has no visible kick. */
	const float t = (float)((double)(now_ns - start_ns) / (double)duration_ns);
	const float arch = t * (1.0f - t);
	return 16.0f * arch * arch;
}
