// UTF-8 as RFC 3629 has it: no overlong forms, no surrogates (U+D800 to
// U+DFFF), nothing past U+10FFFF. Sources, and the DDEX messages the
// importer reads, are held to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace refrain::policy {

// The offset of the first byte that breaks UTF-8, or npos when `text` is UTF-8.
size_t invalidUtf8At(std::string_view text);

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void appendUtf8(uint32_t cp, std::string* out);

}  // namespace refrain::policy
