// The decision: what the runtime answers, and its canonical JSON form (docs/language.md §10.5).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decision_text.h"

namespace refrain::runtime {

// Every part of a decision is written once, as a template over its text
// type: `Decision` owns its strings (what the API returns), `DecisionView`
// points into the bundle, the request and the scratch, so the runtime can
// decide and write JSON without allocating a string per field. A view's
// texts are DecisionTexts (decision_text.h): each carries what the runtime
// proved of it, that it needs no JSON escaping or that it is one of the
// bundle's names, and nothing else can claim either.

// A reason's verdict, by Verdict (scratch.h): the loader makes each word one
// of the bundle's names (index.cc), numbered as listed here.
inline constexpr std::string_view kVerdictWords[] = {"silent", "allow", "deny", "error"};

template <class Text>
struct BasicReason {
  Text party;
  Text policy;   // empty: the party has no policy that speaks
  Text verdict;  // "allow", "deny", "silent" or "error"
  Text rule;     // `file:line`; empty when no rule decided
};

template <class Text>
struct BasicDutyItem {
  Text party;
  Text duty;
  bool hasText = false;
  Text text;
};

template <class Text>
struct BasicPayeeAmount {
  Text party;
  int64_t micros = 0;
};

template <class Text>
struct BasicPaymentTerm {
  Text party;
  Text rule;
  int64_t micros = 0;
};

template <class Text>
struct BasicCurrencyPayment {
  Text currency;
  int64_t total = 0;
  std::vector<BasicPayeeAmount<Text>> payees;  // by party id
  std::vector<BasicPaymentTerm<Text>> terms;   // by party id
};

// Named error codes, so a caller can act on them without parsing messages.
template <class Text>
struct BasicDecisionError {
  Text code;     // e.g. "missing_field", "invalid_json", "unknown_use"
  Text message;  // lowercase, one line, user text in backticks
  Text policy;   // empty for request errors
  Text rule;     // `file:line` of the rule (or policy) that failed; may be empty
};

template <class Text>
struct BasicDecision {
  bool allow = false;
  Text use;
  Text work;
  std::vector<BasicReason<Text>> reasons;          // by party id
  std::vector<BasicDutyItem<Text>> duties;         // by party id, then clause order; no repeats
  std::vector<BasicCurrencyPayment<Text>> payments;  // by currency code
  std::vector<BasicDecisionError<Text>> errors;
};

using Reason = BasicReason<std::string>;
using DutyItem = BasicDutyItem<std::string>;
using PayeeAmount = BasicPayeeAmount<std::string>;
using PaymentTerm = BasicPaymentTerm<std::string>;
using CurrencyPayment = BasicCurrencyPayment<std::string>;
using DecisionError = BasicDecisionError<std::string>;
using Decision = BasicDecision<std::string>;

// Valid until the scratch that made it decides again, and only while the
// engine and the request's text live.
using DecisionView = BasicDecision<DecisionText>;

// An owning copy of a view.
Decision ownedDecision(const DecisionView& v);

enum class JsonStyle { kPretty, kCompact };

// Appends the canonical JSON of `d` and a newline to `out`: fixed key order,
// money with six fractional digits; kPretty indents by two spaces, kCompact
// is one line (for JSON Lines). The same decision always gives the same bytes.
void writeDecisionJson(const Decision& d, std::string* out, JsonStyle style = JsonStyle::kPretty);
void writeDecisionJson(const DecisionView& d, std::string* out, JsonStyle style = JsonStyle::kPretty);

// Appends `s` as a JSON string literal (quotes and escapes) to `out`.
void appendJsonString(std::string_view s, std::string* out);

}  // namespace refrain::runtime
