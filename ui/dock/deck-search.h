/* The dock's catalog search: every product gets a search key once per catalog revision (its
 * title, id, SKU and tags lower-cased, and the title's pinyin in full and as initials), and each
 * query then only filters those keys in memory, so typing stays instant on 10 000 products:
 * "songrong", "SongRong", "sr" and "松" all find 松茸. The products carry no SKU of their own
 * (core/model/product.h), so the id stands for it.
 * OlcCatalogIndex is immutable once built: build it on a worker (pinyin takes a while on a big
 * catalog), hand it to the UI thread, query it from any thread. */
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

struct olc_pinyin;

/* What the catalog view shows and searches of one product. */
struct OlcCatalogEntry {
	QString id;
	QString title;
	QStringList tags;
	int64_t price_minor = 0;
	QString currency; /* ISO 4217 */
	bool price_from = false; /* the lowest of SKUs that differ: shown "from ¥128.50" */
	bool has_stock = false;
	int64_t stock = 0;
	QString image_url; /* "" when the product has none */
};

/* Toneless pinyin for Han characters, one transliteration per distinct character (a catalog
 * repeats a few thousand of them), through runtime/pinyin.h. Without ICU it gives nothing and
 * available() is false. One thread at a time. */
class OlcPinyin {
      public:
	OlcPinyin();
	~OlcPinyin();
	OlcPinyin(const OlcPinyin &) = delete;
	OlcPinyin &operator=(const OlcPinyin &) = delete;

	bool available() const { return p_ != nullptr; }
	/* Why there is no pinyin, in plain words ("" when there is). */
	const QString &why() const { return why_; }
	/* text's pinyin, lower-case ASCII without spaces ("松茸 500g" -> "songrong500g"), and its
	 * initials (one letter per Han syllable and per other word: "sr5"). */
	void keys(const QString &text, QString *full, QString *initials);

      private:
	QString syllable(char16_t han);
	olc_pinyin *p_ = nullptr;
	QString why_;
	QHash<char16_t, QString> cache_;
};

class OlcCatalogIndex {
      public:
	/* Builds the keys of every entry. pinyin may be nullptr (no pinyin keys). */
	static std::shared_ptr<const OlcCatalogIndex> build(std::vector<OlcCatalogEntry> entries, OlcPinyin *pinyin);

	const std::vector<OlcCatalogEntry> &entries() const { return entries_; }
	/* The entry with this id, or nullptr. */
	const OlcCatalogEntry *find(const QString &id) const;
	/* The positions of the entries matching query, in catalog order: every word of the query
	 * (split at spaces) is in the title, id, a tag, the pinyin or its initials, ignoring case.
	 * An empty query matches all. */
	std::vector<int> search(const QString &query) const;

      private:
	struct Key {
		QString text;     /* title, id and tags, lower-case, "\n" between them */
		QString pinyin;   /* the title's full pinyin */
		QString initials; /* the title's initials */
	};
	std::vector<OlcCatalogEntry> entries_;
	std::vector<Key> keys_;
	QHash<QString, int> by_id_;
};
