#include "analysis/decision_encoder.h"

#include <algorithm>
#include <map>
#include <set>

namespace refrain::analysis {

using runtime::Bundle;
using runtime::kNoCode;
using runtime::PolicyDef;
using runtime::RuleDef;

namespace {

constexpr const char* kPlatformRole = "platform";

}  // namespace

bool useWithin(const Bundle& b, uint32_t u, uint32_t ancestor) {
  for (int32_t at = static_cast<int32_t>(u); at >= 0; at = b.uses[static_cast<size_t>(at)].parent)
    if (static_cast<uint32_t>(at) == ancestor) return true;
  return false;
}

namespace {

int depthOf(const Bundle& b, uint32_t u) {
  int depth = 0;
  for (int32_t at = b.uses[u].parent; at >= 0; at = b.uses[static_cast<size_t>(at)].parent) ++depth;
  return depth;
}

// The depth of the deepest use in `named` covering `u`; -1 when none does (runtime/index.cc).
int coveringDepth(const Bundle& b, const std::vector<uint32_t>& named, uint32_t u) {
  int best = -1;
  for (uint32_t n : named)
    if (useWithin(b, u, n)) best = std::max(best, depthOf(b, n));
  return best;
}

z3::expr anyOf(z3::context& ctx, const std::vector<z3::expr>& terms) {
  z3::expr out = ctx.bool_val(false);
  for (const z3::expr& t : terms) out = out || t;
  return out;
}

// A relevant allow rule of a party, with when it fires and its depth.
struct AllowRule {
  const PolicyDef* policy;
  const RuleDef* rule;
  int depth;
  z3::expr fires;
};

struct PartyTerms {
  std::vector<z3::expr> denies;  // a relevant deny rule fires
  std::vector<AllowRule> allows; // in bundle then source order
};

class Encoder {
 public:
  Encoder(RequestModel& model, size_t side, const runtime::Engine& engine, const BundleIndex& index,
          Unsupported* unsupported)
      : model_(model), ctx_(model.ctx()), side_(side), b_(engine.bundle()), index_(index),
        blocks_(model, side, b_, unsupported), unsupported_(unsupported), out_(model.ctx()) {}

  DecisionTerms run() {
    const uint32_t use = model_.use();
    z3::expr anyError = ctx_.bool_val(false);
    std::vector<std::pair<size_t, z3::expr>> activePolicies;  // policy index, active
    for (uint32_t p : candidates()) {
      const PolicyDef& policy = b_.policies[p];
      z3::expr speaking = inForce(p) && speaks(policy);
      z3::expr active = speaking;
      if (policy.on != kNoCode) {
        const Encoded& on = blocks_.block(policy.on);
        anyError = anyError || (speaking && on.error);
        active = speaking && !on.error && on.value.value;
      }
      activePolicies.push_back({p, active});
      PartyTerms& party = parties_[policy.party];
      for (const BundleIndex::RelevantRule& relevant : index_.relevant[use][p]) {
        const RuleDef& rule = policy.rules[relevant.rule];
        const int depth = relevant.depth;
        z3::expr fires = active;
        if (rule.when != kNoCode) {
          const Encoded& when = blocks_.block(rule.when);
          anyError = anyError || (active && when.error);
          fires = active && !when.error && when.value.value;
        }
        if (rule.allow) party.allows.push_back({&policy, &rule, depth, fires});
        else party.denies.push_back(fires);
      }
    }
    z3::expr anyDeny = ctx_.bool_val(false);
    for (auto& [name, party] : parties_) anyDeny = anyDeny || anyOf(ctx_, party.denies);

    const std::vector<HolderTerm>& holders = model_.holders(side_);
    std::vector<z3::expr> held;
    for (const HolderTerm& h : holders) held.push_back(h.holds);
    const z3::expr hasHolders = anyOf(ctx_, held);  // else the request is refused before any rule

    // §6.3: whose consent is needed, then whether all of them allow.
    z3::expr anyRequired = ctx_.bool_val(false), consented = ctx_.bool_val(true);
    for (const HolderTerm& h : holders) {
      if (h.role == kPlatformRole) continue;
      z3::expr required = h.holds && roleRequired(activePolicies, h.role);
      anyRequired = anyRequired || required;
      consented = consented && z3::implies(required, partyAllows(h.party));
    }
    const z3::expr judged = hasHolders && !anyError && !anyDeny && anyRequired && consented;

    // Obligations of every allowing party: only the winning rule's pay,
    // split and duty texts are evaluated, and only when all else allows.
    z3::expr obligationError = ctx_.bool_val(false);
    for (auto& [name, party] : parties_) obligationError = obligationError || obligations(name, party, judged);
    z3::expr overflow = totalOverflow();
    out_.allow = judged && !obligationError && !overflow;
    out_.evalError = hasHolders && (anyError || (judged && (obligationError || overflow)));
    return out_;
  }

