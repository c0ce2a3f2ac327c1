/* deck-text.h in OBS: the module's locale files and OBS's log. */
#include "dock/deck-text.h"

#include <obs-module.h>

extern "C" {
#include "plugin-support.h"
}

QString olc_deck_text(const char *key)
{
	return QString::fromUtf8(obs_module_text(key));
}

void olc_deck_log(const QString &message)
{
	obs_log(LOG_INFO, "%s", message.toUtf8().constData());
}

QString olc_deck_language()
{
	return QString::fromUtf8(obs_get_locale());
}
