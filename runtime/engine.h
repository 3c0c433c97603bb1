// The runtime's C++ face: load a verified bundle once, then decide requests against it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/bundle.h"
#include "runtime/decision.h"
#include "runtime/explain.h"

namespace refrain::runtime {

// Limits on hostile requests; each is far above any honest request. They
// are chosen when a bundle is loaded and never change afterwards.
struct RequestLimits {
  size_t maxRequestBytes = 1 << 20;  // a request is a few hundred bytes; 1 MiB allows big tag lists
  int maxJsonDepth = 32;             // the deepest honest path is context.x.y.z; 32 is generous
  size_t maxRightsHolders = 256;     // a work has a handful; checking holders costs their count squared

  // The largest values load() accepts: past them a single request could
  // cost seconds (holders are checked pairwise: 4096 cost about 0.3 s) or
  // gigabytes, which no limit is for.
  static constexpr size_t kMaxRequestBytes = size_t{1} << 30;
  static constexpr int kMaxJsonDepth = 1024;
  static constexpr size_t kMaxRightsHolders = 4096;
};

// Empty when every limit is from 1 to its maximum above; else why not, in one line.
std::string checkLimits(const RequestLimits& limits);

struct LoadedBundle;
struct Scratch;
class NameTable;

// Per-call working memory for decide(). Reusing one across calls on the same
// thread saves allocations; it is not thread-safe, so use one per thread.
class DecideScratch {
 public:
  DecideScratch();
  ~DecideScratch();
  DecideScratch(const DecideScratch&) = delete;
  DecideScratch& operator=(const DecideScratch&) = delete;
  Scratch& get() { return *scratch_; }

 private:
  std::unique_ptr<Scratch> scratch_;
};

// A loaded, verified bundle. Immutable after load: any number of threads may
// call decide() on one Engine at once, each with its own DecideScratch.
class Engine {
 public:
  // Loads and verifies `len` bytes (copied; the caller keeps ownership),
  // to decide requests within `limits`. Returns null and sets `error` for
  // truncated, corrupted, hostile or newer-format bundles, and for limits
  // that checkLimits() refuses; never reads past `len`.
  static std::unique_ptr<Engine> load(const uint8_t* bytes, size_t len, std::string* error,
                                      const RequestLimits& limits = {});
  ~Engine();

  // Decides `requestJson`. Never fails: a malformed request is a deny with a
  // named error in `errors`.
  Decision decide(std::string_view requestJson, DecideScratch& scratch) const;
  Decision decide(std::string_view requestJson) const;

  // The two halves of decide(), for callers (and benchmarks) that read a
  // request once and decide it later: readRequest() fills `scratch` and
  // returns false with `error` set for a request that cannot be judged;
  // decidePrepared() decides what the last successful readRequest() read.
  // What was read holds views of `requestJson`: keep the text until then.
  bool readRequest(std::string_view requestJson, DecideScratch& scratch, DecisionError* error) const;
  Decision decidePrepared(DecideScratch& scratch) const;

  // decide() followed by the canonical decision JSON.
  std::string decideJson(std::string_view requestJson, DecideScratch& scratch) const;

  // decide() without copying: the view points into this engine, the request
  // text and `scratch`, and is valid until `scratch` decides again (or the
  // request text or the engine goes). For hot loops that only write the
  // decision out or tally it.
  const DecisionView& decideView(std::string_view requestJson, DecideScratch& scratch) const;

  // decide(), and beside the decision every relevant rule with each
  // condition of its `when` evaluated and shown with its values, and each
  // `on` scope that kept a speaking policy silent (explain.h). Costs a
  // decision plus one evaluation per condition; for answering "why", not
  // for hot paths.
  Explanation explain(std::string_view requestJson, DecideScratch& scratch) const;

  // Evaluates standalone expression `index` (< expressionCount(); see
  // compiler::compileExpression) against a request that need not be
  // complete: a field it lacks gives a `missing_field` error in the value,
  // and a request that is not a JSON object gives its request error.
  ShownValue evaluate(size_t index, std::string_view requestJson, DecideScratch& scratch) const;
  size_t expressionCount() const;

  // Evaluates the `on` scope of policy `policy` (< bundle().policies.size())
  // against a request that need not be complete, as evaluate() does; a
  // policy without `on` gives `true`. For tools that ask which policies
  // speak for a catalog work (the signals exporter), not for decisions.
  ShownValue evaluateScope(size_t policy, std::string_view requestJson, DecideScratch& scratch) const;

  // The bundle's policies and tables; its catalog is kept apart (works is
  // empty here), decoded one work at a time: see workCount() and work().
  const Bundle& bundle() const;
  size_t workCount() const;
  WorkDef work(size_t index) const;  // index < workCount(), in id order
  const std::string& hash() const;  // the payload's SHA-256, lowercase hex
  // The texts decision records give by number (decision_record.h).
  const NameTable& decisionNames() const;
  const RequestLimits& limits() const;

 private:
  explicit Engine(std::unique_ptr<LoadedBundle> loaded);
  const DecisionView& preparedView(Scratch& s) const;
  std::unique_ptr<LoadedBundle> loaded_;
};

}  // namespace refrain::runtime
