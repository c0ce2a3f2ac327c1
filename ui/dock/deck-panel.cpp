#include "dock/deck-panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <atomic>

#include "dock/deck-catalog.h"
#include "dock/deck-model.h"
#include "dock/deck-store.h"
#include "dock/deck-text.h"

namespace {

QString text(const char *key)
{
	return olc_deck_text(key);
}

/* Strings handed to the core stay alive as long as the QByteArray holding them. */

QByteArray utf8(const QString &s)
{
	return s.toUtf8();
}

} // namespace

class OlcDeckPanelPrivate {
      public:
	std::unique_ptr<OlcDeckStore> owned_store;
	std::unique_ptr<OlcDeckCatalogSource> owned_catalog;
	OlcDeckStore *store = nullptr;
	OlcDeckCatalogSource *catalog = nullptr;

	OlcCatalogModel *catalog_model = nullptr;
	OlcDeckModel *deck_model = nullptr;

	QComboBox *decks = nullptr;
	QSplitter *splitter = nullptr;
	QLineEdit *search = nullptr;
	QTableView *catalog_view = nullptr;
	QListView *deck_view = nullptr;
	QLabel *status = nullptr;

	/* The item editor. */
	QWidget *editor = nullptr;
	QSpinBox *number = nullptr;
	QLineEdit *title = nullptr;
	QLineEdit *price = nullptr;
	QLineEdit *coupon = nullptr;
	QLineEdit *coupon_text = nullptr;
	QLineEdit *tags = nullptr;
	QPlainTextEdit *notes = nullptr;
	QCheckBox *hide_price = nullptr;
	QComboBox *scene = nullptr;
	QLabel *editor_error = nullptr;
	int editing_row = -1;

	/* One worker: the catalog's index, then imports and exports, in order. */
	QThreadPool work;
	std::atomic<int> jobs{0};
	uint64_t catalog_revision = 0;
	uint64_t index_generation = 0;
	std::shared_ptr<OlcPinyin> pinyin; /* used on the worker only */
	QString last_save_error;
	QString last_active; /* the store's active deck when last looked at */

	OlcDeckPanel *q = nullptr;
	void setup();
	void showStatus(const QString &text, bool error);
	void reloadDecks(const QString &select);
	QString uniqueName(const QString &base) const;
	/* true when name may name a new deck; otherwise says why under the panel. */
	bool nameFree(const QString &name);
	/* Names deck, stores it and makes it the shown and active deck. */
	bool storeAs(olc_deck *deck, const QString &name);
	void addSelected();
	void removeSelected();
	void showItem();
	void applyItem();
	void startIndex();
	template <typename Work, typename Done> void runJob(Work work, Done done);
};

OlcDeckPanel::OlcDeckPanel(OlcDeckStore *store, OlcDeckCatalogSource *catalog, QWidget *parent)
    : QWidget(parent), d_(std::make_unique<OlcDeckPanelPrivate>())
{
	d_->store = store;
	d_->catalog = catalog;
	d_->q = this;
	d_->setup();
}

OlcDeckPanel::OlcDeckPanel(std::unique_ptr<OlcDeckStore> store, std::unique_ptr<OlcDeckCatalogSource> catalog,
			   QWidget *parent)
    : QWidget(parent), d_(std::make_unique<OlcDeckPanelPrivate>())
{
	d_->store = store.get();
	d_->catalog = catalog.get();
	d_->owned_store = std::move(store);
	d_->owned_catalog = std::move(catalog);
	d_->q = this;
	d_->setup();
}

OlcDeckPanel::~OlcDeckPanel()
{
	/* A job still on the worker finishes first: it holds the store, never a widget. */
	d_->work.clear();
	d_->work.waitForDone();
}

/* Runs work() on the worker and then done(result) on the UI thread, unless the panel is gone. */
template <typename Work, typename Done> void OlcDeckPanelPrivate::runJob(Work work_fn, Done done)
{
	jobs++;
	OlcDeckPanel *panel = q;
	work.start([this, panel, work_fn, done]() {
		auto result = work_fn();
		/* The panel's destructor waits for this task, so panel is alive while it is posted; a
		 * call posted to a panel deleted afterwards is dropped by Qt. */
		QMetaObject::invokeMethod(
			panel,
			[this, done, result]() {
				jobs--;
				done(result);
			},
			Qt::QueuedConnection);
	});
}

