#include "dock/deck-model.h"

#include <QMimeData>
#include <QRegularExpression>
#include <QUndoCommand>

#include <algorithm>

#include "dock/deck-text.h"

extern "C" {
#include "raster/money-format.h"
}

namespace {

/* One edit: the deck before and after it (decks are small; a whole copy keeps undo exact). */
class DeckChange : public QUndoCommand {
      public:
	DeckChange(OlcDeckModel *model, OlcDeckValue before, OlcDeckValue after, const QString &what)
	    : QUndoCommand(what), model_(model), before_(std::move(before)), after_(std::move(after))
	{
	}
	void undo() override { model_->apply(before_); }
	void redo() override { model_->apply(after_); }

      private:
	OlcDeckModel *model_;
	OlcDeckValue before_, after_;
};

QString price_text(const olc_money &m, const QString &language)
{
	char buf[96] = "";
	olc_money_format_display(&m, language.toUtf8().constData(), buf, sizeof(buf));
	return QString::fromUtf8(buf);
}

} // namespace

OlcDeckModel::OlcDeckModel(OlcDeckStore *store, QObject *parent) : QAbstractListModel(parent), store_(store)
{
	group_.addStack(&none_);
	group_.setActiveStack(&none_);
}

QUndoStack *OlcDeckModel::undoStack()
{
	auto it = stacks_.find(name_);
	return it == stacks_.end() ? &none_ : it->get();
}

void OlcDeckModel::load(const QString &name)
{
	beginResetModel();
	OlcDeckValue fresh;
	if (!name.isEmpty() && store_->get(name, &fresh.d)) {
		name_ = name;
		if (!stacks_.contains(name)) {
			auto stack = std::make_shared<QUndoStack>();
			group_.addStack(stack.get());
			stacks_.insert(name, stack);
		}
	} else {
		name_.clear();
		olc_deck_free(&fresh.d);
	}
	group_.setActiveStack(undoStack());
	deck_ = fresh;
	synced_ = fresh;
	endResetModel();
}

void OlcDeckModel::forget(const QString &name)
{
	auto it = stacks_.find(name);
	if (it == stacks_.end())
		return;
	group_.removeStack(it->get());
	stacks_.erase(it);
	group_.setActiveStack(undoStack());
}

