// Internal: finding, eight bytes at a time, where a JSON string stops being
// plain. Both the request reader and the decision writer spend most of their
// time walking string bytes, and most strings need nothing done to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

// The word trick below reads the first byte in the lowest bits.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "plainJsonBytes assumes a little-endian target");

namespace refrain::runtime {

// The number of leading bytes of [p, end) that a JSON string holds as they
// are: not `"`, not `\`, not a control byte (< 0x20) and, when `asciiOnly`,
// not a byte of a multi-byte UTF-8 sequence (which the reader must check).
inline size_t plainJsonBytes(const char* p, const char* end, bool asciiOnly) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const char* start = p;
  // Per 64-bit word: a byte's high bit in `flags` is set when that byte is
  // zero after xor with `"` or `\`, or is below 0x20 (the classic has-zero
  // and has-less-than tests; exact as a yes/no for the whole word).
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t quote = w ^ (kOnes * '"'), slash = w ^ (kOnes * '\\');
    uint64_t flags = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((w - kOnes * 0x20) & ~w);
    if (asciiOnly) flags |= w;
    flags &= kHighs;
    // Borrows only run upwards, so the lowest flagged byte is a real stop.
    if (flags) return static_cast<size_t>(p - start) + static_cast<size_t>(__builtin_ctzll(flags)) / 8;
    p += 8;
  }
  for (; p < end; ++p) {
    unsigned char u = static_cast<unsigned char>(*p);
    if (u < 0x20 || u == '"' || u == '\\' || (asciiOnly && u >= 0x80)) break;
  }
  return static_cast<size_t>(p - start);
}

}  // namespace refrain::runtime
