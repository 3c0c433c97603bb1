// Internal: the shape every analysis takes — sides, a goal whose models are
// counterexamples, and the runtime's check of each counterexample.
#pragma once

#include <functional>

#include "analysis/analyser.h"
#include "analysis/decision_encoder.h"
#include "runtime/decision.h"

namespace refrain::analysis {

struct Question {
  std::vector<const runtime::Engine*> sides;
  // The counterexamples' condition, over the sides' decisions.
  std::function<z3::expr(RequestModel&, std::vector<DecisionTerms>&, Unsupported&)> goal;
  // Whether the runtime confirms a counterexample; `said` tells what it decided.
  std::function<bool(const std::string& request, std::string* said)> check;
  bool wellTyped = false;  // only requests whose fields have their types
  bool comparesAllows = false;  // the goal asks only how two sides' allows differ: equal terms answer it
  std::vector<const runtime::Engine*> extra;  // bundles of expressions the goal reads besides (a `when`)
};

// Asks `q` for every use (under options.use) and every work.
Report ask(const Question& q, const Options& options);

// A decision in one line: `allow`, or `deny (why)`.
std::string decisionSummary(const runtime::Decision& d);

}  // namespace refrain::analysis
