// Verdicts and combining (docs/language.md §5.1, §6): who speaks, what each party says, whose
// consent is needed, what is paid.
//
//   any speaking party denies             -> deny
//   any evaluation error                  -> deny (fail closed)
//   a required rights holder is silent    -> deny for want of consent
//   otherwise                             -> allow, with every allowing party's duties and pay
#include "runtime/decide.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "runtime/money.h"
#include "runtime/sort_small.h"
#include "runtime/same_text.h"
#include "runtime/split.h"
#include "runtime/vm.h"

namespace refrain::runtime {

namespace {

// Orders ids exactly as std::string_view's < does; most differ in their first byte.
inline bool textLess(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);  // as memcmp orders bytes
  return a < b;
}

constexpr std::string_view kPlatformRole = "platform";

class Decider {
 public:
  Decider(const LoadedBundle& l, Scratch& s, DecisionView* out)
      : l_(l), b_(l.bundle), s_(s), out_(out), active_(s.activePolicies), parties_(s.parties) {
    parties_.clear();
    active_.clear();
    s_.scopedOut.clear();
  }

  // Every text the decision shows is a name of the bundle (l_.decisionNames,
  // l_.policyNames), a holder's party (a name, or checked as the request was
  // read), or a text kept here, which is proved nothing.
  void run() {
    selectPolicies();
    judgeRules();
    bool consented = requiredConsent();
    bool denied = std::any_of(parties_.begin(), parties_.end(), [](const PartyState& p) { return p.verdict == Verdict::kDeny; });
    out_->allow = !denied && consented && out_->errors.empty();
    if (out_->allow) obligations();
    out_->allow = out_->allow && out_->errors.empty();
    if (!out_->allow) {
      out_->duties.clear();
      clearPayments(*out_, s_.spentPayments);
    }
    reasons();
  }

 private:
  const PolicyNames& names(const PolicyDef& p) const { return l_.policyNames[&p - b_.policies.data()]; }
  BundleName ruleName(const PolicyDef& p, const RuleDef& r) const { return names(p).rules[&r - p.rules.data()]; }

  // Records an evaluation error of rule `r`, or of policy `p`'s `on` scope
  // (named by the policy's own line) when `r` is null.
  void error(const EvalError& e, const PolicyDef& p, const RuleDef* r) {
    const BundleName where = r ? ruleName(p, *r) : names(p).location;
    out_->errors.push_back({keep(e.code), keep(e.message), names(p).name, where});
  }

  bool holds(int32_t block, ValueType type, Value* v, EvalError* e) {
    if (!runBlock(l_, static_cast<uint32_t>(block), s_, v, e)) return false;
    if (v->type == type && !v->isList) return true;
    e->code = "bundle_fault";
    e->message = "a code block produced the wrong type";
    return false;
  }

  // A copy of `text` that lives as long as the decision view: scratch strings
  // reused from one decision to the next, so they rarely allocate.
  std::string_view keep(std::string_view text) {
    if (s_.textsUsed == s_.texts.size()) s_.texts.push_back(std::make_unique<std::string>());
    std::string& kept = *s_.texts[s_.textsUsed++];
    kept.assign(text.data(), text.size());
    return kept;
  }

  PartyState& party(const DecisionText& id) { return parties_[partyIndex(id)]; }

  size_t partyIndex(const DecisionText& id) {
    for (size_t i = 0; i < parties_.size(); ++i)
      if (sameText(parties_[i].party, id)) return i;
    parties_.push_back({id});
    return parties_.size() - 1;
  }

  bool speaks(uint32_t index) const {
    if (l_.isPlatform[index]) return true;
    const PolicyDef& p = b_.policies[index];
    for (const Holder& h : s_.holders)
      if (sameText(h.party, p.party) && sameText(h.role, p.role)) return true;
    return false;
  }

  // The version groups that may speak: the platform's and those of the
  // work's holders, in bundle order.
  const std::vector<uint32_t>& candidateGroups() {
    std::vector<uint32_t>& groups = s_.candidateGroups;
    groups.assign(l_.platformGroups.begin(), l_.platformGroups.end());
    const auto& byParty = l_.groupsByParty;
    for (const Holder& h : s_.holders) {
      auto it = std::lower_bound(byParty.begin(), byParty.end(), h.party,
                                 [](const auto& entry, std::string_view party) { return textLess(entry.first, party); });
      if (it != byParty.end() && sameText(it->first, h.party)) groups.insert(groups.end(), it->second.begin(), it->second.end());
    }
    sortSmall(groups, [](uint32_t a, uint32_t b) { return a < b; });  // a few groups, mostly in order
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    return groups;
  }

