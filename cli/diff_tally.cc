// Tallying a request log's changes as they stream past.
#include "cli/diff_tally.h"

#include "runtime/money.h"

namespace refrain::cli {

void DiffTally::addPayments(const runtime::DecisionView& d, int64_t PaidTotals::*side) {
  for (const auto& p : d.payments) {
    auto it = paid_.find(p.currency.text());
    if (it == paid_.end()) it = paid_.emplace(std::string(p.currency.text()), PaidTotals()).first;
    int64_t& sum = it->second.*side;
    overflow_ = !runtime::checkedAdd(sum, p.total, &sum) || overflow_;
  }
}

void DiffTally::add(const runtime::DecisionView& before, const runtime::DecisionView& after, std::string_view line,
                    long lineNumber) {
  ++requests_;
  addPayments(before, &PaidTotals::before);
  addPayments(after, &PaidTotals::after);
  const ChangeKind kind = changeBetween(before, after);
  ++counts_[static_cast<size_t>(kind)];
  if (kind == ChangeKind::kNone) return;
  key_.use.assign(after.use.text());
  key_.kind = kind;
  describeDecider(after, &key_.decider);
  auto it = groups_.find(key_);
  if (it == groups_.end()) it = groups_.emplace(key_, ChangeGroup()).first;
  ChangeGroup& group = it->second;
  ++group.count;
  if (group.examples.size() < limit_) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a CRLF log's line end
    group.examples.push_back({lineNumber, std::string(line)});
  }
}

void DiffTally::addUnreadable(long lineNumber) {
  ++unreadable_;
  if (unreadableLines_.size() < limit_) unreadableLines_.push_back(lineNumber);
}

}  // namespace refrain::cli
