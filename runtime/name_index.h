// Internal: a read-only hash index from names to their positions in a list.
// Request reading looks up a use, a territory and a currency in every
// request; a sorted list or std::map costs a string comparison per level,
// this one hash and (nearly always) one comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "runtime/flat_index.h"
#include "runtime/same_text.h"

namespace refrain::runtime {

// A hash of names and work ids, eight bytes at a step (a byte at a time,
// FNV-1a cost more than the rest of a look-up): each word is mixed in by a
// multiply and a shift, the length first. The bytes are read as sameBytes()
// reads them, in words that may overlap, never outside the name. Only
// indexes in memory use this hash, so it may change freely; a look-up
// compares the names themselves.
inline uint64_t hashName(std::string_view name) {
  using same_text_detail::load;
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;  // odd, bits well spread (2^64 / golden ratio)
  auto mix = [](uint64_t h, uint64_t word) {
    h = (h ^ word) * kMultiplier;
    return h ^ (h >> 29);
  };
  const char* p = name.data();
  size_t n = name.size();
  uint64_t h = mix(0, n);
  if (n >= 8) {
    for (; n > 8; p += 8, n -= 8) h = mix(h, load<uint64_t>(p));
    h = mix(h, load<uint64_t>(p + n - 8));  // the last eight bytes, overlapping the ones before
  } else if (n >= 4) {
    h = mix(h, load<uint32_t>(p) | static_cast<uint64_t>(load<uint32_t>(p + n - 4)) << 32);
  } else if (n > 0) {
    const auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(p[i])); };
    h = mix(h, byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16);
  }
  return mix(h, h >> 32);
}

class NameIndex {
 public:
  NameIndex() = default;

  // `names` must outlive the index; of repeated names, the first is found.
  explicit NameIndex(std::vector<std::string_view> names) : names_(std::move(names)), index_(names_.size()) {
    for (size_t i = 0; i < names_.size(); ++i) index_.add(hashName(names_[i]), static_cast<uint32_t>(i + 1));
  }

  // The position of `name` in the list, or -1.
  int64_t find(std::string_view name) const {
    const uint32_t found = index_.find(hashName(name), [&](uint32_t v) { return sameText(names_[v - 1], name); });
    return static_cast<int64_t>(found) - 1;  // FlatIndex::kNone is 0
  }
  bool contains(std::string_view name) const { return find(name) >= 0; }

 private:
  std::vector<std::string_view> names_;
  FlatIndex index_;  // position + 1
};

}  // namespace refrain::runtime
