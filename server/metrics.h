// The service's counters, rendered in the Prometheus text format (0.0.4)
// for GET /metrics. Names start with `refrain_` (docs/server.md, "Metrics").
// Counting is lock-free but for the labelled counts (use, error code,
// HTTP status), whose maps are small and guarded by one mutex.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "server/decision_summary.h"

namespace refrain::server {

// What the decision log reports of itself, read at render time.
struct DecisionLogStats {
  bool enabled = false;
  uint64_t queueDepth = 0, queueBytes = 0, bytesWritten = 0, linesWritten = 0, fsyncs = 0, writeFailures = 0;
};

class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in microseconds.
  static constexpr std::array<uint64_t, 14> kBucketsMicros = {25,    50,    100,    250,    500,    1000,    2500,
                                                              5000,  10000, 25000,  50000,  100000, 250000, 1000000};

  // One decision: its canonical compact JSON, the uses the deciding bundle
  // knows (any other use is counted as `other`, so a client cannot grow the
  // label set), and how long it took from its request's last byte.
  // `knows(use)` says whether the deciding bundle knows a use.
  template <class Knows>
  void countDecision(std::string_view decisionJson, const Knows& knows, uint64_t nanos) {
    DecisionSummary s = summarizeDecision(decisionJson);
    count(s, knows(s.use), nanos);
  }
  void countResponse(unsigned status);
  void countReload(bool ok) { (ok ? reloads_ : reloadFailures_).fetch_add(1, std::memory_order_relaxed); }
  void connectionOpened() { connectionsOpen_.fetch_add(1, std::memory_order_relaxed); }
  void connectionClosed() { connectionsOpen_.fetch_sub(1, std::memory_order_relaxed); }
  void connectionRefused() { connectionsRefused_.fetch_add(1, std::memory_order_relaxed); }
  int64_t connectionsOpen() const { return connectionsOpen_.load(std::memory_order_relaxed); }
  // A connection let go for its time: idle between requests, a request
  // that did not arrive in time, or a response the client did not take.
  enum class Timeout { kIdle, kRead, kWrite };
  void countTimeout(Timeout kind) { timeouts_[static_cast<size_t>(kind)].fetch_add(1, std::memory_order_relaxed); }

  std::string render(const DecisionLogStats& log, bool bundleLoaded) const;

 private:
  void count(const DecisionSummary& s, bool knownUse, uint64_t nanos);
  std::atomic<uint64_t> allow_{0}, deny_{0};
  std::array<std::atomic<uint64_t>, kBucketsMicros.size() + 1> buckets_{};
  std::atomic<uint64_t> latencyNanos_{0};
  std::atomic<uint64_t> reloads_{0}, reloadFailures_{0};
  std::atomic<int64_t> connectionsOpen_{0};
  std::atomic<uint64_t> connectionsRefused_{0};
  std::array<std::atomic<uint64_t>, 3> timeouts_{};
  mutable std::mutex labelled_;
  std::map<std::string, uint64_t, std::less<>> byUse_, byErrorCode_;
  std::map<unsigned, uint64_t> byStatus_;
};

}  // namespace refrain::server
