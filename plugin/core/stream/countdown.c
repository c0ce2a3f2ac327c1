/* A flash-sale countdown; see countdown.h. */
#include "core/stream/countdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

#define NS_PER_MS 1000000ull

const char *olc_countdown_state_name(enum olc_countdown_state s)
{
	switch (s) {
	case OLC_COUNTDOWN_RUNNING:
		return "running";
	case OLC_COUNTDOWN_ENDED:
		return "ended";
	case OLC_COUNTDOWN_IDLE:
		break;
	}
	return "idle";
}

void olc_countdown_init(struct olc_countdown *cd)
{
	memset(cd, 0, sizeof(*cd));
}

void olc_countdown_free(struct olc_countdown *cd)
{
	free(cd->label);
	free(cd->product_id);
	memset(cd, 0, sizeof(*cd));
}

static bool label_ok(const char *label, struct olc_error *err)
{
	if (!label)
		return true;
	const size_t len = strlen(label);
	if (len > OLC_COUNTDOWN_LABEL_MAX) {
		olc_error_set(err, "\"label\" is %zu bytes long; at most %d are shown", len, OLC_COUNTDOWN_LABEL_MAX);
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		/* A label is one line on screen: newlines and other control characters have no place. */
		if ((unsigned char)label[i] < 0x20 || label[i] == 0x7f) {
			olc_error_set(err, "\"label\" must be one line of text, without control characters");
			return false;
		}
	}
	return true;
}

bool olc_countdown_start(struct olc_countdown *cd, long long seconds, const char *label, const char *product_id,
			 uint64_t now_ns, struct olc_error *err)
{
	if (seconds < OLC_COUNTDOWN_MIN_SECONDS || seconds > OLC_COUNTDOWN_MAX_SECONDS) {
		olc_error_set(err, "\"seconds\" must be %d to %d (a countdown of 5 seconds to 1 hour), not %lld",
			      OLC_COUNTDOWN_MIN_SECONDS, OLC_COUNTDOWN_MAX_SECONDS, seconds);
		return false;
	}
	const bool has_product = product_id && *product_id;
	if (!label_ok(label, err) || (has_product && !olc_product_id_check(product_id, "\"product_id\"", err)))
		return false;
	char *copy = NULL, *product = NULL;
	if (!olc_str_set_optional(&copy, label) || !olc_str_set_optional(&product, product_id)) {
		free(copy);
		olc_error_set(err, "out of memory");
		return false;
	}
	free(cd->label);
	cd->label = copy;
	free(cd->product_id);
	cd->product_id = product;
	cd->seconds = (int)seconds;
	cd->end_ns = now_ns + (uint64_t)seconds * 1000 * NS_PER_MS;
	cd->state = OLC_COUNTDOWN_RUNNING;
	cd->end_taken = false;
	cd->generation++;
	return true;
}

bool olc_countdown_stop(struct olc_countdown *cd)
{
	if (cd->state == OLC_COUNTDOWN_IDLE)
		return false;
	cd->state = OLC_COUNTDOWN_IDLE;
	free(cd->product_id);
	cd->product_id = NULL;
	cd->end_taken = false;
	cd->generation++;
	return true;
}

enum olc_countdown_state olc_countdown_advance(struct olc_countdown *cd, uint64_t now_ns)
{
	if (cd->state == OLC_COUNTDOWN_RUNNING && now_ns >= cd->end_ns) {
		cd->state = OLC_COUNTDOWN_ENDED;
		cd->generation++;
	}
	return cd->state;
}

int64_t olc_countdown_remaining_ms(const struct olc_countdown *cd, uint64_t now_ns)
{
	if (cd->state != OLC_COUNTDOWN_RUNNING || now_ns >= cd->end_ns)
		return 0;
	/* Rounded up: 1 ns before the end is still 1 ms left, never 0 while running. */
	return (int64_t)((cd->end_ns - now_ns + NS_PER_MS - 1) / NS_PER_MS);
}

int olc_countdown_display_seconds(int64_t remaining_ms)
{
	if (remaining_ms <= 0)
		return 0;
	return (int)((remaining_ms + 999) / 1000);
}

int olc_countdown_ms_into_second(int64_t remaining_ms)
{
	if (remaining_ms <= 0)
		return 0;
	return (int)((int64_t)olc_countdown_display_seconds(remaining_ms) * 1000 - remaining_ms);
}

bool olc_countdown_format(int seconds, char *buf, size_t len)
{
	if (len < 6) {
		if (len > 0)
			buf[0] = '\0';
		return false;
	}
	if (seconds < 0)
		seconds = 0;
	/* Minutes may pass 59 (60:00 for an hour): the sale's clock, not a time of day. */
	const int minutes = seconds / 60 > 99 ? 99 : seconds / 60;
	snprintf(buf, len, "%02d:%02d", minutes, seconds % 60);
	return true;
}

bool olc_countdown_take_end(struct olc_countdown *cd, uint64_t now_ns)
{
	if (olc_countdown_advance(cd, now_ns) != OLC_COUNTDOWN_ENDED || cd->end_taken)
		return false;
	cd->end_taken = true;
	return true;
}
