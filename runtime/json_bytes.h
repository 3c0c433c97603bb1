// Internal: finding, eight bytes at a time, where a JSON string stops being
// plain. Both the request reader and the decision writer spend most of their
// time walking string bytes, and most strings need nothing done to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The word trick below reads the first byte in the lowest bits.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "plainJsonBytes assumes a little-endian target");

namespace refrain::runtime {

// The number of leading bytes of [p, end) that a JSON string holds as they
// are: not `"`, not `\`, not a control byte (< 0x20) and, when `asciiOnly`,
// not a byte of a multi-byte UTF-8 sequence (which the reader must check).
// The per-word test: a byte's high bit is set in the result when that byte
// is `"`, `\`, below 0x20 or, when `asciiOnly`, 0x80 or above (the classic
// has-zero and has-less-than tests, exact as a yes/no for the whole word;
// borrows only run upwards, so the lowest flagged byte is a real stop).
inline uint64_t jsonStopBytes(uint64_t w, bool asciiOnly) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t quote = w ^ (kOnes * '"'), slash = w ^ (kOnes * '\\');
  uint64_t flags = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((w - kOnes * 0x20) & ~w);
  if (asciiOnly) flags |= w;
  return flags & kHighs;
}

constexpr bool jsonStopByte(unsigned char u, bool asciiOnly) {
  return u < 0x20 || u == '"' || u == '\\' || (asciiOnly && u >= 0x80);
}

#if defined(__SSE2__)
// The same test sixteen bytes at a time, where the target has SSE2 (every
// x86-64): bit i of the result is set when byte i stops a plain run.
// WebAssembly and other targets use the eight-byte words below; the answers
// are the same, only the stride differs.
inline unsigned jsonStopMask16(const char* p, bool asciiOnly) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i stops = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  // Signed, every byte of 0x80 and above is below 0x20 too: one comparison
  // finds control bytes and UTF-8 alike. Unsigned, v < 0x20 exactly when min(v, 0x1F) == v.
  stops = _mm_or_si128(stops, asciiOnly ? _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))
                                        : _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
  return static_cast<unsigned>(_mm_movemask_epi8(stops));
}
#endif

// The number of leading bytes of [p, end) that a JSON string holds as they
// are: not `"`, not `\`, not a control byte (< 0x20) and, when `asciiOnly`,
// not a byte of a multi-byte UTF-8 sequence (which the reader must check).
// (All of it; plainJsonBytes() below is the one to call.)
inline size_t plainJsonRun(const char* p, const char* end, bool asciiOnly) {
  const char* start = p;
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16)
    if (unsigned stops = jsonStopMask16(p, asciiOnly))
      return static_cast<size_t>(p - start) + static_cast<size_t>(__builtin_ctz(stops));
#endif
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if (uint64_t flags = jsonStopBytes(w, asciiOnly))
      return static_cast<size_t>(p - start) + static_cast<size_t>(__builtin_ctzll(flags)) / 8;
    p += 8;
  }
  if (p < end && p - start >= 8) {  // the last bytes, as a word overlapping checked (plain) ones
    const char* last = end - 8;
    uint64_t w;
    std::memcpy(&w, last, 8);
    uint64_t flags = jsonStopBytes(w, asciiOnly);
    return flags ? static_cast<size_t>(last - start) + static_cast<size_t>(__builtin_ctzll(flags)) / 8
                 : static_cast<size_t>(end - start);
  }
  while (p < end && !jsonStopByte(static_cast<unsigned char>(*p), asciiOnly)) ++p;
  return static_cast<size_t>(p - start);
}

// plainJsonRun(), with its first block tested inline: most strings end in
// it, and then the call is only a few instructions.
inline size_t plainJsonBytes(const char* p, const char* end, bool asciiOnly) {
#if defined(__SSE2__)
  if (end - p >= 16)
    if (unsigned stops = jsonStopMask16(p, asciiOnly)) return static_cast<size_t>(__builtin_ctz(stops));
#else
  if (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if (uint64_t flags = jsonStopBytes(w, asciiOnly)) return static_cast<size_t>(__builtin_ctzll(flags)) / 8;
  }
#endif
  return plainJsonRun(p, end, asciiOnly);
}

// plainJsonBytes() for the writer, copying as it checks: each word is stored
// to `out` whole, before its bytes are known to be plain, so up to (end - p)
// bytes at `out` are written (never more: every word lies inside [p, end)).
// Returns the count of plain bytes; that many are valid at `out`.
inline size_t copyPlainJsonBytes(const char* p, const char* end, char* out) {
  const char* start = p;
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16, out += 16) {
    std::memcpy(out, p, 16);
    if (unsigned stops = jsonStopMask16(p, false))
      return static_cast<size_t>(p - start) + static_cast<size_t>(__builtin_ctz(stops));
  }
#endif
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    std::memcpy(out, &w, 8);
    if (uint64_t flags = jsonStopBytes(w, false))
      return static_cast<size_t>(p - start) + static_cast<size_t>(__builtin_ctzll(flags)) / 8;
    p += 8;
    out += 8;
  }
  if (p < end && p - start >= 8) {  // the last bytes, as a word overlapping copied (plain) ones
    const char* last = end - 8;
    uint64_t w;
    std::memcpy(&w, last, 8);
    std::memcpy(out - (p - last), &w, 8);
    uint64_t flags = jsonStopBytes(w, false);
    return flags ? static_cast<size_t>(last - start) + static_cast<size_t>(__builtin_ctzll(flags)) / 8
                 : static_cast<size_t>(end - start);
  }
  for (; p < end && !jsonStopByte(static_cast<unsigned char>(*p), false); ++p) *out++ = *p;
  return static_cast<size_t>(p - start);
}

}  // namespace refrain::runtime
