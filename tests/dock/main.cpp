// olc-dock-tests: the dock's Deck part (ui/dock/deck-*) as a user drives it, with Qt's offscreen
// platform (no display): search with pinyin, the deck list, overrides, undo, named decks, import
// and export, over an in-memory deck store and real deck files.
//
//   build/<dir>/tests/dock/olc-dock-tests            run every test (QT_QPA_PLATFORM defaults to
//                                                    offscreen here)
#include <gtest/gtest.h>

#include <QApplication>

int main(int argc, char **argv)
{
	if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
		qputenv("QT_QPA_PLATFORM", "offscreen");
	testing::InitGoogleTest(&argc, argv);
	QApplication app(argc, argv);
	return RUN_ALL_TESTS();
}
