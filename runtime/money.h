// Exact money and percent arithmetic for the runtime: int64 micro-units, ppm percents, no floating point.
#ifndef REFRAIN_RUNTIME_MONEY_H_
#define REFRAIN_RUNTIME_MONEY_H_

#include <cstdint>
#include <string>
#include <string_view>

// Every function here is pure, reports failure through its bool result
// (never throws), writes its out-parameter only on success, and is safe to
// call from any number of threads.
namespace refrain::runtime {

// Micro-units per currency unit: money carries exactly 6 fractional digits.
inline constexpr int64_t kMicrosPerUnit = 1'000'000;
// Parts per million in a whole: 100% is 1'000'000 ppm, so 5% is 50'000.
inline constexpr int64_t kPpmPerWhole = 1'000'000;
// Fractional digits of money text; one micro-unit is the smallest amount.
inline constexpr int kMoneyFractionDigits = 6;
// Fractional digits of percent text; 0.0001% is exactly 1 ppm.
inline constexpr int kPercentFractionDigits = 4;

// Sets *out = a + b; returns false, leaving *out untouched, on int64 overflow.
bool checkedAdd(int64_t a, int64_t b, int64_t* out);

// Sets *out = a - b; returns false, leaving *out untouched, on int64 overflow.
bool checkedSub(int64_t a, int64_t b, int64_t* out);

// Sets *out = a * b; returns false, leaving *out untouched, on int64 overflow.
bool checkedMul(int64_t a, int64_t b, int64_t* out);

// Sets *out = micros * ppm / 1'000'000, computed exactly in 128 bits and
// rounded to a micro-unit half to even (so 0.5 -> 0, 1.5 -> 2, -2.5 -> -2).
// Either argument may be negative. Returns false if the result leaves int64.
bool applyPercent(int64_t micros, int64_t ppm, int64_t* out);

// Formats micro-units as a decimal with exactly 6 fractional digits:
// 3500000000 -> "3500.000000", -1 -> "-0.000001". Total over all int64.
std::string formatMicros(int64_t micros);
// The same text into `out` (room for kMaxMicrosText bytes), without allocating; returns its length.
constexpr size_t kMaxMicrosText = 32;  // "-9223372036854.775808"
size_t formatMicrosTo(int64_t micros, char* out);

// Formats ppm as the shortest exact percent: 125000 -> "12.5%",
// 50000 -> "5%", 1 -> "0.0001%", -50000 -> "-5%". Total over all int64.
std::string formatPercent(int64_t ppm);

// Parses `[-]digits[.digits]` (no sign `+`, no underscores, no spaces, digits
// required on both sides of a `.`) into the value scaled by 10^6: "12.5" ->
// 12'500'000 whatever maxFractionDigits is. Returns false on bad syntax, on
// more than maxFractionDigits fractional digits (the limit is clamped to
// 0..6, as 10^6 is the scale), or when the scaled value leaves int64.
bool parseDecimalMicros(std::string_view text, int maxFractionDigits, int64_t* out);

// Parses request money text "AMOUNT CUR", e.g. "50000.00 USD": a decimal as
// parseDecimalMicros with at most 6 fractional digits, exactly one space and
// three capital letters. Sets *micros and *currency (when not null) only on
// success. Does not
// check the code against ISO 4217; the caller does.
bool parseMoneyText(std::string_view text, int64_t* micros, std::string* currency);

// Parses request percent text "50%", "12.5%", "33.3333%" (a non-negative
// decimal with at most 4 fractional digits, then `%`) into ppm. Values above
// 100% are accepted; the caller bounds them where that matters.
bool parsePercentText(std::string_view text, int64_t* ppm);

}  // namespace refrain::runtime

#endif  // REFRAIN_RUNTIME_MONEY_H_
