#include "server/connections.h"

#include <utility>
#include <vector>

namespace refrain::server {

uint64_t Connections::add(Drain drain) {
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t key = next_++;
  if (draining_) {
    open_.emplace(key, Drain{});
    lock.unlock();
    drain();
    return key;
  }
  open_.emplace(key, std::move(drain));
  return key;
}

void Connections::remove(uint64_t key) {
  std::function<void()> last;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(key);
    if (draining_ && open_.empty()) last = std::exchange(whenNone_, nullptr);
  }
  if (last) last();
}

void Connections::drainAll(std::function<void()> whenNone) {
  std::vector<Drain> asks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    draining_.store(true, std::memory_order_release);
    if (!open_.empty()) {
      whenNone_ = std::move(whenNone);
      for (auto& [key, drain] : open_) asks.push_back(std::exchange(drain, Drain{}));
    }
  }
  // Outside the lock: a connection asked may close, and remove itself, at once.
  if (asks.empty()) return whenNone();
  for (Drain& drain : asks) {
    if (drain) drain();
  }
}

size_t Connections::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_.size();
}

}  // namespace refrain::server
