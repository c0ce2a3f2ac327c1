// The dock's parts (ui/dock/connection-part.cpp, live-part.cpp, report-part.cpp) as real widgets on
// Qt's offscreen platform, with the dock's real en-US words (data/locale/en-US.ini): the connection
// form is built from the core's provider table, secrets are masked until shown, the status says
// times as people do, and the live part shows the counters, orders and warnings a snapshot holds.
#include <gtest/gtest.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextStream>
#include <QToolButton>
#include <QTreeWidget>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "dock/connection-part.h"
#include "dock/dock-text.h"
#include "dock/live-part.h"
#include "dock/report-part.h"

extern "C" {
#include "core/base/text.h"
}

// The module takes the dock's words from obs_module_text; here they come from the same file.
QString olc_dock_tr(const char *key)
{
	static QHash<QString, QString> strings;
	if (strings.isEmpty()) {
		QFile file(QStringLiteral(OLC_DATA_DIR "/locale/en-US.ini"));
		if (file.open(QIODevice::ReadOnly)) {
			QTextStream in(&file);
			in.setEncoding(QStringConverter::Utf8);
			while (!in.atEnd()) {
				const QString line = in.readLine();
				const int eq = line.indexOf(QLatin1Char('='));
				if (eq > 0 && line.endsWith(QLatin1Char('"')))
					strings.insert(line.left(eq), line.mid(eq + 2, line.size() - eq - 3));
			}
		}
	}
	const QString k = QString::fromUtf8(key);
	return strings.value(k, k);
}

namespace {

QStringList fieldKeysOf(const char *provider)
{
	QStringList keys;
	const olc_provider_form *form = olc_provider_form_find(provider);
	for (const olc_form_field *f = form->fields; f->key; f++)
		keys << QString::fromUtf8(f->key);
	return keys;
}

void chooseProvider(OlcConnectionPart &part, const char *provider)
{
	part.providerBox()->setCurrentIndex(part.providerBox()->findData(QString::fromUtf8(provider)));
}

// A snapshot as the session publishes one, built from the real model types.
struct Snapshot {
	olc_snapshot s{};
	Snapshot()
	{
		olc_catalog_init(&s.catalog);
		olc_deck_init(&s.deck);
		std::strcpy(s.currency, "CNY");
		std::strcpy(s.provider, "demo");
		s.revision = 1;
		s.catalog_revision = 1;
		s.featured_revision = 1;
	}
	~Snapshot()
	{
		olc_catalog_free(&s.catalog);
		olc_deck_free(&s.deck);
		for (size_t i = 0; i < s.recent_count; i++)
			olc_order_free(&s.recent[i]);
		delete[] s.recent;
		for (size_t i = 0; i < s.featured_count; i++)
			free(s.featured[i]);
	}
	void product(const char *id, const char *title, int64_t minor, int64_t stock)
	{
		olc_product p;
		olc_product_init(&p);
		olc_str_set(&p.id, id);
		olc_str_set(&p.title, title);
		olc_money_set(&p.price, minor, "CNY");
		p.has_stock = stock >= 0;
		p.stock = stock;
		olc_error err{};
		ASSERT_TRUE(olc_catalog_take(&s.catalog, &p, &err)) << err.text;
	}
	void orders(const std::vector<olc_order> &list)
	{
		s.recent = new olc_order[list.size()];
		for (size_t i = 0; i < list.size(); i++)
			s.recent[i] = list[i];
		s.recent_count = list.size();
	}
};

olc_order order(const char *product_id, int quantity, const char *buyer, const char *city, int64_t minor, bool test)
{
	olc_order o;
	olc_order_init(&o);
	olc_str_set(&o.id, "1");
	olc_str_set(&o.product_id, product_id);
	olc_str_set(&o.buyer, buyer);
	olc_str_set(&o.city, city);
	o.quantity = quantity;
	olc_money_set(&o.total, minor, "CNY");
	o.test = test;
	return o;
}

} // namespace

