// The Deck part (ui/dock/deck-panel.h) driven through its widgets, as a helper preparing a stream
// would: search the catalog (pinyin too), add products, reorder, edit overrides (a bad price is
// refused in plain words), undo and redo by keyboard, named decks, import and export. The store
// is in memory (memory-store.h); files are real.
#include <gtest/gtest.h>

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <functional>

#include "dock/deck-panel.h"
#include "memory-store.h"
#include "sample-catalog.h"

extern "C" {
#include "core/model/deck-json.h"
}

namespace {

// Runs the event loop until ready() or 10 s; false on time out.
bool wait_for(const std::function<bool()> &ready)
{
	QElapsedTimer timer;
	timer.start();
	while (!ready()) {
		if (timer.elapsed() > 10000)
			return false;
		QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
		QThread::msleep(2);
	}
	return true;
}

template <typename T> T *child(QWidget *w, const char *name)
{
	T *found = w->findChild<T *>(QString::fromLatin1(name));
	EXPECT_NE(found, nullptr) << name;
	return found;
}

class DeckPanel : public testing::Test {
      protected:
	void SetUp() override
	{
		catalog.set(olc_sample_catalog(200));
		catalog.scenes = QStringList{QStringLiteral("开场"), QStringLiteral("Product close-up")};
		panel = std::make_unique<OlcDeckPanel>(&store, &catalog);
		panel->resize(900, 600);
		panel->show();
		panel->activateWindow();
		ASSERT_TRUE(QTest::qWaitForWindowActive(panel.get()));
		catalog_view = child<QTableView>(panel.get(), "catalogView");
		deck_list = child<QListView>(panel.get(), "deckList");
		ASSERT_TRUE(wait_for([&] { return !panel->busy() && catalog_view->model()->rowCount() == 200; }));
		ASSERT_TRUE(panel->newDeck(QStringLiteral("春季专场")));
	}

	void TearDown() override { panel.reset(); }

	// The deck as the store has it now.
	OlcDeckValue stored(const QString &name = QStringLiteral("春季专场"))
	{
		OlcDeckValue v;
		EXPECT_TRUE(store.get(name, &v.d)) << name.toStdString();
		return v;
	}

	std::vector<QString> stored_ids(const QString &name = QStringLiteral("春季专场"))
	{
		OlcDeckValue v = stored(name);
		std::vector<QString> out;
		for (size_t i = 0; i < v.d.count; i++)
			out.push_back(QString::fromUtf8(v.d.items[i].product_id));
		return out;
	}

	// Searches, then adds the first n matches one by one through the Add button.
	void add_by_search(const QString &query, int n)
	{
		auto *search = child<QLineEdit>(panel.get(), "catalogSearch");
		search->clear();
		QTest::keyClicks(search, query);
		for (int i = 0; i < n; i++) {
			catalog_view->setCurrentIndex(catalog_view->model()->index(i, 0));
			QTest::mouseClick(child<QPushButton>(panel.get(), "addToDeck"), Qt::LeftButton);
		}
	}

	MemoryStore store;
	ListCatalog catalog;
	std::unique_ptr<OlcDeckPanel> panel;
	QTableView *catalog_view = nullptr;
	QListView *deck_list = nullptr;
};

} // namespace

TEST_F(DeckPanel, SearchBoxFiltersTheCatalogByPinyinAsYouType)
{
	// A shop of 10 000 products: the index is rebuilt on the worker when the catalog changes.
	catalog.set(olc_sample_catalog(10000));
	panel->refresh();
	ASSERT_TRUE(wait_for([&] { return !panel->busy() && catalog_view->model()->rowCount() == 10000; }));
	auto *search = child<QLineEdit>(panel.get(), "catalogSearch");
	QTest::keyClicks(search, QStringLiteral("sr"));
	const int rows = catalog_view->model()->rowCount();
	EXPECT_EQ(rows, 10000 / 7 + 1); // i % 7 == 3
	for (int r = 0; r < rows; r++)
		EXPECT_TRUE(catalog_view->model()->index(r, 0).data().toString().contains(QStringLiteral("松茸")));
	search->clear();
	QTest::keyClicks(search, QStringLiteral("xyz"));
	EXPECT_EQ(catalog_view->model()->rowCount(), 0);
	search->clear();
	QTest::keyClicks(search, QStringLiteral("SongRong"));
	EXPECT_EQ(catalog_view->model()->rowCount(), rows);
	search->clear();
	search->insert(QStringLiteral("松")); // as an input method commits it (QTest types ASCII only)
	EXPECT_EQ(catalog_view->model()->rowCount(), rows);
	search->clear();
	EXPECT_EQ(catalog_view->model()->rowCount(), 10000);
	// The price column is written in the dock's language (zh-CN in these tests).
	EXPECT_EQ(catalog_view->model()->index(0, 1).data().toString(), QStringLiteral("¥9.90"));
}

