// Internal: a verified bundle with the indexes and compiled patterns evaluation needs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "runtime/bundle.h"
#include "runtime/catalog_table.h"
#include "runtime/decision_record.h"
#include "runtime/decision_text.h"
#include "runtime/engine.h"
#include "runtime/name_index.h"
#include "runtime/value.h"

namespace refrain::runtime {

// A rule that is relevant to a use, and the depth of the deepest use it names
// that covers that use (for the deepest-wins rule of docs/language.md §5.1).
struct RuleRef {
  uint32_t policy;
  uint32_t rule;
  int depth;
};

// The request paths a bundle reads, as a trie over JSON keys, so the request
// reader can keep just those values while it streams through the JSON.
struct PathNode {
  std::vector<std::pair<std::string, uint32_t>> children;  // key -> node index
  int target = -1;        // where the value at this path is kept, or -1
  bool holders = false;   // `work.rightsholders`: read as rights holders
};

// Where a slot's value comes from, decided once at load instead of by
// comparing its path on every request.
enum class SlotSource : uint8_t {
  kRequest,  // the request's JSON at the slot's path
  kUse,      // the request's use
  kWorkId, kWorkIsrc, kWorkIswc, kWorkTitle, kWorkGenre, kWorkReleaseDate, kWorkTags, kWorkContainsAi,  // catalog first
  kWorkOther,  // another `work.` field: the catalog's work has none, so only a request's own work does
};

// What a decision shows of one policy, as names of the bundle (decision_text.h).
struct DutyNames {
  BundleName name;
  BundleName text;  // the duty's text when it is one piece with no slot; else none
};
struct PolicyNames {
  BundleName name, party, location;            // location: `file:line` of the policy's name
  std::vector<BundleName> rules;               // `file:line` per rule
  std::vector<std::vector<DutyNames>> duties;  // per rule, per duty
};

// Targets every request has, before the bundle's own slots.
enum FixedTarget : int { kUseTarget = 0, kWorkTarget, kWorkIdTarget, kTimeTarget, kFixedTargets };

struct LoadedBundle {
  Bundle bundle;                                   // all but the catalog, decoded
  CatalogTable catalog;
  std::string hash;
  RequestLimits limits;
  std::vector<std::unique_ptr<RE2>> patterns;
  std::vector<Value> constants;
  std::vector<std::vector<Value>> constantItems;
  std::vector<std::vector<RuleRef>> rulesByUse;    // relevant rules per use, bundle order (so by policy)
  std::vector<std::vector<uint32_t>> versions;     // policy indices per name, by `effective`
  // The version groups that may speak for a work, found from its holders, so
  // a decision costs the same with ten parties in the bundle or ten thousand.
  std::vector<std::pair<std::string_view, std::vector<uint32_t>>> groupsByParty;  // by party id; groups ascending
  std::vector<uint32_t> platformGroups;            // groups with a platform version, ascending
  std::vector<int> useDepth;
  std::vector<std::vector<std::string>> ruleNames;  // `file:line` per policy, per rule
  std::vector<std::string> policyLocations;         // `file:line` of each policy's name
  // Every text of the bundle a decision shows, as its names: the verdict
  // words (numbered as kVerdictWords), uses, currencies, each policy's name,
  // party, duty names and fixed duty texts, rule and policy locations, then
  // the catalog's strings. The decider takes them from here, so what it
  // shows carries its number and its JSON check (decision_text.h).
  NameTable decisionNames;
  std::vector<PolicyNames> policyNames;  // per policy
  uint32_t firstUseName = 0, firstCurrencyName = 0, firstCatalogName = 0;
  BundleName verdictName(int verdict) const { return decisionNames.at(static_cast<uint32_t>(verdict)); }
  BundleName useName(uint32_t use) const { return decisionNames.at(firstUseName + use); }
  BundleName currencyName(size_t position) const { return decisionNames.at(firstCurrencyName + static_cast<uint32_t>(position)); }
  BundleName catalogName(uint32_t string) const { return decisionNames.at(firstCatalogName + string); }  // by CatalogTable::strings() index
  std::vector<bool> isPlatform;                     // per policy
  // bundle.currencies packed as Value::currency is (packCurrency), index for
  // index: the verifier makes them sorted 3-letter codes, so these ascend too
  // and a currency is found with integer compares (currencyPosition()).
  std::vector<uint32_t> packedCurrencies;
  // Names every request looks up: one hash and, nearly always, one compare.
  NameIndex useIndex;        // positions in bundle.uses
  NameIndex territoryIndex;  // positions in bundle.territories
  std::vector<PathNode> paths;                     // node 0 is the request's root
  std::vector<int> slotTarget;                     // each slot's target in the trie
  std::vector<SlotSource> slotSource;              // per slot
  size_t targetCount = kFixedTargets;
  uint32_t maxStack = 0;
};

// The position in bundle.currencies of a packed currency code, or -1.
int64_t currencyPosition(const LoadedBundle& l, uint32_t packed);

// Checks every cross reference of a decoded bundle: indexes, jump targets,
// stack depths, types of constants, sortedness of the catalog. False with a
// lowercase message on the first problem.
bool verifyBundle(const Bundle& b, std::string* error);

// Builds the indexes of `loaded` from its verified bundle; compiles patterns.
bool indexBundle(LoadedBundle& loaded, std::string* error);

// True when use `u` is `ancestor` or lies in its subtree.
bool useWithin(const Bundle& b, uint32_t u, uint32_t ancestor);

}  // namespace refrain::runtime
