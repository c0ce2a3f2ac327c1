/* The dock's Live part, where the helper runs the stream: the featured product large (deck number,
 * title, price, stock, the host's talking points), a product chooser (deck number or search) and
 * Feature, Next, Previous, Hide, Reveal price, Mark sold out, the flash-sale countdown and a test
 * order; live counters, the latest orders (buyers masked) and low-stock warnings for deck items;
 * the live options and the stream language.
 *
 * Text only: the featured product's photo is not shown here (the card's photo fetcher keeps its
 * photos on the overlay workers; fetching again for the dock would cost a second download).
 *
 * A view: it never calls the runtime. Buttons call the callbacks below (the dock wires them to the
 * runtime's quick functions); the dock hands it snapshots. UI thread only. */
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>

#include "runtime/live-session.h"
#include "runtime/stream-language.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

/* Deck items with this many units or fewer in stock are warned about. */
#define OLC_DOCK_LOW_STOCK 5
/* The latest orders listed. */
#define OLC_DOCK_LATEST_ORDERS 8

class OlcLivePart : public QWidget {
public:
	explicit OlcLivePart(QWidget *parent = nullptr);

	/* What the snapshot holds, prices written for `language` (OBS's interface language: the
	 * dock is read by the helper, not by viewers). Rebuilds only what changed since the last one. */
	void showSnapshot(const struct olc_snapshot *snap, const char *language);
	/* The countdown's remaining time, "" when none runs. */
	void showCountdown(const QString &remaining);
	void showOptions(const struct olc_live_options &options);
	/* The stream language choice: the codes offered, the setting ("" follows OBS) and the
	 * language OBS itself is in (named in "Follow OBS (English)"). */
	void showLanguages(const QStringList &codes, const QString &setting, const QString &obs_language);
	/* An action failed ("" clears). */
	void showError(const QString &text);

	std::function<void(const QString &id)> onFeature;
	std::function<void(int number)> onFeatureNumber;
	std::function<void(int delta)> onStep;
	std::function<void()> onHide;
	std::function<void()> onRevealPrice;
	std::function<void(const QString &id)> onSoldOut;
	std::function<void(int seconds, const QString &label)> onCountdown;
	std::function<void()> onStopCountdown;
	std::function<void()> onTestOrder;
	std::function<void(const struct olc_live_options &)> onOptions;
	std::function<void(const QString &code)> onLanguage;

	/* For the widget tests. */
	QLabel *numberLabel() const { return number_; }
	QLabel *titleLabel() const { return title_; }
	QLabel *priceLabel() const { return price_; }
	QLabel *notesLabel() const { return notes_; }
	QLabel *countersLabel() const { return counters_; }
	QLabel *lowStockLabel() const { return lowStock_; }
	QListWidget *ordersList() const { return orders_; }
	QComboBox *chooser() const { return chooser_; }
	QPushButton *featureButton() const { return feature_; }
	QComboBox *languageBox() const { return language_; }

private:
	void featureChosen();
	void rebuildChooser(const struct olc_snapshot *snap);
	void emitOptions();

	QLabel *number_;
	QLabel *title_;
	QLabel *price_;
	QLabel *notes_;
	QComboBox *chooser_;
	QPushButton *feature_;
	QSpinBox *seconds_;
	QLineEdit *label_;
	QLabel *remaining_;
	QLabel *counters_;
	QLabel *lowStock_;
	QListWidget *orders_;
	QCheckBox *advance_;
	QSpinBox *advanceSeconds_;
	QCheckBox *sceneItems_;
	QComboBox *language_;
	QLabel *error_;
	QString featuredId_;
	uint64_t revision_ = 0;
	uint64_t catalogRevision_ = 0;
	uint64_t featuredRevision_ = 0;
	size_t chooserHash_ = 0;
	bool updating_ = false;
};
