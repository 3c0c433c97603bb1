#include "interop/stance.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "interop/rule_terms.h"

namespace refrain::interop {
namespace {

using runtime::Bundle;
using runtime::PolicyDef;
using runtime::RuleDef;

// A policy that speaks, and whether its `on` scope is known to hold (a
// party's stance, asked without a work, cannot know).
struct Speaker {
  size_t policy;
  bool scopeKnown;
};

struct PartyView {
  std::string party;
  std::vector<std::string> roles;  // the roles it holds on the work (work mode)
  std::vector<Speaker> speakers;   // bundle order
};

// How one party's rules treat a use (docs/language.md §5.1), as far as a signal cares.
enum class Verdict { kDenies, kSilent, kPlainAllow, kTerms };

bool within(const Bundle& b, uint32_t use, uint32_t ancestor) {
  for (int32_t u = static_cast<int32_t>(use); u >= 0; u = b.uses[static_cast<size_t>(u)].parent)
    if (static_cast<uint32_t>(u) == ancestor) return true;
  return false;
}

int depth(const Bundle& b, uint32_t use) {
  int d = 0;
  for (int32_t u = b.uses[use].parent; u >= 0; u = b.uses[static_cast<size_t>(u)].parent) ++d;
  return d;
}

// The depth of the deepest use `rule` names that covers `use`, or -1 when the rule is not relevant.
int relevance(const Bundle& b, const RuleDef& rule, uint32_t use) {
  int best = -1;
  for (uint32_t named : rule.uses)
    if (within(b, use, named)) best = std::max(best, depth(b, named));
  if (best < 0 || rule.allow) return best;
  for (uint32_t carved : rule.except)
    if (within(b, use, carved)) return -1;
  return best;
}

// The versions in force at `at` (§3.4), in bundle order.
std::vector<size_t> inForce(const Bundle& b, int64_t at) {
  std::map<std::string, size_t> latest;
  for (size_t i = 0; i < b.policies.size(); ++i) {
    const PolicyDef& p = b.policies[i];
    if (p.effective > at) continue;
    auto it = latest.find(p.name);
    if (it == latest.end() || b.policies[it->second].effective < p.effective) latest[p.name] = i;
  }
  std::vector<size_t> out;
  for (const auto& [name, index] : latest)
    if (at < b.policies[index].expires) out.push_back(index);
  std::sort(out.begin(), out.end());
  return out;
}

struct Relevant {
  const PolicyDef* policy;
  const RuleDef* rule;
  bool scopeKnown;
  int depth;
};

// A rule's condition in words: its `when`, with its policy's scope when that is not known to hold.
std::string conditionOf(const Relevant& r) {
  std::string condition = whenText(*r.rule);
  if (!r.scopeKnown && !r.policy->onProbes.empty())
    condition = "on " + r.policy->onProbes[0].text + (condition.empty() ? "" : " and " + condition);
  return condition;
}

Verdict judge(const Bundle& b, const PartyView& party, uint32_t use, const std::vector<std::string>* workRoles,
              std::vector<Offer>* offers, std::vector<std::string>* caveats) {
  size_t caveatsBefore = caveats->size();
  std::vector<Relevant> rules;
  for (const Speaker& s : party.speakers) {
    const PolicyDef& p = b.policies[s.policy];
    // A scope not known to hold is evaluated on every request the policy
    // speaks for, whatever the use (§3.5), and may fail.
    if (!s.scopeKnown && !p.onProbes.empty())
      caveats->push_back(p.party + " needs `on " + p.onProbes[0].text + "` to be evaluable");
    for (const RuleDef& r : p.rules) {
      int d = relevance(b, r, use);
      if (d >= 0) rules.push_back({&p, &r, s.scopeKnown, d});
    }
  }
  auto unconditional = [](const Relevant& r) { return r.scopeKnown && r.rule->when == runtime::kNoCode; };
  bool anyAllow = false, plain = !rules.empty();
  for (const Relevant& r : rules) {
    if (!r.rule->allow && unconditional(r)) return Verdict::kDenies;
    if (!r.rule->allow) caveats->push_back(r.policy->party + " denies when " + conditionOf(r));
    anyAllow |= r.rule->allow;
    plain &= r.rule->allow && unconditional(r) && r.rule->pay == runtime::kNoCode && r.rule->duties.empty();
  }
  if (!anyAllow) return Verdict::kSilent;
  if (plain && caveats->size() == caveatsBefore) return Verdict::kPlainAllow;
  // `a` wins over `b` when both hold: deeper, or as deep and earlier (rules
  // are in bundle and source order).
  auto outranks = [&](size_t a, size_t b) {
    return rules[a].depth > rules[b].depth || (rules[a].depth == rules[b].depth && a < b);
  };
  for (size_t i = 0; i < rules.size(); ++i) {
    const Relevant& r = rules[i];
    if (!r.rule->allow) continue;
    bool beaten = false;
    for (size_t j = 0; j < rules.size() && !beaten; ++j)
      beaten = j != i && rules[j].rule->allow && unconditional(rules[j]) && outranks(j, i);
    if (beaten) {
      // It cannot decide, but its condition is still evaluated, and a
      // request it cannot be evaluated on is denied (§5.1).
      if (!unconditional(r)) caveats->push_back(r.policy->party + " needs `" + conditionOf(r) + "` to be evaluable");
      continue;
    }
    Offer offer = offerOf(b, *r.policy, *r.rule, r.scopeKnown);
    // It decides only when no allow that outranks it holds; those are
    // evaluated first, and their failing denies.
    for (size_t j = 0; j < rules.size(); ++j)
      if (j != i && rules[j].rule->allow && outranks(j, i)) {
        offer.otherConditions.push_back("not (" + conditionOf(rules[j]) + ")");
        caveats->push_back(rules[j].policy->party + " needs `" + conditionOf(rules[j]) + "` to be evaluable");
      }
    // A payment split to a role the work has no holder of fails (§8.1).
    if (r.rule->pay != runtime::kNoCode) {
      for (const runtime::ShareDef& share : r.rule->split) {
        if (!workRoles)
          offer.otherConditions.push_back("the work has a rights holder with the role " + share.role + " (the split)");
        else if (std::find(workRoles->begin(), workRoles->end(), share.role) == workRoles->end())
          offer.otherConditions.push_back("never: the split pays the role " + share.role +
                                          ", which no rights holder of the work has");
      }
    }
    offers->push_back(std::move(offer));
  }
  std::sort(caveats->begin() + static_cast<long>(caveatsBefore), caveats->end());
  caveats->erase(std::unique(caveats->begin() + static_cast<long>(caveatsBefore), caveats->end()), caveats->end());
  return Verdict::kTerms;
}

void appendAll(std::vector<std::string>* to, const std::vector<std::string>& from) {
  to->insert(to->end(), from.begin(), from.end());
}

// Two prices asked at once: their sum when both are flat (or both per unit) in one currency.
void addPrice(Offer* into, const Offer& other) {
  if (!other.price && other.otherPay.empty()) return;
  if (!into->price && into->otherPay.empty()) {
    into->price = other.price;
    into->otherPay = other.otherPay;
    return;
  }
  if (into->price && other.price && into->price->perUnit == other.price->perUnit &&
      into->price->currency == other.price->currency &&
      into->price->micros <= INT64_MAX - other.price->micros) {
    into->price->micros += other.price->micros;
    return;
  }
  auto describe = [](const Offer& o) {
    return o.price ? o.price->amount() + " " + o.price->currency + (o.price->perUnit ? " * units" : "") : o.otherPay;
  };
  into->otherPay = describe(*into) + " plus " + describe(other);
  into->price.reset();
}

// What two parties ask at once: both their conditions, both their prices.
Offer combine(const Offer& a, const Offer& b) {
  Offer out = a;
  out.party = a.party + "+" + b.party;
  // Both lists must be met: their common values, and when they share
  // none, no request can meet both.
  auto intersect = [&out](std::vector<std::string>* into, const std::vector<std::string>& other) {
    if (other.empty()) return;
    if (into->empty()) {
      *into = other;
      return;
    }
    std::vector<std::string> both;
    std::set_intersection(into->begin(), into->end(), other.begin(), other.end(), std::back_inserter(both));
    if (both.empty()) out.otherConditions.push_back("false");
    *into = std::move(both);
  };
  intersect(&out.purposes, b.purposes);
  intersect(&out.territories, b.territories);
  appendAll(&out.excludedTerritories, b.excludedTerritories);
  std::sort(out.excludedTerritories.begin(), out.excludedTerritories.end());
  out.excludedTerritories.erase(std::unique(out.excludedTerritories.begin(), out.excludedTerritories.end()),
                                out.excludedTerritories.end());
  addPrice(&out, b);
  for (const std::string& d : b.duties)
    if (std::find(out.duties.begin(), out.duties.end(), d) == out.duties.end()) out.duties.push_back(d);
  appendAll(&out.otherConditions, b.otherConditions);
  return out;
}

constexpr size_t kMaxOffers = 64;  // past this, a work's terms are summed up as one offer "see the policy"

// Combines the verdicts of the parties that speak for a use (§6.2, §6.3).
UseStance stanceOf(const Bundle& b, const std::vector<PartyView>& parties, const std::vector<bool>& required,
                   const std::vector<std::string>* workRoles, uint32_t use) {
  UseStance out;
  out.use = b.uses[use].name;
  std::vector<std::vector<Offer>> asked;  // per required party with terms
  bool anyRequired = false, plain = true;
  for (size_t i = 0; i < parties.size(); ++i) {
    std::vector<Offer> offers;
    Verdict v = judge(b, parties[i], use, workRoles, &offers, &out.caveats);
    if (v == Verdict::kDenies || (required[i] && v == Verdict::kSilent)) return UseStance{out.use, Stance::kNotAllowed, {}, {}};
    anyRequired |= required[i];
    if (v != Verdict::kTerms) continue;
    plain = false;
    if (required[i]) {
      asked.push_back(std::move(offers));
    } else {
      // A party not asked for consent (a platform, or a holder the consent
      // clause leaves out) adds its terms when they hold; it never withholds.
      out.caveats.push_back(parties[i].party + " may add terms of its own");
    }
  }
  if (!anyRequired) return UseStance{out.use, Stance::kNotAllowed, {}, {}};  // nobody can consent
  if (plain && out.caveats.empty()) {
    out.stance = Stance::kAllowed;
    return out;
  }
  out.stance = Stance::kConstrained;
  std::vector<Offer> combined{Offer{}};
  bool first = true;
  for (const std::vector<Offer>& options : asked) {
    std::vector<Offer> next;
    for (const Offer& so_far : combined)
      for (const Offer& o : options) next.push_back(first ? o : combine(so_far, o));
    combined = std::move(next);
    first = false;
    if (combined.size() > kMaxOffers) {
      Offer summary;
      summary.otherConditions.push_back("more than " + std::to_string(kMaxOffers) + " combinations of terms");
      combined = {summary};
    }
  }
  if (first) combined.clear();  // every required holder allows plainly; only the others constrain
  if (combined.empty() && out.caveats.empty()) out.stance = Stance::kAllowed;
  if (combined.empty()) combined.push_back(Offer{});  // the plain allow, under the conditions in `unless`
  out.offers = std::move(combined);
  return out;
}

bool findWork(const runtime::Engine& engine, const std::string& id, runtime::WorkDef* out) {
  size_t lo = 0, hi = engine.workCount();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    runtime::WorkDef w = engine.work(mid);
    if (w.id == id) {
      *out = std::move(w);
      return true;
    }
    if (w.id < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

}  // namespace

const char* stanceName(Stance stance) {
  switch (stance) {
    case Stance::kAllowed: return "allowed";
    case Stance::kConstrained: return "constrained";
    default: return "not allowed";
  }
}

std::string Price::amount() const { return moneyAmount(micros); }

bool UseStance::fullyStatable() const {
  if (!caveats.empty()) return false;
  for (const Offer& o : offers)
    if (!o.fullyStatable()) return false;
  return true;
}

const UseStance& StanceSheet::of(std::string_view use) const {
  for (const UseStance& u : uses)
    if (u.use == use) return u;
  static const UseStance kNone;
  return kNone;
}

bool deriveStance(const runtime::Engine& engine, const std::string& party, const std::string& work, int64_t at,
                  StanceSheet* out, std::string* error) {
  const Bundle& b = engine.bundle();
  std::vector<size_t> active = inForce(b, at);
  std::vector<PartyView> parties;
  std::vector<bool> required;
  std::vector<const runtime::ConsentDef*> consents;  // of platform policies that speak, bundle order
  std::vector<std::string> workRoles;                // the roles the work's rights holders have
  std::vector<PartyView> roleViews;                  // a party's policies, by the role they are issued under
  if (work.empty()) {
    bool known = std::any_of(b.policies.begin(), b.policies.end(), [&](const PolicyDef& p) { return p.party == party; });
    if (!known) {
      *error = "no policy of party `" + party + "` in the bundle";
      return false;
    }
    // Its policies together, as they speak on a work where it holds every
    // role it issues them under; and each role's alone (§6.1), below.
    PartyView all{party, {}, {}};
    for (size_t i : active) {
      const PolicyDef& p = b.policies[i];
      if (p.party != party) continue;
      all.speakers.push_back({i, p.on == runtime::kNoCode});
      auto view = std::find_if(roleViews.begin(), roleViews.end(), [&](const PartyView& v) { return v.roles[0] == p.role; });
      if (view == roleViews.end()) view = roleViews.insert(roleViews.end(), PartyView{party, {p.role}, {}});
      view->speakers.push_back(all.speakers.back());
    }
    parties.push_back(std::move(all));
    required.push_back(true);
  } else {
    runtime::WorkDef w;
    if (!findWork(engine, work, &w)) {
      *error = "no work `" + work + "` in the bundle's catalog";
      return false;
    }
    if (!party.empty() &&
        std::none_of(w.holders.begin(), w.holders.end(), [&](const runtime::HolderDef& h) { return h.party == party; })) {
      *error = "party `" + party + "` holds no rights in work `" + work + "`";
      return false;
    }
    std::string request = nlohmann::json{{"work", {{"id", work}}}}.dump();
    runtime::DecideScratch scratch;
    std::map<std::string, size_t> byParty;
    auto viewOf = [&](const std::string& id) -> PartyView& {
      auto [it, fresh] = byParty.emplace(id, parties.size());
      if (fresh) parties.push_back(PartyView{id, {}, {}});
      return parties[it->second];
    };
    for (const runtime::HolderDef& h : w.holders) {
      viewOf(h.party).roles.push_back(h.role);
      workRoles.push_back(h.role);
    }
    for (size_t i : active) {
      const PolicyDef& p = b.policies[i];
      bool speaks = p.role == "platform";
      for (const runtime::HolderDef& h : w.holders) speaks |= h.party == p.party && h.role == p.role;
      if (!speaks) continue;
      runtime::ShownValue scope = engine.evaluateScope(i, request, scratch);
      if (scope.ok && scope.text == "false") continue;
      if (!scope.ok) {
        // A scope that cannot be evaluated denies every request (§3.5, §7.2).
        for (const runtime::UseDef& u : b.uses) out->uses.push_back(UseStance{u.name, Stance::kNotAllowed, {}, {}});
        out->party = party;
        out->work = work;
        out->at = at;
        return true;
      }
      viewOf(p.party).speakers.push_back({i, true});
      if (p.role == "platform")
        for (const runtime::ConsentDef& c : p.consents) consents.push_back(&c);
    }
    required.assign(parties.size(), false);
  }
  out->party = party;
  out->work = work;
  out->at = at;
  out->uses.clear();
  for (uint32_t use = 0; use < b.uses.size(); ++use) {
    if (!work.empty()) {
      // Whose consent the use needs (§6.3): the deepest covering clause, the first on a tie.
      const runtime::ConsentDef* clause = nullptr;
      int clauseDepth = -1;
      for (const runtime::ConsentDef* c : consents)
        for (uint32_t named : c->uses)
          if (within(b, use, named) && depth(b, named) > clauseDepth) {
            clause = c;
            clauseDepth = depth(b, named);
          }
      for (size_t i = 0; i < parties.size(); ++i) {
        bool needed = false;
        for (const std::string& role : parties[i].roles)
          needed |= role != "platform" &&
                    (!clause || std::find(clause->roles.begin(), clause->roles.end(), role) != clause->roles.end());
        required[i] = needed;
      }
    }
    UseStance stance = stanceOf(b, parties, required, work.empty() ? nullptr : &workRoles, use);
    // On a work where the party holds only some of its roles, only those
    // roles' policies speak: allowed must hold for each role alone too.
    if (stance.stance == Stance::kAllowed && roleViews.size() > 1)
      for (const PartyView& role : roleViews) {
        UseStance alone = stanceOf(b, {role}, {true}, nullptr, use);
        if (alone.stance == Stance::kAllowed) continue;
        stance.stance = Stance::kConstrained;
        if (stance.offers.empty()) stance.offers.push_back(Offer{});
        stance.caveats.push_back("as " + role.roles[0] + " alone, " + party + " gives it " + stanceName(alone.stance));
      }
    out->uses.push_back(std::move(stance));
  }
  return true;
}

}  // namespace refrain::interop
