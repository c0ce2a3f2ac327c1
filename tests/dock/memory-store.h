// The dock's tests' deck store: named decks in memory (as runtime/decks.h keeps them), files read
// and written for real with core/model/deck-json.h. CSV files are branch deck's
// (core/model/deck-csv.h); this store refuses them in plain words.
#pragma once

#include <mutex>

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
	uint64_t revision() override
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return revision_;
	}
	void entries(uint64_t *revision, std::vector<OlcCatalogEntry> *out) override
	{
		std::lock_guard<std::mutex> lock(mutex_);
		*revision = revision_;
		*out = entries_;
	}
	QString currency() override { return QStringLiteral("CNY"); }
	QStringList sceneNames() override { return scenes; }
	std::vector<OlcCatalogEntry> list()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return entries_;
	}
	// A new catalog, as the shop would send it (the panel reads it on its worker).
	void set(std::vector<OlcCatalogEntry> list)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		entries_ = std::move(list);
		revision_++;
	}

	QStringList scenes;

      private:
	std::mutex mutex_;
	std::vector<OlcCatalogEntry> entries_;
	uint64_t revision_ = 1;
};
