/* QR code modules for a URL, made with libqrencode. The card rasteriser turns the matrix into
 * pixels (adding the quiet zone); this file only decides which modules are dark. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum olc_qr_ecc { OLC_QR_ECC_L, OLC_QR_ECC_M, OLC_QR_ECC_Q, OLC_QR_ECC_H };

struct olc_qr_matrix {
	int size;      /* modules per side: 21 + 4 * (version - 1), so 21 to 177 */
	uint8_t *dark; /* size * size bytes, row-major, 1 = dark; no quiet zone. malloc'd */
};

/* Encodes the UTF-8 bytes of text as they are, in 8-bit byte mode with no ECI header, so a
 * decoder in binary mode returns exactly those bytes. The smallest version that fits is used.
 * Fails (with *out left empty) on NULL or empty text and on text too long for a QR code at this
 * level. On success the caller owns out->dark: free it with olc_qr_matrix_free().
 * Any thread (libqrencode guards its shared tables). */
bool olc_qr_encode(const char *text, enum olc_qr_ecc ecc, struct olc_qr_matrix *out, struct olc_error *err);

/* Frees the modules and empties the matrix. Safe on an empty or already freed matrix. */
void olc_qr_matrix_free(struct olc_qr_matrix *m);

/* true when the module at column x, row y is dark; false outside the matrix. */
static inline bool olc_qr_matrix_is_dark(const struct olc_qr_matrix *m, int x, int y)
{
	return x >= 0 && y >= 0 && x < m->size && y < m->size && m->dark[(size_t)y * (size_t)m->size + (size_t)x];
}

#ifdef __cplusplus
}
#endif
