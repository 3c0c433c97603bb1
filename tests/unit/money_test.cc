// Unit tests for runtime/money.h: checked arithmetic, half-even percent, money and percent text.
#define BOOST_TEST_MODULE money
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "runtime/money.h"

namespace rt = refrain::runtime;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// applyPercent's result as money text, or "overflow".
std::string percentOf(int64_t micros, int64_t ppm) {
  int64_t out = 0;
  return rt::applyPercent(micros, ppm, &out) ? rt::formatMicros(out) : "overflow";
}

int64_t parsedOr(std::string_view text, int digits, int64_t fallback) {
  int64_t out = fallback;
  return rt::parseDecimalMicros(text, digits, &out) ? out : fallback;
}

}  // namespace

BOOST_AUTO_TEST_CASE(checked_add_sub_mul) {
  int64_t out = 7;
  BOOST_TEST(rt::checkedAdd(2, 3, &out));
  BOOST_TEST(out == 5);
  BOOST_TEST(rt::checkedAdd(kMax, 0, &out));
  BOOST_TEST(!rt::checkedAdd(kMax, 1, &out));
  BOOST_TEST(!rt::checkedAdd(kMin, -1, &out));
  BOOST_TEST(out == kMax);  // untouched by the failed calls
  BOOST_TEST(rt::checkedSub(kMin + 1, 1, &out));
  BOOST_TEST(out == kMin);
  BOOST_TEST(!rt::checkedSub(kMin, 1, &out));
  BOOST_TEST(!rt::checkedSub(0, kMin, &out));
  BOOST_TEST(rt::checkedMul(-4, 5, &out));
  BOOST_TEST(out == -20);
  BOOST_TEST(!rt::checkedMul(kMin, -1, &out));
  BOOST_TEST(!rt::checkedMul(int64_t{1} << 32, int64_t{1} << 31, &out));
  BOOST_TEST(rt::checkedMul(int64_t{1} << 31, int64_t{1} << 31, &out));
  BOOST_TEST(out == int64_t{1} << 62);
}

