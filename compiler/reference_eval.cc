// The reference evaluator's decision (docs/language.md §3, §5.1, §6, §8, §9):
// versions, speaking, verdicts, consent, combining.
//
// It follows docs/language.md step by step, in plain loops over the checked
// program; the section numbers below are that page's.
#include "compiler/reference_eval.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/reference_eval_internal.h"
#include "runtime/money.h"
#include "runtime/split.h"

namespace refrain::compiler {

namespace {

using namespace reference;
using policy::Policy;
using policy::Rule;

enum class Verdict { kSilent, kAllow, kDeny, kError };

struct PartyVerdict {
  Verdict verdict = Verdict::kSilent;
  const Policy* speaking = nullptr;  // the first of its policies that speaks, for a silent reason
  const Policy* policy = nullptr;    // the deciding policy
  const Rule* rule = nullptr;        // the deciding rule
  int depth = -1;                    // for an allow: depth of the winning rule's named use
};

// True when `use` is `ancestor` or lies in its subtree.
bool covers(const std::string& ancestor, const std::string& use) {
  return use == ancestor ||
         (use.size() > ancestor.size() && use.compare(0, ancestor.size(), ancestor) == 0 && use[ancestor.size()] == '.');
}

int depthOf(const std::string& use) { return static_cast<int>(std::count(use.begin(), use.end(), '.')); }

// The depth of the deepest of `uses` covering `use`, or -1 when none does.
int coveringDepth(const std::vector<policy::UseRef>& uses, const std::string& use) {
  int best = -1;
  for (const policy::UseRef& u : uses)
    if (covers(u.name, use)) best = std::max(best, depthOf(u.name));
  return best;
}

class Judge {
 public:
  Judge(const policy::Program& program, const Request& request)
      : program_(program), request_(request), eval_(request) {}

  void run(runtime::Decision* d) {
    d_ = d;
    for (const Policy* p : policiesInForce()) scope(*p);
    for (const Policy& p : program_.policies)
      if (active_.count(&p))
        for (const Rule& r : p.rules) judge(p, r);
    bool consented = true;
    for (const std::string& party : requiredHolders()) {
      required_.insert(party);
      if (parties_[party].verdict != Verdict::kAllow) consented = false;
    }
    if (required_.empty()) {  // the project's choice: nobody to ask means nobody consented
      d_->errors.push_back({"no_consenting_holder",
                            "no rights holder of the work has a role whose consent `" + request_.use + "` needs", {}, {}});
      consented = false;
    }
    bool denied = std::any_of(parties_.begin(), parties_.end(), [](const auto& p) { return p.second.verdict == Verdict::kDeny; });
    d_->allow = !denied && consented && d_->errors.empty();
    if (d_->allow) obligations();
    d_->allow = d_->allow && d_->errors.empty();
    if (!d_->allow) {
      d_->duties.clear();
      d_->payments.clear();
    }
    reasons();
  }

 private:
  std::string ruleRef(const Rule& r) const {
    return program_.sources[r.span.file].name + ":" + std::to_string(r.span.line);
  }

  // An error names the rule, or for an `on` scope the line of the policy's name.
  void error(const Failure& f, const Policy& p, const Rule* r) {
    std::string where = r ? ruleRef(*r) : program_.sources[p.span.file].name + ":" + std::to_string(p.span.line);
    d_->errors.push_back({f.code, f.message, p.name, where});
  }

  // §3: per policy name, the version with the latest `effective` at or before
  // the request's time, unless that version has expired. The project's
  // order: by each name's first appearance in the bundle (it decides which
  // policy a silent party's reason names, and the order of `on` errors).
  std::vector<const Policy*> policiesInForce() const {
    std::vector<std::string> names;
    std::map<std::string, const Policy*> chosen;
    for (const Policy& p : program_.policies) {
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
      int64_t effective = p.effective.value_or(INT64_MIN);
      if (effective > request_.time) continue;
      const Policy*& best = chosen[p.name];
      if (!best || best->effective.value_or(INT64_MIN) < effective) best = &p;
    }
    std::vector<const Policy*> inForce;
    for (const std::string& name : names) {
      auto it = chosen.find(name);
      if (it == chosen.end()) continue;
      const Policy& p = *it->second;
      if (p.expires && *p.expires <= request_.time) continue;
      inForce.push_back(&p);
    }
    return inForce;
  }

