// The bundle verifier: every index, jump, stack depth and constant is checked before evaluation sees it.
#include <algorithm>

#include "runtime/loaded_bundle.h"

namespace refrain::runtime {

namespace {

constexpr uint32_t kMaxBlockStack = 1024;  // the parser's nesting limit keeps real blocks far below this

bool validType(uint8_t type) {
  uint8_t base = type & ~kListFlag;
  return base >= static_cast<uint8_t>(ValueType::kBool) && base <= static_cast<uint8_t>(ValueType::kUse);
}

bool isUpperCode(const std::string& s, size_t len) {
  return s.size() == len && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool scalarLess(const Scalar& a, const Scalar& b) {
  return a.number != b.number ? a.number < b.number : a.text < b.text;
}

class Verifier {
 public:
  explicit Verifier(const Bundle& b) : b_(b) {}

  bool run(std::string* error) {
    bool ok = uses() && codes(b_.territories, 2, "territory") && codes(b_.currencies, 3, "currency") && slots() &&
              constants() && blocks() && policies() && expressions() && works();
    if (!ok) *error = "bundle is invalid: " + problem_;
    return ok;
  }

 private:
  bool fail(std::string message) {
    problem_ = std::move(message);
    return false;
  }

  bool uses() {
    if (b_.uses.empty() || b_.uses[0].parent != -1) return fail("the use tree has no root");
    for (size_t i = 1; i < b_.uses.size(); ++i)
      if (b_.uses[i].parent < 0 || static_cast<size_t>(b_.uses[i].parent) >= i || b_.uses[i].name.empty())
        return fail("use " + std::to_string(i) + " has a bad parent");
    return true;
  }

  bool codes(const std::vector<std::string>& table, size_t len, const char* what) {
    for (size_t i = 0; i < table.size(); ++i)
      if (!isUpperCode(table[i], len) || (i && table[i - 1] >= table[i]))
        return fail(std::string(what) + " table is not sorted " + std::to_string(len) + "-letter codes");
    return true;
  }

  bool slots() {
    for (const FieldSlot& s : b_.slots)
      if (s.path.empty() || !validType(s.type)) return fail("slot `" + s.path + "` has a bad type");
    return true;
  }

  bool scalar(const Scalar& s, uint8_t base) {
    if (static_cast<uint8_t>(s.type) != base) return false;
    switch (s.type) {
      case ValueType::kMoney: return isUpperCode(s.text, 3);
      case ValueType::kTerritory: return isUpperCode(s.text, 2);
      case ValueType::kUse: return s.number >= 0 && static_cast<size_t>(s.number) < b_.uses.size();
      case ValueType::kBool: return s.number == 0 || s.number == 1;
      default: return true;
    }
  }

  bool constants() {
    for (size_t i = 0; i < b_.constants.size(); ++i) {
      const Constant& c = b_.constants[i];
      bool list = c.type & kListFlag;
      bool ok = validType(c.type) && (list || c.items.size() == 1);
      for (size_t k = 0; ok && k < c.items.size(); ++k) {
        ok = scalar(c.items[k], c.type & ~kListFlag);
        if (ok && list && k) ok = scalarLess(c.items[k - 1], c.items[k]);
      }
      if (!ok) return fail("constant " + std::to_string(i) + " is malformed");
    }
    return true;
  }

  bool operand(const Instr& in, size_t limit, const char* what) {
    if (in.a < limit) return true;
    return fail(std::string("instruction refers to a missing ") + what);
  }

  bool block(const CodeBlock& blk) {
    if (blk.length == 0 || blk.start > b_.code.size() || blk.length > b_.code.size() - blk.start)
      return fail("a code block lies outside the code");
    std::vector<int> atTarget(blk.length + 1, -1);
    int depth = 0, peak = 0;
    auto need = [&](int n) { return depth >= n || fail("a code block pops an empty stack"); };
    for (uint32_t pc = 0; pc < blk.length; ++pc) {
      if (atTarget[pc] != -1 && atTarget[pc] != depth) return fail("jump targets disagree on stack depth");
      const Instr& in = b_.code[blk.start + pc];
      uint8_t op = static_cast<uint8_t>(in.op);
      if (op == 0 || op > kMaxOp) return fail("unknown instruction " + std::to_string(op));
      switch (in.op) {
        case Op::kConst: if (!operand(in, b_.constants.size(), "constant")) return false; ++depth; break;
        case Op::kField:
        case Op::kHas: if (!operand(in, b_.slots.size(), "field slot")) return false; ++depth; break;
        case Op::kNot:
        case Op::kNeg: if (!need(1)) return false; break;
        case Op::kJumpIfFalse:
        case Op::kJumpIfTrue:
          if (!need(1)) return false;
          if (in.a <= pc || in.a > blk.length) return fail("a jump leaves its block or goes backwards");
          if (atTarget[in.a] != -1 && atTarget[in.a] != depth) return fail("jump targets disagree on stack depth");
          atTarget[in.a] = depth;
          --depth;
          break;
        case Op::kMatches: if (!need(1) || !operand(in, b_.patterns.size(), "pattern")) return false; break;
        case Op::kMax:
        case Op::kMin:
          if (in.a == 0 || !need(static_cast<int>(std::min<uint32_t>(in.a, kMaxBlockStack + 1)))) return fail("bad argument count");
          depth -= static_cast<int>(in.a) - 1;
          break;
        default: if (!need(2)) return false; --depth; break;
      }
      peak = std::max(peak, depth);
    }
    if (atTarget[blk.length] != -1 && atTarget[blk.length] != depth) return fail("jump targets disagree on stack depth");
    if (depth != 1) return fail("a code block does not leave exactly one value");
    if (static_cast<uint32_t>(peak) > blk.maxStack || blk.maxStack > kMaxBlockStack)
      return fail("a code block needs more stack than it declares");
    return true;
  }

  bool blocks() {
    for (const CodeBlock& blk : b_.blocks)
      if (!block(blk)) return false;
    return true;
  }

  bool blockRef(int32_t index, ValueType type) {
    if (index == kNoCode) return true;
    if (index < 0 || static_cast<size_t>(index) >= b_.blocks.size()) return fail("a rule refers to a missing code block");
    if (b_.blocks[index].resultType != static_cast<uint8_t>(type)) return fail("a code block has the wrong result type");
    return true;
  }

  bool useRefs(const std::vector<uint32_t>& uses, bool nonEmpty) {
    if (nonEmpty && uses.empty()) return fail("a rule names no use");
    for (uint32_t u : uses)
      if (u >= b_.uses.size()) return fail("a rule names a missing use");
    return true;
  }

  bool rule(const RuleDef& r) {
    if (r.file >= b_.files.size()) return fail("a rule names a missing source file");
    if (!useRefs(r.uses, true) || !useRefs(r.except, false)) return false;
    if (!blockRef(r.when, ValueType::kBool) || !blockRef(r.pay, ValueType::kMoney)) return false;
    if (!probeTree(r.whenProbes)) return false;
    if ((r.when != kNoCode) == r.whenProbes.empty()) return fail("a rule's `when` and its explanation disagree");
    int64_t total = 0;
    for (const ShareDef& s : r.split) {
      if (s.ppm <= 0 || s.ppm > 1000000) return fail("a split share is out of range");
      total += s.ppm;
    }
    if (!r.split.empty() && total != 1000000) return fail("a split does not total 100%");
    for (const DutyDef& d : r.duties)
      for (const TextPiece& p : d.pieces)
        if (p.isSlot && p.slot >= b_.slots.size()) return fail("a duty text refers to a missing field slot");
    return true;
  }

  bool policies() {
    for (const PolicyDef& p : b_.policies) {
      if (p.file >= b_.files.size()) return fail("a policy names a missing source file");
      if (!blockRef(p.on, ValueType::kBool) || !probeTree(p.onProbes)) return false;
      if ((p.on != kNoCode) == p.onProbes.empty()) return fail("a policy's `on` and its explanation disagree");
      if (p.effective >= p.expires) return fail("policy `" + p.name + "` expires before it takes effect");
      for (const ConsentDef& c : p.consents)
        if (!useRefs(c.uses, true)) return false;
      for (const RuleDef& r : p.rules)
        if (!rule(r)) return false;
    }
    return true;
  }

  // One probe's own fields: a known kind, and blocks where its kind has them.
  bool probe(const ProbeDef& p) {
    uint8_t kind = static_cast<uint8_t>(p.kind);
    if (kind == 0 || kind > kMaxProbeKind) return fail("an explanation probe has an unknown kind");
    bool junction = p.kind == ProbeKind::kAnd || p.kind == ProbeKind::kOr;
    if (junction != (p.block == kNoCode)) return fail("an explanation probe's code block does not fit its kind");
    if (!junction && !anyBlockRef(p.block)) return false;
    for (const ProbeOperand& o : p.operands)
      if (!anyBlockRef(o.block)) return false;
    return true;
  }

  bool anyBlockRef(int32_t index) {
    if (index < 0 || static_cast<size_t>(index) >= b_.blocks.size())
      return fail("an explanation probe refers to a missing code block");
    return true;
  }

  // A condition tree in pre-order: exactly one tree, no deeper than kMaxProbeDepth.
  bool probeTree(const std::vector<ProbeDef>& nodes) {
    if (nodes.empty()) return true;
    std::vector<uint32_t> open;  // per pending side, the depth it will be at
    open.push_back(1);
    for (const ProbeDef& p : nodes) {
      if (open.empty()) return fail("an explanation probe tree has nodes after its end");
      uint32_t depth = open.back();
      open.pop_back();
      if (depth > kMaxProbeDepth) return fail("an explanation probe tree nests too deeply");
      if (!probe(p)) return false;
      if (p.kind == ProbeKind::kAnd || p.kind == ProbeKind::kOr) {
        open.push_back(depth + 1);  // right side, visited after the left
        open.push_back(depth + 1);
      }
    }
    if (!open.empty()) return fail("an explanation probe tree ends early");
    return true;
  }

  bool expressions() {
    for (const ProbeDef& p : b_.expressions) {
      if (p.kind == ProbeKind::kAnd || p.kind == ProbeKind::kOr) return fail("a standalone expression is not one condition");
      if (!probe(p)) return false;
    }
    return true;
  }

  bool works() {
    for (size_t i = 0; i < b_.works.size(); ++i) {
      if (i && b_.works[i - 1].id >= b_.works[i].id) return fail("the catalog is not sorted by work id");
      for (const HolderDef& h : b_.works[i].holders)
        if (h.hasShare && h.weight < 0) return fail("a catalog share is negative");
    }
    return true;
  }

  const Bundle& b_;
  std::string problem_;
};

}  // namespace

bool verifyBundle(const Bundle& b, std::string* error) {
  return Verifier(b).run(error);
}

}  // namespace refrain::runtime
