// The expression machine: one dispatch loop over verified code; each operation is a small helper.
#include "runtime/vm.h"

#include <algorithm>

#include "runtime/money.h"

namespace refrain::runtime {

namespace {

class Machine {
 public:
  Machine(const LoadedBundle& l, Scratch& s, EvalError* error) : l_(l), s_(s), error_(error) {}

  bool run(const CodeBlock& blk, Value* out) {
    if (s_.stack.size() < blk.maxStack) s_.stack.resize(blk.maxStack);
    sp_ = 0;
    const Instr* code = l_.bundle.code.data() + blk.start;
    for (uint32_t pc = 0; pc < blk.length; ++pc) {
      const Instr& in = code[pc];
      switch (in.op) {
        case Op::kConst: push(l_.constants[in.a]); break;
        case Op::kField: if (!field(in.a)) return false; break;
        case Op::kHas: push(boolValue(s_.slots[in.a].state != SlotValue::State::kMissing)); break;
        case Op::kNot: if (!expect(top(), ValueType::kBool)) return false; top().number = !top().number; break;
        case Op::kJumpIfFalse:
        case Op::kJumpIfTrue:
          if (!expect(top(), ValueType::kBool)) return false;
          if ((top().number != 0) == (in.op == Op::kJumpIfTrue)) pc = in.a - 1;
          else --sp_;
          break;
        case Op::kMatches: if (!matches(in.a)) return false; break;
        case Op::kMax:
        case Op::kMin: if (!extreme(in.a, in.op == Op::kMax)) return false; break;
        case Op::kNeg: if (!negate(top())) return false; break;
        default: if (!binary(in.op)) return false; break;
      }
    }
    *out = s_.stack[0];
    return true;
  }

 private:
  Value& top() { return s_.stack[sp_ - 1]; }
  void push(const Value& v) { s_.stack[sp_++] = v; }

  bool fail(const char* code, std::string message) {
    error_->code = code;
    error_->message = std::move(message);
    return false;
  }

  // A verified bundle keeps types consistent; this guards against a hostile one.
  bool expect(const Value& v, ValueType type, bool list = false) {
    if (v.type == type && v.isList == list) return true;
    return fail("bundle_fault", "operand has the wrong type");
  }

  bool field(uint32_t slot) {
    const SlotValue& v = s_.slots[slot];
    const std::string& path = l_.bundle.slots[slot].path;
    if (v.state == SlotValue::State::kMissing) return fail("missing_field", "request has no `" + path + "`");
    if (v.state == SlotValue::State::kMistyped)
      return fail("type_mismatch", "`" + path + "` has the wrong type: " + v.problem);
    push(v.value);
    return true;
  }

  bool matches(uint32_t pattern) {
    if (!expect(top(), ValueType::kString)) return false;
    std::string_view text = top().text;
    // RE2::PartialMatch with no captures, asked directly: PartialMatch's
    // argument handling costs more than the match of a short text.
    const RE2& re = *l_.patterns[pattern];
    top() = boolValue(re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, nullptr, 0));
    return true;
  }

  bool sameCurrency(const Value& a, const Value& b) {
    if (a.currency == b.currency) return true;
    return fail("currency_mismatch", "cannot combine " + unpackCurrency(a.currency) + " with " + unpackCurrency(b.currency));
  }

  // Three-way comparison of two values of one type; false on currency mismatch.
  bool compare(const Value& a, const Value& b, int* order) {
    if (a.type != b.type || a.isList || b.isList) return fail("bundle_fault", "comparison of mismatched types");
    if (a.type == ValueType::kMoney && !sameCurrency(a, b)) return false;
    if (a.type == ValueType::kString || a.type == ValueType::kTerritory) {
      int c = a.text.compare(b.text);
      *order = c < 0 ? -1 : c > 0;
    } else {
      *order = a.number < b.number ? -1 : a.number > b.number;
    }
    return true;
  }

  // Whether a == b, exactly as compare() would say (errors included). Texts
  // (`in` lists of territories, `==` on strings) are the common case: they
  // need no three-way order, and most unequal ones differ in length or first
  // byte, so they are told apart without a call to memcmp.
  bool equal(const Value& a, const Value& b, bool* same) {
    if ((a.type == ValueType::kString || a.type == ValueType::kTerritory) && b.type == a.type && !a.isList &&
        !b.isList) {
      std::string_view s = a.text, t = b.text;
      *same = s.size() == t.size() && (s.empty() || (s[0] == t[0] && s == t));
      return true;
    }
    int order;
    if (!compare(a, b, &order)) return false;
    *same = order == 0;
    return true;
  }

