// The vendor API's field checks (plugin/api/vendor-fields.c) on obs_data as obs-websocket builds it from
// a request's JSON: 64-bit integers, doubles for fractions, exponents and integers past 64 bits
// (2^63 arrives as INT64_MIN, wrapped), strings, booleans, objects and arrays of objects. Only
// libobs's obs_data runs here, no OBS.
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include <obs-data.h>

#include "api/vendor-fields.h"

namespace {

const olc_field item_fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_REQUIRED, 1, 256, nullptr, "a product id"},
	{},
};

// As FeatureProduct's, SimulateOrder's and StartCountdown's, in one table.
const olc_field fields[] = {
	{"id", OLC_FIELD_TEXT, OLC_FIELD_ONE_OF, 1, 256, nullptr, ""},
	{"ids", OLC_FIELD_LIST, OLC_FIELD_ONE_OF, 1, 3, item_fields, ""},
	{"number", OLC_FIELD_WHOLE, OLC_FIELD_ONE_OF, 1, 9999, nullptr, ""},
	{"quantity", OLC_FIELD_WHOLE, OLC_FIELD_OPTIONAL, 1, 999, nullptr, ""},
	{"label", OLC_FIELD_TEXT, OLC_FIELD_OPTIONAL, 0, 200, nullptr, ""},
	{"deck", OLC_FIELD_OBJECT, OLC_FIELD_OPTIONAL, 0, 64, nullptr, ""},
	{"product_id", OLC_FIELD_TEXT, OLC_FIELD_AT_MOST_ONE, 1, 256, nullptr, ""},
	{"deck_number", OLC_FIELD_WHOLE, OLC_FIELD_AT_MOST_ONE, 1, 9999, nullptr, ""},
	{},
};

const olc_field seconds_fields[] = {
	{"seconds", OLC_FIELD_WHOLE, OLC_FIELD_REQUIRED, 5, 3600, nullptr, ""},
	{},
};

const olc_field no_fields[] = {{}};

struct Data {
	obs_data_t *d = obs_data_create();
	~Data() { obs_data_release(d); }
};

// The message for data against the table, or "ok".
std::string check(obs_data_t *d, const olc_field *table = fields, const char *what = "FeatureProduct")
{
	olc_error err = {};
	return olc_fields_check(d, table, what, &err) ? "ok" : err.text;
}

// {"number": 3, key: ...} with the value set by set.
template <typename Set> std::string with(const char *key, Set set)
{
	Data data;
	if (std::string(key) != "number")
		obs_data_set_int(data.d, "number", 3);
	set(data.d, key);
	return check(data.d);
}

obs_data_array_t *id_list(std::initializer_list<const char *> ids)
{
	obs_data_array_t *array = obs_data_array_create();
	for (const char *id : ids) {
		obs_data_t *item = obs_data_create();
		obs_data_set_string(item, "id", id);
		obs_data_array_push_back(array, item);
		obs_data_release(item);
	}
	return array;
}

} // namespace

TEST(VendorFields, AWholeNumberIsRefusedWhenItIsAnotherTypeFractionalHugeOrOutOfRange)
{
	const std::string rule = "\"quantity\" must be a whole number from 1 to 999, not ";
	auto q = [](auto set) { return with("quantity", set); };
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_string(d, k, "3"); }), rule + "text of 1 byte");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_bool(d, k, true); }), rule + "true");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) {
			  obs_data_t *o = obs_data_create();
			  obs_data_set_obj(d, k, o);
			  obs_data_release(o);
		  }),
		  rule + "an object");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) {
			  obs_data_array_t *a = id_list({"x"});
			  obs_data_set_array(d, k, a);
			  obs_data_array_release(a);
		  }),
		  rule + "a list of 1");
	// Truncated to 32 bits these would be 1; wrapped 2^63 would be negative; beyond long long, undefined.
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, 4294967297LL); }), rule + "4294967297");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, LLONG_MIN); }),
		  rule + "-9223372036854775808");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_double(d, k, 1e300); }), rule + "1e+300");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_double(d, k, 18446744073709551616.0); }),
		  rule + "1.84467440737096e+19");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, -1); }), rule + "-1");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, 0); }), rule + "0");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, 1000); }), rule + "1000");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_double(d, k, 1.5); }), rule + "1.5");
	EXPECT_EQ(q([](obs_data_t *d, const char *k) { obs_data_set_double(d, k, 998.9999999); }),
		  rule + "998.9999999");
}

