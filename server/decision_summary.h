// What the metrics count of a decision, read from its canonical JSON, on one
// line or indented (runtime/decision_json.cc writes both; the key order is
// fixed): the outcome, the use, and each error's code. A scan of the text,
// not a JSON parse: the service counts every decision, and the text is ours.
// Outside strings a key's quotes are bare, inside one they are escaped, so
// `"key":` found in the text is a key.
#pragma once

#include <string_view>

namespace refrain::server {

struct DecisionSummary {
  bool allowed = false;
  std::string_view use;  // as written in the JSON (a use name has nothing to escape)
  // Calls f(code) for each error's code, in order.
  template <class F>
  void forEachErrorCode(F&& f) const {
    std::string_view rest = errors_;
    for (std::string_view code; !(code = nextString(&rest, "\"code\":")).empty();) f(code);
  }

  // The string value after the next `key` in *text (a key with its quotes
  // and colon), and *text moved past it; empty when there is none, or when
  // it has an escape (no name the metrics count has one).
  static std::string_view nextString(std::string_view* text, std::string_view key);

  std::string_view errors_;  // the text of the `errors` array
};

// Summarises one canonical compact decision (one line, no newline needed).
DecisionSummary summarizeDecision(std::string_view json);

}  // namespace refrain::server
