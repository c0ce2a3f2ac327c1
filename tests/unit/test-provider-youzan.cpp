// The "youzan" provider (有赞): its parsers on answers shaped like 有赞云's (every envelope: the
// gateway's gw_err_resp, the 3.x response/error_response, the 4.x success/code/data), then fetches
// against the test shop (tests/shop-server/platforms/youzan.mjs): the silent token, its renewal,
// fen and yuan amounts, paging, time windows, rate limits.
#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <string>

#include "fixtures/fixtures.h"
#include "core/base/text.h"
#include "core/net/http.h"
#include "core/shop/iso8601.h"
#include "core/shop/items.h"
#include "core/shop/youzan.h"
#include "core/sys/clock.h"
#include "shop-server.h"

namespace {

struct YouzanProducts {
	Catalog catalog;
	olc_youzan_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit YouzanProducts(const std::string &body)
	{
		ok = olc_youzan_parse_products(body.data(), body.size(), &catalog.c, &answer, &report, &err);
	}
};

struct YouzanOrders {
	Orders orders;
	olc_youzan_answer answer{};
	olc_parse_report report{};
	olc_error err{};
	bool ok = false;

	explicit YouzanOrders(const std::string &body, int64_t paid_since_ms = INT64_MIN)
	{
		ok = olc_youzan_parse_orders(body.data(), body.size(), paid_since_ms, &orders.l, &answer, &report,
					     &err);
	}
};

struct YouzanItem {
	olc_sku_summary skus{};
	olc_youzan_answer answer{};
	olc_error err{};
	bool ok = false;

	YouzanItem(const std::string &body, const char *item_id)
	{
		ok = olc_youzan_parse_item(body.data(), body.size(), item_id, &skus, &answer, &err);
	}
};

int64_t china_ms(const char *text)
{
	int64_t ms = 0;
	EXPECT_TRUE(olc_wall_time_parse(text, OLC_CHINA_OFFSET_MINUTES, &ms)) << text;
	return ms;
}

} // namespace

TEST(ProviderYouzan, TokenAnswer)
{
	std::string body = fixture("youzan/token.json");
	char *token = nullptr;
	int64_t expires_in = -1;
	olc_youzan_answer answer{};
	olc_error err{};
	ASSERT_TRUE(
		olc_youzan_parse_token(body.data(), body.size(), 1741000000000LL, &token, &expires_in, &answer, &err))
		<< err.text;
	EXPECT_STREQ(token, "8c2f61b0a4d94e17b3f0c5d2e9a7164b");
	EXPECT_EQ(expires_in, 3200) << "\"expires\" is the Unix time in ms when the token stops working";
	EXPECT_STREQ(answer.envelope, "success");
	olc_secret_free(token);

	// An expiry already past says nothing useful: the token is used until the shop refuses it.
	ASSERT_TRUE(
		olc_youzan_parse_token(body.data(), body.size(), 1741003300000LL, &token, &expires_in, &answer, &err));
	EXPECT_EQ(expires_in, 0);
	olc_secret_free(token);
}

TEST(ProviderYouzan, TokenRefusedInPlainWords)
{
	std::string body = fixture("youzan/token-refused.json");
	char *token = nullptr;
	int64_t expires_in = -1;
	olc_youzan_answer answer{};
	olc_error err{};
	EXPECT_FALSE(olc_youzan_parse_token(body.data(), body.size(), 0, &token, &expires_in, &answer, &err));
	EXPECT_EQ(token, nullptr);
	EXPECT_EQ(answer.outcome, OLC_YOUZAN_REFUSED);
	EXPECT_EQ(answer.code, 1103);
	EXPECT_STREQ(err.text,
		     "Youzan refused the app's credentials (Youzan said (code 1103): Client 不存在): check the "
		     "client_id and client_secret (有赞云 console → the self-use app) and that kdt_id is the "
		     "shop the app is authorised for");

	const std::string no_token = R"({"success":true,"code":200,"data":{"expires":1}})";
	EXPECT_FALSE(olc_youzan_parse_token(no_token.data(), no_token.size(), 0, &token, &expires_in, &answer, &err));
	EXPECT_STREQ(err.text, "Youzan's token answer: \"access_token\" is missing");
}