void OlcDeckPanelPrivate::setup()
{
	QWidget *w = q;
	w->setObjectName(QStringLiteral("olcDeckPanel"));
	work.setMaxThreadCount(1);
	catalog_model = new OlcCatalogModel(w);
	deck_model = new OlcDeckModel(store, w);
	const QString language = olc_deck_language();
	catalog_model->setLanguage(language);
	deck_model->setLanguage(language);
	deck_model->setErrorHandler([this](const QString &error) { showStatus(error, true); });

	auto *layout = new QVBoxLayout(w);
	layout->setContentsMargins(4, 4, 4, 4);

	/* The named decks. */
	auto *top = new QHBoxLayout();
	decks = new QComboBox(w);
	decks->setObjectName(QStringLiteral("deckChooser"));
	decks->setAccessibleName(text("DeckEditor.Deck"));
	decks->setMinimumContentsLength(12);
	auto *deck_label = new QLabel(text("DeckEditor.Deck"), w);
	deck_label->setBuddy(decks);
	top->addWidget(deck_label);
	top->addWidget(decks, 1);
	/* The deck commands in one menu button: the dock is often narrow. */
	auto *manage = new QToolButton(w);
	manage->setObjectName(QStringLiteral("deckMenu"));
	manage->setText(text("DeckEditor.Manage"));
	manage->setPopupMode(QToolButton::InstantPopup);
	manage->setToolButtonStyle(Qt::ToolButtonTextOnly);
	auto *menu = new QMenu(manage);
	menu->setToolTipsVisible(true);
	manage->setMenu(menu);
	top->addWidget(manage);
	auto command = [menu](const char *key, const char *hint) {
		QAction *a = menu->addAction(text(key));
		a->setToolTip(text(hint));
		return a;
	};
	QAction *new_deck = command("DeckEditor.New", "DeckEditor.NewHint");
	QAction *rename = command("DeckEditor.Rename", "DeckEditor.RenameHint");
	QAction *duplicate = command("DeckEditor.Duplicate", "DeckEditor.DuplicateHint");
	QAction *remove = command("DeckEditor.Delete", "DeckEditor.DeleteHint");
	menu->addSeparator();
	QAction *import = command("DeckEditor.Import", "DeckEditor.ImportHint");
	QAction *export_ = command("DeckEditor.Export", "DeckEditor.ExportHint");
	layout->addLayout(top);

	/* Side by side when the dock is wide, one above the other when narrow (resizeEvent). */
	splitter = new QSplitter(Qt::Horizontal, w);
	splitter->setChildrenCollapsible(false);
	layout->addWidget(splitter, 1);

	/* The catalog. */
	auto *left = new QWidget(splitter);
	auto *left_layout = new QVBoxLayout(left);
	left_layout->setContentsMargins(0, 0, 0, 0);
	search = new QLineEdit(left);
	search->setObjectName(QStringLiteral("catalogSearch"));
	search->setPlaceholderText(text("DeckEditor.SearchHint"));
	search->setAccessibleName(text("DeckEditor.Search"));
	search->setClearButtonEnabled(true);
	left_layout->addWidget(search);
	catalog_view = new QTableView(left);
	catalog_view->setObjectName(QStringLiteral("catalogView"));
	catalog_view->setModel(catalog_model);
	catalog_view->setSelectionBehavior(QAbstractItemView::SelectRows);
	catalog_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
	catalog_view->setDragEnabled(true);
	catalog_view->setDragDropMode(QAbstractItemView::DragOnly);
	catalog_view->verticalHeader()->hide();
	catalog_view->verticalHeader()->setDefaultSectionSize(OlcCatalogModel::ThumbSide + 4);
	catalog_view->setIconSize(QSize(OlcCatalogModel::ThumbSide, OlcCatalogModel::ThumbSide));
	/* Fixed widths: sizing columns to their contents would measure all 10 000 rows. */
	QHeaderView *header = catalog_view->horizontalHeader();
	header->setSectionResizeMode(OlcCatalogModel::TitleColumn, QHeaderView::Stretch);
	header->resizeSection(OlcCatalogModel::PriceColumn, 84);
	header->resizeSection(OlcCatalogModel::StockColumn, 56);
	header->resizeSection(OlcCatalogModel::IdColumn, 84);
	catalog_view->setWordWrap(false);
	left_layout->addWidget(catalog_view, 1);
	auto *add = new QPushButton(text("DeckEditor.Add"), left);
	add->setObjectName(QStringLiteral("addToDeck"));
	add->setToolTip(text("DeckEditor.AddHint"));
	left_layout->addWidget(add);

	/* The deck and the selected item's overrides. */
	auto *right = new QSplitter(Qt::Vertical, splitter);
	right->setChildrenCollapsible(false);
	deck_view = new QListView(right);
	deck_view->setObjectName(QStringLiteral("deckList"));
	deck_view->setModel(deck_model);
	deck_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
	deck_view->setDragDropMode(QAbstractItemView::DragDrop);
	deck_view->setDefaultDropAction(Qt::MoveAction);
	deck_view->setDropIndicatorShown(true);
	deck_view->setAcceptDrops(true);
	deck_view->setAccessibleName(text("DeckEditor.DeckItems"));
	editor = new QWidget();
	editor->setObjectName(QStringLiteral("itemEditor"));
	auto *form = new QFormLayout(editor);
	form->setContentsMargins(0, 0, 0, 0);
	number = new QSpinBox(editor);
	number->setRange(OLC_DECK_NUMBER_MIN, OLC_DECK_NUMBER_MAX);
	number->setObjectName(QStringLiteral("itemNumber"));
	title = new QLineEdit(editor);
	title->setObjectName(QStringLiteral("itemTitle"));
	title->setPlaceholderText(text("DeckEditor.TitleHint"));
	price = new QLineEdit(editor);
	price->setObjectName(QStringLiteral("itemPrice"));
	price->setPlaceholderText(text("DeckEditor.PriceHint"));
	coupon = new QLineEdit(editor);
	coupon->setObjectName(QStringLiteral("itemCoupon"));
	coupon_text = new QLineEdit(editor);
	coupon_text->setObjectName(QStringLiteral("itemCouponText"));
	tags = new QLineEdit(editor);
	tags->setObjectName(QStringLiteral("itemTags"));
	tags->setPlaceholderText(text("DeckEditor.TagsHint"));
	notes = new QPlainTextEdit(editor);
	notes->setObjectName(QStringLiteral("itemNotes"));
	notes->setPlaceholderText(text("DeckEditor.NotesHint"));
	notes->setTabChangesFocus(true);
	notes->setMaximumHeight(90);
	hide_price = new QCheckBox(text("DeckEditor.HidePrice"), editor);
	hide_price->setObjectName(QStringLiteral("itemHidePrice"));
	scene = new QComboBox(editor);
	scene->setObjectName(QStringLiteral("itemScene"));
	form->addRow(text("DeckEditor.Number"), number);
	form->addRow(text("DeckEditor.Title"), title);
	form->addRow(text("DeckEditor.StreamPrice"), price);
	form->addRow(text("DeckEditor.Coupon"), coupon);
	form->addRow(text("DeckEditor.CouponText"), coupon_text);
	form->addRow(text("DeckEditor.Tags"), tags);
	form->addRow(text("DeckEditor.Notes"), notes);
	form->addRow(QString(), hide_price);
	form->addRow(text("DeckEditor.Scene"), scene);
	editor_error = new QLabel(editor);
	editor_error->setObjectName(QStringLiteral("itemError"));
	editor_error->setTextFormat(Qt::PlainText);
	editor_error->setWordWrap(true);
	editor_error->setStyleSheet(QStringLiteral("color: #e5484d;"));
	editor_error->hide();
	form->addRow(editor_error);
	auto *apply = new QPushButton(text("DeckEditor.Apply"), editor);
	apply->setObjectName(QStringLiteral("itemApply"));
	apply->setToolTip(text("DeckEditor.ApplyHint"));
	form->addRow(QString(), apply);
	auto *scroll = new QScrollArea(right);
	scroll->setWidget(editor);
	scroll->setWidgetResizable(true);
	scroll->setFrameShape(QFrame::NoFrame);
	right->setStretchFactor(0, 1);
	right->setStretchFactor(1, 2);
	editor->setEnabled(false);
	splitter->setStretchFactor(0, 3);
	splitter->setStretchFactor(1, 2);

	status = new QLabel(w);
	status->setObjectName(QStringLiteral("deckStatus"));
	status->setTextFormat(Qt::PlainText);
	status->setWordWrap(true);
	status->hide();
	layout->addWidget(status);

	/* Keys: undo and redo while the panel has the focus only (OBS keeps its own shortcuts), Delete
	 * in the deck list, Enter in the catalog adds. */
	QUndoGroup *group = deck_model->undoGroup();
	QAction *undo = group->createUndoAction(w, text("DeckEditor.Undo"));
	undo->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Z)});
	QAction *redo = group->createRedoAction(w, text("DeckEditor.Redo"));
	redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
	for (QAction *a : {undo, redo}) {
		a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
		w->addAction(a);
	}
	undo->setObjectName(QStringLiteral("deckUndo"));
	redo->setObjectName(QStringLiteral("deckRedo"));
	auto *del = new QAction(text("DeckEditor.Remove"), deck_view);
	del->setShortcuts({QKeySequence(QKeySequence::Delete), QKeySequence(Qt::Key_Backspace)});
	del->setShortcutContext(Qt::WidgetShortcut);
	deck_view->addAction(del);
	deck_view->setContextMenuPolicy(Qt::ActionsContextMenu);

	QObject::connect(search, &QLineEdit::textChanged, catalog_model,
			 [this](const QString &text) { catalog_model->setQuery(text); });
	/* activated: a double-click, or Enter on the keyboard. */
	QObject::connect(catalog_view, &QAbstractItemView::activated, w, [this]() { addSelected(); });
	QObject::connect(add, &QPushButton::clicked, w, [this]() { addSelected(); });
	/* Enter or Down in the search box goes to the first match, ready to add with Enter. */
	auto to_results = [this]() {
		if (catalog_model->rowCount() == 0)
			return;
		catalog_view->setFocus();
		catalog_view->setCurrentIndex(catalog_model->index(0, 0));
	};
	QObject::connect(search, &QLineEdit::returnPressed, w, to_results);
	auto *down = new QAction(search);
	down->setShortcut(QKeySequence(Qt::Key_Down));
	down->setShortcutContext(Qt::WidgetShortcut);
	search->addAction(down);
	QObject::connect(down, &QAction::triggered, w, to_results);
	QObject::connect(del, &QAction::triggered, w, [this]() { removeSelected(); });
	QObject::connect(deck_view->selectionModel(), &QItemSelectionModel::currentChanged, w,
			 [this]() { showItem(); });
	/* An edit, an undo or a redo (all roles) shows the item again; a new catalog (the display
	 * text only) leaves what is being typed alone. */
	QObject::connect(deck_model, &QAbstractItemModel::dataChanged, w,
			 [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
				 if (roles.isEmpty())
					 showItem();
			 });
	QObject::connect(deck_model, &QAbstractItemModel::modelReset, w, [this]() { showItem(); });
	QObject::connect(apply, &QPushButton::clicked, w, [this]() { applyItem(); });
	for (QLineEdit *e : {title, price, coupon, coupon_text, tags})
		QObject::connect(e, &QLineEdit::returnPressed, w, [this]() { applyItem(); });
	QObject::connect(decks, &QComboBox::activated, w, [this](int index) { q->selectDeck(decks->itemText(index)); });

	QObject::connect(new_deck, &QAction::triggered, w, [this]() {
		bool ok = false;
		const QString name =
			QInputDialog::getText(q, text("DeckEditor.New"), text("DeckEditor.NamePrompt"),
					      QLineEdit::Normal, uniqueName(text("DeckEditor.NewName")), &ok);
		if (ok)
			q->newDeck(name.trimmed());
	});
	QObject::connect(rename, &QAction::triggered, w, [this]() {
		bool ok = false;
		const QString name = QInputDialog::getText(q, text("DeckEditor.Rename"), text("DeckEditor.NamePrompt"),
							   QLineEdit::Normal, deck_model->name(), &ok);
		if (ok)
			q->renameDeck(name.trimmed());
	});
	QObject::connect(duplicate, &QAction::triggered, w, [this]() {
		bool ok = false;
		const QString name = QInputDialog::getText(
			q, text("DeckEditor.Duplicate"), text("DeckEditor.NamePrompt"), QLineEdit::Normal,
			uniqueName(text("DeckEditor.CopyName").arg(deck_model->name())), &ok);
		if (ok)
			q->duplicateDeck(name.trimmed());
	});
	QObject::connect(remove, &QAction::triggered, w, [this]() {
		if (deck_model->name().isEmpty())
			return;
		if (QMessageBox::question(q, text("DeckEditor.Delete"),
					  text("DeckEditor.DeleteConfirm").arg(deck_model->name())) == QMessageBox::Yes)
			q->deleteDeck();
	});
	QObject::connect(import, &QAction::triggered, w, [this]() {
		const QString path = QFileDialog::getOpenFileName(q, text("DeckEditor.Import"), QString(),
								  text("DeckEditor.FileFilter"));
		if (!path.isEmpty())
			q->importFile(path);
	});
	QObject::connect(export_, &QAction::triggered, w, [this]() {
		if (deck_model->name().isEmpty())
			return;
		QString filter;
		QString path = QFileDialog::getSaveFileName(q, text("DeckEditor.Export"), deck_model->name() + ".csv",
							    text("DeckEditor.FileFilter"), &filter);
		if (path.isEmpty())
			return;
		const QString suffix = QFileInfo(path).suffix().toLower();
		q->exportFile(path, suffix == QStringLiteral("json") ? QStringLiteral("json") : QStringLiteral("csv"));
	});

	auto *timer = new QTimer(w);
	QObject::connect(timer, &QTimer::timeout, w, [this]() { q->refresh(); });
	timer->start(500);

	last_active = store->activeName();
	reloadDecks(last_active);
	q->refresh();
}

