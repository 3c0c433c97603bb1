// Values of the language as solver terms, and the small vocabulary every encoder shares.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "runtime/bundle.h"

namespace refrain::analysis {

// Constructs outside the encoding met while encoding one query: the query's
// answer is then "unknown", with these as the reason.
class Unsupported {
 public:
  // A construct encoded by a free term: the encoding then allows more than
  // the runtime, so a proof still holds and only a counterexample needs checking.
  void add(const std::string& reason) { reasons_.insert(reason); }
  // A construct the encoding cannot even over-approximate (a text past the
  // solver's characters): no answer that relies on the encoding is a proof.
  void addInexact(const std::string& reason) {
    reasons_.insert(reason);
    inexact_ = true;
  }
  bool any() const { return !reasons_.empty(); }
  bool inexact() const { return inexact_; }
  std::string text() const;  // "reason; reason"
  void merge(const Unsupported& other) {
    reasons_.insert(other.reasons_.begin(), other.reasons_.end());
    inexact_ = inexact_ || other.inexact_;
  }

 private:
  std::set<std::string> reasons_;
  bool inexact_ = false;
};

// A value as terms. Scalars: `value` is a Bool, an Int (int, time, percent
// in ppm, territory and use as indexes, money in micro-units) or a String;
// money also has `currency`, an index into the model's currency table. A
// list read from a request is a sequence term in `value`; a literal list
// keeps its items apart (`items`, `literal` true), so membership is a
// disjunction the solver never has to search.
struct SymValue {
  uint8_t type = 0;  // runtime::ValueType, with runtime::kListFlag for lists
  z3::expr value;
  z3::expr currency;
  bool literal = false;
  std::vector<SymValue> items;

  explicit SymValue(z3::context& ctx) : value(ctx), currency(ctx) {}
  runtime::ValueType scalarType() const { return static_cast<runtime::ValueType>(type & ~runtime::kListFlag); }
  bool isList() const { return (type & runtime::kListFlag) != 0; }
};

constexpr int64_t kInt64Min = INT64_MIN;
constexpr int64_t kInt64Max = INT64_MAX;

// `x` within the 64-bit signed range.
z3::expr inInt64(const z3::expr& x);

// The solver's largest character (Z3 4.8's strings stop at U+2FFFF).
constexpr uint32_t kMaxSolverChar = 0x2FFFF;

// A string literal as a term (UTF-8 in, code points in the solver). A
// character past kMaxSolverChar cannot be written: it is named in `unsupported`.
z3::expr stringTerm(z3::context& ctx, const std::string& utf8, Unsupported* unsupported);
// A solver string value back to UTF-8; false for a character that is no Unicode scalar value.
bool stringFromModel(const z3::expr& value, std::string* utf8);

// Byte-order (= code-point order) comparisons of strings.
z3::expr stringLess(const z3::expr& a, const z3::expr& b);
z3::expr stringLessEq(const z3::expr& a, const z3::expr& b);

}  // namespace refrain::analysis
