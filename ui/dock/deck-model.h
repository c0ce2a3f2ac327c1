/* The deck being edited in the dock: a list model over one named deck (the number the host says,
 * the product, its stream price), every edit an undoable command that also goes to the store
 * (which saves it on its own thread: the UI never waits on the disk). Each deck keeps its own
 * undo history while the dock is open. UI thread only. */
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QUndoGroup>
#include <QUndoStack>

#include <functional>
#include <memory>

#include "dock/deck-catalog.h"
#include "dock/deck-search.h"
#include "dock/deck-store.h"

/* An olc_deck that frees itself; copies are deep. */
class OlcDeckValue {
      public:
	OlcDeckValue() { olc_deck_init(&d); }
	OlcDeckValue(const OlcDeckValue &o) : OlcDeckValue() { olc_deck_copy(&d, &o.d); }
	OlcDeckValue &operator=(const OlcDeckValue &o)
	{
		if (this != &o)
			olc_deck_copy(&d, &o.d);
		return *this;
	}
	~OlcDeckValue() { olc_deck_free(&d); }
	olc_deck d;
};

/* The MIME type of a drag of deck rows (reorder); product ids come as deck-catalog.h says. */
#define OLC_DECK_ROWS_MIME "application/x-olc-deck-rows"

class OlcDeckModel : public QAbstractListModel {
      public:
	/* The item's product id (Qt::UserRole) and number (UserRole + 1). */
	enum { ProductIdRole = Qt::UserRole, NumberRole };

	explicit OlcDeckModel(OlcDeckStore *store, QObject *parent = nullptr);

	/* Shows the deck called name from the store (""/unknown: none); its undo history is kept. */
	void load(const QString &name);
	/* Forgets the undo history of a deck that was removed or renamed. */
	void forget(const QString &name);
	/* Whether the store's copy of the shown deck is not what this model last put or read there
	 * (obs-websocket imported over it, or removed it). */
	bool changedElsewhere();
	/* Shows the store's copy again; its undo history goes (undoing would overwrite that change). */
	void reloadFromStore();
	const QString &name() const { return name_; }
	const olc_deck &deck() const { return deck_.d; }
	QUndoStack *undoStack();
	/* The undo histories of every deck, the shown deck's active (for Undo and Redo actions). */
	QUndoGroup *undoGroup() { return &group_; }
	/* Titles, prices and stock shown next to each item come from here. */
	void setCatalog(std::shared_ptr<const OlcCatalogIndex> catalog);
	/* The language prices are written in ("zh-CN"). */
	void setLanguage(const QString &language) { language_ = language; }
	/* Told when the store refuses an edit (the dock shows it as it is; the store keeps its last
	 * good copy) or a dropped product cannot be added. */
	void setErrorHandler(std::function<void(const QString &)> handler) { on_error_ = std::move(handler); }

	/* Edits; each is one undo step. false with error when refused (nothing changes). */
	bool addProducts(const QStringList &ids, int row, QString *error);
	bool removeItems(QList<int> rows);
	bool moveItem(int from, int to);
	/* Replaces the item at row with `item` (its overrides and number), checked first. */
	bool setItem(int row, const olc_deck_item &item, QString *error);
	/* Replaces the whole deck (an import into the current one), as one step. */
	bool replaceDeck(const olc_deck &deck, const QString &what, QString *error);

	/* The row's display text: "No. 3  松茸礼盒  ¥168.00". */
	QString rowText(int row) const;

	int rowCount(const QModelIndex &parent = QModelIndex()) const override;
	QVariant data(const QModelIndex &index, int role) const override;
	Qt::ItemFlags flags(const QModelIndex &index) const override;
	Qt::DropActions supportedDropActions() const override;
	QStringList mimeTypes() const override;
	QMimeData *mimeData(const QModelIndexList &indexes) const override;
	bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
			  const QModelIndex &parent) override;
	bool moveRows(const QModelIndex &source_parent, int source_row, int count, const QModelIndex &dest_parent,
		      int dest_child) override;

	/* Called by the undo commands: shows `deck` and stores it. */
	void apply(const OlcDeckValue &deck);

      private:
	bool push(const OlcDeckValue &after, const QString &what, QString *error);
	OlcDeckStore *store_;
	QString name_;
	OlcDeckValue deck_;
	OlcDeckValue synced_; /* the store's copy, as last read back after a load or an edit */
	std::shared_ptr<const OlcCatalogIndex> catalog_;
	QString language_;
	std::function<void(const QString &)> on_error_;
	QHash<QString, std::shared_ptr<QUndoStack>> stacks_;
	QUndoStack none_;
	QUndoGroup group_;
};

/* Checks a stream price typed in the editor for currency: "" is no override; otherwise an
 * exact decimal with at most the currency's decimals. false with the reason in plain words. */
bool olc_deck_parse_price(const QString &text, const char *currency, bool *has_price, olc_money *out, QString *error);
/* "|", "、", "," and "，" separate tags typed on one line. */
QStringList olc_deck_split_tags(const QString &text);
