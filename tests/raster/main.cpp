// olc-raster-tests: GoogleTest with a QApplication (the rasteriser needs the GUI platform's fonts,
// the dock's label tests widgets; the offscreen platform is enough, no display).
//
//   QT_QPA_PLATFORM=offscreen build/h/tests/raster/olc-raster-tests           run every test
//   ... olc-raster-tests --gtest_filter='*CardGolden*' --update-golden         rewrite the golden
//                                                  PNGs in tests/golden/card/ (then look at them)
//   ... olc-raster-tests --bench                   print the median rasterise time per card
//
// QT_QPA_PLATFORM defaults to offscreen here when unset.
#include <gtest/gtest.h>

#include <QApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "raster-support.h"

namespace {

double median_ms(const olc_card_content &content, const olc_card_style &style, int runs)
{
	std::vector<double> times;
	for (int i = 0; i < runs + 3; i++) {
		olc_raster_image image{};
		const auto start = std::chrono::steady_clock::now();
		const bool ok = olc_card_rasterise(&content, &style, &image, nullptr, nullptr, 0);
		const auto end = std::chrono::steady_clock::now();
		olc_raster_image_free(&image);
		if (!ok)
			return -1;
		if (i >= 3) // the first runs load fonts and warm caches
			times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
	}
	std::sort(times.begin(), times.end());
	return times[times.size() / 2];
}

int run_bench()
{
	using raster_test::SampleCard;
	const int runs = 41;
	struct Case {
		const char *name;
		SampleCard::Kind kind;
		olc_card_look look;
		float scale;
		bool sold_out;
	};
	const Case cases[] = {
		{"chinese, light, 1080p", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, 1.0f, false},
		{"latin, festive, 1080p", SampleCard::Kind::Latin, OLC_CARD_LOOK_FESTIVE, 1.0f, false},
		{"chinese, sold out, 1080p", SampleCard::Kind::Chinese, OLC_CARD_LOOK_DARK, 1.0f, true},
		{"chinese, light, 2160p", SampleCard::Kind::Chinese, OLC_CARD_LOOK_LIGHT, 2.0f, false},
	};
	for (const Case &c : cases) {
		SampleCard card(c.kind);
		card.content.sold_out = c.sold_out;
		olc_card_style style;
		olc_card_style_default(&style);
		style.look = c.look;
		style.scale = c.scale;
		std::printf("olc_card_rasterise %-26s median %.2f ms over %d runs\n", c.name,
			    median_ms(card.content, style, runs), runs);
	}
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
		qputenv("QT_QPA_PLATFORM", "offscreen");
	testing::InitGoogleTest(&argc, argv);

	bool bench = false;
	int kept = 1;
	for (int i = 1; i < argc; i++) {
		if (std::strcmp(argv[i], "--update-golden") == 0)
			raster_test::update_golden = true;
		else if (std::strcmp(argv[i], "--bench") == 0)
			bench = true;
		else
			argv[kept++] = argv[i];
	}
	argc = kept;

	QApplication app(argc, argv);
	if (bench)
		return run_bench();
	return RUN_ALL_TESTS();
}
