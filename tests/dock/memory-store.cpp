#include "memory-store.h"

#include <QFileInfo>

extern "C" {
#include "core/model/deck-json.h"
}

QStringList MemoryStore::names()
{
	return decks_.keys(); /* QMap: sorted */
}

bool MemoryStore::get(const QString &name, olc_deck *out)
{
	auto it = decks_.constFind(name);
	return it != decks_.constEnd() && olc_deck_copy(out, &it->d);
}

bool MemoryStore::put(const olc_deck &deck, QString *error)
{
	if (!deck.name || !*deck.name) {
		*error = QStringLiteral("a deck needs a name");
		return false;
	}
	OlcDeckValue copy;
	if (!olc_deck_copy(&copy.d, &deck)) {
		*error = QStringLiteral("out of memory");
		return false;
	}
	decks_[QString::fromUtf8(deck.name)] = copy;
	puts++;
	return true;
}

bool MemoryStore::select(const QString &name, QString *error)
{
	if (!decks_.contains(name)) {
		*error = QStringLiteral("there is no deck called %1").arg(name);
		return false;
	}
	active_ = name;
	return true;
}

bool MemoryStore::remove(const QString &name, QString *error)
{
	if (!decks_.remove(name)) {
		*error = QStringLiteral("there is no deck called %1").arg(name);
		return false;
	}
	if (active_ == name)
		active_.clear();
	return true;
}

bool MemoryStore::rename(const QString &from, const QString &to, QString *error)
{
	if (!decks_.contains(from) || decks_.contains(to)) {
		*error = QStringLiteral("cannot rename %1 to %2").arg(from, to);
		return false;
	}
	OlcDeckValue deck = decks_.take(from);
	olc_error err = {};
	olc_deck_set_name(&deck.d, to.toUtf8().constData(), &err);
	decks_[to] = deck;
	if (active_ == from)
		active_ = to;
	return true;
}

bool MemoryStore::readFile(const QString &path, const QString &name, olc_deck *out, QList<OlcDeckProblem> *problems,
			   QString *error)
{
	if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
		problems->append({0, QStringLiteral("only JSON decks can be read here")});
		return false;
	}
	olc_error err = {};
	if (!olc_deck_json_load(path.toUtf8().constData(), out, &err)) {
		problems->append({0, QString::fromUtf8(err.text)});
		*error = QString::fromUtf8(err.text);
		return false;
	}
	const QString n = name.isEmpty() ? QFileInfo(path).completeBaseName() : name;
	return olc_deck_set_name(out, n.toUtf8().constData(), &err);
}

bool MemoryStore::writeFile(const olc_deck &deck, const QString &path, const QString &format, QString *error)
{
	if (format != QStringLiteral("json")) {
		*error = QStringLiteral("only JSON decks can be written here");
		return false;
	}
	olc_error err = {};
	if (!olc_deck_json_save(&deck, path.toUtf8().constData(), &err)) {
		*error = QString::fromUtf8(err.text);
		return false;
	}
	return true;
}