TEST_F(DeckPanel, AddFromTheCatalogNumbersItemsAndStoresEachEdit)
{
	add_by_search(QStringLiteral("songrong"), 2);
	EXPECT_EQ(stored_ids(), (std::vector<QString>{QStringLiteral("p00003"), QStringLiteral("p00010")}));
	// Double-click adds too, with the next number.
	auto *search = child<QLineEdit>(panel.get(), "catalogSearch");
	search->clear();
	QTest::keyClicks(search, QStringLiteral("p00042"));
	ASSERT_EQ(catalog_view->model()->rowCount(), 1);
	const QModelIndex cell = catalog_view->model()->index(0, 0);
	const QPoint at = catalog_view->visualRect(cell).center();
	QTest::mouseClick(catalog_view->viewport(), Qt::LeftButton, {}, at);
	QTest::mouseDClick(catalog_view->viewport(), Qt::LeftButton, {}, at);
	OlcDeckValue v = stored();
	ASSERT_EQ(v.d.count, 3u);
	EXPECT_STREQ(v.d.items[2].product_id, "p00042");
	EXPECT_EQ(v.d.items[2].number, 3);
	// The list shows what the host says: "No. 3", the title and the price.
	EXPECT_TRUE(deck_list->model()->index(2, 0).data().toString().startsWith(QStringLiteral("No. 3  ")));
}

TEST_F(DeckPanel, ReorderByMoveRowsAndByDrop)
{
	add_by_search(QStringLiteral("p0000"), 3); // p00000, p00001, p00002
	QAbstractItemModel *model = deck_list->model();
	ASSERT_TRUE(model->moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)); // first to the end
	EXPECT_EQ(stored_ids(),
		  (std::vector<QString>{QStringLiteral("p00001"), QStringLiteral("p00002"), QStringLiteral("p00000")}));
	// What the list view does when a row is dropped: its MIME data dropped before row 0.
	QMimeData *drag = model->mimeData({model->index(2, 0)});
	model->dropMimeData(drag, Qt::MoveAction, 0, 0, QModelIndex());
	delete drag;
	EXPECT_EQ(stored_ids(),
		  (std::vector<QString>{QStringLiteral("p00000"), QStringLiteral("p00001"), QStringLiteral("p00002")}));
	// Numbers travel with their items: p00000 is still "No. 1".
	EXPECT_EQ(stored().d.items[0].number, 1);
	// A product dragged from the catalog lands where it is dropped.
	QMimeData *from_catalog = catalog_view->model()->mimeData({catalog_view->model()->index(7, 0)});
	model->dropMimeData(from_catalog, Qt::CopyAction, 1, 0, QModelIndex());
	delete from_catalog;
	EXPECT_EQ(stored_ids(), (std::vector<QString>{QStringLiteral("p00000"), QStringLiteral("p00007"),
						      QStringLiteral("p00001"), QStringLiteral("p00002")}));
}

