#include "analysis/sym_value.h"

#include <cstdio>

#include "policy/utf8.h"

namespace refrain::analysis {

std::string Unsupported::text() const {
  std::string out;
  for (const std::string& r : reasons_) out += (out.empty() ? "" : "; ") + r;
  return out;
}

z3::expr inInt64(const z3::expr& x) {
  z3::context& c = x.ctx();
  return x >= c.int_val(kInt64Min) && x <= c.int_val(kInt64Max);
}

namespace {

// Decodes one UTF-8 sequence at `i`; malformed bytes read as themselves,
// so a policy's bytes always reach the solver as some characters.
uint32_t nextCodePoint(const std::string& s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (*i + extra >= s.size()) extra = 0;  // a truncated sequence: its first byte alone
  uint32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += 1 + extra;
  return cp;
}

}  // namespace

z3::expr stringTerm(z3::context& ctx, const std::string& utf8, Unsupported* unsupported) {
  // Z3 reads `\u{HEX}` escapes in string literals; everything but plain
  // printable ASCII goes through one, so no byte is ever misread.
  std::string escaped;
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = nextCodePoint(utf8, &i);
    if (cp > kMaxSolverChar) {
      unsupported->addInexact("a text with a character past U+2FFFF");
      cp = '?';
    }
    if (cp >= 0x20 && cp < 0x7F && cp != '\\') {
      escaped.push_back(static_cast<char>(cp));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%x}", cp);
      escaped += buf;
    }
  }
  z3::expr term(ctx, Z3_mk_string(ctx, escaped.c_str()));
  ctx.check_error();
  return term;
}

bool stringFromModel(const z3::expr& value, std::string* utf8) {
  const std::string escaped = value.get_escaped_string();
  utf8->clear();
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && escaped.compare(i, 3, "\\u{") == 0) {
      size_t close = escaped.find('}', i);
      if (close == std::string::npos) return false;
      uint32_t cp = static_cast<uint32_t>(std::stoul(escaped.substr(i + 3, close - i - 3), nullptr, 16));
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      policy::appendUtf8(cp, utf8);
      i = close;
    } else {
      utf8->push_back(escaped[i]);
    }
  }
  return true;
}

z3::expr stringLess(const z3::expr& a, const z3::expr& b) {
  return z3::expr(a.ctx(), Z3_mk_str_lt(a.ctx(), a, b));
}

z3::expr stringLessEq(const z3::expr& a, const z3::expr& b) {
  return z3::expr(a.ctx(), Z3_mk_str_le(a.ctx(), a, b));
}

}  // namespace refrain::analysis
