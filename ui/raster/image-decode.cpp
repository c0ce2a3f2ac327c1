/* Product photos from bytes to pixels; see image-decode.h. */
#include "raster/image-decode.h"

#include "raster/raster-common.h"

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

/* The Qt format name of a photo, told by its first bytes; nullptr for anything else. Deciding here
 * rather than letting Qt probe every reader it has keeps hostile bytes away from the decoders of
 * formats no shop uses for photos (TIFF, ICNS, MNG, TGA...). */
const char *photo_format(const unsigned char *p, size_t len)
{
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "jpeg";
	if (len >= 8 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (len >= 6 && (std::memcmp(p, "GIF87a", 6) == 0 || std::memcmp(p, "GIF89a", 6) == 0))
		return "gif";
	if (len >= 12 && std::memcmp(p, "RIFF", 4) == 0 && std::memcmp(p + 8, "WEBP", 4) == 0)
		return "webp";
	return nullptr;
}

/* The size that keeps the aspect ratio and makes the shorter side cover (never larger than size),
 * then fits within OLC_IMAGE_MAX_SIDE and OLC_IMAGE_MAX_OUTPUT_PIXELS. Symmetric in width and
 * height, so it means the same before and after an EXIF rotation. */
QSize bounded_size(const QSize &size, int cover)
{
	long long w = size.width(), h = size.height();
	const long long shorter = std::min(w, h);
	if (cover > 0 && shorter > cover) {
		w = std::max(1LL, std::llround(static_cast<double>(w) * cover / shorter));
		h = std::max(1LL, std::llround(static_cast<double>(h) * cover / shorter));
	}
	const long long longer = std::max(w, h);
	if (longer > OLC_IMAGE_MAX_SIDE) {
		w = std::max(1LL, w * OLC_IMAGE_MAX_SIDE / longer);
		h = std::max(1LL, h * OLC_IMAGE_MAX_SIDE / longer);
	}
	if (w * h > OLC_IMAGE_MAX_OUTPUT_PIXELS) {
		const double factor = std::sqrt(static_cast<double>(OLC_IMAGE_MAX_OUTPUT_PIXELS) / (w * h));
		w = std::max(1LL, static_cast<long long>(w * factor));
		h = std::max(1LL, static_cast<long long>(h * factor));
	}
	return QSize(static_cast<int>(w), static_cast<int>(h));
}

/* The bytes the decoder itself will allocate, from the header. A reader that scales while reading
 * allocates little: Qt's JPEG reader decodes at a power of two of the full size, at most twice the
 * size asked for on each side; newer Qt PNG readers scale a PNG they read as 32-bit colour (8-bit
 * RGB or RGBA) row by row. Every other picture is decoded whole first, in the pixel format it
 * announces (16-bit PNGs: 8 bytes a pixel). */
long long decode_bytes(const QImageReader &reader, const char *format, const QSize &announced, const QSize &target)
{
	const QImage::Format decoded = reader.imageFormat();
	const int bits = decoded == QImage::Format_Invalid ? 32 : QImage::toPixelFormat(decoded).bitsPerPixel();
	long long pixels = static_cast<long long>(announced.width()) * announced.height();
	if (reader.supportsOption(QImageIOHandler::ScaledSize)) {
		if (std::strcmp(format, "jpeg") == 0)
			pixels = std::min(pixels, 4LL * target.width() * target.height());
		else if (std::strcmp(format, "png") == 0 &&
			 (decoded == QImage::Format_ARGB32 || decoded == QImage::Format_RGB32))
			pixels = static_cast<long long>(target.width()) * target.height();
	}
	return (pixels * std::max(bits, 8) + 7) / 8;
}

} // namespace

extern "C" bool olc_image_decode(const void *data, size_t len, int cover, struct olc_image *out, char *err,
				 size_t err_len)
{
	const olc::Report report("image", err, err_len);
	if (out)
		*out = olc_image{};
	if (!data || !len || !out || len > static_cast<size_t>(INT32_MAX))
		return report.fail("no data");
	const char *format = photo_format(static_cast<const unsigned char *>(data), len);
	if (!format)
		return report.fail("not a JPEG, PNG, WebP or GIF picture");

	/* fromRawData borrows the caller's bytes: no copy of a large download. */
	QByteArray bytes = QByteArray::fromRawData(static_cast<const char *>(data), static_cast<qsizetype>(len));
	QBuffer buffer(&bytes);
	buffer.open(QIODevice::ReadOnly);
	QImageReader reader(&buffer, format);
	reader.setAutoDetectImageFormat(false);
	reader.setAutoTransform(true);
	if (!reader.canRead())
		return report.fail("the file is damaged or cut short");

	/* Every photo format states its size up front: without it nothing bounds the decoding. */
	const QSize announced = reader.size();
	if (!announced.isValid())
		return report.fail("the file is damaged or cut short");
	if (static_cast<long long>(announced.width()) * announced.height() > OLC_IMAGE_MAX_PIXELS)
		return report.fail("too many pixels (over 64 megapixels)");
	/* The size asked of the decoder is in the file's own orientation, before the EXIF rotation is
	 * applied: bounded_size() is the same either way round. */
	const QSize asked = bounded_size(announced, cover);
	if (decode_bytes(reader, format, announced, asked) > OLC_IMAGE_MAX_DECODE_BYTES) {
		char message[160];
		std::snprintf(message, sizeof(message), "%d x %d pixels are too many to decode in %lld MiB",
			      announced.width(), announced.height(), OLC_IMAGE_MAX_DECODE_BYTES / (1024 * 1024));
		return report.fail(message);
	}
	if (asked != announced && reader.supportsOption(QImageIOHandler::ScaledSize))
		reader.setScaledSize(asked);

	QImage image = reader.read();
	if (image.isNull())
		return report.fail("the file is damaged or cut short");
	const QSize target = bounded_size(image.size(), cover);
	if (target != image.size()) {
		/* Smooth scaling first makes a 32-bit premultiplied copy of the whole picture: a large one is
		 * brought near the target by sampling first, in its own format, so that copy stays small. */
		if (static_cast<long long>(image.width()) * image.height() * 4 > OLC_IMAGE_MAX_DECODE_BYTES / 2) {
			const QSize sampled = (target * 2).boundedTo(image.size());
			image = image.scaled(sampled, Qt::IgnoreAspectRatio, Qt::FastTransformation);
		}
		image = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
	}
	image = image.convertToFormat(QImage::Format_RGBA8888);
	if (image.isNull())
		return report.fail("out of memory");

	const int stride = image.width() * 4;
	auto *pixels = static_cast<unsigned char *>(std::malloc(static_cast<size_t>(stride) * image.height()));
	if (!pixels)
		return report.fail("out of memory");
	for (int y = 0; y < image.height(); y++)
		std::memcpy(pixels + static_cast<size_t>(y) * stride, image.constScanLine(y),
			    static_cast<size_t>(stride));
	out->width = image.width();
	out->height = image.height();
	out->stride = stride;
	out->pixels = pixels;
	return report.done();
}

extern "C" void olc_image_free(struct olc_image *img)
{
	if (!img)
		return;
	std::free(img->pixels);
	*img = olc_image{};
}
