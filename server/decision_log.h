// The decision log's writer (docs/server.md, "The decision log"): one thread
// that takes whole entries (one or more lines) from a bounded queue, writes
// them in order to numbered files, and tells each entry's owner when it is
// as safe as the sync mode promises.
//
//  always  an entry is done after fdatasync; everything queued meanwhile
//          shares that fdatasync (group commit)
//  batch   an entry is done once written (it survives the process being
//          killed); fdatasync runs at least every `batchInterval`, so a
//          power failure loses at most that much
//  none    an entry is done once written; the kernel syncs when it likes
//
// The queue is bounded: append() blocks while it is full, so a service that
// logs faster than the disk slows down rather than dropping entries. A
// write that fails (disk full, I/O error) is undone with ftruncate, its
// entries are told the reason, and the log reports the failure until a
// later write succeeds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/metrics.h"

namespace refrain::server {

enum class SyncMode { kAlways, kBatch, kNone };
const char* syncModeName(SyncMode mode);
bool parseSyncMode(std::string_view text, SyncMode* mode);

struct DecisionLogOptions {
  std::string dir;
  SyncMode sync = SyncMode::kAlways;
  std::chrono::milliseconds batchInterval{10};
  uint64_t maxFileBytes = 64ull << 20;   // a file is rotated before it would pass this
  uint64_t maxQueueBytes = 16ull << 20;  // append() blocks past this
};

class DecisionLog {
 public:
  // Called once per entry on the writer's thread: `error` is null when the
  // entry is as safe as the mode promises, else why it was not written.
  // Keep it short (post the rest to where it belongs).
  using Done = std::function<void(const std::string* error)>;

  // Opens the folder (creating it), repairs the newest file's tail if a
  // crash tore its last line, and starts a new numbered file. Null and
  // `error` set when the folder cannot be used.
  static std::unique_ptr<DecisionLog> open(const DecisionLogOptions& options, std::string* error);
  ~DecisionLog();  // writes and syncs what is queued, then stops

  // Queues `lines` (each ending in '\n') as one entry. Blocks while the
  // queue is full. After close(), or while writes fail, `done` may be told
  // the error at once.
  void append(std::string lines, size_t lineCount, Done done);

  // Why writes fail now, or empty.
  std::string failure() const;
  DecisionLogStats stats() const;
  const DecisionLogOptions& options() const { return options_; }
  // What open() repaired, for the service's log: empty, or a sentence.
  const std::string& repairNote() const { return repairNote_; }

 private:
  struct Entry {
    std::string lines;
    size_t lineCount = 0;
    Done done;
  };
  explicit DecisionLog(const DecisionLogOptions& options);
  bool openFile(uint64_t number, std::string* error);
  void run();
  void writeBatch(std::deque<Entry>& batch);
  bool writeAll(const std::string& bytes, std::string* error);
  bool syncFile(std::string* error);

  DecisionLogOptions options_;
  int dirFd_ = -1, fd_ = -1;
  uint64_t fileNumber_ = 0, fileBytes_ = 0;
  bool dirty_ = false;  // written since the last fdatasync
  std::chrono::steady_clock::time_point lastSync_;
  std::string repairNote_;

  mutable std::mutex mutex_;
  std::condition_variable wake_, room_;
  std::deque<Entry> queue_;
  uint64_t queueBytes_ = 0;
  bool stopping_ = false;
  std::string failure_;
  std::atomic<uint64_t> bytesWritten_{0}, linesWritten_{0}, fsyncs_{0}, writeFailures_{0};
  std::thread writer_;
};

// The numbered file names: decisions-00000001.jsonl and so on.
std::string decisionLogFileName(uint64_t number);

}  // namespace refrain::server