TEST(DockConnection, FormFollowsTheProviderTable)
{
	OlcConnectionPart part;
	size_t count = 0;
	const olc_provider_form *forms = olc_provider_forms(&count);
	ASSERT_EQ(part.providerBox()->count(), (int)count);
	const QStringList every = {"url", "key", "secret", "token", "api_version"};
	for (size_t i = 0; i < count; i++) {
		SCOPED_TRACE(forms[i].provider);
		chooseProvider(part, forms[i].provider);
		const QStringList keys = fieldKeysOf(forms[i].provider);
		for (const QString &key : every) {
			const QByteArray k = key.toUtf8();
			EXPECT_EQ(part.fieldEditor(k.constData()) != nullptr, keys.contains(key)) << k.constData();
		}
		// Secrets masked, with a toggle that shows and masks them again; other fields plain.
		for (const olc_form_field *f = forms[i].fields; f->key; f++) {
			QLineEdit *edit = part.fieldEditor(f->key);
			ASSERT_NE(edit, nullptr);
			if (f->kind != OLC_FORM_SECRET) {
				EXPECT_EQ(edit->echoMode(), QLineEdit::Normal) << f->key;
				EXPECT_EQ(part.showToggle(f->key), nullptr) << f->key;
				continue;
			}
			EXPECT_EQ(edit->echoMode(), QLineEdit::Password) << f->key;
			QToolButton *toggle = part.showToggle(f->key);
			ASSERT_NE(toggle, nullptr) << f->key;
			toggle->click();
			EXPECT_EQ(edit->echoMode(), QLineEdit::Normal) << f->key;
			toggle->click();
			EXPECT_EQ(edit->echoMode(), QLineEdit::Password) << f->key;
		}
	}
	// The demo shop asks for nothing.
	chooseProvider(part, "demo");
	EXPECT_EQ(part.fieldEditor("url"), nullptr);
}

TEST(DockConnection, SaveHandsOverWhatWasTypedKeptAcrossProviders)
{
	OlcConnectionPart part;
	std::vector<std::string> saved;
	int poll_ms = -1;
	part.onSave = [&](const olc_connection &c) {
		saved = {c.provider ? c.provider : "", c.url ? c.url : "", c.key ? c.key : "", c.secret ? c.secret : "",
			 c.token ? c.token : "(none)"};
		poll_ms = c.poll_ms;
	};
	chooseProvider(part, "json");
	part.fieldEditor("url")->setText(QStringLiteral("  https://shop.example.cn  "));
	part.fieldEditor("token")->setText(QStringLiteral("tok"));
	chooseProvider(part, "woocommerce");
	// The address typed for json is still there; the token is not a WooCommerce field.
	EXPECT_EQ(part.fieldEditor("url")->text(), QStringLiteral("  https://shop.example.cn  "));
	part.fieldEditor("key")->setText(QStringLiteral("ck_1"));
	part.fieldEditor("secret")->setText(QStringLiteral("cs_2"));
	part.pollBox()->setValue(2.5);
	part.saveButton()->click();
	EXPECT_EQ(saved, (std::vector<std::string>{"woocommerce", "https://shop.example.cn", "ck_1", "cs_2", "(none)"}));
	EXPECT_EQ(poll_ms, 2500);
	EXPECT_FALSE(part.saveButton()->isEnabled()) << "Save stays disabled until the worker answers";
	part.showResult(false, QStringLiteral("config folder full"));
	EXPECT_TRUE(part.saveButton()->isEnabled());
	EXPECT_EQ(part.resultLabel()->text(), QStringLiteral("✗ config folder full"));

	part.pollBox()->setValue(0.0);
	part.saveButton()->click();
	EXPECT_EQ(poll_ms, 0) << "0: the provider's default";
	part.showResult(true, QString());
	part.pollBox()->setValue(0.05);
	part.saveButton()->click();
	EXPECT_EQ(poll_ms, 100) << "never below the shortest interval allowed";
}