void OlcDeckModel::setCatalog(std::shared_ptr<const OlcCatalogIndex> catalog)
{
	catalog_ = std::move(catalog);
	/* Only the display text changes (titles, prices): the item editor keeps what is typed. */
	if (rowCount() > 0)
		Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

void OlcDeckModel::apply(const OlcDeckValue &deck)
{
	const bool same_count = deck.d.count == deck_.d.count;
	if (!same_count)
		beginResetModel();
	deck_ = deck;
	if (same_count) {
		if (rowCount() > 0)
			Q_EMIT dataChanged(index(0), index(rowCount() - 1));
	} else {
		endResetModel();
	}
	QString error;
	if (!store_->put(deck_.d, &error) && on_error_)
		on_error_(olc_deck_text("DeckEditor.SaveRefused").arg(error));
	/* What the store made of it (it may tidy what it keeps): the base for changedElsewhere. */
	OlcDeckValue stored;
	if (store_->get(name_, &stored.d))
		synced_ = stored;
}

bool OlcDeckModel::changedElsewhere()
{
	if (name_.isEmpty())
		return false;
	OlcDeckValue stored;
	if (!store_->get(name_, &stored.d))
		return true;
	return !olc_deck_equal(&stored.d, &synced_.d);
}

void OlcDeckModel::reloadFromStore()
{
	const QString name = name_;
	forget(name);
	load(name);
}

bool OlcDeckModel::push(const OlcDeckValue &after, const QString &what, QString *error)
{
	if (name_.isEmpty()) {
		if (error)
			*error = olc_deck_text("DeckEditor.NoDeck");
		return false;
	}
	if (olc_deck_equal(&after.d, &deck_.d))
		return true;
	undoStack()->push(new DeckChange(this, deck_, after, what));
	return true;
}

bool OlcDeckModel::addProducts(const QStringList &ids, int row, QString *error)
{
	OlcDeckValue after = deck_;
	size_t at = row < 0 || size_t(row) > after.d.count ? after.d.count : size_t(row);
	for (const QString &id : ids) {
		const int number = olc_deck_next_number(&after.d);
		olc_error err = {};
		if (number < 0 || !olc_deck_append(&after.d, number, id.toUtf8().constData(), &err)) {
			if (error)
				*error =
					number < 0 ? olc_deck_text("DeckEditor.DeckFull") : QString::fromUtf8(err.text);
			return false;
		}
		olc_deck_move(&after.d, after.d.count - 1, at++);
	}
	return push(after, olc_deck_text("DeckEditor.UndoAdd"), error);
}

bool OlcDeckModel::removeItems(QList<int> rows)
{
	std::sort(rows.begin(), rows.end(), std::greater<int>());
	OlcDeckValue after = deck_;
	for (int row : rows) {
		if (row >= 0)
			olc_deck_remove(&after.d, size_t(row));
	}
	return push(after, olc_deck_text("DeckEditor.UndoRemove"), nullptr);
}

bool OlcDeckModel::moveItem(int from, int to)
{
	OlcDeckValue after = deck_;
	if (from < 0 || to < 0 || !olc_deck_move(&after.d, size_t(from), size_t(to)))
		return false;
	return push(after, olc_deck_text("DeckEditor.UndoMove"), nullptr);
}

bool OlcDeckModel::setItem(int row, const olc_deck_item &item, QString *error)
{
	if (row < 0 || size_t(row) >= deck_.d.count)
		return false;
	if (item.number < OLC_DECK_NUMBER_MIN || item.number > OLC_DECK_NUMBER_MAX) {
		if (error)
			*error = olc_deck_text("DeckEditor.NumberRange")
					 .arg(OLC_DECK_NUMBER_MIN)
					 .arg(OLC_DECK_NUMBER_MAX);
		return false;
	}
	for (size_t i = 0; i < deck_.d.count; i++) {
		if (i != size_t(row) && deck_.d.items[i].number == item.number) {
			if (error)
				*error = olc_deck_text("DeckEditor.NumberUsed").arg(item.number);
			return false;
		}
	}
	/* Rebuilt through the deck's own setters, so every override is checked and copied. */
	OlcDeckValue after = deck_;
	olc_deck_item *to = &after.d.items[row];
	olc_error err = {};
	to->number = item.number;
	to->hide_price = item.hide_price;
	const bool ok = olc_deck_item_set_title(to, item.title) && olc_deck_item_set_coupon(to, item.coupon) &&
			olc_deck_item_set_coupon_text(to, item.coupon_text) &&
			olc_deck_item_set_notes(to, item.notes) && olc_deck_item_set_scene(to, item.scene) &&
			olc_deck_item_set_tags(to, (const char *const *)item.tags, item.tag_count) &&
			olc_deck_item_set_price(&after.d, to, item.has_price ? &item.price : nullptr, &err);
	if (!ok) {
		if (error)
			*error = err.text[0] ? QString::fromUtf8(err.text) : QStringLiteral("out of memory");
		return false;
	}
	return push(after, olc_deck_text("DeckEditor.UndoEdit"), error);
}

bool OlcDeckModel::replaceDeck(const olc_deck &deck, const QString &what, QString *error)
{
	OlcDeckValue after;
	if (!olc_deck_copy(&after.d, &deck)) {
		if (error)
			*error = QStringLiteral("out of memory");
		return false;
	}
	olc_error err = {};
	if (!olc_deck_set_name(&after.d, name_.toUtf8().constData(), &err)) {
		if (error)
			*error = QString::fromUtf8(err.text);
		return false;
	}
	return push(after, what, error);
}

QString OlcDeckModel::rowText(int row) const
{
	if (row < 0 || size_t(row) >= deck_.d.count)
		return QString();
	const olc_deck_item &item = deck_.d.items[row];
	const QString id = QString::fromUtf8(item.product_id);
	const OlcCatalogEntry *product = catalog_ ? catalog_->find(id) : nullptr;
	QString title = item.title ? QString::fromUtf8(item.title) : product ? product->title : id;
	QString price;
	if (item.has_price)
		price = price_text(item.price, language_);
	else if (product) {
		olc_money m = {};
		if (olc_money_set(&m, product->price_minor, product->currency.toUtf8().constData()))
			price = price_text(m, language_);
		if (product->price_from && !price.isEmpty())
			price = olc_deck_text("DeckEditor.PriceFrom").arg(price);
	}
	QString text = olc_deck_text("DeckEditor.ItemNumber").arg(item.number) + QStringLiteral("  ") + title;
	if (!price.isEmpty())
		text += QStringLiteral("  ") + price;
	if (!product && catalog_)
		text += QStringLiteral("  ") + olc_deck_text("DeckEditor.NotInShop");
	return text;
}

int OlcDeckModel::rowCount(const QModelIndex &parent) const
{
	return parent.isValid() ? 0 : int(deck_.d.count);
}

QVariant OlcDeckModel::data(const QModelIndex &index, int role) const
{
	if (!index.isValid() || size_t(index.row()) >= deck_.d.count)
		return QVariant();
	const olc_deck_item &item = deck_.d.items[index.row()];
	switch (role) {
	case Qt::DisplayRole:
		return rowText(index.row());
	case Qt::ToolTipRole:
		return item.notes ? QString::fromUtf8(item.notes) : QVariant();
	case ProductIdRole:
		return QString::fromUtf8(item.product_id);
	case NumberRole:
		return item.number;
	default:
		return QVariant();
	}
}

Qt::ItemFlags OlcDeckModel::flags(const QModelIndex &index) const
{
	const Qt::ItemFlags base = QAbstractListModel::flags(index);
	return index.isValid() ? base | Qt::ItemIsDragEnabled : base | Qt::ItemIsDropEnabled;
}

Qt::DropActions OlcDeckModel::supportedDropActions() const
{
	return Qt::MoveAction | Qt::CopyAction;
}

QStringList OlcDeckModel::mimeTypes() const
{
	return {QStringLiteral(OLC_DECK_ROWS_MIME), QStringLiteral(OLC_PRODUCT_IDS_MIME)};
}

QMimeData *OlcDeckModel::mimeData(const QModelIndexList &indexes) const
{
	QStringList rows;
	for (const QModelIndex &i : indexes)
		rows << QString::number(i.row());
	auto *mime = new QMimeData();
	mime->setData(QStringLiteral(OLC_DECK_ROWS_MIME), rows.join(QLatin1Char(',')).toUtf8());
	return mime;
}

bool OlcDeckModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
				const QModelIndex &parent)
{
	Q_UNUSED(column);
	if (action == Qt::IgnoreAction)
		return true;
	/* Dropped on an item: before it. */
	if (row < 0)
		row = parent.isValid() ? parent.row() : rowCount();
	if (data->hasFormat(QStringLiteral(OLC_PRODUCT_IDS_MIME))) {
		const QStringList ids = QString::fromUtf8(data->data(QStringLiteral(OLC_PRODUCT_IDS_MIME)))
						.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
		QString error;
		if (!addProducts(ids, row, &error) && on_error_)
			on_error_(error);
		return false; /* the catalog keeps its rows */
	}
	if (data->hasFormat(QStringLiteral(OLC_DECK_ROWS_MIME))) {
		const QStringList rows = QString::fromUtf8(data->data(QStringLiteral(OLC_DECK_ROWS_MIME)))
						 .split(QLatin1Char(','), Qt::SkipEmptyParts);
		if (rows.size() == 1) {
			const int from = rows.first().toInt();
			moveRows(QModelIndex(), from, 1, QModelIndex(), row);
		}
		/* false: the view must not remove the dragged row afterwards, the move did it all. */
		return false;
	}
	return false;
}

