#include "policy/utf8.h"

#include <cstdint>

namespace refrain::policy {

size_t invalidUtf8At(std::string_view text) {
  static const uint32_t kLeast[] = {0, 0x80, 0x800, 0x10000};  // the smallest code point of each length
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = text[i];
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    bool ok = extra >= 0 && i + extra < text.size();
    uint32_t code = ok ? (extra == 0 ? c : c & (0x3F >> extra)) : 0;
    for (int k = 1; ok && k <= extra; ++k) {
      unsigned char next = text[i + k];
      ok = (next >> 6) == 2;
      code = code << 6 | (next & 0x3F);
    }
    ok = ok && code >= kLeast[extra] && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
    if (!ok) return i;
    i += extra + 1;
  }
  return std::string_view::npos;
}

void appendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  const int extra = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
  static const unsigned char kLead[] = {0, 0xC0, 0xE0, 0xF0};
  out->push_back(static_cast<char>(kLead[extra] | (cp >> (6 * extra))));
  for (int k = extra - 1; k >= 0; --k) out->push_back(static_cast<char>(0x80 | ((cp >> (6 * k)) & 0x3F)));
}

}  // namespace refrain::policy
