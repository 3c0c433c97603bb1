// What `refrain diff --requests` found: the requests decided by both sides,
// the changed ones grouped, the totals paid, and the lines that could not be
// read. Memory is bounded by the groups, not by the log: a group keeps its
// count and only its first few requests.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cli/decision_change.h"
#include "runtime/decision.h"

namespace refrain::cli {

// Changed requests with one use, one kind of change and one decider (describeDecider) in the new decision.
struct GroupKey {
  std::string use;
  ChangeKind kind = ChangeKind::kNone;
  std::string decider;
  bool operator<(const GroupKey& o) const { return std::tie(use, kind, decider) < std::tie(o.use, o.kind, o.decider); }
};

struct ExampleRequest {
  long line = 0;     // from 1, blank lines counted
  std::string text;  // as given, without the line's end
};

struct ChangeGroup {
  long count = 0;
  std::vector<ExampleRequest> examples;  // the first `limit`, in log order
};

// Each currency's payments summed over every request compared, in micro-units.
struct PaidTotals {
  int64_t before = 0, after = 0;
};

class DiffTally {
 public:
  explicit DiffTally(size_t limit) : limit_(limit) {}

  // A request both sides decided (`before` by --old, `after` by --new).
  void add(const runtime::DecisionView& before, const runtime::DecisionView& after, std::string_view line,
           long lineNumber);
  // A line that is no request at all (not JSON, too large, too deep): both sides deny it alike.
  void addUnreadable(long lineNumber);

  size_t limit() const { return limit_; }
  long requests() const { return requests_; }
  long count(ChangeKind kind) const { return counts_[static_cast<size_t>(kind)]; }
  long changed() const { return requests_ - count(ChangeKind::kNone); }
  const std::map<GroupKey, ChangeGroup>& groups() const { return groups_; }
  const std::map<std::string, PaidTotals, std::less<>>& paid() const { return paid_; }
  bool overflow() const { return overflow_; }
  long unreadable() const { return unreadable_; }
  const std::vector<long>& unreadableLines() const { return unreadableLines_; }  // the first `limit`

 private:
  void addPayments(const runtime::DecisionView& d, int64_t PaidTotals::*side);

  size_t limit_;
  long requests_ = 0;
  std::array<long, kChangeKinds> counts_{};
  std::map<GroupKey, ChangeGroup> groups_;
  GroupKey key_;  // reused: a changed request's key is built here without allocating
  std::map<std::string, PaidTotals, std::less<>> paid_;
  bool overflow_ = false;
  long unreadable_ = 0;
  std::vector<long> unreadableLines_;
};

}  // namespace refrain::cli
