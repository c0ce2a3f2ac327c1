/* The dock's Live part; see live-part.h. */
#include "dock/live-part.h"
#include "dock/dock-text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cstdlib>

namespace {

/* What a language is called, in itself: the stream language is chosen by someone who reads it. */
QString language_name(const QString &code)
{
	if (code == QLatin1String("en-US"))
		return QStringLiteral("English");
	if (code == QLatin1String("zh-CN"))
		return QStringLiteral("简体中文");
	if (code == QLatin1String("zh-TW"))
		return QStringLiteral("繁體中文");
	if (code == QLatin1String("fr-FR"))
		return QStringLiteral("Français");
	return QLocale(code).nativeLanguageName();
}

QPushButton *button(QWidget *parent, const char *key, const char *hint_key)
{
	auto *b = new QPushButton(olc_dock_tr(key), parent);
	if (hint_key)
		b->setToolTip(olc_dock_tr(hint_key));
	return b;
}

} // namespace

OlcLivePart::OlcLivePart(QWidget *parent) : QWidget(parent)
{
	setObjectName(QStringLiteral("olc-live-part"));
	auto *layout = new QVBoxLayout(this);

	/* The featured product, large: what the host is talking about now. */
	auto *featured = new QFrame(this);
	featured->setFrameShape(QFrame::StyledPanel);
	auto *fl = new QGridLayout(featured);
	number_ = new QLabel(featured);
	QFont big = number_->font();
	big.setPointSizeF(big.pointSizeF() * 1.8);
	big.setBold(true);
	number_->setFont(big);
	fl->addWidget(number_, 0, 0, 2, 1, Qt::AlignTop);
	title_ = olc_dock_text_label(featured);
	QFont titleFont = title_->font();
	titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
	titleFont.setBold(true);
	title_->setFont(titleFont);
	fl->addWidget(title_, 0, 1);
	price_ = olc_dock_text_label(featured);
	fl->addWidget(price_, 1, 1);
	notes_ = olc_dock_text_label(featured);
	notes_->setObjectName(QStringLiteral("olc-live-notes"));
	fl->addWidget(notes_, 2, 0, 1, 2);
	fl->setColumnStretch(1, 1);
	layout->addWidget(featured);

	/* Choose a product by deck number or by searching its title, then Feature. */
	auto *choose = new QHBoxLayout();
	chooser_ = new QComboBox(this);
	chooser_->setEditable(true);
	chooser_->setInsertPolicy(QComboBox::NoInsert);
	chooser_->lineEdit()->setPlaceholderText(olc_dock_tr("Dock.ChooserHint"));
	chooser_->setAccessibleName(olc_dock_tr("Dock.ChooserHint"));
	chooser_->completer()->setFilterMode(Qt::MatchContains);
	chooser_->completer()->setCompletionMode(QCompleter::PopupCompletion);
	chooser_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
	chooser_->setMinimumContentsLength(12);
	feature_ = button(this, "Dock.Feature", "Dock.FeatureHint");
	feature_->setDefault(true);
	choose->addWidget(chooser_, 1);
	choose->addWidget(feature_);
	layout->addLayout(choose);

	auto *actions = new QGridLayout();
	auto *previous = button(this, "Dock.Previous", nullptr);
	auto *next = button(this, "Dock.Next", nullptr);
	auto *hide = button(this, "Dock.Hide", nullptr);
	auto *reveal = button(this, "Dock.RevealPrice", "Dock.RevealPriceHint");
	auto *soldOut = button(this, "Dock.MarkSoldOut", "Dock.MarkSoldOutHint");
	auto *testOrder = button(this, "Dock.SimulateOrder", "Dock.SimulateOrderHint");
	actions->addWidget(previous, 0, 0);
	actions->addWidget(next, 0, 1);
	actions->addWidget(hide, 0, 2);
	actions->addWidget(reveal, 1, 0);
	actions->addWidget(soldOut, 1, 1);
	actions->addWidget(testOrder, 1, 2);
	layout->addLayout(actions);

	auto *countdown = new QHBoxLayout();
	auto *countdownLabel = new QLabel(olc_dock_tr("Dock.Countdown"), this);
	seconds_ = new QSpinBox(this);
	seconds_->setRange(5, 3600);
	seconds_->setValue(300);
	seconds_->setSuffix(QStringLiteral(" s"));
	seconds_->setAccessibleName(olc_dock_tr("Dock.Countdown"));
	countdownLabel->setBuddy(seconds_);
	label_ = new QLineEdit(this);
	label_->setPlaceholderText(olc_dock_tr("Dock.CountdownLabel"));
	label_->setAccessibleName(olc_dock_tr("Dock.CountdownLabel"));
	auto *start = button(this, "Dock.CountdownStart", nullptr);
	auto *stop = button(this, "Dock.CountdownStop", nullptr);
	remaining_ = new QLabel(this);
	countdown->addWidget(countdownLabel);
	countdown->addWidget(seconds_);
	countdown->addWidget(label_, 1);
	countdown->addWidget(start);
	countdown->addWidget(stop);
	countdown->addWidget(remaining_);
	layout->addLayout(countdown);

	counters_ = olc_dock_text_label(this);
	counters_->setObjectName(QStringLiteral("olc-live-counters"));
	layout->addWidget(counters_);
	lowStock_ = olc_dock_text_label(this);
	lowStock_->setObjectName(QStringLiteral("olc-live-low-stock"));
	lowStock_->hide();
	layout->addWidget(lowStock_);
	error_ = olc_dock_text_label(this);
	olc_dock_mark_error(error_);
	error_->hide();
	layout->addWidget(error_);

	auto *ordersTitle = new QLabel(olc_dock_tr("Dock.LatestOrders"), this);
	layout->addWidget(ordersTitle);
	orders_ = new QListWidget(this);
	orders_->setObjectName(QStringLiteral("olc-live-orders"));
	orders_->setAccessibleName(olc_dock_tr("Dock.LatestOrders"));
	orders_->setSelectionMode(QAbstractItemView::NoSelection);
	orders_->setMaximumHeight(orders_->fontMetrics().height() * (OLC_DOCK_LATEST_ORDERS + 1));
	ordersTitle->setBuddy(orders_);
	layout->addWidget(orders_, 1);

	auto *options = new QGroupBox(olc_dock_tr("Dock.Options"), this);
	auto *ol = new QGridLayout(options);
	advance_ = new QCheckBox(olc_dock_tr("Dock.SoldOutAdvance"), options);
	advance_->setToolTip(olc_dock_tr("Dock.SoldOutAdvanceHint"));
	advanceSeconds_ = new QSpinBox(options);
	advanceSeconds_->setRange(1, 600);
	advanceSeconds_->setSuffix(QStringLiteral(" s"));
	advanceSeconds_->setAccessibleName(olc_dock_tr("Dock.SoldOutAdvance"));
	sceneItems_ = new QCheckBox(olc_dock_tr("Dock.SceneFeaturesItem"), options);
	sceneItems_->setToolTip(olc_dock_tr("Dock.SceneFeaturesItemHint"));
	language_ = new QComboBox(options);
	language_->setAccessibleName(olc_dock_tr("Dock.StreamLanguage"));
	language_->setToolTip(olc_dock_tr("Dock.StreamLanguageHint"));
	auto *languageLabel = new QLabel(olc_dock_tr("Dock.StreamLanguage"), options);
	languageLabel->setBuddy(language_);
	ol->addWidget(advance_, 0, 0);
	ol->addWidget(advanceSeconds_, 0, 1);
	ol->addWidget(sceneItems_, 1, 0, 1, 2);
	ol->addWidget(languageLabel, 2, 0);
	ol->addWidget(language_, 2, 1);
	ol->setColumnStretch(0, 1);
	layout->addWidget(options);

	/* Tab order: chooser, Feature, the actions row by row, the countdown, the options. */
	QWidget::setTabOrder(chooser_, feature_);
	QWidget::setTabOrder(feature_, previous);
	QWidget::setTabOrder(previous, next);
	QWidget::setTabOrder(next, hide);
	QWidget::setTabOrder(hide, reveal);
	QWidget::setTabOrder(reveal, soldOut);
	QWidget::setTabOrder(soldOut, testOrder);
	QWidget::setTabOrder(testOrder, seconds_);
	QWidget::setTabOrder(seconds_, label_);
	QWidget::setTabOrder(label_, start);
	QWidget::setTabOrder(start, stop);
	QWidget::setTabOrder(stop, orders_);
	QWidget::setTabOrder(orders_, advance_);
	QWidget::setTabOrder(advance_, advanceSeconds_);
	QWidget::setTabOrder(advanceSeconds_, sceneItems_);
	QWidget::setTabOrder(sceneItems_, language_);

	connect(feature_, &QPushButton::clicked, this, [this]() { featureChosen(); });
	connect(chooser_->lineEdit(), &QLineEdit::returnPressed, this, [this]() { featureChosen(); });
	connect(next, &QPushButton::clicked, this, [this]() {
		if (onStep)
			onStep(+1);
	});
	connect(previous, &QPushButton::clicked, this, [this]() {
		if (onStep)
			onStep(-1);
	});
	connect(hide, &QPushButton::clicked, this, [this]() {
		if (onHide)
			onHide();
	});
	connect(reveal, &QPushButton::clicked, this, [this]() {
		if (onRevealPrice)
			onRevealPrice();
	});
	connect(soldOut, &QPushButton::clicked, this, [this]() {
		if (onSoldOut)
			onSoldOut(featuredId_);
	});
	connect(testOrder, &QPushButton::clicked, this, [this]() {
		if (onTestOrder)
			onTestOrder();
	});
	connect(start, &QPushButton::clicked, this, [this]() {
		if (onCountdown)
			onCountdown(seconds_->value(), label_->text());
	});
	connect(stop, &QPushButton::clicked, this, [this]() {
		if (onStopCountdown)
			onStopCountdown();
	});
	connect(advance_, &QCheckBox::toggled, this, [this]() { emitOptions(); });
	connect(advanceSeconds_, &QSpinBox::valueChanged, this, [this]() { emitOptions(); });
	connect(sceneItems_, &QCheckBox::toggled, this, [this]() { emitOptions(); });
	connect(language_, &QComboBox::activated, this, [this]() {
		if (onLanguage && !updating_)
			onLanguage(language_->currentData().toString());
	});

	number_->setText(QString());
	title_->setText(olc_dock_tr("Dock.NothingFeatured"));
}

