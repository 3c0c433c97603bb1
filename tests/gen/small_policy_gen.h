// Seeded generator of SMALL Refrain programs over SMALL finite request
// domains, for the analyser's differential test (tests/unit/analysis_test.cc):
// each program comes with a mutated copy and with every value its requests
// need to take, so that deciding every request of the domain with the runtime
// is an exhaustive check of what `refrain diff` and `refrain verify` say.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace refrain::gen {

// One value a field takes in the domain: JSON text, or empty for "absent".
struct SmallValue {
  std::string json;
  bool mistyped = false;  // of the wrong type for the field (a `type_mismatch` when read)
};

// A field a program reads, by its JSON path below the request's root
// (`context.purpose`, `requester.verified`, `context.model.name`, `work.genre`).
struct SmallField {
  std::string path;
  std::vector<SmallValue> values;  // always begins with "absent"
};

// Every request an enumeration decides, as a product of small sets. The
// request work is a catalog work (its fields and holders are the catalog's,
// so only `fields` vary) or `otherWorkId`, which no catalog has (then
// `workFields` and `holderSets` vary too).
struct SmallDomain {
  std::vector<std::string> uses;        // the asked use and every use below it, in the use tree's order
  std::vector<int64_t> times;           // a second before and at each date a version starts or ends
  std::vector<std::string> holderSets;  // JSON arrays for `work.rightsholders`, the empty one included
  std::vector<SmallField> fields;       // request fields outside `work`
  std::vector<SmallField> workFields;   // `work.*` fields of the other work
  std::vector<std::string> catalogIds;
  std::string otherWorkId = "OTHER-1";

  // Requests about the other work, and about each catalog work.
  uint64_t otherSize() const;
  uint64_t catalogSize() const;
  uint64_t size() const { return otherSize() + catalogIds.size() * catalogSize(); }
};

// A property for `refrain verify`, in its own words, with what a
// differential check needs to know of it.
struct SmallProperty {
  std::string text;  // `never allow ai.train`, `implies`, `always pays ai.train at least 1.00 USD`
};

struct SmallProgram {
  std::string source;                  // P, one .refrain file
  std::string mutant;                  // P': P with one change
  std::string mutation;                // the change, in words
  std::optional<std::string> catalog;  // JSON Lines, shared by P and P'
  std::string askedUse;                // the root of the uses asked about (analysis::Options::use)
  SmallDomain domain;                  // covers every value P and P' distinguish
  std::vector<SmallProperty> properties;
};

// The largest domain generateSmallProgram() returns: programs whose domain
// would be larger are drawn again (from seeds derived from `seed`).
constexpr uint64_t kMaxSmallDomain = 3000;

// A program, its mutant and its domain from `seed`: 1 to 3 policies of an
// artist, a label and sometimes a platform (with `consent` clauses), versions
// among three dates, `on` scopes over `work.genre`, allow and deny rules with
// `except`, `when` conditions over one to three request fields, `pay`,
// `split` and duties; sometimes a catalog of one or two works. P and P' always
// compile (the test fails if they do not).
SmallProgram generateSmallProgram(uint64_t seed);

}  // namespace refrain::gen
