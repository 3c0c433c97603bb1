// Exact money and percent arithmetic: checked int64 ops, half-even rounding, money/percent text.
#include "runtime/money.h"

#include <algorithm>
#include <limits>

namespace refrain::runtime {
namespace {

constexpr uint64_t kInt64MinMagnitude = uint64_t{1} << 63;
constexpr int64_t kPpmPerPercent = 10'000;

// Magnitude of v as unsigned; exact for INT64_MIN.
uint64_t magnitudeOf(int64_t v) {
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

// Converts a signed magnitude to int64; false when it does not fit.
bool fromMagnitude(bool negative, uint64_t magnitude, int64_t* out) {
  if (negative) {
    if (magnitude > kInt64MinMagnitude) return false;
    *out = static_cast<int64_t>(uint64_t{0} - magnitude);
    return true;
  }
  if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
  *out = static_cast<int64_t>(magnitude);
  return true;
}

// value's decimal digits, left-padded with zeros to at least `width`.
std::string paddedDigits(uint64_t value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// Reads a non-empty run of ASCII digits into *out; false on any other byte or overflow.
bool readDigits(std::string_view digits, uint64_t* out) {
  if (digits.empty()) return false;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    if (__builtin_mul_overflow(value, 10u, &value)) return false;
    if (__builtin_add_overflow(value, static_cast<uint64_t>(c - '0'), &value)) return false;
  }
  *out = value;
  return true;
}

// 10^n for 0 <= n <= 6.
uint64_t powerOfTen(size_t n) {
  uint64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// The number of decimal digits of `value` (1 for 0), from its bit length:
// bits * 1233 / 4096 is bits * log10(2) rounded down, which is the length or
// one more than it, settled by one compare.
size_t decimalLength(uint64_t value) {
  static const uint64_t kPowersOfTen[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
                                            10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
                                            100000000000ull, 1000000000000ull, 10000000000000ull,
                                            100000000000000ull, 1000000000000000ull, 10000000000000000ull,
                                            100000000000000000ull, 1000000000000000000ull,
                                            10000000000000000000ull};
  value |= 1;  // 0 has one digit, as 1 does
  const size_t bits = 64 - static_cast<size_t>(__builtin_clzll(value));
  const size_t estimate = bits * 1233 >> 12;
  return estimate + (value >= kPowersOfTen[estimate] ? 1 : 0);
}

// Writes the two digits of `pair` (< 100) just before `p`; returns the first.
char* putDigitPair(char* p, uint32_t pair) {
  static const char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  p -= 2;
  p[0] = kPairs[2 * pair];
  p[1] = kPairs[2 * pair + 1];
  return p;
}

}  // namespace

bool checkedAdd(int64_t a, int64_t b, int64_t* out) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return false;
  *out = r;
  return true;
}

bool checkedSub(int64_t a, int64_t b, int64_t* out) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return false;
  *out = r;
  return true;
}

bool checkedMul(int64_t a, int64_t b, int64_t* out) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return false;
  *out = r;
  return true;
}

bool applyPercent(int64_t micros, int64_t ppm, int64_t* out) {
  // |micros * ppm| < 2^126, so the product cannot overflow 128 bits.
  __int128 product = static_cast<__int128>(micros) * ppm;
  __int128 quotient = product / kPpmPerWhole;
  __int128 remainder = product % kPpmPerWhole;
  if (remainder < 0) {  // make the quotient a floor and 0 <= remainder < divisor
    quotient -= 1;
    remainder += kPpmPerWhole;
  }
  if (2 * remainder > kPpmPerWhole || (2 * remainder == kPpmPerWhole && (quotient & 1) != 0)) {
    quotient += 1;
  }
  if (quotient > std::numeric_limits<int64_t>::max() ||
      quotient < std::numeric_limits<int64_t>::min()) {
    return false;
  }
  *out = static_cast<int64_t>(quotient);
  return true;
}