void OlcLivePart::featureChosen()
{
	/* A number typed alone is a deck number ("3" for 3号链接); otherwise the chosen entry. */
	const QString typed = chooser_->currentText().trimmed();
	bool isNumber = false;
	const int number = typed.toInt(&isNumber);
	if (isNumber) {
		if (onFeatureNumber)
			onFeatureNumber(number);
		return;
	}
	int index = chooser_->findText(typed);
	if (index < 0)
		index = chooser_->currentIndex();
	const QString id = index >= 0 ? chooser_->itemData(index).toString() : QString();
	if (!id.isEmpty() && onFeature)
		onFeature(id);
}

void OlcLivePart::emitOptions()
{
	if (updating_ || !onOptions)
		return;
	olc_live_options o = {};
	o.sold_out_advance = advance_->isChecked();
	o.sold_out_seconds = advanceSeconds_->value();
	o.scene_features_item = sceneItems_->isChecked();
	onOptions(o);
}

void OlcLivePart::showOptions(const struct olc_live_options &options)
{
	updating_ = true;
	advance_->setChecked(options.sold_out_advance);
	advanceSeconds_->setValue(options.sold_out_seconds > 0 ? options.sold_out_seconds : 5);
	sceneItems_->setChecked(options.scene_features_item);
	updating_ = false;
}

