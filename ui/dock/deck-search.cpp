#include "dock/deck-search.h"

#include <iterator>

extern "C" {
#include "runtime/pinyin.h"
}

OlcPinyin::OlcPinyin()
{
	char why[256] = "";
	p_ = olc_pinyin_open(why, sizeof(why));
	why_ = QString::fromUtf8(why);
}

OlcPinyin::~OlcPinyin()
{
	olc_pinyin_close(p_);
}

QString OlcPinyin::syllable(char16_t han)
{
	auto found = cache_.constFind(han);
	if (found != cache_.constEnd())
		return *found;

	QString out;
	if (p_) {
		/* One Han character becomes at most a syllable of six letters and a space or two. */
		uint16_t buf[32] = {han};
		const int len = olc_pinyin_transliterate(p_, buf, 1, int(std::size(buf)));
		for (int i = 0; i < len; i++) {
			const char16_t c = buf[i];
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				out += QChar(c);
			else if (c >= 'A' && c <= 'Z')
				out += QChar(c - 'A' + 'a');
		}
	}
	cache_.insert(han, out);
	return out;
}

void OlcPinyin::keys(const QString &text, QString *full, QString *initials)
{
	full->clear();
	initials->clear();
	bool in_word = false; /* inside a run of Latin letters or digits */
	for (const QChar c : text) {
		if (c.script() == QChar::Script_Han) {
			const QString s = syllable(c.unicode());
			if (!s.isEmpty()) {
				*full += s;
				*initials += s.at(0);
			}
			in_word = false;
		} else if (c.isLetterOrNumber()) {
			const QChar lower = c.toLower();
			*full += lower;
			if (!in_word)
				*initials += lower;
			in_word = true;
		} else {
			in_word = false;
		}
	}
}

std::shared_ptr<const OlcCatalogIndex> OlcCatalogIndex::build(std::vector<OlcCatalogEntry> entries, OlcPinyin *pinyin)
{
	auto index = std::make_shared<OlcCatalogIndex>();
	index->keys_.resize(entries.size());
	for (size_t i = 0; i < entries.size(); i++) {
		const OlcCatalogEntry &e = entries[i];
		Key &key = index->keys_[i];
		key.text = e.title.toLower();
		key.text += QLatin1Char('\n');
		key.text += e.id.toLower();
		for (const QString &tag : e.tags) {
			key.text += QLatin1Char('\n');
			key.text += tag.toLower();
		}
		if (pinyin && pinyin->available())
			pinyin->keys(e.title, &key.pinyin, &key.initials);
	}
	index->by_id_.reserve(int(entries.size()));
	for (size_t i = 0; i < entries.size(); i++)
		index->by_id_.insert(entries[i].id, int(i));
	index->entries_ = std::move(entries);
	return index;
}

std::vector<int> OlcCatalogIndex::search(const QString &query) const
{
	const QStringList words = query.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
	std::vector<int> found;
	found.reserve(words.isEmpty() ? keys_.size() : 64);
	for (size_t i = 0; i < keys_.size(); i++) {
		const Key &key = keys_[i];
		bool all = true;
		for (const QString &w : words) {
			if (!key.text.contains(w) && !key.pinyin.contains(w) && !key.initials.contains(w)) {
				all = false;
				break;
			}
		}
		if (all)
			found.push_back(int(i));
	}
	return found;
}

const OlcCatalogEntry *OlcCatalogIndex::find(const QString &id) const
{
	auto it = by_id_.constFind(id);
	return it == by_id_.constEnd() ? nullptr : &entries_[size_t(*it)];
}