 private:
  // The policies that may speak, in bundle order: the platform's, and
  // those of the parties among the work's possible holders. The others say
  // nothing for this work, so leaving them out changes no term.
  std::vector<uint32_t> candidates() {
    std::vector<uint32_t> out = index_.platformPolicies;
    std::set<std::string> parties;
    for (const HolderTerm& h : model_.holders(side_))
      if (parties.insert(h.party).second)
        if (auto it = index_.policiesOf.find(h.party); it != index_.policiesOf.end())
          out.insert(out.end(), it->second.begin(), it->second.end());
    std::sort(out.begin(), out.end());
    return out;
  }

  // The version in force at the request's time (§3): the latest `effective`
  // at or before it, unless that version has expired. Versions may stand in
  // any order in the bundle: the runtime orders them by `effective` (a
  // stable sort, so of two with the same `effective` the later in bundle
  // order wins), and so does this.
  z3::expr inForce(size_t p) {
    const PolicyDef& policy = b_.policies[p];
    const z3::expr& t = model_.time();
    z3::expr on = policy.effective == runtime::kAlways ? ctx_.bool_val(true) : ctx_.int_val(policy.effective) <= t;
    if (policy.expires != runtime::kNever) on = on && t < ctx_.int_val(policy.expires);
    if (index_.shadowed[p]) return ctx_.bool_val(false);
    for (int64_t newer : index_.newerVersions[p]) on = on && t < ctx_.int_val(newer);  // a newer version replaces it
    return on;
  }

  z3::expr speaks(const PolicyDef& policy) {
    if (policy.role == kPlatformRole) return ctx_.bool_val(true);
    z3::expr any = ctx_.bool_val(false);
    for (const HolderTerm& h : model_.holders(side_))
      if (h.role == policy.role && h.party == policy.party) any = any || h.holds;
    return any;
  }

  // Whether a holder with `role` must consent: the deepest `consent` clause
  // of an active platform policy covering the use decides; on a tie the
  // first in bundle order; without one, every holder must.
  z3::expr roleRequired(const std::vector<std::pair<size_t, z3::expr>>& activePolicies, const std::string& role) {
    struct Clause {
      int depth;
      const runtime::ConsentDef* clause;
      z3::expr active;
    };
    std::vector<Clause> clauses;
    for (const auto& [p, active] : activePolicies) {
      if (b_.policies[p].role != kPlatformRole) continue;
      for (const runtime::ConsentDef& c : b_.policies[p].consents) {
        int depth = coveringDepth(b_, c.uses, model_.use());
        if (depth >= 0) clauses.push_back({depth, &c, active});
      }
    }
    std::stable_sort(clauses.begin(), clauses.end(), [](const Clause& a, const Clause& b) { return a.depth > b.depth; });
    z3::expr required = ctx_.bool_val(true);
    for (auto it = clauses.rbegin(); it != clauses.rend(); ++it) {
      bool named = std::find(it->clause->roles.begin(), it->clause->roles.end(), role) != it->clause->roles.end();
      required = z3::ite(it->active, ctx_.bool_val(named), required);
    }
    return required;
  }

  z3::expr partyAllows(const std::string& party) {
    auto it = parties_.find(party);
    if (it == parties_.end()) return ctx_.bool_val(false);  // no policy of its speaks: silent
    std::vector<z3::expr> fires;
    for (const AllowRule& a : it->second.allows) fires.push_back(a.fires);
    return !anyOf(ctx_, it->second.denies) && anyOf(ctx_, fires);
  }

  // The evaluation errors of a party's winning allow rule, and its payment.
  z3::expr obligations(const std::string& name, const PartyTerms& party, const z3::expr& judged) {
    std::vector<const AllowRule*> order;
    for (const AllowRule& a : party.allows) order.push_back(&a);
    std::stable_sort(order.begin(), order.end(), [](const AllowRule* a, const AllowRule* b) { return a->depth > b->depth; });
    const z3::expr allows = judged && partyAllows(name);
    z3::expr error = ctx_.bool_val(false), earlier = ctx_.bool_val(false);
    PartyPayment payment{name, ctx_.bool_val(false), ctx_.int_val(0), ctx_.int_val(0)};
    for (const AllowRule* a : order) {
      const z3::expr wins = allows && a->fires && !earlier;
      earlier = earlier || a->fires;
      error = error || (wins && ruleError(*a->rule));
      if (a->rule->pay == kNoCode) continue;
      const Encoded& pay = blocks_.block(a->rule->pay);
      // Where not paying, amount and currency mean nothing: the first pay's
      // currency stands alone, so parties paying in one currency share its term.
      const bool first = payment.pays.is_false();
      payment.pays = payment.pays || wins;
      payment.amount = first ? pay.value.value : z3::ite(wins, pay.value.value, payment.amount);
      payment.currency = first || z3::eq(payment.currency, pay.value.currency)
                             ? pay.value.currency
                             : z3::ite(wins, pay.value.currency, payment.currency);
    }
    out_.payments.push_back(payment);
    return error;
  }