TEST(ProviderYouzan, ProductsInFenWithSkus)
{
	YouzanProducts p(fixture("youzan/items-page.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_STREQ(p.answer.envelope, "response") << "items.onsale.get 3.0.0 answers in the 3.x envelope";
	EXPECT_EQ(p.answer.total, 4);
	EXPECT_EQ(p.answer.listed, 4u);
	EXPECT_EQ(p.report.accepted, 4u);
	EXPECT_EQ(p.report.rejected, 0u);

	const olc_product &m = p.catalog.at("418826617");
	EXPECT_EQ(str(m.title), "野生松茸 Wild Matsutake 250 g");
	EXPECT_EQ(m.price.minor, 16800) << "16800 fen is 168.00 yuan";
	EXPECT_STREQ(m.price.currency, "CNY");
	EXPECT_FALSE(m.price_from);
	ASSERT_TRUE(m.has_compare_at) << "\"origin\": \"¥198.00\" is the struck-through price";
	EXPECT_EQ(m.compare_at.minor, 19800);
	ASSERT_TRUE(m.has_stock);
	EXPECT_EQ(m.stock, 12);
	EXPECT_EQ(str(m.url), "https://h5.youzan.com/v2/goods/2fnx1kc3wd0vq");
	EXPECT_EQ(str(m.image_url), "https://img01.yzcdn.cn/upload_files/2025/02/20/matsutake.jpg");

	// Two SKUs at 128.50 and 168.00: the lowest, marked "from", and the stock of both.
	const olc_product &tea = p.catalog.at("418826620");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_TRUE(tea.price_from);
	EXPECT_EQ(tea.stock, 20);
	EXPECT_FALSE(tea.has_compare_at) << "no origin";

	// "origin" in other spellings: ￥ and bare yuan count; text, or no more than the price, does not.
	const char *const origins[][2] = {
		{"￥45.00", "4500"}, {"45", "4500"}, {"原价45", "-"}, {"¥39.90", "-"}, {"¥", "-"}, {"", "-"},
	};
	for (const auto &o : origins) {
		std::string body =
			std::string(R"({"response":{"items":[{"item_id":1,"title":"t","price":3990,"origin":")") +
			o[0] + "\"}]}}";
		YouzanProducts one(body);
		ASSERT_TRUE(one.ok) << one.err.text;
		const olc_product &item = one.catalog.at("1");
		EXPECT_EQ(item.has_compare_at, std::string(o[1]) != "-") << o[0];
		if (item.has_compare_at) {
			EXPECT_EQ(std::to_string(item.compare_at.minor), o[1]) << o[0];
		}
	}

	// An id given as text; the photo from item_imgs; no detail_url: no link.
	const olc_product &jam = p.catalog.at("418826631");
	EXPECT_EQ(jam.price.minor, 3990);
	EXPECT_EQ(str(jam.image_url), "https://img01.yzcdn.cn/upload_files/2025/02/20/jam.jpg");
	EXPECT_EQ(jam.url, nullptr);
	ASSERT_TRUE(jam.has_stock);
	EXPECT_EQ(jam.stock, 0);

	// No quantity: not tracked. Links that are not http(s) never reach a QR code or a photo request.
	const olc_product &naan = p.catalog.at("418826640");
	EXPECT_FALSE(naan.has_stock);
	EXPECT_EQ(naan.url, nullptr);
	EXPECT_EQ(naan.image_url, nullptr);
}

TEST(ProviderYouzan, ProductsInThe4xEnvelopeToo)
{
	YouzanProducts p(fixture("youzan/items-data-envelope.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_STREQ(p.answer.envelope, "success");
	EXPECT_EQ(p.answer.outcome, OLC_YOUZAN_OK);
	EXPECT_EQ(p.catalog.at("418826617").price.minor, 16800);
}

TEST(ProviderYouzan, OneBadItemIsRejectedAlone)
{
	YouzanProducts p(fixture("youzan/items-bad.json"));
	ASSERT_TRUE(p.ok) << p.err.text;
	EXPECT_EQ(p.report.accepted, 1u);
	EXPECT_EQ(p.report.rejected, 6u);
	EXPECT_STREQ(p.report.first_rejection.text, "product 1 (id 1): \"price\" must be a whole number, not text");
	ASSERT_EQ(p.catalog.c.count, 1u);
	EXPECT_EQ(p.catalog.at("7").price.minor, 990);

	// Every reason, one at a time.
	const char *const cases[][2] = {
		{R"({"item_id":2,"title":"t","price":-1})", "product 1 (id 2): \"price\" -1 fen is not a price"},
		{R"({"item_id":3,"price":100})", "product 1 (id 3): \"title\" is missing"},
		{R"({"item_id":4,"title":"t","skus":[{"price":100},{"quantity":2}]})",
		 "product 1 (id 4): SKU 2: \"price\" is missing"},
		{R"({"item_id":5,"title":"t","price":100,"quantity":-3})",
		 "product 1 (id 5): \"quantity\" -3 is not a stock count"},
		{R"({"item_id":6,"title":"t"})", "product 1 (id 6): \"price\" is missing"},
	};
	for (const auto &c : cases) {
		std::string body = std::string(R"({"response":{"count":1,"items":[)") + c[0] + "]}}";
		YouzanProducts one(body);
		EXPECT_FALSE(one.ok) << c[0];
		EXPECT_EQ(one.report.rejected, 1u);
		EXPECT_STREQ(one.report.first_rejection.text, c[1]);
	}
}

TEST(ProviderYouzan, EveryErrorEnvelope)
{
	struct {
		const char *file;
		olc_youzan_outcome outcome;
		const char *envelope;
		int64_t code;
		const char *text;
	} cases[] = {
		{"youzan/gw-token-expired.json", OLC_YOUZAN_TOKEN_INVALID, "gw_err_resp", 4202,
		 "Youzan refused the access token (code 4202: 请求凭证过期): the shop may have ended the app's "
		 "authorisation; check the app in the 有赞云 console"},
		{"youzan/gw-rate-limited.json", OLC_YOUZAN_RATE_LIMITED, "gw_err_resp", 4101,
		 "Youzan is limiting requests (code 4101: 请求太频繁): waiting before the next try"},
		{"youzan/gw-no-permission.json", OLC_YOUZAN_REFUSED, "gw_err_resp", 4204,
		 "Youzan says the app may not use this API (code 4204: 无权限访问): in the 有赞云 console, add the "
		 "goods and order API packages (能力包) to the app"},
		{"youzan/error-response.json", OLC_YOUZAN_REFUSED, "error_response", 50000,
		 "Youzan said (code 50000): page_size 超出范围"},
		{"youzan/success-false-rate-limited.json", OLC_YOUZAN_RATE_LIMITED, "success", 123000042,
		 "Youzan is limiting requests (code 123000042: 请求被限流): waiting before the next try"},
		{"youzan/trades-failed.json", OLC_YOUZAN_REFUSED, "success", 5000,
		 "Youzan said (code 5000): 开始时间不能大于结束时间"},
	};
	for (const auto &c : cases) {
		YouzanProducts p(fixture(c.file));
		EXPECT_FALSE(p.ok) << c.file;
		EXPECT_EQ(p.answer.outcome, c.outcome) << c.file;
		EXPECT_STREQ(p.answer.envelope, c.envelope) << c.file;
		EXPECT_EQ(p.answer.code, c.code) << c.file;
		EXPECT_STREQ(p.err.text, c.text) << c.file;
		EXPECT_EQ(p.catalog.c.count, 0u);

		YouzanOrders o(fixture(c.file));
		EXPECT_FALSE(o.ok) << c.file;
		EXPECT_EQ(o.answer.outcome, c.outcome) << c.file;
		EXPECT_STREQ(o.err.text, c.text) << c.file;

		YouzanItem item(fixture(c.file), "418826620");
		EXPECT_FALSE(item.ok) << c.file;
		EXPECT_EQ(item.answer.outcome, c.outcome) << c.file;
		EXPECT_STREQ(item.answer.envelope, c.envelope) << c.file;
		EXPECT_STREQ(item.err.text, c.text) << c.file;
		EXPECT_EQ(item.skus.count, 0u);
	}

	// A code written as digits (the rate-limit page's own example) is the same code.
	YouzanProducts text_code(R"({"gw_err_resp":{"err_code":"4203","err_msg":"Token 不存在"}})");
	EXPECT_EQ(text_code.answer.outcome, OLC_YOUZAN_TOKEN_INVALID);
	EXPECT_EQ(text_code.answer.code, 4203);

	// No envelope of Youzan's, or a broken one.
	YouzanProducts none(R"({"items":[]})");
	EXPECT_FALSE(none.ok);
	EXPECT_EQ(none.answer.outcome, OLC_YOUZAN_BROKEN);
	EXPECT_STREQ(none.err.text,
		     "the answer has none of Youzan's envelopes (data, response, error_response, gw_err_resp)");
	YouzanProducts list(R"({"response":{"items":{}}})");
	EXPECT_STREQ(list.err.text, "\"items\" must be a list, not an object");
	YouzanProducts success(R"({"success":"yes","data":{}})");
	EXPECT_STREQ(success.err.text, "\"success\" must be true/false, not text");
	YouzanProducts page(R"([1,2])");
	EXPECT_STREQ(page.err.text, "expected an object ({...}) at the top, found a list");
}

TEST(ProviderYouzan, ItemGetSkus)
{
	// youzan.item.get in the shape of 有赞云's SDKs: three SKUs at 128.50, 168.00 and 199.00.
	YouzanItem tea(fixture("youzan/item-get.json"), "418826620");
	ASSERT_TRUE(tea.ok) << tea.err.text;
	EXPECT_STREQ(tea.answer.envelope, "response");
	EXPECT_EQ(tea.answer.outcome, OLC_YOUZAN_OK);
	EXPECT_EQ(tea.skus.count, 3u);
	EXPECT_EQ(tea.skus.lowest.minor, 12850);
	EXPECT_STREQ(tea.skus.lowest.currency, "CNY");
	EXPECT_TRUE(tea.skus.prices_differ);
	EXPECT_FALSE(tea.skus.untracked);
	EXPECT_EQ(tea.skus.stock, 23) << "8 + 12 + 3";

	// As the card shows it: the same reader as a list entry with "skus".
	olc_product p;
	olc_product_init(&p);
	olc_error err{};
	ASSERT_TRUE(olc_sku_summary_apply(&tea.skus, &p, &err)) << err.text;
	EXPECT_EQ(p.price.minor, 12850);
	EXPECT_TRUE(p.price_from);
	EXPECT_EQ(p.stock, 23);
	olc_product_free(&p);

	// An item of one SKU lists none ("skus": []): nothing to change.
	YouzanItem single(fixture("youzan/item-get-single.json"), "418826617");
	ASSERT_TRUE(single.ok) << single.err.text;
	EXPECT_EQ(single.skus.count, 0u);

	// SKUs at one price are no "from"; a SKU without quantity leaves the stock untracked.
	YouzanItem same(R"({"response":{"item":{"item_id":5,"skus":[{"price":990,"quantity":1},{"price":990}]}}})",
			"5");
	ASSERT_TRUE(same.ok) << same.err.text;
	EXPECT_FALSE(same.skus.prices_differ);
	EXPECT_TRUE(same.skus.untracked);

	// The 4.x envelope carries it too; the id may be text.
	YouzanItem data(R"({"success":true,"code":200,"data":{"item":{"item_id":"5","skus":[{"price":100}]}}})", "5");
	ASSERT_TRUE(data.ok) << data.err.text;
	EXPECT_EQ(data.skus.lowest.minor, 100);
}

TEST(ProviderYouzan, ItemGetRejectsWhatIsNotThatItem)
{
	YouzanItem other(fixture("youzan/item-get.json"), "418826617");
	EXPECT_FALSE(other.ok);
	EXPECT_EQ(other.answer.outcome, OLC_YOUZAN_BROKEN);
	EXPECT_STREQ(other.err.text, "the answer is for item 418826620");
	EXPECT_EQ(other.skus.count, 0u);

	const char *const cases[][2] = {
		{R"({"response":{}})", "\"item\" must be an object, not nothing"},
		{R"({"response":{"item":[]}})", "\"item\" must be an object, not a list"},
		{R"({"response":{"item":{"skus":[]}}})", "the item: \"item_id\" is missing"},
		{R"({"response":{"item":{"item_id":5,"skus":{}}}})", "\"skus\" must be a list, not an object"},
		{R"({"response":{"item":{"item_id":5,"skus":[{"item_id":6,"price":100}]}}})", "SKU 1 is of item 6"},
		{R"({"response":{"item":{"item_id":5,"skus":[{"price":100},{"price":-1}]}}})",
		 "SKU 2: \"price\" -1 fen is not a price"},
		{R"({"response":{"item":{"item_id":5,"skus":[{"price":"1.00"}]}}})",
		 "SKU 1: \"price\" must be a whole number, not text"},
		{R"({"response":{"item":{"item_id":5,"skus":[{"price":100,"quantity":-2}]}}})",
		 "SKU 1: \"quantity\" -2 is not a stock count"},
		{R"({"response":{"item":{"item_id":5,"skus":[7]}}})",
		 "SKU 1: expected an object ({...}), found a number"},
		{R"({"response":{"item":{"item_id":5,"skus":[{"price":100,"quantity":9223372036854775807},{"price":100,"quantity":1}]}}})",
		 "SKU 2: the stock of the product's SKUs adds up past what can be counted"},
	};
	for (const auto &c : cases) {
		YouzanItem item(c[0], "5");
		EXPECT_FALSE(item.ok) << c[0];
		EXPECT_EQ(item.answer.outcome, OLC_YOUZAN_BROKEN) << c[0];
		EXPECT_STREQ(item.err.text, c[1]) << c[0];
	}
}

TEST(ProviderYouzan, PaidTradesOneOrderPerLine)
{
	YouzanOrders o(fixture("youzan/trades-page.json"));
	ASSERT_TRUE(o.ok) << o.err.text;
	EXPECT_STREQ(o.answer.envelope, "success");
	EXPECT_EQ(o.answer.total, 6);
	EXPECT_EQ(o.answer.listed, 6u);
	ASSERT_EQ(o.orders.l.count, 4u);
	EXPECT_EQ(o.report.accepted, 4u);
	EXPECT_EQ(o.report.rejected, 2u);

	const olc_order &a = o.orders.l.orders[0];
	EXPECT_EQ(str(a.id), "E20250301101530012400001");
	EXPECT_EQ(str(a.product_id), "418826617");
	EXPECT_EQ(a.quantity, 2);
	EXPECT_EQ(a.total.minor, 33600) << "\"336.00\" yuan, exactly";
	EXPECT_STREQ(a.total.currency, "CNY");
	EXPECT_EQ(str(a.buyer), "卓玛");
	EXPECT_EQ(str(a.city), "迪庆藏族自治州");
	EXPECT_EQ(a.created_at_ms, china_ms("2025-03-01 10:15:30")) << "dated when paid";
	EXPECT_EQ(a.created_at_ms, 1740795330000LL) << "10:15:30 in China is 02:15:30 UTC";

	const olc_order &b = o.orders.l.orders[1];
	EXPECT_EQ(str(b.id), "E20250301101530012400001#2");
	EXPECT_EQ(str(b.product_id), "418826631");
	EXPECT_EQ(b.quantity, 3);
	EXPECT_EQ(b.total.minor, 11970);

	// No pay_time: dated when created; no nickname: the receiver's (masked) name.
	const olc_order &c = o.orders.l.orders[2];
	EXPECT_EQ(str(c.id), "E20250301095001012400003");
	EXPECT_EQ(c.created_at_ms, china_ms("2025-03-01 09:50:01"));
	EXPECT_EQ(str(c.buyer), "王**");
	EXPECT_EQ(str(c.city), "昆明市");

	// A line with "payment" as a number is rejected alone; the next line reads "total_fee".
	const olc_order &d = o.orders.l.orders[3];
	EXPECT_EQ(str(d.id), "E20250301102700012400005#2");
	EXPECT_EQ(d.total.minor, 3990);
	EXPECT_EQ(d.buyer, nullptr);
	EXPECT_STREQ(o.report.first_rejection.text, "order 5 (id E20250301102700012400005), line 1: \"payment\" must "
						    "be text such as \"39.90\", not a number (numbers lose exactness)");
}

TEST(ProviderYouzan, OnlyTradesPaidSinceTheStart)
{
	// Trades paid before the provider started are updated when shipped or signed: no new sale.
	YouzanOrders o(fixture("youzan/trades-page.json"), china_ms("2025-03-01 10:00:00"));
	ASSERT_TRUE(o.ok) << o.err.text;
	ASSERT_EQ(o.orders.l.count, 3u);
	for (size_t i = 0; i < o.orders.l.count; i++)
		EXPECT_NE(str(o.orders.l.orders[i].id), "E20250301095001012400003");
}

TEST(ProviderYouzan, PaidStatuses)
{
	for (const char *paid : {"WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_BUYER_SIGNED",
				 "TRADE_SUCCESS", "TRADE_PAID"})
		EXPECT_TRUE(olc_youzan_status_paid(paid)) << paid;
	for (const char *unpaid :
	     {"WAIT_BUYER_PAY", "TRADE_CLOSED", "TRADE_CLOSED_BY_USER", "WAIT_GROUP", "", "trade_success"})
		EXPECT_FALSE(olc_youzan_status_paid(unpaid)) << unpaid;
	EXPECT_FALSE(olc_youzan_status_paid(nullptr));
}

// ---- against the test shop ----

namespace {

const char *const client_id = "yz_client_7f3a9c21e5b04d68";
const char *const client_secret = "yz_secret_0d4e8b6a2c9f1357";
const char *const kdt_id = "91234567";

olc_connection youzan(const std::string &url, const char *secret = client_secret)
{
	olc_connection c = connection("youzan", url.c_str(), client_id, secret);
	c.shop_id = const_cast<char *>(kdt_id);
	return c;
}

std::string tokens(ShopServer &shop)
{
	std::string answer;
	EXPECT_TRUE(shop.control("POST", "/_control/platform/youzan/tokens", "{}", &answer)) << shop.error();
	return answer;
}

// The provider's clock: the real one plus a shift a test may move, to make a token due without waiting.
int64_t g_shift_ms = 0;
int64_t shifted_now()
{
	return olc_clock_unix_ms() + g_shift_ms;
}

} // namespace

TEST(ProviderYouzanFetch, ChecksTheConnection)
{
	const olc_provider_ops *ops = olc_provider_find("youzan");
	ASSERT_EQ(ops, &olc_provider_youzan_ops);
	EXPECT_FALSE(ops->buys_in_app_cart) << "a WeChat web shop: the QR code is the way in";
	olc_error err{};

	olc_connection c = youzan("");
	c.url = nullptr;
	EXPECT_TRUE(ops->check(&c, &err)) << "the real gateway is the default: " << err.text;
	c.url = const_cast<char *>("https://open.youzanyun.com");
	EXPECT_TRUE(ops->check(&c, &err)) << err.text;
	c.url = const_cast<char *>("http://127.0.0.1:8080/youzan");
	EXPECT_TRUE(ops->check(&c, &err)) << "plain http only to this computer: " << err.text;
	c.url = const_cast<char *>("http://open.youzanyun.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Youzan access token is only sent over https: the gateway must start with https://");
	c.url = const_cast<char *>("ftp://open.youzanyun.com");
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_STREQ(err.text, "the Youzan gateway must be an address such as https://open.youzanyun.com");

	c.url = nullptr;
	c.shop_id = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_NE(std::string(err.text).find("kdt_id"), std::string::npos) << err.text;
	c.shop_id = const_cast<char *>(kdt_id);
	c.secret = nullptr;
	EXPECT_FALSE(ops->check(&c, &err));
	EXPECT_NE(std::string(err.text).find("client_secret"), std::string::npos) << err.text;
}

TEST(ProviderYouzanFetch, CatalogWithASilentToken)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	ASSERT_NE(p.state, nullptr) << p.err.text;

	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_STREQ(currency, "CNY");
	ASSERT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(catalog.at("101").price.minor, 16800);
	EXPECT_EQ(catalog.at("101").compare_at.minor, 19800) << "the test shop's \"origin\": \"¥198.00\"";
	EXPECT_FALSE(catalog.at("102").has_compare_at);
	EXPECT_EQ(catalog.at("102").price.minor, 128000);
	EXPECT_EQ(catalog.at("103").price.minor, 3990);
	EXPECT_EQ(catalog.at("101").stock, 12);
	EXPECT_FALSE(catalog.at("104").has_stock) << "the catalog's untracked stock";
	// Product 106's two SKUs, 128.50 and 168.00: the lowest, from.
	EXPECT_EQ(catalog.at("106").price.minor, 12850);
	EXPECT_TRUE(catalog.at("106").price_from);
	EXPECT_FALSE(catalog.at("101").price_from);
	EXPECT_EQ(str(catalog.at("101").image_url), shop.http_url("/images/101.png"));

	// One token, then reused; the token goes in the URL (masked in the log), the secret only in the token body.
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	auto token_calls = shop.requests_to("/youzan/auth/token");
	ASSERT_EQ(token_calls.size(), 1u);
	EXPECT_EQ(token_calls[0].method, "POST");
	EXPECT_NE(token_calls[0].body.find(R"("authorize_type":"silent")"), std::string::npos) << token_calls[0].body;
	EXPECT_NE(token_calls[0].body.find(R"("grant_id":"91234567")"), std::string::npos) << token_calls[0].body;
	EXPECT_NE(token_calls[0].body.find(R"x("client_secret":"(secret)")x"), std::string::npos)
		<< "the shop masked the secret it was sent: " << token_calls[0].body;
	auto calls = shop.requests_to("/youzan/api/youzan.items.onsale.get/3.0.0");
	ASSERT_EQ(calls.size(), 2u);
	EXPECT_EQ(calls[0].method, "POST");
	EXPECT_EQ(calls[0].query["access_token"], "(present)");
	EXPECT_EQ(calls[0].target.find("client_secret"), std::string::npos);
	EXPECT_NE(calls[0].body.find(R"("page_no":1)"), std::string::npos) << calls[0].body;
	EXPECT_NE(calls[0].body.find(R"("page_size":100)"), std::string::npos) << calls[0].body;
	EXPECT_NE(tokens(shop).find(R"("issued":1)"), std::string::npos);
}

TEST(ProviderYouzanFetch, WrongCredentials)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan"), "yz_secret_wrong_0000"));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_NE(std::string(err.text).find("Youzan refused the app's credentials (Youzan said (code 1000)"),
		  std::string::npos)
		<< err.text;
	EXPECT_EQ(std::string(err.text).find("yz_secret"), std::string::npos) << "no secret in a message";
	EXPECT_TRUE(shop.requests_to("/youzan/api/youzan.items.onsale.get/3.0.0").empty()) << "no call without a token";
}

TEST(ProviderYouzanFetch, ExpiredTokenIsRenewedOnce)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;

	ASSERT_TRUE(shop.control("POST", "/_control/platform/youzan/expire-tokens", "{}")) << shop.error();
	shop.control("POST", "/_control/clear-requests", "{}");
	Catalog again;
	ASSERT_TRUE(p.catalog(again, currency, res, err)) << err.text;
	EXPECT_EQ(again.c.count, 6u);
	auto log = shop.requests();
	ASSERT_EQ(log.size(), 3u) << "the refused call, a new token, the call again";
	EXPECT_EQ(log[0].path, "/youzan/api/youzan.items.onsale.get/3.0.0");
	EXPECT_EQ(log[1].path, "/youzan/auth/token");
	EXPECT_EQ(log[2].path, "/youzan/api/youzan.items.onsale.get/3.0.0");
	EXPECT_NE(tokens(shop).find(R"("issued":2,"live":1)"), std::string::npos) << tokens(shop);
}

