// Saving on a disk that is really full and in a config folder that is really read-only: the named
// decks (core/session/deck-library.h), live.json (core/session/live-settings.h) and the sales
// journal (core/sales/journal.h). Each must say what went wrong in plain words and leave the files
// it had written before exactly as they were, byte for byte.
//
// No mock: each test runs in a mount namespace of its own (unshare), on a small tmpfs that is
// filled to ENOSPC, or remounted read-only (EROFS; chmod 0555 would not stop root). That needs
// root (the test command runs the unit tests as root in the Debian root); elsewhere the tests are
// skipped, and ctest's "Skipped" is a failure line in the test command, never a pass.
#include <gtest/gtest.h>

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/deck.h"
#include "core/sales/journal.h"
#include "core/sales/report.h"
#include "core/session/deck-library.h"
#include "core/session/live-settings.h"
#include "fixtures/journal.h"
#include "temp-dir.h"

namespace {

// A tmpfs of its own for one test, in a mount namespace of the test's process (ctest runs each
// test in a process of its own), so nothing of it is seen outside and it goes with the process.
// Threads started after it (the deck saver, the journal's worker) share the namespace.
class SmallDisk {
      public:
	explicit SmallDisk(const char *size = "256k")
	{
		if (unshare(CLONE_NEWNS) != 0) {
			why_ = std::string("cannot make a mount namespace (") + strerror(errno) + "): run as root";
			return;
		}
		// Mounts made from here on stay in this namespace: every mount private. In a chroot (the
		// Debian root) "/" is no mount point, so each one the process sees is made private instead.
		if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 && !all_private()) {
			why_ = std::string("cannot make the mounts private (") + strerror(errno) + ")";
			return;
		}
		const std::string options = std::string("size=") + size + ",mode=0755";
		if (mount("olc-small-disk", tmp_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
			why_ = std::string("cannot mount a tmpfs (") + strerror(errno) + ")";
			return;
		}
		mounted_ = true;
	}
	~SmallDisk()
	{
		if (mounted_)
			umount2(tmp_.path().c_str(), MNT_DETACH);
	}
	SmallDisk(const SmallDisk &) = delete;
	SmallDisk &operator=(const SmallDisk &) = delete;

	// Makes every mount listed in /proc/self/mountinfo private; false when none could be.
	static bool all_private()
	{
		std::ifstream info("/proc/self/mountinfo");
		std::string line;
		int made = 0;
		while (std::getline(info, line)) {
			// "ID PARENT MAJ:MIN ROOT MOUNT-POINT ...": the fifth field (octal escapes aside).
			std::istringstream fields(line);
			std::string skip, point;
			fields >> skip >> skip >> skip >> skip >> point;
			made += !point.empty() && mount("none", point.c_str(), nullptr, MS_PRIVATE, nullptr) == 0;
		}
		return made > 0;
	}

	// "" when the disk is there.
	const std::string &why_not() const { return why_; }
	std::string file(const std::string &name) const { return tmp_.file(name); }

