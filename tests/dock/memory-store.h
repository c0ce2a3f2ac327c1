// The dock's tests' deck store: named decks in memory (as runtime/decks.h keeps them), files read
// and written for real with core/model/deck-json.h. CSV files are branch deck's
// (core/model/deck-csv.h); this store refuses them in plain words.
#pragma once

#include <QMap>

#include "dock/deck-model.h"
#include "dock/deck-store.h"

class MemoryStore : public OlcDeckStore {
      public:
	QStringList names() override;
	QString activeName() override { return active_; }
	bool get(const QString &name, olc_deck *out) override;
	bool put(const olc_deck &deck, QString *error) override;
	bool select(const QString &name, QString *error) override;
	bool remove(const QString &name, QString *error) override;
	bool rename(const QString &from, const QString &to, QString *error) override;
	QString saveError() override { return QString(); }
	bool readFile(const QString &path, const QString &name, olc_deck *out, QList<OlcDeckProblem> *problems,
		      QString *error) override;
	bool writeFile(const olc_deck &deck, const QString &path, const QString &format, QString *error) override;

	/* How many times put was called: every edit reaches the store. */
	int puts = 0;

      private:
	QMap<QString, OlcDeckValue> decks_;
	QString active_;
};

// The catalog and scenes a test gives the panel.
class ListCatalog : public OlcDeckCatalogSource {
      public:
	bool poll(uint64_t known, uint64_t *revision, std::vector<OlcCatalogEntry> *out) override
	{
		if (known == revision_)
			return false;
		*revision = revision_;
		*out = entries;
		return true;
	}
	QString currency() override { return QStringLiteral("CNY"); }
	QStringList sceneNames() override { return scenes; }
	void changed() { revision_++; }

	std::vector<OlcCatalogEntry> entries;
	QStringList scenes;

      private:
	uint64_t revision_ = 1;
};
