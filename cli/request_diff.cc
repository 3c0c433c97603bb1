// The request log's hot loop. Per line: one decision by --old; unless the
// line is unreadable or filtered out, one by --new; then a compare that
// allocates nothing unless the decision changed. Each engine keeps its own
// scratch, so both decisions are views (no copies) alive side by side. No
// JSON is written: that is what lets a diff of N requests, which decides 2N
// times, take no longer than `eval --requests` on 2N.
#include "cli/request_diff.h"

#include <istream>
#include <string_view>
#include <optional>
#include <unordered_set>
#include <vector>

#include "cli/line_blocks.h"

namespace refrain::cli {

namespace {

// Request errors that depend on the bytes alone, never on the policies.
bool unreadable(const runtime::DecisionView& d) {
  if (!d.reasons.empty() || d.errors.size() != 1) return false;
  const std::string_view code = d.errors[0].code.text();
  return code == "invalid_json" || code == "request_too_large" || code == "request_too_deep";
}

// --use: which use names are in the subtree of the chosen use.
class UseFilter {
 public:
  UseFilter(const runtime::Bundle& bundle, std::optional<uint32_t> use) : all_(!use) {
    if (all_) return;
    const std::vector<runtime::UseDef>& uses = bundle.uses;
    std::vector<bool> inside(uses.size(), false);
    for (size_t i = 0; i < uses.size(); ++i) {  // parents come first, so a parent is settled before its children
      inside[i] = i == *use || (uses[i].parent >= 0 && inside[static_cast<size_t>(uses[i].parent)]);
      if (inside[i]) kept_.insert(uses[i].name);
    }
  }

  // A request error's use may be anything the request spelt, or "": never kept.
  bool keeps(std::string_view use) const { return all_ || kept_.count(use) > 0; }

 private:
  bool all_;
  std::unordered_set<std::string_view> kept_;  // views of the bundle's names, which outlive the filter
};

}  // namespace

DiffTally diffRequests(const runtime::Engine& oldEngine, const runtime::Engine& newEngine, const DiffOptions& options,
                       std::istream& in) {
  DiffTally tally(options.limit);
  const UseFilter filter(oldEngine.bundle(), options.use);
  runtime::DecideScratch oldScratch, newScratch;
  BlockSource source(in);
  InputBytes block;
  long lineNumber = 0;
  while (source.next(&block)) {
    forEachLine(block.view(), [&](std::string_view line) {
      ++lineNumber;
      if (blankLine(line)) return;
      const runtime::DecisionView& before = oldEngine.decideView(line, oldScratch);
      if (unreadable(before)) return tally.addUnreadable(lineNumber);
      if (!filter.keeps(before.use.text())) return;  // both sides share the use tree, so the use is the same
      const runtime::DecisionView& after = newEngine.decideView(line, newScratch);
      tally.add(before, after, line, lineNumber);
    });
  }
  return tally;
}

}  // namespace refrain::cli
