#include "interop/rule_terms.h"

#include <algorithm>
#include <optional>

#include "runtime/money.h"

namespace refrain::interop {
namespace {

using runtime::Bundle;
using runtime::CodeBlock;
using runtime::Instr;
using runtime::Op;
using runtime::ProbeDef;
using runtime::ProbeKind;

// A condition of the form `field == v`, `field != v`, `field in [...]` or
// `field not in [...]` (a list may be a sum of lists and regions).
struct Membership {
  std::string path;
  std::vector<std::string> values;
  bool negated = false;
};

std::vector<Instr> codeOf(const Bundle& b, int32_t block) {
  const CodeBlock& c = b.blocks[static_cast<size_t>(block)];
  return {b.code.begin() + c.start, b.code.begin() + c.start + c.length};
}

void addTexts(const runtime::Constant& c, std::vector<std::string>* out) {
  for (const runtime::Scalar& s : c.items) out->push_back(s.text);
}

bool isText(const runtime::Constant& c) {
  auto base = static_cast<runtime::ValueType>(c.type & ~runtime::kListFlag);
  return base == runtime::ValueType::kString || base == runtime::ValueType::kTerritory;
}

// Reads a condition block as a Membership, or nothing when it is another form.
std::optional<Membership> membershipOf(const Bundle& b, int32_t block) {
  std::vector<Instr> code = codeOf(b, block);
  Membership m;
  if (!code.empty() && code.back().op == Op::kNot) {
    m.negated = true;
    code.pop_back();
  }
  // `field ==|!= constant`, either way round.
  if (code.size() == 3 && (code[2].op == Op::kEq || code[2].op == Op::kNe)) {
    const Instr* field = code[0].op == Op::kField ? &code[0] : code[1].op == Op::kField ? &code[1] : nullptr;
    const Instr* constant = code[0].op == Op::kConst ? &code[0] : code[1].op == Op::kConst ? &code[1] : nullptr;
    if (!field || !constant || !isText(b.constants[constant->a])) return std::nullopt;
    m.path = b.slots[field->a].path;
    addTexts(b.constants[constant->a], &m.values);
    if (code[2].op == Op::kNe) m.negated = !m.negated;
    return m;
  }
  // `field in L1 + L2 ...`: (field, constant, in) joined by jump-if-true.
  for (size_t i = 0; i < code.size();) {
    if (i + 3 > code.size() || code[i].op != Op::kField || code[i + 1].op != Op::kConst || code[i + 2].op != Op::kIn)
      return std::nullopt;
    const std::string& path = b.slots[code[i].a].path;
    if (!m.path.empty() && path != m.path) return std::nullopt;
    if (!isText(b.constants[code[i + 1].a])) return std::nullopt;
    m.path = path;
    addTexts(b.constants[code[i + 1].a], &m.values);
    i += 3;
    if (i < code.size()) {
      if (code[i].op != Op::kJumpIfTrue) return std::nullopt;
      ++i;
    }
  }
  if (m.path.empty()) return std::nullopt;
  std::sort(m.values.begin(), m.values.end());
  m.values.erase(std::unique(m.values.begin(), m.values.end()), m.values.end());
  return m;
}

// Skips the subtree at `at` of a condition tree in pre-order; returns the index after it.
size_t skip(const std::vector<ProbeDef>& probes, size_t at) {
  const ProbeDef& p = probes[at];
  if (p.kind != ProbeKind::kAnd && p.kind != ProbeKind::kOr) return at + 1;
  return skip(probes, skip(probes, at + 1));
}

// The conjuncts of a condition tree in pre-order, from node `at`; returns the index after its subtree.
size_t conjuncts(const std::vector<ProbeDef>& probes, size_t at, std::vector<const ProbeDef*>* out) {
  const ProbeDef& p = probes[at];
  if (p.kind == ProbeKind::kAnd) {
    size_t next = conjuncts(probes, at + 1, out);
    return conjuncts(probes, next, out);
  }
  out->push_back(&p);
  return skip(probes, at);
}

// Keeps in `into` only the values also in `values` (both sorted); the first list taken whole.
void narrow(std::vector<std::string>* into, bool* set, const std::vector<std::string>& values) {
  if (!*set) {
    *into = values;
    *set = true;
    return;
  }
  std::vector<std::string> both;
  std::set_intersection(into->begin(), into->end(), values.begin(), values.end(), std::back_inserter(both));
  *into = std::move(both);
}

std::string scalarText(const runtime::Scalar& s) {
  switch (s.type) {
    case runtime::ValueType::kMoney: return moneyAmount(s.number) + " " + s.text;
    case runtime::ValueType::kPercent: return runtime::formatPercent(s.number);
    case runtime::ValueType::kInt: return std::to_string(s.number);
    default: return s.text;
  }
}

// The canonical text of a pay clause, rebuilt from its code: money
// expressions are constants, fields, `+ - *`, unary minus, max and min.
std::string payText(const Bundle& b, int32_t block) {
  std::vector<std::pair<std::string, int>> stack;  // text, precedence (3 atom, 2 product, 1 sum)
  auto wrap = [](const std::pair<std::string, int>& e, int need) { return e.second < need ? "(" + e.first + ")" : e.first; };
  for (const Instr& in : codeOf(b, block)) {
    switch (in.op) {
      case Op::kConst: stack.push_back({scalarText(b.constants[in.a].items.at(0)), 3}); break;
      case Op::kField: {
        std::string path = b.slots[in.a].path;
        if (path.rfind("context.", 0) == 0 && (path == "context.units" || path == "context.revenue")) path = path.substr(8);
        stack.push_back({path, 3});
        break;
      }
      case Op::kNeg: stack.back() = {"-" + wrap(stack.back(), 3), 3}; break;
      case Op::kAdd: case Op::kSub: case Op::kMul: {
        auto right = stack.back();
        stack.pop_back();
        auto left = stack.back();
        int prec = in.op == Op::kMul ? 2 : 1;
        const char* sign = in.op == Op::kAdd ? " + " : in.op == Op::kSub ? " - " : " * ";
        stack.back() = {wrap(left, prec) + sign + wrap(right, prec + (in.op == Op::kSub ? 1 : 0)), prec};
        break;
      }
      case Op::kMax: case Op::kMin: {
        std::string args;
        for (size_t i = stack.size() - in.a; i < stack.size(); ++i) args += (args.empty() ? "" : ", ") + stack[i].first;
        stack.resize(stack.size() - in.a);
        stack.push_back({std::string(in.op == Op::kMax ? "max(" : "min(") + args + ")", 3});
        break;
      }
      default: return "(a payment)";  // no other op lowers from a money expression
    }
  }
  return stack.size() == 1 ? stack.back().first : "(a payment)";
}

std::optional<Price> priceOf(const Bundle& b, int32_t block) {
  std::vector<Instr> code = codeOf(b, block);
  auto money = [&](const Instr& in) -> const runtime::Scalar* {
    if (in.op != Op::kConst) return nullptr;
    const runtime::Constant& c = b.constants[in.a];
    if (c.type != static_cast<uint8_t>(runtime::ValueType::kMoney)) return nullptr;
    return &c.items.at(0);
  };
  auto units = [&](const Instr& in) { return in.op == Op::kField && b.slots[in.a].path == "context.units"; };
  if (code.size() == 1 && money(code[0]) && money(code[0])->number >= 0)
    return Price{false, money(code[0])->number, money(code[0])->text};
  if (code.size() == 3 && code[2].op == Op::kMul) {
    const runtime::Scalar* m = money(code[0]) ? money(code[0]) : money(code[1]);
    bool perUnit = (money(code[0]) && units(code[1])) || (units(code[0]) && money(code[1]));
    if (m && perUnit && m->number >= 0) return Price{true, m->number, m->text};
  }
  return std::nullopt;
}

}  // namespace

std::string moneyAmount(int64_t micros) {
  std::string text = runtime::formatMicros(micros);  // six decimals
  while (text.size() > 3 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
  return text;
}

std::string whenText(const runtime::RuleDef& rule) { return rule.whenProbes.empty() ? "" : rule.whenProbes[0].text; }

Offer offerOf(const Bundle& b, const runtime::PolicyDef& p, const runtime::RuleDef& rule, bool scopeKnown) {
  Offer offer;
  offer.party = p.party;
  if (!scopeKnown && !p.onProbes.empty()) offer.otherConditions.push_back("on " + p.onProbes[0].text);
  bool purposesSet = false, territoriesSet = false;
  std::vector<const ProbeDef*> parts;
  if (!rule.whenProbes.empty()) conjuncts(rule.whenProbes, 0, &parts);
  for (const ProbeDef* part : parts) {
    std::optional<Membership> m;
    if (part->kind == ProbeKind::kCondition || part->kind == ProbeKind::kNot) m = membershipOf(b, part->block);
    if (m && m->path == "context.purpose" && !m->negated) {
      narrow(&offer.purposes, &purposesSet, m->values);
    } else if (m && m->path == "context.territory" && !m->negated) {
      narrow(&offer.territories, &territoriesSet, m->values);
    } else if (m && m->path == "context.territory") {
      for (std::string& t : m->values) offer.excludedTerritories.push_back(std::move(t));
    } else {
      offer.otherConditions.push_back(part->text);
    }
  }
  std::sort(offer.excludedTerritories.begin(), offer.excludedTerritories.end());
  offer.excludedTerritories.erase(std::unique(offer.excludedTerritories.begin(), offer.excludedTerritories.end()),
                                  offer.excludedTerritories.end());
  // A purpose or territory list narrowed to nothing: no request can meet it.
  if ((purposesSet && offer.purposes.empty()) || (territoriesSet && offer.territories.empty()))
    offer.otherConditions.push_back("false");
  if (rule.pay != runtime::kNoCode) {
    offer.price = priceOf(b, rule.pay);
    if (!offer.price) offer.otherPay = payText(b, rule.pay);
  }
  for (const runtime::DutyDef& d : rule.duties) {
    offer.duties.push_back(d.name);
    // A duty text that reads the request fails when a field is missing (§9.1).
    if (std::any_of(d.pieces.begin(), d.pieces.end(), [](const runtime::TextPiece& t) { return t.isSlot; }))
      offer.otherConditions.push_back("the text of duty " + d.name + " can be written from the request");
  }
  return offer;
}

}  // namespace refrain::interop