void OlcDeckPanelPrivate::showStatus(const QString &text, bool error)
{
	status->setText(text);
	status->setStyleSheet(error ? QStringLiteral("color: #e5484d;") : QString());
	status->setVisible(!text.isEmpty());
}

void OlcDeckPanelPrivate::reloadDecks(const QString &select)
{
	const QStringList names = store->names();
	const QSignalBlocker block(decks);
	decks->clear();
	decks->addItems(names);
	QString shown = names.contains(select) ? select : names.value(0);
	decks->setCurrentIndex(decks->findText(shown));
	if (shown != deck_model->name() || shown.isEmpty())
		deck_model->load(shown);
}

QString OlcDeckPanelPrivate::uniqueName(const QString &base) const
{
	const QStringList names = store->names();
	if (!names.contains(base))
		return base;
	for (int i = 2;; i++) {
		const QString candidate = QStringLiteral("%1 (%2)").arg(base).arg(i);
		if (!names.contains(candidate))
			return candidate;
	}
}

void OlcDeckPanelPrivate::addSelected()
{
	QStringList ids;
	for (const QModelIndex &i : catalog_view->selectionModel()->selectedRows())
		ids << catalog_model->productId(i.row());
	if (ids.isEmpty() && catalog_view->currentIndex().isValid())
		ids << catalog_model->productId(catalog_view->currentIndex().row());
	if (ids.isEmpty())
		return;
	if (deck_model->name().isEmpty() && !q->newDeck(uniqueName(text("DeckEditor.NewName"))))
		return;
	QString error;
	if (!deck_model->addProducts(ids, -1, &error)) {
		showStatus(error, true);
		return;
	}
	deck_view->setCurrentIndex(deck_model->index(deck_model->rowCount() - 1));
	showStatus(QString(), false);
}

