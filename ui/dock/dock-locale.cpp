/* The dock's words from the module's locale files (see dock-text.h). Module only: the widget tests
 * read data/locale/en-US.ini themselves. */
#include "dock/dock-text.h"

#include <obs-module.h>

QString olc_dock_tr(const char *key)
{
	return QString::fromUtf8(obs_module_text(key));
}
