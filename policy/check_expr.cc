// Expression checking: name resolution and contextual typing of every expression form of docs/language.md §7.
#include <algorithm>

#include <re2/re2.h>

#include "policy/checker.h"
#include "policy/vocabulary.h"

namespace refrain::policy {

namespace {

struct KnownField { const char* path; BaseType base; bool list; };
constexpr KnownField kKnownFields[] = {
    {"use", BaseType::kUse, false},
    {"requester.id", BaseType::kString, false},
    {"requester.kind", BaseType::kString, false},
    {"requester.verified", BaseType::kBool, false},
    {"work.id", BaseType::kString, false},
    {"work.isrc", BaseType::kString, false},
    {"work.iswc", BaseType::kString, false},
    {"work.title", BaseType::kString, false},
    {"work.genre", BaseType::kString, false},
    {"work.release_date", BaseType::kTime, false},
    {"work.tags", BaseType::kString, true},
    {"work.contains_ai", BaseType::kString, false},
    {"context.purpose", BaseType::kString, false},
    {"context.territory", BaseType::kTerritory, false},
    {"context.time", BaseType::kTime, false},
    {"context.units", BaseType::kInt, false},
    {"context.revenue", BaseType::kMoney, false},
    {"context.model.name", BaseType::kString, false},
    {"context.model.provider", BaseType::kString, false},
    {"context.model.open_weights", BaseType::kBool, false},
    {"context.output.labelled_ai", BaseType::kBool, false},
    {"context.output.attribution", BaseType::kBool, false},
};

bool startsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Levenshtein distance, bounded: anything over `limit` counts as limit + 1.
size_t editDistance(const std::string& a, const std::string& b, size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return std::min(row[b.size()], limit + 1);
}

// The standard field a bare name was most likely meant to be: the nearest
// within two edits, written as an author would (`purpose`, `model.name`).
std::string nearestStandardField(const std::string& bare) {
  constexpr size_t kMaxEdits = 2;  // one slip of two keys; more suggests a different word
  std::string best;
  size_t bestDistance = kMaxEdits + 1;
  for (const KnownField& f : kKnownFields) {
    std::string path = f.path;
    if (startsWith(path, "context.")) path = path.substr(8);
    size_t d = editDistance(bare, path, kMaxEdits);
    if (d < bestDistance) { best = path; bestDistance = d; }
  }
  return best;
}

bool isAllCaps(const std::string& s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool isScalarComparable(BaseType b) {
  return b == BaseType::kInt || b == BaseType::kMoney || b == BaseType::kPercent ||
         b == BaseType::kTime || b == BaseType::kString;
}

const Type kNone{BaseType::kError, false};
const Type kBool{BaseType::kBool, false};
const Type kInt{BaseType::kInt, false};
const Type kString{BaseType::kString, false};
const Type kMoney{BaseType::kMoney, false};

bool concrete(Type t) { return t.base != BaseType::kError && t.base != BaseType::kDynamic; }
bool dynamic(Type t) { return t.base == BaseType::kDynamic; }

class ExprChecker {
 public:
  ExprChecker(const RegionTable& regions, Scope scope, Diagnostics& diags)
      : regions_(regions), scope_(scope), diags_(diags) {}

  Type check(Expr& e, Type want, bool listJoinAllowed = false) {
    switch (e.kind) {
      case ExprKind::kName: return name(e, want);
      case ExprKind::kField: return e.type;
      case ExprKind::kLiteral: return e.type;
      case ExprKind::kList: return list(e, want);
      case ExprKind::kNot: return negation(e);
      case ExprKind::kBinary: return binary(e, want, listJoinAllowed);
      case ExprKind::kCall: return call(e, want);
      case ExprKind::kHas: return has(e);
      case ExprKind::kNeg: return minus(e, want);
    }
    return kNone;
  }

  // Gives an untyped `context.*` field the type its position demands.
  bool settle(Expr& e, Type want) {
    if (!dynamic(e.type)) return true;
    // An empty list `[]` has no element type of its own; only a list type can be given to it.
    if (e.kind == ExprKind::kList) {
      if (want.list && concrete(want)) {
        e.type = want;
        return true;
      }
      fail(e.span, concrete(want) ? "expected " + typeName(want) + ", found an empty list"
                                  : std::string("cannot tell the type of an empty list `[]`"));
      return false;
    }
    if (!concrete(want)) {
      fail(e.span, "cannot tell the type of `" + e.text + "`; compare it with a value of known type");
      return false;
    }
    e.type = want;
    return true;
  }

  Type fail(Span span, std::string message) {
    diags_.error(span, std::move(message));
    return kNone;
  }

 private:
  Type field(Expr& e, const std::string& path, Type want) {
    Type t = fieldType(path);
    if (t.base == BaseType::kError) {
      if (path == "work.rightsholders")
        return fail(e.span, "`work.rightsholders` cannot be read in an expression; it decides who speaks and how `split` pays");
      return fail(e.span, "unknown field `" + e.text + "`");
    }
    if (scope_ == Scope::kWorkOnly && !startsWith(path, "work."))
      return fail(e.span, "an `on` scope may only read `work.*` fields, not `" + path + "`");
    e.kind = ExprKind::kField;
    e.text = path;
    e.type = t;
    if (dynamic(t) && concrete(want)) e.type = want;
    return e.type;
  }

  Type region(Expr& e, const std::vector<std::string>& codes) {
    e.kind = ExprKind::kList;
    e.type = {BaseType::kTerritory, true};
    e.args.clear();
    for (const std::string& code : codes) {
      auto t = std::make_unique<Expr>();
      t->kind = ExprKind::kLiteral;
      t->type = {BaseType::kTerritory, false};
      t->span = e.span;
      t->text = code;
      e.args.push_back(std::move(t));
    }
    return e.type;
  }

  Type name(Expr& e, Type want) {
    const std::string& n = e.text;
    std::string path = canonicalPath(n);
    if (isRequestPart(n)) return requestPart(e.span, n);
    if (n == "use" || startsWith(n, "requester.") || startsWith(n, "work.") || startsWith(n, "context."))
      return field(e, path, want);
    if (isUse(n)) {
      e.kind = ExprKind::kLiteral;
      e.type = {BaseType::kUse, false};
      return e.type;
    }
    auto r = regions_.find(n);
    if (r != regions_.end()) return region(e, r->second);
    if (n.size() == 2 && isAllCaps(n)) {
      if (!isTerritoryCode(n)) return fail(e.span, "unknown territory `" + n + "`");
      e.kind = ExprKind::kLiteral;
      e.type = {BaseType::kTerritory, false};
      return e.type;
    }
    if (isAllCaps(n)) return fail(e.span, "unknown region `" + n + "`");
    if (startsWith(n, "ai.") || n == "ai") return fail(e.span, "unknown use `" + n + "`");
    warnIfCustom(e.span, n);
    return field(e, path, want);
  }

  // A bare name that is no standard field is most often a typo (`purpse`),
  // which would deny every request with `missing_field`. Custom context
  // fields are declared by writing them as `context.x`.
  void warnIfCustom(Span span, const std::string& bare) {
    if (fieldType(canonicalPath(bare)).base != BaseType::kDynamic) return;
    std::string near = nearestStandardField(bare);
    if (!near.empty())
      diags_.warning(span, "`" + bare + "` is not a standard request field; did you mean `" + near + "`?");
    else
      diags_.warning(span, "`" + bare + "` is not a standard request field; write `context." + bare +
                               "` for a custom context field");
  }

  Type list(Expr& e, Type want) {
    std::vector<ExprPtr> flat;
    Type elem = kNone;
    bool ok = true;
    for (ExprPtr& item : e.args) {
      Type t = check(*item, kNone);
      if (t.base == BaseType::kError) { ok = false; continue; }
      if (item->kind == ExprKind::kList && t.base == BaseType::kTerritory) {
        for (ExprPtr& code : item->args) flat.push_back(std::move(code));
        t.list = false;
      } else if (item->kind != ExprKind::kLiteral || t.list) {
        fail(item->span, "list elements must be literals, territories, regions or uses");
        ok = false;
        continue;
      } else {
        flat.push_back(std::move(item));
      }
      if (elem.base == BaseType::kError) elem = t;
      else if (elem != t) { fail(flat.back()->span, "list mixes " + typeName(elem) + " and " + typeName(t)); ok = false; }
    }
    e.args = std::move(flat);
    if (!ok) return kNone;
    for (const ExprPtr& item : e.args)
      if (elem.base == BaseType::kMoney && item->text != e.args[0]->text)
        return fail(item->span, "list mixes currencies `" + e.args[0]->text + "` and `" + item->text + "`");
    if (elem.base == BaseType::kMoney && !e.args.empty()) e.currency = e.args[0]->text;
    if (elem.base == BaseType::kError) elem = want.list && concrete(want) ? Type{want.base, false} : Type{BaseType::kDynamic, false};
    e.type = {elem.base, true};
    return e.type;
  }

  Type negation(Expr& e) {
    Type t = check(*e.args[0], kBool);
    if (t.base == BaseType::kError) return kNone;
    if (!settle(*e.args[0], kBool)) return kNone;
    if (e.args[0]->type != kBool) return fail(e.args[0]->span, "`not` needs a bool, found " + typeName(e.args[0]->type));
    e.type = kBool;
    return kBool;
  }

  // `-x` on an int or money. An untyped field takes the type wanted here
  // when that is int or money, and int otherwise (as a factor of `*` does).
  Type minus(Expr& e, Type want) {
    Type t = check(*e.args[0], want);
    if (t.base == BaseType::kError) return kNone;
    bool number = want == kInt || (want.base == BaseType::kMoney && !want.list);
    if (!settle(*e.args[0], number ? want : kInt)) return kNone;
    Type operand = e.args[0]->type;
    if (operand != kInt && operand != kMoney)
      return fail(e.span, "`-` needs an int or money, found " + typeName(operand));
    e.type = operand;
    e.currency = e.args[0]->currency;
    return e.type;
  }

  static bool isRequestPart(const std::string& n) { return n == "requester" || n == "work" || n == "context"; }

  // `work` alone: a part of the request cannot be read whole.
  Type requestPart(Span span, const std::string& n) {
    const char* example = n == "work" ? "work.title" : n == "requester" ? "requester.id" : "context.purpose";
    return fail(span, "`" + n + "` is one of the request's parts, not a field; name a field in it, such as `" +
                          example + "`");
  }

  Type has(Expr& e) {
    if (isRequestPart(e.text)) return requestPart(e.span, e.text);
    std::string path = canonicalPath(e.text);
    if (fieldType(path).base == BaseType::kError) return fail(e.span, "unknown field `" + e.text + "` in `has`");
    if (path != e.text) warnIfCustom(e.span, e.text);
    if (scope_ == Scope::kWorkOnly && !startsWith(path, "work."))
      return fail(e.span, "an `on` scope may only read `work.*` fields, not `" + path + "`");
    e.text = path;
    e.type = kBool;
    return kBool;
  }

  // Checks both operands, then gives a dynamic side the other side's type.
  bool operands(Expr& e, Type* left, Type* right, bool listJoinRight = false) {
    *left = check(*e.args[0], kNone);
    *right = check(*e.args[1], kNone, listJoinRight);
    if (left->base == BaseType::kError || right->base == BaseType::kError) return false;
    if (dynamic(*left) && !settle(*e.args[0], *right)) return false;
    if (dynamic(*right) && !settle(*e.args[1], *left)) return false;
    *left = e.args[0]->type;
    *right = e.args[1]->type;
    return true;
  }

  Type mismatch(Expr& e, Type left, Type right) {
    return fail(e.span, std::string("`") + binOpName(e.op) + "` cannot take " + typeName(left) + " and " + typeName(right));
  }

  Type binary(Expr& e, Type want, bool listJoinAllowed) {
    switch (e.op) {
      case BinOp::kAnd:
      case BinOp::kOr: return logical(e);
      case BinOp::kEq:
      case BinOp::kNe:
      case BinOp::kLt:
      case BinOp::kLe:
      case BinOp::kGt:
      case BinOp::kGe: return compare(e);
      case BinOp::kIn:
      case BinOp::kNotIn: return membership(e);
      case BinOp::kMatches: return matches(e);
      case BinOp::kStartsWith:
      case BinOp::kEndsWith: return stringTest(e);
      case BinOp::kContains: return contains(e);
      case BinOp::kAdd:
      case BinOp::kSub: return additive(e, want, listJoinAllowed);
      case BinOp::kMul: return multiply(e, want);
    }
    return kNone;
  }

  Type logical(Expr& e) {
    bool ok = true;
    for (ExprPtr& arg : e.args) {
      Type t = check(*arg, kBool);
      if (t.base == BaseType::kError || !settle(*arg, kBool)) { ok = false; continue; }
      if (arg->type != kBool) { fail(arg->span, std::string("`") + binOpName(e.op) + "` needs bool operands, found " + typeName(arg->type)); ok = false; }
    }
    if (!ok) return kNone;
    e.type = kBool;
    return kBool;
  }

  bool sameCurrency(Expr& e, const Expr& a, const Expr& b) {
    if (!a.currency.empty() && !b.currency.empty() && a.currency != b.currency) {
      fail(e.span, "currency mismatch: `" + a.currency + "` and `" + b.currency + "`");
      return false;
    }
    return true;
  }

  Type compare(Expr& e) {
    Type l, r;
    if (!operands(e, &l, &r)) return kNone;
    if (l != r || l.list) return mismatch(e, l, r);
    bool ordered = e.op != BinOp::kEq && e.op != BinOp::kNe;
    if (ordered && !isScalarComparable(l.base))
      return fail(e.span, std::string("`") + binOpName(e.op) + "` cannot order values of type " + typeName(l));
    if (l.base == BaseType::kMoney && !sameCurrency(e, *e.args[0], *e.args[1])) return kNone;
    e.type = kBool;
    return kBool;
  }

  Type membership(Expr& e) {
    Type l = check(*e.args[0], kNone);
    Type r = check(*e.args[1], kNone, true);
    if (l.base == BaseType::kError || r.base == BaseType::kError) return kNone;
    if (!r.list && !dynamic(r)) return fail(e.args[1]->span, std::string("the right of `") + binOpName(e.op) + "` must be a list, found " + typeName(r));
    if (dynamic(l) && !settle(*e.args[0], {r.base, false})) return kNone;
    l = e.args[0]->type;
    if (l.list) return fail(e.args[0]->span, std::string("the left of `") + binOpName(e.op) + "` must be a single value, found " + typeName(l));
    settleList(*e.args[1], l);
    r = e.args[1]->type;
    if (r.base != l.base) return mismatch(e, l, r);
    e.type = kBool;
    return kBool;
  }

  // Types dynamic fields and empty lists inside a (possibly joined) list expression.
  void settleList(Expr& e, Type elem) {
    if (e.kind == ExprKind::kBinary && e.op == BinOp::kAdd) {
      settleList(*e.args[0], elem);
      settleList(*e.args[1], elem);
      e.type = {elem.base, true};
      return;
    }
    if (dynamic(e.type)) e.type = {elem.base, true};
  }

  Type matches(Expr& e) {
    Type l, r;
    if (!operands(e, &l, &r)) return kNone;
    if (!settle(*e.args[0], kString)) return kNone;
    l = e.args[0]->type;
    if (l != kString) return fail(e.args[0]->span, "`matches` needs a string on its left, found " + typeName(l));
    const Expr& pattern = *e.args[1];
    if (pattern.kind != ExprKind::kLiteral || pattern.type != kString)
      return fail(pattern.span, "the pattern of `matches` must be a string literal");
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kMaxRegexMemory);
    RE2 re(pattern.text, options);
    if (!re.ok()) return fail(pattern.span, "invalid pattern: " + re.error());
    e.type = kBool;
    return kBool;
  }

  Type stringTest(Expr& e) {
    Type l = check(*e.args[0], kString);
    Type r = check(*e.args[1], kString);
    if (l.base == BaseType::kError || r.base == BaseType::kError) return kNone;
    if (!settle(*e.args[0], kString) || !settle(*e.args[1], kString)) return kNone;
    if (e.args[0]->type != kString || e.args[1]->type != kString) return mismatch(e, e.args[0]->type, e.args[1]->type);
    e.type = kBool;
    return kBool;
  }

  Type contains(Expr& e) {
    Type l = check(*e.args[0], kNone);
    Type r = check(*e.args[1], kNone);
    if (l.base == BaseType::kError || r.base == BaseType::kError) return kNone;
    // An untyped field beside a string is a string; an empty list stays a list.
    if (dynamic(l) && concrete(r)) e.args[0]->type = (l.list || r != kString) ? Type{r.base, true} : kString;
    if (dynamic(r) && concrete(l)) e.args[1]->type = l.list ? Type{l.base, false} : l;
    l = e.args[0]->type;
    r = e.args[1]->type;
    if (dynamic(l) || dynamic(r)) {
      settle(dynamic(l) ? *e.args[0] : *e.args[1], kNone);
      return kNone;
    }
    bool ok = (l == kString && r == kString) || (l.list && !r.list && l.base == r.base);
    if (!ok) return mismatch(e, l, r);
    e.type = kBool;
    return kBool;
  }

  Type additive(Expr& e, Type want, bool listJoinAllowed) {
    Type l = check(*e.args[0], want, listJoinAllowed);
    Type r = check(*e.args[1], want, listJoinAllowed);
    if (l.base == BaseType::kError || r.base == BaseType::kError) return kNone;
    if (dynamic(l) && concrete(r) && !settle(*e.args[0], r)) return kNone;
    if (dynamic(r) && concrete(l) && !settle(*e.args[1], l)) return kNone;
    if (dynamic(l) && dynamic(r)) { settle(*e.args[0], kNone); return kNone; }
    l = e.args[0]->type;
    r = e.args[1]->type;
    if (l.list && r.list && l.base == r.base && e.op == BinOp::kAdd) {
      if (!listJoinAllowed) return fail(e.span, "lists can only be joined with `+` on the right of `in`");
      e.type = l;
      return l;
    }
    if (l != r || l.list || (l.base != BaseType::kInt && l.base != BaseType::kMoney)) return mismatch(e, l, r);
    if (l.base == BaseType::kMoney) {
      if (!sameCurrency(e, *e.args[0], *e.args[1])) return kNone;
      e.currency = e.args[0]->currency.empty() ? e.args[1]->currency : e.args[0]->currency;
    }
    e.type = l;
    return l;
  }

  Type multiply(Expr& e, Type want) {
    (void)want;
    Type l = check(*e.args[0], kNone);
    Type r = check(*e.args[1], kNone);
    if (l.base == BaseType::kError || r.base == BaseType::kError) return kNone;
    // An untyped field times an int counts (int); times money or a percent it is the other factor.
    auto partner = [](Type other) {
      if (other == kInt) return kInt;
      if (other.base == BaseType::kMoney) return kInt;
      if (other.base == BaseType::kPercent) return kMoney;
      return kNone;
    };
    if (dynamic(l) && !settle(*e.args[0], partner(r))) return kNone;
    if (dynamic(r) && !settle(*e.args[1], partner(l))) return kNone;
    l = e.args[0]->type;
    r = e.args[1]->type;
    Type result = kNone;
    if (l == kInt && r == kInt) result = kInt;
    else if ((l == kMoney && r == kInt) || (l == kMoney && r.base == BaseType::kPercent && !r.list)) result = kMoney;
    else if ((l == kInt && r == kMoney) || (l.base == BaseType::kPercent && !l.list && r == kMoney)) result = kMoney;
    if (result.base == BaseType::kError) return mismatch(e, l, r);
    if (result == kMoney) e.currency = l == kMoney ? e.args[0]->currency : e.args[1]->currency;
    e.type = result;
    return result;
  }

  Type call(Expr& e, Type want) {
    Type common = kNone;
    bool ok = true;
    for (ExprPtr& arg : e.args) {
      Type t = check(*arg, want);
      if (t.base == BaseType::kError) ok = false;
      else if (concrete(t) && common.base == BaseType::kError) common = t;
    }
    if (!ok) return kNone;
    if (common.base == BaseType::kError && concrete(want)) common = want;
    for (ExprPtr& arg : e.args) {
      if (!settle(*arg, common)) return kNone;
      if (arg->type != common) return fail(arg->span, "`" + e.text + "` needs all int or all money arguments, found " + typeName(common) + " and " + typeName(arg->type));
    }
    if (common != kInt && common != kMoney) return fail(e.span, "`" + e.text + "` works on int or money, not " + typeName(common));
    for (const ExprPtr& arg : e.args) {
      if (common == kMoney && !sameCurrency(e, e, *arg)) return kNone;
      if (e.currency.empty()) e.currency = arg->currency;
    }
    e.type = common;
    return common;
  }

  const RegionTable& regions_;
  Scope scope_;
  Diagnostics& diags_;
};

}  // namespace

std::string canonicalPath(const std::string& name) {
  if (name == "use" || startsWith(name, "requester.") || startsWith(name, "work.") ||
      startsWith(name, "context."))
    return name;
  return "context." + name;
}

Type fieldType(const std::string& canonical) {
  for (const KnownField& f : kKnownFields)
    if (canonical == f.path) return {f.base, f.list};
  if (startsWith(canonical, "context.") && canonical.size() > 8) return {BaseType::kDynamic, false};
  return kNone;
}

bool useCovers(const std::string& ancestor, const std::string& use) {
  return use == ancestor || (use.size() > ancestor.size() && use.compare(0, ancestor.size(), ancestor) == 0 &&
                             use[ancestor.size()] == '.');
}

int useDepth(const std::string& use) {
  return static_cast<int>(std::count(use.begin(), use.end(), '.'));
}

Type checkExpression(Expr& expr, const RegionTable& regions, Type want, Scope scope, Diagnostics& diags) {
  ExprChecker checker(regions, scope, diags);
  Type t = checker.check(expr, want);
  if (t.base == BaseType::kError) return t;
  if (dynamic(t) && !concrete(want)) return t;  // the caller decides what an untyped field is
  if (dynamic(t) && !checker.settle(expr, want)) return kNone;
  if (concrete(want) && expr.type != want)
    return checker.fail(expr.span, "expected " + typeName(want) + ", found " + typeName(expr.type));
  return expr.type;
}

}  // namespace refrain::policy