void OlcDeckPanelPrivate::removeSelected()
{
	QList<int> rows;
	for (const QModelIndex &i : deck_view->selectionModel()->selectedIndexes())
		rows << i.row();
	if (rows.isEmpty() && deck_view->currentIndex().isValid())
		rows << deck_view->currentIndex().row();
	deck_model->removeItems(rows);
}

void OlcDeckPanelPrivate::showItem()
{
	const int row = deck_view->currentIndex().isValid() ? deck_view->currentIndex().row() : -1;
	editing_row = row >= 0 && row < deck_model->rowCount() ? row : -1;
	editor->setEnabled(editing_row >= 0);
	editor_error->hide();
	const QString current_scene = editing_row >= 0 && deck_model->deck().items[editing_row].scene
					      ? QString::fromUtf8(deck_model->deck().items[editing_row].scene)
					      : QString();
	scene->clear();
	scene->addItem(text("DeckEditor.NoScene"), QString());
	for (const QString &name : catalog->sceneNames())
		scene->addItem(name, name);
	if (!current_scene.isEmpty() && scene->findData(current_scene) < 0)
		scene->addItem(current_scene, current_scene); /* a scene OBS does not have (any more) */
	if (editing_row < 0) {
		for (QLineEdit *e : {title, price, coupon, coupon_text, tags})
			e->clear();
		notes->clear();
		hide_price->setChecked(false);
		return;
	}
	const olc_deck_item &item = deck_model->deck().items[editing_row];
	auto s = [](const char *text) { return QString::fromUtf8(text ? text : ""); };
	number->setValue(item.number);
	title->setText(s(item.title));
	char plain[64] = "";
	if (item.has_price)
		olc_money_format_plain(&item.price, plain, sizeof(plain));
	price->setText(QString::fromUtf8(plain));
	coupon->setText(s(item.coupon));
	coupon_text->setText(s(item.coupon_text));
	QStringList tag_list;
	for (size_t i = 0; i < item.tag_count; i++)
		tag_list << s(item.tags[i]);
	tags->setText(tag_list.join(QStringLiteral(" | ")));
	notes->setPlainText(s(item.notes));
	hide_price->setChecked(item.hide_price);
	scene->setCurrentIndex(std::max(0, scene->findData(current_scene)));
}

