// A signed bundle (docs/server.md, "Signed bundles"): the bundle's bytes
// behind a fixed-size envelope that carries an Ed25519 signature of them.
//
//   signed = magic "RFS\0" | version u32 LE (1) | public key (32 bytes)
//          | signature (64 bytes) | the bundle, unchanged
//
// The runtime does no cryptography: it opens the envelope and loads the
// bundle inside, so a signed bundle decides, and hashes, exactly as the
// same bundle unsigned. Services that trust keys (`refrain serve --trust`)
// check the signature with libsodium before they load it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace refrain::runtime {

constexpr uint8_t kSignedMagic[4] = {'R', 'F', 'S', 0};
constexpr uint32_t kSignedEnvelopeVersion = 1;
constexpr size_t kSignedHeaderSize = 4 + 4 + 32 + 64;
// What the signature covers: this text, a NUL, then the bundle's bytes.
constexpr char kSignatureContext[] = "refrain bundle signature v1";

struct SignedEnvelope {
  const uint8_t* publicKey = nullptr;  // 32 bytes
  const uint8_t* signature = nullptr;  // 64 bytes
  const uint8_t* bundle = nullptr;
  size_t bundleLen = 0;
};

enum class EnvelopeKind { kUnsigned, kSigned, kDamaged };

// kSigned fills `out`; kDamaged sets `error` (a truncated envelope or an
// unknown envelope version); kUnsigned means the bytes are a bare bundle.
inline EnvelopeKind openEnvelope(const uint8_t* bytes, size_t len, SignedEnvelope* out, std::string* error) {
  if (len < 4 || std::memcmp(bytes, kSignedMagic, 4) != 0) return EnvelopeKind::kUnsigned;
  if (len < kSignedHeaderSize) {
    *error = "signed bundle is truncated: " + std::to_string(len) + " bytes, less than its " +
             std::to_string(kSignedHeaderSize) + "-byte signature envelope";
    return EnvelopeKind::kDamaged;
  }
  uint32_t version = uint32_t(bytes[4]) | uint32_t(bytes[5]) << 8 | uint32_t(bytes[6]) << 16 | uint32_t(bytes[7]) << 24;
  if (version != kSignedEnvelopeVersion) {
    *error = "signed bundle has envelope version " + std::to_string(version) + ", not " +
             std::to_string(kSignedEnvelopeVersion) + "; update the runtime";
    return EnvelopeKind::kDamaged;
  }
  out->publicKey = bytes + 8;
  out->signature = bytes + 40;
  out->bundle = bytes + kSignedHeaderSize;
  out->bundleLen = len - kSignedHeaderSize;
  return EnvelopeKind::kSigned;
}

}  // namespace refrain::runtime
