// The decision: what the runtime answers, and its canonical JSON form (§10).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace refrain::runtime {

struct Reason {
  std::string party;
  std::string policy;   // empty: the party has no policy that speaks
  std::string verdict;  // "allow", "deny", "silent" or "error"
  std::string rule;     // `file:line`; empty when no rule decided
};

struct DutyItem {
  std::string party;
  std::string duty;
  bool hasText = false;
  std::string text;
};

struct PayeeAmount {
  std::string party;
  int64_t micros = 0;
};

struct PaymentTerm {
  std::string party;
  std::string rule;
  int64_t micros = 0;
};

struct CurrencyPayment {
  std::string currency;
  int64_t total = 0;
  std::vector<PayeeAmount> payees;  // by party id
  std::vector<PaymentTerm> terms;   // by party id
};

// Named error codes, so a caller can act on them without parsing messages.
struct DecisionError {
  std::string code;     // e.g. "missing_field", "invalid_json", "unknown_use"
  std::string message;  // lowercase, one line, user text in backticks
  std::string policy;   // empty for request errors
  std::string rule;     // `file:line` of the rule (or policy) that failed; may be empty
};

struct Decision {
  bool allow = false;
  std::string use;
  std::string work;
  std::vector<Reason> reasons;          // by party id
  std::vector<DutyItem> duties;         // by party id, then clause order; no repeats
  std::vector<CurrencyPayment> payments;  // by currency code
  std::vector<DecisionError> errors;
};

enum class JsonStyle { kPretty, kCompact };

// Appends the canonical JSON of `d` and a newline to `out`: fixed key order,
// money with six fractional digits; kPretty indents by two spaces, kCompact
// is one line (for JSON Lines). The same decision always gives the same bytes.
void writeDecisionJson(const Decision& d, std::string* out, JsonStyle style = JsonStyle::kPretty);

// Appends `s` as a JSON string literal (quotes and escapes) to `out`.
void appendJsonString(std::string_view s, std::string* out);

}  // namespace refrain::runtime
