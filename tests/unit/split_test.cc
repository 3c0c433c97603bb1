// Unit tests for runtime/split.h: exact largest-remainder allocation of a payment among rights holders.
#define BOOST_TEST_MODULE split
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "runtime/split.h"

namespace rt = refrain::runtime;

namespace {

using Term = rt::SplitTerm;
constexpr int64_t kHalf = 500'000;
constexpr int64_t kWhole = 1'000'000;

// The allocation rendered as "party=micros party=micros ..." or "error: message".
std::string allocate(int64_t total, const std::vector<Term>& terms) {
  std::vector<rt::Payee> payees;
  std::string error;
  if (!rt::allocateSplit(total, terms, &payees, &error)) return "error: " + error;
  std::string text;
  for (const rt::Payee& payee : payees) {
    text += (text.empty() ? "" : " ") + std::string(payee.party) + "=" + std::to_string(payee.micros);
  }
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(contract_example_label_and_artist_halves) {
  // docs/language.md §10: northwind's 1,000.00 USD under `split label 50%, artist 50%`.
  std::vector<Term> terms = {{"northwind", kHalf, 1, 1}, {"luna-ray", kHalf, 1, 1}};
  BOOST_TEST(allocate(1'000'000'000, terms) == "luna-ray=500000000 northwind=500000000");
}

BOOST_AUTO_TEST_CASE(three_equal_co_writers_leftover_to_lowest_party_id) {
  std::vector<Term> terms = {{"cy", kWhole, 1, 3}, {"ana", kWhole, 1, 3}, {"bo", kWhole, 1, 3}};
  BOOST_TEST(allocate(100'000'000, terms) == "ana=33333334 bo=33333333 cy=33333333");
  BOOST_TEST(allocate(100'000'001, terms) == "ana=33333334 bo=33333334 cy=33333333");
}

BOOST_AUTO_TEST_CASE(ties_break_by_party_id_in_byte_order) {
  // "Zed" (0x5A) < "zoe" (0x7A) < "Émile" (0xC3 0x89): bytes compare unsigned.
  std::vector<Term> terms = {{"zoe", kWhole, 1, 3}, {"\xC3\x89mile", kWhole, 1, 3}, {"Zed", kWhole, 1, 3}};
  BOOST_TEST(allocate(1, terms) == "Zed=1 zoe=0 \xC3\x89mile=0");
  BOOST_TEST(allocate(2, terms) == "Zed=1 zoe=1 \xC3\x89mile=0");
}

BOOST_AUTO_TEST_CASE(one_micro_three_ways_and_zero_total) {
  std::vector<Term> terms = {{"c", kWhole, 1, 3}, {"b", kWhole, 1, 3}, {"a", kWhole, 1, 3}};
  BOOST_TEST(allocate(1, terms) == "a=1 b=0 c=0");
  BOOST_TEST(allocate(0, terms) == "a=0 b=0 c=0");
}

BOOST_AUTO_TEST_CASE(party_with_two_roles_is_summed_before_rounding) {
  // p holds 0.75 + 0.75 = 1.5 micros; q and r hold 0.75 each. Rounding p's terms
  // separately would hand p two of the three micros.
  std::vector<Term> terms = {{"p", kHalf, 1, 2}, {"q", kHalf, 1, 2}, {"p", kHalf, 1, 2}, {"r", kHalf, 1, 2}};
  BOOST_TEST(allocate(3, terms) == "p=1 q=1 r=1");
  // `split artist 60%, writer 25%, label 15%`; ana is artist (weight 2 of 3) and writer (1 of 3).
  std::vector<Term> mixed = {{"ana", 600'000, 2, 3}, {"bo", 600'000, 1, 3}, {"ana", 250'000, 1, 3},
                             {"cy", 250'000, 1, 3},  {"dee", 250'000, 1, 3}, {"nw", 150'000, 1, 1}};
  BOOST_TEST(allocate(100'000'000, mixed) == "ana=48333334 bo=20000000 cy=8333333 dee=8333333 nw=15000000");
  BOOST_TEST(allocate(1'000'007, mixed) == "ana=483337 bo=200001 cy=83334 dee=83334 nw=150001");
}

BOOST_AUTO_TEST_CASE(role_weights_share_a_role_proportionally) {
  std::vector<Term> terms = {{"x", 600'000, 3, 4}, {"y", 600'000, 1, 4}, {"z", 400'000, 1, 1}};
  BOOST_TEST(allocate(1'000'000'000, terms) == "x=450000000 y=150000000 z=400000000");
  // Percent shares ("70%", "30%") arrive as ppm weights.
  std::vector<Term> shares = {{"a", kWhole, 700'000, kWhole}, {"b", kWhole, 300'000, kWhole}};
  BOOST_TEST(allocate(10, shares) == "a=7 b=3");
  BOOST_TEST(allocate(5, shares) == "a=4 b=1");  // 3.5 and 1.5: a's remainder ties b's, a first
}

BOOST_AUTO_TEST_CASE(remainders_with_different_denominators_compare_exactly) {
  // Ties across denominators 2 * 10^6 and 6 * 10^6: b, c and d each hold exactly 0.25.
  std::vector<Term> tie = {{"d", kHalf, 1, 2}, {"c", kHalf, 1, 2}, {"b", kHalf, 3, 6}, {"a", kHalf, 1, 6},
                           {"e", kHalf, 2, 6}};
  BOOST_TEST(allocate(1, tie) == "a=0 b=1 c=0 d=0 e=0");
  // b holds 1/2 - 2^-11 and a holds 1/2 - 2^-11 * 2^50 / (2^50 - 1): b is larger by
  // about 2^-61, too little for a double to see, so a tie-break would wrongly pick a.
  const int64_t a = int64_t{1} << 50, b = a - 1, w = int64_t{1} << 40;
  std::vector<Term> near = {{"x", kHalf, w, a}, {"b", kHalf, a - w, a},  // role of 2^50 weight
                            {"z", kHalf, w, b}, {"a", kHalf, b - w, b}};  // role of 2^50 - 1 weight
  BOOST_TEST(allocate(1, near) == "a=0 b=1 x=0 z=0");
  BOOST_TEST(allocate(std::numeric_limits<int64_t>::max(), near) ==
             "a=4607182418800017403 b=4607182418800017408 x=4503599627370496 z=4503599627370500");
}

BOOST_AUTO_TEST_CASE(invalid_input_is_an_error) {
  std::vector<Term> good = {{"a", kWhole, 1, 1}};
  BOOST_TEST(allocate(-1, good) == "error: negative payment");
  BOOST_TEST(allocate(1, {}) == "error: split has no payees");
  BOOST_TEST(allocate(1, {{"a", 0, 1, 1}}) ==
             "error: role percentage of `a` out of range (must be 1 to 1000000 ppm)");
  BOOST_TEST(allocate(1, {{"a", kWhole + 1, 1, 1}}) ==
             "error: role percentage of `a` out of range (must be 1 to 1000000 ppm)");
  BOOST_TEST(allocate(1, {{"a", kWhole, 0, 1}}) == "error: share weight of `a` must be positive");
  BOOST_TEST(allocate(1, {{"a", kWhole, -1, 1}}) == "error: share weight of `a` must be positive");
  BOOST_TEST(allocate(1, {{"a", kWhole, 1, 0}}) == "error: role weight total of `a` must be positive");
  BOOST_TEST(allocate(1, {{"a", kWhole, 2, 1}}) ==
             "error: share weight of `a` exceeds its role weight total");
  // Roles totalling 90%, and a role whose listed holders miss one of its weight.
  BOOST_TEST(allocate(1, {{"a", 900'000, 1, 1}}) == "error: split shares do not total 100%");
  BOOST_TEST(allocate(1, {{"a", kWhole, 1, 3}, {"b", kWhole, 1, 3}}) ==
             "error: split shares do not total 100%");
  BOOST_TEST(allocate(1, {{"a", kHalf, 1, 1}, {"b", kHalf, 1, 1}, {"c", kHalf, 1, 1}}) ==
             "error: split shares do not total 100%");

  std::vector<rt::Payee> payees = {{"kept", 5}};
  std::string error;
  BOOST_TEST(!rt::allocateSplit(-5, good, &payees, &error));
  BOOST_REQUIRE_EQUAL(payees.size(), 1u);
  BOOST_TEST(payees[0].party == "kept");
}

namespace {

// A deterministic 64-bit LCG (Knuth's MMIX constants); returns values in [lo, hi].
struct Lcg {
  uint64_t state;
  int64_t next(int64_t lo, int64_t hi) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return lo + static_cast<int64_t>((state >> 16) % static_cast<uint64_t>(hi - lo + 1));
  }
};

struct Role {
  int64_t ppm;
  std::vector<std::pair<std::string, int64_t>> holders;  // party, weight
  int64_t weightTotal = 0;
};

// Up to 4 roles of up to `maxHolders` holders each, drawn from `partyCount` party ids.
std::vector<Role> randomRoles(Lcg& rng, int64_t maxHolders = 4, int64_t partyCount = 6) {
  static const char* const kParties[] = {"a", "b", "c", "d", "e", "\xC3\x89", "f", "g", "h", "i", "j", "k",
                                         "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w"};
  std::vector<Role> roles(static_cast<size_t>(rng.next(1, 4)));
  int64_t left = 1'000'000;
  for (size_t r = 0; r < roles.size(); ++r) {
    const int64_t rolesAfter = static_cast<int64_t>(roles.size() - r - 1);
    roles[r].ppm = rolesAfter == 0 ? left : rng.next(1, left - rolesAfter);
    left -= roles[r].ppm;
    for (int64_t h = rng.next(1, maxHolders); h > 0; --h) {
      const int64_t weight = rng.next(0, 3) == 0 ? 1 : rng.next(1, 1000);
      roles[r].holders.push_back({kParties[rng.next(0, partyCount - 1)], weight});
      roles[r].weightTotal += weight;
    }
  }
  return roles;
}

// Checks allocateSplit against an exact oracle: shares over the denominator
// 10^6 * product of the role weight totals (< 2^69 with 4 holders a role,
// < 2^75 with 12: the numerators stay far below 2^127).
void checkAgainstOracle(const std::vector<Role>& roles, int64_t total) {
  __int128 denominator = 1'000'000;
  for (const Role& role : roles) denominator *= role.weightTotal;
  std::map<std::string, __int128> numerators;
  std::vector<Term> terms;
  for (const Role& role : roles) {
    for (const auto& [party, weight] : role.holders) {
      terms.push_back({party, role.ppm, weight, role.weightTotal});
      const __int128 otherTotals = denominator / 1'000'000 / role.weightTotal;
      numerators[party] += static_cast<__int128>(total) * role.ppm * weight * otherTotals;
    }
  }
  std::vector<rt::Payee> payees;
  std::string error;
  BOOST_REQUIRE_MESSAGE(rt::allocateSplit(total, terms, &payees, &error), error);
  BOOST_REQUIRE_EQUAL(payees.size(), numerators.size());
  int64_t sum = 0;
  std::vector<bool> roundedUp;
  auto expected = numerators.begin();
  for (const rt::Payee& payee : payees) {
    BOOST_REQUIRE_EQUAL(payee.party, expected->first);  // byte order, one per party
    const __int128 floor = expected->second / denominator;
    BOOST_REQUIRE(payee.micros == floor || payee.micros == floor + 1);
    roundedUp.push_back(payee.micros == floor + 1);
    sum += payee.micros;
    ++expected;
  }
  BOOST_REQUIRE_EQUAL(sum, total);
  // Every rounded-up payee's remainder beats every other's, or ties it with a smaller party id.
  for (size_t i = 0; i < payees.size(); ++i) {
    for (size_t j = 0; j < payees.size(); ++j) {
      if (!roundedUp[i] || roundedUp[j]) continue;
      const __int128 ri = numerators[std::string(payees[i].party)] % denominator;
      const __int128 rj = numerators[std::string(payees[j].party)] % denominator;
      BOOST_REQUIRE(ri > rj || (ri == rj && i < j));
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(property_amounts_sum_to_total_and_follow_largest_remainder) {
  Lcg rng{20260101};
  for (int iteration = 0; iteration < 10'000; ++iteration) {
    const std::vector<Role> roles = randomRoles(rng);
    const int64_t total = rng.next(0, 1) == 0 ? rng.next(0, 12) : rng.next(0, 1'000'000'000'000);
    checkAgainstOracle(roles, total);
  }
}

// More terms than fit in the allocator's stack arrays, and more distinct
// parties: the heap path, with 64-bit and with big common denominators.
BOOST_AUTO_TEST_CASE(property_holds_for_splits_with_many_terms) {
  Lcg rng{20261127};
  for (int iteration = 0; iteration < 3'000; ++iteration) {
    const std::vector<Role> roles = randomRoles(rng, 12, 24);
    const int64_t total = rng.next(0, 1) == 0 ? rng.next(0, 40) : rng.next(0, 1'000'000'000'000);
    checkAgainstOracle(roles, total);
  }
}