TEST(VendorFields, AWholeNumberAtItsLimitsOrSentAsADoubleWithoutFractionIsReadExactly)
{
	Data data;
	obs_data_set_int(data.d, "number", 9999);
	obs_data_set_double(data.d, "quantity", 999.0);
	ASSERT_EQ(check(data.d), "ok");
	EXPECT_EQ(olc_field_whole(data.d, "number", 0), 9999);
	EXPECT_EQ(olc_field_whole(data.d, "quantity", 0), 999);
	EXPECT_EQ(olc_field_whole(data.d, "absent", 7), 7);

	obs_data_set_int(data.d, "number", 1);
	obs_data_set_double(data.d, "quantity", 1.0);
	ASSERT_EQ(check(data.d), "ok");
	EXPECT_EQ(olc_field_whole(data.d, "quantity", 0), 1);
}

TEST(VendorFields, TextIsRefusedWhenItIsAnotherTypeOrLongerThanItsLimit)
{
	const std::string rule = "\"label\" must be text of at most 200 bytes, not ";
	auto l = [](auto set) { return with("label", set); };
	EXPECT_EQ(l([](obs_data_t *d, const char *k) { obs_data_set_int(d, k, 5); }), rule + "5");
	EXPECT_EQ(l([](obs_data_t *d, const char *k) { obs_data_set_double(d, k, 1.5); }), rule + "1.5");
	EXPECT_EQ(l([](obs_data_t *d, const char *k) { obs_data_set_bool(d, k, false); }), rule + "false");
	EXPECT_EQ(l([](obs_data_t *d, const char *k) { obs_data_set_string(d, k, std::string(1 << 20, 'x').c_str()); }),
		  rule + "text of 1048576 bytes");
	EXPECT_EQ(l([](obs_data_t *d, const char *k) { obs_data_set_string(d, k, std::string(201, 'x').c_str()); }),
		  rule + "text of 201 bytes");
	// 200 bytes of UTF-8 (66 three-byte characters and two letters) is the limit itself.
	std::string at_limit;
	for (int i = 0; i < 66; i++)
		at_limit += "限";
	at_limit += "ab";
	ASSERT_EQ(at_limit.size(), 200u);
	EXPECT_EQ(l([&](obs_data_t *d, const char *k) { obs_data_set_string(d, k, at_limit.c_str()); }), "ok");

	EXPECT_EQ(with("id",
		       [](obs_data_t *d, const char *k) {
			       obs_data_erase(d, "number");
			       obs_data_set_string(d, k, "");
		       }),
		  "\"id\" must be non-empty text of at most 256 bytes, not empty text");
}

