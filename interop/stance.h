// A party's or a work's stance on each AI use, as AI opt-out signals can say it.
//
// Signals (RSL, AIPREF, TDMRep, CAWG, IPTC) say per use whether it is
// allowed, allowed on terms, or not allowed; a policy says much more. The
// stance is what of a bundle's policies a signal can carry, derived from the
// very bundle that decides (docs/standards.md, "Signals"):
//   allowed      every rule that could decide allows, with no condition,
//                payment or duty: the verdict is always allow;
//   constrained  an allow can decide, but only under conditions, for a
//                payment or with duties (or a deny may hold under conditions);
//   not allowed  a deny always holds, or nothing allows: silence is never consent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/engine.h"

namespace refrain::interop {

enum class Stance : uint8_t { kNotAllowed, kConstrained, kAllowed };

// "not allowed", "constrained", "allowed".
const char* stanceName(Stance stance);

// A price a signal can state: a flat amount, or an amount per unit (`X * units`).
struct Price {
  bool perUnit = false;
  int64_t micros = 0;    // the amount in millionths, never negative
  std::string currency;  // ISO 4217

  std::string amount() const;  // the language's decimal text, at least two decimals: "1000.00", "0.0025"
  bool operator==(const Price& o) const { return perUnit == o.perUnit && micros == o.micros && currency == o.currency; }
};

// One allow rule that may decide a constrained use, as far as signals can say it.
struct Offer {
  std::string party;
  std::vector<std::string> purposes;             // `purpose` must be one of these; empty: any
  std::vector<std::string> territories;          // `territory` must be one of these; empty: any
  std::vector<std::string> excludedTerritories;  // `territory` must be none of these
  std::optional<Price> price;                    // the pay clause, when a flat or per-unit price
  std::string otherPay;                          // a pay clause no signal can state, as written
  std::vector<std::string> duties;               // duty names, in rule order
  std::vector<std::string> otherConditions;      // conditions no signal can state, as written

  // True when a signal with purposes, territories, a price and duties can say all of it.
  bool fullyStatable() const { return otherPay.empty() && otherConditions.empty(); }
};

struct UseStance {
  std::string use;
  Stance stance = Stance::kNotAllowed;
  // Constrained: the ways the use may be allowed. Each offer is what every
  // rights holder whose consent is needed asks at once (their conditions
  // together, their prices added); any one offer met allows the use.
  std::vector<Offer> offers;
  // Constrained: what else limits the use beyond the offers, in words: a
  // deny that holds under a condition, another party's terms of its own.
  std::vector<std::string> caveats;

  // True when signals can state every offer whole and there are no caveats.
  bool fullyStatable() const;
};

struct StanceSheet {
  std::string party;  // the party asked about; for a work, the holder it is for (may be empty)
  std::string work;   // the work asked about, or empty for a party
  int64_t at = 0;     // UTC seconds
  std::vector<UseStance> uses;  // every use of the tree, parents first

  const UseStance& of(std::string_view use) const;  // `use` must be in the tree
};

// Derives the stance of `party` (its own policies, under any role, in force
// at `at`) or, with `work` set, of that catalog work (every policy that
// speaks for it at `at`, combined as docs/language.md §6.2 combines
// verdicts; `party`, when given, must be one of its rights holders). False
// with a one-line message: an unknown party or work.
bool deriveStance(const runtime::Engine& engine, const std::string& party, const std::string& work, int64_t at,
                  StanceSheet* out, std::string* error);

}  // namespace refrain::interop
