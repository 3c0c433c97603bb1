// Comparing two decisions of one request. Called for every request of a log,
// so the usual case (nothing changed) is settled by comparing in order, with
// no allocation.
#include "cli/decision_change.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace refrain::cli {

namespace {

using runtime::DecisionView;
using Payment = runtime::BasicCurrencyPayment<runtime::DecisionText>;
using Duty = runtime::BasicDutyItem<runtime::DecisionText>;

bool samePayee(const runtime::BasicPayeeAmount<runtime::DecisionText>& a,
               const runtime::BasicPayeeAmount<runtime::DecisionText>& b) {
  return a.micros == b.micros && a.party.text() == b.party.text();
}

// Payments are listed by currency, payees by party: equal lists mean equal payments.
bool samePayments(const std::vector<Payment>& a, const std::vector<Payment>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Payment& x, const Payment& y) {
    return x.total == y.total && x.currency.text() == y.currency.text() &&
           std::equal(x.payees.begin(), x.payees.end(), y.payees.begin(), y.payees.end(), samePayee);
  });
}

using DutyKey = std::tuple<std::string_view, std::string_view, bool, std::string_view>;

DutyKey keyOf(const Duty& d) { return {d.party.text(), d.duty.text(), d.hasText, d.hasText ? d.text.text() : ""}; }

std::vector<DutyKey> sortedKeys(const std::vector<Duty>& duties) {
  std::vector<DutyKey> keys;
  keys.reserve(duties.size());
  for (const Duty& d : duties) keys.push_back(keyOf(d));
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Duties are a set: a policy that lists the same duties in another order imposes the same.
bool sameDuties(const std::vector<Duty>& a, const std::vector<Duty>& b) {
  if (a.size() != b.size()) return false;
  if (std::equal(a.begin(), a.end(), b.begin(), [](const Duty& x, const Duty& y) { return keyOf(x) == keyOf(y); }))
    return true;
  return sortedKeys(a) == sortedKeys(b);  // rare: only when something differs in order or in fact
}

// Appends `head`, then the texts `pick` gives for the items it keeps, joined by ", ".
template <class Items, class Pick>
bool appendJoined(const char* head, const Items& items, Pick pick, std::string* out) {
  bool any = false;
  for (const auto& item : items) {
    std::string_view text;
    if (!pick(item, &text)) continue;
    out->append(any ? ", " : head);
    out->append(text.data(), text.size());
    any = true;
  }
  return any;
}

}  // namespace

ChangeKind changeBetween(const DecisionView& before, const DecisionView& after) {
  if (before.allow != after.allow) return before.allow ? ChangeKind::kAllowToDeny : ChangeKind::kDenyToAllow;
  if (!after.allow) return ChangeKind::kNone;
  const bool payment = !samePayments(before.payments, after.payments);
  const bool duties = !sameDuties(before.duties, after.duties);
  if (payment && duties) return ChangeKind::kPaymentAndDuties;
  if (payment) return ChangeKind::kPayment;
  return duties ? ChangeKind::kDuties : ChangeKind::kNone;
}

std::string_view changeLabel(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kNone: return "unchanged";
    case ChangeKind::kAllowToDeny: return "allow -> deny";
    case ChangeKind::kDenyToAllow: return "deny -> allow";
    case ChangeKind::kPayment: return "payment changed";
    case ChangeKind::kDuties: return "duties changed";
    case ChangeKind::kPaymentAndDuties: return "payment and duties changed";
  }
  return "";
}

std::string_view changeName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kNone: return "unchanged";
    case ChangeKind::kAllowToDeny: return "allow_to_deny";
    case ChangeKind::kDenyToAllow: return "deny_to_allow";
    case ChangeKind::kPayment: return "payment";
    case ChangeKind::kDuties: return "duties";
    case ChangeKind::kPaymentAndDuties: return "payment_and_duties";
  }
  return "";
}

void describeDecider(const DecisionView& d, std::string* out) {
  out->clear();
  auto ruleWith = [](std::string_view verdict) {
    return [verdict](const runtime::BasicReason<runtime::DecisionText>& r, std::string_view* text) {
      *text = r.rule.text();
      return r.verdict.text() == verdict;
    };
  };
  if (d.allow) {
    appendJoined("allowed by ", d.reasons, ruleWith("allow"), out);
    return;
  }
  if (appendJoined("denied by ", d.reasons, ruleWith("deny"), out)) return;
  if (!d.errors.empty()) {
    for (const auto& e : d.errors) {
      out->append(out->empty() ? "error " : ", error ");
      out->append(e.code.text());
      if (!e.rule.empty()) out->append(" at ").append(e.rule.text());
    }
    return;
  }
  auto silentParty = [](const runtime::BasicReason<runtime::DecisionText>& r, std::string_view* text) {
    *text = r.party.text();
    return r.verdict.text() == "silent";
  };
  if (!appendJoined("no consent from ", d.reasons, silentParty, out)) out->append("no consent");
}

}  // namespace refrain::cli