bool OlcDeckModel::moveRows(const QModelIndex &source_parent, int source_row, int count, const QModelIndex &dest_parent,
			    int dest_child)
{
	if (source_parent.isValid() || dest_parent.isValid() || count != 1 || source_row < 0 ||
	    source_row >= rowCount())
		return false;
	/* dest_child is the row it goes before, counted with the moving row still in place. */
	int to = dest_child > source_row ? dest_child - 1 : dest_child;
	to = std::clamp(to, 0, rowCount() - 1);
	if (to == source_row)
		return false;
	return moveItem(source_row, to);
}

bool olc_deck_parse_price(const QString &text, const char *currency, bool *has_price, olc_money *out, QString *error)
{
	const QString t = text.trimmed();
	*has_price = false;
	if (t.isEmpty())
		return true;
	const olc_currency *c = olc_currency_find(currency);
	if (!c) {
		*error = olc_deck_text("DeckEditor.PriceCurrency").arg(QString::fromUtf8(currency));
		return false;
	}
	static const QRegularExpression decimal(QStringLiteral("^[0-9]+(?:\\.([0-9]+))?$"));
	const QRegularExpressionMatch m = decimal.match(t);
	if (!m.hasMatch()) {
		*error = olc_deck_text("DeckEditor.PriceInvalid").arg(t);
		return false;
	}
	if (m.capturedLength(1) > c->exponent) {
		*error = olc_deck_text("DeckEditor.PriceDecimals").arg(t, QString::fromUtf8(c->code)).arg(c->exponent);
		return false;
	}
	olc_error err = {};
	if (!olc_money_parse(t.toUtf8().constData(), c->code, out, &err)) {
		*error = olc_deck_text("DeckEditor.PriceTooLarge").arg(t);
		return false;
	}
	*has_price = true;
	return true;
}

QStringList olc_deck_split_tags(const QString &text)
{
	static const QRegularExpression separators(QStringLiteral("[|、,，]"));
	QStringList tags;
	for (const QString &t : text.split(separators, Qt::SkipEmptyParts)) {
		const QString s = t.trimmed();
		if (!s.isEmpty() && !tags.contains(s))
			tags << s;
	}
	return tags;
}