TEST(VendorFields, ListsAndObjectsAreCheckedForTypeLengthSizeAndEveryItem)
{
	auto ids = [](std::initializer_list<const char *> list) {
		return with("ids", [&](obs_data_t *d, const char *k) {
			obs_data_erase(d, "number");
			obs_data_array_t *a = id_list(list);
			obs_data_set_array(d, k, a);
			obs_data_array_release(a);
		});
	};
	EXPECT_EQ(ids({"a", "b", "c"}), "ok");
	EXPECT_EQ(ids({}), "\"ids\" must be a list of 1 to 3 objects, not an empty list");
	EXPECT_EQ(ids({"a", "b", "c", "d"}), "\"ids\" must be a list of 1 to 3 objects, not a list of 4");
	EXPECT_EQ(ids({"a", ""}), "\"ids\" item 2: \"id\" must be non-empty text of at most 256 bytes, not empty text");
	EXPECT_EQ(with("ids",
		       [](obs_data_t *d, const char *k) {
			       obs_data_erase(d, "number");
			       obs_data_array_t *a = id_list({"a"});
			       obs_data_t *item = obs_data_array_item(a, 0);
			       obs_data_set_int(item, "number", 2);
			       obs_data_release(item);
			       obs_data_set_array(d, k, a);
			       obs_data_array_release(a);
		       }),
		  "\"ids\" item 1: \"number\" is not a field of an item of \"ids\" (its fields: \"id\")");
	EXPECT_EQ(with("ids",
		       [](obs_data_t *d, const char *k) {
			       obs_data_erase(d, "number");
			       obs_data_set_string(d, k, "a");
		       }),
		  "\"ids\" must be a list of 1 to 3 objects, not text of 1 byte");

	EXPECT_EQ(with("deck",
		       [](obs_data_t *d, const char *k) {
			       obs_data_t *o = obs_data_create();
			       obs_data_set_string(o, "name", std::string(100, 'n').c_str());
			       obs_data_set_obj(d, k, o);
			       obs_data_release(o);
		       }).rfind("\"deck\" must be an object of at most 64 bytes of JSON, not ", 0),
		  0u);
	EXPECT_EQ(with("deck", [](obs_data_t *d, const char *k) { obs_data_set_string(d, k, "deck"); }),
		  "\"deck\" must be an object of at most 64 bytes of JSON, not text of 4 bytes");
}

TEST(VendorFields, RequiredAlternativeAndExclusiveFieldsAreEnforced)
{
	Data none;
	EXPECT_EQ(check(none.d, seconds_fields, "StartCountdown"),
		  "\"seconds\" is required: a whole number from 5 to 3600");
	EXPECT_EQ(check(none.d), "give one of \"id\", \"ids\" or \"number\"");

	Data both;
	obs_data_set_string(both.d, "id", "a");
	obs_data_set_int(both.d, "number", 3);
	EXPECT_EQ(check(both.d),
		  "\"id\" and \"number\" cannot be given together: give one of \"id\", \"ids\" or \"number\"");

	Data exclusive;
	obs_data_set_int(exclusive.d, "number", 3);
	obs_data_set_string(exclusive.d, "product_id", "a");
	EXPECT_EQ(check(exclusive.d), "ok");
	obs_data_set_int(exclusive.d, "deck_number", 3);
	EXPECT_EQ(check(exclusive.d), "\"product_id\" and \"deck_number\" cannot be given together: give "
				      "\"product_id\" or \"deck_number\", or "
				      "neither");
}

// obs_data cannot tell an absent key from one with a default: only values the request set count.
TEST(VendorFields, ADefaultValueIsNotAGivenField)
{
	Data data;
	obs_data_set_int(data.d, "number", 3);
	obs_data_set_default_int(data.d, "quantity", 5000);
	obs_data_set_default_string(data.d, "nonsense", "x");
	EXPECT_EQ(check(data.d), "ok");
	EXPECT_FALSE(olc_field_given(data.d, "quantity"));
	EXPECT_EQ(olc_field_whole(data.d, "quantity", 1), 1);
	EXPECT_STREQ(olc_field_text(data.d, "label"), "");
}

TEST(VendorFields, AFieldTheRequestDoesNotHaveIsNamedWithTheFieldsItHas)
{
	Data data;
	obs_data_set_int(data.d, "nonsense", 1);
	EXPECT_EQ(check(data.d, no_fields, "GetVersion"),
		  "\"nonsense\" is not a field of GetVersion, which takes none");
	EXPECT_EQ(check(data.d, seconds_fields, "StartCountdown"),
		  "\"nonsense\" is not a field of StartCountdown (its fields: \"seconds\")");

	// A megabyte-long name is quoted short, and the message stays one readable line.
	Data huge;
	obs_data_set_int(huge.d, std::string(1 << 20, 'k').c_str(), 1);
	const std::string said = check(huge.d, no_fields, "GetVersion");
	EXPECT_EQ(said.rfind("\"kkkk", 0), 0u) << said;
	EXPECT_NE(said.find("...\" is not a field of GetVersion, which takes none"), std::string::npos) << said;
	EXPECT_LT(said.size(), 100u);
}
