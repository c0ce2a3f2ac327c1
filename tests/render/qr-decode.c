/* QR decoding of rendered frames through libzbar; see qr-decode.h. */
#include "qr-decode.h"

#include <zbar.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool qr_decode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height, struct qr_result *result)
{
	memset(result, 0, sizeof(*result));
	if (!rgba || !width || !height)
		return true;

	size_t count = (size_t)width * height;
	uint8_t *luma = malloc(count);
	if (!luma)
		return false;
	for (size_t i = 0; i < count; i++) {
		const uint8_t *p = rgba + i * 4;
		/* BT.601 luma, then over white so transparent pixels read as light paper. */
		unsigned y = (77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8;
		luma[i] = (uint8_t)((y * p[3] + 255u * (255u - p[3]) + 127u) / 255u);
	}

	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_t *image = zbar_image_create();
	bool ok = scanner && image;
	if (ok) {
		/* Only QR; binary mode so that 8-bit data without an ECI header is returned as the bytes
		 * encoded (zbar would otherwise guess Shift-JIS and garble UTF-8). */
		ok = zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0) == 0 &&
		     zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1) == 0 &&
		     zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) == 0;
	}
	if (ok) {
		zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
		zbar_image_set_size(image, width, height);
		zbar_image_set_data(image, luma, count, NULL);
		if (zbar_scan_image(scanner, image) < 0)
			ok = false;
	}
	if (ok) {
		for (const zbar_symbol_t *sym = zbar_image_first_symbol(image); sym; sym = zbar_symbol_next(sym)) {
			if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
				continue;
			if (result->symbols++ == 0) {
				size_t len = zbar_symbol_get_data_length(sym);
				result->data = malloc(len + 1);
				if (!result->data) {
					ok = false;
					break;
				}
				memcpy(result->data, zbar_symbol_get_data(sym), len);
				result->data[len] = '\0';
				result->len = len;
			}
		}
	}

	if (image)
		zbar_image_destroy(image);
	if (scanner)
		zbar_image_scanner_destroy(scanner);
	free(luma);
	return ok;
}

void qr_result_free(struct qr_result *result)
{
	free(result->data);
	memset(result, 0, sizeof(*result));
}

void qr_describe_bytes(const char *data, size_t len, char *out, size_t out_size)
{
	size_t n = 0;

	if (!out_size)
		return;
	for (size_t i = 0; i < len && n + 5 < out_size; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, out_size - n, "\\x%02x", c);
	}
	out[n] = '\0';
}
