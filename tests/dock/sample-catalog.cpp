#include "sample-catalog.h"

std::vector<OlcCatalogEntry> olc_sample_catalog(int n)
{
	/* Words chosen so that no pair but 松茸 reads "songrong" or "sr" in pinyin. */
	static const char *const places[] = {"云南", "东北", "贵州", "新疆", "福建", "山东"};
	static const char *const kinds[] = {"野生", "有机", "农家", "高山", "新鲜"};
	static const char *const goods[] = {"黑木耳", "蜂蜜", "红枣", "核桃", "茶叶", "小米", "枸杞"};
	static const char *const packs[] = {"礼盒", "家庭装", "500g", "1kg", "特惠装"};
	static const char *const tags[] = {"特产", "包邮", "新品", "热卖"};
	std::vector<OlcCatalogEntry> out;
	out.reserve(size_t(n));
	for (int i = 0; i < n; i++) {
		OlcCatalogEntry e;
		e.id = QStringLiteral("p%1").arg(i, 5, 10, QLatin1Char('0'));
		const QString good = i % 7 == 3 ? QStringLiteral("松茸") : QString::fromUtf8(goods[i % 7]);
		e.title = QString::fromUtf8(places[i % 6]) + QString::fromUtf8(kinds[(i / 6) % 5]) + good +
			  QString::fromUtf8(packs[(i / 30) % 5]);
		e.tags << QString::fromUtf8(tags[i % 4]);
		e.price_minor = 990 + (i % 200) * 100;
		e.currency = QStringLiteral("CNY");
		e.has_stock = i % 3 != 0;
		e.stock = i % 50;
		out.push_back(std::move(e));
	}
	return out;
}
