// What the metrics count of a decision, read from its canonical compact JSON
// (runtime/decision_json.cc writes it; the key order is fixed): the outcome,
// the use, and each error's code. A scan of the text, not a JSON parse: the
// service counts every decision, and the text is ours.
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
    constexpr std::string_view kCode = "{\"code\":\"";
    for (size_t at; (at = rest.find(kCode)) != std::string_view::npos;) {
      rest.remove_prefix(at + kCode.size());
      size_t end = rest.find('"');
      if (end == std::string_view::npos) return;
      f(rest.substr(0, end));
      rest.remove_prefix(end);
    }
  }

  std::string_view errors_;  // the text of the `errors` array
};

// Summarises one canonical compact decision (one line, no newline needed).
DecisionSummary summarizeDecision(std::string_view json);

}  // namespace refrain::server
