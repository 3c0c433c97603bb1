#include "analysis/block_encoder.h"

#include "analysis/regex_z3.h"

namespace refrain::analysis {

using runtime::Op;
using runtime::ValueType;

namespace {

z3::expr prefixOf(const z3::expr& prefix, const z3::expr& s) {
  return z3::expr(s.ctx(), Z3_mk_seq_prefix(s.ctx(), prefix, s));
}

z3::expr suffixOf(const z3::expr& suffix, const z3::expr& s) {
  return z3::expr(s.ctx(), Z3_mk_seq_suffix(s.ctx(), suffix, s));
}

bool isType(const SymValue& v, ValueType t) { return !v.isList() && v.scalarType() == t; }

// percent * money: the exact product rounded to micro-units, half to even (runtime/money.cc).
z3::expr applyPercent(const z3::expr& micros, const z3::expr& ppm) {
  z3::context& c = micros.ctx();
  const z3::expr million = c.int_val(1000000);
  z3::expr product = micros * ppm;
  z3::expr q = product / million;  // for a positive divisor, Z3's division is the floor
  z3::expr r = product - q * million;
  z3::expr up = 2 * r > million || (2 * r == million && z3::mod(q, 2) == 1);
  return q + z3::ite(up, c.int_val(1), c.int_val(0));
}

}  // namespace

BlockEncoder::BlockEncoder(RequestModel& model, size_t side, const runtime::Bundle& bundle, Unsupported* unsupported)
    : model_(model), ctx_(model.ctx()), side_(side), bundle_(bundle), unsupported_(unsupported) {}

const Encoded& BlockEncoder::block(int32_t index) {
  auto it = blocks_.find(index);
  if (it == blocks_.end()) it = blocks_.emplace(index, run(bundle_.blocks[static_cast<size_t>(index)])).first;
  return it->second;
}

z3::expr BlockEncoder::fieldError(uint32_t slot) {
  return !model_.read(side_, bundle_.slots[slot], unsupported_).typed;
}

SymValue BlockEncoder::boolean(const z3::expr& b) {
  SymValue v(ctx_);
  v.type = static_cast<uint8_t>(ValueType::kBool);
  v.value = b;
  return v;
}

SymValue BlockEncoder::scalar(const runtime::Scalar& s) {
  SymValue v(ctx_);
  v.type = static_cast<uint8_t>(s.type);
  const SharedTables& t = model_.tables();
  switch (s.type) {
    case ValueType::kBool: v.value = ctx_.bool_val(s.number != 0); break;
    case ValueType::kString: v.value = stringTerm(ctx_, s.text, unsupported_); break;
    case ValueType::kTerritory: v.value = ctx_.int_val(t.territoryIndex(s.text)); break;
    case ValueType::kMoney:
      v.value = ctx_.int_val(s.number);
      v.currency = ctx_.int_val(t.currencyIndex(s.text));
      break;
    default: v.value = ctx_.int_val(s.number); break;  // int, percent, time, use
  }
  return v;
}

SymValue BlockEncoder::constant(const runtime::Constant& c) {
  if (!(c.type & runtime::kListFlag)) return scalar(c.items.at(0));
  SymValue v(ctx_);
  v.type = c.type;
  v.literal = true;
  for (const runtime::Scalar& s : c.items) v.items.push_back(scalar(s));
  return v;
}

z3::expr BlockEncoder::equal(const SymValue& a, const SymValue& b, z3::expr* error) {
  if (isType(a, ValueType::kMoney)) *error = *error || a.currency != b.currency;
  return a.value == b.value;
}

z3::expr BlockEncoder::less(const SymValue& a, const SymValue& b, bool orEqual, z3::expr* error) {
  if (isType(a, ValueType::kMoney)) *error = *error || a.currency != b.currency;
  if (isType(a, ValueType::kString)) return orEqual ? stringLessEq(a.value, b.value) : stringLess(a.value, b.value);
  if (isType(a, ValueType::kBool)) {  // false < true, as the runtime compares their numbers
    return orEqual ? z3::implies(a.value, b.value) : (!a.value && b.value);
  }
  return orEqual ? a.value <= b.value : a.value < b.value;  // territories: indexes follow byte order
}

z3::expr BlockEncoder::member(const SymValue& list, const SymValue& x, z3::expr* error) {
  if (list.literal) {
    // The runtime stops at the first match; a currency mismatch before it is an error.
    z3::expr found = ctx_.bool_val(false);
    for (const SymValue& item : list.items) {
      z3::expr itemError = ctx_.bool_val(false);
      z3::expr same = equal(x, item, &itemError);
      *error = *error || (!found && itemError);
      found = found || same;
    }
    return found;
  }
  if (list.scalarType() == ValueType::kMoney) {
    unsupported_->add("a list of money read from the request");
    return model_.fresh(ctx_.bool_sort());
  }
  return list.value.contains(x.value.unit());
}

SymValue BlockEncoder::arithmetic(Op op, const SymValue& a, const SymValue& b, z3::expr* error) {
  SymValue r = a;
  if (op == Op::kMul) {
    if (isType(a, ValueType::kPercent) || isType(b, ValueType::kPercent)) {
      r = isType(a, ValueType::kPercent) ? b : a;
      r.value = applyPercent(r.value, isType(a, ValueType::kPercent) ? a.value : b.value);
    } else {
      if (isType(b, ValueType::kMoney)) r = b;
      r.value = a.value * b.value;
    }
  } else {
    if (isType(a, ValueType::kMoney)) *error = *error || a.currency != b.currency;
    r.value = op == Op::kAdd ? a.value + b.value : a.value - b.value;
  }
  *error = *error || !inInt64(r.value);
  return r;
}

SymValue BlockEncoder::extreme(const std::vector<SymValue>& values, bool wantMax, z3::expr* error) {
  SymValue best = values[0];
  for (size_t i = 1; i < values.size(); ++i) {
    const SymValue& v = values[i];
    if (isType(v, ValueType::kMoney)) *error = *error || v.currency != best.currency;
    z3::expr better = wantMax ? v.value > best.value : v.value < best.value;
    best.value = z3::ite(better, v.value, best.value);
  }
  return best;
}

SymValue BlockEncoder::merge(const z3::expr& cond, const SymValue& taken, const SymValue& fallthrough) {
  if (z3::eq(taken.value, fallthrough.value) && taken.literal == fallthrough.literal) return fallthrough;
  if (taken.literal || fallthrough.literal || taken.type != fallthrough.type) {
    // Never from the compiler (conditions join on bools); a hostile bundle's.
    unsupported_->addInexact("a list or mixed value where conditions join");
    return fallthrough;
  }
  SymValue v = fallthrough;
  v.value = z3::ite(cond, taken.value, fallthrough.value);
  if (isType(v, ValueType::kMoney)) v.currency = z3::ite(cond, taken.currency, fallthrough.currency);
  return v;
}

Encoded BlockEncoder::run(const runtime::CodeBlock& blk) {
  // The machine has no backward jumps (runtime/bundle.h): one pass, in
  // order, joining the stacks of jumps where they land, evaluates every
  // path. An error anywhere reached makes the block fail; what follows an
  // error on a path never matters, as the error is already counted.
  Stack s{{}, ctx_.bool_val(true)};
  z3::expr error = ctx_.bool_val(false);
  std::map<uint32_t, std::vector<Stack>> landing;  // pc -> stacks of jumps to it, reach = jump taken
  const runtime::Instr* code = bundle_.code.data() + blk.start;
  auto fail = [&](const z3::expr& cond) { error = error || (s.reach && cond); };
  for (uint32_t pc = 0; pc < blk.length; ++pc) {
    if (auto it = landing.find(pc); it != landing.end()) {
      for (const Stack& jumped : it->second) {
        for (size_t i = 0; i < s.values.size(); ++i) s.values[i] = merge(jumped.reach, jumped.values[i], s.values[i]);
        s.reach = s.reach || jumped.reach;
      }
      landing.erase(it);
    }
    const runtime::Instr& in = code[pc];
    switch (in.op) {
      case Op::kConst: s.values.push_back(constant(bundle_.constants[in.a])); break;
      case Op::kField: {
        FieldRead f = model_.read(side_, bundle_.slots[in.a], unsupported_);
        fail(!f.typed);
        s.values.push_back(f.value);
        break;
      }
      case Op::kHas: s.values.push_back(boolean(model_.present(side_, bundle_.slots[in.a], unsupported_))); break;
      case Op::kNot: s.values.back().value = !s.values.back().value; break;
      case Op::kJumpIfFalse:
      case Op::kJumpIfTrue: {
        const z3::expr top = s.values.back().value;
        const z3::expr jumps = in.op == Op::kJumpIfTrue ? top : !top;
        landing[in.a].push_back(Stack{s.values, s.reach && jumps});
        s.reach = s.reach && !jumps;
        s.values.pop_back();
        break;
      }
      case Op::kMatches: {
        // A pattern outside the translated subset is any truth value:
        // the encoding then allows more than the runtime, never less.
        z3::expr re(ctx_);
        SymValue& top = s.values.back();
        top = boolean(regexOf(ctx_, bundle_.patterns[in.a], &re, unsupported_) ? z3::in_re(top.value, re)
                                                                               : model_.fresh(ctx_.bool_sort()));
        break;
      }
      case Op::kMax:
      case Op::kMin: {
        std::vector<SymValue> args(s.values.end() - in.a, s.values.end());
        s.values.erase(s.values.end() - in.a, s.values.end());
        z3::expr err = ctx_.bool_val(false);
        s.values.push_back(extreme(args, in.op == Op::kMax, &err));
        fail(err);
        break;
      }
      case Op::kNeg: {
        SymValue& top = s.values.back();
        fail(top.value == ctx_.int_val(kInt64Min));
        top.value = -top.value;
        break;
      }
      default: {
        SymValue b = s.values.back();
        s.values.pop_back();
        SymValue a = s.values.back();
        s.values.pop_back();
        z3::expr err = ctx_.bool_val(false);
        switch (in.op) {
          case Op::kEq: s.values.push_back(boolean(equal(a, b, &err))); break;
          case Op::kNe: s.values.push_back(boolean(!equal(a, b, &err))); break;
          case Op::kLt: s.values.push_back(boolean(less(a, b, false, &err))); break;
          case Op::kLe: s.values.push_back(boolean(less(a, b, true, &err))); break;
          case Op::kGt: s.values.push_back(boolean(less(b, a, false, &err))); break;
          case Op::kGe: s.values.push_back(boolean(less(b, a, true, &err))); break;
          case Op::kIn: s.values.push_back(boolean(member(b, a, &err))); break;
          case Op::kContains:
            s.values.push_back(boolean(a.isList() ? member(a, b, &err) : a.value.contains(b.value)));
            break;
          case Op::kStartsWith: s.values.push_back(boolean(prefixOf(b.value, a.value))); break;
          case Op::kEndsWith: s.values.push_back(boolean(suffixOf(b.value, a.value))); break;
          case Op::kAdd:
          case Op::kSub:
          case Op::kMul: s.values.push_back(arithmetic(in.op, a, b, &err)); break;
          default:
            unsupported_->add("an instruction the analyser does not know");
            s.values.push_back(boolean(model_.fresh(ctx_.bool_sort())));
            break;
        }
        fail(err);
        break;
      }
    }
  }
  // Jumps past the last instruction land at the end.
  if (auto it = landing.find(blk.length); it != landing.end())
    for (const Stack& jumped : it->second) {
      for (size_t i = 0; i < s.values.size(); ++i) s.values[i] = merge(jumped.reach, jumped.values[i], s.values[i]);
    }
  return Encoded{s.values.at(0), error};
}

}  // namespace refrain::analysis