  // §6.1: a platform speaks for every work; others only for works they hold in the declared role.
  bool speaks(const Policy& p) const {
    if (p.role == "platform") return true;
    return std::any_of(request_.holders.begin(), request_.holders.end(),
                       [&](const Holder& h) { return h.party == p.party && h.role == p.role; });
  }

  void scope(const Policy& p) {
    if (!speaks(p)) return;
    if (p.on) {
      Val v;
      Failure f;
      if (!eval_.eval(*p.on, &v, &f)) {
        error(f, p, nullptr);
        PartyVerdict& pv = parties_[p.party];
        pv.verdict = Verdict::kError;
        pv.policy = &p;
        return;
      }
      if (!v.number) return;
    }
    active_.insert(&p);
    PartyVerdict& pv = parties_[p.party];
    if (!pv.speaking) pv.speaking = &p;
  }

  // §5.1 for one rule: deny beats everything, an error beats allow, the deepest allow wins.
  void judge(const Policy& p, const Rule& r) {
    int depth = coveringDepth(r.uses, request_.use);
    if (depth < 0 || (!r.allow && coveringDepth(r.except, request_.use) >= 0)) return;
    PartyVerdict& pv = parties_[p.party];
    if (r.when) {
      Val v;
      Failure f;
      if (!eval_.eval(*r.when, &v, &f)) {
        error(f, p, &r);
        if (pv.verdict != Verdict::kDeny) pv = {Verdict::kError, pv.speaking, &p, &r, -1};
        return;
      }
      if (!v.number) return;
    }
    if (!r.allow) {
      if (pv.verdict != Verdict::kDeny) pv = {Verdict::kDeny, pv.speaking, &p, &r, -1};
    } else if (pv.verdict == Verdict::kSilent || (pv.verdict == Verdict::kAllow && depth > pv.depth)) {
      pv = {Verdict::kAllow, pv.speaking, &p, &r, depth};
    }
  }

  // §6.3: the holders whose consent is needed, by the deepest covering `consent` clause.
  std::vector<std::string> requiredHolders() const {
    const policy::Consent* clause = nullptr;
    int clauseDepth = -1;
    for (const Policy& p : program_.policies) {
      if (p.role != "platform" || !active_.count(&p)) continue;
      for (const policy::Consent& c : p.consents) {
        int depth = coveringDepth(c.uses, request_.use);
        if (depth > clauseDepth) {
          clause = &c;
          clauseDepth = depth;
        }
      }
    }
    std::vector<std::string> required;
    for (const Holder& h : request_.holders) {
      if (h.role == "platform") continue;
      if (clause && std::find(clause->roles.begin(), clause->roles.end(), h.role) == clause->roles.end()) continue;
      required.push_back(h.party);
    }
    return required;
  }

  // §6.2 step 3, §8, §9: every allowing party's duties and payment, by party id.
  void obligations() {
    for (auto& [party, pv] : parties_) {
      if (pv.verdict != Verdict::kAllow) continue;
      size_t errorsBefore = d_->errors.size();
      duties(party, *pv.policy, *pv.rule);  // the project's order: duty texts, then pay
      if (pv.rule->pay) pay(party, *pv.policy, *pv.rule);
      if (d_->errors.size() != errorsBefore) pv.verdict = Verdict::kError;
    }
    for (auto& [currency, payment] : payments_) {
      for (auto& [party, micros] : payees_[currency]) payment.payees.push_back({party, micros});
      d_->payments.push_back(std::move(payment));
    }
  }

  void duties(const std::string& party, const Policy& p, const Rule& r) {
    for (const policy::Duty& duty : r.duties) {
      runtime::DutyItem item{party, duty.name, duty.hasText, {}};
      std::optional<Failure> failed;
      for (const policy::TextPart& part : duty.parts) {
        if (!part.isField) {
          item.text += part.text;
          continue;
        }
        Val v;
        std::string problem;
        FieldState state = readField(request_, part.field->text, part.field->type, &v, &problem);
        if (state != FieldState::kPresent) {
          failed = fieldFailure(part.field->text, state, problem);
          break;
        }
        item.text += dutyText(v);
      }
      if (failed) {
        error(*failed, p, &r);
        continue;
      }
      auto same = [&](const runtime::DutyItem& o) {
        return o.party == item.party && o.duty == item.duty && o.hasText == item.hasText && o.text == item.text;
      };
      if (std::none_of(d_->duties.begin(), d_->duties.end(), same)) d_->duties.push_back(std::move(item));
    }
  }

