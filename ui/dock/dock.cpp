/* The "Live Commerce" dock: where the host's helper spends the whole stream. Tabs: Live (run the
 * stream), Deck (prepare the deck: branch deckui's OlcDeckPanel), Connection (the shop) and Report
 * (what sold). Each part is a view in its own file; this file wires them to the runtime.
 *
 * Everything here runs on the UI thread. It calls only the runtime's quick functions (a mutex and
 * a pointer copy; never the network or the disk); what may block (Save and Test of a connection,
 * report exports, the first-start flag file) runs on a worker thread that posts its result back to
 * the UI thread with a queued call. A timer refreshes the view twice a second from snapshots. */
#include "dock/dock.h"
#include "dock/connection-part.h"
#include "dock/deck-panel.h"
#include "dock/dock-text.h"
#include "dock/live-part.h"
#include "runtime/sales.h"
#include "runtime/stream-language.h"
#include "dock/report-part.h"

#include <obs-frontend-api.h>
#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QPointer>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>
#include <memory>

extern "C" {
#include "runtime/countdown-host.h"
#include "runtime/live-session.h"
#include "plugin-support.h"
#include "ids.h"
}

namespace {

/* Runs work on a new thread, then done(result) on the UI thread if receiver still exists. The
 * thread deletes itself when it ends. */
template <typename Result>
void run_off_ui(QObject *receiver, std::function<Result()> work, std::function<void(const Result &)> done)
{
	QPointer<QObject> guard(receiver);
	QThread *thread = QThread::create([guard, work, done]() {
		const Result result = work();
		QMetaObject::invokeMethod(
			qApp,
			[guard, done, result]() {
				if (guard)
					done(result);
			},
			Qt::QueuedConnection);
	});
	QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
	thread->start();
}

struct Outcome {
	bool ok = false;
	QString text;
};

/* A copy of a connection that a worker owns (secrets wiped when it goes). */
std::shared_ptr<olc_connection> copy_connection(const olc_connection &c)
{
	auto copy = std::shared_ptr<olc_connection>(new olc_connection, [](olc_connection *p) {
		olc_connection_free(p);
		delete p;
	});
	olc_connection_init(copy.get());
	olc_connection_copy(copy.get(), &c);
	return copy;
}

class LiveCommerceDock : public QWidget {
public:
	explicit LiveCommerceDock(QWidget *parent) : QWidget(parent)
	{
		setObjectName(QStringLiteral(OLC_DOCK_ID));
		auto *layout = new QVBoxLayout(this);
		layout->setContentsMargins(4, 4, 4, 4);
		tabs_ = new QTabWidget(this);
		tabs_->setDocumentMode(true);
		tabs_->setUsesScrollButtons(true);
		layout->addWidget(tabs_);

		live_ = new OlcLivePart(tabs_);
		tabs_->addTab(live_, olc_dock_tr("Dock.Tab.Live"));
		tabs_->addTab(new OlcDeckPanel(tabs_), olc_dock_tr("Dock.Tab.Deck"));
		connection_ = new OlcConnectionPart(tabs_);
		tabs_->addTab(connection_, olc_dock_tr("Dock.Tab.Connection"));
		report_ = new OlcReportPart(tabs_);
		tabs_->addTab(report_, olc_dock_tr("Dock.Tab.Report"));

		wireLive();
		wireConnection();
		wireReport();

		auto *timer = new QTimer(this);
		connect(timer, &QTimer::timeout, this, [this]() { refresh(); });
		timer->start(500);
		connect(tabs_, &QTabWidget::currentChanged, this, [this]() { refresh(); });
		refresh();
	}

private:
	void wireLive()
	{
		auto report = [this](bool ok, const olc_error &err) {
			live_->showError(ok ? QString() : QString::fromUtf8(err.text));
		};
		live_->onFeature = [report](const QString &id) {
			const QByteArray bytes = id.toUtf8();
			olc_error err = {};
			report(olc_live_feature(bytes.constData(), &err), err);
		};
		live_->onFeatureNumber = [report](int number) {
			olc_error err = {};
			olc_session *s = olc_live_session();
			if (!s)
				olc_error_set(&err, "the live session is not running");
			report(s && olc_session_feature_number(s, number, &err), err);
		};
		live_->onStep = [report](int delta) {
			olc_error err = {};
			report(olc_live_feature_step(delta, &err), err);
		};
		live_->onHide = []() { olc_live_hide(); };
		live_->onRevealPrice = []() { olc_live_reveal_price(); };
		live_->onSoldOut = [report](const QString &id) {
			const QByteArray bytes = id.toUtf8();
			olc_error err = {};
			report(olc_live_mark_sold_out(bytes.isEmpty() ? nullptr : bytes.constData(), &err), err);
		};
		live_->onCountdown = [report](int seconds, const QString &label) {
			const QByteArray bytes = label.toUtf8();
			olc_error err = {};
			report(olc_countdown_host_start(seconds, bytes.constData(), nullptr, &err), err);
		};
		live_->onStopCountdown = []() { olc_countdown_host_stop(); };
		live_->onTestOrder = [report]() {
			olc_error err = {};
			report(olc_live_simulate_order(nullptr, 1, &err), err);
		};
		live_->onOptions = [report](const olc_live_options &o) {
			olc_error err = {};
			report(olc_live_options_set(&o, &err), err);
		};
		live_->onLanguage = [this, report](const QString &code) {
			const QByteArray bytes = code.toUtf8();
			olc_error err = {};
			report(olc_stream_language_set(bytes.constData(), &err), err);
			showLanguages();
		};

		olc_live_options options = {};
		olc_live_options_get(&options);
		live_->showOptions(options);
		showLanguages();
	}

