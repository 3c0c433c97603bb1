#include "interop/json_position.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "policy/utf8.h"

namespace refrain::interop {
namespace {

constexpr size_t kNone = std::string_view::npos;

struct Found {
  size_t key = kNone;
  size_t value = kNone;
};

// Reads JSON text the parser has already accepted, so it only needs to be
// safe (never past the end) on anything else, not to diagnose it.
class Walker {
 public:
  explicit Walker(std::string_view text, bool firstWins = false) : text_(text), firstWins_(firstWins) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
  }

  // Follows `tokens` from the document's root.
  Found follow(const std::vector<std::string>& tokens) {
    Found found;
    skipSpace();
    found.value = at_;
    for (const std::string& token : tokens) {
      if (!step(token, &found)) return Found();
      at_ = found.value;
    }
    return found;
  }

  // The opening quote of the second `key` in the object that starts at `at_`.
  size_t secondKey(const std::string& key) {
    skipSpace();
    if (peek() != '{') return kNone;
    ++at_;
    int seen = 0;
    while (true) {
      skipSpace();
      size_t keyAt = at_;
      std::string k;
      if (!readString(&k) || !expect(':')) return kNone;
      if (k == key && ++seen == 2) return keyAt;
      if (!skipValue()) return kNone;
      if (!expect(',')) return kNone;
    }
  }

 private:
  bool more() const { return at_ < text_.size(); }
  char peek() const { return more() ? text_[at_] : '\0'; }

  void skipSpace() {
    while (more() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++at_;
  }

  bool expect(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++at_;
    return true;
  }

  // Into the member `token` of the object, or the element `token` of the
  // array, that starts at `at_`.
  bool step(const std::string& token, Found* found) {
    skipSpace();
    if (peek() == '{') return member(token, found);
    if (peek() == '[') return element(token, found);
    return false;
  }

  bool member(const std::string& token, Found* found) {
    ++at_;
    Found last;
    skipSpace();
    if (peek() == '}') return false;
    while (true) {
      skipSpace();
      size_t keyAt = at_;
      std::string key;
      if (!readString(&key) || !expect(':')) return false;
      skipSpace();
      // The last of a repeated key wins, as in nlohmann/json's tree, unless
      // told otherwise; then what follows the first need not even be read.
      if (key == token) {
        last = Found{keyAt, at_};
        if (firstWins_) break;
      }
      if (!skipValue()) return false;
      skipSpace();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() != '}') return false;
      break;
    }
    if (last.value == kNone) return false;
    *found = last;
    return true;
  }

  bool element(const std::string& token, Found* found) {
    size_t index = 0;
    if (!parseIndex(token, &index)) return false;
    ++at_;
    skipSpace();
    if (peek() == ']') return false;
    for (size_t i = 0;; ++i) {
      skipSpace();
      if (i == index) {
        *found = Found{kNone, at_};
        return true;
      }
      if (!skipValue()) return false;
      if (!expect(',')) return false;
    }
  }

  // RFC 6901: an index is "0" or digits without a leading zero.
  static bool parseIndex(const std::string& token, size_t* out) {
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0')) return false;
    size_t n = 0;
    for (char c : token) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    *out = n;
    return true;
  }

  // A string at `at_`, its escapes decoded to UTF-8 into `out` when given.
  bool readString(std::string* out) {
    if (peek() != '"') return false;
    ++at_;
    while (more()) {
      char c = text_[at_++];
      if (c == '"') return true;
      if (c != '\\') {
        if (out) out->push_back(c);
        continue;
      }
      if (!more()) return false;
      char e = text_[at_++];
      uint32_t code = 0;
      switch (e) {
        case '"': case '\\': case '/': code = static_cast<uint32_t>(e); break;
        case 'b': code = '\b'; break;
        case 'f': code = '\f'; break;
        case 'n': code = '\n'; break;
        case 'r': code = '\r'; break;
        case 't': code = '\t'; break;
        case 'u':
          if (!readEscapedCodePoint(&code)) return false;
          break;
        default: return false;
      }
      if (out) policy::appendUtf8(code, out);
    }
    return false;
  }

  // After `\u`: four hex digits, and a second `\uXXXX` when they are a high surrogate.
  bool readEscapedCodePoint(uint32_t* code) {
    if (!readHex4(code)) return false;
    if (*code < 0xD800 || *code > 0xDBFF) return *code < 0xDC00 || *code > 0xDFFF;
    uint32_t low = 0;
    if (text_.substr(at_, 2) != "\\u") return false;
    at_ += 2;
    if (!readHex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
    *code = 0x10000 + ((*code - 0xD800) << 10) + (low - 0xDC00);
    return true;
  }

  bool readHex4(uint32_t* out) {
    if (text_.size() - at_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[at_++];
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return false;
      v = v * 16 + static_cast<uint32_t>(digit);
    }
    *out = v;
    return true;
  }

  // Past the value at `at_`. Nested containers are counted, not recursed
  // into, so a deep document cannot exhaust the stack.
  bool skipValue() {
    skipSpace();
    if (peek() == '"') return readString(nullptr);
    if (peek() != '{' && peek() != '[') {
      size_t start = at_;
      while (more() && std::string_view(",]} \t\n\r").find(peek()) == kNone) ++at_;
      return at_ > start;
    }
    size_t depth = 0;
    while (more()) {
      char c = peek();
      if (c == '"') {
        if (!readString(nullptr)) return false;
        continue;
      }
      ++at_;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return true;
    }
    return false;
  }

  std::string_view text_;
  bool firstWins_;
  size_t at_ = 0;
};

// RFC 6901: "/a~1b/0" is the tokens "a/b" and "0"; "" is the whole document.
bool pointerTokens(std::string_view pointer, std::vector<std::string>* out) {
  if (pointer.empty()) return true;
  if (pointer[0] != '/') return false;
  std::string token;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      out->push_back(token);
      token.clear();
      continue;
    }
    if (pointer[i] != '~') {
      token.push_back(pointer[i]);
      continue;
    }
    if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return false;
    token.push_back(pointer[++i] == '0' ? '~' : '/');
  }
  return true;
}

Found locate(std::string_view text, std::string_view pointer) {
  std::vector<std::string> tokens;
  if (!pointerTokens(pointer, &tokens)) return Found();
  return Walker(text).follow(tokens);
}

}  // namespace

size_t jsonValueOffset(std::string_view text, std::string_view pointer) { return locate(text, pointer).value; }

size_t jsonKeyOffset(std::string_view text, std::string_view pointer) { return locate(text, pointer).key; }

size_t jsonRepeatedKeyOffset(std::string_view text, std::string_view objectPointer, std::string_view key) {
  std::vector<std::string> tokens;
  if (!pointerTokens(objectPointer, &tokens)) return kNone;
  Walker walker(text, true);
  if (walker.follow(tokens).value == kNone) return kNone;
  return walker.secondKey(std::string(key));
}

LineColumn lineColumnAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  LineColumn out;
  size_t lineStart = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++out.line;
      lineStart = i + 1;
    }
  out.column = offset - lineStart + 1;
  return out;
}

std::string positionText(std::string_view fileName, std::string_view text, size_t offset) {
  LineColumn at = lineColumnAt(text, offset);
  return std::string(fileName) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace refrain::interop
