/* The dock's Report part: the sales sessions (start, end, orders, revenue) and, for the chosen one,
 * each product's time featured and its sales while featured and overall; Start/Stop a sales session
 * and Export (CSV, JSON, PNG).
 *
 * A view: it never calls the runtime. The dock hands it reports (olc_sales_report, memory only) and
 * runs the export on a worker thread. UI thread only. */
#pragma once

#include <QString>
#include <QWidget>

#include <functional>

#include "runtime/sales.h"

class QLabel;
class QPushButton;
class QTreeWidget;

class OlcReportPart : public QWidget {
public:
	explicit OlcReportPart(QWidget *parent = nullptr);

	/* Shows r (borrowed for the call), money written for language. The chosen session stays chosen
	 * (the newest when none was); running says whether a session is recording now. */
	void showReport(const struct olc_report *r, bool running, const char *language);
	/* An export or a start/stop finished: its words ("" clears). Re-enables Export. */
	void showResult(bool ok, const QString &text);

	std::function<void(bool start)> onStartStop;
	/* format "csv", "json" or "png"; the dock asks for the path. */
	std::function<void(const QString &format)> onExport;

	QTreeWidget *sessionsView() const { return sessions_; }
	QTreeWidget *productsView() const { return products_; }
	QPushButton *startStopButton() const { return startStop_; }

private:
	void showProducts();

	QPushButton *startStop_;
	QPushButton *export_;
	QTreeWidget *sessions_;
	QTreeWidget *products_;
	QLabel *result_;
	bool running_ = false;
	QString language_;
	/* A copy of what the products view needs of each session (the report is borrowed). */
	struct Row {
		QString title;
		int number;
		int64_t featured_ms;
		olc_counters while_featured;
		olc_counters overall;
	};
	struct Session {
		int64_t start_ms;
		QString currency;
		QList<Row> rows;
	};
	QList<Session> copies_;
};
