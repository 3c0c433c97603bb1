// Lowering: slots, constants and stack code for every expression; policies and rules as bundle records.
#include "compiler/lower.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/expr_text.h"
#include "policy/checker.h"
#include "policy/vocabulary.h"

namespace refrain::compiler {

namespace {

using namespace refrain::policy;
using runtime::Instr;
using runtime::Op;
using runtime::Scalar;
using runtime::ValueType;

uint8_t valueType(Type t) {
  return static_cast<uint8_t>(t.base) | (t.list ? runtime::kListFlag : 0);
}

bool scalarLess(const Scalar& a, const Scalar& b) {
  return std::tie(a.number, a.text) < std::tie(b.number, b.text);
}

class Lowerer {
 public:
  explicit Lowerer(const Program& program) : program_(program) {}

  runtime::Bundle run(std::vector<runtime::WorkDef> works) {
    for (const SourceFile& f : program_.sources) b_.files.push_back(f.name);
    for (const UseNode& u : builtinUses()) {
      int32_t parent = u.parent.empty() ? -1 : static_cast<int32_t>(useIndex_.at(std::string(u.parent)));
      useIndex_[std::string(u.name)] = static_cast<uint32_t>(b_.uses.size());
      b_.uses.push_back({std::string(u.name), parent});
    }
    for (std::string_view r : roles()) b_.roles.emplace_back(r);
    for (std::string_view t : territoryCodes()) b_.territories.emplace_back(t);
    for (std::string_view c : currencyCodes()) b_.currencies.emplace_back(c);
    for (const Policy& p : program_.policies) b_.policies.push_back(policy(p));
    b_.works = std::move(works);
    return std::move(b_);
  }

  // A bundle of the built-in tables and one standalone expression, no policy.
  runtime::Bundle runExpression(const Expr& e) {
    runtime::Bundle b = run({});
    b_ = std::move(b);
    runtime::ProbeDef p;
    p.text = exprText(e);
    p.block = block(e);
    b_.expressions.push_back(std::move(p));
    return std::move(b_);
  }

 private:
  std::vector<uint32_t> uses(const std::vector<UseRef>& refs) {
    std::vector<uint32_t> out;
    for (const UseRef& u : refs) out.push_back(useIndex_.at(u.name));
    return out;
  }

  runtime::PolicyDef policy(const Policy& p) {
    runtime::PolicyDef d;
    d.file = static_cast<uint32_t>(p.span.file);
    d.line = static_cast<uint32_t>(p.span.line);
    d.name = p.name;
    d.role = p.role;
    d.party = p.party;
    if (p.effective) d.effective = *p.effective;
    if (p.expires) d.expires = *p.expires;
    if (p.on) {
      d.on = block(*p.on);
      probes(*p.on, &d.onProbes);
    }
    for (const Consent& c : p.consents) d.consents.push_back({c.roles, uses(c.uses)});
    for (const Rule& r : p.rules) d.rules.push_back(rule(r));
    return d;
  }

  runtime::RuleDef rule(const Rule& r) {
    runtime::RuleDef d;
    d.allow = r.allow;
    d.file = static_cast<uint32_t>(r.span.file);
    d.line = static_cast<uint32_t>(r.span.line);
    d.uses = uses(r.uses);
    d.except = uses(r.except);
    if (r.when) {
      d.when = block(*r.when);
      probes(*r.when, &d.whenProbes);
    }
    if (r.pay) d.pay = block(*r.pay);
    for (const Share& s : r.split) d.split.push_back({s.role, s.ppm});
    for (const Duty& duty : r.duties) {
      runtime::DutyDef dd{duty.name, duty.hasText, {}};
      for (const TextPart& part : duty.parts) {
        if (part.isField) dd.pieces.push_back({true, {}, slot(part.field->text, part.field->type)});
        else dd.pieces.push_back({false, part.text, 0});
      }
      d.duties.push_back(std::move(dd));
    }
    return d;
  }

