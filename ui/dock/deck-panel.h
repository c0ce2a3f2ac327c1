/* The dock's Deck part, for preparing the deck before the stream: the shop's catalog with an
 * instant search (pinyin too), the deck as a numbered list (the number is what the host says:
 * "3号链接") to fill by double-click, the Add button or a drag, reorder by drag and empty with
 * Delete, each item's stream overrides, several named decks, undo and redo, import and export.
 * Every edit goes to the deck store at once (saved on its own thread); reading the catalog's
 * pinyin, imports and exports run on a worker. UI thread only. */
#pragma once

#include <QWidget>

#include <memory>

class OlcDeckStore;
class OlcDeckCatalogSource;
class OlcDeckPanelPrivate;

class OlcDeckPanel : public QWidget {
      public:
	/* In OBS: the named decks of runtime/decks.h and the live session's catalog. */
	explicit OlcDeckPanel(QWidget *parent = nullptr);
	/* With a store and catalog the caller keeps alive (the dock's tests). */
	OlcDeckPanel(OlcDeckStore *store, OlcDeckCatalogSource *catalog, QWidget *parent = nullptr);
	~OlcDeckPanel() override;

	/* What the buttons do once their dialog has its answer (the tests call these). Each returns
	 * false and shows why in the panel when refused. */
	bool newDeck(const QString &name);
	bool renameDeck(const QString &to);
	bool duplicateDeck(const QString &name);
	bool deleteDeck(); /* no question asked: the Delete button asks first */
	bool selectDeck(const QString &name);
	/* Starts reading the file on the worker; the result (a new deck, or a list of the file's
	 * problems, nothing changed) arrives on the UI thread. */
	void importFile(const QString &path);
	/* Starts writing the shown deck as "csv" or "json" on the worker. */
	void exportFile(const QString &path, const QString &format);
	/* Reads the catalog again if it changed, and follows decks changed elsewhere (obs-websocket):
	 * the active deck, the list of names, the shown deck's items. A timer does it twice a second. */
	void refresh();
	/* true while a catalog index, import or export is on the worker. */
	bool busy() const;

      protected:
	void resizeEvent(QResizeEvent *event) override;

      private:
	OlcDeckPanel(std::unique_ptr<OlcDeckStore> store, std::unique_ptr<OlcDeckCatalogSource> catalog,
		     QWidget *parent);
	std::unique_ptr<OlcDeckPanelPrivate> d_;
};