  // The version in force of each policy name, kept when it speaks and its `on` holds.
  void selectPolicies() {
    int64_t now = s_.request.time;
    if (s_.policyParty.size() < b_.policies.size()) s_.policyParty.resize(b_.policies.size());
    for (uint32_t g : candidateGroups()) {
      int chosen = -1;
      for (uint32_t p : l_.versions[g])
        if (b_.policies[p].effective <= now) chosen = static_cast<int>(p);
      if (chosen < 0 || b_.policies[chosen].expires <= now) continue;
      const PolicyDef& p = b_.policies[chosen];
      if (!speaks(static_cast<uint32_t>(chosen))) continue;
      if (p.on != kNoCode) {
        Value v;
        EvalError e;
        if (!holds(p.on, ValueType::kBool, &v, &e)) {
          error(e, p, nullptr);
          PartyState& ps = party(names(p).party);
          ps.verdict = Verdict::kError;
          ps.decidingPolicy = chosen;
          s_.scopedOut.push_back(static_cast<uint32_t>(chosen));
          continue;
        }
        if (!v.number) {
          s_.scopedOut.push_back(static_cast<uint32_t>(chosen));
          continue;
        }
      }
      active_.push_back(static_cast<uint32_t>(chosen));
      const size_t index = partyIndex(names(p).party);
      s_.policyParty[chosen] = static_cast<uint32_t>(index);  // for judgeRules(), saving a search per policy
      PartyState& ps = parties_[index];
      if (ps.speakingPolicy < 0) ps.speakingPolicy = chosen;
    }
    // Groups are visited in ascending order, so the chosen versions usually
    // ascend already, and sortSmall checks them with a comparison each.
    sortSmall(active_, [](uint32_t a, uint32_t b) { return a < b; });
  }

  // §5.1 for every party at once; every relevant `when` is evaluated.
  void judgeRules() {
    const std::vector<RuleRef>& relevant = l_.rulesByUse[s_.request.use];
    for (uint32_t policy : active_) {
      auto [first, last] = std::equal_range(relevant.begin(), relevant.end(), RuleRef{policy, 0, 0},
                                            [](const RuleRef& a, const RuleRef& b) { return a.policy < b.policy; });
      if (first == last) continue;
      // selectPolicies() found the party of each active policy; judging adds
      // no party, so `ps` stays valid for all the policy's rules.
      PartyState& ps = parties_[s_.policyParty[policy]];
      for (auto ref = first; ref != last; ++ref) judge(*ref, ps);
    }
  }

  void judge(const RuleRef& ref, PartyState& ps) {
    const PolicyDef& p = b_.policies[ref.policy];
    const RuleDef& r = p.rules[ref.rule];
    Value v = boolValue(true);
    EvalError e;
    if (r.when != kNoCode && !holds(r.when, ValueType::kBool, &v, &e)) {
      error(e, p, &r);
      if (ps.verdict != Verdict::kDeny) decide(ps, Verdict::kError, ref, -1);
      return;
    }
    if (!v.number) return;
    if (!r.allow && ps.verdict != Verdict::kDeny && ps.verdict != Verdict::kError) decide(ps, Verdict::kDeny, ref, -1);
    else if (!r.allow && ps.verdict == Verdict::kError) decide(ps, Verdict::kDeny, ref, -1);
    else if (r.allow && (ps.verdict == Verdict::kSilent || (ps.verdict == Verdict::kAllow && ref.depth > ps.allowDepth)))
      decide(ps, Verdict::kAllow, ref, ref.depth);
  }

  static void decide(PartyState& ps, Verdict v, const RuleRef& ref, int depth) {
    ps.verdict = v;
    ps.decidingPolicy = static_cast<int>(ref.policy);
    ps.decidingRule = static_cast<int>(ref.rule);
    ps.allowDepth = depth;
  }

  // §6.3: the deepest `consent` clause of an active platform policy covering the use.
  const ConsentDef* consentClause() const {
    const ConsentDef* best = nullptr;
    int bestDepth = -1;
    for (uint32_t p : active_) {
      if (!l_.isPlatform[p]) continue;
      for (const ConsentDef& c : b_.policies[p].consents)
        for (uint32_t u : c.uses)
          if (useWithin(b_, s_.request.use, u) && l_.useDepth[u] > bestDepth) {
            best = &c;
            bestDepth = l_.useDepth[u];
          }
    }
    return best;
  }

