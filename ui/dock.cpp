/* The "Live Commerce" dock: where the host or a helper works during a stream. For now it
 * says what the plugin offers and which sources exist; the shop, deck and featuring
 * controls arrive with the shop connection. */
#include "dock.h"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QVBoxLayout>
#include <QWidget>

extern "C" {
#include "plugin-support.h"
#include "settings-keys.h"
}

namespace {

QWidget *make_dock_widget(QWidget *parent)
{
	auto *widget = new QWidget(parent);
	widget->setObjectName(QStringLiteral(OLC_DOCK_ID));
	auto *layout = new QVBoxLayout(widget);

	auto *title = new QLabel(QString::fromUtf8(obs_module_text("Dock.Heading")), widget);
	QFont font = title->font();
	font.setBold(true);
	title->setFont(font);
	layout->addWidget(title);

	auto *hint = new QLabel(QString::fromUtf8(obs_module_text("Dock.Hint")), widget);
	hint->setWordWrap(true);
	layout->addWidget(hint);

	auto *version = new QLabel(QStringLiteral("v%1").arg(QString::fromUtf8(PLUGIN_VERSION)), widget);
	version->setEnabled(false);
	layout->addWidget(version);
	layout->addStretch(1);
	return widget;
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

	QWidget *widget = make_dock_widget(main_window);
	if (!obs_frontend_add_dock_by_id(OLC_DOCK_ID, T_DOCK_TITLE, widget)) {
		obs_log(LOG_WARNING, "could not add the %s dock", OLC_DOCK_ID);
		delete widget;
	}
}