TEST_F(DeckPanel, OverridesAreEditedAndABadPriceIsRefusedInPlainWords)
{
	add_by_search(QStringLiteral("p00003"), 1);
	deck_list->setCurrentIndex(deck_list->model()->index(0, 0));
	auto *price = child<QLineEdit>(panel.get(), "itemPrice");
	auto *error = child<QLabel>(panel.get(), "itemError");
	price->setText(QStringLiteral("12.345"));
	QTest::mouseClick(child<QPushButton>(panel.get(), "itemApply"), Qt::LeftButton);
	EXPECT_TRUE(error->isVisible());
	EXPECT_EQ(error->text(), QStringLiteral("Stream price 12.345 has too many decimals for CNY (at most 2)."));
	EXPECT_FALSE(stored().d.items[0].has_price);

	price->setText(QStringLiteral("168"));
	child<QLineEdit>(panel.get(), "itemTitle")->setText(QStringLiteral("云南松茸, \"特级\""));
	child<QLineEdit>(panel.get(), "itemCoupon")->setText(QStringLiteral("SPRING10"));
	child<QLineEdit>(panel.get(), "itemCouponText")->setText(QStringLiteral("满99减10"));
	child<QLineEdit>(panel.get(), "itemTags")->setText(QStringLiteral("包邮、新品 | 包邮"));
	child<QPlainTextEdit>(panel.get(), "itemNotes")->setPlainText(QStringLiteral("产地直发\n现采现发"));
	child<QCheckBox>(panel.get(), "itemHidePrice")->setChecked(true);
	auto *scene = child<QComboBox>(panel.get(), "itemScene");
	scene->setCurrentIndex(scene->findText(QStringLiteral("开场")));
	child<QSpinBox>(panel.get(), "itemNumber")->setValue(8);
	QTest::mouseClick(child<QPushButton>(panel.get(), "itemApply"), Qt::LeftButton);
	EXPECT_FALSE(error->isVisible());

	OlcDeckValue v = stored();
	const olc_deck_item &item = v.d.items[0];
	EXPECT_EQ(item.number, 8);
	EXPECT_TRUE(item.has_price);
	EXPECT_EQ(item.price.minor, 16800);
	EXPECT_STREQ(item.price.currency, "CNY");
	EXPECT_STREQ(item.title, "云南松茸, \"特级\"");
	EXPECT_STREQ(item.coupon, "SPRING10");
	EXPECT_STREQ(item.coupon_text, "满99减10");
	ASSERT_EQ(item.tag_count, 2u);
	EXPECT_STREQ(item.tags[0], "包邮");
	EXPECT_STREQ(item.tags[1], "新品");
	EXPECT_STREQ(item.notes, "产地直发\n现采现发");
	EXPECT_TRUE(item.hide_price);
	EXPECT_STREQ(item.scene, "开场");
	EXPECT_TRUE(deck_list->model()->index(0, 0).data().toString().contains(QStringLiteral("¥168.00")));

	// A number another item has is refused.
	add_by_search(QStringLiteral("p00004"), 1);
	deck_list->setCurrentIndex(deck_list->model()->index(1, 0));
	child<QSpinBox>(panel.get(), "itemNumber")->setValue(8);
	QTest::mouseClick(child<QPushButton>(panel.get(), "itemApply"), Qt::LeftButton);
	EXPECT_EQ(error->text(), QStringLiteral("Number 8 is already used by another item."));
	EXPECT_EQ(stored().d.items[1].number, 9);
}

