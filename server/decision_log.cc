#include "server/decision_log.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace refrain::server {

namespace {

std::string systemError(const std::string& what) { return what + ": " + std::strerror(errno); }

// The number in `decisions-00000042.jsonl`, or 0 for any other name.
uint64_t fileNumber(const char* name) {
  unsigned long long n = 0;
  int end = 0;
  if (std::sscanf(name, "decisions-%8llu.jsonl%n", &n, &end) == 1 && name[end] == '\0' &&
      std::strlen(name) == decisionLogFileName(n).size())
    return n;
  return 0;
}

// Cuts a torn last line (a crash in the middle of a write) off the file:
// such a line was never acknowledged, since entries are done only after
// their whole write. Returns the bytes dropped, or -1 on error.
long long repairTail(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -1;
  off_t end = st.st_size;
  char block[4096];
  off_t at = end;
  while (at > 0) {
    off_t start = at > off_t(sizeof block) ? at - off_t(sizeof block) : 0;
    ssize_t n = pread(fd, block, size_t(at - start), start);
    if (n != at - start) return -1;
    for (ssize_t i = n - 1; i >= 0; --i) {
      if (block[i] == '\n') {
        off_t keep = start + i + 1;
        if (keep == end) return 0;
        if (ftruncate(fd, keep) != 0 || fdatasync(fd) != 0) return -1;
        return static_cast<long long>(end - keep);
      }
    }
    at = start;
  }
  if (end == 0) return 0;
  if (ftruncate(fd, 0) != 0 || fdatasync(fd) != 0) return -1;
  return static_cast<long long>(end);
}

}  // namespace

const char* syncModeName(SyncMode mode) {
  switch (mode) {
    case SyncMode::kAlways: return "always";
    case SyncMode::kBatch: return "batch";
    case SyncMode::kNone: return "none";
  }
  return "always";
}

bool parseSyncMode(std::string_view text, SyncMode* mode) {
  for (SyncMode m : {SyncMode::kAlways, SyncMode::kBatch, SyncMode::kNone}) {
    if (text == syncModeName(m)) return *mode = m, true;
  }
  return false;
}

std::string decisionLogFileName(uint64_t number) {
  char name[40];
  std::snprintf(name, sizeof name, "decisions-%08llu.jsonl", static_cast<unsigned long long>(number));
  return name;
}

DecisionLog::DecisionLog(const DecisionLogOptions& options) : options_(options) {}

std::unique_ptr<DecisionLog> DecisionLog::open(const DecisionLogOptions& options, std::string* error) {
  std::unique_ptr<DecisionLog> log(new DecisionLog(options));
  if (mkdir(options.dir.c_str(), 0755) != 0 && errno != EEXIST) return *error = systemError(options.dir), nullptr;
  log->dirFd_ = ::open(options.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (log->dirFd_ < 0) return *error = systemError(options.dir), nullptr;
  DIR* dir = fdopendir(dup(log->dirFd_));
  if (!dir) return *error = systemError(options.dir), nullptr;
  uint64_t newest = 0;
  while (dirent* e = readdir(dir)) newest = std::max(newest, fileNumber(e->d_name));
  closedir(dir);
  if (newest > 0) {
    std::string name = decisionLogFileName(newest);
    int fd = openat(log->dirFd_, name.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return *error = systemError(options.dir + "/" + name), nullptr;
    long long dropped = repairTail(fd);
    close(fd);
    if (dropped < 0) return *error = systemError(options.dir + "/" + name), nullptr;
    if (dropped > 0)
      log->repairNote_ = name + ": dropped the " + std::to_string(dropped) +
                         " bytes of a line a crash left unfinished (never acknowledged)";
  }
  if (!log->openFile(newest + 1, error)) return nullptr;
  log->lastSync_ = std::chrono::steady_clock::now();
  log->writer_ = std::thread([raw = log.get()] { raw->run(); });
  return log;
}

DecisionLog::~DecisionLog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  room_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) {
    if (dirty_) fdatasync(fd_);
    close(fd_);
  }
  if (dirFd_ >= 0) close(dirFd_);
}