	void showLanguages()
	{
		size_t count = 0;
		const char *const *codes = olc_stream_languages(&count);
		QStringList list;
		for (size_t i = 0; i < count; i++)
			list << QString::fromUtf8(codes[i]);
		char setting[16] = "";
		olc_stream_language_get(setting, sizeof(setting));
		live_->showLanguages(list, QString::fromUtf8(setting), QString::fromUtf8(obs_get_locale()));
	}

	void wireConnection()
	{
		loadConnection();
		/* Applying restarts the poller (it joins the old one, up to about a second while a shop
		 * hangs) and writes connection.json: a worker's job, never the UI thread's. */
		connection_->onSave = [this](const olc_connection &c) {
			auto copy = copy_connection(c);
			run_off_ui<Outcome>(
				connection_,
				[copy]() {
					olc_error err = {}, save_err = {};
					Outcome o;
					o.ok = olc_live_set_connection(copy.get(), &err, &save_err);
					if (!o.ok)
						o.text = QString::fromUtf8(err.text);
					else if (save_err.text[0])
						o.text = olc_dock_tr("Dock.SavedNotWritten").arg(QString::fromUtf8(save_err.text));
					else
						o.text = olc_dock_tr("Dock.Saved");
					o.ok = o.ok && !save_err.text[0];
					return o;
				},
				[this](const Outcome &o) {
					connection_->showResult(o.ok, o.text);
					loadConnection();
				});
		};
		connection_->onTest = [this](const olc_connection &c) {
			auto copy = copy_connection(c);
			run_off_ui<Outcome>(
				connection_,
				[copy]() {
					char summary[512] = "";
					olc_error err = {};
					Outcome o;
					o.ok = olc_live_test_connection(copy.get(), summary, sizeof(summary), &err);
					o.text = o.ok ? olc_dock_tr("Dock.TestWorked").arg(QString::fromUtf8(summary))
						      : olc_dock_tr("Dock.TestFailed").arg(QString::fromUtf8(err.text));
					return o;
				},
				[this](const Outcome &o) { connection_->showResult(o.ok, o.text); });
		};
	}

	/* The session's connection: a copy under a lock its holders keep only for a copy or a swap
	 * (never for I/O), so the UI thread may take it. */
	static bool readConnection(olc_connection *out)
	{
		olc_session *s = olc_live_session();
		return s && olc_session_get_connection(s, out);
	}

	void loadConnection()
	{
		olc_connection c;
		olc_connection_init(&c);
		if (readConnection(&c))
			connection_->setConnection(&c);
		olc_connection_free(&c);
	}