TEST_F(DeckPanel, UndoAndRedoByKeyboardCoverAddRemoveMoveAndEdit)
{
	add_by_search(QStringLiteral("p0000"), 2); // p00000, p00001
	deck_list->setFocus();
	const auto ids = [&] { return stored_ids(); };
	const std::vector<QString> two{QStringLiteral("p00000"), QStringLiteral("p00001")};
	ASSERT_EQ(ids(), two);

	// Move, then undo and redo it (Ctrl+Z, Ctrl+Shift+Z).
	deck_list->model()->moveRows(QModelIndex(), 0, 1, QModelIndex(), 2);
	const std::vector<QString> swapped{QStringLiteral("p00001"), QStringLiteral("p00000")};
	EXPECT_EQ(ids(), swapped);
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);
	EXPECT_EQ(ids(), two);
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
	EXPECT_EQ(ids(), swapped);

	// Delete removes the current item; undo brings it back with its number; Ctrl+Y redoes.
	deck_list->setCurrentIndex(deck_list->model()->index(0, 0));
	QTest::keyClick(deck_list, Qt::Key_Delete);
	EXPECT_EQ(ids(), (std::vector<QString>{QStringLiteral("p00000")}));
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);
	EXPECT_EQ(ids(), swapped);
	EXPECT_EQ(stored().d.items[0].number, 2);
	QTest::keyClick(deck_list, Qt::Key_Y, Qt::ControlModifier);
	EXPECT_EQ(ids(), (std::vector<QString>{QStringLiteral("p00000")}));
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);

	// An override edit is one step too.
	deck_list->setCurrentIndex(deck_list->model()->index(0, 0));
	child<QLineEdit>(panel.get(), "itemCoupon")->setText(QStringLiteral("VIP"));
	QTest::mouseClick(child<QPushButton>(panel.get(), "itemApply"), Qt::LeftButton);
	EXPECT_STREQ(stored().d.items[0].coupon, "VIP");
	deck_list->setFocus();
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);
	EXPECT_EQ(stored().d.items[0].coupon, nullptr);
	EXPECT_EQ(child<QLineEdit>(panel.get(), "itemCoupon")->text(), QString());

	// Undo all the way back to the empty deck: the adds undo too.
	for (int i = 0; i < 10; i++)
		QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);
	EXPECT_TRUE(ids().empty());
}

TEST_F(DeckPanel, NamedDecksNewRenameDuplicateDeleteAndSelect)
{
	add_by_search(QStringLiteral("p00005"), 1);
	EXPECT_EQ(store.activeName(), QStringLiteral("春季专场"));
	ASSERT_TRUE(panel->duplicateDeck(QStringLiteral("春季专场 备份")));
	EXPECT_EQ(store.names(), (QStringList{QStringLiteral("春季专场"), QStringLiteral("春季专场 备份")}));
	EXPECT_EQ(store.activeName(), QStringLiteral("春季专场 备份"));
	EXPECT_EQ(stored_ids(QStringLiteral("春季专场 备份")), (std::vector<QString>{QStringLiteral("p00005")}));

	ASSERT_TRUE(panel->renameDeck(QStringLiteral("夏季专场")));
	EXPECT_EQ(store.names(), (QStringList{QStringLiteral("夏季专场"), QStringLiteral("春季专场")}));
	EXPECT_EQ(store.activeName(), QStringLiteral("夏季专场"));
	EXPECT_FALSE(panel->renameDeck(QStringLiteral("春季专场"))); // taken
	EXPECT_EQ(child<QLabel>(panel.get(), "deckStatus")->text(),
		  QStringLiteral("There is already a deck called 春季专场."));

	// The chooser lists them; choosing one makes it the active deck and shows it.
	auto *chooser = child<QComboBox>(panel.get(), "deckChooser");
	EXPECT_EQ(chooser->count(), 2);
	ASSERT_TRUE(panel->newDeck(QStringLiteral("空的")));
	EXPECT_EQ(deck_list->model()->rowCount(), 0);
	ASSERT_TRUE(panel->selectDeck(QStringLiteral("春季专场")));
	EXPECT_EQ(deck_list->model()->rowCount(), 1);
	EXPECT_EQ(chooser->currentText(), QStringLiteral("春季专场"));

	ASSERT_TRUE(panel->deleteDeck());
	EXPECT_EQ(store.names(), (QStringList{QStringLiteral("夏季专场"), QStringLiteral("空的")}));
	EXPECT_EQ(store.activeName(), QStringLiteral("夏季专场"));
}