void OlcDeckPanelPrivate::applyItem()
{
	if (editing_row < 0)
		return;
	const int row = editing_row;
	const olc_deck &deck = deck_model->deck();
	olc_deck_item item = {};
	item.number = number->value();
	item.hide_price = hide_price->isChecked();
	QString error;
	if (!olc_deck_parse_price(price->text(), deck.currency, &item.has_price, &item.price, &error)) {
		editor_error->setText(error);
		editor_error->show();
		price->setFocus();
		return;
	}
	const QByteArray t = utf8(title->text().trimmed()), c = utf8(coupon->text().trimmed()),
			 ct = utf8(coupon_text->text().trimmed()), n = utf8(notes->toPlainText()),
			 sc = utf8(scene->currentData().toString());
	item.title = const_cast<char *>(t.constData());
	item.coupon = const_cast<char *>(c.constData());
	item.coupon_text = const_cast<char *>(ct.constData());
	item.notes = const_cast<char *>(n.constData());
	item.scene = const_cast<char *>(sc.constData());
	const QStringList tag_list = olc_deck_split_tags(tags->text());
	std::vector<QByteArray> tag_bytes;
	std::vector<char *> tag_ptrs;
	for (const QString &tag : tag_list)
		tag_bytes.push_back(utf8(tag));
	for (QByteArray &b : tag_bytes)
		tag_ptrs.push_back(b.data());
	item.tags = tag_ptrs.data();
	item.tag_count = tag_ptrs.size();
	if (!deck_model->setItem(row, item, &error)) {
		editor_error->setText(error);
		editor_error->show();
		return;
	}
	editor_error->hide();
	deck_view->setCurrentIndex(deck_model->index(row));
}

