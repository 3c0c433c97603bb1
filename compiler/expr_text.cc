// Canonical one-line text of a checked expression.
#include "compiler/expr_text.h"

#include "runtime/money.h"
#include "runtime/time.h"
#include "runtime/decision.h"

namespace refrain::compiler {

namespace {

using policy::BaseType;
using policy::Expr;
using policy::ExprKind;

constexpr size_t kListShown = 6;  // a region of 27 territories reads better as its first few

std::string literalText(const Expr& e) {
  switch (e.type.base) {
    case BaseType::kString: {
      std::string out;
      runtime::appendJsonString(e.text, &out);
      return out;
    }
    case BaseType::kBool: return e.number ? "true" : "false";
    case BaseType::kInt: return std::to_string(e.number);
    case BaseType::kMoney: return runtime::formatMicros(e.number) + " " + e.currency;
    case BaseType::kPercent: return runtime::formatPercent(e.number);
    case BaseType::kTime: return runtime::formatTime(e.number);
    default: return e.text;  // territories and uses are their names
  }
}

// How tightly each form binds, as the parser reads them: `or` loosest.
int precedence(const Expr& e) {
  if (e.kind == ExprKind::kNot) return 3;
  if (e.kind == ExprKind::kNeg) return 7;
  if (e.kind != ExprKind::kBinary) return 8;
  switch (e.op) {
    case policy::BinOp::kOr: return 1;
    case policy::BinOp::kAnd: return 2;
    case policy::BinOp::kAdd: case policy::BinOp::kSub: return 5;
    case policy::BinOp::kMul: return 6;
    default: return 4;  // comparisons, `in`, `matches`...
  }
}

// A sub-expression of a form of precedence `outer`, in parentheses when the
// parser would otherwise read it differently: it binds more loosely, or as
// tightly on the right of a left-associative chain (`a - (b - c)`), or is a
// comparison beside a comparison (they do not chain).
std::string operandText(const Expr& e, int outer, bool right) {
  int inner = precedence(e);
  bool parens = inner < outer || (inner == outer && (right || inner == 4));
  return parens ? "(" + exprText(e) + ")" : exprText(e);
}

std::string itemsText(const Expr& e) {
  std::string out;
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (e.kind == ExprKind::kList && i == kListShown && e.args.size() > kListShown + 1)
      return out + ", ... " + std::to_string(e.args.size()) + " items";
    out += (i ? ", " : "") + exprText(*e.args[i]);
  }
  return out;
}

}  // namespace

std::string displayPath(const std::string& path) {
  return path.rfind("context.", 0) == 0 ? path.substr(8) : path;
}

std::string exprText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return literalText(e);
    case ExprKind::kName: return e.text;
    case ExprKind::kField: return displayPath(e.text);
    case ExprKind::kHas: return "has(" + displayPath(e.text) + ")";
    case ExprKind::kNot: return "not " + operandText(*e.args[0], 3, false);
    case ExprKind::kNeg: return "-" + operandText(*e.args[0], 8, false);
    case ExprKind::kBinary: {
      int outer = precedence(e);
      return operandText(*e.args[0], outer, false) + " " + policy::binOpName(e.op) + " " +
             operandText(*e.args[1], outer, true);
    }
    case ExprKind::kList: return e.text.empty() ? "[" + itemsText(e) + "]" : e.text;  // a region keeps its name
    case ExprKind::kCall: return e.text + "(" + itemsText(e) + ")";
  }
  return "?";
}

}  // namespace refrain::compiler
