#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include <zbar.h>

#include "core/stream/qr-matrix.h"

namespace {

const char *const shop_url = "https://shop.example.com/p/linen-shirt?utm_source=obs";

// A long product link whose query carries Chinese text as raw UTF-8, as shops paste them.
const std::string chinese_url =
	"https://shop.example.cn/products/spring-linen-shirt?title="
	"\xE6\x98\xA5\xE5\xAD\xA3\xE4\xBA\x9A\xE9\xBA\xBB\xE8\xA1\xAC\xE8\xA1\xAB" // 春季亚麻衬衫
	"&city=\xE4\xB8\x8A\xE6\xB5\xB7"                                           // 上海
	"&coupon=\xE7\x9B\xB4\xE6\x92\xAD\xE4\xB8\x93\xE4\xBA\xAB"                 // 直播专享
	"&utm_source=obs-live-commerce&utm_medium=qr&utm_campaign=spring-market-2025";

struct Matrix {
	olc_qr_matrix m{};
	~Matrix() { olc_qr_matrix_free(&m); }
};

bool valid_version_size(int size)
{
	return size >= 21 && size <= 177 && (size - 21) % 4 == 0;
}

// Reads the matrix the way a phone would: rendered with a 4-module quiet zone, scanned by zbar in
// binary mode so the exact bytes come back (zbar would otherwise guess a text encoding).
std::string decode(const olc_qr_matrix &m)
{
	using namespace zbar; // zbar.h puts its C API in this namespace when compiled as C++
	const int scale = 4, quiet = 4;
	const int side = (m.size + 2 * quiet) * scale;
	std::vector<unsigned char> pixels(static_cast<size_t>(side) * side, 255);
	for (int y = 0; y < m.size; y++) {
		for (int x = 0; x < m.size; x++) {
			if (!olc_qr_matrix_is_dark(&m, x, y))
				continue;
			for (int dy = 0; dy < scale; dy++) {
				int row = (quiet + y) * scale + dy;
				memset(&pixels[static_cast<size_t>(row) * side + (quiet + x) * scale], 0, scale);
			}
		}
	}

	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_image_t *image = zbar_image_create();
	zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(image, side, side);
	zbar_image_set_data(image, pixels.data(), pixels.size(), nullptr);

	std::string text;
	int found = zbar_scan_image(scanner, image);
	const zbar_symbol_t *symbol = found > 0 ? zbar_image_first_symbol(image) : nullptr;
	if (symbol)
		text.assign(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
	EXPECT_EQ(found, 1) << "symbols found";

	zbar_image_destroy(image);
	zbar_image_scanner_destroy(scanner);
	return text;
}

// The 7x7 finder pattern with its top-left corner at (x, y): a dark ring, a light ring, a dark 3x3.
bool finder_at(const olc_qr_matrix &m, int x0, int y0)
{
	for (int y = 0; y < 7; y++) {
		for (int x = 0; x < 7; x++) {
			bool ring = x == 0 || y == 0 || x == 6 || y == 6;
			bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			if (olc_qr_matrix_is_dark(&m, x0 + x, y0 + y) != (ring || centre))
				return false;
		}
	}
	return true;
}

} // namespace

TEST(QrMatrix, UrlGivesAValidVersionSizeWithFindersInTheCorners)
{
	Matrix q;
	olc_error err{};
	ASSERT_TRUE(olc_qr_encode(shop_url, OLC_QR_ECC_M, &q.m, &err)) << err.text;
	EXPECT_TRUE(valid_version_size(q.m.size)) << q.m.size;
	ASSERT_NE(q.m.dark, nullptr);
	for (int i = 0; i < q.m.size * q.m.size; i++)
		ASSERT_LE(q.m.dark[i], 1) << "module " << i;
	// No quiet zone: the finders touch the edges, row-major, in three corners but not the fourth.
	EXPECT_TRUE(finder_at(q.m, 0, 0));
	EXPECT_TRUE(finder_at(q.m, q.m.size - 7, 0));
	EXPECT_TRUE(finder_at(q.m, 0, q.m.size - 7));
	EXPECT_FALSE(finder_at(q.m, q.m.size - 7, q.m.size - 7));
}

TEST(QrMatrix, DecodesToTheExactUrl)
{
	for (olc_qr_ecc ecc : {OLC_QR_ECC_L, OLC_QR_ECC_M, OLC_QR_ECC_Q, OLC_QR_ECC_H}) {
		Matrix q;
		olc_error err{};
		ASSERT_TRUE(olc_qr_encode(shop_url, ecc, &q.m, &err)) << err.text;
		EXPECT_EQ(decode(q.m), shop_url) << "ecc " << ecc;
	}
}

// The modules of "https://a.example" in one 8-bit segment at levels L (version 1) and M (version 2),
// written by an independent encoder (node-qrcode 1.5.4, not libqrencode) told to use mask 1: the
// data, error correction codewords, format information and placement are all the standard's, so a
// wrong block, bit or position shows here even where a reader would cope. The mask is the one
// libqrencode's penalty scoring picks (node-qrcode's own scoring picks 0 and 5: encoders differ
// there, and every mask reads), so a change of mask choice shows here too.
struct KnownMatrix {
	olc_qr_ecc ecc;
	std::vector<std::string> rows; // '#' dark, '.' light, without the quiet zone
};

// One row of modules a line, to be read as a picture.
// clang-format off
const KnownMatrix known_matrices[] = {
	{OLC_QR_ECC_L,
	 {
		 "#######.#..#..#######",
		 "#.....#.#..#..#.....#",
		 "#.###.#...###.#.###.#",
		 "#.###.#...#...#.###.#",
		 "#.###.#.#.#...#.###.#",
		 "#.....#.##.#..#.....#",
		 "#######.#.#.#.#######",
		 "........#..#.........",
		 "###..##.###..####..##",
		 "#...##.#..#.###.##.##",
		 "..#.###..#..#..####.#",
		 ".###...#.###.#.###...",
		 "##.##.#.#..###.....#.",
		 "........#...#...##..#",
		 "#######..#..#.#####.#",
		 "#.....#.###.....##.#.",
		 "#.###.#..###.#.#...##",
		 "#.###.#....######..#.",
		 "#.###.#.##..##.######",
		 "#.....#.#.##.#.###...",
		 "#######.##..##.##...#",
	 }},
	{OLC_QR_ECC_M,
	 {
		 "#######.#####.###.#######",
		 "#.....#....####.#.#.....#",
		 "#.###.#.#####.##..#.###.#",
		 "#.###.#...#...#...#.###.#",
		 "#.###.#..#.####...#.###.#",
		 "#.....#.###.#.....#.....#",
		 "#######.#.#.#.#.#.#######",
		 "..........###.#.#........",
		 "#.#...##..#.###.#..#..#.#",
		 "#.#..#...#.######.#..#.##",
		 ".#.####...#....##...###.#",
		 "..#.#..#.##..#....#..#...",
		 "#####.##..#.##.#..##....#",
		 "..#..#.#.##.#..##.##...##",
		 "###...###.#.####..#..##.#",
		 "...#.#.#..###.#.##.###...",
		 "###...##.#...##.#####..#.",
		 "........##...##.#...#...#",
		 "#######.#.##....#.#.#...#",
		 "#.....#..##..#.##...#..#.",
		 "#.###.#..#.###.######..##",
		 "#.###.#..##.#..#.#..#.##.",
		 "#.###.#.##..#####..###.##",
		 "#.....#...###.#.#.###....",
		 "#######.###..##.###..#..#",
	 }},
};
// clang-format on

TEST(QrMatrix, AKnownLinkGivesTheKnownModules)
{
	for (const KnownMatrix &known : known_matrices) {
		SCOPED_TRACE(known.ecc);
		Matrix q;
		ASSERT_TRUE(olc_qr_encode("https://a.example", known.ecc, &q.m, nullptr));
		std::string got, want;
		for (int y = 0; y < q.m.size; y++) {
			for (int x = 0; x < q.m.size; x++)
				got += olc_qr_matrix_is_dark(&q.m, x, y) ? '#' : '.';
			got += '\n';
		}
		for (const std::string &row : known.rows)
			want += row + '\n';
		EXPECT_EQ(got, want); // whole matrices, so a failure shows both
		EXPECT_EQ(decode(q.m), "https://a.example");
	}
}

TEST(QrMatrix, HigherErrorCorrectionIsNeverSmaller)
{
	for (const std::string &text : {std::string(shop_url), chinese_url}) {
		int previous = 0;
		for (olc_qr_ecc ecc : {OLC_QR_ECC_L, OLC_QR_ECC_M, OLC_QR_ECC_Q, OLC_QR_ECC_H}) {
			Matrix q;
			ASSERT_TRUE(olc_qr_encode(text.c_str(), ecc, &q.m, nullptr));
			EXPECT_TRUE(valid_version_size(q.m.size)) << q.m.size;
			EXPECT_GE(q.m.size, previous) << "ecc " << ecc;
			previous = q.m.size;
		}
	}
}

TEST(QrMatrix, LongUrlWithChineseQueryKeepsItsUtf8Bytes)
{
	Matrix q;
	olc_error err{};
	ASSERT_TRUE(olc_qr_encode(chinese_url.c_str(), OLC_QR_ECC_M, &q.m, &err)) << err.text;
	EXPECT_TRUE(valid_version_size(q.m.size)) << q.m.size;
	EXPECT_GT(q.m.size, 21); // far more than version 1 holds
	EXPECT_EQ(decode(q.m), chinese_url);
}

TEST(QrMatrix, EmptyTextIsRefused)
{
	Matrix q;
	olc_error err{};
	EXPECT_FALSE(olc_qr_encode("", OLC_QR_ECC_M, &q.m, &err));
	EXPECT_NE(std::string(err.text).find("nothing"), std::string::npos) << err.text;
	EXPECT_EQ(q.m.size, 0);
	EXPECT_EQ(q.m.dark, nullptr);
	EXPECT_FALSE(olc_qr_encode(nullptr, OLC_QR_ECC_M, &q.m, &err));
}

TEST(QrMatrix, TooLongTextIsRefusedAtThatLevel)
{
	// Version 40 holds 2953 bytes at level L and 1273 at level H.
	std::string text = "https://shop.example/?q=" + std::string(2000, 'a');
	Matrix q;
	olc_error err{};
	EXPECT_FALSE(olc_qr_encode(text.c_str(), OLC_QR_ECC_H, &q.m, &err));
	EXPECT_NE(std::string(err.text).find("too long"), std::string::npos) << err.text;
	EXPECT_EQ(q.m.dark, nullptr);

	ASSERT_TRUE(olc_qr_encode(text.c_str(), OLC_QR_ECC_L, &q.m, &err)) << err.text;
	EXPECT_EQ(decode(q.m), text);
}

TEST(QrMatrix, FreeEmptiesAndIsSafeTwice)
{
	olc_qr_matrix m{};
	ASSERT_TRUE(olc_qr_encode("https://a.example", OLC_QR_ECC_L, &m, nullptr));
	olc_qr_matrix_free(&m);
	EXPECT_EQ(m.size, 0);
	EXPECT_EQ(m.dark, nullptr);
	olc_qr_matrix_free(&m);
	olc_qr_matrix_free(nullptr);
}
