/* The Deck part's store and catalog in OBS: thin adapters over runtime/decks.h (branch deck) and
 * the live session's snapshots. CMakeLists.txt builds this into the module once runtime/decks.h
 * is in the tree; the dock's tests use tests/dock/memory-store.cpp instead. */
#include "dock/deck-store.h"

#include <cstdlib>

#ifdef OLC_HAVE_FRONTEND
#include <obs-frontend-api.h>
#include <util/bmem.h>
#endif

extern "C" {
#include "runtime/decks.h"
#include "runtime/live-session.h"
}

namespace {

class RuntimeStore : public OlcDeckStore {
      public:
	QStringList names() override
	{
		size_t count = 0;
		char **names = olc_decks_names(&count);
		QStringList out;
		for (size_t i = 0; i < count; i++)
			out << QString::fromUtf8(names[i]);
		olc_decks_names_free(names, count);
		return out;
	}

	QString activeName() override
	{
		char *name = olc_decks_active_name();
		const QString out = QString::fromUtf8(name ? name : "");
		free(name);
		return out;
	}

	bool get(const QString &name, olc_deck *out) override { return olc_decks_get(name.toUtf8().constData(), out); }

	bool put(const olc_deck &deck, QString *error) override
	{
		olc_error err = {};
		const bool ok = olc_decks_put(&deck, &err);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}

	bool select(const QString &name, QString *error) override
	{
		olc_error err = {};
		const bool ok = olc_decks_select(name.toUtf8().constData(), &err);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}

	bool remove(const QString &name, QString *error) override
	{
		olc_error err = {};
		const bool ok = olc_decks_remove(name.toUtf8().constData(), &err);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}

	bool rename(const QString &from, const QString &to, QString *error) override
	{
		olc_error err = {};
		const bool ok = olc_decks_rename(from.toUtf8().constData(), to.toUtf8().constData(), &err);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}

	QString saveError() override
	{
		olc_error err = {};
		olc_decks_save_error(&err);
		return QString::fromUtf8(err.text);
	}

	bool readFile(const QString &path, const QString &name, olc_deck *out, QList<OlcDeckProblem> *problems,
		      QString *error) override
	{
		olc_deck_problems found = {};
		olc_error err = {};
		const QByteArray n = name.toUtf8();
		const bool ok = olc_decks_read_file(path.toUtf8().constData(), name.isEmpty() ? nullptr : n.constData(),
						    out, &found, &err);
		for (size_t i = 0; i < found.count; i++)
			problems->append({found.items[i].row, QString::fromUtf8(found.items[i].error)});
		olc_deck_problems_free(&found);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}

	bool writeFile(const olc_deck &deck, const QString &path, const QString &format, QString *error) override
	{
		olc_error err = {};
		const bool ok =
			olc_decks_write_file(&deck, path.toUtf8().constData(), format.toUtf8().constData(), &err);
		if (!ok && error)
			*error = QString::fromUtf8(err.text);
		return ok;
	}
};

class RuntimeCatalog : public OlcDeckCatalogSource {
      public:
	uint64_t revision() override
	{
		olc_snapshot *snap = olc_live_snapshot();
		const uint64_t revision = snap ? snap->catalog_revision : 0;
		olc_snapshot_release(snap);
		return revision;
	}

	void entries(uint64_t *revision, std::vector<OlcCatalogEntry> *out) override
	{
		out->clear();
		*revision = 0;
		olc_snapshot *snap = olc_live_snapshot();
		if (!snap)
			return;
		*revision = snap->catalog_revision;
		out->reserve(snap->catalog.count);
		for (size_t i = 0; i < snap->catalog.count; i++) {
			const olc_product &p = snap->catalog.products[i];
			OlcCatalogEntry e;
			e.id = QString::fromUtf8(p.id);
			e.title = QString::fromUtf8(p.title);
			for (size_t t = 0; t < p.tag_count; t++)
				e.tags << QString::fromUtf8(p.tags[t]);
			e.price_minor = p.price.minor;
			e.currency = QString::fromUtf8(p.price.currency);
			e.price_from = p.price_from;
			e.has_stock = p.has_stock;
			e.stock = p.stock;
			e.image_url = QString::fromUtf8(p.image_url ? p.image_url : "");
			out->push_back(std::move(e));
		}
		olc_snapshot_release(snap);
	}

	QString currency() override
	{
		olc_snapshot *snap = olc_live_snapshot();
		const QString currency = snap && snap->currency[0] ? QString::fromUtf8(snap->currency) : QStringLiteral("CNY");
		olc_snapshot_release(snap);
		return currency;
	}

	QStringList sceneNames() override
	{
		QStringList out;
#ifdef OLC_HAVE_FRONTEND
		char **names = obs_frontend_get_scene_names();
		for (char **n = names; n && *n; n++)
			out << QString::fromUtf8(*n);
		bfree(names);
#endif
		return out;
	}
};

} // namespace

std::unique_ptr<OlcDeckStore> olc_deck_store_runtime()
{
	return std::make_unique<RuntimeStore>();
}

std::unique_ptr<OlcDeckCatalogSource> olc_deck_catalog_runtime()
{
	return std::make_unique<RuntimeCatalog>();
}

#include "dock/deck-panel.h"

OlcDeckPanel::OlcDeckPanel(QWidget *parent) : OlcDeckPanel(olc_deck_store_runtime(), olc_deck_catalog_runtime(), parent)
{
}