void OlcLivePart::showLanguages(const QStringList &codes, const QString &setting, const QString &obs_language)
{
	updating_ = true;
	language_->clear();
	language_->addItem(olc_dock_tr("Dock.FollowObs").arg(language_name(obs_language)), QString());
	for (const QString &code : codes)
		language_->addItem(language_name(code), code);
	const int index = language_->findData(setting);
	language_->setCurrentIndex(index >= 0 ? index : 0);
	updating_ = false;
}

void OlcLivePart::showCountdown(const QString &remaining)
{
	remaining_->setText(remaining);
}

void OlcLivePart::showError(const QString &text)
{
	error_->setText(text);
	error_->setVisible(!text.isEmpty());
}

void OlcLivePart::rebuildChooser(const struct olc_snapshot *snap)
{
	auto *model = new QStandardItemModel(chooser_);
	QSet<QByteArray> inDeck;
	for (size_t i = 0; i < snap->deck.count; i++) {
		const olc_deck_item &item = snap->deck.items[i];
		const olc_product *p = olc_snapshot_product(snap, item.product_id);
		const char *title = item.title ? item.title : p ? p->title : item.product_id;
		auto *row = new QStandardItem(olc_dock_tr("Dock.Number").arg(item.number) + QStringLiteral("  ") +
					      QString::fromUtf8(title));
		row->setData(QString::fromUtf8(item.product_id), Qt::UserRole);
		model->appendRow(row);
		inDeck.insert(QByteArray(item.product_id));
	}
	for (size_t i = 0; i < snap->catalog.count; i++) {
		const olc_product &p = snap->catalog.products[i];
		if (inDeck.contains(QByteArray(p.id)))
			continue;
		auto *row = new QStandardItem(QString::fromUtf8(p.title));
		row->setData(QString::fromUtf8(p.id), Qt::UserRole);
		model->appendRow(row);
	}
	const QString typed = chooser_->currentText();
	QAbstractItemModel *old = chooser_->model();
	{
		const QSignalBlocker block(chooser_);
		chooser_->setModel(model);
		chooser_->setEditText(typed);
	}
	if (old && old->parent() == chooser_)
		old->deleteLater();
}

