// Exact split allocation: per-party floors plus largest-remainder leftovers compared as big fractions.
#include "runtime/split.h"

#include <algorithm>

#include "runtime/money.h"
#include "runtime/sort_small.h"

namespace refrain::runtime {
namespace {

using u128 = unsigned __int128;

// An unsigned integer of any size: little-endian 32-bit limbs.
// INVARIANT: no most-significant zero limb, so zero has no limbs.
class BigUint {
 public:
  explicit BigUint(u128 value) {
    for (; value != 0; value >>= 32) limbs_.push_back(static_cast<uint32_t>(value));
  }

  void multiply(uint64_t factor) {
    u128 carry = 0;
    for (uint32_t& limb : limbs_) {
      u128 v = static_cast<u128>(limb) * factor + carry;
      limb = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    for (; carry != 0; carry >>= 32) limbs_.push_back(static_cast<uint32_t>(carry));
    trim();
  }

  void add(const BigUint& other) {
    if (limbs_.size() < other.limbs_.size()) limbs_.resize(other.limbs_.size(), 0);
    uint64_t carry = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
      uint64_t v = uint64_t{limbs_[i]} + other.limb(i) + carry;
      limbs_[i] = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<uint32_t>(carry));
  }

  // Requires *this >= other.
  void subtract(const BigUint& other) {
    uint64_t borrow = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
      uint64_t v = uint64_t{limbs_[i]} - other.limb(i) - borrow;  // wraps when negative
      limbs_[i] = static_cast<uint32_t>(v);
      borrow = (v >> 32) != 0 ? 1 : 0;
    }
    trim();
  }

  // -1, 0 or 1 as *this is less than, equal to or greater than other.
  int compare(const BigUint& other) const {
    if (limbs_.size() != other.limbs_.size()) return limbs_.size() < other.limbs_.size() ? -1 : 1;
    for (size_t i = limbs_.size(); i-- > 0;) {
      if (limbs_[i] != other.limbs_[i]) return limbs_[i] < other.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  uint64_t limb(size_t i) const { return i < limbs_.size() ? limbs_[i] : 0; }
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }

  std::vector<uint32_t> limbs_;
};

// The same interface over one 128-bit word: exact whenever the common
// denominator below fits in 64 bits, which covers every real split (a few
// roles, each with weights that total at most a few million).
class Wide {
 public:
  explicit Wide(u128 value) : value_(value) {}
  void multiply(uint64_t factor) { value_ *= factor; }
  void add(const Wide& other) { value_ += other.value_; }
  void subtract(const Wide& other) { value_ -= other.value_; }
  int compare(const Wide& other) const { return value_ < other.value_ ? -1 : value_ > other.value_ ? 1 : 0; }

 private:
  u128 value_;
};

// Floor and remainder of a * b / d for b <= d < 2^126, by binary long
// multiplication modulo d; the quotient is at most a, so it fits.
void mulDivFloor(uint64_t a, u128 b, u128 d, uint64_t* quotient, u128* remainder) {
  if ((b >> 64) == 0) {  // the common case: a * b fits in 128 bits, so divide directly
    const u128 product = static_cast<u128>(a) * b;
    if ((product >> 64) == 0 && (d >> 64) == 0) {
      // Usual amounts and weights: a 64-bit division, much cheaper than the 128-bit one.
      const uint64_t p = static_cast<uint64_t>(product), d64 = static_cast<uint64_t>(d);
      *quotient = p / d64;
      *remainder = p % d64;
      return;
    }
    *quotient = static_cast<uint64_t>(product / d);
    *remainder = product % d;
    return;
  }
  uint64_t q = 0;
  u128 r = 0;  // INVARIANT: a's bits so far times b == q * d + r, with r < d
  for (int bit = 63; bit >= 0; --bit) {
    q <<= 1;
    r <<= 1;
    if (r >= d) r -= d, q += 1;
    if ((a >> bit) & 1) {
      r += b;
      if (r >= d) r -= d, q += 1;
    }
  }
  *quotient = q;
  *remainder = r;
}

// The fractions' common denominator is 10^6 times the product of the
// distinct role weight totals; a fraction n / (10^6 * totals[i]) becomes
// n times every other distinct total, over that denominator.
// Num is BigUint, or Wide when the common denominator fits in 64 bits.
// The totals live in storage the caller provides (one slot per term at most).
struct CommonDenominator {
  const uint64_t* totals;  // distinct role weight totals, ascending
  size_t count;

