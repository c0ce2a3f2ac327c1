#include "dock/deck-catalog.h"

#include <QFile>
#include <QMimeData>
#include <QPainter>
#include <QUrl>

#include "dock/deck-text.h"

extern "C" {
#include "raster/image-decode.h"
#include "raster/money-format.h"
}

namespace {

/* A product photo is a few megabytes at most; a bigger "photo" is not read for a thumbnail. */
constexpr qint64 max_photo_bytes = 32 * 1024 * 1024;

/* Runs on the pool: reads the file and decodes it small (image-decode.h bounds the memory). */
QImage load_thumb(const QString &url)
{
	QFile file(QUrl(url).toLocalFile());
	if (!file.open(QIODevice::ReadOnly) || file.size() > max_photo_bytes)
		return QImage();
	const QByteArray bytes = file.readAll();
	olc_image img = {};
	char err[128];
	if (!olc_image_decode(bytes.constData(), size_t(bytes.size()), OlcCatalogModel::ThumbSide, &img, err,
			      sizeof(err)))
		return QImage();
	QImage decoded(img.pixels, img.width, img.height, img.stride, QImage::Format_RGBA8888);
	QImage thumb = decoded.scaled(OlcCatalogModel::ThumbSide, OlcCatalogModel::ThumbSide, Qt::KeepAspectRatio,
				      Qt::SmoothTransformation);
	thumb.detach(); /* owns its pixels before img's are freed */
	olc_image_free(&img);
	return thumb;
}

QImage placeholder()
{
	static const QImage image = [] {
		QImage img(OlcCatalogModel::ThumbSide, OlcCatalogModel::ThumbSide, QImage::Format_ARGB32_Premultiplied);
		img.fill(Qt::transparent);
		QPainter p(&img);
		p.setPen(QPen(QColor(128, 128, 128, 160), 1.5));
		p.drawRoundedRect(QRectF(3, 3, img.width() - 6, img.height() - 6), 4, 4);
		p.drawEllipse(QPointF(img.width() * 0.35, img.height() * 0.38), 3, 3);
		p.drawLine(QPointF(8, img.height() - 10), QPointF(img.width() - 8, img.height() * 0.5));
		return img;
	}();
	return image;
}

} // namespace

OlcCatalogModel::OlcCatalogModel(QObject *parent) : QAbstractTableModel(parent)
{
	pool_.setMaxThreadCount(1);
}

OlcCatalogModel::~OlcCatalogModel()
{
	/* At most the photo being decoded finishes; the queued ones are dropped. */
	pool_.clear();
	pool_.waitForDone();
}

void OlcCatalogModel::setIndex(std::shared_ptr<const OlcCatalogIndex> index)
{
	std::vector<int> rows = index ? index->search(query_) : std::vector<int>();
	/* A shop changes stock and prices every few seconds: when the same products are listed, the
	 * rows only change their cells, so the helper's selection and scroll position stay. */
	bool same = index_ && index && rows.size() == rows_.size();
	for (size_t r = 0; same && r < rows.size(); r++)
		same = index->entries()[size_t(rows[r])].id == index_->entries()[size_t(rows_[r])].id;
	if (same) {
		index_ = std::move(index);
		rows_ = std::move(rows);
		if (!rows_.empty())
			Q_EMIT dataChanged(this->index(0, 0), this->index(int(rows_.size()) - 1, ColumnCount - 1));
		return;
	}
	beginResetModel();
	index_ = std::move(index);
	rows_ = std::move(rows);
	endResetModel();
}

void OlcCatalogModel::setQuery(const QString &query)
{
	if (query == query_)
		return;
	beginResetModel();
	query_ = query;
	rows_ = index_ ? index_->search(query_) : std::vector<int>();
	endResetModel();
}

QString OlcCatalogModel::productId(int row) const
{
	return row >= 0 && size_t(row) < rows_.size() ? index_->entries()[size_t(rows_[size_t(row)])].id : QString();
}

int OlcCatalogModel::rowCount(const QModelIndex &parent) const
{
	return parent.isValid() ? 0 : int(rows_.size());
}

int OlcCatalogModel::columnCount(const QModelIndex &parent) const
{
	return parent.isValid() ? 0 : ColumnCount;
}

