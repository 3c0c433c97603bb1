#include "server/decision_summary.h"

namespace refrain::server {

DecisionSummary summarizeDecision(std::string_view json) {
  DecisionSummary s;
  constexpr std::string_view kAllow = "{\"decision\":\"allow\"";
  s.allowed = json.substr(0, kAllow.size()) == kAllow;
  // `use` is the second key; a use with an escape in it is no use the
  // bundle knows, and is left empty (the metrics count it as `other`).
  constexpr std::string_view kUse = ",\"use\":\"";
  size_t at = json.find(kUse);
  if (at != std::string_view::npos) {
    std::string_view rest = json.substr(at + kUse.size());
    size_t end = rest.find_first_of("\"\\");
    if (end != std::string_view::npos && rest[end] == '"') s.use = rest.substr(0, end);
  }
  // `errors` is the last key. Outside strings `"errors":[` can only be that
  // key, and inside one its quotes would be escaped; so is `{"code":"` in it.
  constexpr std::string_view kErrors = ",\"errors\":[";
  at = json.rfind(kErrors);
  if (at != std::string_view::npos) s.errors_ = json.substr(at + kErrors.size());
  return s;
}

}  // namespace refrain::server