void OlcDeckPanelPrivate::startIndex()
{
	const uint64_t generation = ++index_generation;
	runJob(
		[this]() {
			std::vector<OlcCatalogEntry> entries;
			uint64_t revision = 0;
			catalog->entries(&revision, &entries);
			if (!pinyin) {
				pinyin = std::make_shared<OlcPinyin>();
				if (!pinyin->available())
					olc_deck_log(QStringLiteral("deck search: %1").arg(pinyin->why()));
			}
			return OlcCatalogIndex::build(std::move(entries), pinyin.get());
		},
		[this, generation](std::shared_ptr<const OlcCatalogIndex> index) {
			if (generation != index_generation)
				return; /* a newer catalog is on its way */
			catalog_model->setIndex(index);
			deck_model->setCatalog(index);
		});
}

void OlcDeckPanel::resizeEvent(QResizeEvent *event)
{
	QWidget::resizeEvent(event);
	/* A docked dock is often 300 to 500 pixels wide: the catalog then goes above the deck. */
	const bool narrow = event->size().width() < 640;
	d_->splitter->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
	d_->catalog_view->setColumnHidden(OlcCatalogModel::IdColumn, narrow); /* in the tooltip anyway */
}

bool OlcDeckPanel::busy() const
{
	return d_->jobs.load() > 0;
}

