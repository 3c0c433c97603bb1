#include "server/decision_summary.h"

namespace refrain::server {

std::string_view DecisionSummary::nextString(std::string_view* text, std::string_view key) {
  size_t at = text->find(key);
  if (at == std::string_view::npos) return *text = {}, std::string_view();
  std::string_view rest = text->substr(at + key.size());
  size_t open = rest.find_first_not_of(" \n");
  if (open == std::string_view::npos || rest[open] != '"') return *text = rest, std::string_view();
  rest.remove_prefix(open + 1);
  size_t end = rest.find_first_of("\"\\");
  if (end == std::string_view::npos || rest[end] != '"') return *text = rest, std::string_view();
  *text = rest.substr(end + 1);
  return rest.substr(0, end);
}

DecisionSummary summarizeDecision(std::string_view json) {
  DecisionSummary s;
  std::string_view rest = json;
  // `decision` is the first key, `use` the second (a use with an escape in
  // it is no use the bundle knows: left empty, counted as `other`).
  s.allowed = DecisionSummary::nextString(&rest, "\"decision\":") == "allow";
  s.use = DecisionSummary::nextString(&rest, "\"use\":");
  // `errors` is the last key.
  constexpr std::string_view kErrors = "\"errors\":";
  size_t at = json.rfind(kErrors);
  if (at != std::string_view::npos) s.errors_ = json.substr(at + kErrors.size());
  return s;
}

}  // namespace refrain::server