TEST(ProviderYouzanFetch, TokenRenewedBeforeItExpires)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/platform/youzan/config", R"({"token_ttl_s":60})")) << shop.error();
	// This computer's clock three hours behind: the token's "expires" is by the shop's clock.
	const int64_t behind = -3 * 3600 * 1000LL;
	g_shift_ms = behind;
	olc_provider_env env{};
	env.now_ms = shifted_now;
	Provider p("youzan", youzan(shop.http_url("/youzan")), &env);
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	g_shift_ms = behind + 20 * 1000;
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(shop.requests_to("/youzan/auth/token").size(), 1u) << "20 s into a 60 s token: still good";
	g_shift_ms = behind + 31 * 1000;
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(shop.requests_to("/youzan/auth/token").size(), 2u) << "past half its life: renewed first";
	EXPECT_EQ(shop.requests_to("/youzan/api/youzan.items.onsale.get/3.0.0").size(), 3u)
		<< "no call met an expired token (it would have been refused and repeated)";
	EXPECT_NE(tokens(shop).find(R"("issued":2)"), std::string::npos);
	g_shift_ms = 0;
}

TEST(ProviderYouzanFetch, RateLimitsWait)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};

	ASSERT_TRUE(shop.set_fault("throttled", "/youzan/api", 1));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 200) << "Youzan's gateway refuses with HTTP 200";
	EXPECT_EQ(res.retry_after_ms, OLC_YOUZAN_RATE_LIMIT_WAIT_MS);
	EXPECT_STREQ(err.text, "Youzan youzan.items.onsale.get: Youzan is limiting requests (code 4101: 请求太频繁): "
			       "waiting before the next try");
	EXPECT_EQ(catalog.c.count, 0u);

	ASSERT_TRUE(shop.set_fault("429", "/youzan/api", 1, "7"));
	EXPECT_FALSE(p.catalog(catalog, currency, res, err));
	EXPECT_EQ(res.http_status, 429);
	EXPECT_EQ(res.retry_after_ms, 7000);

	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(res.retry_after_ms, -1);
}