  size_t indexOf(int64_t total) const {
    const uint64_t* it = std::lower_bound(totals, totals + count, static_cast<uint64_t>(total));
    return static_cast<size_t>(it - totals);
  }
  template <class Num>
  Num scale(u128 numerator, size_t own) const {
    Num value(numerator);
    for (size_t i = 0; i < count; ++i) {
      if (i != own) value.multiply(totals[i]);
    }
    return value;
  }
  template <class Num>
  Num denominator() const {
    Num value(kPpmPerWhole);
    for (size_t i = 0; i < count; ++i) value.multiply(totals[i]);
    return value;
  }
  // True when 10^6 times the product of the totals is below 2^64, so every
  // scaled numerator (< 2^84 * 2^44) and every sum of remainders fits in a Wide.
  bool fitsWide() const {
    u128 product = kPpmPerWhole;
    for (size_t i = 0; i < count; ++i) {
      product *= totals[i];
      if (product >> 64) return false;
    }
    return true;
  }
};

bool validateTerm(const SplitTerm& term, std::string* error) {
  const char* what;
  if (term.role_ppm < 1 || term.role_ppm > kPpmPerWhole) {
    what = "role percentage%s out of range (must be 1 to 1000000 ppm)";
  } else if (term.weight <= 0) {
    what = "share weight%s must be positive";
  } else if (term.role_weight_total <= 0) {
    what = "role weight total%s must be positive";
  } else if (term.weight > term.role_weight_total) {
    what = "share weight%s exceeds its role weight total";
  } else {
    return true;
  }
  // The message is built only on failure: validation runs on every payment.
  std::string message(what);
  message.replace(message.find("%s"), 2, " of `" + std::string(term.party) + "`");
  *error = std::move(message);
  return false;
}

bool validateTerms(const std::vector<SplitTerm>& terms, std::string* error) {
  if (terms.empty()) {
    *error = "split has no payees";
    return false;
  }
  for (const SplitTerm& term : terms) {
    if (!validateTerm(term, error)) return false;
  }
  return true;
}

template <class Num>
bool sharesTotalOne(const std::vector<SplitTerm>& terms, const CommonDenominator& common, std::string* error) {
  Num sum(0);
  for (const SplitTerm& term : terms) {
    u128 numerator = static_cast<u128>(term.role_ppm) * static_cast<u128>(term.weight);
    sum.add(common.scale<Num>(numerator, common.indexOf(term.role_weight_total)));
  }
  if (sum.compare(common.denominator<Num>()) != 0) {
    *error = "split shares do not total 100%";
    return false;
  }
  return true;
}

// A party's running allocation: whole micro-units plus an exact fractional part.
template <class Num>
struct Share {
  std::string_view party;
  int64_t micros = 0;
  Num remainder{0};  // over the common denominator
};

// `totals` has room for one total per term.
CommonDenominator commonDenominatorOf(const std::vector<SplitTerm>& terms, uint64_t* totals) {
  size_t count = 0;
  for (const SplitTerm& term : terms) {
    if (term.role_weight_total > 0) totals[count++] = static_cast<uint64_t>(term.role_weight_total);
  }
  sortSmall(totals, count, [](uint64_t a, uint64_t b) { return a < b; });
  count = static_cast<size_t>(std::unique(totals, totals + count) - totals);
  return {totals, count};
}

// Each party's exact share, as whole micro-units plus a remainder below the
// common denominator, sorted by party id (byte order), into `shares` (room for
// one per term); returns how many there are.
template <class Num>
size_t exactShares(int64_t total, const std::vector<SplitTerm>& terms, const CommonDenominator& common,
                   Share<Num>* shares) {
  size_t count = 0;  // a split has a handful of payees: a linear search beats a map
  for (const SplitTerm& term : terms) {
    uint64_t whole;
    u128 rest;
    const u128 numerator = static_cast<u128>(term.role_ppm) * static_cast<u128>(term.weight);
    const u128 denominator = static_cast<u128>(kPpmPerWhole) * static_cast<u128>(term.role_weight_total);
    mulDivFloor(static_cast<uint64_t>(total), numerator, denominator, &whole, &rest);
    Share<Num>* it = std::find_if(shares, shares + count, [&](const Share<Num>& s) { return s.party == term.party; });
    if (it == shares + count) {
      *it = Share<Num>{term.party, 0, Num(0)};
      ++count;
    }
    it->micros += static_cast<int64_t>(whole);  // the floors of shares never exceed total
    it->remainder.add(common.scale<Num>(rest, common.indexOf(term.role_weight_total)));
  }
  const Num one = common.denominator<Num>();
  for (size_t i = 0; i < count; ++i) {
    Share<Num>& share = shares[i];
    while (share.remainder.compare(one) >= 0) {  // at most once per term of the party
      share.remainder.subtract(one);
      share.micros += 1;
    }
  }
  sortSmall(shares, count, [](const Share<Num>& a, const Share<Num>& b) { return a.party < b.party; });
  return count;
}

// Hands the micro-units the floors left over, one each, to the largest
// remainders; `order` has room for one pointer per share.
template <class Num>
void distributeLeftover(int64_t total, Share<Num>* shares, size_t count, Share<Num>** order) {
  int64_t leftover = total;
  for (size_t i = 0; i < count; ++i) {
    leftover -= shares[i].micros;
    order[i] = &shares[i];
  }
  // INVARIANT: the fractions sum to 1, so 0 <= leftover < number of payees.
  // Ties go to the earlier share, which is party order; sorting by position
  // as well makes the keys unique, so the sort gives what a stable sort would.
  sortSmall(order, count, [](const Share<Num>* a, const Share<Num>* b) {
    int c = a->remainder.compare(b->remainder);
    return c != 0 ? c > 0 : a < b;
  });
  for (int64_t i = 0; i < leftover; ++i) order[static_cast<size_t>(i)]->micros += 1;
}

// `shares` and `order` have room for one entry per term.
template <class Num>
bool allocate(int64_t total, const std::vector<SplitTerm>& terms, const CommonDenominator& common,
              Share<Num>* shares, Share<Num>** order, std::vector<Payee>* out, std::string* error) {
  if (!sharesTotalOne<Num>(terms, common, error)) return false;
  const size_t count = exactShares<Num>(total, terms, common, shares);
  distributeLeftover(total, shares, count, order);
  out->clear();
  for (size_t i = 0; i < count; ++i) out->push_back({shares[i].party, shares[i].micros});
  return true;
}

template <class Num>
bool allocateOnHeap(int64_t total, const std::vector<SplitTerm>& terms, const CommonDenominator& common,
                    std::vector<Payee>* out, std::string* error) {
  std::vector<Share<Num>> shares(terms.size());
  std::vector<Share<Num>*> order(terms.size());
  return allocate<Num>(total, terms, common, shares.data(), order.data(), out, error);
}

// Splits with up to this many terms (holders times roles) are worked out in
// arrays on the stack: a payment is split on most decisions, and a real split
// has a few roles of a few holders each, so the common case allocates nothing.
constexpr size_t kInlineTerms = 16;

}  // namespace

bool allocateSplit(int64_t total, const std::vector<SplitTerm>& terms, std::vector<Payee>* out,
                   std::string* error) {
  if (total < 0) {
    *error = "negative payment";
    return false;
  }
  if (!validateTerms(terms, error)) return false;
  if (terms.size() <= kInlineTerms) {
    uint64_t totals[kInlineTerms];
    const CommonDenominator common = commonDenominatorOf(terms, totals);
    if (!common.fitsWide()) return allocateOnHeap<BigUint>(total, terms, common, out, error);
    Share<Wide> shares[kInlineTerms];
    Share<Wide>* order[kInlineTerms];
    return allocate<Wide>(total, terms, common, shares, order, out, error);
  }
  std::vector<uint64_t> totals(terms.size());
  const CommonDenominator common = commonDenominatorOf(terms, totals.data());
  return common.fitsWide() ? allocateOnHeap<Wide>(total, terms, common, out, error)
                           : allocateOnHeap<BigUint>(total, terms, common, out, error);
}

}  // namespace refrain::runtime