TEST(DockConnection, SetConnectionFillsTheForm)
{
	OlcConnectionPart part;
	olc_connection c;
	olc_connection_init(&c);
	c.provider = strdup("shopify");
	olc_connection_set_field(&c, "url", "https://x.myshopify.com");
	olc_connection_set_field(&c, "token", "shpat_secret");
	c.poll_ms = 3000;
	part.setConnection(&c);
	olc_connection_free(&c);
	EXPECT_EQ(part.providerBox()->currentData().toString(), QStringLiteral("shopify"));
	ASSERT_NE(part.fieldEditor("token"), nullptr);
	EXPECT_EQ(part.fieldEditor("token")->text(), QStringLiteral("shpat_secret"));
	EXPECT_EQ(part.fieldEditor("token")->echoMode(), QLineEdit::Password);
	EXPECT_EQ(part.fieldEditor("url")->text(), QStringLiteral("https://x.myshopify.com"));
	EXPECT_DOUBLE_EQ(part.pollBox()->value(), 3.0);
}

namespace {

// A Kuaishou connection as the session holds it, with this token pair.
olc_connection kuaishouPair(const char *access, const char *refresh)
{
	olc_connection c;
	olc_connection_init(&c);
	c.provider = strdup("kuaishou");
	olc_connection_set_field(&c, "key", "ks_app_key");
	olc_connection_set_field(&c, "secret", "ks_app_secret");
	olc_connection_set_field(&c, "sign_secret", "ks_sign_secret");
	olc_connection_set_field(&c, "token", access);
	olc_connection_set_field(&c, "refresh_token", refresh);
	c.poll_ms = 2000;
	return c;
}

// The session's connection as the dock reads it after a rotation, counting the reads.
struct SessionConnection {
	std::string access, refresh;
	int reads = 0;
	std::function<bool(olc_connection *)> reader()
	{
		return [this](olc_connection *out) {
			reads++;
			olc_connection c = kuaishouPair(access.c_str(), refresh.c_str());
			olc_connection_free(out);
			*out = c;
			return true;
		};
	}
};

std::string text(OlcConnectionPart &part, const char *key)
{
	QLineEdit *edit = part.fieldEditor(key);
	return edit ? edit->text().toStdString() : "(no field)";
}

} // namespace

TEST(DockConnection, UnsavedEditsAreWhatDiffersFromTheLoadedConnection)
{
	OlcConnectionPart part;
	EXPECT_FALSE(part.hasUnsavedEdits()) << "an empty form holds nothing to lose";
	olc_connection c = kuaishouPair("ks_at_1", "ks_rt_1");
	part.setConnection(&c);
	EXPECT_FALSE(part.hasUnsavedEdits());

	part.fieldEditor("sign_secret")->insert(QStringLiteral("9"));
	EXPECT_TRUE(part.hasUnsavedEdits()) << "a field typed in";
	part.fieldEditor("sign_secret")->backspace();
	EXPECT_FALSE(part.hasUnsavedEdits()) << "typed, then taken back: nothing to lose";
	part.fieldEditor("refresh_token")->setText("ks_rt_typed");
	EXPECT_TRUE(part.hasUnsavedEdits());
	part.setConnection(&c);
	EXPECT_FALSE(part.hasUnsavedEdits()) << "setConnection clears them";
	EXPECT_EQ(text(part, "refresh_token"), "ks_rt_1");

	part.pollBox()->setValue(5.0);
	EXPECT_TRUE(part.hasUnsavedEdits()) << "another poll interval";
	part.setConnection(&c);
	chooseProvider(part, "shopify");
	EXPECT_TRUE(part.hasUnsavedEdits()) << "another provider";
	part.setConnection(&c);
	EXPECT_FALSE(part.hasUnsavedEdits());
	EXPECT_EQ(part.providerBox()->currentData().toString(), QStringLiteral("kuaishou"));
	olc_connection_free(&c);
}