TEST(ProviderYouzanFetch, WrongTypesRejectAlone)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	ASSERT_TRUE(shop.set_fault("wrong-types", "/youzan/api"));
	Catalog catalog;
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.catalog(catalog, currency, res, err)) << err.text;
	EXPECT_EQ(catalog.c.count, 3u);
	EXPECT_EQ(res.report.rejected, 3u);
	EXPECT_STREQ(res.report.first_rejection.text, "product 1 (id 101): \"price\" must be a whole number, not text");
}

TEST(ProviderYouzanFetch, BrokenAnswers)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	char currency[4] = "";
	olc_fetch_result res{};
	olc_error err{};
	const char *const cases[][2] = {
		{"truncated-json", "Youzan youzan.items.onsale.get: the shop's answer was cut off before its end "
				   "(incomplete JSON)"},
		{"invalid-utf8", "Youzan youzan.items.onsale.get: the shop's answer is not valid UTF-8 text"},
		{"html-maintenance", "Youzan youzan.items.onsale.get: the shop answered with a web page"},
	};
	for (const auto &c : cases) {
		ASSERT_TRUE(shop.set_fault(c[0], "/youzan/api", 1)) << shop.error();
		Catalog catalog;
		EXPECT_FALSE(p.catalog(catalog, currency, res, err)) << c[0];
		EXPECT_EQ(std::string(err.text).rfind(c[1], 0), 0u) << c[0] << ": " << err.text;
		EXPECT_EQ(catalog.c.count, 0u);
	}
	Catalog good;
	ASSERT_TRUE(p.catalog(good, currency, res, err)) << err.text;
	EXPECT_EQ(good.c.count, 6u);
	EXPECT_EQ(shop.requests_to("/youzan/auth/token").size(), 1u) << "a broken answer is no reason for a new token";
}

