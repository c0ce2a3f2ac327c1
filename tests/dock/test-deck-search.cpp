// The catalog search's index (ui/dock/deck-search.h) on 10 000 products with Chinese titles:
// title, id, tag and pinyin (full and initials, any case) match; what is not there does not.
#include <gtest/gtest.h>

#include <set>

#include "dock/deck-search.h"
#include "sample-catalog.h"

namespace {

std::set<QString> ids(const OlcCatalogIndex &index, const std::vector<int> &rows)
{
	std::set<QString> out;
	for (int r : rows)
		out.insert(index.entries()[size_t(r)].id);
	return out;
}

std::set<QString> with_title(const OlcCatalogIndex &index, const QString &part)
{
	std::set<QString> out;
	for (const OlcCatalogEntry &e : index.entries()) {
		if (e.title.contains(part))
			out.insert(e.id);
	}
	return out;
}

class DeckSearch : public testing::Test {
      protected:
	static void SetUpTestSuite()
	{
		pinyin = new OlcPinyin();
		index = OlcCatalogIndex::build(olc_sample_catalog(10000), pinyin);
	}
	static void TearDownTestSuite()
	{
		index.reset();
		delete pinyin;
	}
	static OlcPinyin *pinyin;
	static std::shared_ptr<const OlcCatalogIndex> index;
};
OlcPinyin *DeckSearch::pinyin;
std::shared_ptr<const OlcCatalogIndex> DeckSearch::index;

} // namespace

TEST_F(DeckSearch, IcuIsFoundInTheProcess)
{
	// Qt links ICU in Debian; the transliterator is found at run time whatever its version suffix.
	EXPECT_TRUE(pinyin->available()) << pinyin->why().toStdString();
	QString full, initials;
	pinyin->keys(QStringLiteral("云南松茸 500g"), &full, &initials);
	EXPECT_EQ(full, QStringLiteral("yunnansongrong500g"));
	EXPECT_EQ(initials, QStringLiteral("ynsr5"));
}

TEST_F(DeckSearch, PinyinFullInitialsAnyCaseAndHanFindSongrong)
{
	const std::set<QString> songrong = with_title(*index, QStringLiteral("松茸"));
	ASSERT_EQ(songrong.size(), 10000u / 7 + 1);
	for (const char *query : {"songrong", "SongRong", "松", "松茸", "sr", "song rong"})
		EXPECT_EQ(ids(*index, index->search(QString::fromUtf8(query))), songrong) << query;
	EXPECT_TRUE(index->search(QStringLiteral("xyz")).empty());
}

TEST_F(DeckSearch, IdTagAndSeveralWords)
{
	EXPECT_EQ(ids(*index, index->search(QStringLiteral("P01234"))), (std::set<QString>{QStringLiteral("p01234")}));
	const std::vector<int> tagged = index->search(QStringLiteral("包邮"));
	EXPECT_EQ(tagged.size(), 2500u);
	for (int r : tagged)
		EXPECT_TRUE(index->entries()[size_t(r)].tags.contains(QStringLiteral("包邮")));
	// Every word must match: 松茸 in 云南 only.
	const std::vector<int> both = index->search(QStringLiteral("yunnan sr"));
	EXPECT_FALSE(both.empty());
	for (int r : both) {
		EXPECT_TRUE(index->entries()[size_t(r)].title.startsWith(QStringLiteral("云南")));
		EXPECT_TRUE(index->entries()[size_t(r)].title.contains(QStringLiteral("松茸")));
	}
	EXPECT_EQ(index->search(QString()).size(), 10000u);
	EXPECT_EQ(index->find(QStringLiteral("p00003"))->title.contains(QStringLiteral("松茸")), true);
	EXPECT_EQ(index->find(QStringLiteral("nope")), nullptr);
}
