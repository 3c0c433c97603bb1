// The character classes RFC 9651 builds keys and tokens from, shared by the
// parser (structured_field.cc) and the serializer (structured_field_out.cc)
// so that what one reads the other writes.
#pragma once

#include <string_view>

namespace refrain::interop::sf {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isLcalpha(char c) { return c >= 'a' && c <= 'z'; }
inline bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// tchar (RFC 9110 §5.6.2)
inline bool isTchar(char c) {
  return isAlpha(c) || isDigit(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
// A key (§3.1.2): lcalpha or `*`, then lcalpha, digits, `_`, `-`, `.`, `*`.
inline bool isKeyStart(char c) { return isLcalpha(c) || c == '*'; }
inline bool isKeyChar(char c) { return isLcalpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*'; }
// A token (§3.3.4): ALPHA or `*`, then tchar, `:` and `/`.
inline bool isTokenStart(char c) { return isAlpha(c) || c == '*'; }
inline bool isTokenChar(char c) { return isTchar(c) || c == ':' || c == '/'; }

}  // namespace refrain::interop::sf