void OlcLivePart::showSnapshot(const struct olc_snapshot *snap, const char *language)
{
	if (snap->revision == revision_)
		return;
	revision_ = snap->revision;

	/* The chooser: deck items by number first (what the host says), then the rest of the catalog.
	 * Stock changes with every order and touches neither ids nor titles: the chooser is rebuilt only
	 * when those change (a hash over them), and then as a new model in one go, so a catalog of
	 * 10 000 products does not cost a rebuild per order. */
	if (snap->catalog_revision != catalogRevision_ || snap->featured_revision != featuredRevision_) {
		catalogRevision_ = snap->catalog_revision;
		featuredRevision_ = snap->featured_revision;
		size_t h = 0;
		for (size_t i = 0; i < snap->deck.count; i++) {
			const olc_deck_item &item = snap->deck.items[i];
			h = qHash(QByteArrayView(item.product_id), h) ^ (size_t)item.number;
			h = qHash(QByteArrayView(item.title ? item.title : ""), h);
		}
		for (size_t i = 0; i < snap->catalog.count; i++) {
			h = qHash(QByteArrayView(snap->catalog.products[i].id), h);
			h = qHash(QByteArrayView(snap->catalog.products[i].title ? snap->catalog.products[i].title : ""), h);
		}
		if (h != chooserHash_ || chooser_->count() == 0)
			rebuildChooser(snap);
		chooserHash_ = h;
	}

	/* The featured product. */
	const char *id = snap->featured_count > 0 ? snap->featured[0] : nullptr;
	featuredId_ = QString::fromUtf8(id);
	const olc_product *p = id ? olc_snapshot_product(snap, id) : nullptr;
	const olc_deck_item *item = id ? olc_snapshot_deck_item(snap, id) : nullptr;
	if (!id) {
		number_->clear();
		title_->setText(olc_dock_tr("Dock.NothingFeatured"));
		price_->clear();
		notes_->clear();
		notes_->hide();
	} else {
		const int number = snap->featured_number ? snap->featured_number : item ? item->number : 0;
		number_->setText(number ? olc_dock_tr("Dock.Number").arg(number) : QString());
		QString title = QString::fromUtf8(item && item->title ? item->title : p ? p->title : id);
		if (snap->featured_count > 1)
			title += QStringLiteral(" ") + olc_dock_tr("Dock.AndMore").arg(snap->featured_count - 1);
		title_->setText(title);
		QStringList line;
		if (item && item->has_price)
			line << olc_dock_money(item->price.minor, item->price.currency, language);
		else if (p && p->price_from) /* the lowest of SKUs that differ */
			line << olc_dock_tr("Dock.PriceFrom")
					.arg(olc_dock_money(p->price.minor, p->price.currency, language));
		else if (p)
			line << olc_dock_money(p->price.minor, p->price.currency, language);
		if ((item && item->hide_price))
			line << olc_dock_tr("Dock.PriceHidden");
		if (p && p->has_stock)
			line << (p->stock > 0 ? olc_dock_tr("Dock.Stock").arg(p->stock) : olc_dock_tr("Dock.SoldOut"));
		if (item && item->coupon)
			line << QString::fromUtf8(item->coupon);
		price_->setText(line.join(QStringLiteral(" · ")));
		const char *notes = (item ? item->notes : nullptr);
		notes_->setText(notes && *notes ? olc_dock_tr("Dock.TalkingPoints").arg(QString::fromUtf8(notes))
						: QString());
		notes_->setVisible(notes && *notes);
	}

	counters_->setText(olc_dock_tr("Dock.Counters")
				   .arg(snap->total.orders)
				   .arg(snap->total.units)
				   .arg(olc_dock_money(snap->total.revenue_minor, snap->currency, language)));

	/* Deck items running low: the helper can warn the host before the product sells out. */
	QStringList low;
	for (size_t i = 0; i < snap->deck.count; i++) {
		const olc_product *dp = olc_snapshot_product(snap, snap->deck.items[i].product_id);
		if (dp && dp->has_stock && dp->stock <= OLC_DOCK_LOW_STOCK)
			low << olc_dock_tr("Dock.LowStockItem")
				       .arg(olc_dock_tr("Dock.Number").arg(snap->deck.items[i].number))
				       .arg(dp->stock);
	}
	lowStock_->setText(low.isEmpty() ? QString() : olc_dock_tr("Dock.LowStock").arg(low.join(QStringLiteral(", "))));
	lowStock_->setVisible(!low.isEmpty());

	/* The latest orders, newest first, buyers masked as on stream. */
	orders_->clear();
	for (size_t n = 0; n < snap->recent_count && n < OLC_DOCK_LATEST_ORDERS; n++) {
		const olc_order &o = snap->recent[snap->recent_count - 1 - n];
		const olc_product *op = olc_snapshot_product(snap, o.product_id);
		char *buyer = olc_mask_buyer(o.buyer);
		QStringList parts;
		if (buyer)
			parts << QString::fromUtf8(buyer);
		if (o.city)
			parts << QString::fromUtf8(o.city);
		parts << QStringLiteral("%1 × %2").arg(o.quantity).arg(QString::fromUtf8(op ? op->title : o.product_id));
		parts << olc_dock_money(o.total.minor, o.total.currency, language);
		if (o.test)
			parts << olc_dock_tr("Dock.TestOrderTag");
		free(buyer);
		orders_->addItem(parts.join(QStringLiteral(" · ")));
	}
}
