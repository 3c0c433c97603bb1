// Decoding a bundle: header, hash, then the sections of bundle_layout.h, with every read bounds-checked.
#include "runtime/bundle_reader.h"

#include <cstring>
#include <type_traits>

#include "runtime/bundle_layout.h"
#include "runtime/byte_reader.h"
#include "runtime/catalog_table.h"
#include "runtime/sha256.h"

namespace refrain::runtime {

namespace {

const char* sectionName(SectionTag tag) {
  static const char* kNames[] = {"files", "uses", "roles", "territories", "currencies", "slots", "constants",
                                 "patterns", "code", "blocks", "policies", "expressions", "catalog"};
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

bool readBundle(const uint8_t* bytes, size_t len, Bundle* out, std::string* catalogSection, std::string* error) {
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
  // Each section's body, checked to be the next section in order.
  auto sectionBody = [&](SectionTag tag, std::string* raw) {
    uint32_t seen = 0;
    top(seen);
    top(*raw);
    if (top.ok() && seen == static_cast<uint32_t>(tag)) return true;
    *error = std::string("bundle is corrupted: section `") + sectionName(tag) + "` is missing or malformed";
    return false;
  };
  bool ok = true;
  forEachSection(*out, [&](SectionTag tag, auto&& body) {
    std::string raw;
    if (!ok || !(ok = sectionBody(tag, &raw))) return;
    ReadArchive inner(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
    body(inner);
    if (!inner.ok() || !inner.atEnd()) {
      *error = std::string("bundle is corrupted: section `") + sectionName(tag) + "` is malformed";
      ok = false;
    }
  });
  std::string catalog;
  ok = ok && sectionBody(SectionTag::kCatalog, &catalog);
  if (ok && !top.atEnd()) {
    *error = "bundle is corrupted: unexpected bytes after the last section";
    ok = false;
  }
  if (!ok) return false;
  if (catalogSection) {
    *catalogSection = std::move(catalog);
    return true;
  }
  CatalogTable table;
  if (!table.load(std::move(catalog), out->roles, error)) return false;
  out->works.clear();
  for (size_t i = 0; i < table.size(); ++i) out->works.push_back(table.work(i));
  return true;
}

}  // namespace refrain::runtime