  // The condition tree of a `when` or `on` for explanations, in pre-order
  // (runtime/bundle.h, ProbeDef): each condition gets its own code block,
  // and so does each of its sides that is not a literal.
  void probes(const Expr& e, std::vector<runtime::ProbeDef>* out) {
    runtime::ProbeDef p;
    p.text = exprText(e);
    if (e.kind == ExprKind::kBinary && (e.op == BinOp::kAnd || e.op == BinOp::kOr)) {
      p.kind = e.op == BinOp::kAnd ? runtime::ProbeKind::kAnd : runtime::ProbeKind::kOr;
      out->push_back(std::move(p));
      probes(*e.args[0], out);
      probes(*e.args[1], out);
      return;
    }
    p.block = block(e);
    p.kind = e.kind == ExprKind::kNot   ? runtime::ProbeKind::kNot
             : e.kind == ExprKind::kHas ? runtime::ProbeKind::kHas
                                        : runtime::ProbeKind::kCondition;
    if (e.kind == ExprKind::kNot || e.kind == ExprKind::kBinary)
      for (const ExprPtr& side : e.args)
        if (side->kind != ExprKind::kLiteral && side->kind != ExprKind::kList) p.operands.push_back({exprText(*side), block(*side)});
    out->push_back(std::move(p));
  }

  uint32_t slot(const std::string& path, Type type) {
    auto key = std::make_pair(path, valueType(type));
    auto it = slots_.find(key);
    if (it != slots_.end()) return it->second;
    uint32_t index = static_cast<uint32_t>(b_.slots.size());
    b_.slots.push_back({path, key.second});
    slots_[key] = index;
    return index;
  }

  // `has` reads presence only: any slot of that path will do.
  uint32_t presenceSlot(const std::string& path) {
    for (const auto& [key, index] : slots_)
      if (key.first == path) return index;
    Type t = fieldType(path);
    if (t.base == BaseType::kDynamic) t = {BaseType::kString, false};
    return slot(path, t);
  }

  Scalar scalar(const Expr& e) {
    Scalar s;
    s.type = static_cast<ValueType>(e.type.base);
    switch (e.type.base) {
      case BaseType::kString: case BaseType::kTerritory: s.text = e.text; break;
      case BaseType::kMoney: s.number = e.number; s.text = e.text; break;
      case BaseType::kUse: s.number = useIndex_.at(e.text); break;
      default: s.number = e.number; break;
    }
    return s;
  }

  uint32_t constant(runtime::Constant c) {
    auto key = std::make_pair(c.type, std::vector<std::pair<int64_t, std::string>>{});
    for (const Scalar& s : c.items) key.second.push_back({s.number, s.text});
    auto it = constants_.find(key);
    if (it != constants_.end()) return it->second;
    uint32_t index = static_cast<uint32_t>(b_.constants.size());
    b_.constants.push_back(std::move(c));
    constants_[key] = index;
    return index;
  }

  uint32_t pattern(const std::string& text) {
    auto it = std::find(b_.patterns.begin(), b_.patterns.end(), text);
    if (it != b_.patterns.end()) return static_cast<uint32_t>(it - b_.patterns.begin());
    b_.patterns.push_back(text);
    return static_cast<uint32_t>(b_.patterns.size() - 1);
  }

  int32_t block(const Expr& e) {
    runtime::CodeBlock blk;
    blk.start = static_cast<uint32_t>(b_.code.size());
    blockStart_ = blk.start;
    depth_ = peak_ = 0;
    emit(e);
    blk.length = static_cast<uint32_t>(b_.code.size()) - blk.start;
    blk.maxStack = static_cast<uint32_t>(peak_);
    blk.resultType = valueType(e.type);
    b_.blocks.push_back(blk);
    return static_cast<int32_t>(b_.blocks.size() - 1);
  }

  void op(Op o, uint32_t a, int stackEffect) {
    b_.code.push_back({o, a});
    depth_ += stackEffect;
    peak_ = std::max(peak_, depth_);
  }

  // Jump targets are block-relative; patched once the target is known.
  size_t jump(Op o) {
    op(o, 0, -1);
    return b_.code.size() - 1;
  }
  void land(size_t at) { b_.code[at].a = static_cast<uint32_t>(b_.code.size() - blockStart_); }

