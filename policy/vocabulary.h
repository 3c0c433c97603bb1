// The built-in vocabulary of Refrain: the use tree, territory codes, the
// EU and EEA regions, currency codes and roles (docs/language.md §2–§4). The
// front end checks names against these tables; everything here is constant
// data, so every function is thread-safe and never fails.
#ifndef REFRAIN_POLICY_VOCABULARY_H_
#define REFRAIN_POLICY_VOCABULARY_H_

#include <string_view>
#include <vector>

namespace refrain::policy {

// One node of the built-in use tree. `parent` is the empty string for the
// root `ai`. All views point into static storage and live forever.
struct UseNode {
  std::string_view name;     // dotted name, e.g. "ai.train.generative"
  std::string_view parent;   // e.g. "ai.train"; "" for "ai"
  std::string_view meaning;  // the one-line meaning from the language table
};

// The 14 built-in uses in the order of the language table (docs/language.md §4). A parent
// always comes before its children. The vector is static and never changes.
const std::vector<UseNode>& builtinUses();
bool isUse(std::string_view name);              // one of builtinUses()

// True when `code` is an officially assigned ISO 3166-1 alpha-2 code (249
// codes). Region names such as `EU`, `EEA` and `WORLD` are not codes, nor are
// exceptionally or transitionally reserved codes (`UK`, `EU`, `AN`, ...).
bool isTerritoryCode(std::string_view code);

// Every officially assigned ISO 3166-1 alpha-2 code, sorted ascending. This
// is also the membership of the built-in region `WORLD`.
const std::vector<std::string_view>& territoryCodes();

// The 27 member states of the European Union (region `EU`), sorted.
const std::vector<std::string_view>& euMembers();

// The European Economic Area (region `EEA`): the EU plus IS, LI and NO,
// sorted.
const std::vector<std::string_view>& eeaMembers();

// True when `code` is an ISO 4217 alphabetic code accepted in money
// literals: the active currencies, funds and precious metals of ISO 4217
// List One. The testing code `XTS` and the no-currency code `XXX` are not
// accepted: a payment in them means nothing.
bool isCurrencyCode(std::string_view code);
const std::vector<std::string_view>& currencyCodes();  // the same codes, sorted

// True when `role` is one of the six party roles of docs/language.md §3.3:
// artist, label, publisher, writer, producer, platform.
bool isRole(std::string_view role);

// The six roles in the order the language lists them (artist, label,
// publisher, writer, producer, platform), which is the order diagnostics
// use when they list the choices.
const std::vector<std::string_view>& roles();

}  // namespace refrain::policy

#endif  // REFRAIN_POLICY_VOCABULARY_H_