  // Marks required holders; true when all of them allow. When a consent
  // clause leaves nobody to ask, nobody has consented: that is a deny too.
  bool requiredConsent() {
    const ConsentDef* clause = consentClause();
    bool all = true, anyRequired = false;
    for (const Holder& h : s_.holders) {
      if (sameText(h.role, kPlatformRole)) continue;
      if (clause && std::none_of(clause->roles.begin(), clause->roles.end(),
                                 [&](const std::string& role) { return sameText(role, h.role); }))
        continue;
      PartyState& ps = party(h.party);
      ps.required = true;
      anyRequired = true;
      all = all && ps.verdict == Verdict::kAllow;
    }
    if (!anyRequired) {
      out_->errors.push_back({"no_consenting_holder", keep("no rights holder of the work has a role whose consent `" +
                                  b_.uses[s_.request.use].name + "` needs"), {}, {}});
      return false;
    }
    return all;
  }

  // Both obligations() and reasons() want the parties in id order; sorting
  // once is enough, as nothing adds a party in between.
  void sortParties() {
    if (partiesSorted_) return;
    sortSmall(parties_, [](const PartyState& a, const PartyState& b) { return textLess(a.party, b.party); });
    partiesSorted_ = true;
  }

  // Duties and payments of every allowing party. A party whose pay or duty
  // text fails to evaluate turns from allow to error.
  void obligations() {
    sortParties();
    for (PartyState& ps : parties_) {
      if (ps.verdict != Verdict::kAllow) continue;
      const PolicyDef& p = b_.policies[ps.decidingPolicy];
      const RuleDef& r = p.rules[ps.decidingRule];
      size_t errorsBefore = out_->errors.size();
      duties(ps, p, r);
      if (r.pay != kNoCode) pay(p, r);
      if (out_->errors.size() != errorsBefore) ps.verdict = Verdict::kError;
    }
    sortSmall(out_->payments, [](const auto& a, const auto& b) { return a.currency.text() < b.currency.text(); });
    for (auto& payment : out_->payments)
      sortSmall(payment.payees, [](const auto& a, const auto& b) { return textLess(a.party, b.party); });
  }

  // The payment entry of a currency (its code as the bundle spells it); a
  // decision has one or two currencies at most in practice.
  BasicCurrencyPayment<DecisionText>& paymentIn(uint32_t packed) {
    for (auto& p : out_->payments)
      if (packCurrency(p.currency) == packed) return p;
    const int64_t known = currencyPosition(l_, packed);
    DecisionText currency = known >= 0 ? DecisionText(l_.currencyName(static_cast<size_t>(known))) : DecisionText(keep(unpackCurrency(packed)));
    std::vector<BasicCurrencyPayment<DecisionText>>& spent = s_.spentPayments;
    if (spent.empty()) {
      out_->payments.push_back({currency, 0, {}, {}});
    } else {
      out_->payments.push_back(std::move(spent.back()));  // empty lists that keep their room
      spent.pop_back();
      out_->payments.back().currency = currency;
      out_->payments.back().total = 0;
    }
    return out_->payments.back();
  }

  static int64_t& payeeIn(BasicCurrencyPayment<DecisionText>& payment, const DecisionText& party) {
    for (auto& p : payment.payees)
      if (sameText(p.party, party)) return p.micros;
    payment.payees.push_back({party, 0});
    return payment.payees.back().micros;
  }

  void duties(const PartyState& ps, const PolicyDef& p, const RuleDef& r) {
    const std::vector<DutyNames>& dutyNames = names(p).duties[&r - p.rules.data()];
    for (size_t k = 0; k < r.duties.size(); ++k) {
      const DutyDef& d = r.duties[k];
      BasicDutyItem<DecisionText> item{ps.party, dutyNames[k].name, d.hasText, {}};
      bool ok = true;
      if (d.pieces.size() == 1 && !d.pieces[0].isSlot) {
        item.text = dutyNames[k].text;  // a text with no slot is the bundle's own: nothing to build or keep
      } else {
        std::string& text = s_.dutyText;
        text.clear();
        for (const TextPiece& piece : d.pieces) {
          if (!piece.isSlot) { text += piece.text; continue; }
          const SlotValue& v = s_.slots[piece.slot];
          if (v.state != SlotValue::State::kPresent) {
            const std::string& path = b_.slots[piece.slot].path;
            error(v.state == SlotValue::State::kMissing ? EvalError{"missing_field", "request has no `" + path + "`"}
                                                        : EvalError{"type_mismatch", "`" + path + "` has the wrong type: " + v.problem},
                  p, &r);
            ok = false;
            break;
          }
          text += formatValue(v.value, b_);
        }
        item.text = keep(text);  // only formatted texts are kept
      }
      bool seen = std::any_of(out_->duties.begin(), out_->duties.end(), [&](const BasicDutyItem<DecisionText>& o) {
        return sameText(o.party, item.party) && sameText(o.duty, item.duty) && o.hasText == item.hasText &&
               sameText(o.text, item.text);
      });
      if (ok && !seen) out_->duties.push_back(item);
    }
  }