  // What can fail in a winning rule: a duty text's field, its pay (an
  // error, or negative), its split (a role the work lacks, shares that
  // total zero or overflow).
  z3::expr ruleError(const RuleDef& rule) {
    z3::expr error = ctx_.bool_val(false);
    for (const runtime::DutyDef& d : rule.duties)
      for (const runtime::TextPiece& piece : d.pieces)
        if (piece.isSlot) error = error || blocks_.fieldError(piece.slot);
    if (rule.pay == kNoCode) return error;
    const Encoded& pay = blocks_.block(rule.pay);
    error = error || pay.error || pay.value.value < 0;
    for (const runtime::ShareDef& share : rule.split) {
      z3::expr any = ctx_.bool_val(false);
      z3::expr total = ctx_.int_val(0);
      for (const HolderTerm& h : model_.holders(side_)) {
        if (h.role != share.role) continue;
        any = any || h.holds;
        total = total + z3::ite(h.holds, h.weight, ctx_.int_val(0));
      }
      const z3::expr weighted = model_.weighted(side_, share.role);
      error = error || !any || (weighted && (total == 0 || total > ctx_.int_val(kInt64Max)));
    }
    return error;
  }

  // A currency's total over all payments past the 64-bit range (§8).
  // Payments are grouped by their currency term (a literal, or the
  // currency of a request field such as `revenue`), so each group's total
  // is one sum over all payments rather than one per payment.
  z3::expr totalOverflow() {
    std::vector<z3::expr> currencies;
    for (const PartyPayment& p : out_.payments)
      if (std::none_of(currencies.begin(), currencies.end(), [&](const z3::expr& c) { return z3::eq(c, p.currency); }))
        currencies.push_back(p.currency);
    z3::expr any = ctx_.bool_val(false);
    for (const z3::expr& currency : currencies) {
      z3::expr sum = ctx_.int_val(0), paid = ctx_.bool_val(false);
      for (const PartyPayment& q : out_.payments) {
        const z3::expr same = z3::eq(q.currency, currency) ? ctx_.bool_val(true) : q.currency == currency;
        sum = sum + z3::ite(q.pays && same, q.amount, ctx_.int_val(0));
        if (z3::eq(q.currency, currency)) paid = paid || q.pays;
      }
      any = any || (paid && sum > ctx_.int_val(kInt64Max));
    }
    return any;
  }

  RequestModel& model_;
  z3::context& ctx_;
  size_t side_;
  const Bundle& b_;
  const BundleIndex& index_;
  BlockEncoder blocks_;
  Unsupported* unsupported_;
  DecisionTerms out_;
  std::map<std::string, PartyTerms> parties_;
};

}  // namespace

z3::expr DecisionTerms::totalIn(int64_t currency) const {
  z3::context& ctx = allow.ctx();
  z3::expr sum = ctx.int_val(0);
  for (const PartyPayment& p : payments) sum = sum + z3::ite(p.pays && p.currency == ctx.int_val(currency), p.amount, ctx.int_val(0));
  return z3::ite(allow, sum, ctx.int_val(0));
}

BundleIndex::BundleIndex(const Bundle& b) {
  std::map<std::string, std::vector<uint32_t>> versions;  // name -> its policies, in bundle order
  newerVersions.resize(b.policies.size());
  shadowed.assign(b.policies.size(), false);
  for (uint32_t p = 0; p < b.policies.size(); ++p) {
    const PolicyDef& policy = b.policies[p];
    // Versions may stand in any order: the runtime orders them by
    // `effective` (a stable sort: of two with one `effective`, which the
    // checker refuses, the later in bundle order wins).
    for (uint32_t other : versions[policy.name]) {
      const int64_t a = b.policies[other].effective, c = policy.effective;
      if (c > a) newerVersions[other].push_back(c);
      else if (a > c) newerVersions[p].push_back(a);
      else shadowed[other] = true;
    }
    versions[policy.name].push_back(p);
    if (policy.role == kPlatformRole) platformPolicies.push_back(p);
    else policiesOf[policy.party].push_back(p);
  }
  relevant.resize(b.uses.size());
  for (uint32_t u = 0; u < b.uses.size(); ++u) {
    relevant[u].resize(b.policies.size());
    for (uint32_t p = 0; p < b.policies.size(); ++p) {
      const std::vector<RuleDef>& rules = b.policies[p].rules;
      for (uint32_t r = 0; r < rules.size(); ++r) {
        int depth = coveringDepth(b, rules[r].uses, u);
        if (depth < 0 || (!rules[r].allow && coveringDepth(b, rules[r].except, u) >= 0)) continue;
        relevant[u][p].push_back({r, depth});
      }
    }
  }
}

DecisionTerms encodeDecision(RequestModel& model, size_t side, const runtime::Engine& engine, const BundleIndex& index,
                             Unsupported* unsupported) {
  return Encoder(model, side, engine, index, unsupported).run();
}

}  // namespace refrain::analysis
