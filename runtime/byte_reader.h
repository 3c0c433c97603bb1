// Internal: the bounds-checked reader of the bundle layout's primitives
// (bundle_layout.h), shared by the section decoder and the catalog table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace refrain::runtime {

// Reads the layout's primitives from a byte range; after the first failure
// every read yields zero and ok() stays false.
class ReadArchive {
 public:
  ReadArchive(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}

  bool ok() const { return ok_; }
  bool atEnd() const { return p_ == end_; }

  uint64_t varint() {
    if (p_ != end_ && *p_ < 0x80) return *p_++;  // one byte: most counts, flags and string indexes
    return longVarint();
  }

  void operator()(bool& v) { uint64_t x = varint(); if (x > 1) fail(); v = x == 1; }
  void operator()(uint8_t& v) { uint64_t x = varint(); if (x > 0xFF) fail(); v = static_cast<uint8_t>(x); }
  void operator()(uint32_t& v) { uint64_t x = varint(); if (x > 0xFFFFFFFFu) fail(); v = static_cast<uint32_t>(x); }
  void operator()(int64_t& v) {
    uint64_t x = varint();
    v = static_cast<int64_t>(x >> 1) ^ -static_cast<int64_t>(x & 1);
  }
  void operator()(int32_t& v) {
    int64_t x;
    (*this)(x);
    if (x < INT32_MIN || x > INT32_MAX) fail();
    v = static_cast<int32_t>(x);
  }
  // A string in place, without copying; valid as long as the bytes are.
  std::string_view view() {
    uint64_t len = varint();
    if (len > static_cast<uint64_t>(end_ - p_)) { fail(); return {}; }
    std::string_view s(reinterpret_cast<const char*>(p_), len);
    p_ += len;
    return s;
  }
  // Four bytes, little-endian: the catalog's fixed-width record offsets.
  uint32_t u32() {
    if (end_ - p_ < 4) return static_cast<uint32_t>(fail());
    uint32_t v = p_[0] | (p_[1] << 8) | (p_[2] << 16) | (static_cast<uint32_t>(p_[3]) << 24);
    p_ += 4;
    return v;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  void operator()(std::string& s) {
    uint64_t len = varint();
    if (len > static_cast<uint64_t>(end_ - p_)) { fail(); return; }
    s.assign(reinterpret_cast<const char*>(p_), len);
    p_ += len;
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    uint64_t count = varint();
    // Every item takes at least one byte, so a count beyond the bytes left is a lie.
    if (count > static_cast<uint64_t>(end_ - p_)) { fail(); return; }
    v.resize(count);
    for (T& item : v) {
      if (!ok_) return;
      if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) (*this)(item);
      else io(*this, item);
    }
  }

 private:
  uint64_t longVarint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return fail();
      uint8_t byte = *p_++;
      value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) {
        if (shift == 63 && byte > 1) return fail();
        return value;
      }
    }
    return fail();
  }

  uint64_t fail() {
    ok_ = false;
    p_ = end_;
    return 0;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

}  // namespace refrain::runtime
