/* See frontend-present.h. The OBS frontend is a QApplication (widgets); bare libobs has none, or
 * a QGuiApplication made by a test for the card rasteriser. */
#include "runtime/frontend-present.h"

#include <QApplication>

extern "C" bool olc_frontend_present(void)
{
	return qobject_cast<QApplication *>(QCoreApplication::instance()) != nullptr;
}
