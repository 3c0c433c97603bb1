// Explanations: every relevant condition of a decision, evaluated on its own and shown with its value.
#include "runtime/explainer.h"

#include <algorithm>

#include "runtime/vm.h"

namespace refrain::runtime {

namespace {

constexpr uint32_t kItemsShown = 6;  // a region's 27 territories read better as their first few

ShownValue run(const LoadedBundle& l, Scratch& s, int32_t block) {
  ShownValue shown;
  Value v;
  EvalError e;
  if (runBlock(l, static_cast<uint32_t>(block), s, &v, &e)) {
    shown.ok = true;
    shown.text = showValue(v, l.bundle);
  } else {
    shown.errorCode = e.code;
    shown.errorMessage = e.message;
  }
  return shown;
}

// An `and` or `or` as evaluation combines its sides: the left side decides
// when it fails, or when it is false (`and`) or true (`or`).
ShownValue junction(ProbeKind kind, const ShownValue& left, const ShownValue& right) {
  if (!left.ok) return left;
  const char* decisive = kind == ProbeKind::kAnd ? "false" : "true";
  return left.text == decisive ? left : right;
}

// The tree whose root is nodes[*at], advancing *at past it. The verifier
// made it one well-formed tree at most kMaxProbeDepth deep.
ExplainedCondition condition(const LoadedBundle& l, Scratch& s, const std::vector<ProbeDef>& nodes, size_t* at) {
  const ProbeDef& p = nodes[(*at)++];
  ExplainedCondition c;
  c.kind = p.kind;
  c.text = p.text;
  if (p.kind == ProbeKind::kAnd || p.kind == ProbeKind::kOr) {
    c.sides.push_back(condition(l, s, nodes, at));
    c.sides.push_back(condition(l, s, nodes, at));
    c.value = junction(p.kind, c.sides[0].value, c.sides[1].value);
    return c;
  }
  c.value = run(l, s, p.block);
  for (const ProbeOperand& o : p.operands) c.operands.push_back({o.text, run(l, s, o.block)});
  return c;
}

ExplainedCondition tree(const LoadedBundle& l, Scratch& s, const std::vector<ProbeDef>& nodes) {
  size_t at = 0;
  return condition(l, s, nodes, &at);
}

std::string outcomeOf(const ShownValue& v) {
  return !v.ok ? "error" : v.text == "true" ? "holds" : "false";
}

std::vector<std::string> useNames(const Bundle& b, const std::vector<uint32_t>& uses) {
  std::vector<std::string> names;
  for (uint32_t u : uses) names.push_back(b.uses[u].name);
  return names;
}

bool decides(const Scratch& s, uint32_t policy, uint32_t rule) {
  return std::any_of(s.parties.begin(), s.parties.end(), [&](const PartyState& ps) {
    return ps.decidingPolicy == static_cast<int>(policy) && ps.decidingRule == static_cast<int>(rule);
  });
}

ExplainedRule explainRule(const LoadedBundle& l, Scratch& s, const RuleRef& ref) {
  const PolicyDef& p = l.bundle.policies[ref.policy];
  const RuleDef& r = p.rules[ref.rule];
  ExplainedRule out;
  out.party = p.party;
  out.policy = p.name;
  out.rule = l.ruleNames[ref.policy][ref.rule];
  out.allow = r.allow;
  out.uses = useNames(l.bundle, r.uses);
  out.except = useNames(l.bundle, r.except);
  out.decides = decides(s, ref.policy, ref.rule);
  out.hasWhen = !r.whenProbes.empty();
  out.outcome = "holds";
  if (out.hasWhen) {
    out.when = tree(l, s, r.whenProbes);
    out.outcome = outcomeOf(out.when.value);
  }
  return out;
}

}  // namespace

std::string showValue(const Value& v, const Bundle& b) {
  if (!v.isList) {
    if (v.type != ValueType::kString) return formatValue(v, b);
    std::string quoted;
    appendJsonString(v.text, &quoted);
    return quoted;
  }
  std::string out = "[";
  for (uint32_t i = 0; i < v.count; ++i) {
    if (i == kItemsShown && v.count > kItemsShown + 1) return out + ", ... " + std::to_string(v.count) + " items]";
    out += (i ? ", " : "") + showValue(v.items[i], b);
  }
  return out + "]";
}

Explanation explainDecision(const LoadedBundle& l, Scratch& s, const DecisionView& d, bool judged) {
  Explanation e;
  e.decision = ownedDecision(d);
  writeDecisionJson(d, &e.decisionJson, JsonStyle::kCompact);
  if (!e.decisionJson.empty() && e.decisionJson.back() == '\n') e.decisionJson.pop_back();
  if (!judged) return e;
  std::vector<uint32_t> scoped = s.scopedOut;
  std::sort(scoped.begin(), scoped.end());
  for (uint32_t index : scoped) {
    const PolicyDef& p = l.bundle.policies[index];
    ExplainedScope scope{p.party, p.name, l.policyLocations[index], tree(l, s, p.onProbes), {}};
    scope.outcome = outcomeOf(scope.on.value);
    e.scopes.push_back(std::move(scope));
  }
  // As the decision judges them: each active policy's relevant rules, found
  // by policy in the use's rule list (which is in bundle order).
  const std::vector<RuleRef>& relevant = l.rulesByUse[s.request.use];
  for (uint32_t policy : s.activePolicies) {
    auto [first, last] = std::equal_range(relevant.begin(), relevant.end(), RuleRef{policy, 0, 0},
                                          [](const RuleRef& a, const RuleRef& b) { return a.policy < b.policy; });
    for (auto ref = first; ref != last; ++ref) e.rules.push_back(explainRule(l, s, *ref));
  }
  return e;
}

ShownValue evaluateExpression(const LoadedBundle& l, Scratch& s, uint32_t index) {
  return run(l, s, l.bundle.expressions[index].block);
}

ShownValue evaluateBlock(const LoadedBundle& l, Scratch& s, int32_t block) { return run(l, s, block); }

}  // namespace refrain::runtime
