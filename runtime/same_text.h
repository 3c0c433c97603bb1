// Internal: equality of short texts (JSON keys, party ids, roles, codes)
// without a call to memcmp. Such texts are compared many times a decision,
// most are under 16 bytes, and a library call costs more than the compare.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace refrain::runtime {

namespace same_text_detail {
template <class Word>
inline Word load(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
}  // namespace same_text_detail

// Whether the `n` bytes at `a` and at `b` are the same. Lengths of 4 and over
// compare whole words, the last one overlapping the ones before, so no byte
// outside either range is read.
inline bool sameBytes(const char* a, const char* b, size_t n) {
  using same_text_detail::load;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (load<uint64_t>(a + i) != load<uint64_t>(b + i)) return false;
    return load<uint64_t>(a + n - 8) == load<uint64_t>(b + n - 8);
  }
  if (n >= 4) return load<uint32_t>(a) == load<uint32_t>(b) && load<uint32_t>(a + n - 4) == load<uint32_t>(b + n - 4);
  // 0 to 3 bytes: the first, middle and last cover them all.
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// Exactly std::string_view's ==, faster for short texts.
inline bool sameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sameBytes(a.data(), b.data(), a.size());
}

}  // namespace refrain::runtime