  bool member(const Value& list, const Value& x, bool* found) {
    if (!list.isList || list.type != x.type || x.isList) return fail("bundle_fault", "membership of mismatched types");
    *found = false;
    for (uint32_t i = 0; i < list.count && !*found; ++i)
      if (!equal(x, list.items[i], found)) return false;
    return true;
  }

  bool stringTest(Op op, const Value& a, const Value& b, bool* result) {
    if (!expect(a, ValueType::kString) || !expect(b, ValueType::kString)) return false;
    std::string_view s = a.text, t = b.text;
    if (op == Op::kStartsWith) *result = s.substr(0, t.size()) == t;
    else if (op == Op::kEndsWith) *result = s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
    else *result = s.find(t) != std::string_view::npos;
    return true;
  }

  bool overflow() { return fail("overflow", "arithmetic overflow"); }

  bool negate(Value& v) {
    if (v.isList || (v.type != ValueType::kInt && v.type != ValueType::kMoney))
      return fail("bundle_fault", "operand has the wrong type");
    if (v.number == INT64_MIN) return overflow();
    v.number = -v.number;
    return true;
  }

  bool arithmetic(Op op, const Value& a, const Value& b, Value* r) {
    *r = a;
    bool ok;
    if (op == Op::kMul) return multiply(a, b, r);
    if (a.type != b.type || a.isList || b.isList || (a.type != ValueType::kInt && a.type != ValueType::kMoney))
      return fail("bundle_fault", "arithmetic on mismatched types");
    if (a.type == ValueType::kMoney && !sameCurrency(a, b)) return false;
    ok = op == Op::kAdd ? checkedAdd(a.number, b.number, &r->number) : checkedSub(a.number, b.number, &r->number);
    return ok || overflow();
  }

  bool multiply(const Value& a, const Value& b, Value* r) {
    auto is = [](const Value& v, ValueType t) { return v.type == t && !v.isList; };
    bool ok;
    if (is(a, ValueType::kInt) && is(b, ValueType::kInt)) { *r = a; ok = checkedMul(a.number, b.number, &r->number); }
    else if (is(a, ValueType::kMoney) && is(b, ValueType::kInt)) { *r = a; ok = checkedMul(a.number, b.number, &r->number); }
    else if (is(a, ValueType::kInt) && is(b, ValueType::kMoney)) { *r = b; ok = checkedMul(a.number, b.number, &r->number); }
    else if (is(a, ValueType::kPercent) && is(b, ValueType::kMoney)) { *r = b; ok = applyPercent(b.number, a.number, &r->number); }
    else if (is(a, ValueType::kMoney) && is(b, ValueType::kPercent)) { *r = a; ok = applyPercent(a.number, b.number, &r->number); }
    else return fail("bundle_fault", "multiplication of mismatched types");
    return ok || overflow();
  }

  bool binary(Op op) {
    const Value& b = s_.stack[--sp_];  // its slot is above a's: writing a leaves it intact
    Value& a = top();
    int order = 0;
    bool result = false;
    switch (op) {
      case Op::kEq: case Op::kNe:
        if (!equal(a, b, &result)) return false;
        result = result == (op == Op::kEq);
        break;
      case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
        if (!compare(a, b, &order)) return false;
        result = op == Op::kLt ? order < 0 : op == Op::kLe ? order <= 0 : op == Op::kGt ? order > 0 : order >= 0;
        break;
      case Op::kIn: if (!member(b, a, &result)) return false; break;
      case Op::kContains:
        if (a.isList) { if (!member(a, b, &result)) return false; }
        else if (!stringTest(op, a, b, &result)) return false;
        break;
      case Op::kStartsWith: case Op::kEndsWith: if (!stringTest(op, a, b, &result)) return false; break;
      case Op::kAdd: case Op::kSub: case Op::kMul: {
        Value result;
        if (!arithmetic(op, a, b, &result)) return false;
        a = result;
        return true;
      }
      default: return fail("bundle_fault", "unknown instruction");
    }
    a = boolValue(result);
    return true;
  }

  bool extreme(uint32_t count, bool wantMax) {
    Value* first = &s_.stack[sp_ - count];
    Value best = first[0];
    for (uint32_t i = 1; i < count; ++i) {
      int order;
      if (!compare(first[i], best, &order)) return false;
      if (wantMax ? order > 0 : order < 0) best = first[i];
    }
    if (best.type != ValueType::kInt && best.type != ValueType::kMoney) return fail("bundle_fault", "max or min of a non-number");
    sp_ -= count;
    push(best);
    return true;
  }

  const LoadedBundle& l_;
  Scratch& s_;
  EvalError* error_;
  uint32_t sp_ = 0;
};

}  // namespace

bool runBlock(const LoadedBundle& l, uint32_t index, Scratch& s, Value* out, EvalError* error) {
  return Machine(l, s, error).run(l.bundle.blocks[index], out);
}

}  // namespace refrain::runtime
