// A fresh directory under the test temp dir, removed with everything in it at the end of a test.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

// A named pipe (FIFO) at path: opening it for reading blocks until someone opens it for writing,
// and reading it blocks until someone writes; the way a careless reader hangs forever.
inline void make_fifo(const std::string &path)
{
	if (mkfifo(path.c_str(), 0600) != 0)
		throw std::runtime_error("mkfifo failed for " + path);
}

// Lets a reader stuck on the FIFO at path go: opening the write end wakes a blocked open() for
// reading, and closing it at once makes the reader's next read() see the end of the file.
// Without a reader the open fails at once (O_NONBLOCK) and nothing happens.
inline void release_fifo(const std::string &path)
{
	int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
}

// A watchdog, not a timing: runs call on its own thread and gives it bound to return. If it has
// not by then, it is stuck: release() is called (again, until the call returns) so that the test
// can end, and the result is false. A call that never blocks returns long before the bound.
inline bool returns_within(std::chrono::milliseconds bound, const std::function<void()> &call,
			   const std::function<void()> &release)
{
	std::mutex mu;
	std::condition_variable cv;
	bool done = false;
	std::thread runner([&] {
		call();
		std::lock_guard<std::mutex> lock(mu);
		done = true;
		cv.notify_all();
	});
	std::unique_lock<std::mutex> lock(mu);
	bool in_time = cv.wait_for(lock, bound, [&] { return done; });
	while (!done) {
		release();
		cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; });
	}
	lock.unlock();
	runner.join();
	return in_time;
}

// What with_file_size_limit saw: whether the call succeeded, the message it left, and what went
// wrong with the child process itself ("" when nothing did).
struct LimitedRun {
	bool succeeded = false;
	std::string message;
	std::string trouble;
};

// Runs fn in a child process whose files may grow to at most `bytes` (RLIMIT_FSIZE): a full disk,
// which stops root too (tests run as root, whom permissions do not stop). SIGXFSZ is ignored
// there, so write() reports EFBIG. fn returns whether it succeeded and writes its message into
// the buffer it is given.
inline LimitedRun with_file_size_limit(rlim_t bytes, const std::function<bool(char *message, size_t size)> &fn)
{
	LimitedRun run;
	int fds[2];
	if (pipe(fds) != 0) {
		run.trouble = "pipe failed";
		return run;
	}
	pid_t child = fork();
	if (child < 0) {
		run.trouble = "fork failed";
		return run;
	}
	if (child == 0) {
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit limit;
		getrlimit(RLIMIT_FSIZE, &limit);
		limit.rlim_cur = bytes;
		char message[512] = "";
		if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
			_exit(3);
		bool ok = fn(message, sizeof(message));
		if (write(fds[1], message, strlen(message)) < 0)
			_exit(3);
		_exit(ok ? 1 : 0);
	}
	close(fds[1]);
	char buf[256];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		run.message.append(buf, static_cast<size_t>(n));
	close(fds[0]);
	int status = 0;
	if (waitpid(child, &status, 0) != child)
		run.trouble = "waitpid failed";
	else if (!WIFEXITED(status))
		run.trouble = "the child died with signal " + std::to_string(WTERMSIG(status));
	else if (WEXITSTATUS(status) > 1)
		run.trouble = "the child could not set the limit or report";
	else
		run.succeeded = WEXITSTATUS(status) == 1;
	return run;
}
