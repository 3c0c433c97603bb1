// SHA-256 (FIPS 180-4) for bundle content digests, plus lowercase hex encoding.
#ifndef REFRAIN_RUNTIME_SHA256_H_
#define REFRAIN_RUNTIME_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace refrain::runtime {

// Size of a SHA-256 digest in bytes.
inline constexpr size_t kSha256Size = 32;

// Returns the SHA-256 digest of the `len` bytes at `data` (which may be null
// when len is 0). Reads the input only; pure and thread-safe.
std::array<uint8_t, kSha256Size> sha256(const uint8_t* data, size_t len);

// Returns the `len` bytes at `data` as lowercase hex, two digits per byte.
std::string toHex(const uint8_t* data, size_t len);

}  // namespace refrain::runtime

#endif  // REFRAIN_RUNTIME_SHA256_H_