TEST(ProviderYouzanFetch, NewOrdersArrive)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));

	ASSERT_TRUE(shop.add_order("102", 1, "Early", "Dali"));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	EXPECT_EQ(none.l.count, 0u) << "the first poll only records what is there";

	ASSERT_TRUE(shop.control(
		"POST", "/_control/order",
		R"({"buyer":"卓玛","city":"香格里拉","lines":[{"product_id":101,"quantity":1},{"product_id":103,"quantity":3}]})"))
		<< shop.error();
	ASSERT_TRUE(shop.control("POST", "/_control/order",
				 R"({"product_id":105,"quantity":1,"buyer":"Wang","status":"pending"})"))
		<< shop.error();
	ASSERT_TRUE(shop.add_order("106", 2, "Li", "大理"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 3u) << "two lines and one line; the unpaid order is no sale";
	const olc_order *lines[3] = {&got.l.orders[0], &got.l.orders[1], &got.l.orders[2]};
	// The shop lists the newest first.
	EXPECT_EQ(str(lines[0]->product_id), "106");
	EXPECT_EQ(lines[0]->total.minor, 25700) << "2 × 128.50 yuan, exactly";
	EXPECT_EQ(str(lines[1]->product_id), "101");
	EXPECT_EQ(lines[1]->total.minor, 16800);
	EXPECT_EQ(str(lines[1]->buyer), "卓玛");
	EXPECT_EQ(str(lines[1]->city), "香格里拉");
	EXPECT_EQ(str(lines[2]->product_id), "103");
	EXPECT_EQ(lines[2]->quantity, 3);
	EXPECT_EQ(lines[2]->total.minor, 11970);
	EXPECT_EQ(str(lines[2]->id), str(lines[1]->id) + "#2");

	Orders again;
	ASSERT_TRUE(p.orders(again, 0, res, err)) << err.text;
	EXPECT_EQ(again.l.count, 0u) << "the overlapping window repeats them: dropped by tid";

	auto log = shop.requests_to("/youzan/api/youzan.trades.sold.get/4.0.4");
	ASSERT_EQ(log.size(), 3u);
	const std::string &body = log.back().body;
	EXPECT_NE(body.find(R"("start_update":"20)"), std::string::npos) << body;
	EXPECT_NE(body.find(R"("end_update":"20)"), std::string::npos) << body;
	EXPECT_NE(body.find(R"("page_size":50)"), std::string::npos) << body;
	EXPECT_EQ(log.back().status, 200);
}

TEST(ProviderYouzanFetch, OrdersOverSeveralPages)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;

	const int count = OLC_YOUZAN_TRADES_PER_PAGE + 7;
	for (int i = 0; i < count; i++)
		ASSERT_TRUE(shop.add_order("103", 1, "Li", "大理")) << shop.error();
	shop.control("POST", "/_control/clear-requests", "{}");
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	EXPECT_EQ(got.l.count, (size_t)count);
	for (size_t i = 0; i < got.l.count; i++)
		EXPECT_EQ(got.l.orders[i].total.minor, 3990);
	auto log = shop.requests_to("/youzan/api/youzan.trades.sold.get/4.0.4");
	ASSERT_EQ(log.size(), 2u);
	EXPECT_NE(log[0].body.find(R"("page_no":1)"), std::string::npos) << log[0].body;
	EXPECT_NE(log[1].body.find(R"("page_no":2)"), std::string::npos) << log[1].body;
}

TEST(ProviderYouzanFetch, OrderWindowsByTheShopsClock)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	// This computer's clock three hours ahead, and orders asked for before any catalog.
	g_shift_ms = 3 * 3600 * 1000LL;
	olc_provider_env env{};
	env.now_ms = shifted_now;
	Provider p("youzan", youzan(shop.http_url("/youzan")), &env);
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	ASSERT_TRUE(shop.add_order("101", 1, "Li", "大理"));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	g_shift_ms = 0;
	ASSERT_EQ(got.l.count, 1u) << "a window by this computer's clock would start three hours after the order";
	EXPECT_EQ(got.l.orders[0].total.minor, 16800);
	auto log = shop.requests();
	ASSERT_FALSE(log.empty());
	EXPECT_EQ(log[0].path, "/youzan/auth/token") << "the token's answer tells the shop's clock first";
}

