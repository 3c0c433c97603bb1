// One bundle's decision on the symbolic request (docs/language.md §5.1–§8):
// who speaks, each party's verdict, required consent, and what the winning
// allow rules pay — as solver terms.
#pragma once

#include <map>

#include "analysis/block_encoder.h"

namespace refrain::analysis {

// What one party's winning allow pays, when it pays.
struct PartyPayment {
  std::string party;
  z3::expr pays;      // the decision allows and this party's winning rule has a `pay`
  z3::expr amount;    // micro-units
  z3::expr currency;  // index into the shared currency table
};

struct DecisionTerms {
  z3::expr allow;      // the decision is allow
  z3::expr evalError;  // the decision lists an evaluation error (§7.2, §8.1): a rule, scope, pay, split or duty text failed
  std::vector<PartyPayment> payments;

  explicit DecisionTerms(z3::context& ctx) : allow(ctx), evalError(ctx) {}
  // The decision's total in currency `currency` (0 unless it allows).
  z3::expr totalIn(int64_t currency) const;
};

// Whether use `u` is `ancestor` or below it in the bundle's use tree.
bool useWithin(const runtime::Bundle& b, uint32_t u, uint32_t ancestor);

// What encoding a decision needs of a bundle, worked out once per bundle
// rather than per question: versions, policies by party, relevant rules.
struct BundleIndex {
  struct RelevantRule {
    uint32_t rule;
    int depth;  // of the deepest named use covering the asked use
  };
  explicit BundleIndex(const runtime::Bundle& bundle);
  std::vector<std::vector<int64_t>> newerVersions;             // per policy: `effective` of the newer versions of its name
  std::vector<bool> shadowed;                                   // per policy: a version of one `effective` later in the bundle wins
  std::map<std::string, std::vector<uint32_t>> policiesOf;      // party -> its non-platform policies
  std::vector<uint32_t> platformPolicies;
  std::vector<std::vector<std::vector<RelevantRule>>> relevant;  // use -> policy -> its relevant rules
};

// Encodes side `side` of `model` (its bundle: `engine`'s, indexed by `index`).
DecisionTerms encodeDecision(RequestModel& model, size_t side, const runtime::Engine& engine, const BundleIndex& index,
                             Unsupported* unsupported);

}  // namespace refrain::analysis
