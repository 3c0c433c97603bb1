// Load-time indexing: rules by use, policy versions by name, constants as values, compiled patterns.
#include <algorithm>
#include <map>

#include "runtime/loaded_bundle.h"

namespace refrain::runtime {

namespace {

Value scalarValue(const Scalar& s) {
  Value v;
  v.type = s.type;
  v.number = s.number;
  if (s.type == ValueType::kMoney) v.currency = packCurrency(s.text);
  else v.text = s.text;
  return v;
}

void indexConstants(LoadedBundle& l) {
  const Bundle& b = l.bundle;
  l.constantItems.resize(b.constants.size());
  l.constants.resize(b.constants.size());
  for (size_t i = 0; i < b.constants.size(); ++i) {
    const Constant& c = b.constants[i];
    if (!(c.type & kListFlag)) {
      l.constants[i] = scalarValue(c.items[0]);
      continue;
    }
    for (const Scalar& s : c.items) l.constantItems[i].push_back(scalarValue(s));
    Value v;
    v.type = static_cast<ValueType>(c.type & ~kListFlag);
    v.isList = true;
    v.items = l.constantItems[i].data();
    v.count = static_cast<uint32_t>(l.constantItems[i].size());
    l.constants[i] = v;
  }
}

// The depth of the deepest use in `named` that covers `u`, or -1 when none does.
int coveringDepth(const LoadedBundle& l, const std::vector<uint32_t>& named, uint32_t u) {
  int best = -1;
  for (uint32_t n : named)
    if (useWithin(l.bundle, u, n)) best = std::max(best, l.useDepth[n]);
  return best;
}

void indexRules(LoadedBundle& l) {
  const Bundle& b = l.bundle;
  l.rulesByUse.assign(b.uses.size(), {});
  for (uint32_t u = 0; u < b.uses.size(); ++u) {
    for (uint32_t p = 0; p < b.policies.size(); ++p) {
      const std::vector<RuleDef>& rules = b.policies[p].rules;
      for (uint32_t r = 0; r < rules.size(); ++r) {
        int depth = coveringDepth(l, rules[r].uses, u);
        if (depth < 0) continue;
        if (!rules[r].allow && coveringDepth(l, rules[r].except, u) >= 0) continue;
        l.rulesByUse[u].push_back({p, r, depth});
      }
    }
  }
}

void indexVersions(LoadedBundle& l) {
  std::map<std::string, size_t> groupOf;
  for (uint32_t p = 0; p < l.bundle.policies.size(); ++p) {
    auto [it, fresh] = groupOf.emplace(l.bundle.policies[p].name, l.versions.size());
    if (fresh) l.versions.emplace_back();
    l.versions[it->second].push_back(p);
  }
  for (std::vector<uint32_t>& group : l.versions)
    std::stable_sort(group.begin(), group.end(), [&](uint32_t a, uint32_t b) {
      return l.bundle.policies[a].effective < l.bundle.policies[b].effective;
    });
}

// Every party that has a version in a group indexes the group (the checker
// makes them one party, but a bundle is not trusted to).
void indexParties(LoadedBundle& l) {
  std::map<std::string_view, std::vector<uint32_t>> byParty;
  for (uint32_t g = 0; g < l.versions.size(); ++g)
    for (uint32_t p : l.versions[g]) {
      const PolicyDef& policy = l.bundle.policies[p];
      std::vector<uint32_t>& groups = l.isPlatform[p] ? l.platformGroups : byParty[policy.party];
      if (groups.empty() || groups.back() != g) groups.push_back(g);
    }
  l.groupsByParty.assign(byParty.begin(), byParty.end());
}

uint32_t childNode(LoadedBundle& l, uint32_t node, const std::string& key) {
  for (const auto& [name, child] : l.paths[node].children)
    if (name == key) return child;
  l.paths.emplace_back();
  uint32_t child = static_cast<uint32_t>(l.paths.size() - 1);
  l.paths[node].children.emplace_back(key, child);
  return child;
}

// Returns the trie node of a dotted path, creating nodes as needed.
uint32_t pathNode(LoadedBundle& l, const std::string& path) {
  uint32_t node = 0;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
    node = childNode(l, node, path.substr(start, dot - start));
  return childNode(l, node, path.substr(start));
}

SlotSource slotSource(const std::string& path) {
  static const std::pair<const char*, SlotSource> kWorkFields[] = {
      {"work.id", SlotSource::kWorkId},       {"work.isrc", SlotSource::kWorkIsrc},
      {"work.iswc", SlotSource::kWorkIswc},   {"work.title", SlotSource::kWorkTitle},
      {"work.genre", SlotSource::kWorkGenre}, {"work.release_date", SlotSource::kWorkReleaseDate},
      {"work.tags", SlotSource::kWorkTags},   {"work.contains_ai", SlotSource::kWorkContainsAi},
  };
  if (path == "use") return SlotSource::kUse;
  for (const auto& [name, source] : kWorkFields)
    if (path == name) return source;
  return path.compare(0, 5, "work.") == 0 ? SlotSource::kWorkOther : SlotSource::kRequest;
}

void indexPaths(LoadedBundle& l) {
  l.paths.assign(1, PathNode{});
  l.paths[pathNode(l, "use")].target = kUseTarget;
  l.paths[pathNode(l, "work")].target = kWorkTarget;
  l.paths[pathNode(l, "work.id")].target = kWorkIdTarget;
  l.paths[pathNode(l, "context.time")].target = kTimeTarget;
  l.paths[pathNode(l, "work.rightsholders")].holders = true;
  for (const FieldSlot& slot : l.bundle.slots) {
    PathNode& node = l.paths[pathNode(l, slot.path)];
    if (node.target < 0) node.target = static_cast<int>(l.targetCount++);
    l.slotTarget.push_back(node.target);
    l.slotSource.push_back(slotSource(slot.path));
  }
}

// Every text of the bundle a decision shows (decide.cc, engine.cc), made a
// name: numbered for decision records and checked for JSON once, here.
void indexDecisionNames(LoadedBundle& l) {
  const Bundle& b = l.bundle;
  NameTable& names = l.decisionNames;
  for (std::string_view word : kVerdictWords) names.add(word);
  l.firstUseName = static_cast<uint32_t>(names.size());
  for (const UseDef& u : b.uses) names.add(u.name);
  l.firstCurrencyName = static_cast<uint32_t>(names.size());
  for (const std::string& c : b.currencies) names.add(c);
  l.policyNames.resize(b.policies.size());
  for (size_t i = 0; i < b.policies.size(); ++i) {
    const PolicyDef& p = b.policies[i];
    PolicyNames& pn = l.policyNames[i];
    pn.name = names.add(p.name);
    pn.party = names.add(p.party);
    for (const RuleDef& r : p.rules) {
      pn.duties.emplace_back();
      for (const DutyDef& d : r.duties) {
        DutyNames dn;
        dn.name = names.add(d.name);
        if (d.pieces.size() == 1 && !d.pieces[0].isSlot) dn.text = names.add(d.pieces[0].text);
        pn.duties.back().push_back(dn);
      }
    }
  }
  for (size_t i = 0; i < b.policies.size(); ++i)
    for (const std::string& rule : l.ruleNames[i]) l.policyNames[i].rules.push_back(names.add(rule));
  for (size_t i = 0; i < b.policies.size(); ++i) l.policyNames[i].location = names.add(l.policyLocations[i]);
  l.firstCatalogName = static_cast<uint32_t>(names.size());
  for (std::string_view s : l.catalog.strings()) names.add(s);
}

}  // namespace

bool useWithin(const Bundle& b, uint32_t u, uint32_t ancestor) {
  for (int32_t at = static_cast<int32_t>(u); at >= 0; at = b.uses[at].parent)
    if (static_cast<uint32_t>(at) == ancestor) return true;
  return false;
}

int64_t currencyPosition(const LoadedBundle& l, uint32_t packed) {
  auto at = std::lower_bound(l.packedCurrencies.begin(), l.packedCurrencies.end(), packed);
  return at != l.packedCurrencies.end() && *at == packed ? at - l.packedCurrencies.begin() : -1;
}

bool indexBundle(LoadedBundle& l, std::string* error) {
  const Bundle& b = l.bundle;
  std::vector<std::string_view> useNames;
  for (const UseDef& u : b.uses) useNames.push_back(u.name);
  l.useIndex = NameIndex(std::move(useNames));
  for (uint32_t u = 0; u < b.uses.size(); ++u) {
    l.useDepth.push_back(b.uses[u].parent < 0 ? 0 : l.useDepth[b.uses[u].parent] + 1);
    if (l.useIndex.find(b.uses[u].name) != u) {  // the index finds the first of a repeated name
      *error = "bundle is invalid: use `" + b.uses[u].name + "` appears twice";
      return false;
    }
  }
  l.territoryIndex = NameIndex(std::vector<std::string_view>(b.territories.begin(), b.territories.end()));
  for (const std::string& pattern : b.patterns) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) {
      *error = "bundle is invalid: pattern `" + pattern + "`: " + re->error();
      return false;
    }
    l.patterns.push_back(std::move(re));
  }
  indexPaths(l);
  for (const CodeBlock& blk : b.blocks) l.maxStack = std::max(l.maxStack, blk.maxStack);
  for (const PolicyDef& p : b.policies) {
    l.isPlatform.push_back(p.role == "platform");
    l.policyLocations.push_back(b.files[p.file] + ":" + std::to_string(p.line));
    l.ruleNames.emplace_back();
    for (const RuleDef& r : p.rules) l.ruleNames.back().push_back(b.files[r.file] + ":" + std::to_string(r.line));
  }
  for (const std::string& code : b.currencies) l.packedCurrencies.push_back(packCurrency(code));
  indexConstants(l);
  indexRules(l);
  indexVersions(l);
  indexParties(l);
  indexDecisionNames(l);
  return true;
}

}  // namespace refrain::runtime