TEST(ProviderYouzanFetch, OrdersSurviveAnExpiredToken)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	Provider p("youzan", youzan(shop.http_url("/youzan")));
	Orders none;
	olc_fetch_result res{};
	olc_error err{};
	ASSERT_TRUE(p.orders(none, 0, res, err)) << err.text;
	ASSERT_TRUE(shop.control("POST", "/_control/platform/youzan/expire-tokens", "{}")) << shop.error();
	ASSERT_TRUE(shop.add_order("101", 1));
	Orders got;
	ASSERT_TRUE(p.orders(got, 0, res, err)) << err.text;
	ASSERT_EQ(got.l.count, 1u);
	EXPECT_EQ(got.l.orders[0].total.minor, 16800);
	EXPECT_EQ(shop.requests_to("/youzan/auth/token").size(), 2u);
}

TEST(ProviderYouzanFetch, CancelEndsAHungRequest)
{
	ASSERT_TRUE(olc_http_global_init());
	ShopServer shop;
	ASSERT_TRUE(shop.ok()) << shop.error();
	ASSERT_TRUE(shop.set_fault("hang", "/youzan"));
	std::string url = shop.http_url("/youzan");
	std::string error = catalog_error_after_cancel(shop, "youzan", youzan(url), nullptr);
	EXPECT_EQ(error, "cancelled");
}

// ---- SKUs by youzan.item.get ----

namespace {

const char *const item_get_path = "/youzan/api/youzan.item.get/3.0.0";

struct YouzanShop {
	ShopServer shop;
	// The provider's clock is shifted_now, from no shift: a test moves it to pass a retry wait.
	olc_provider_env env = [] {
		g_shift_ms = 0;
		olc_provider_env e{};
		e.now_ms = shifted_now;
		return e;
	}();
	Provider p{"youzan", youzan(shop.http_url("/youzan")), &env};
	olc_fetch_result res{};
	olc_error err{};

