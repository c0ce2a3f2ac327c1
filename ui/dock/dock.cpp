/* The "Live Commerce" dock: where the host or a helper works during a stream — what the shop
 * says (connection, products, orders, revenue), which product is featured, and the flash-sale
 * countdown.
 *
 * Everything here runs on the UI thread and only calls the session's quick functions (a mutex
 * and a pointer copy; never the network). A timer refreshes the view twice a second, and only
 * rebuilds what changed since the last snapshot. */
#include "dock/dock.h"
#include "dock/dock-text.h"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <QApplication>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <QWidget>

extern "C" {
#include "runtime/countdown-host.h"
#include "runtime/live-session.h"
#include "raster/money-format.h"
#include "plugin-support.h"
#include "ids.h"
}

namespace {

QString text(const char *key)
{
	return QString::fromUtf8(obs_module_text(key));
}

class LiveCommerceDock : public QWidget {
      public:
	explicit LiveCommerceDock(QWidget *parent) : QWidget(parent)
	{
		setObjectName(QStringLiteral(OLC_DOCK_ID));
		auto *layout = new QVBoxLayout(this);

		status_ = olc_dock_text_label(this);
		layout->addWidget(status_);
		error_ = olc_dock_text_label(this);
		error_->setStyleSheet(QStringLiteral("color: #e5484d;"));
		error_->hide();
		layout->addWidget(error_);

		products_ = new QComboBox(this);
		layout->addWidget(products_);
		auto *featuring = new QHBoxLayout();
		auto *previous = new QPushButton(text("Dock.Previous"), this);
		auto *feature = new QPushButton(text("Dock.Feature"), this);
		auto *next = new QPushButton(text("Dock.Next"), this);
		auto *hide = new QPushButton(text("Dock.Hide"), this);
		featuring->addWidget(previous);
		featuring->addWidget(feature);
		featuring->addWidget(next);
		featuring->addWidget(hide);
		layout->addLayout(featuring);
		featured_ = olc_dock_text_label(this);
		layout->addWidget(featured_);

		auto *countdown = new QGridLayout();
		seconds_ = new QSpinBox(this);
		seconds_->setRange(5, 3600);
		seconds_->setValue(300);
		seconds_->setSuffix(QStringLiteral(" s"));
		label_ = new QLineEdit(this);
		label_->setPlaceholderText(text("Dock.CountdownLabel"));
		auto *start = new QPushButton(text("Dock.CountdownStart"), this);
		auto *stop = new QPushButton(text("Dock.CountdownStop"), this);
		remaining_ = new QLabel(this);
		countdown->addWidget(new QLabel(text("Dock.Countdown"), this), 0, 0);
		countdown->addWidget(seconds_, 0, 1);
		countdown->addWidget(label_, 0, 2);
		countdown->addWidget(start, 1, 1);
		countdown->addWidget(stop, 1, 2);
		countdown->addWidget(remaining_, 1, 0);
		layout->addLayout(countdown);

		auto *simulate = new QPushButton(text("Dock.SimulateOrder"), this);
		simulate->setToolTip(text("Dock.SimulateOrderHint"));
		layout->addWidget(simulate);
		layout->addStretch(1);

		connect(feature, &QPushButton::clicked, this, [this]() { featureSelected(); });
		connect(next, &QPushButton::clicked, this, [this]() { step(+1); });
		connect(previous, &QPushButton::clicked, this, [this]() { step(-1); });
		connect(hide, &QPushButton::clicked, this, []() { olc_live_hide(); });
		connect(start, &QPushButton::clicked, this, [this]() { startCountdown(); });
		connect(stop, &QPushButton::clicked, this, []() { olc_countdown_host_stop(); });
		connect(simulate, &QPushButton::clicked, this, [this]() {
			olc_error err = {};
			if (!olc_live_simulate_order(nullptr, 1, &err))
				showError(err.text);
		});

		auto *timer = new QTimer(this);
		connect(timer, &QTimer::timeout, this, [this]() { refresh(); });
		timer->start(500);
		refresh();
	}

      private:
	void showError(const char *message)
	{
		error_->setText(QString::fromUtf8(message));
		error_->setVisible(message && *message);
	}

