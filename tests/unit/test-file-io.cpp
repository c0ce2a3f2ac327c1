// The upkeep of cache folders (plugin/core/sys/file-io.c) on real files: olc_dir_trim removes the least
// recently modified files of one kind until the folder is within its byte and file caps, and
// olc_file_mtime reads back the time it orders them by.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdint>
#include <set>
#include <string>

#include "core/sys/file-io.h"
#include "temp-dir.h"

namespace {

constexpr int64_t base_s = 1767225600; // 2026-01-01T00:00:00Z

// A file of `size` bytes, last modified `at` seconds (plus nanoseconds) since 1970.
void make_file(const TempDir &dir, const std::string &name, size_t size, int64_t at, long ns = 0)
{
	write_bytes(dir.file(name), std::string(size, 'x'));
	struct timespec times[2] = {{static_cast<time_t>(at), ns}, {static_cast<time_t>(at), ns}};
	ASSERT_EQ(utimensat(AT_FDCWD, dir.file(name).c_str(), times, 0), 0) << name;
}

uint64_t bytes_of(const TempDir &dir, const std::string &suffix)
{
	uint64_t total = 0;
	for (const std::string &name : dir.names()) {
		struct stat st;
		if (name.size() >= suffix.size() &&
		    name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
		    stat(dir.file(name).c_str(), &st) == 0)
			total += static_cast<uint64_t>(st.st_size);
	}
	return total;
}

} // namespace

TEST(FileIo, MtimeIsWhatTheFileSays)
{
	TempDir dir;
	make_file(dir, "a.img", 10, base_s + 42);
	EXPECT_EQ(olc_file_mtime(dir.file("a.img").c_str()), base_s + 42);
	EXPECT_EQ(olc_file_mtime(dir.file("missing.img").c_str()), -1);
}

TEST(FileIo, DirTrimRemovesTheOldestUntilWithinTheByteCap)
{
	TempDir dir;
	// Written in a jumbled order: the times decide, not the names or the order of creation.
	make_file(dir, "c.img", 1000, base_s + 3);
	make_file(dir, "a.img", 1000, base_s + 5);
	make_file(dir, "e.img", 1000, base_s + 1);
	make_file(dir, "b.img", 1000, base_s + 4);
	make_file(dir, "d.img", 1000, base_s + 2);
	make_file(dir, "notes.txt", 5000, base_s); // not a cached photo: never counted or removed

	EXPECT_EQ(olc_dir_trim(dir.path().c_str(), ".img", 3000, 100, nullptr), 2);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"a.img", "b.img", "c.img", "notes.txt"}));
	EXPECT_EQ(bytes_of(dir, ".img"), 3000u);

	// Within both caps: nothing to do.
	EXPECT_EQ(olc_dir_trim(dir.path().c_str(), ".img", 3000, 100, nullptr), 0);
	EXPECT_EQ(dir.names().size(), 4u);
}

TEST(FileIo, DirTrimKeepsToTheFileCapAndNeverRemovesTheOneToKeep)
{
	TempDir dir;
	for (int i = 0; i < 6; i++)
		make_file(dir, "p" + std::to_string(i) + ".img", 10, base_s + i);
	// The newest download may be the oldest by its time (a server's clock): it stays anyway.
	make_file(dir, "new.img", 10, base_s - 100);

	EXPECT_EQ(olc_dir_trim(dir.path().c_str(), ".img", 1u << 20, 4, "new.img"), 3);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"new.img", "p3.img", "p4.img", "p5.img"}));
}

TEST(FileIo, DirTrimOrdersByNanosecondsThenByName)
{
	TempDir dir;
	make_file(dir, "b.img", 10, base_s, 500);
	make_file(dir, "a.img", 10, base_s, 500);
	make_file(dir, "c.img", 10, base_s, 100);

	EXPECT_EQ(olc_dir_trim(dir.path().c_str(), ".img", 20, 100, nullptr), 1);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"a.img", "b.img"}));
	EXPECT_EQ(olc_dir_trim(dir.path().c_str(), ".img", 10, 100, nullptr), 1);
	EXPECT_EQ(dir.names(), (std::set<std::string>{"b.img"}));
}

TEST(FileIo, DirTrimOfAMissingFolderSaysSo)
{
	TempDir dir;
	EXPECT_EQ(olc_dir_trim(dir.file("nowhere").c_str(), ".img", 0, 0, nullptr), -1);
}
