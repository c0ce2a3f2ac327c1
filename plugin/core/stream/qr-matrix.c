#include "core/stream/qr-matrix.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

bool olc_qr_encode(const char *text, enum olc_qr_ecc ecc, struct olc_qr_matrix *out, struct olc_error *err)
{
	static const QRecLevel levels[] = {
		[OLC_QR_ECC_L] = QR_ECLEVEL_L,
		[OLC_QR_ECC_M] = QR_ECLEVEL_M,
		[OLC_QR_ECC_Q] = QR_ECLEVEL_Q,
		[OLC_QR_ECC_H] = QR_ECLEVEL_H,
	};

	out->size = 0;
	out->dark = NULL;

	if (!text || !*text) {
		olc_error_set(err, "there is nothing to put in the QR code");
		return false;
	}
	if ((unsigned)ecc > OLC_QR_ECC_H) {
		olc_error_set(err, "unknown QR error correction level %d", (int)ecc);
		return false;
	}
	size_t len = strlen(text);
	if (len > INT_MAX) {
		olc_error_set(err, "the text is too long for a QR code (%zu bytes)", len);
		return false;
	}

	/* QRcode_encodeData puts the whole input in one 8-bit segment and adds no ECI header. */
	errno = 0;
	QRcode *code = QRcode_encodeData((int)len, (const unsigned char *)text, 0, levels[ecc]);
	if (!code) {
		if (errno == ERANGE)
			olc_error_set(err, "the text is too long for a QR code (%zu bytes); use a shorter link", len);
		else if (errno == ENOMEM)
			olc_error_set(err, "out of memory while making a QR code");
		else
			olc_error_set(err, "could not make a QR code (%s)", strerror(errno));
		return false;
	}

	size_t count = (size_t)code->width * (size_t)code->width;
	uint8_t *dark = malloc(count);
	if (!dark) {
		QRcode_free(code);
		olc_error_set(err, "out of memory while making a QR code");
		return false;
	}
	/* Bit 0 of each libqrencode module is its colour; the other bits describe its role. */
	for (size_t i = 0; i < count; i++)
		dark[i] = code->data[i] & 1;

	out->size = code->width;
	out->dark = dark;
	QRcode_free(code);
	return true;
}

void olc_qr_matrix_free(struct olc_qr_matrix *m)
{
	if (!m)
		return;
	free(m->dark);
	m->dark = NULL;
	m->size = 0;
}