TEST(DockConnection, RotatedTokensReloadTheFormUnlessTheUserIsEditingIt)
{
	OlcConnectionPart part;
	olc_connection loaded = kuaishouPair("ks_at_1", "ks_rt_1");
	part.setConnection(&loaded);
	olc_connection_free(&loaded);
	SessionConnection session{"ks_at_2", "ks_rt_2"};

	// No rotation yet (revision 0, as the session starts): nothing is read.
	EXPECT_FALSE(part.followCredentials(0, session.reader()));
	EXPECT_EQ(session.reads, 0);

	// The shop rotated the pair: the form shows the new one, in the same editors (a user who has
	// the cursor in a field keeps it there), and Test sends it.
	part.fieldEditor("refresh_token")->setProperty("olcTestMark", 7);
	EXPECT_TRUE(part.followCredentials(1, session.reader()));
	EXPECT_EQ(session.reads, 1);
	EXPECT_EQ(text(part, "refresh_token"), "ks_rt_2");
	EXPECT_EQ(text(part, "token"), "ks_at_2");
	EXPECT_EQ(part.fieldEditor("refresh_token")->property("olcTestMark").toInt(), 7);
	EXPECT_EQ(part.fieldEditor("refresh_token")->echoMode(), QLineEdit::Password);
	EXPECT_FALSE(part.hasUnsavedEdits());
	std::string tested;
	part.onTest = [&](const olc_connection &c) { tested = c.refresh_token ? c.refresh_token : ""; };
	part.testButton()->click();
	EXPECT_EQ(tested, "ks_rt_2");
	part.showResult(true, QString());

	// The same revision again (every refresh of the dock): no read, no reload.
	EXPECT_FALSE(part.followCredentials(1, session.reader()));
	EXPECT_EQ(session.reads, 1);

	// The user is typing the app secret when the next rotation comes: the form is left alone, the
	// typed text and the rest alike (Save stays safe: the session keeps the pair it rotated to).
	part.fieldEditor("secret")->setText("ks_app_secret_new");
	session.access = "ks_at_3";
	session.refresh = "ks_rt_3";
	EXPECT_FALSE(part.followCredentials(2, session.reader()));
	EXPECT_EQ(session.reads, 1) << "the session is not even asked";
	EXPECT_EQ(text(part, "secret"), "ks_app_secret_new");
	EXPECT_EQ(text(part, "refresh_token"), "ks_rt_2");
	EXPECT_TRUE(part.hasUnsavedEdits());

	// Once the edit is taken back, the rotation it missed is followed.
	part.fieldEditor("secret")->setText("ks_app_secret");
	EXPECT_TRUE(part.followCredentials(2, session.reader()));
	EXPECT_EQ(text(part, "refresh_token"), "ks_rt_3");
	EXPECT_EQ(text(part, "token"), "ks_at_3");
}

TEST(DockConnection, StatusSaysStateTimesAndErrors)
{
	OlcConnectionPart part;
	Snapshot snap;
	const int64_t now = 1764800000000;
	snap.s.state = OLC_CONN_ERROR;
	snap.s.last_success_ms = now - 12400;
	snap.s.next_retry_ms = now + 4000;
	char error[] = "the shop answered HTTP 500";
	snap.s.error = error;
	part.showStatus(&snap.s, "connection.json: disk full", now);
	EXPECT_EQ(part.stateLabel()->text(), QStringLiteral("Error, retrying · demo shop · 0 products"));
	EXPECT_EQ(part.syncLabel()->text(), QStringLiteral("Last sync: 12 s ago"));
	EXPECT_EQ(part.errorLabel()->text(),
		  QStringLiteral("Last error: the shop answered HTTP 500; connection.json: disk full"));
	EXPECT_EQ(olc_dock_relative_time(now + 4000, now), QStringLiteral("in 4 s"));
	EXPECT_EQ(olc_dock_relative_time(now - 180000, now), QStringLiteral("3 min ago"));
	EXPECT_EQ(olc_dock_relative_time(0, now), QString());

	snap.s.state = OLC_CONN_OK;
	snap.s.error = nullptr;
	snap.s.last_success_ms = 0;
	part.showStatus(&snap.s, "", now);
	EXPECT_EQ(part.syncLabel()->text(), QStringLiteral("Last sync: never"));
	EXPECT_TRUE(part.errorLabel()->isHidden());
}

