// Decoding a bundle: header, hash, then the sections of bundle_layout.h, with every read bounds-checked.
#include "runtime/bundle_reader.h"

#include <cstring>
#include <type_traits>

#include "runtime/bundle_layout.h"
#include "runtime/sha256.h"

namespace refrain::runtime {

namespace {

// Reads the layout's primitives from a byte range; after the first failure
// every read yields zero and ok() stays false.
class ReadArchive {
 public:
  ReadArchive(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}

  bool ok() const { return ok_; }
  bool atEnd() const { return p_ == end_; }

  uint64_t varint() {
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
  uint64_t fail() {
    ok_ = false;
    p_ = end_;
    return 0;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

const char* sectionName(SectionTag tag) {
  static const char* kNames[] = {"files", "uses", "roles", "territories", "currencies", "slots", "constants",
                                 "patterns", "code", "blocks", "policies", "catalog"};
  return kNames[static_cast<uint32_t>(tag) - 1];
}

uint32_t readU32(const uint8_t* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

}  // namespace

std::string bundleHash(const uint8_t* bytes, size_t len) {
  if (len < kHeaderSize) return {};
  return toHex(bytes + 8, 32);
}

bool readBundle(const uint8_t* bytes, size_t len, Bundle* out, std::string* error) {
  if (len < kHeaderSize) {
    *error = "bundle is truncated: " + std::to_string(len) + " bytes, less than its " +
             std::to_string(kHeaderSize) + "-byte header";
    return false;
  }
  if (std::memcmp(bytes, kBundleMagic, 4) != 0) {
    *error = "not a refrain bundle: bad magic bytes";
    return false;
  }
  uint32_t version = readU32(bytes + 4);
  if (version > kBundleFormatVersion) {
    *error = "bundle format version " + std::to_string(version) + " is newer than this runtime supports (" +
             std::to_string(kBundleFormatVersion) + "); update the runtime";
    return false;
  }
  if (version != kBundleFormatVersion) {
    *error = "unsupported bundle format version " + std::to_string(version);
    return false;
  }
  std::array<uint8_t, 32> digest = sha256(bytes + kHeaderSize, len - kHeaderSize);
  if (std::memcmp(digest.data(), bytes + 8, 32) != 0) {
    *error = "bundle is corrupted: its content does not match its sha-256";
    return false;
  }
  ReadArchive top(bytes + kHeaderSize, len - kHeaderSize);
  bool ok = true;
  forEachSection(*out, [&](SectionTag tag, auto&& body) {
    if (!ok) return;
    uint32_t seen = 0;
    top(seen);
    std::string raw;
    top(raw);
    if (!top.ok() || seen != static_cast<uint32_t>(tag)) {
      *error = std::string("bundle is corrupted: section `") + sectionName(tag) + "` is missing or malformed";
      ok = false;
      return;
    }
    ReadArchive inner(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
    body(inner);
    if (!inner.ok() || !inner.atEnd()) {
      *error = std::string("bundle is corrupted: section `") + sectionName(tag) + "` is malformed";
      ok = false;
    }
  });
  if (ok && !top.atEnd()) {
    *error = "bundle is corrupted: unexpected bytes after the last section";
    ok = false;
  }
  return ok;
}

}  // namespace refrain::runtime