	void featureSelected()
	{
		const QByteArray id = products_->currentData().toString().toUtf8();
		olc_error err = {};
		if (!id.isEmpty() && !olc_live_feature(id.constData(), &err))
			showError(err.text);
	}

	void step(int delta)
	{
		olc_error err = {};
		if (!olc_live_feature_step(delta, &err))
			showError(err.text);
	}

	void startCountdown()
	{
		const QByteArray label = label_->text().toUtf8();
		olc_error err = {};
		if (!olc_countdown_host_start(seconds_->value(), label.constData(), nullptr, &err))
			showError(err.text);
	}

	void refresh()
	{
		olc_countdown_view view = {};
		olc_countdown_host_view(&view);
		const long long left = (view.remaining_ms + 999) / 1000;
		remaining_->setText(view.state == OLC_COUNTDOWN_RUNNING
					    ? QStringLiteral("%1:%2")
						      .arg(left / 60, 2, 10, QLatin1Char('0'))
						      .arg(left % 60, 2, 10, QLatin1Char('0'))
					    : QString());

		olc_snapshot *snap = olc_live_snapshot();
		if (!snap)
			return;
		if (snap->revision != revision_) {
			revision_ = snap->revision;
			showSnapshot(snap);
		}
		olc_snapshot_release(snap);
	}

	void showSnapshot(const olc_snapshot *snap)
	{
		char revenue[64] = "";
		olc_money money = {};
		if (olc_money_set(&money, snap->total.revenue_minor, snap->currency))
			olc_money_format_display(&money, obs_get_locale(), revenue, sizeof(revenue));
		status_->setText(text("Dock.Status")
					 .arg(QString::fromUtf8(snap->provider))
					 .arg(QString::fromUtf8(olc_conn_state_name(snap->state)))
					 .arg(snap->catalog.count)
					 .arg(snap->total.orders)
					 .arg(QString::fromUtf8(revenue)));
		/* A warning (products or an order the shop got wrong) shows while there is no error. */
		showError(snap->error ? snap->error : snap->warning);

		if (snap->catalog_revision != catalog_revision_) {
			catalog_revision_ = snap->catalog_revision;
			const QString selected = products_->currentData().toString();
			products_->clear();
			for (size_t i = 0; i < snap->catalog.count; i++) {
				const olc_product &p = snap->catalog.products[i];
				const olc_deck_item *item = olc_snapshot_deck_item(snap, p.id);
				const QString title = QString::fromUtf8(item && item->title ? item->title : p.title);
				products_->addItem(item ? QStringLiteral("#%1 %2").arg(item->number).arg(title) : title,
						   QString::fromUtf8(p.id));
			}
			const int index = products_->findData(selected);
			if (index >= 0)
				products_->setCurrentIndex(index);
		}

		QStringList featured;
		for (size_t i = 0; i < snap->featured_count; i++) {
			const olc_product *p = olc_snapshot_product(snap, snap->featured[i]);
			featured << QString::fromUtf8(p ? p->title : snap->featured[i]);
		}
		featured_->setText(featured.isEmpty()
					   ? text("Dock.NothingFeatured")
					   : text("Dock.Featured").arg(featured.join(QStringLiteral(" · "))));
	}

	QLabel *status_;
	QLabel *error_;
	QComboBox *products_;
	QLabel *featured_;
	QSpinBox *seconds_;
	QLineEdit *label_;
	QLabel *remaining_;
	uint64_t revision_ = 0;
	uint64_t catalog_revision_ = 0;
};

} // namespace

void olc_dock_register(void)
{
	/* libobs without the OBS window (render tests, obs-cli) has no Qt application and no
	 * frontend; asking the frontend API there only logs an error. */
	if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
		return;

	auto *main_window = static_cast<QMainWindow *>(obs_frontend_get_main_window());
	if (!main_window)
		return;

	auto *widget = new LiveCommerceDock(main_window);
	if (!obs_frontend_add_dock_by_id(OLC_DOCK_ID, T_DOCK_TITLE, widget)) {
		obs_log(LOG_WARNING, "could not add the %s dock", OLC_DOCK_ID);
		delete widget;
	}
}