bool DecisionLog::openFile(uint64_t number, std::string* error) {
  std::string name = decisionLogFileName(number);
  int fd = openat(dirFd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return *error = systemError(options_.dir + "/" + name), false;
  // The new name must survive a power failure too.
  if (fsync(dirFd_) != 0) {
    close(fd);
    return *error = systemError(options_.dir), false;
  }
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
  fileNumber_ = number;
  fileBytes_ = 0;
  return true;
}

void DecisionLog::append(std::string lines, size_t lineCount, Done done) {
  std::unique_lock<std::mutex> lock(mutex_);
  room_.wait(lock, [&] { return stopping_ || queueBytes_ < options_.maxQueueBytes; });
  if (stopping_) {
    lock.unlock();
    static const std::string kClosed = "the decision log is closed";
    done(&kClosed);
    return;
  }
  queueBytes_ += lines.size();
  queue_.push_back(Entry{std::move(lines), lineCount, std::move(done)});
  lock.unlock();
  wake_.notify_one();
}

std::string DecisionLog::failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

DecisionLogStats DecisionLog::stats() const {
  DecisionLogStats s;
  s.enabled = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    s.queueDepth = queue_.size();
    s.queueBytes = queueBytes_;
  }
  s.bytesWritten = bytesWritten_.load();
  s.linesWritten = linesWritten_.load();
  s.fsyncs = fsyncs_.load();
  s.writeFailures = writeFailures_.load();
  return s;
}

void DecisionLog::run() {
  std::deque<Entry> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (options_.sync == SyncMode::kBatch && dirty_)
        wake_.wait_until(lock, lastSync_ + options_.batchInterval, ready);
      else
        wake_.wait(lock, ready);
      if (queue_.empty() && stopping_) return;
      batch.swap(queue_);
      queueBytes_ = 0;
    }
    room_.notify_all();
    if (!batch.empty()) writeBatch(batch);
    batch.clear();
    if (options_.sync == SyncMode::kBatch && dirty_ &&
        std::chrono::steady_clock::now() - lastSync_ >= options_.batchInterval) {
      std::string ignored;
      syncFile(&ignored);  // a failure here shows in the next write's result
    }
  }
}

bool DecisionLog::writeAll(const std::string& bytes, std::string* error) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = systemError("decision log " + options_.dir + "/" + decisionLogFileName(fileNumber_));
      // Undo a partial write, so the file still ends with a whole line.
      if (ftruncate(fd_, static_cast<off_t>(fileBytes_)) != 0) {}
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  fileBytes_ += bytes.size();
  dirty_ = true;
  bytesWritten_.fetch_add(bytes.size(), std::memory_order_relaxed);
  return true;
}

bool DecisionLog::syncFile(std::string* error) {
  if (fdatasync(fd_) != 0) {
    *error = systemError("decision log fdatasync");
    return false;
  }
  dirty_ = false;
  lastSync_ = std::chrono::steady_clock::now();
  fsyncs_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void DecisionLog::writeBatch(std::deque<Entry>& batch) {
  std::string error;
  std::string segment;
  size_t done = 0;  // entries before this index are written
  auto flush = [&](size_t end) {
    if (segment.empty()) return true;
    if (!writeAll(segment, &error)) return false;
    segment.clear();
    done = end;
    return true;
  };
  bool ok = true;
  for (size_t i = 0; i < batch.size() && ok; ++i) {
    const Entry& e = batch[i];
    // Rotate before a file would pass its size; a line never spans files,
    // and each file is synced before the next is begun.
    if (fileBytes_ + segment.size() > 0 && fileBytes_ + segment.size() + e.lines.size() > options_.maxFileBytes) {
      ok = flush(i) && (!dirty_ || syncFile(&error)) && openFile(fileNumber_ + 1, &error);
      if (!ok) break;
    }
    segment += e.lines;
  }
  if (ok) ok = flush(batch.size());
  if (ok && options_.sync == SyncMode::kAlways) ok = syncFile(&error);
  // Under `always` nothing of a failed batch counts as safe (its sync is
  // what failed, or never ran); otherwise what was written before the
  // failure was written whole.
  size_t firstFailed = ok ? batch.size() : (options_.sync == SyncMode::kAlways ? 0 : done);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = ok ? std::string() : error;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i < firstFailed) {
      linesWritten_.fetch_add(batch[i].lineCount, std::memory_order_relaxed);
      batch[i].done(nullptr);
    } else {
      writeFailures_.fetch_add(1, std::memory_order_relaxed);
      batch[i].done(&error);
    }
  }
}

}  // namespace refrain::server
