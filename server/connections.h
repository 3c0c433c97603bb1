// The open connections, so that a stopping service can drain them: each
// finishes the request it is serving and closes, idle ones close at once,
// and the service learns when none is left.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace refrain::server {

class Connections {
 public:
  using Drain = std::function<void()>;

  // Adds a connection; `drain` asks it to finish and close (called on any
  // thread, once). Returns its key for remove(). A connection added while
  // draining is asked at once.
  uint64_t add(Drain drain);
  // Removes a closed connection; the last one to go while draining runs
  // the `whenNone` given to drainAll().
  void remove(uint64_t key);
  // Asks every open connection to drain; runs `whenNone` once none is open
  // (here and now, when none is).
  void drainAll(std::function<void()> whenNone);
  // Lock-free: every response asks.
  bool draining() const { return draining_.load(std::memory_order_acquire); }
  size_t open() const;

 private:
  mutable std::mutex mutex_;
  std::map<uint64_t, Drain> open_;
  uint64_t next_ = 0;
  std::atomic<bool> draining_{false};  // set once, under mutex_
  std::function<void()> whenNone_;
};

}  // namespace refrain::server
