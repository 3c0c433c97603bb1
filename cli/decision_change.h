// What a policy change did to one request: two decisions of the same request
// compared, and what decides the new one, for grouping changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/decision.h"

namespace refrain::cli {

// A deny that stays a deny is unchanged whatever now denies it: the requester
// sees no difference. An allow that stays an allow changes when what is paid
// (each currency's total, each payee's amount) or the set of duties changes;
// the terms behind the amounts and the order of the duties do not count.
enum class ChangeKind : uint8_t { kNone, kAllowToDeny, kDenyToAllow, kPayment, kDuties, kPaymentAndDuties };
constexpr size_t kChangeKinds = 6;

ChangeKind changeBetween(const runtime::DecisionView& before, const runtime::DecisionView& after);

// For people: "allow -> deny", "payment changed", ...
std::string_view changeLabel(ChangeKind kind);
// For JSON: "allow_to_deny", "payment", ...
std::string_view changeName(ChangeKind kind);

// Sets `out` to what decides `d`, in one line that sorts and groups:
//   allowed by FILE:LINE, ...        the allowing parties' winning rules
//   denied by FILE:LINE, ...         the denying parties' rules
//   error CODE [at FILE:LINE], ...   the errors, when no party denies
//   no consent from PARTY, ...       the required rights holders that are silent
void describeDecider(const runtime::DecisionView& d, std::string* out);

}  // namespace refrain::cli