void OlcDeckPanel::refresh()
{
	/* A new catalog is copied and indexed on the worker: only its revision is read here. */
	const uint64_t revision = d_->catalog->revision();
	if (revision != d_->catalog_revision) {
		d_->catalog_revision = revision;
		d_->startIndex();
	}

	/* The decks change from elsewhere too: obs-websocket's ImportDeck and SelectDeck, LoadDeck.
	 * The panel follows the active deck, and shows what the store holds. */
	QStringList listed;
	for (int i = 0; i < d_->decks->count(); i++)
		listed << d_->decks->itemText(i);
	const QString active = d_->store->activeName();
	if (active != d_->last_active || listed != d_->store->names()) {
		d_->last_active = active;
		d_->reloadDecks(active.isEmpty() ? d_->deck_model->name() : active);
	}
	if (d_->deck_model->changedElsewhere())
		d_->deck_model->reloadFromStore();

	const QString error = d_->store->saveError();
	if (error != d_->last_save_error) {
		d_->last_save_error = error;
		if (!error.isEmpty())
			d_->showStatus(text("DeckEditor.SaveFailed").arg(error), true);
	}
}

bool OlcDeckPanel::selectDeck(const QString &name)
{
	QString error;
	if (!d_->store->select(name, &error)) {
		d_->showStatus(error, true);
		d_->reloadDecks(d_->deck_model->name());
		return false;
	}
	d_->reloadDecks(name);
	d_->showStatus(QString(), false);
	return true;
}

bool OlcDeckPanelPrivate::nameFree(const QString &name)
{
	if (name.isEmpty() || store->names().contains(name)) {
		showStatus(name.isEmpty() ? text("DeckEditor.NameEmpty") : text("DeckEditor.NameTaken").arg(name),
			   true);
		return false;
	}
	return true;
}

bool OlcDeckPanelPrivate::storeAs(olc_deck *deck, const QString &name)
{
	olc_error err = {};
	QString error;
	if (!olc_deck_set_name(deck, utf8(name).constData(), &err)) {
		showStatus(QString::fromUtf8(err.text), true);
		return false;
	}
	if (!store->put(*deck, &error)) {
		showStatus(error, true);
		return false;
	}
	return q->selectDeck(name);
}

bool OlcDeckPanel::newDeck(const QString &name)
{
	if (!d_->nameFree(name))
		return false;
	OlcDeckValue deck;
	olc_error err = {};
	if (!olc_deck_set_currency(&deck.d, utf8(d_->catalog->currency()).constData(), &err)) {
		d_->showStatus(QString::fromUtf8(err.text), true);
		return false;
	}
	return d_->storeAs(&deck.d, name);
}