	void wireReport()
	{
		report_->onStartStop = [this](bool start) {
			if (start)
				olc_sales_start();
			else
				olc_sales_stop();
			refreshReport();
		};
		report_->onExport = [this](const QString &format) {
			const QString filter = format == QLatin1String("png") ? QStringLiteral("PNG (*.png)")
					       : format == QLatin1String("json") ? QStringLiteral("JSON (*.json)")
										 : QStringLiteral("CSV (*.csv)");
			const QString path = QFileDialog::getSaveFileName(
				this, olc_dock_tr("Dock.ExportAs").arg(format.toUpper()),
				QStringLiteral("sales-report.") + format, filter);
			if (path.isEmpty()) {
				report_->showResult(true, QString());
				return;
			}
			const QByteArray pathBytes = path.toUtf8();
			const QByteArray formatBytes = format.toUtf8();
			run_off_ui<Outcome>(
				report_,
				[pathBytes, formatBytes, path]() {
					olc_error err = {};
					Outcome o;
					o.ok = olc_sales_export(pathBytes.constData(), formatBytes.constData(), &err);
					o.text = o.ok ? olc_dock_tr("Dock.Exported").arg(path) : QString::fromUtf8(err.text);
					return o;
				},
				[this](const Outcome &o) { report_->showResult(o.ok, o.text); });
		};
	}

	void refreshReport()
	{
		olc_report r = {};
		const bool ok = olc_sales_report(&r);
		report_->showReport(&r, olc_sales_running(), obs_get_locale());
		if (ok)
			olc_report_free(&r);
	}

	void refresh()
	{
		olc_countdown_view view = {};
		olc_countdown_host_view(&view);
		const long long left = (view.remaining_ms + 999) / 1000;
		live_->showCountdown(view.state == OLC_COUNTDOWN_RUNNING
					     ? QStringLiteral("%1:%2")
						       .arg(left / 60, 2, 10, QLatin1Char('0'))
						       .arg(left % 60, 2, 10, QLatin1Char('0'))
					     : QString());

		olc_snapshot *snap = olc_live_snapshot();
		if (snap) {
			live_->showSnapshot(snap, obs_get_locale());
			olc_error config = {};
			olc_live_config_error(&config);
			connection_->showStatus(snap, config.text, QDateTime::currentMSecsSinceEpoch());
			/* Kuaishou rotated its tokens: the form shows the new pair, not the dead one Test would
			 * send, unless the user is editing it (Save stays safe then; see followCredentials). */
			connection_->followCredentials(snap->credentials_revision, readConnection);
			olc_snapshot_release(snap);
		}
		/* The report is computed in memory; every 2 s is plenty, and only while it is looked at. */
		if (tabs_->currentWidget() == report_ && ++reportTicks_ % 4 == 1)
			refreshReport();
	}

	QTabWidget *tabs_;
	OlcLivePart *live_;
	OlcConnectionPart *connection_;
	OlcReportPart *report_;
	unsigned reportTicks_ = 0;
};

/* A first start shows the dock, docked: OBS adds a plugin's dock hidden and floating, and a user
 * who has just installed the plugin should not have to find it in the Docks menu. Once only (a flag
 * file in the module's config): after that OBS's own DockState remembers what the user chose. */
constexpr const char *kShownFlag = "dock-shown";
QPointer<QWidget> dock_widget;

void show_on_first_start(enum obs_frontend_event event, void *)
{
	/* OBS quitting before it finished loading: nothing to show, and no callback may outlive us. */
	if (event == OBS_FRONTEND_EVENT_EXIT)
		obs_frontend_remove_event_callback(show_on_first_start, nullptr);
	if (event != OBS_FRONTEND_EVENT_FINISHED_LOADING)
		return;
	obs_frontend_remove_event_callback(show_on_first_start, nullptr);
	QDockWidget *dock = dock_widget ? qobject_cast<QDockWidget *>(dock_widget->parentWidget()) : nullptr;
	if (!dock)
		return;
	dock->setFloating(false);
	dock->show();
	dock->raise();
	obs_log(LOG_INFO, "first start: showing the %s dock", OLC_DOCK_ID);
	QThread *thread = QThread::create([]() {
		char *path = obs_module_config_path(kShownFlag);
		char *dir = obs_module_config_path("");
		if (dir)
			os_mkdirs(dir);
		if (!path || !os_quick_write_utf8_file(path, "1\n", 2, false))
			obs_log(LOG_WARNING, "could not write %s: the dock will be shown again at the next start",
				kShownFlag);
		bfree(dir);
		bfree(path);
	});
	QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
	thread->start();
}

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
		return;
	}
	dock_widget = widget;
	/* One stat at module load, among the many files OBS reads then. */
	char *flag = obs_module_config_path(kShownFlag);
	const bool shown = flag && os_file_exists(flag);
	bfree(flag);
	if (!shown)
		obs_frontend_add_event_callback(show_on_first_start, nullptr);
}