	// Writes a filler file until the disk says ENOSPC; false (with the reason) otherwise.
	bool fill(std::string *reason)
	{
		int fd = open(file("filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			*reason = std::string("cannot make the filler: ") + strerror(errno);
			return false;
		}
		std::vector<char> block(4096, 'x');
		int last = 0;
		for (int i = 0; i < 100000; i++) {
			ssize_t n = write(fd, block.data(), block.size());
			if (n < 0) {
				last = errno;
				break;
			}
		}
		// The last bytes that fit (less than a block): one at a time.
		while (last == ENOSPC && write(fd, "x", 1) == 1) {
		}
		close(fd);
		if (last != ENOSPC) {
			*reason = std::string("the disk never filled up: ") + strerror(last);
			return false;
		}
		return true;
	}
	void empty() { unlink(file("filler").c_str()); }

	bool read_only(std::string *reason)
	{
		if (mount("olc-small-disk", tmp_.path().c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
			  nullptr) != 0) {
			*reason = std::string("cannot remount read-only: ") + strerror(errno);
			return false;
		}
		return true;
	}
	bool writable(std::string *reason)
	{
		if (mount("olc-small-disk", tmp_.path().c_str(), nullptr, MS_REMOUNT | MS_NOSUID | MS_NODEV, nullptr) != 0) {
			*reason = std::string("cannot remount writable: ") + strerror(errno);
			return false;
		}
		return true;
	}

	// Every file under dir (relative names) with its bytes.
	std::map<std::string, std::string> files(const std::string &dir) const
	{
		std::map<std::string, std::string> out;
		for (const auto &e : std::filesystem::recursive_directory_iterator(dir))
			if (e.is_regular_file())
				out[std::filesystem::relative(e.path(), dir).string()] = read_bytes(e.path().string());
		return out;
	}

      private:
	TempDir tmp_;
	std::string why_;
	bool mounted_ = false;
};

#define SMALL_DISK(disk)                                   \
	SmallDisk disk;                                    \
	if (!disk.why_not().empty())                       \
		GTEST_SKIP() << disk.why_not();

struct Deck {
	olc_deck d;
	Deck() { olc_deck_init(&d); }
	~Deck() { olc_deck_free(&d); }
};

void make_deck(olc_deck *d, const char *name, int items, const char *notes)
{
	olc_error err{};
	ASSERT_TRUE(olc_deck_set_name(d, name, &err));
	ASSERT_TRUE(olc_deck_set_currency(d, "CNY", &err));
	for (int i = 1; i <= items; i++) {
		olc_deck_item *item = olc_deck_append(d, i, ("p" + std::to_string(i)).c_str(), &err);
		ASSERT_NE(item, nullptr) << err.text;
		ASSERT_TRUE(olc_deck_item_set_notes(item, notes));
	}
}

// The config folder as the plugin leaves it after a good save: two named decks, the active one
// chosen, and live.json.
void write_config(const std::string &config)
{
	olc_error err{};
	olc_deck_library *lib = olc_deck_library_create((config + "/decks").c_str(), 0, &err, &err);
	ASSERT_NE(lib, nullptr) << err.text;
	Deck spring, autumn;
	make_deck(&spring.d, "春季市集", 3, "讲解要点");
	make_deck(&autumn.d, "Autumn", 2, "old notes");
	ASSERT_TRUE(olc_deck_library_put(lib, &spring.d, &err)) << err.text;
	ASSERT_TRUE(olc_deck_library_put(lib, &autumn.d, &err)) << err.text;
	ASSERT_TRUE(olc_deck_library_select(lib, "春季市集", &err)) << err.text;
	olc_deck_library_flush(lib);
	olc_error save{};
	olc_deck_library_save_error(lib, &save);
	ASSERT_STREQ(save.text, "");
	olc_deck_library_destroy(lib);

	olc_live_settings live;
	olc_live_settings_default(&live);
	snprintf(live.stream_language, sizeof(live.stream_language), "zh-CN");
	ASSERT_TRUE(olc_live_settings_save((config + "/live.json").c_str(), &live, &err)) << err.text;
}

// Edits every file of the config folder (a deck changed, a new deck, another active one, the live
// options) on a disk that refuses them: each save fails with `refusal` in its message and nothing
// on the disk changes.
void edit_config_and_expect_refusal(SmallDisk &disk, const std::string &config,
				    const std::map<std::string, std::string> &before, const char *refusal)
{
	olc_error err{};
	olc_deck_library *lib = olc_deck_library_create((config + "/decks").c_str(), 0, &err, &err);
	ASSERT_NE(lib, nullptr) << err.text;
	Deck changed, added;
	make_deck(&changed.d, "Autumn", 4, std::string(3000, 'n').c_str());
	make_deck(&added.d, "Winter", 1, "new");
	ASSERT_TRUE(olc_deck_library_put(lib, &changed.d, &err)) << err.text;
	ASSERT_TRUE(olc_deck_library_put(lib, &added.d, &err)) << err.text;
	ASSERT_TRUE(olc_deck_library_select(lib, "Winter", &err)) << err.text;
	olc_deck_library_flush(lib);
	olc_error save{};
	olc_deck_library_save_error(lib, &save);
	EXPECT_NE(std::string(save.text).find(refusal), std::string::npos) << save.text;
	EXPECT_NE(std::string(save.text).find("kept until OBS quits"), std::string::npos) << save.text;
	Deck got;
	ASSERT_TRUE(olc_deck_library_get(lib, "Autumn", &got.d));
	EXPECT_TRUE(olc_deck_equal(&got.d, &changed.d)) << "the edit stays in memory";
	olc_deck_library_destroy(lib);

	olc_live_settings live;
	olc_live_settings_default(&live);
	snprintf(live.stream_language, sizeof(live.stream_language), "en-US");
	olc_error live_err{};
	EXPECT_FALSE(olc_live_settings_save((config + "/live.json").c_str(), &live, &live_err));
	EXPECT_NE(std::string(live_err.text).find("live.json"), std::string::npos) << live_err.text;
	EXPECT_NE(std::string(live_err.text).find(refusal), std::string::npos) << live_err.text;

	// Byte for byte what was there, and no temporary file left behind.
	EXPECT_EQ(disk.files(config), before);
}

} // namespace

TEST(DiskTrouble, DecksAndLiveJsonOnAFullDiskSaySoAndKeepTheOldFiles)
{
	SMALL_DISK(disk);
	const std::string config = disk.file("obs-live-commerce");
	ASSERT_NO_FATAL_FAILURE(write_config(config));
	const auto before = disk.files(config);
	ASSERT_EQ(before.size(), 4u) << "two decks, active.txt and live.json";
	std::string why;
	ASSERT_TRUE(disk.fill(&why)) << why;

	ASSERT_NO_FATAL_FAILURE(edit_config_and_expect_refusal(disk, config, before, "No space left on device"));

	// Room again: the edits kept in memory are saved by the next one.
	disk.empty();
	olc_error err{};
	olc_deck_library *lib = olc_deck_library_create((config + "/decks").c_str(), 0, &err, &err);
	ASSERT_NE(lib, nullptr);
	Deck added;
	make_deck(&added.d, "Winter", 1, "new");
	ASSERT_TRUE(olc_deck_library_put(lib, &added.d, &err)) << err.text;
	olc_deck_library_flush(lib);
	olc_error save{};
	olc_deck_library_save_error(lib, &save);
	EXPECT_STREQ(save.text, "");
	olc_deck_library_destroy(lib);
	EXPECT_EQ(disk.files(config).count("decks/Winter.json"), 1u);
}

TEST(DiskTrouble, DecksAndLiveJsonInAReadOnlyFolderSaySoAndKeepTheOldFiles)
{
	SMALL_DISK(disk);
	const std::string config = disk.file("obs-live-commerce");
	ASSERT_NO_FATAL_FAILURE(write_config(config));
	const auto before = disk.files(config);
	ASSERT_EQ(before.size(), 4u);
	std::string why;
	ASSERT_TRUE(disk.read_only(&why)) << why;
	ASSERT_NO_FATAL_FAILURE(edit_config_and_expect_refusal(disk, config, before, "Read-only file system"));
}

namespace {

// Last night's session: 5 orders, ended.
void write_journal(const std::string &path)
{
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 5; k++)
		append_order(j, s, "old-" + std::to_string(k));
	olc_journal_end_session(j);
	ASSERT_TRUE(olc_journal_flush(j, 10000));
	olc_error err{};
	olc_journal_error(j, &err);
	ASSERT_STREQ(err.text, "");
	olc_journal_destroy(j);
}

// Tonight's session on a disk that refuses it: the error says `refusal`, the orders are counted in
// memory for this run's report, and last night's records are untouched (exact: the whole file).
void sell_and_expect_refusal(const std::string &path, const std::string &before, const char *refusal, bool exact)
{
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	for (int k = 1; k <= 20; k++)
		append_order(j, s, "new-" + std::to_string(k));
	EXPECT_TRUE(olc_journal_flush(j, 10000)) << "nothing waits on a disk that refuses";
	olc_error err{};
	olc_journal_error(j, &err);
	EXPECT_NE(std::string(err.text).find("journal.jsonl"), std::string::npos) << err.text;
	EXPECT_NE(std::string(err.text).find(refusal), std::string::npos) << err.text;
	olc_report r{};
	ASSERT_TRUE(olc_journal_report(j, &r, &err)) << err.text;
	ASSERT_EQ(r.count, 2u);
	EXPECT_EQ(r.sessions[0].total.orders, 5) << "last night's, read from the file";
	EXPECT_EQ(r.sessions[1].total.orders, 20) << "tonight's, kept in memory";
	olc_report_free(&r);
	olc_journal_destroy(j);
	const std::string after = read_bytes(path);
	if (exact) {
		EXPECT_EQ(after, before) << "last night's journal, byte for byte";
		return;
	}
	// A full tmpfs still takes bytes into the file's last page: whole records may fit there.
	// Last night's bytes stay as they were, and whatever was added is whole records.
	EXPECT_EQ(after.compare(0, before.size(), before), 0) << "last night's records, byte for byte";
	olc_journal_contents c{};
	ASSERT_TRUE(olc_journal_read_file(path.c_str(), &c, &err)) << err.text;
	EXPECT_EQ(c.damaged, 0u) << "a record written in part is cut off";
	EXPECT_EQ(c.whole_len, after.size());
	olc_journal_contents_free(&c);
}

} // namespace

