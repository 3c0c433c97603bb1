// `:why`: the runtime's explanation of the last decision, in words.
#include <algorithm>

#include "cli/repl_expr.h"

namespace refrain::cli::repl {

namespace {

using runtime::ExplainedCondition;
using runtime::ProbeKind;
using runtime::ShownValue;

std::string shown(const ShownValue& v) {
  return v.ok ? v.text : "<" + v.errorCode + ": " + v.errorMessage + ">";
}

bool isTrue(const ShownValue& v) { return v.ok && v.text == "true"; }

// Prints why condition `c` (which did not hold) is false or failed.
void explainFalse(const ExplainedCondition& c, const std::string& indent, std::ostream& out) {
  if (c.kind == ProbeKind::kAnd) return explainFalse(isTrue(c.sides[0].value) ? c.sides[1] : c.sides[0], indent, out);
  if (c.kind == ProbeKind::kOr) {
    out << indent << "neither side of `" << c.text << "` holds:\n";
    explainFalse(c.sides[0], indent + "  ", out);
    explainFalse(c.sides[1], indent + "  ", out);
    return;
  }
  if (!c.value.ok) {
    out << indent << "`" << c.text << "` failed: " << c.value.errorCode << ": " << c.value.errorMessage << "\n";
    return;
  }
  out << indent << "`" << c.text << "` is false";
  if (c.kind == ProbeKind::kNot) {
    out << ": " << c.operands[0].text << " is true";
  } else if (c.kind == ProbeKind::kHas) {
    out << ": the request has no `" << c.text.substr(4, c.text.size() - 5) << "`";
  } else {
    for (size_t i = 0; i < c.operands.size(); ++i)
      out << (i ? ", " : ": ") << c.operands[i].text << " = " << shown(c.operands[i].value);
  }
  out << "\n";
}

void printReasons(const runtime::Decision& d, std::ostream& out) {
  out << "decision: " << (d.allow ? "allow" : "deny") << " (" << d.use << " of " << d.work << ")\n";
  for (const runtime::Reason& r : d.reasons) {
    out << "  " << r.party << ": " << r.verdict;
    if (!r.rule.empty()) out << " by rule " << r.rule;
    if (!r.policy.empty()) out << " (policy \"" << r.policy << "\")";
    out << "\n";
  }
  for (const runtime::DecisionError& e : d.errors) {
    out << "  error " << e.code << ": " << e.message;
    if (!e.rule.empty()) out << " (" << e.rule << ")";
    out << "\n";
  }
}

void printScopes(const runtime::Explanation& e, std::ostream& out) {
  if (e.scopes.empty()) return;
  out << "policies whose `on` did not hold, so they say nothing:\n";
  for (const runtime::ExplainedScope& scope : e.scopes) {
    out << "  " << scope.party << ": policy \"" << scope.policy << "\" at " << scope.at << "\n";
    explainFalse(scope.on, "    ", out);
  }
}

void printRules(const runtime::Explanation& e, std::ostream& out) {
  bool any = false;
  for (const runtime::ExplainedRule& r : e.rules) {
    if (!r.allow || r.outcome == "holds") continue;
    if (!any) out << "allow rules that did not apply:\n";
    any = true;
    std::string uses;
    for (const std::string& u : r.uses) uses += (uses.empty() ? "" : ", ") + u;
    out << "  " << r.party << ": allow " << uses << " at " << r.rule;
    if (r.outcome == "false") {
      out << " - when is false\n";
      explainFalse(r.when, "    ", out);
    } else {
      out << " - when failed: " << r.when.value.errorCode << ": " << r.when.value.errorMessage << "\n";
    }
  }
  if (!any) out << "no relevant allow rule had a false `when`\n";
}

}  // namespace

void explainWhy(const Session& s, std::ostream& out) {
  if (!s.last || !s.engine) return void(out << "error: no decision yet; run `:decide` first\n");
  runtime::DecideScratch scratch;
  runtime::Explanation e = s.engine->explain(s.decided.dump(), scratch);
  printReasons(e.decision, out);
  if (e.decision.use.empty()) return;
  printScopes(e, out);
  printRules(e, out);
}

}  // namespace refrain::cli::repl