  void pay(const PolicyDef& p, const RuleDef& r) {
    Value amount;
    EvalError e;
    if (!holds(r.pay, ValueType::kMoney, &amount, &e)) return error(e, p, &r);
    if (amount.number < 0) return error({"negative_payment", "payment is negative: " + formatMicros(amount.number)}, p, &r);
    std::vector<Payee>& shares = s_.payShares;
    shares.clear();
    if (!splitAmong(amount.number, p, r, &shares)) return;
    auto& payment = paymentIn(amount.currency);
    if (!checkedAdd(payment.total, amount.number, &payment.total)) return error({"overflow", "payment total overflows"}, p, &r);
    payment.terms.push_back({names(p).party, ruleName(p, r), amount.number});
    for (const Payee& share : shares) {
      // Without a split the policy's party is paid; with one, holders (splitAmong()).
      int64_t& sum = payeeIn(payment, r.split.empty() ? DecisionText(names(p).party) : holderParty(share.party));
      if (!checkedAdd(sum, share.micros, &sum)) return error({"overflow", "payment total overflows"}, p, &r);
    }
  }

  // A holder's party as the decision shows it, from the text allocateSplit()
  // gave back (one of its terms' parties, so a holder's).
  DecisionText holderParty(std::string_view party) const {
    for (const Holder& h : s_.holders)
      if (sameText(h.party, party)) return h.party;
    return party;  // never: a split pays only holders
  }

  bool splitAmong(int64_t total, const PolicyDef& p, const RuleDef& r, std::vector<Payee>* shares) {
    if (r.split.empty()) {
      shares->push_back({p.party, total});
      return true;
    }
    std::vector<SplitTerm>& terms = s_.splitTerms;
    terms.clear();
    for (const ShareDef& share : r.split) {
      std::vector<const Holder*>& holders = s_.roleHolders;
      holders.clear();
      for (const Holder& h : s_.holders)
        if (sameText(h.role, share.role)) holders.push_back(&h);
      if (holders.empty()) {
        error({"no_holder_for_role", "the work has no rights holder with role `" + share.role + "` to pay"}, p, &r);
        return false;
      }
      bool weighted = std::all_of(holders.begin(), holders.end(), [](const Holder* h) { return h->hasShare; });
      int64_t roleTotal = 0;
      for (const Holder* h : holders)
        if (!checkedAdd(roleTotal, weighted ? h->weight : 1, &roleTotal)) {
          error({"overflow", "the shares of role `" + share.role + "` overflow"}, p, &r);
          return false;
        }
      if (roleTotal == 0) {
        error({"zero_shares", "the `" + share.role + "` rights holders' shares total zero"}, p, &r);
        return false;
      }
      // A role's portion goes in proportion to the shares; a zero share gets none of it.
      for (const Holder* h : holders)
        if (!weighted || h->weight > 0) terms.push_back({h->party, share.ppm, weighted ? h->weight : 1, roleTotal});
    }
    std::string why;
    if (!allocateSplit(total, terms, shares, &why)) {
      error({"split_failed", why}, p, &r);
      return false;
    }
    return true;
  }

  void reasons() {
    sortParties();
    for (const PartyState& ps : parties_) {
      if (ps.verdict == Verdict::kSilent && !ps.required) continue;
      BasicReason<DecisionText> reason{ps.party, {}, {}, {}};
      reason.verdict = l_.verdictName(static_cast<int>(ps.verdict));
      int policy = ps.decidingPolicy >= 0 ? ps.decidingPolicy : ps.speakingPolicy;
      if (policy >= 0) reason.policy = l_.policyNames[policy].name;
      if (ps.decidingRule >= 0) reason.rule = l_.policyNames[policy].rules[ps.decidingRule];
      out_->reasons.push_back(reason);
    }
  }

  const LoadedBundle& l_;
  const Bundle& b_;
  Scratch& s_;
  DecisionView* out_;
  std::vector<uint32_t>& active_;  // the active policies, ascending
  std::vector<PartyState>& parties_;
  bool partiesSorted_ = false;
};

}  // namespace

void decideRequest(const LoadedBundle& l, Scratch& s, DecisionView* out) {
  Decider(l, s, out).run();
}

}  // namespace refrain::runtime
