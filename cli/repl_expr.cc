// Printing expressions and values, and evaluating bare expressions against the REPL's request.
#include "cli/repl_expr.h"

#include "policy/checker.h"
#include "policy/parser.h"
#include "runtime/time.h"

namespace refrain::cli::repl {

namespace {

using compiler::reference::Val;
using policy::BaseType;
using policy::Expr;
using policy::ExprKind;

constexpr size_t kListShown = 6;

std::string quoted(const std::string& s) {
  std::string out;
  runtime::appendJsonString(s, &out);
  return out;
}

std::string scalar(const Val& v) {
  switch (v.type) {
    case BaseType::kString: return quoted(v.text);
    case BaseType::kTerritory:
    case BaseType::kUse: return v.text;
    default: return compiler::reference::dutyText(v);
  }
}

Val literalVal(const Expr& e) {
  Val v;
  v.type = e.type.base;
  v.number = e.number;
  if (v.type == BaseType::kString || v.type == BaseType::kTerritory || v.type == BaseType::kUse ||
      v.type == BaseType::kMoney)
    v.text = e.text;
  return v;
}

// A sub-expression, in parentheses when it is itself an operator.
std::string operand(const Expr& e) {
  bool compound = e.kind == ExprKind::kBinary || e.kind == ExprKind::kNot;
  return compound ? "(" + printExpr(e) + ")" : printExpr(e);
}

std::string displayPath(const std::string& path) {
  return path.rfind("context.", 0) == 0 ? path.substr(8) : path;
}

}  // namespace

std::string printExpr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return scalar(literalVal(e));
    case ExprKind::kName: return e.text;
    case ExprKind::kField: return displayPath(e.text);
    case ExprKind::kHas: return "has(" + displayPath(e.text) + ")";
    case ExprKind::kNot: return "not " + operand(*e.args[0]);
    case ExprKind::kBinary:
      return operand(*e.args[0]) + " " + policy::binOpName(e.op) + " " + operand(*e.args[1]);
    case ExprKind::kList:
    case ExprKind::kCall: {
      std::string out = e.kind == ExprKind::kCall ? e.text + "(" : "[";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (e.kind == ExprKind::kList && i == kListShown && e.args.size() > kListShown + 1) {
          out += ", ... " + std::to_string(e.args.size()) + " items";
          break;
        }
        out += (i ? ", " : "") + printExpr(*e.args[i]);
      }
      return out + (e.kind == ExprKind::kCall ? ")" : "]");
    }
  }
  return "?";
}

std::string formatValue(const Val& v) {
  if (!v.list) return scalar(v);
  std::string out = "[";
  for (size_t i = 0; i < v.items.size(); ++i) {
    if (i == kListShown && v.items.size() > kListShown + 1) {
      out += ", ... " + std::to_string(v.items.size()) + " items";
      break;
    }
    out += (i ? ", " : "") + scalar(v.items[i]);
  }
  return out + "]";
}

compiler::reference::Request evalRequest(const Session& s, const ojson& request) {
  compiler::reference::Request r;
  r.doc = nlohmann::json::parse(request.dump());
  if (r.doc.contains("use") && r.doc["use"].is_string()) r.use = r.doc["use"].get<std::string>();
  const nlohmann::json* work = r.doc.contains("work") ? &r.doc["work"] : nullptr;
  if (work && work->is_object() && work->contains("id") && (*work)["id"].is_string())
    r.workId = (*work)["id"].get<std::string>();
  for (const runtime::WorkDef& w : s.result.works)
    if (w.id == r.workId) r.catalogWork = &w;
  if (r.doc.contains("context") && r.doc["context"].is_object() && r.doc["context"].contains("time") &&
      r.doc["context"]["time"].is_string())
    runtime::parseTime(r.doc["context"]["time"].get<std::string>(), &r.time);
  return r;
}

void evalExpression(const Session& s, const std::string& text, std::ostream& out) {
  policy::SourceFile source{"<input>", text};
  policy::Diagnostics diags;
  policy::ExprPtr e = policy::parseExpression(source, 0, diags);
  policy::Type type;
  if (e) type = policy::checkExpression(*e, policy::regionTable(s.result.program), {}, policy::Scope::kRequest, diags);
  if (diags.hasErrors() || !e) {
    for (const policy::Diagnostic& d : diags.all())
      if (d.severity == policy::Severity::kError)
        return void(out << "error: column " << d.span.col << ": " << d.message << "\n");
    return void(out << "error: cannot read the expression\n");
  }
  if (type.base == BaseType::kDynamic)
    return void(out << "error: cannot tell the type of `" << printExpr(*e) << "`; compare it with a value\n");
  compiler::reference::Request request = evalRequest(s, s.request);
  compiler::reference::Evaluator eval(request);
  Val v;
  compiler::reference::Failure failure;
  if (!eval.eval(*e, &v, &failure)) return void(out << "error: " << failure.code << ": " << failure.message << "\n");
  out << formatValue(v) << " : " << policy::typeName(e->type) << "\n";
}

}  // namespace refrain::cli::repl
