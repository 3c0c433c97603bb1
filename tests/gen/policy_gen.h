// Seeded generators of random but valid Refrain programs (source text), catalogs and requests, for differential tests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policy/diagnostic.h"

namespace refrain::gen {

// A small, fast, portable generator (splitmix64): the same seed gives the
// same program on every platform and standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint64_t>(hi - lo + 1))); }
  // True with probability percent / 100.
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  uint64_t state_;
};

// Mixes two numbers into a seed, so program i and request j get independent streams.
inline uint64_t mixSeed(uint64_t a, uint64_t b) {
  Rng r(a * 0x2545F4914F6CDD1Dull + b);
  r.next();
  return r.next();
}

// The type a generated `context.*` field was given where the program reads it.
enum class FieldKind {
  kBool, kInt, kString, kMoney, kPercent, kTime, kTerritory, kUse, kStringList, kIntList, kTerritoryList, kMoneyList,
};

// An allow rule a request can aim at: who issued it, for which use, and when its version is in force.
struct AllowTarget {
  std::string party, role, use;
  int64_t from = INT64_MIN, until = INT64_MAX;
};

// A program and what the request generator needs to know to hit its rules.
struct GeneratedProgram {
  std::vector<policy::SourceFile> sources;
  std::optional<policy::SourceFile> catalog;
  std::vector<AllowTarget> allows;                      // non-platform allow rules
  std::vector<std::string> holderParties;               // party ids that issue non-platform policies (and others)
  std::vector<std::pair<std::string, std::string>> identities;  // (party, role) of every policy
  std::vector<std::string> usesNamed;                   // uses the rules name
  std::vector<int64_t> timePoints;                      // effective and expires dates, UTC seconds
  std::multimap<std::string, FieldKind> dynamicFields;  // context paths read, with their types
  std::vector<std::string> strings;                     // string literals the program compares with
  std::vector<std::string> catalogIds;
};

// Generates a program from `seed`: several parties and roles, versions,
// regions, `on` scopes, consent clauses, every expression form, pay, split
// and duties. It always compiles (a test fails if it does not).
GeneratedProgram generateProgram(uint64_t seed);

// Generates a request JSON text for `program` from `seed`: mostly well
// formed and aimed at its rules, sometimes missing, mistyped, in another
// currency, oversized or malformed.
std::string generateRequest(const GeneratedProgram& program, uint64_t seed);

// Shared vocabulary of the two generators.
namespace vocab {
const std::vector<std::string>& uses();
const std::vector<std::string>& roles();           // the five non-platform roles
const std::vector<std::string>& partyPool();       // rights-holder party ids, some needing escapes
const std::vector<std::string>& platformPool();
const std::vector<std::string>& territories();     // territory codes the generators use
const std::vector<std::string>& currencies();
const std::vector<std::string>& stringPool();      // strings both sides use, some needing escapes
const std::vector<std::string>& containsAiValues(); // the values of work.contains_ai
const std::vector<int64_t>& baseTimes();            // candidate effective/expires dates
std::string formatTime(int64_t seconds);            // `2026-01-01T00:00:00Z`
}  // namespace vocab

}  // namespace refrain::gen