BOOST_AUTO_TEST_CASE(apply_percent_exact) {
  BOOST_TEST(percentOf(50'000'000'000, 50'000) == "2500.000000");  // 5% of 50,000.00
  BOOST_TEST(percentOf(1'000'000, 125'000) == "0.125000");         // 12.5% of 1.00
  BOOST_TEST(percentOf(3, 1'000'000) == "0.000003");
  BOOST_TEST(percentOf(kMax, 1'000'000) == rt::formatMicros(kMax));
  BOOST_TEST(percentOf(kMin, 1'000'000) == rt::formatMicros(kMin));
  BOOST_TEST(percentOf(123, 0) == "0.000000");
}

BOOST_AUTO_TEST_CASE(apply_percent_rounds_half_to_even) {
  // 500'000 ppm is one half: x * 0.5 lands on .5 for odd x.
  BOOST_TEST(percentOf(1, 500'000) == "0.000000");   // 0.5 -> 0
  BOOST_TEST(percentOf(3, 500'000) == "0.000002");   // 1.5 -> 2
  BOOST_TEST(percentOf(5, 500'000) == "0.000002");   // 2.5 -> 2
  BOOST_TEST(percentOf(7, 500'000) == "0.000004");   // 3.5 -> 4
  BOOST_TEST(percentOf(-1, 500'000) == "0.000000");  // -0.5 -> 0
  BOOST_TEST(percentOf(-3, 500'000) == "-0.000002"); // -1.5 -> -2
  BOOST_TEST(percentOf(-5, 500'000) == "-0.000002"); // -2.5 -> -2
  BOOST_TEST(percentOf(5, -500'000) == "-0.000002"); // negative percent too
  // Off the midpoint, plain nearest: 0.4 -> 0, 0.6 -> 1, -0.6 -> -1, 1.499999 -> 1.
  BOOST_TEST(percentOf(1, 400'000) == "0.000000");
  BOOST_TEST(percentOf(1, 600'000) == "0.000001");
  BOOST_TEST(percentOf(-1, 600'000) == "-0.000001");
  BOOST_TEST(percentOf(1'499'999, 1) == "0.000001");
  BOOST_TEST(percentOf(2'500'001, 1) == "0.000003");
}

BOOST_AUTO_TEST_CASE(apply_percent_overflow) {
  BOOST_TEST(percentOf(kMax, 1'000'001) == "overflow");
  BOOST_TEST(percentOf(kMin, 1'000'001) == "overflow");
  BOOST_TEST(percentOf(kMax, kMax) == "overflow");
  BOOST_TEST(percentOf(kMin, kMin) == "overflow");
  BOOST_TEST(percentOf(kMin, -1'000'000) == "overflow");  // -INT64_MIN does not fit
  BOOST_TEST(percentOf(kMax / 2, 2'000'000) == rt::formatMicros(kMax - 1));
}

BOOST_AUTO_TEST_CASE(format_micros) {
  BOOST_TEST(rt::formatMicros(3'500'000'000) == "3500.000000");
  BOOST_TEST(rt::formatMicros(0) == "0.000000");
  BOOST_TEST(rt::formatMicros(1) == "0.000001");
  BOOST_TEST(rt::formatMicros(-1) == "-0.000001");
  BOOST_TEST(rt::formatMicros(-1'500'000) == "-1.500000");
  BOOST_TEST(rt::formatMicros(12'345'678) == "12.345678");
  BOOST_TEST(rt::formatMicros(kMax) == "9223372036854.775807");
  BOOST_TEST(rt::formatMicros(kMin) == "-9223372036854.775808");
}

BOOST_AUTO_TEST_CASE(format_percent) {
  BOOST_TEST(rt::formatPercent(125'000) == "12.5%");
  BOOST_TEST(rt::formatPercent(50'000) == "5%");
  BOOST_TEST(rt::formatPercent(1) == "0.0001%");
  BOOST_TEST(rt::formatPercent(0) == "0%");
  BOOST_TEST(rt::formatPercent(1'000'000) == "100%");
  BOOST_TEST(rt::formatPercent(333'333) == "33.3333%");
  BOOST_TEST(rt::formatPercent(10'100) == "1.01%");
  BOOST_TEST(rt::formatPercent(-50'000) == "-5%");
  BOOST_TEST(rt::formatPercent(kMin) == "-922337203685477.5808%");
}

BOOST_AUTO_TEST_CASE(parse_decimal_micros) {
  BOOST_TEST(parsedOr("12.5", 6, -1) == 12'500'000);
  BOOST_TEST(parsedOr("12.5", 1, -1) == 12'500'000);
  BOOST_TEST(parsedOr("0", 0, -1) == 0);
  BOOST_TEST(parsedOr("-0", 0, -1) == 0);
  BOOST_TEST(parsedOr("007", 0, -1) == 7'000'000);
  BOOST_TEST(parsedOr("0.000001", 6, -1) == 1);
  BOOST_TEST(parsedOr("-0.000001", 6, 0) == -1);
  BOOST_TEST(parsedOr("1000.00", 6, -1) == 1'000'000'000);
  BOOST_TEST(parsedOr("9223372036854.775807", 6, -1) == kMax);
  BOOST_TEST(parsedOr("-9223372036854.775808", 6, -1) == kMin);
  BOOST_TEST(parsedOr("1.0000000", 9, -1) == -1);  // the limit is clamped to 6
}

BOOST_AUTO_TEST_CASE(parse_decimal_micros_rejects) {
  int64_t out = 42;
  for (const char* bad : {"", "-", ".", "1.", ".5", "-.5", "+1", "1_000", " 1", "1 ", "1.2.3", "1e5",
                          "--1", "1,5", "0x10", "١"}) {
    BOOST_TEST(!rt::parseDecimalMicros(bad, 6, &out), "accepted `" << bad << "`");
  }
  BOOST_TEST(!rt::parseDecimalMicros("1.25", 1, &out));  // too many fraction digits
  BOOST_TEST(!rt::parseDecimalMicros("1.5", 0, &out));
  BOOST_TEST(!rt::parseDecimalMicros("9223372036854.775808", 6, &out));    // INT64_MAX + 1
  BOOST_TEST(!rt::parseDecimalMicros("-9223372036854.775809", 6, &out));   // INT64_MIN - 1
  BOOST_TEST(!rt::parseDecimalMicros("18446744073709551616", 0, &out));    // 2^64 units
  BOOST_TEST(!rt::parseDecimalMicros("99999999999999999999999", 0, &out));
  BOOST_TEST(out == 42);
}

BOOST_AUTO_TEST_CASE(parse_money_text) {
  int64_t micros = 0;
  std::string currency;
  BOOST_TEST(rt::parseMoneyText("50000.00 USD", &micros, &currency));
  BOOST_TEST(micros == 50'000'000'000);
  BOOST_TEST(currency == "USD");
  BOOST_TEST(rt::parseMoneyText("0.0025 EUR", &micros, &currency));
  BOOST_TEST(micros == 2'500);
  BOOST_TEST(currency == "EUR");
  BOOST_TEST(rt::parseMoneyText("-1.000001 XYZ", &micros, &currency));  // codes are the caller's job
  BOOST_TEST(micros == -1'000'001);
  for (const char* bad : {"", "USD", " USD", "50 usd", "50 US", "50 USDX", "50  USD", "50USD",
                          "50.0000001 USD", "1_000 USD", "50 U5D", "50 USD ", "50\tUSD"}) {
    BOOST_TEST(!rt::parseMoneyText(bad, &micros, &currency), "accepted `" << bad << "`");
  }
  BOOST_TEST(micros == -1'000'001);
  BOOST_TEST(currency == "XYZ");
}

BOOST_AUTO_TEST_CASE(parse_percent_text) {
  int64_t ppm = 0;
  BOOST_TEST(rt::parsePercentText("50%", &ppm));
  BOOST_TEST(ppm == 500'000);
  BOOST_TEST(rt::parsePercentText("12.5%", &ppm));
  BOOST_TEST(ppm == 125'000);
  BOOST_TEST(rt::parsePercentText("33.3333%", &ppm));
  BOOST_TEST(ppm == 333'333);
  BOOST_TEST(rt::parsePercentText("0.0001%", &ppm));
  BOOST_TEST(ppm == 1);
  BOOST_TEST(rt::parsePercentText("100%", &ppm));
  BOOST_TEST(ppm == 1'000'000);
  for (const char* bad : {"", "%", "50", "-5%", "-0%", "5 %", "33.33333%", "1_0%", "5%%", ".5%", "50% "}) {
    BOOST_TEST(!rt::parsePercentText(bad, &ppm), "accepted `" << bad << "`");
  }
  BOOST_TEST(ppm == 1'000'000);
}

BOOST_AUTO_TEST_CASE(text_round_trips) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{123'456'789}, kMax, kMin}) {
    int64_t back = 0;
    BOOST_TEST(rt::parseDecimalMicros(rt::formatMicros(v), 6, &back));
    BOOST_TEST(back == v);
  }
  for (int64_t ppm : {int64_t{0}, int64_t{1}, int64_t{50'000}, int64_t{125'000}, int64_t{999'999}}) {
    int64_t back = -1;
    BOOST_TEST(rt::parsePercentText(rt::formatPercent(ppm), &back));
    BOOST_TEST(back == ppm);
  }
}
