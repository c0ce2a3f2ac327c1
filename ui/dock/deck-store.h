/* What the Deck part reads and changes, behind two small interfaces so its widgets and their
 * tests do not depend on where decks live: in OBS, the named decks of runtime/decks.h and the
 * live session's catalog (deck-store-runtime.cpp); in the dock's tests, an in-memory store
 * (tests/dock/memory-store.cpp) with real deck files.
 * Every function is quick (memory only) and called on the UI thread, except readFile and
 * writeFile, which touch the disk and are called on a worker only. */
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

#include "dock/deck-search.h"

extern "C" {
#include "runtime/live-session.h" /* struct olc_deck (core/model/deck.h) */
}

/* One bad row of an imported file: row 1 is the header line of a CSV; 0 when the problem is
 * the whole file's. */
struct OlcDeckProblem {
	size_t row = 0;
	QString error;
};

class OlcDeckStore {
      public:
	virtual ~OlcDeckStore() = default;
	/* The decks' names, sorted. */
	virtual QStringList names() = 0;
	/* The active deck's name ("" when none). */
	virtual QString activeName() = 0;
	/* A copy of the deck called name into *out (initialised by the caller). */
	virtual bool get(const QString &name, olc_deck *out) = 0;
	/* Stores a copy (saved on the store's own thread); error says why it was refused. */
	virtual bool put(const olc_deck &deck, QString *error) = 0;
	virtual bool select(const QString &name, QString *error) = 0;
	virtual bool remove(const QString &name, QString *error) = 0;
	virtual bool rename(const QString &from, const QString &to, QString *error) = 0;
	/* The last save that failed, in plain words ("" when every save worked). */
	virtual QString saveError() = 0;
	/* BLOCKING, worker only: reads a .json or .csv deck file named name ("" : from the file's
	 * name). On refusal, problems lists the bad rows (or error says what is wrong). */
	virtual bool readFile(const QString &path, const QString &name, olc_deck *out, QList<OlcDeckProblem> *problems,
			      QString *error) = 0;
	/* BLOCKING, worker only: writes the deck as format "csv" or "json", atomically. */
	virtual bool writeFile(const olc_deck &deck, const QString &path, const QString &format, QString *error) = 0;
};

/* The shop's products and OBS's scenes, as the Deck part shows them. UI thread. */
class OlcDeckCatalogSource {
      public:
	virtual ~OlcDeckCatalogSource() = default;
	/* The catalog's revision now: cheap, for the UI thread's refresh (twice a second). */
	virtual uint64_t revision() = 0;
	/* The products of the newest catalog into *out, and its revision into *revision. Copies every
	 * product (100,000 of them take tens of milliseconds), so the panel calls it on its worker:
	 * any thread. */
	virtual void entries(uint64_t *revision, std::vector<OlcCatalogEntry> *out) = 0;
	/* The shop's currency (the default currency of a new deck). */
	virtual QString currency() = 0;
	/* The scene names an item may be tied to. */
	virtual QStringList sceneNames() = 0;
};

/* The real ones, over runtime/decks.h and runtime/live-session.h (deck-store-runtime.cpp). */
std::unique_ptr<OlcDeckStore> olc_deck_store_runtime();
std::unique_ptr<OlcDeckCatalogSource> olc_deck_catalog_runtime();
