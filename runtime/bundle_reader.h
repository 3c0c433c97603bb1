// The bundle reader: bytes to a Bundle, checking the header, hash and layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/bundle.h"

namespace refrain::runtime {

// Decodes `bytes` into `out`. Checks the magic, the format version, the
// SHA-256 of the payload and that every section is well formed; it does not
// check cross references (verifyBundle does). The catalog section's bytes go
// to `catalogSection` as they are, for a CatalogTable, or, when it is null,
// are decoded into `out->works`. On failure returns false and sets `error`
// to one lowercase line; `out` is then unspecified.
bool readBundle(const uint8_t* bytes, size_t len, Bundle* out, std::string* catalogSection, std::string* error);

// The SHA-256 of a bundle's payload as lowercase hex, from its header; empty
// when `len` is too short to hold a header.
std::string bundleHash(const uint8_t* bytes, size_t len);

}  // namespace refrain::runtime