TEST(DiskTrouble, JournalOnAFullDiskSaysSoAndKeepsTheOldRecords)
{
	SMALL_DISK(disk);
	const std::string path = disk.file("obs-live-commerce/sales/journal.jsonl");
	ASSERT_NO_FATAL_FAILURE(write_journal(path));
	const std::string before = read_bytes(path);
	ASSERT_GT(before.size(), 0u);
	std::string why;
	ASSERT_TRUE(disk.fill(&why)) << why;
	ASSERT_NO_FATAL_FAILURE(sell_and_expect_refusal(path, before, "No space left on device", false));

	// Room again: the next run appends after last night's records.
	disk.empty();
	olc_journal *j = open_journal(path);
	ASSERT_NE(j, nullptr);
	const int64_t s = olc_journal_start_session(j, "CNY");
	append_order(j, s, "later-1");
	ASSERT_TRUE(olc_journal_flush(j, 10000));
	olc_error err{};
	olc_journal_error(j, &err);
	EXPECT_STREQ(err.text, "");
	olc_journal_destroy(j);
	const std::string after = read_bytes(path);
	EXPECT_EQ(after.compare(0, before.size(), before), 0) << "appended after the old records";
	EXPECT_GT(after.size(), before.size());
}

TEST(DiskTrouble, JournalInAReadOnlyFolderSaysSoAndKeepsTheOldRecords)
{
	SMALL_DISK(disk);
	const std::string path = disk.file("obs-live-commerce/sales/journal.jsonl");
	ASSERT_NO_FATAL_FAILURE(write_journal(path));
	const std::string before = read_bytes(path);
	std::string why;
	ASSERT_TRUE(disk.read_only(&why)) << why;
	ASSERT_NO_FATAL_FAILURE(sell_and_expect_refusal(path, before, "Read-only file system", true));
}