bool OlcDeckPanel::renameDeck(const QString &to)
{
	const QString from = d_->deck_model->name();
	if (from.isEmpty() || to == from || !d_->nameFree(to))
		return false;
	QString error;
	if (!d_->store->rename(from, to, &error)) {
		d_->showStatus(error, true);
		return false;
	}
	/* The undo history held copies named `from`: replaying them would bring the old name back. */
	d_->deck_model->forget(from);
	d_->reloadDecks(to);
	d_->showStatus(QString(), false);
	return true;
}

bool OlcDeckPanel::duplicateDeck(const QString &name)
{
	if (d_->deck_model->name().isEmpty() || !d_->nameFree(name))
		return false;
	OlcDeckValue copy = OlcDeckValue();
	if (!olc_deck_copy(&copy.d, &d_->deck_model->deck())) {
		d_->showStatus(QStringLiteral("out of memory"), true);
		return false;
	}
	return d_->storeAs(&copy.d, name);
}

bool OlcDeckPanel::deleteDeck()
{
	const QString name = d_->deck_model->name();
	if (name.isEmpty())
		return false;
	QString error;
	if (!d_->store->remove(name, &error)) {
		d_->showStatus(error, true);
		return false;
	}
	d_->deck_model->forget(name);
	const QString next = d_->store->names().value(0);
	if (!next.isEmpty())
		return selectDeck(next);
	d_->reloadDecks(QString());
	return true;
}

namespace {

struct ImportResult {
	bool ok = false;
	std::shared_ptr<OlcDeckValue> deck;
	QList<OlcDeckProblem> problems;
	QString error;
};

} // namespace

void OlcDeckPanel::importFile(const QString &path)
{
	OlcDeckStore *store = d_->store;
	d_->showStatus(text("DeckEditor.Importing").arg(QFileInfo(path).fileName()), false);
	d_->runJob(
		[store, path]() {
			ImportResult r;
			r.deck = std::make_shared<OlcDeckValue>();
			r.ok = store->readFile(path, QString(), &r.deck->d, &r.problems, &r.error);
			return r;
		},
		[this, path](const ImportResult &r) {
			const QString file = QFileInfo(path).fileName();
			if (!r.ok) {
				QStringList lines;
				for (const OlcDeckProblem &p : r.problems)
					lines << (p.row > 0 ? text("DeckEditor.ProblemRow").arg(p.row).arg(p.error)
							    : p.error);
				if (lines.isEmpty())
					lines << r.error;
				d_->showStatus(text("DeckEditor.ImportRefused").arg(file), true);
				auto *box = new QMessageBox(QMessageBox::Warning, text("DeckEditor.Import"),
							    text("DeckEditor.ImportRefused").arg(file), QMessageBox::Ok,
							    this);
				box->setObjectName(QStringLiteral("importProblems"));
				box->setInformativeText(lines.mid(0, 12).join(QLatin1Char('\n')));
				box->setDetailedText(lines.join(QLatin1Char('\n')));
				box->setAttribute(Qt::WA_DeleteOnClose);
				box->open();
				return;
			}
			/* A new deck: nothing the helper already has changes. */
			const QString name = d_->uniqueName(QString::fromUtf8(r.deck->d.name));
			if (!d_->storeAs(&r.deck->d, name))
				return;
			d_->showStatus(text("DeckEditor.Imported").arg(file).arg(r.deck->d.count).arg(name), false);
		});
}

void OlcDeckPanel::exportFile(const QString &path, const QString &format)
{
	auto deck = std::make_shared<OlcDeckValue>();
	olc_deck_copy(&deck->d, &d_->deck_model->deck());
	OlcDeckStore *store = d_->store;
	d_->runJob(
		[store, deck, path, format]() {
			QString error;
			const bool ok = store->writeFile(deck->d, path, format, &error);
			return ok ? QString() : (error.isEmpty() ? QStringLiteral("?") : error);
		},
		[this, path](const QString &error) {
			const QString file = QFileInfo(path).fileName();
			if (error.isEmpty())
				d_->showStatus(text("DeckEditor.Exported").arg(file), false);
			else
				d_->showStatus(text("DeckEditor.ExportFailed").arg(file, error), true);
		});
}
