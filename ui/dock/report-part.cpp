/* The dock's Report part; see report-part.h. */
#include "dock/report-part.h"
#include "dock/dock-text.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString money_text(int64_t minor, const QString &currency, const QString &language)
{
	return olc_dock_money(minor, currency.toLatin1().constData(), language.toUtf8().constData());
}

QString duration_text(int64_t ms)
{
	const int64_t s = ms / 1000;
	return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString time_text(int64_t unix_ms)
{
	return unix_ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(unix_ms), QLocale::ShortFormat) : QString();
}

} // namespace

OlcReportPart::OlcReportPart(QWidget *parent) : QWidget(parent)
{
	setObjectName(QStringLiteral("olc-report-part"));
	auto *layout = new QVBoxLayout(this);

	auto *buttons = new QHBoxLayout();
	startStop_ = new QPushButton(olc_dock_tr("Dock.SalesStart"), this);
	export_ = new QPushButton(olc_dock_tr("Dock.Export"), this);
	auto *menu = new QMenu(export_);
	for (const char *format : {"csv", "json", "png"}) {
		const QString f = QString::fromLatin1(format);
		menu->addAction(olc_dock_tr("Dock.ExportAs").arg(f.toUpper()), this, [this, f]() {
			if (onExport) {
				export_->setEnabled(false);
				onExport(f);
			}
		});
	}
	export_->setMenu(menu);
	buttons->addWidget(startStop_);
	buttons->addStretch(1);
	buttons->addWidget(export_);
	layout->addLayout(buttons);

	sessions_ = new QTreeWidget(this);
	sessions_->setObjectName(QStringLiteral("olc-report-sessions"));
	sessions_->setAccessibleName(olc_dock_tr("Dock.Sessions"));
	sessions_->setRootIsDecorated(false);
	sessions_->setHeaderLabels({olc_dock_tr("Dock.SessionStart"), olc_dock_tr("Dock.SessionEnd"),
				    olc_dock_tr("Dock.Orders"), olc_dock_tr("Dock.Revenue")});
	sessions_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
	layout->addWidget(sessions_, 1);

	products_ = new QTreeWidget(this);
	products_->setObjectName(QStringLiteral("olc-report-products"));
	products_->setAccessibleName(olc_dock_tr("Dock.Products"));
	products_->setRootIsDecorated(false);
	products_->setHeaderLabels({olc_dock_tr("Dock.Product"), olc_dock_tr("Dock.TimeFeatured"),
				    olc_dock_tr("Dock.WhileFeatured"), olc_dock_tr("Dock.Overall")});
	products_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
	layout->addWidget(products_, 2);

	result_ = olc_dock_text_label(this);
	result_->hide();
	layout->addWidget(result_);

	connect(startStop_, &QPushButton::clicked, this, [this]() {
		if (onStartStop)
			onStartStop(!running_);
	});
	connect(sessions_, &QTreeWidget::currentItemChanged, this, [this]() { showProducts(); });
}

void OlcReportPart::showReport(const struct olc_report *r, bool running, const char *language)
{
	running_ = running;
	language_ = QString::fromUtf8(language ? language : "");
	startStop_->setText(olc_dock_tr(running ? "Dock.SalesStop" : "Dock.SalesStart"));

	const int chosen = sessions_->currentItem() ? sessions_->indexOfTopLevelItem(sessions_->currentItem()) : -1;
	const bool keepChoice = chosen >= 0 && chosen < (int)r->count;
	copies_.clear();
	const QSignalBlocker block(sessions_);
	sessions_->clear();
	/* Newest first: the report lists them oldest first. */
	for (size_t n = 0; n < r->count; n++) {
		const olc_report_session &s = r->sessions[r->count - 1 - n];
		Session copy{s.start_ms, QString::fromLatin1(s.currency), {}};
		for (size_t i = 0; i < s.product_count; i++) {
			const olc_report_product &p = s.products[i];
			copy.rows.append({QString::fromUtf8(p.title ? p.title : p.product_id), p.number, p.featured_ms,
					  p.while_featured, p.overall});
		}
		copies_.append(copy);
		auto *item = new QTreeWidgetItem(sessions_);
		item->setText(0, time_text(s.start_ms));
		item->setText(1, s.end_ms ? time_text(s.end_ms) : olc_dock_tr("Dock.SessionRunning"));
		item->setText(2, QString::number(s.total.orders));
		item->setText(3, money_text(s.total.revenue_minor, copy.currency, language_));
	}
	if (sessions_->topLevelItemCount() > 0)
		sessions_->setCurrentItem(sessions_->topLevelItem(keepChoice ? chosen : 0));
	showProducts();
}

void OlcReportPart::showProducts()
{
	products_->clear();
	const int index = sessions_->currentItem() ? sessions_->indexOfTopLevelItem(sessions_->currentItem()) : -1;
	if (index < 0 || index >= copies_.size())
		return;
	const Session &s = copies_[index];
	for (const Row &row : s.rows) {
		auto *item = new QTreeWidgetItem(products_);
		item->setText(0, row.number ? olc_dock_tr("Dock.Number").arg(row.number) + QStringLiteral("  ") + row.title
					    : row.title);
		item->setText(1, duration_text(row.featured_ms));
		item->setText(2, olc_dock_tr("Dock.SalesCell")
					 .arg(row.while_featured.orders)
					 .arg(money_text(row.while_featured.revenue_minor, s.currency, language_)));
		item->setText(3, olc_dock_tr("Dock.SalesCell")
					 .arg(row.overall.orders)
					 .arg(money_text(row.overall.revenue_minor, s.currency, language_)));
	}
}

void OlcReportPart::showResult(bool ok, const QString &text)
{
	export_->setEnabled(true);
	result_->setText(text.isEmpty() ? QString() : (ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + text);
	result_->setVisible(!text.isEmpty());
}
