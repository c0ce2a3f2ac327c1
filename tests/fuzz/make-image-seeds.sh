#!/bin/sh
# Writes the photo decoder's fuzz seeds (fuzz-image-decode.cpp) into seeds/image/: tiny
# pictures made here with Qt's own writers, one for each path through the decoder (8-bit, grey,
# palette and 16-bit PNG, colour, grey and EXIF-rotated JPEG, lossy and lossless
# WebP) and a one-pixel GIF written byte by byte (Qt has no GIF writer). Needs g++ and Qt 6 (Gui):
#   . .github/scripts/lib/build.sh && OLC_TOP=$PWD olc_exec trixie -- tests/fuzz/make-image-seeds.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)/seeds/image
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/make.cpp" <<'CPP'
#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <cstdio>

static int failures = 0;

static void write_file(const char *name, const QByteArray &bytes)
{
	QFile file(QString::fromUtf8(name));
	if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
		failures++;
}

static QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
	QByteArray bytes;
	QBuffer buffer(&bytes);
	buffer.open(QIODevice::WriteOnly);
	QImageWriter writer(&buffer, format);
	if (quality >= 0)
		writer.setQuality(quality);
	if (!writer.write(image)) {
		std::fprintf(stderr, "%s: %s\n", format, qPrintable(writer.errorString()));
		failures++;
	}
	return bytes;
}

static void save(const QImage &image, const char *name, const char *format, int quality = -1)
{
	write_file(name, encode(image, format, quality));
}

int main()
{
	QImage rgba(8, 8, QImage::Format_ARGB32);
	for (int y = 0; y < 8; y++)
		for (int x = 0; x < 8; x++)
			rgba.setPixelColor(x, y, QColor(x * 32, y * 32, 128, 64 + x * 24));
	save(rgba, "png-rgba-8x8.png", "png");
	save(rgba.convertToFormat(QImage::Format_Grayscale8).scaled(16, 4), "png-grey-16x4.png", "png");
	save(rgba.convertToFormat(QImage::Format_Indexed8), "png-palette-8x8.png", "png");
	save(rgba.convertToFormat(QImage::Format_RGBA64).scaled(4, 4), "png-rgba64-4x4.png", "png");
	save(rgba.convertToFormat(QImage::Format_RGB32).scaled(16, 12), "jpeg-16x12.jpg", "jpeg", 50);
	save(rgba.convertToFormat(QImage::Format_Grayscale8), "jpeg-grey-8x8.jpg", "jpeg", 50);
	/* A phone photo taken upright: an EXIF APP1 segment right after SOI with one tag, Orientation
	 * (0x0112, SHORT) = 6, "rotate 90 degrees clockwise to show". */
	static const unsigned char exif[] = {
		0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,        /* APP1, 34 bytes, "Exif" */
		'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,            /* TIFF, big endian, IFD at 8 */
		0x00, 0x01,                                              /* one entry */
		0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, /* Orientation 6 */
		0x00, 0x00, 0x00, 0x00};                                 /* no next IFD */
	QByteArray rotated = encode(rgba.convertToFormat(QImage::Format_RGB32).scaled(12, 8), "jpeg", 50);
	rotated.insert(2, reinterpret_cast<const char *>(exif), sizeof(exif));
	write_file("jpeg-rotated-12x8.jpg", rotated);
	save(rgba, "webp-8x8.webp", "webp", 50);
	save(rgba, "webp-lossless-8x8.webp", "webp", 100);

	/* GIF89a, 1 x 1, a two-colour table, one image of colour 0: LZW with 2-bit codes, so 3-bit
	 * codes "clear (4), 0, end (5)" packed low bits first: 0x44 0x01. */
	static const unsigned char gif[] = {
		'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, /* screen, global table of 2 */
		0xd2, 0x69, 0x1e, 0xff, 0xff, 0xff,                  /* the colours */
		',', 0, 0, 0, 0, 1, 0, 1, 0, 0,                      /* image at 0,0, 1 x 1 */
		2, 2, 0x44, 0x01, 0,                                 /* LZW minimum 2, 2 bytes, end */
		';'};
	write_file("gif-1x1.gif", QByteArray(reinterpret_cast<const char *>(gif), sizeof(gif)));
	return failures ? 1 : 0;
}
CPP
# shellcheck disable=SC2046
g++ -std=c++17 -fPIC -o "$work/make" "$work/make.cpp" $(pkg-config --cflags --libs Qt6Gui)
cd "$here" && QT_QPA_PLATFORM=offscreen "$work/make"
ls -l "$here"
