// The product photo decoder (ui/raster/image-decode.cpp) on real image files made here: a normal photo
// decodes to the size the card needs with its own colours; a long, thin photo is bounded on both
// sides and in bytes, whatever path Qt takes to decode it, or refused with a clear sentence when
// even decoding it would take too much memory; formats a product photo never uses are refused.
// The huge PNGs are written row by row with libpng, so making them costs the test one row.
#include <gtest/gtest.h>

#include <png.h>

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QImageWriter>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "raster/image-decode.h"

namespace {

// What any decoded photo may be at most: the documented bounds, written out so a change must show here.
constexpr int max_side = 4096;
constexpr long long max_pixels = 8LL * 1024 * 1024;
static_assert(max_side == OLC_IMAGE_MAX_SIDE && max_pixels == OLC_IMAGE_MAX_OUTPUT_PIXELS);

struct Decoded {
	olc_image image{};
	bool ok = false;
	char error[256] = "";
	Decoded(const std::string &bytes, int cover)
	{
		ok = olc_image_decode(bytes.data(), bytes.size(), cover, &image, error, sizeof(error));
	}
	~Decoded() { olc_image_free(&image); }
	Decoded(const Decoded &) = delete;
	Decoded &operator=(const Decoded &) = delete;

	QColor at(int x, int y) const
	{
		const unsigned char *p =
			image.pixels + static_cast<size_t>(y) * image.stride + static_cast<size_t>(x) * 4;
		return QColor(p[0], p[1], p[2], p[3]);
	}
};

void append(png_structp png, png_bytep data, png_size_t len)
{
	static_cast<std::string *>(png_get_io_ptr(png))->append(reinterpret_cast<const char *>(data), len);
}

void flush(png_structp) {}

// A valid PNG, width x height, its top half `top` and its bottom half `bottom`. color_type
// PNG_COLOR_TYPE_RGB_ALPHA or PNG_COLOR_TYPE_GRAY (then the colours' red is the grey level);
// bit_depth 8 or 16. Fast compression: the rows repeat, the file stays small.
std::string make_png(int width, int height, int color_type, int bit_depth, QColor top, QColor bottom)
{
	std::string out;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
	png_infop info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return std::string();
	}
	png_set_write_fn(png, &out, append, flush);
	png_set_compression_level(png, 1);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), bit_depth,
		     color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	const int channels = color_type == PNG_COLOR_TYPE_GRAY ? 1 : 4;
	const int bytes = bit_depth / 8;
	std::vector<unsigned char> row(static_cast<size_t>(width) * channels * bytes);
	for (int y = 0; y < height; y++) {
		if (y == 0 || y == height / 2) {
			const QColor c = y == 0 ? top : bottom;
			const int v[4] = {c.red(), c.green(), c.blue(), c.alpha()};
			for (size_t i = 0; i < row.size(); i += static_cast<size_t>(bytes))
				for (int b = 0; b < bytes; b++) // 16-bit: the same byte twice (0xAB -> 0xABAB)
					row[i + static_cast<size_t>(b)] = static_cast<unsigned char>(
						v[(i / static_cast<size_t>(bytes)) % channels]);
		}
		png_write_row(png, row.data());
	}
	png_write_end(png, nullptr);
	png_destroy_write_struct(&png, &info);
	return out;
}

std::string encode(const QImage &image, const char *format, int quality = -1)
{
	QByteArray bytes;
	QBuffer buffer(&bytes);
	buffer.open(QIODevice::WriteOnly);
	QImageWriter writer(&buffer, format);
	if (quality >= 0)
		writer.setQuality(quality);
	EXPECT_TRUE(writer.write(image)) << format << ": " << writer.errorString().toStdString();
	return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

void expect_near(const QColor &got, const QColor &want, int tolerance, const char *where)
{
	EXPECT_NEAR(got.red(), want.red(), tolerance) << where;
	EXPECT_NEAR(got.green(), want.green(), tolerance) << where;
	EXPECT_NEAR(got.blue(), want.blue(), tolerance) << where;
}

// Both sides and the bytes within the decoder's bounds.
void expect_bounded(const Decoded &d)
{
	ASSERT_TRUE(d.ok) << d.error;
	EXPECT_LE(d.image.width, max_side);
	EXPECT_LE(d.image.height, max_side);
	EXPECT_EQ(d.image.stride, d.image.width * 4);
	EXPECT_LE(static_cast<long long>(d.image.width) * d.image.height, max_pixels);
	EXPECT_LE(static_cast<long long>(d.image.stride) * d.image.height, max_pixels * 4);
}

// A 1:16 picture, decoded within the bounds and still itself: `top` above, `bottom` below.
void expect_long_thin(const Decoded &d, const QColor &top, const QColor &bottom)
{
	expect_bounded(d);
	if (!d.ok)
		return;
	EXPECT_NEAR(static_cast<double>(d.image.height) / d.image.width, 16.0, 0.1);
	expect_near(d.at(d.image.width / 2, d.image.height / 8), top, 2, "the top quarter");
	expect_near(d.at(d.image.width / 2, d.image.height * 7 / 8), bottom, 2, "the bottom quarter");
}

} // namespace

