// The QGuiApplication the product card's rasteriser needs. In OBS the frontend owns one; a test
// program that loads the module into bare libobs must make its own, on the main thread, before
// the module's first raster. The offscreen platform is enough: no window is ever shown.
#include "qt-app.h"

#include <QByteArray>
#include <QGuiApplication>

namespace {
int app_argc = 1;
char app_name[] = "olc-render-tests";
char *app_argv[] = {app_name, nullptr};
QGuiApplication *app = nullptr;
} // namespace

extern "C" bool rt_qt_start(void)
{
	if (app)
		return true;
	if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
		qputenv("QT_QPA_PLATFORM", QByteArray("offscreen"));
	app = new QGuiApplication(app_argc, app_argv);
	return app != nullptr;
}

extern "C" void rt_qt_stop(void)
{
	delete app;
	app = nullptr;
}
