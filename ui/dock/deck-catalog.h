/* The catalog view's model: the shop's products filtered by the search box (deck-search.h), with
 * a small thumbnail, price and stock. Thumbnails of photos on this computer (file:// addresses,
 * as the demo shop and catalog files give) are read and decoded on a worker thread, only for
 * the rows a view asks for; photos on the web show a placeholder here (fetching them is the
 * product card's work, on its own thread; the dock does no network). UI thread only. */
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QSet>
#include <QThreadPool>

#include <memory>

#include "dock/deck-search.h"

/* The MIME type of product ids dragged from the catalog to the deck, one a line. */
#define OLC_PRODUCT_IDS_MIME "application/x-olc-product-ids"

class OlcCatalogModel : public QAbstractTableModel {
      public:
	enum Column { TitleColumn, PriceColumn, StockColumn, IdColumn, ColumnCount };
	enum { ProductIdRole = Qt::UserRole };
	/* Thumbnails are this many pixels a side. */
	static constexpr int ThumbSide = 40;

	explicit OlcCatalogModel(QObject *parent = nullptr);
	~OlcCatalogModel() override;

	void setIndex(std::shared_ptr<const OlcCatalogIndex> index);
	const std::shared_ptr<const OlcCatalogIndex> &catalogIndex() const { return index_; }
	/* Filters the rows (deck-search.h's rules). */
	void setQuery(const QString &query);
	void setLanguage(const QString &language) { language_ = language; }
	QString productId(int row) const;

	int rowCount(const QModelIndex &parent = QModelIndex()) const override;
	int columnCount(const QModelIndex &parent = QModelIndex()) const override;
	QVariant data(const QModelIndex &index, int role) const override;
	QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
	Qt::ItemFlags flags(const QModelIndex &index) const override;
	QStringList mimeTypes() const override;
	QMimeData *mimeData(const QModelIndexList &indexes) const override;

      private:
	void requestThumb(const QString &url) const;
	void thumbReady(const QString &url, const QImage &image);
	std::shared_ptr<const OlcCatalogIndex> index_;
	std::vector<int> rows_;
	QString query_;
	QString language_;
	mutable QHash<QString, QImage> thumbs_; /* by image_url; a null image: could not be read */
	mutable QSet<QString> pending_;
	mutable QThreadPool pool_;
};
