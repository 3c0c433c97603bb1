// Exact allocation of one payment among a work's rights holders by split roles (docs/language.md §8.1).
#ifndef REFRAIN_RUNTIME_SPLIT_H_
#define REFRAIN_RUNTIME_SPLIT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain::runtime {

// One rights holder's claim on a payment through one role of a split.
struct SplitTerm {
  std::string_view party;     // the holder's party id
  int64_t role_ppm;           // the role's percentage in the split, in ppm (1..1'000'000)
  int64_t weight;             // this holder's share weight within the role (> 0)
  int64_t role_weight_total;  // sum of the weights of all holders of the role on the work (>= weight)
};

// One party's allocated amount in micro-units.
struct Payee {
  std::string_view party;
  int64_t micros;
};

// Allocates `total` micro-units among the parties of `terms`, exactly.
//
// The exact share of party p is the sum over its terms of
// total * role_ppm / 10^6 * weight / role_weight_total, summed per party
// before any rounding. Each payee gets the floor of its exact share; the
// micro-units left over go one each to the payees with the largest
// fractional remainders (compared exactly), ties broken by party id in byte
// order. On success *out holds one Payee per distinct party, sorted by party
// id in byte order, including payees whose amount is 0; the amounts sum to
// `total`.
//
// Returns false with a lowercase one-line message in *error, leaving *out
// untouched, when total < 0 ("negative payment"), terms is empty, a ppm is
// outside 1..1'000'000, a weight or role weight total is not positive, a
// weight exceeds its role weight total, or the terms' fractions
// role_ppm / 10^6 * weight / role_weight_total do not sum to exactly 1 (the
// roles must total 100% and every holder of each role must be listed).
//
// Any int64 weights are exact. Cost grows with (terms) x (distinct role
// weight totals)^2, which is small: there is one total per role in a split.
// Pure and thread-safe.
bool allocateSplit(int64_t total, const std::vector<SplitTerm>& terms, std::vector<Payee>* out,
                   std::string* error);

}  // namespace refrain::runtime

#endif  // REFRAIN_RUNTIME_SPLIT_H_
