// The reference evaluator's expressions (docs/language.md §7): a direct recursive walk over the checked syntax tree.
#include "compiler/reference_eval_internal.h"
#include "runtime/money.h"

namespace refrain::compiler::reference {

namespace {

using policy::BaseType;
using policy::BinOp;
using policy::Expr;
using policy::ExprKind;

Val boolVal(bool b) {
  Val v;
  v.type = BaseType::kBool;
  v.number = b;
  return v;
}

bool failWith(Failure* failure, const char* code, std::string message) {
  *failure = {code, std::move(message)};
  return false;
}

bool overflow(Failure* failure) { return failWith(failure, "overflow", "arithmetic overflow"); }

// Money meets money: both must be in one currency.
bool sameCurrency(const Val& a, const Val& b, Failure* failure) {
  if (a.type != BaseType::kMoney || a.text == b.text) return true;
  return failWith(failure, "currency_mismatch", "cannot combine " + a.text + " with " + b.text);
}

// -1, 0 or 1: `a` before, equal to or after `b`; both of one scalar type.
int order(const Val& a, const Val& b) {
  switch (a.type) {
    case BaseType::kString:
    case BaseType::kTerritory:
    case BaseType::kUse: {
      int c = a.text.compare(b.text);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    default: return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  }
}

// Whether `x` is an element of `list`, comparing in the list's order.
bool elementOf(const Val& x, const Val& list, bool* found, Failure* failure) {
  *found = false;
  for (const Val& item : list.items) {
    if (!sameCurrency(x, item, failure)) return false;
    if (order(x, item) == 0) {
      *found = true;
      return true;
    }
  }
  return true;
}

// The lists joined by `+` on the right of `in`, in source order.
void listParts(const Expr& e, std::vector<const Expr*>* parts) {
  if (e.kind == ExprKind::kBinary && e.op == BinOp::kAdd) {
    listParts(*e.args[0], parts);
    listParts(*e.args[1], parts);
  } else {
    parts->push_back(&e);
  }
}

}  // namespace

bool Evaluator::eval(const Expr& e, Val* out, Failure* failure) {
  switch (e.kind) {
    case ExprKind::kLiteral: return literal(e, out);
    case ExprKind::kList: {
      *out = Val{};
      out->type = e.type.base;
      out->list = true;
      for (const auto& item : e.args) {
        Val v;
        literal(*item, &v);
        out->items.push_back(std::move(v));
      }
      return true;
    }
    case ExprKind::kField: return field(e, out, failure);
    case ExprKind::kHas: {
      Val ignored;
      std::string problem;
      *out = boolVal(readField(request_, e.text, {BaseType::kString, false}, &ignored, &problem) !=
                     FieldState::kMissing);
      return true;
    }
    case ExprKind::kNot:
      if (!eval(*e.args[0], out, failure)) return false;
      *out = boolVal(!out->number);
      return true;
    case ExprKind::kNeg:
      if (!eval(*e.args[0], out, failure)) return false;
      if (out->number == INT64_MIN) return overflow(failure);
      out->number = -out->number;
      return true;
    case ExprKind::kCall: return extreme(e, out, failure);
    case ExprKind::kBinary: return binary(e, out, failure);
    case ExprKind::kName: break;
  }
  return failWith(failure, "internal", "unchecked name in the syntax tree");
}

bool Evaluator::literal(const Expr& e, Val* out) {
  *out = Val{};
  out->type = e.type.base;
  switch (e.type.base) {
    case BaseType::kString:
    case BaseType::kTerritory:
    case BaseType::kUse: out->text = e.text; break;
    case BaseType::kMoney:
      out->number = e.number;
      out->text = e.text;
      break;
    default: out->number = e.number; break;
  }
  return true;
}

bool Evaluator::field(const Expr& e, Val* out, Failure* failure) {
  std::string problem;
  FieldState state = readField(request_, e.text, e.type, out, &problem);
  if (state == FieldState::kPresent) return true;
  *failure = fieldFailure(e.text, state, problem);
  return false;
}

bool Evaluator::binary(const Expr& e, Val* out, Failure* failure) {
  switch (e.op) {
    case BinOp::kAnd:
    case BinOp::kOr: return logical(e, out, failure);
    case BinOp::kIn:
    case BinOp::kNotIn: return membership(e, out, failure);
    case BinOp::kEq:
    case BinOp::kNe:
    case BinOp::kLt:
    case BinOp::kLe:
    case BinOp::kGt:
    case BinOp::kGe: return comparison(e, out, failure);
    case BinOp::kMatches: return matches(e, out, failure);
    case BinOp::kStartsWith:
    case BinOp::kEndsWith:
    case BinOp::kContains: return stringTest(e, out, failure);
    case BinOp::kAdd:
    case BinOp::kSub:
    case BinOp::kMul: return arithmetic(e, out, failure);
  }
  return failWith(failure, "internal", "unknown operator");
}

bool Evaluator::logical(const Expr& e, Val* out, Failure* failure) {
  if (!eval(*e.args[0], out, failure)) return false;
  bool left = out->number != 0;
  if (e.op == BinOp::kAnd ? !left : left) return true;  // short-circuit: the left decides
  return eval(*e.args[1], out, failure);
}

// `x in A + B` asks A first, then B only when x is not in A.
bool Evaluator::membership(const Expr& e, Val* out, Failure* failure) {
  Val x;
  if (!eval(*e.args[0], &x, failure)) return false;
  std::vector<const Expr*> parts;
  listParts(*e.args[1], &parts);
  bool found = false;
  for (const Expr* part : parts) {
    Val list;
    if (!eval(*part, &list, failure) || !elementOf(x, list, &found, failure)) return false;
    if (found) break;
  }
  *out = boolVal(e.op == BinOp::kIn ? found : !found);
  return true;
}

bool Evaluator::comparison(const Expr& e, Val* out, Failure* failure) {
  Val a, b;
  if (!eval(*e.args[0], &a, failure) || !eval(*e.args[1], &b, failure)) return false;
  if (!sameCurrency(a, b, failure)) return false;
  int c = order(a, b);
  bool result = false;
  switch (e.op) {
    case BinOp::kEq: result = c == 0; break;
    case BinOp::kNe: result = c != 0; break;
    case BinOp::kLt: result = c < 0; break;
    case BinOp::kLe: result = c <= 0; break;
    case BinOp::kGt: result = c > 0; break;
    default: result = c >= 0; break;
  }
  *out = boolVal(result);
  return true;
}

bool Evaluator::stringTest(const Expr& e, Val* out, Failure* failure) {
  Val s, t;
  if (!eval(*e.args[0], &s, failure) || !eval(*e.args[1], &t, failure)) return false;
  bool result = false;
  if (s.list) {  // `LIST contains x` is membership
    if (!elementOf(t, s, &result, failure)) return false;
  } else if (e.op == BinOp::kStartsWith) {
    result = s.text.size() >= t.text.size() && s.text.compare(0, t.text.size(), t.text) == 0;
  } else if (e.op == BinOp::kEndsWith) {
    result = s.text.size() >= t.text.size() && s.text.compare(s.text.size() - t.text.size(), t.text.size(), t.text) == 0;
  } else {
    result = s.text.find(t.text) != std::string::npos;
  }
  *out = boolVal(result);
  return true;
}

bool Evaluator::arithmetic(const Expr& e, Val* out, Failure* failure) {
  Val a, b;
  if (!eval(*e.args[0], &a, failure) || !eval(*e.args[1], &b, failure)) return false;
  if (e.op != BinOp::kMul) {
    if (!sameCurrency(a, b, failure)) return false;
    *out = a;
    bool ok = e.op == BinOp::kAdd ? runtime::checkedAdd(a.number, b.number, &out->number)
                                  : runtime::checkedSub(a.number, b.number, &out->number);
    return ok || overflow(failure);
  }
  bool ok;
  if (a.type == BaseType::kPercent) {
    *out = b;
    ok = runtime::applyPercent(b.number, a.number, &out->number);
  } else if (b.type == BaseType::kPercent) {
    *out = a;
    ok = runtime::applyPercent(a.number, b.number, &out->number);
  } else {
    *out = b.type == BaseType::kMoney ? b : a;  // money keeps its currency; int * int stays int
    ok = runtime::checkedMul(a.number, b.number, &out->number);
  }
  return ok || overflow(failure);
}

bool Evaluator::extreme(const Expr& e, Val* out, Failure* failure) {
  std::vector<Val> args(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i)
    if (!eval(*e.args[i], &args[i], failure)) return false;
  bool wantMax = e.text == "max";
  Val best = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    if (!sameCurrency(args[i], best, failure)) return false;
    int c = order(args[i], best);
    if (wantMax ? c > 0 : c < 0) best = args[i];
  }
  *out = std::move(best);
  return true;
}

bool Evaluator::matches(const Expr& e, Val* out, Failure* failure) {
  Val s;
  if (!eval(*e.args[0], &s, failure)) return false;
  *out = boolVal(RE2::PartialMatch(s.text, pattern(e.args[1]->text)));
  return true;
}

const RE2& Evaluator::pattern(const std::string& text) {
  std::unique_ptr<RE2>& re = patterns_[text];
  if (!re) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(int64_t{1} << 20);  // the checker's and the runtime's budget
    re = std::make_unique<RE2>(text, options);
  }
  return *re;
}

}  // namespace refrain::compiler::reference