size_t formatMicrosTo(int64_t micros, char* out) {
  const uint64_t magnitude = magnitudeOf(micros);
  uint64_t whole = magnitude / kMicrosPerUnit;
  uint32_t fraction = static_cast<uint32_t>(magnitude % kMicrosPerUnit);
  // The length is known before any digit is made, so digits go straight to
  // `out`, from the last backwards, two per division.
  const size_t length = (micros < 0) + decimalLength(whole) + 1 + kMoneyFractionDigits;
  char* p = out + length;
  static_assert(kMoneyFractionDigits % 2 == 0, "the fraction is written in digit pairs");
  for (int i = 0; i < kMoneyFractionDigits / 2; ++i, fraction /= 100) p = putDigitPair(p, fraction % 100);
  *--p = '.';
  for (; whole >= 100; whole /= 100) p = putDigitPair(p, static_cast<uint32_t>(whole % 100));
  if (whole >= 10) p = putDigitPair(p, static_cast<uint32_t>(whole));
  else *--p = static_cast<char>('0' + whole);
  if (micros < 0) *--p = '-';
  return length;
}

std::string formatMicros(int64_t micros) {
  char text[kMaxMicrosText];
  return std::string(text, formatMicrosTo(micros, text));
}

std::string formatPercent(int64_t ppm) {
  uint64_t magnitude = magnitudeOf(ppm);
  std::string text = ppm < 0 ? "-" : "";
  text += std::to_string(magnitude / kPpmPerPercent);
  uint64_t fraction = magnitude % kPpmPerPercent;
  if (fraction != 0) {
    std::string digits = paddedDigits(fraction, kPercentFractionDigits);
    digits.erase(digits.find_last_not_of('0') + 1);
    text += '.';
    text += digits;
  }
  text += '%';
  return text;
}

bool parseDecimalMicros(std::string_view text, int maxFractionDigits, int64_t* out) {
  const size_t maxDigits = static_cast<size_t>(std::clamp(maxFractionDigits, 0, kMoneyFractionDigits));
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t dot = text.find('.');
  uint64_t whole = 0;
  uint64_t fraction = 0;
  size_t fractionDigits = 0;
  if (!readDigits(text.substr(0, dot), &whole)) return false;
  if (dot != std::string_view::npos) {
    std::string_view digits = text.substr(dot + 1);
    fractionDigits = digits.size();
    if (fractionDigits > maxDigits || !readDigits(digits, &fraction)) return false;
  }
  uint64_t magnitude;
  if (__builtin_mul_overflow(whole, static_cast<uint64_t>(kMicrosPerUnit), &magnitude)) return false;
  if (__builtin_add_overflow(magnitude, fraction * powerOfTen(kMoneyFractionDigits - fractionDigits),
                             &magnitude)) {
    return false;
  }
  return fromMagnitude(negative, magnitude, out);
}

bool parseMoneyText(std::string_view text, int64_t* micros, std::string* currency) {
  constexpr size_t kCodeLength = 3;
  if (text.size() < kCodeLength + 2 || text[text.size() - kCodeLength - 1] != ' ') return false;
  std::string_view code = text.substr(text.size() - kCodeLength);
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  int64_t amount;
  if (!parseDecimalMicros(text.substr(0, text.size() - kCodeLength - 1), kMoneyFractionDigits, &amount)) {
    return false;
  }
  *micros = amount;
  if (currency) currency->assign(code);
  return true;
}

bool parsePercentText(std::string_view text, int64_t* ppm) {
  if (text.empty() || text.back() != '%' || text.front() == '-') return false;
  int64_t scaled;  // the percent number times 10^6; a multiple of 100 with <= 4 fraction digits
  if (!parseDecimalMicros(text.substr(0, text.size() - 1), kPercentFractionDigits, &scaled)) return false;
  *ppm = scaled / (kMicrosPerUnit / kPpmPerPercent);
  return true;
}

}  // namespace refrain::runtime