  void pay(const std::string& party, const Policy& p, const Rule& r) {
    Val amount;
    Failure f;
    if (!eval_.eval(*r.pay, &amount, &f)) return error(f, p, &r);
    if (amount.number < 0)
      return error({"negative_payment", "payment is negative: " + runtime::formatMicros(amount.number)}, p, &r);
    std::vector<runtime::Payee> shares;
    if (!split(amount.number, p, r, &shares)) return;
    runtime::CurrencyPayment& payment = payments_[amount.text];
    payment.currency = amount.text;
    if (!runtime::checkedAdd(payment.total, amount.number, &payment.total))
      return error({"overflow", "payment total overflows"}, p, &r);
    payment.terms.push_back({party, ruleRef(r), amount.number});
    for (const runtime::Payee& share : shares) payees_[amount.text][std::string(share.party)] += share.micros;
  }

  // §8.1: each role's portion among the work's holders of that role, by share or equally.
  bool split(int64_t total, const Policy& p, const Rule& r, std::vector<runtime::Payee>* shares) {
    if (r.split.empty()) {
      shares->push_back({p.party, total});
      return true;
    }
    std::vector<runtime::SplitTerm> terms;
    for (const policy::Share& share : r.split) {
      std::vector<const Holder*> holders;
      for (const Holder& h : request_.holders)
        if (h.role == share.role) holders.push_back(&h);
      if (holders.empty()) {
        error({"no_holder_for_role", "the work has no rights holder with role `" + share.role + "` to pay"}, p, &r);
        return false;
      }
      bool weighted = std::all_of(holders.begin(), holders.end(), [](const Holder* h) { return h->hasShare; });
      int64_t roleTotal = 0;
      for (const Holder* h : holders) {
        if (!runtime::checkedAdd(roleTotal, weighted ? h->weight : 1, &roleTotal)) {
          error({"overflow", "the shares of role `" + share.role + "` overflow"}, p, &r);
          return false;
        }
      }
      if (roleTotal == 0) {
        error({"zero_shares", "the `" + share.role + "` rights holders' shares total zero"}, p, &r);
        return false;
      }
      for (const Holder* h : holders)
        if (!weighted || h->weight > 0) terms.push_back({h->party, share.ppm, weighted ? h->weight : 1, roleTotal});
    }
    std::string why;
    if (runtime::allocateSplit(total, terms, shares, &why)) return true;
    error({"split_failed", why}, p, &r);
    return false;
  }

  void reasons() {
    static const char* kWords[] = {"silent", "allow", "deny", "error"};
    for (const auto& [party, pv] : parties_) {
      if (pv.verdict == Verdict::kSilent && !required_.count(party)) continue;
      runtime::Reason reason{party, {}, kWords[static_cast<int>(pv.verdict)], {}};
      const Policy* p = pv.policy ? pv.policy : pv.speaking;
      if (p) reason.policy = p->name;
      if (pv.rule) reason.rule = ruleRef(*pv.rule);
      d_->reasons.push_back(std::move(reason));
    }
  }

  const policy::Program& program_;
  const Request& request_;
  Evaluator eval_;
  runtime::Decision* d_ = nullptr;
  std::set<const Policy*> active_;
  std::map<std::string, PartyVerdict> parties_;  // by party id, in byte order
  std::set<std::string> required_;
  std::map<std::string, runtime::CurrencyPayment> payments_;
  std::map<std::string, std::map<std::string, int64_t>> payees_;
};

}  // namespace

runtime::Decision referenceDecide(const policy::Program& program, const std::vector<runtime::WorkDef>& catalog,
                                  std::string_view requestJson) {
  runtime::Decision d;
  Request request;
  Failure failure;
  if (!readRequest(requestJson, readPaths(program), catalog, &request, &failure, &d.use, &d.work)) {
    d.allow = false;
    d.errors.push_back({failure.code, failure.message, {}, {}});
    return d;
  }
  d.use = request.use;
  d.work = request.workId;
  Judge(program, request).run(&d);
  return d;
}

}  // namespace refrain::compiler
