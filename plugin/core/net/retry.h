/* When to ask a shop again: Retry-After, the HTTP-date of a Date header, full-jitter backoff.
 * Pure functions; any thread. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Retry-After: delta-seconds or an HTTP-date, relative to now_ms (Unix ms). -1 if invalid. */
int64_t olc_http_parse_retry_after(const char *value, int64_t now_ms);

/* An HTTP-date (the Date header: "Sun, 06 Nov 1994 08:49:37 GMT" and RFC 9110's two older
 * forms) as Unix ms. false for NULL or anything else. */
bool olc_http_parse_date(const char *value, int64_t *unix_ms);

/* Full-jitter exponential backoff: a uniform random delay in [0, min(cap, base * 2^attempt)].
 * attempt counts from 0; state is the caller's PRNG state (any non-zero seed). */
int64_t olc_backoff_full_jitter_ms(unsigned attempt, int64_t base_ms, int64_t cap_ms, uint64_t *state);

#ifdef __cplusplus
}
#endif