  void emit(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kLiteral:
        op(Op::kConst, constant({valueType(e.type), {scalar(e)}}), 1);
        return;
      case ExprKind::kList: {
        runtime::Constant c{valueType(e.type), {}};
        for (const ExprPtr& item : e.args) c.items.push_back(scalar(*item));
        std::sort(c.items.begin(), c.items.end(), scalarLess);
        c.items.erase(std::unique(c.items.begin(), c.items.end(),
                                  [](const Scalar& a, const Scalar& b) { return !scalarLess(a, b) && !scalarLess(b, a); }),
                      c.items.end());
        op(Op::kConst, constant(std::move(c)), 1);
        return;
      }
      case ExprKind::kField: op(Op::kField, slot(e.text, e.type), 1); return;
      case ExprKind::kHas: op(Op::kHas, presenceSlot(e.text), 1); return;
      case ExprKind::kNot: emit(*e.args[0]); op(Op::kNot, 0, 0); return;
      case ExprKind::kNeg: emit(*e.args[0]); op(Op::kNeg, 0, 0); return;
      case ExprKind::kCall: {
        for (const ExprPtr& arg : e.args) emit(*arg);
        uint32_t n = static_cast<uint32_t>(e.args.size());
        op(e.text == "max" ? Op::kMax : Op::kMin, n, 1 - static_cast<int>(n));
        return;
      }
      case ExprKind::kBinary: binary(e); return;
      case ExprKind::kName: return;  // unreachable after a clean check
    }
  }

  void binary(const Expr& e) {
    switch (e.op) {
      case BinOp::kAnd:
      case BinOp::kOr: {
        emit(*e.args[0]);
        size_t at = jump(e.op == BinOp::kAnd ? Op::kJumpIfFalse : Op::kJumpIfTrue);
        emit(*e.args[1]);
        land(at);
        return;
      }
      case BinOp::kIn:
      case BinOp::kNotIn: membership(e); return;
      case BinOp::kMatches:
        emit(*e.args[0]);
        op(Op::kMatches, pattern(e.args[1]->text), 0);
        return;
      default: break;
    }
    static const std::map<BinOp, Op> kOps = {
        {BinOp::kEq, Op::kEq}, {BinOp::kNe, Op::kNe}, {BinOp::kLt, Op::kLt}, {BinOp::kLe, Op::kLe},
        {BinOp::kGt, Op::kGt}, {BinOp::kGe, Op::kGe}, {BinOp::kStartsWith, Op::kStartsWith},
        {BinOp::kEndsWith, Op::kEndsWith}, {BinOp::kContains, Op::kContains}, {BinOp::kAdd, Op::kAdd},
        {BinOp::kSub, Op::kSub}, {BinOp::kMul, Op::kMul}};
    emit(*e.args[0]);
    emit(*e.args[1]);
    op(kOps.at(e.op), 0, -1);
  }

  static void listParts(const Expr& list, std::vector<const Expr*>& parts) {
    if (list.kind == ExprKind::kBinary && list.op == BinOp::kAdd) {
      listParts(*list.args[0], parts);
      listParts(*list.args[1], parts);
    } else {
      parts.push_back(&list);
    }
  }

  // `x in A + B` is `x in A or x in B`: lists are never built at run time.
  void membership(const Expr& e) {
    std::vector<const Expr*> parts;
    listParts(*e.args[1], parts);
    std::vector<size_t> jumps;
    for (size_t i = 0; i < parts.size(); ++i) {
      emit(*e.args[0]);
      emit(*parts[i]);
      op(Op::kIn, 0, -1);
      if (i + 1 < parts.size()) jumps.push_back(jump(Op::kJumpIfTrue));
    }
    for (size_t at : jumps) land(at);
    if (e.op == BinOp::kNotIn) op(Op::kNot, 0, 0);
  }

  const Program& program_;
  runtime::Bundle b_;
  std::map<std::string, uint32_t> useIndex_;
  std::map<std::pair<std::string, uint8_t>, uint32_t> slots_;
  std::map<std::pair<uint8_t, std::vector<std::pair<int64_t, std::string>>>, uint32_t> constants_;
  size_t blockStart_ = 0;
  int depth_ = 0;
  int peak_ = 0;
};

}  // namespace

runtime::Bundle lowerProgram(const Program& program, std::vector<runtime::WorkDef> works) {
  return Lowerer(program).run(std::move(works));
}

runtime::Bundle lowerExpression(const Expr& expression) {
  Program none;
  return Lowerer(none).runExpression(expression);
}

}  // namespace refrain::compiler
