// Explanations: a decision with every relevant condition evaluated and shown with its values.
//
// The runtime explains its own decisions, so that the REPL's `:why`, the web
// pages and every embedder give one answer, as they give one decision. An
// explanation evaluates each condition of each relevant rule's `when` (and
// of each `on` scope that kept a policy silent) on its own, from the code the
// compiler stored beside the rule (bundle.h, ProbeDef); the decision itself
// is made exactly as Engine::decide makes it.
#pragma once

#include <string>
#include <vector>

#include "runtime/bundle.h"
#include "runtime/decision.h"

namespace refrain::runtime {

// A value as an explanation shows it, or the evaluation error met computing it.
struct ShownValue {
  bool ok = false;
  std::string text;          // ok: `"personal"` (strings quoted), `true`, `1000.000000 USD`, `[US, CA, ... 27 items]`
  std::string errorCode;     // !ok: `missing_field`, `type_mismatch`, ...
  std::string errorMessage;  // !ok: one lowercase line
};

struct ExplainedOperand {
  std::string text;  // `purpose`, `0.0025 USD * units`
  ShownValue value;
};

// One node of a `when` or `on`: an `and` or `or` with its two sides, or a
// condition with the values of its sides that are not literals. An `and` or
// `or` takes its value from its sides as evaluation does: `a and b` is false
// when `a` is false, whatever `b` is; an error on the side that decides is
// the node's error. Every side is shown evaluated all the same.
struct ExplainedCondition {
  ProbeKind kind = ProbeKind::kCondition;
  std::string text;
  ShownValue value;
  std::vector<ExplainedOperand> operands;
  std::vector<ExplainedCondition> sides;  // `and`/`or`: left then right
};

// A rule that is relevant to the request (it names the use or an ancestor,
// and a deny's `except` does not exclude it) in a policy that is in force,
// speaks for the work and whose `on` holds.
struct ExplainedRule {
  std::string party;
  std::string policy;
  std::string rule;  // `file:line`
  bool allow = true;
  std::vector<std::string> uses;
  std::vector<std::string> except;
  bool decides = false;  // the rule behind its party's verdict in the decision
  bool hasWhen = false;
  ExplainedCondition when;  // when hasWhen
  // "holds" (no `when`, or it is true), "false" or "error".
  std::string outcome;
};

// A policy in force that speaks for the work but whose `on` scope does not
// hold (outcome "false") or failed to evaluate ("error"): it says nothing.
struct ExplainedScope {
  std::string party;
  std::string policy;
  std::string at;  // `file:line` of the policy's name
  ExplainedCondition on;
  std::string outcome;
};

struct Explanation {
  Decision decision;
  std::string decisionJson;  // its canonical JSON, compact (one line)
  // Empty when the request could not be judged at all (decision.errors says why).
  std::vector<ExplainedScope> scopes;  // bundle order
  std::vector<ExplainedRule> rules;    // bundle order, then rule order
};

// The explanation as one line of JSON, keys in this order:
//   {"decision": {...canonical decision...},
//    "scopes": [{"party", "policy", "at", "outcome", "on"}],
//    "rules": [{"party", "policy", "rule", "effect": "allow"|"deny", "uses", "except",
//               "decides", "outcome", "when"?}]}
// A condition is {"kind": "and"|"or"|"not"|"has"|"condition", "text",
// "value" | "error": {"code", "message"}, "operands": [{"text", "value"|"error"}],
// "sides": [...]} (operands and sides only when non-empty).
void writeExplanationJson(const Explanation& e, std::string* out);

}  // namespace refrain::runtime
