// `refrain diff` and `refrain verify` (docs/analysis.md): questions about
// every request, answered per use and per work by the solver, with each
// counterexample checked by the runtime before it is reported.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine.h"

namespace z3 {
class context;
}

namespace refrain::analysis {

// holds: proven for every request; fails: a request shows otherwise;
// unknown: neither could be shown (the reason says why).
enum class Outcome { kHolds, kFails, kUnknown };

// The answer for one use and one work.
struct Finding {
  std::string use;
  std::string work;     // a catalog work's id; empty for any work no catalog has
  Outcome outcome = Outcome::kHolds;
  std::string request;  // kFails: the counterexample, as JSON the runtime decided
  std::string detail;   // kFails: what the runtime said of it; kUnknown: why
};

struct Report {
  std::vector<Finding> findings;  // every (use, work) asked, in use then work order
  Outcome overall() const;        // fails if any fails, else unknown if any is, else holds
  size_t count(Outcome o) const;
};

struct Options {
  std::optional<uint32_t> use;  // only this use and the uses below it; else every use
  std::optional<int64_t> at;    // only requests at this time
  unsigned timeoutMs = 10000;   // per question; past it the answer is unknown
  bool catalogWorks = true;     // ask about each catalog work as well as any other work
  // The Z3 context the questions are put in; null: a new one for the call.
  // Making and dropping a context costs about 10 ms (Z3 4.8 allocates and
  // sweeps megabytes of tables), more than most questions, so a caller that
  // asks many times (a test) may pass one to every call. The answers do not
  // depend on it; the counterexamples found may.
  std::shared_ptr<z3::context> context;
};

// Whether some request is allowed by one bundle and denied by the other.
Report diff(const runtime::Engine& oldBundle, const runtime::Engine& newBundle, const Options& options);

}  // namespace refrain::analysis