TEST_F(DeckPanel, ABadImportChangesNothingAndSaysWhy)
{
	add_by_search(QStringLiteral("p00006"), 1);
	OlcDeckValue before = stored();
	QTemporaryDir dir;
	const QString path = dir.filePath(QStringLiteral("坏的.json"));
	QFile file(path);
	ASSERT_TRUE(file.open(QIODevice::WriteOnly));
	file.write(R"({"version": 1, "name": "x", "currency": "CNY",
		"items": [{"number": 1, "product_id": "p1", "price": "12.345"}]})");
	file.close();

	panel->importFile(path);
	QMessageBox *box = nullptr;
	ASSERT_TRUE(
		wait_for([&] { return (box = panel->findChild<QMessageBox *>(QStringLiteral("importProblems"))); }));
	EXPECT_TRUE(box->text().startsWith(QStringLiteral("坏的.json was not imported; no deck changed.")));
	EXPECT_TRUE(box->informativeText().contains(QStringLiteral("12.345"))) << box->informativeText().toStdString();
	box->close();
	EXPECT_EQ(store.names(), QStringList{QStringLiteral("春季专场")});
	OlcDeckValue after = stored();
	EXPECT_TRUE(olc_deck_equal(&before.d, &after.d));
}

TEST_F(DeckPanel, ExportThenImportRoundTripsAsANewDeck)
{
	add_by_search(QStringLiteral("sr"), 2);
	deck_list->setCurrentIndex(deck_list->model()->index(0, 0));
	child<QLineEdit>(panel.get(), "itemPrice")->setText(QStringLiteral("99.90"));
	child<QLineEdit>(panel.get(), "itemCoupon")->setText(QStringLiteral("满100减5, 限今天"));
	QTest::mouseClick(child<QPushButton>(panel.get(), "itemApply"), Qt::LeftButton);

	QTemporaryDir dir;
	const QString path = dir.filePath(QStringLiteral("春季专场.json"));
	panel->exportFile(path, QStringLiteral("json"));
	ASSERT_TRUE(wait_for([&] { return !panel->busy(); }));
	OlcDeckValue written;
	olc_error err = {};
	ASSERT_TRUE(olc_deck_json_load(path.toUtf8().constData(), &written.d, &err)) << err.text;
	OlcDeckValue shown = stored();
	EXPECT_TRUE(olc_deck_equal(&written.d, &shown.d));

	panel->importFile(path);
	ASSERT_TRUE(wait_for([&] { return !panel->busy(); }));
	// The file's name is taken: the import is a new deck beside it, the old one unchanged.
	EXPECT_EQ(store.names(), (QStringList{QStringLiteral("春季专场"), QStringLiteral("春季专场 (2)")}));
	EXPECT_EQ(store.activeName(), QStringLiteral("春季专场 (2)"));
	OlcDeckValue imported = stored(QStringLiteral("春季专场 (2)"));
	ASSERT_EQ(imported.d.count, 2u);
	EXPECT_EQ(imported.d.items[0].price.minor, 9990);
	EXPECT_STREQ(imported.d.items[0].coupon, "满100减5, 限今天");
}

TEST_F(DeckPanel, KeyboardOnlySearchEnterAdds)
{
	auto *search = child<QLineEdit>(panel.get(), "catalogSearch");
	search->setFocus();
	QTest::keyClicks(search, QStringLiteral("p00012"));
	QTest::keyClick(search, Qt::Key_Return); // to the first match
	EXPECT_TRUE(catalog_view->hasFocus());
	QTest::keyClick(catalog_view, Qt::Key_Return); // adds it
	EXPECT_EQ(stored_ids(), std::vector<QString>{QStringLiteral("p00012")});
}

TEST_F(DeckPanel, ANewCatalogKeepsTheSelectionAndWhatIsBeingTyped)
{
	add_by_search(QStringLiteral("p00002"), 1);
	deck_list->setCurrentIndex(deck_list->model()->index(0, 0));
	auto *notes = child<QPlainTextEdit>(panel.get(), "itemNotes");
	notes->setPlainText(QStringLiteral("还没保存"));
	catalog_view->setCurrentIndex(catalog_view->model()->index(0, 0));
	// The shop's stock changes (the same products): the index is rebuilt, nothing else moves.
	std::vector<OlcCatalogEntry> list = catalog.list();
	list[2].stock = 1;
	list[2].has_stock = true;
	catalog.set(std::move(list));
	panel->refresh();
	ASSERT_TRUE(wait_for([&] { return !panel->busy(); }));
	EXPECT_EQ(catalog_view->model()->index(0, 2).data().toString(), QStringLiteral("1"));
	EXPECT_EQ(notes->toPlainText(), QStringLiteral("还没保存"));
	EXPECT_EQ(catalog_view->currentIndex().row(), 0);
}