TEST(ImageDecode, PhotoIsScaledToCoverWithItsColours)
{
	QImage photo(1200, 900, QImage::Format_RGB32);
	photo.fill(QColor(200, 120, 40));
	const Decoded jpeg(encode(photo, "jpeg", 90), 560);
	ASSERT_TRUE(jpeg.ok) << jpeg.error;
	EXPECT_EQ(jpeg.image.width, 747); // 1200 x 900 scaled so the shorter side is 560
	EXPECT_EQ(jpeg.image.height, 560);
	EXPECT_EQ(jpeg.image.stride, 747 * 4);
	expect_near(jpeg.at(373, 280), QColor(200, 120, 40), 6, "the middle of the JPEG");

	// Smaller than cover: kept as it is.
	const Decoded png(make_png(300, 200, PNG_COLOR_TYPE_RGB_ALPHA, 8, QColor(10, 200, 90), QColor(10, 200, 90)),
			  560);
	ASSERT_TRUE(png.ok) << png.error;
	EXPECT_EQ(png.image.width, 300);
	EXPECT_EQ(png.image.height, 200);
	expect_near(png.at(150, 100), QColor(10, 200, 90), 0, "the middle of the PNG");
}

// A phone photo taken upright: stored 120 x 80, left half red and right half blue, with EXIF
// Orientation 6 (turn 90 degrees clockwise to show). It decodes upright, 80 x 120 scaled to 40 x 60:
// red on top, blue below.
TEST(ImageDecode, ExifRotatedJpegIsTurnedAndScaledUpright)
{
	QImage stored(120, 80, QImage::Format_RGB32);
	stored.fill(QColor(30, 30, 220));
	for (int y = 0; y < 80; y++)
		for (int x = 0; x < 60; x++)
			stored.setPixelColor(x, y, QColor(220, 30, 30));
	static const unsigned char exif[] = {
		0xff, 0xe1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0,    0,    // APP1, 34 bytes
		'M',  'M',  0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,             // TIFF, big endian, IFD at 8
		0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // one entry: Orientation, SHORT
		0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};            // = 6; no next IFD
	std::string file = encode(stored, "jpeg", 95);
	file.insert(2, reinterpret_cast<const char *>(exif), sizeof(exif));

	const Decoded d(file, 40);
	ASSERT_TRUE(d.ok) << d.error;
	EXPECT_EQ(d.image.width, 40);
	EXPECT_EQ(d.image.height, 60);
	expect_near(d.at(20, 10), QColor(220, 30, 30), 12, "the top");
	expect_near(d.at(20, 50), QColor(30, 30, 220), 12, "the bottom");
}

// 2048 x 32768 RGBA, 256 MiB decoded whole. A Qt whose PNG reader scales while reading (newer than
// 6.8) needs no full-size buffer, and the photo decodes within the bounds; Qt 6.8 decodes PNGs whole,
// and then the photo is refused before that memory is taken.
TEST(ImageDecode, LongThinPngIsBoundedOnBothSidesOrRefused)
{
	const std::string file =
		make_png(2048, 32768, PNG_COLOR_TYPE_RGB_ALPHA, 8, QColor(220, 30, 30), QColor(30, 30, 220));
	ASSERT_FALSE(file.empty());
	for (int cover : {560, 2048, 0}) {
		SCOPED_TRACE("cover " + std::to_string(cover));
		const Decoded d(file, cover);
		if (!d.ok) {
			EXPECT_EQ(d.image.pixels, nullptr);
			EXPECT_STREQ(d.error, "image: 2048 x 32768 pixels are too many to decode in 128 MiB");
			continue;
		}
		expect_long_thin(d, QColor(220, 30, 30), QColor(30, 30, 220));
	}
}

// 8-bit grey: Qt reads it at full size first (64 MiB, within the decoder's budget), then the decoder
// bounds the result.
TEST(ImageDecode, LongThinGreyPngIsBoundedOnBothSides)
{
	const std::string file =
		make_png(2048, 32768, PNG_COLOR_TYPE_GRAY, 8, QColor(40, 40, 40), QColor(230, 230, 230));
	ASSERT_FALSE(file.empty());
	expect_long_thin(Decoded(file, 2048), QColor(40, 40, 40), QColor(230, 230, 230));
}

// 16-bit RGBA: Qt can only read it whole, 512 MiB: refused before that memory is taken.
TEST(ImageDecode, PngTooLargeToDecodeIsRefusedClearly)
{
	const std::string file =
		make_png(2048, 32768, PNG_COLOR_TYPE_RGB_ALPHA, 16, QColor(220, 30, 30), QColor(30, 30, 220));
	ASSERT_FALSE(file.empty());
	const Decoded d(file, 2048);
	EXPECT_FALSE(d.ok);
	EXPECT_EQ(d.image.pixels, nullptr);
	EXPECT_STREQ(d.error, "image: 2048 x 32768 pixels are too many to decode in 128 MiB");
}

TEST(ImageDecode, FormatsPhotosDoNotUseAreRefused)
{
	QImage small(16, 16, QImage::Format_RGB32);
	small.fill(Qt::red);
	for (const char *format : {"bmp", "ico", "tiff"}) {
		SCOPED_TRACE(format);
		const Decoded d(encode(small, format), 0);
		EXPECT_FALSE(d.ok);
		EXPECT_STREQ(d.error, "image: not a JPEG, PNG, WebP or GIF picture");
	}
	for (const char *format : {"jpeg", "png", "webp", "gif"}) {
		SCOPED_TRACE(format);
		if (!QImageWriter::supportedImageFormats().contains(format))
			continue; // GIF has a reader in Qt but no writer
		const Decoded d(encode(small, format), 0);
		EXPECT_TRUE(d.ok) << d.error;
	}
	const std::string page = "<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>";
	const Decoded html(page, 0);
	EXPECT_FALSE(html.ok);
	EXPECT_STREQ(html.error, "image: not a JPEG, PNG, WebP or GIF picture");
}