TEST(DockLive, ShowsTheFeaturedItemCountersOrdersAndLowStock)
{
	OlcLivePart part;
	Snapshot snap;
	snap.product("m", "松茸 Wild Matsutake", 26800, 12);
	snap.product("a", "杏干 Dried Apricots", 2990, 3);
	snap.product("t", "普洱茶饼 Pu'er Tea Cake", 15800, -1);
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(&snap.s.deck, "Friday", &err));
	ASSERT_TRUE(olc_deck_set_currency(&snap.s.deck, "CNY", &err));
	olc_deck_append(&snap.s.deck, 1, "m", &err);
	olc_deck_item *item = olc_deck_append(&snap.s.deck, 2, "a", &err);
	ASSERT_NE(item, nullptr) << err.text;
	olc_deck_item_set_title(item, "新疆杏干 今日特价");
	olc_money price;
	olc_money_set(&price, 1990, "CNY");
	ASSERT_TRUE(olc_deck_item_set_price(&snap.s.deck, item, &price, &err)) << err.text;
	snap.s.featured[0] = strdup("a");
	snap.s.featured_count = 1;
	snap.s.featured_number = 2;
	snap.s.total = {3, 5, 84000};
	snap.orders({order("m", 2, "Zhang Wei", "成都", 53600, false), order("t", 1, "李娜", "大理", 15800, false),
		     order("a", 1, "Wang", nullptr, 2990, true)});

	part.showSnapshot(&snap.s, "en-US");
	EXPECT_EQ(part.numberLabel()->text(), QStringLiteral("No. 2"));
	EXPECT_EQ(part.titleLabel()->text(), QStringLiteral("新疆杏干 今日特价"));
	EXPECT_EQ(part.priceLabel()->text(), QStringLiteral("CN¥19.90 · 3 in stock"));
	EXPECT_EQ(part.countersLabel()->text(), QStringLiteral("Orders 3 · Units 5 · Revenue CN¥840.00"));
	// Only deck items at or under the threshold: #2 (3 left), not #1 (12) nor the untracked tea.
	EXPECT_EQ(part.lowStockLabel()->text(), QStringLiteral("Low stock: No. 2 (3 left)"));

	ASSERT_EQ(part.ordersList()->count(), 3);
	EXPECT_EQ(part.ordersList()->item(0)->text(), QStringLiteral("W** · 1 × 杏干 Dried Apricots · CN¥29.90 · (test)"));
	EXPECT_EQ(part.ordersList()->item(1)->text(), QStringLiteral("李** · 大理 · 1 × 普洱茶饼 Pu'er Tea Cake · CN¥158.00"));
	EXPECT_EQ(part.ordersList()->item(2)->text(), QStringLiteral("Z** · 成都 · 2 × 松茸 Wild Matsutake · CN¥536.00"));

	// The chooser: deck items by number, then the rest of the catalog.
	QStringList entries;
	for (int i = 0; i < part.chooser()->count(); i++)
		entries << part.chooser()->itemText(i);
	EXPECT_EQ(entries, (QStringList{QStringLiteral("No. 1  松茸 Wild Matsutake"), QStringLiteral("No. 2  新疆杏干 今日特价"),
					QStringLiteral("普洱茶饼 Pu'er Tea Cake")}));

	// Stock moving (every order does) leaves the chooser alone; a renamed product rebuilds it.
	const QAbstractItemModel *model = part.chooser()->model();
	for (size_t i = 0; i < snap.s.catalog.count; i++)
		snap.s.catalog.products[i].stock -= 1;
	snap.s.revision++;
	snap.s.catalog_revision++;
	part.showSnapshot(&snap.s, "en-US");
	EXPECT_EQ(part.chooser()->model(), model) << "rebuilt for a stock change";
	EXPECT_EQ(part.lowStockLabel()->text(), QStringLiteral("Low stock: No. 2 (2 left)"));
	olc_str_set(&snap.s.catalog.products[2].title, "普洱 Tea");
	snap.s.revision++;
	snap.s.catalog_revision++;
	part.showSnapshot(&snap.s, "en-US");
	EXPECT_NE(part.chooser()->model(), model);
	EXPECT_EQ(part.chooser()->itemText(2), QStringLiteral("普洱 Tea"));

	// In the stream's language the same dock writes zh-CN money.
	snap.s.revision++;
	part.showSnapshot(&snap.s, "zh-CN");
	EXPECT_EQ(part.countersLabel()->text(), QStringLiteral("Orders 3 · Units 5 · Revenue ¥840.00"));
}

