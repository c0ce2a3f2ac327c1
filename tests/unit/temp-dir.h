// A fresh directory under the test temp dir, removed with everything in it at the end of a test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

#include <stdlib.h>

class TempDir {
      public:
	TempDir()
	{
		std::string pattern = testing::TempDir() + "olc-unit-XXXXXX";
		if (!mkdtemp(pattern.data()))
			throw std::runtime_error("mkdtemp failed for " + pattern);
		path_ = pattern;
	}
	~TempDir()
	{
		std::error_code ignored;
		std::filesystem::remove_all(path_, ignored);
	}
	TempDir(const TempDir &) = delete;
	TempDir &operator=(const TempDir &) = delete;

	const std::string &path() const { return path_; }
	std::string file(const std::string &name) const { return path_ + "/" + name; }

	// Every name in the directory, hidden temporary files included.
	std::set<std::string> names() const
	{
		std::set<std::string> result;
		for (const auto &entry : std::filesystem::directory_iterator(path_))
			result.insert(entry.path().filename().string());
		return result;
	}

      private:
	std::string path_;
};

inline std::string read_bytes(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		throw std::runtime_error("cannot open " + path);
	return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string &path, const std::string &bytes)
{
	std::ofstream out(path, std::ios::binary | std::ios::trunc);
	out << bytes;
	if (!out)
		throw std::runtime_error("cannot write " + path);
}