	// One catalog read; the item.get calls it made (the request log is cleared first).
	bool read(Catalog &catalog, std::vector<ShopRequest> *item_gets = nullptr)
	{
		char currency[4] = "";
		shop.control("POST", "/_control/clear-requests", "{}");
		bool ok = p.catalog(catalog, currency, res, err);
		if (item_gets)
			*item_gets = shop.requests_to(item_get_path);
		return ok;
	}

	bool config(const std::string &body) { return shop.control("POST", "/_control/platform/youzan/config", body); }
};

} // namespace

TEST(ProviderYouzanFetch, SkusComeFromItemGet)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	Catalog catalog;
	std::vector<ShopRequest> gets;
	ASSERT_TRUE(yz.read(catalog, &gets)) << yz.err.text;
	ASSERT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(yz.res.report.rejected, 0u) << yz.res.report.first_rejection.text;
	EXPECT_STREQ(yz.res.warning.text, "");

	// The on-sale list gives 106 as 128.50 and 25 in stock, without its SKUs; item.get lists them.
	const olc_product &tea = catalog.at("106");
	EXPECT_EQ(tea.price.minor, 12850);
	EXPECT_TRUE(tea.price_from) << "SKUs at 128.50 and 168.00";
	ASSERT_TRUE(tea.has_stock);
	EXPECT_EQ(tea.stock, 25) << "20 + 5";
	for (const char *single : {"101", "102", "103", "104", "105"})
		EXPECT_FALSE(catalog.at(single).price_from) << single;
	EXPECT_EQ(catalog.at("101").price.minor, 16800);
	EXPECT_EQ(catalog.at("101").stock, 12);
	EXPECT_EQ(catalog.at("101").compare_at.minor, 19800) << "the list's origin stays";
	EXPECT_FALSE(catalog.at("104").has_stock);

	// One item.get per item, asked by item_id.
	ASSERT_EQ(gets.size(), 6u);
	EXPECT_EQ(gets[0].method, "POST");
	EXPECT_EQ(gets[0].query["access_token"], "(present)");
	EXPECT_EQ(gets[0].body, R"({"item_id":101})");
	EXPECT_EQ(gets[5].body, R"({"item_id":106})");
}

TEST(ProviderYouzanFetch, ItemGetOnlyForNewOrChangedItems)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	std::vector<ShopRequest> gets;
	{
		Catalog first;
		ASSERT_TRUE(yz.read(first, &gets)) << yz.err.text;
		EXPECT_EQ(gets.size(), 6u);
	}
	{
		// Nothing changed: the SKUs are remembered, and no quota is spent on them.
		Catalog same;
		ASSERT_TRUE(yz.read(same, &gets)) << yz.err.text;
		EXPECT_EQ(gets.size(), 0u);
		EXPECT_EQ(yz.shop.requests_to("/youzan/api/youzan.items.onsale.get/3.0.0").size(), 1u);
		EXPECT_EQ(same.at("106").price.minor, 12850);
		EXPECT_TRUE(same.at("106").price_from) << "from what the first read remembered";
		EXPECT_EQ(same.at("106").stock, 25);
	}
	{
		// 106's price moves (every SKU by as much): its SKUs are asked for again, and only its.
		ASSERT_TRUE(yz.shop.control("POST", "/_control/product", R"({"id":106,"price":"118.50"})"))
			<< yz.shop.error();
		Catalog changed;
		ASSERT_TRUE(yz.read(changed, &gets)) << yz.err.text;
		ASSERT_EQ(gets.size(), 1u);
		EXPECT_EQ(gets[0].body, R"({"item_id":106})");
		EXPECT_EQ(changed.at("106").price.minor, 11850);
		EXPECT_TRUE(changed.at("106").price_from);
	}
	{
		// A sale changes 101's quantity: one call, for 101.
		ASSERT_TRUE(yz.shop.add_order("101", 2));
		Catalog sold;
		ASSERT_TRUE(yz.read(sold, &gets)) << yz.err.text;
		ASSERT_EQ(gets.size(), 1u);
		EXPECT_EQ(gets[0].body, R"({"item_id":101})");
		EXPECT_EQ(sold.at("101").stock, 10);
	}
	{
		// Items that leave the list are forgotten: back on sale, they are asked for again.
		ASSERT_TRUE(yz.config(R"({"extra_items":2})"));
		Catalog more;
		ASSERT_TRUE(yz.read(more, &gets)) << yz.err.text;
		EXPECT_EQ(gets.size(), 2u);
		EXPECT_TRUE(more.at("900002").price_from);
		ASSERT_TRUE(yz.config(R"({"extra_items":0})"));
		Catalog fewer;
		ASSERT_TRUE(yz.read(fewer, &gets)) << yz.err.text;
		EXPECT_EQ(fewer.c.count, 6u);
		EXPECT_EQ(gets.size(), 0u);
		ASSERT_TRUE(yz.config(R"({"extra_items":2})"));
		Catalog back;
		ASSERT_TRUE(yz.read(back, &gets)) << yz.err.text;
		EXPECT_EQ(gets.size(), 2u) << "not remembered from before they left";
	}
}