// A product whose SKUs differ shows its lowest price marked "from"; a deck price is the price.
TEST(DockLive, LowestSkuPriceIsMarkedFrom)
{
	OlcLivePart part;
	Snapshot snap;
	snap.product("106", "普洱茶饼 Pu'er Tea Cake", 12850, 20);
	snap.s.catalog.products[0].price_from = true;
	snap.s.featured[0] = strdup("106");
	snap.s.featured_count = 1;
	part.showSnapshot(&snap.s, "en-US");
	EXPECT_EQ(part.priceLabel()->text(), QStringLiteral("from CN¥128.50 · 20 in stock"));

	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(&snap.s.deck, "Friday", &err));
	ASSERT_TRUE(olc_deck_set_currency(&snap.s.deck, "CNY", &err));
	olc_deck_item *item = olc_deck_append(&snap.s.deck, 1, "106", &err);
	ASSERT_NE(item, nullptr) << err.text;
	olc_money price;
	olc_money_set(&price, 9900, "CNY");
	ASSERT_TRUE(olc_deck_item_set_price(&snap.s.deck, item, &price, &err)) << err.text;
	snap.s.revision++;
	part.showSnapshot(&snap.s, "en-US");
	EXPECT_EQ(part.priceLabel()->text(), QStringLiteral("CN¥99.00 · 20 in stock"));
}

TEST(DockLive, ChooserFeaturesByNumberOrByName)
{
	OlcLivePart part;
	Snapshot snap;
	snap.product("m", "松茸 Wild Matsutake", 26800, 12);
	snap.product("t", "普洱茶饼 Pu'er Tea Cake", 15800, -1);
	olc_error err{};
	olc_deck_set_name(&snap.s.deck, "Friday", &err);
	olc_deck_set_currency(&snap.s.deck, "CNY", &err);
	olc_deck_append(&snap.s.deck, 3, "m", &err);
	part.showSnapshot(&snap.s, "en-US");
	EXPECT_EQ(part.titleLabel()->text(), QStringLiteral("Nothing featured"));

	int number = 0;
	QString id;
	part.onFeatureNumber = [&](int n) { number = n; };
	part.onFeature = [&](const QString &i) { id = i; };
	part.chooser()->setEditText(QStringLiteral("3"));
	part.featureButton()->click();
	EXPECT_EQ(number, 3);
	EXPECT_TRUE(id.isEmpty());
	part.chooser()->setCurrentIndex(1);
	part.featureButton()->click();
	EXPECT_EQ(id, QStringLiteral("t"));
}

