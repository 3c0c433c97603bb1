// `:why`: the reasons of the last decision, and why each relevant allow rule did not apply.
#include <algorithm>
#include <set>

#include "cli/repl_expr.h"
#include "policy/checker.h"

namespace refrain::cli::repl {

namespace {

using compiler::reference::Evaluator;
using compiler::reference::Failure;
using compiler::reference::Val;
using policy::BinOp;
using policy::Expr;
using policy::ExprKind;

// The value of `e` as text, or the error evaluating it.
std::string valueOf(Evaluator& eval, const Expr& e) {
  Val v;
  Failure f;
  if (!eval.eval(e, &v, &f)) return "<" + f.code + ": " + f.message + ">";
  return formatValue(v);
}

bool holds(Evaluator& eval, const Expr& e) {
  Val v;
  Failure f;
  return eval.eval(e, &v, &f) && v.number != 0;
}

// Prints why the bool expression `e` (which evaluated to false) is false.
void explainFalse(Evaluator& eval, const Expr& e, const std::string& indent, std::ostream& out) {
  if (e.kind == ExprKind::kBinary && e.op == BinOp::kAnd) {
    const Expr& first = holds(eval, *e.args[0]) ? *e.args[1] : *e.args[0];
    return explainFalse(eval, first, indent, out);
  }
  if (e.kind == ExprKind::kBinary && e.op == BinOp::kOr) {
    out << indent << "neither side of `" << printExpr(e) << "` holds:\n";
    explainFalse(eval, *e.args[0], indent + "  ", out);
    explainFalse(eval, *e.args[1], indent + "  ", out);
    return;
  }
  out << indent << "`" << printExpr(e) << "` is false";
  if (e.kind == ExprKind::kBinary) {
    out << ": " << printExpr(*e.args[0]) << " = " << valueOf(eval, *e.args[0]);
    ExprKind right = e.args[1]->kind;
    if (right != ExprKind::kLiteral && right != ExprKind::kList) out << ", " << printExpr(*e.args[1]) << " = " << valueOf(eval, *e.args[1]);
  } else if (e.kind == ExprKind::kNot) {
    out << ": " << printExpr(*e.args[0]) << " is true";
  } else if (e.kind == ExprKind::kHas) {
    out << ": the request has no `" << e.text << "`";
  }
  out << "\n";
}

// docs/language.md §3.4: per name, the version with the latest `effective` at or before `time`, unless expired.
std::vector<const policy::Policy*> inForce(const policy::Program& program, int64_t time) {
  std::map<std::string, const policy::Policy*> chosen;
  for (const policy::Policy& p : program.policies) {
    if (p.effective.value_or(INT64_MIN) > time) continue;
    const policy::Policy*& best = chosen[p.name];
    if (!best || best->effective.value_or(INT64_MIN) < p.effective.value_or(INT64_MIN)) best = &p;
  }
  std::vector<const policy::Policy*> out;
  for (const policy::Policy& p : program.policies) {
    auto it = chosen.find(p.name);
    if (it != chosen.end() && it->second == &p && !(p.expires && *p.expires <= time)) out.push_back(&p);
  }
  return out;
}

bool relevant(const policy::Rule& r, const std::string& use) {
  return std::any_of(r.uses.begin(), r.uses.end(), [&](const policy::UseRef& u) { return policy::useCovers(u.name, use); });
}

std::string useList(const policy::Rule& r) {
  std::string out;
  for (const policy::UseRef& u : r.uses) out += (out.empty() ? "" : ", ") + u.name;
  return out;
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

void explainRules(const Session& s, const runtime::Decision& d, std::ostream& out) {
  std::set<std::string> parties;
  for (const runtime::Reason& r : d.reasons) parties.insert(r.party);
  compiler::reference::Request request = evalRequest(s, s.decided);
  Evaluator eval(request);
  const policy::Program& program = s.result.program;
  bool any = false;
  for (const policy::Policy* p : inForce(program, request.time)) {
    if (p->role != "platform" && !parties.count(p->party)) continue;
    if (p->on && !holds(eval, *p->on)) continue;
    for (const policy::Rule& r : p->rules) {
      if (!r.allow || !r.when || !relevant(r, d.use)) continue;
      Val v;
      Failure f;
      std::string where = program.sources[r.span.file].name + ":" + std::to_string(r.span.line);
      if (eval.eval(*r.when, &v, &f) && v.number) continue;
      if (!any) out << "allow rules that did not apply:\n";
      any = true;
      out << "  " << p->party << ": allow " << useList(r) << " at " << where;
      if (f.code.empty()) {
        out << " - when is false\n";
        explainFalse(eval, *r.when, "    ", out);
      } else {
        out << " - when failed: " << f.code << ": " << f.message << "\n";
      }
    }
  }
  if (!any) out << "no relevant allow rule had a false `when`\n";
}

}  // namespace

void explainWhy(const Session& s, std::ostream& out) {
  if (!s.last) return void(out << "error: no decision yet; run `:decide` first\n");
  printReasons(*s.last, out);
  if (!s.last->use.empty()) explainRules(s, *s.last, out);
}

}  // namespace refrain::cli::repl
