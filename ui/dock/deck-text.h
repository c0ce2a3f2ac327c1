/* Words and log lines of the dock's Deck part. In OBS they come from obs_module_text() and go to
 * OBS's log (deck-obs.cpp); the dock's tests read data/locale/en-US.ini themselves, so the panel's
 * code is the same in both. UI thread for olc_deck_text; olc_deck_log from any thread. */
#pragma once

#include <QString>

QString olc_deck_text(const char *key);
void olc_deck_log(const QString &message);
/* The language prices are written in ("zh-CN"): OBS's own in OBS. */
QString olc_deck_language();