// A product whose SKUs differ: its lowest price marked "from" (the texts of these tests are en-US, the
// money zh-CN) in the catalog and in the deck list.
TEST_F(DeckPanel, LowestSkuPriceIsMarkedInTheCatalogAndTheDeck)
{
	std::vector<OlcCatalogEntry> list = catalog.list();
	list[0].price_from = true;
	catalog.set(std::move(list));
	panel->refresh();
	ASSERT_TRUE(wait_for([&] { return !panel->busy(); }));
	EXPECT_EQ(catalog_view->model()->index(0, 1).data().toString(), QStringLiteral("from ¥9.90"));
	EXPECT_EQ(catalog_view->model()->index(1, 1).data().toString(), QStringLiteral("¥10.90"));
	add_by_search(QStringLiteral("p00000"), 1);
	EXPECT_TRUE(deck_list->model()->index(0, 0).data().toString().endsWith(QStringLiteral("from ¥9.90")))
		<< deck_list->model()->index(0, 0).data().toString().toStdString();
}

TEST_F(DeckPanel, ThumbnailsOfLocalPhotosAreDecodedOffTheUiThread)
{
	QTemporaryDir dir;
	const QString path = dir.filePath(QStringLiteral("松茸.png"));
	QImage photo(300, 200, QImage::Format_RGB32);
	photo.fill(QColor(200, 30, 40));
	ASSERT_TRUE(photo.save(path));
	std::vector<OlcCatalogEntry> list = catalog.list();
	list[0].image_url = QUrl::fromLocalFile(path).toString();
	catalog.set(std::move(list));
	panel->refresh();
	ASSERT_TRUE(wait_for([&] { return !panel->busy(); }));
	auto *search = child<QLineEdit>(panel.get(), "catalogSearch");
	QTest::keyClicks(search, QStringLiteral("p00000"));
	const QModelIndex cell = catalog_view->model()->index(0, 0);
	QImage shown;
	ASSERT_TRUE(wait_for([&] {
		shown = cell.data(Qt::DecorationRole).value<QImage>();
		return !shown.isNull() && shown.pixelColor(shown.width() / 2, shown.height() / 2).red() > 150;
	}));
	EXPECT_LE(std::max(shown.width(), shown.height()), 40);
	const QColor c = shown.pixelColor(shown.width() / 2, shown.height() / 2);
	EXPECT_NEAR(c.red(), 200, 4);
	EXPECT_NEAR(c.green(), 30, 4);
	EXPECT_NEAR(c.blue(), 40, 4);
}

TEST_F(DeckPanel, DecksChangedElsewhereAreFollowed)
{
	add_by_search(QStringLiteral("p00001"), 1);
	// obs-websocket's ImportDeck over the shown deck, then SelectDeck of a new one.
	OlcDeckValue outside = stored();
	olc_error err = {};
	ASSERT_NE(olc_deck_append(&outside.d, 50, "p00009", &err), nullptr) << err.text;
	QString error;
	ASSERT_TRUE(store.put(outside.d, &error));
	panel->refresh();
	ASSERT_EQ(deck_list->model()->rowCount(), 2);
	EXPECT_TRUE(deck_list->model()->index(1, 0).data().toString().startsWith(QStringLiteral("No. 50  ")));
	// Its undo history went with it: undo does not overwrite what came from outside.
	deck_list->setFocus();
	QTest::keyClick(deck_list, Qt::Key_Z, Qt::ControlModifier);
	EXPECT_EQ(stored().d.count, 2u);

	ASSERT_TRUE(olc_deck_set_name(&outside.d, "直播间二号", &err));
	ASSERT_TRUE(store.put(outside.d, &error));
	ASSERT_TRUE(store.select(QStringLiteral("直播间二号"), &error));
	panel->refresh();
	EXPECT_EQ(child<QComboBox>(panel.get(), "deckChooser")->currentText(), QStringLiteral("直播间二号"));
	EXPECT_EQ(child<QComboBox>(panel.get(), "deckChooser")->count(), 2);
}
