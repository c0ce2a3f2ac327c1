/* Product photos from bytes to pixels; see image-decode.h. */
#include "image-decode.h"

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void set_error(char *err, size_t err_len, const char *message)
{
	if (err && err_len > 0)
		std::snprintf(err, err_len, "%s", message);
}

/* The size that keeps the aspect ratio and makes the shorter side cover (never larger than size). */
QSize cover_size(const QSize &size, int cover)
{
	const int shorter = std::min(size.width(), size.height());
	if (cover <= 0 || shorter <= cover)
		return size;
	const double factor = static_cast<double>(cover) / shorter;
	return QSize(std::max(1, static_cast<int>(std::lround(size.width() * factor))),
		     std::max(1, static_cast<int>(std::lround(size.height() * factor))));
}

} // namespace

extern "C" bool olc_image_decode(const void *data, size_t len, int cover, struct olc_image *out, char *err,
				 size_t err_len)
{
	if (out)
		*out = olc_image{};
	if (!data || !len || !out || len > static_cast<size_t>(INT32_MAX)) {
		set_error(err, err_len, "image: no data");
		return false;
	}

	/* fromRawData borrows the caller's bytes: no copy of a large download. */
	QByteArray bytes = QByteArray::fromRawData(static_cast<const char *>(data), static_cast<qsizetype>(len));
	QBuffer buffer(&bytes);
	buffer.open(QIODevice::ReadOnly);
	QImageReader reader(&buffer);
	reader.setAutoTransform(true);
	if (!reader.canRead()) {
		set_error(err, err_len, "image: not an image in a format this system can read");
		return false;
	}

	const QSize announced = reader.size();
	if (announced.isValid() &&
	    static_cast<long long>(announced.width()) * announced.height() > OLC_IMAGE_MAX_PIXELS) {
		set_error(err, err_len, "image: too many pixels (over 64 megapixels)");
		return false;
	}
	/* JPEG decodes straight to a fraction of its size (far less memory for a phone photo), but
	 * only when a rotation does not swap the sides the scaled size refers to. */
	const bool swaps = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
	if (announced.isValid() && !swaps && reader.supportsOption(QImageIOHandler::ScaledSize)) {
		const QSize target = cover_size(announced, cover);
		if (target != announced)
			reader.setScaledSize(target);
	}

	QImage image = reader.read();
	if (image.isNull()) {
		set_error(err, err_len, "image: the file is damaged or cut short");
		return false;
	}
	const QSize target = cover_size(image.size(), cover);
	if (target != image.size())
		image = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
	image = image.convertToFormat(QImage::Format_RGBA8888);
	if (image.isNull()) {
		set_error(err, err_len, "image: out of memory");
		return false;
	}

	const int stride = image.width() * 4;
	auto *pixels = static_cast<unsigned char *>(std::malloc(static_cast<size_t>(stride) * image.height()));
	if (!pixels) {
		set_error(err, err_len, "image: out of memory");
		return false;
	}
	for (int y = 0; y < image.height(); y++)
		std::memcpy(pixels + static_cast<size_t>(y) * stride, image.constScanLine(y),
			    static_cast<size_t>(stride));
	out->width = image.width();
	out->height = image.height();
	out->stride = stride;
	out->pixels = pixels;
	if (err && err_len > 0)
		err[0] = '\0';
	return true;
}

extern "C" void olc_image_free(struct olc_image *img)
{
	if (!img)
		return;
	std::free(img->pixels);
	*img = olc_image{};
}
