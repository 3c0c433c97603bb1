// Values of the evaluator: small tagged records that point into the bundle or the request, never owning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/bundle.h"

namespace refrain::runtime {

// INVARIANT: `text` and `items` point into the loaded bundle or the per-call
// scratch, both of which outlive every Value made from them.
struct Value {
  ValueType type = ValueType::kBool;
  bool isList = false;
  uint32_t currency = 0;  // money: the code's three letters packed big-endian
  int64_t number = 0;     // bool, int, money micros, percent ppm, time seconds, use index
  std::string_view text;  // string, territory code
  const Value* items = nullptr;  // list elements
  uint32_t count = 0;
};

inline uint32_t packCurrency(std::string_view code) {
  return code.size() == 3 ? (static_cast<uint32_t>(code[0]) << 16) | (static_cast<uint32_t>(code[1]) << 8) |
                                static_cast<uint32_t>(code[2])
                          : 0;
}

inline std::string unpackCurrency(uint32_t packed) {
  return {static_cast<char>(packed >> 16), static_cast<char>((packed >> 8) & 0xFF), static_cast<char>(packed & 0xFF)};
}

inline Value boolValue(bool b) {
  Value v;
  v.type = ValueType::kBool;
  v.number = b;
  return v;
}

}  // namespace refrain::runtime
