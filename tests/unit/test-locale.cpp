// The UI languages (data/locale/*.ini): every translation has exactly en-US's keys, and each string
// keeps en-US's placeholders, so no text falls back to English unnoticed and no %2 is shown raw or
// left without its value.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data-dir.h"

namespace {

// One file as OBS's text lookup reads it: Key="value" lines (\" and \\ and \n escaped in the value),
// blank lines and ';' or '#' comments between them.
struct Locale {
	std::map<std::string, std::string> strings;
	std::vector<std::string> problems; // lines OBS would not read as intended, duplicate keys
};

Locale read_locale(const std::string &name)
{
	Locale locale;
	const std::string path = data_dir() + "/locale/" + name + ".ini";
	std::ifstream in(path);
	if (!in) {
		locale.problems.push_back("cannot read " + path);
		return locale;
	}
	std::string line;
	for (int number = 1; std::getline(in, line); number++) {
		if (!line.empty() && line.back() == '\r')
			line.pop_back();
		if (line.empty() || line[0] == ';' || line[0] == '#')
			continue;
		const std::string where = name + ".ini line " + std::to_string(number) + ": ";
		const size_t eq = line.find('=');
		if (eq == std::string::npos || eq == 0) {
			locale.problems.push_back(where + "not Key=\"value\"");
			continue;
		}
		const std::string key = line.substr(0, eq);
		const std::string raw = line.substr(eq + 1);
		if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') {
			locale.problems.push_back(where + key + ": the value is not in double quotes");
			continue;
		}
		std::string value;
		for (size_t i = 1; i + 1 < raw.size(); i++) {
			if (raw[i] == '\\' && i + 2 < raw.size()) {
				const char next = raw[++i];
				value += next == 'n' ? '\n' : next;
			} else if (raw[i] == '"') {
				locale.problems.push_back(where + key + ": a quote inside the value is not escaped");
				break;
			} else {
				value += raw[i];
			}
		}
		if (!locale.strings.emplace(key, value).second)
			locale.problems.push_back(where + key + " is defined twice");
	}
	return locale;
}

// The placeholders of a string in a comparable form: Qt's numbered ones (%1 to %99, filled by
// QString::arg, so a translation may reorder them) as a sorted list, then printf's conversions
// (%s, %d, %lld, %.2f ...) in their order, which a translation must keep. "%%" and a percent sign
// before anything else ("7 %)", "15%") are text.
std::string placeholders(const std::string &s)
{
	std::multiset<int> numbered;
	std::string printf_order;
	for (size_t i = 0; i < s.size(); i++) {
		if (s[i] != '%' || i + 1 >= s.size())
			continue;
		size_t j = i + 1;
		if (s[j] == '%') {
			i = j;
			continue;
		}
		if (isdigit(static_cast<unsigned char>(s[j])) && s[j] != '0') {
			int n = s[j] - '0';
			if (j + 1 < s.size() && isdigit(static_cast<unsigned char>(s[j + 1])))
				n = n * 10 + (s[++j] - '0');
			numbered.insert(n);
			i = j;
			continue;
		}
		// printf: flags (no space: "% " is French for a percent sign), width, precision, length.
		while (j < s.size() && std::string("-+#0").find(s[j]) != std::string::npos)
			j++;
		while (j < s.size() && (isdigit(static_cast<unsigned char>(s[j])) || s[j] == '*'))
			j++;
		if (j < s.size() && s[j] == '.') {
			j++;
			while (j < s.size() && (isdigit(static_cast<unsigned char>(s[j])) || s[j] == '*'))
				j++;
		}
		const size_t length_start = j;
		while (j < s.size() && std::string("hljztL").find(s[j]) != std::string::npos)
			j++;
		if (j < s.size() && std::string("diouxXeEfFgGaAcsp").find(s[j]) != std::string::npos) {
			printf_order += "%" + s.substr(length_start, j - length_start + 1) + " ";
			i = j;
		}
	}
	std::string result;
	for (int n : numbered)
		result += "%" + std::to_string(n) + " ";
	return result + (printf_order.empty() ? "" : "| " + printf_order);
}

const char *const translations[] = {"zh-CN", "zh-TW", "fr-FR"};

} // namespace

TEST(Locale, PlaceholdersAreFoundAndPercentSignsAreText)
{
	EXPECT_EQ(placeholders("Shop: %1 · %2 · %3 products · %4 orders · %5"), "%1 %2 %3 %4 %5 ");
	EXPECT_EQ(placeholders("%2 / %1"), "%1 %2 ");
	EXPECT_EQ(placeholders("%10 and %1"), "%1 %10 ");
	EXPECT_EQ(placeholders("Low (7%)"), "");
	EXPECT_EQ(placeholders("Faible (7 %)"), "");
	EXPECT_EQ(placeholders("100%% real, 15% off"), "");
	EXPECT_EQ(placeholders("%s sold %d, %lld left at %.2f"), "| %s %d %lld %f ");
	EXPECT_NE(placeholders("%1 / %2"), placeholders("%1 / %1"));
	EXPECT_NE(placeholders("%s %d"), placeholders("%d %s"));
}

TEST(Locale, EnUsIsReadable)
{
	const Locale en = read_locale("en-US");
	for (const std::string &problem : en.problems)
		ADD_FAILURE() << problem;
	EXPECT_GT(en.strings.size(), 100u);
}

class Translation : public testing::TestWithParam<const char *> {};

TEST_P(Translation, HasEveryKeyOfEnUsAndNoOther)
{
	const Locale en = read_locale("en-US");
	const Locale tr = read_locale(GetParam());
	for (const std::string &problem : tr.problems)
		ADD_FAILURE() << problem;
	for (const auto &[key, value] : en.strings) {
		if (!tr.strings.count(key))
			ADD_FAILURE() << GetParam() << " has no " << key << " (en-US: \"" << value << "\")";
	}
	for (const auto &[key, value] : tr.strings) {
		if (!en.strings.count(key))
			ADD_FAILURE() << GetParam() << " has " << key << ", which en-US does not";
	}
}

TEST_P(Translation, KeepsThePlaceholdersOfEnUs)
{
	const Locale en = read_locale("en-US");
	const Locale tr = read_locale(GetParam());
	size_t with_placeholders = 0;
	for (const auto &[key, value] : en.strings) {
		const auto found = tr.strings.find(key);
		if (found == tr.strings.end())
			continue; // HasEveryKeyOfEnUsAndNoOther says so
		with_placeholders += !placeholders(value).empty();
		EXPECT_EQ(placeholders(found->second), placeholders(value))
			<< GetParam() << " " << key << ": \"" << found->second << "\" for en-US \"" << value << "\"";
	}
	EXPECT_GT(with_placeholders, 5u); // the strings the dock and the sources fill in are there
}

INSTANTIATE_TEST_SUITE_P(Languages, Translation, testing::ValuesIn(translations),
			 [](const testing::TestParamInfo<const char *> &info) {
				 std::string name = info.param;
				 name.erase(name.find('-'), 1);
				 return name;
			 });
