/* Reads QR codes out of rendered frames with libzbar. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What zbar found in a frame. data holds the first QR symbol's payload as raw bytes (zbar's binary
 * mode: no Shift-JIS or other charset guessing), NUL-terminated for printing; NULL when none. */
struct qr_result {
	int symbols; /* QR symbols found; tests expect exactly 1 */
	char *data;
	size_t len;
};

/* Decodes the QR codes in width x height RGBA pixels (top row first), composited over white and turned
 * to 8-bit luma. Fills result, which the caller frees with qr_result_free. False only if zbar could not
 * be set up. */
bool qr_decode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height, struct qr_result *result);

void qr_result_free(struct qr_result *result);

/* The payload as text for a failure message: printable ASCII kept, other bytes as \xNN, at most about
 * out_size bytes. */
void qr_describe_bytes(const char *data, size_t len, char *out, size_t out_size);