QVariant OlcCatalogModel::data(const QModelIndex &index, int role) const
{
	if (!index.isValid() || size_t(index.row()) >= rows_.size())
		return QVariant();
	const OlcCatalogEntry &e = index_->entries()[size_t(rows_[size_t(index.row())])];
	if (role == ProductIdRole)
		return e.id;
	if (role == Qt::ToolTipRole)
		return e.tags.isEmpty() ? e.id : e.id + QStringLiteral("\n") + e.tags.join(QStringLiteral(" · "));
	switch (index.column()) {
	case TitleColumn:
		if (role == Qt::DisplayRole)
			return e.title;
		if (role == Qt::DecorationRole) {
			if (e.image_url.startsWith(QStringLiteral("file:"), Qt::CaseInsensitive)) {
				auto it = thumbs_.constFind(e.image_url);
				if (it != thumbs_.constEnd())
					return it->isNull() ? placeholder() : *it;
				requestThumb(e.image_url);
			}
			return placeholder();
		}
		break;
	case PriceColumn:
		if (role == Qt::DisplayRole) {
			olc_money m = {};
			char buf[96] = "";
			if (olc_money_set(&m, e.price_minor, e.currency.toUtf8().constData()))
				olc_money_format_display(&m, language_.toUtf8().constData(), buf, sizeof(buf));
			const QString price = QString::fromUtf8(buf);
			return e.price_from && !price.isEmpty() ? olc_deck_text("DeckEditor.PriceFrom").arg(price)
								: price;
		}
		if (role == Qt::TextAlignmentRole)
			return int(Qt::AlignRight | Qt::AlignVCenter);
		break;
	case StockColumn:
		if (role == Qt::DisplayRole)
			return e.has_stock ? QString::number(e.stock) : olc_deck_text("DeckEditor.StockUntracked");
		if (role == Qt::TextAlignmentRole)
			return int(Qt::AlignRight | Qt::AlignVCenter);
		break;
	case IdColumn:
		if (role == Qt::DisplayRole)
			return e.id;
		break;
	default:
		break;
	}
	return QVariant();
}

QVariant OlcCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
	if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
		return QVariant();
	static const char *const keys[ColumnCount] = {"DeckEditor.ColumnProduct", "DeckEditor.ColumnPrice",
						      "DeckEditor.ColumnStock", "DeckEditor.ColumnId"};
	return section >= 0 && section < ColumnCount ? olc_deck_text(keys[section]) : QVariant();
}

Qt::ItemFlags OlcCatalogModel::flags(const QModelIndex &index) const
{
	return QAbstractTableModel::flags(index) | (index.isValid() ? Qt::ItemIsDragEnabled : Qt::NoItemFlags);
}

QStringList OlcCatalogModel::mimeTypes() const
{
	return {QStringLiteral(OLC_PRODUCT_IDS_MIME)};
}

QMimeData *OlcCatalogModel::mimeData(const QModelIndexList &indexes) const
{
	QStringList ids;
	for (const QModelIndex &i : indexes) {
		const QString id = productId(i.row());
		if (!id.isEmpty() && !ids.contains(id))
			ids << id;
	}
	auto *mime = new QMimeData();
	mime->setData(QStringLiteral(OLC_PRODUCT_IDS_MIME), ids.join(QLatin1Char('\n')).toUtf8());
	return mime;
}

void OlcCatalogModel::requestThumb(const QString &url) const
{
	if (pending_.contains(url))
		return;
	pending_.insert(url);
	auto *self = const_cast<OlcCatalogModel *>(this);
	pool_.start([self, url]() {
		const QImage thumb = load_thumb(url);
		/* The model outlives the pool's tasks (its destructor waits for them). */
		QMetaObject::invokeMethod(
			self, [self, url, thumb]() { self->thumbReady(url, thumb); }, Qt::QueuedConnection);
	});
}

void OlcCatalogModel::thumbReady(const QString &url, const QImage &image)
{
	pending_.remove(url);
	thumbs_.insert(url, image);
	for (size_t r = 0; r < rows_.size(); r++) {
		if (index_->entries()[size_t(rows_[r])].image_url == url)
			Q_EMIT dataChanged(index(int(r), TitleColumn), index(int(r), TitleColumn));
	}
}