TEST(DockReport, SessionsNewestFirstAndProductsOfTheChosenOne)
{
	OlcReportPart part;
	olc_report_product older_products[1] = {};
	char m[] = "m", title[] = "松茸 Wild Matsutake";
	older_products[0] = {m, title, 1, 125000, {2, 3, 80400}, {4, 5, 134000}};
	olc_report_session sessions[2] = {};
	sessions[0] = {1764800000000, 1764803600000, "CNY", {4, 5, 134000}, older_products, 1, 1764803600000, nullptr, 0, nullptr, 0};
	sessions[1] = {1764900000000, 0, "CNY", {0, 0, 0}, nullptr, 0, 1764900060000, nullptr, 0, nullptr, 0};
	olc_report r = {sessions, 2};
	bool asked = false, start = false;
	part.onStartStop = [&](bool s) {
		asked = true;
		start = s;
	};

	part.showReport(&r, true, "en-US");
	ASSERT_EQ(part.sessionsView()->topLevelItemCount(), 2);
	EXPECT_EQ(part.sessionsView()->topLevelItem(0)->text(1), QStringLiteral("running"));
	EXPECT_EQ(part.sessionsView()->topLevelItem(1)->text(2), QStringLiteral("4"));
	EXPECT_EQ(part.sessionsView()->topLevelItem(1)->text(3), QStringLiteral("CN¥1,340.00"));
	EXPECT_EQ(part.productsView()->topLevelItemCount(), 0) << "the running session has no products yet";
	EXPECT_EQ(part.startStopButton()->text(), QStringLiteral("Stop sales session"));
	part.startStopButton()->click();
	EXPECT_TRUE(asked);
	EXPECT_FALSE(start);

	part.sessionsView()->setCurrentItem(part.sessionsView()->topLevelItem(1));
	ASSERT_EQ(part.productsView()->topLevelItemCount(), 1);
	const QTreeWidgetItem *row = part.productsView()->topLevelItem(0);
	EXPECT_EQ(row->text(0), QStringLiteral("No. 1  松茸 Wild Matsutake"));
	EXPECT_EQ(row->text(1), QStringLiteral("2:05"));
	EXPECT_EQ(row->text(2), QStringLiteral("2 orders · CN¥804.00"));
	EXPECT_EQ(row->text(3), QStringLiteral("4 orders · CN¥1,340.00"));
}

// Keyboard and screen readers: every input of every part is reachable by Tab and has a name (its
// own text for buttons and check boxes, an accessible name for fields), in every provider's form.
TEST(DockParts, EveryControlIsReachableByTabAndNamed)
{
	OlcConnectionPart connection;
	chooseProvider(connection, "woocommerce");
	OlcLivePart live;
	OlcReportPart report;
	for (QWidget *part : {static_cast<QWidget *>(&connection), static_cast<QWidget *>(&live),
			      static_cast<QWidget *>(&report)}) {
		SCOPED_TRACE(part->objectName().toStdString());
		int checked = 0;
		for (QWidget *w : part->findChildren<QWidget *>()) {
			const bool button = qobject_cast<QAbstractButton *>(w) != nullptr;
			const bool field = qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w) ||
					   qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QAbstractItemView *>(w);
			if (!button && !field)
				continue;
			// A combo box's own line edit and popup list, a spin box's edit and a tree's header are
			// parts of those controls, not controls of their own.
			if (qobject_cast<QComboBox *>(w->parentWidget()) || qobject_cast<QAbstractSpinBox *>(w->parentWidget()) ||
			    qobject_cast<QHeaderView *>(w) || w->window() != part->window())
				continue;
			checked++;
			EXPECT_TRUE(w->focusPolicy() & Qt::TabFocus) << w->metaObject()->className();
			const QString name = button ? static_cast<QAbstractButton *>(w)->text() : w->accessibleName();
			EXPECT_FALSE(name.isEmpty()) << w->metaObject()->className() << " " << w->objectName().toStdString();
		}
		EXPECT_GT(checked, 3);
	}
}