TEST(ProviderYouzanFetch, ItemGetRefusedKeepsTheListedItem)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	ASSERT_TRUE(yz.config(R"({"item_get_refused":["106"]})"));
	Catalog catalog;
	std::vector<ShopRequest> gets;
	ASSERT_TRUE(yz.read(catalog, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 6u);
	ASSERT_EQ(catalog.c.count, 6u) << "106 is kept";
	const olc_product &tea = catalog.at("106");
	EXPECT_EQ(tea.price.minor, 12850) << "the on-sale price";
	EXPECT_FALSE(tea.price_from) << "its SKUs are not known";
	EXPECT_EQ(tea.stock, 25) << "the on-sale quantity";
	EXPECT_EQ(yz.res.report.rejected, 0u) << "read from the list: no product is rejected";
	EXPECT_EQ(yz.res.report.accepted, 6u);
	const char *const refused_106 =
		"Youzan: 1 product shows its listed price, its SKUs unread (asked again in 10 minutes or when listed "
		"anew; the last reason: product 6 (id 106): youzan.item.get: Youzan said (code 50000): 商品不存在)";
	EXPECT_STREQ(yz.res.warning.text, refused_106);

	// Remembered: not asked again at every read (each call counts against the quota)...
	ASSERT_TRUE(yz.config(R"({"item_get_refused":[]})"));
	Catalog again;
	ASSERT_TRUE(yz.read(again, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 0u);
	EXPECT_STREQ(yz.res.warning.text, refused_106);
	// ...but ten minutes later, and then read.
	g_shift_ms += OLC_YOUZAN_ITEM_GET_RETRY_MS;
	Catalog later;
	ASSERT_TRUE(yz.read(later, &gets)) << yz.err.text;
	ASSERT_EQ(gets.size(), 1u);
	EXPECT_EQ(gets[0].body, R"({"item_id":106})");
	EXPECT_TRUE(later.at("106").price_from);
	EXPECT_STREQ(yz.res.warning.text, "");

	// An answer of no shape of Youzan's for one item (its stock changed, so it is asked): the same.
	ASSERT_TRUE(yz.shop.add_order("103", 1));
	ASSERT_TRUE(yz.shop.set_fault("html-maintenance", item_get_path, 1));
	Catalog broken;
	ASSERT_TRUE(yz.read(broken, &gets)) << yz.err.text;
	ASSERT_EQ(gets.size(), 1u);
	EXPECT_EQ(broken.c.count, 6u);
	EXPECT_EQ(broken.at("103").stock, 39);
	EXPECT_EQ(yz.res.report.rejected, 0u);
	EXPECT_NE(std::string(yz.res.warning.text)
			  .find("the last reason: product 3 (id 103): youzan.item.get: the shop answered with a web page"),
		  std::string::npos)
		<< yz.res.warning.text;
	// A new listing (another sale) is asked at once, without waiting out the ten minutes.
	ASSERT_TRUE(yz.shop.add_order("103", 1));
	Catalog sold;
	ASSERT_TRUE(yz.read(sold, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 1u);
	EXPECT_STREQ(yz.res.warning.text, "");
}

TEST(ProviderYouzanFetch, ItemGetDeniedByTheGatewayIsAskedOnce)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	// An app without the API's package: the gateway refuses every item.get, whatever the item.
	ASSERT_TRUE(yz.config(R"({"item_get_denied":true})"));
	Catalog catalog;
	std::vector<ShopRequest> gets;
	ASSERT_TRUE(yz.read(catalog, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 1u) << "no quota spent on five more refusals";
	ASSERT_EQ(catalog.c.count, 6u);
	EXPECT_EQ(catalog.at("106").price.minor, 12850);
	EXPECT_FALSE(catalog.at("106").price_from);
	EXPECT_EQ(yz.res.report.rejected, 0u);
	EXPECT_STREQ(yz.res.warning.text,
		     "Youzan: 6 products show their listed price for 10 minutes: youzan.item.get: Youzan says the app "
		     "may not use this API (code 4204: 无权限访问): in the 有赞云 console, add the goods and order API "
		     "packages (能力包) to the app");

	// Granted: seen at the first read after the ten minutes, not before.
	ASSERT_TRUE(yz.config(R"({"item_get_denied":false})"));
	Catalog soon;
	ASSERT_TRUE(yz.read(soon, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 0u);
	g_shift_ms += OLC_YOUZAN_ITEM_GET_RETRY_MS;
	Catalog granted;
	ASSERT_TRUE(yz.read(granted, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 6u);
	EXPECT_TRUE(granted.at("106").price_from);
	EXPECT_STREQ(yz.res.warning.text, "");
}

// A rate limit met by item.get stops that read's calls, not the read: the list's products are
// shown, with their listed price until the next read.
TEST(ProviderYouzanFetch, ItemGetRateLimitStopsTheCallsNotTheRead)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	ASSERT_TRUE(yz.shop.set_fault("throttled", item_get_path, 1));
	Catalog catalog;
	std::vector<ShopRequest> gets;
	ASSERT_TRUE(yz.read(catalog, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 1u) << "no call after the limit";
	EXPECT_EQ(catalog.c.count, 6u);
	EXPECT_FALSE(catalog.at("106").price_from);
	EXPECT_EQ(yz.res.retry_after_ms, -1) << "the read succeeded: the next one at its time";
	EXPECT_STREQ(yz.res.warning.text,
		     "Youzan: 6 products show their listed price until their SKUs are read (Youzan is limiting "
		     "requests)");

	Catalog next;
	ASSERT_TRUE(yz.read(next, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 6u);
	EXPECT_TRUE(next.at("106").price_from);
}

TEST(ProviderYouzanFetch, ItemGetCallsPerReadAreCapped)
{
	ASSERT_TRUE(olc_http_global_init());
	YouzanShop yz;
	ASSERT_TRUE(yz.shop.ok()) << yz.shop.error();
	const int extra = 150, total = 6 + extra;
	ASSERT_TRUE(yz.config(R"({"extra_items":150})"));
	Catalog first;
	std::vector<ShopRequest> gets;
	ASSERT_TRUE(yz.read(first, &gets)) << yz.err.text;
	ASSERT_EQ(first.c.count, (size_t)total);
	ASSERT_EQ(gets.size(), (size_t)OLC_YOUZAN_ITEM_GETS_PER_FETCH);
	EXPECT_EQ(yz.res.report.rejected, 0u) << "an item waiting for its turn is no unreadable item";
	EXPECT_STREQ(yz.res.warning.text,
		     "Youzan: 56 products show their listed price until their SKUs are read (a catalog read makes at "
		     "most 100 youzan.item.get calls in at most 10 s, to spare the shop's API quota)");
	// The first 100 in the list have their SKUs; the rest their listed price for now.
	EXPECT_TRUE(first.at("106").price_from);
	EXPECT_TRUE(first.at("900094").price_from);
	EXPECT_FALSE(first.at("900095").price_from);
	EXPECT_EQ(first.at("900150").price.minor, 1149);
	EXPECT_EQ(first.at("900150").stock, 5);

	Catalog second;
	ASSERT_TRUE(yz.read(second, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), (size_t)(total - OLC_YOUZAN_ITEM_GETS_PER_FETCH)) << "the rest, and only the rest";
	EXPECT_STREQ(yz.res.warning.text, "");
	for (size_t i = 0; i < second.c.count; i++)
		EXPECT_EQ(second.c.products[i].price_from, strcmp(second.c.products[i].id, "106") == 0 ||
								   strncmp(second.c.products[i].id, "900", 3) == 0)
			<< second.c.products[i].id;

	Catalog third;
	ASSERT_TRUE(yz.read(third, &gets)) << yz.err.text;
	EXPECT_EQ(gets.size(), 0u);
}
