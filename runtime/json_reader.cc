// The streaming JSON reader for any handler of JsonEvents, and the lexer's
// rarer paths: escapes, UTF-8 and malformed strings.
#include "runtime/json_reader.h"

#include "runtime/json_reader_impl.h"

namespace refrain::runtime {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// Past the plain ASCII run that string() read: escapes are decoded into
// buffer_ (from the string's start), UTF-8 is checked.
bool JsonLexer::stringTail(const char* start, std::string_view* out) {
  const char* run = start;  // plain bytes not yet copied into buffer_
  bool escaped = false;
  for (;;) {
    p_ += plainJsonBytes(p_, end_, true);
    if (p_ >= end_) return false;
    unsigned char c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      if (escaped) buffer_.append(run, p_ - run);
      *out = escaped ? std::string_view(buffer_) : std::string_view(start, p_ - start);
      ++p_;
      return true;
    }
    if (c < 0x20) return false;
    if (c == '\\') {
      if (!escaped) buffer_.clear();
      escaped = true;
      buffer_.append(run, p_ - run);
      ++p_;
      if (!escape()) return false;
      run = p_;
      continue;
    }
    size_t len = utf8Sequence();
    if (len == 0) return false;
    p_ += len;
  }
}

bool JsonLexer::hex4(uint32_t* out) {
  if (end_ - p_ < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    int h = hexValue(p_[i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  p_ += 4;
  *out = v;
  return true;
}

void JsonLexer::appendUtf8(uint32_t cp) {
  if (cp < 0x80) {
    buffer_ += static_cast<char>(cp);
  } else if (cp < 0x800) {
    buffer_ += static_cast<char>(0xC0 | (cp >> 6));
    buffer_ += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    buffer_ += static_cast<char>(0xE0 | (cp >> 12));
    buffer_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buffer_ += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    buffer_ += static_cast<char>(0xF0 | (cp >> 18));
    buffer_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buffer_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buffer_ += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// After a backslash: one escape, decoded into buffer_.
bool JsonLexer::escape() {
  if (p_ >= end_) return false;
  char c = *p_++;
  switch (c) {
    case '"': buffer_ += '"'; return true;
    case '\\': buffer_ += '\\'; return true;
    case '/': buffer_ += '/'; return true;
    case 'b': buffer_ += '\b'; return true;
    case 'f': buffer_ += '\f'; return true;
    case 'n': buffer_ += '\n'; return true;
    case 'r': buffer_ += '\r'; return true;
    case 't': buffer_ += '\t'; return true;
    case 'u': break;
    default: return false;
  }
  uint32_t cp;
  if (!hex4(&cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
    p_ += 2;
    if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  appendUtf8(cp);
  return true;
}

// Length of the valid UTF-8 sequence at p_ (lead byte >= 0x80), or 0.
size_t JsonLexer::utf8Sequence() const {
  unsigned char c = static_cast<unsigned char>(*p_);
  size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (len == 0 || static_cast<size_t>(end_ - p_) < len) return 0;
  unsigned char c1 = static_cast<unsigned char>(p_[1]);
  // Reject overlong forms, surrogates and code points beyond U+10FFFF.
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
    return 0;
  for (size_t i = 1; i < len; ++i)
    if ((static_cast<unsigned char>(p_[i]) & 0xC0) != 0x80) return 0;
  return len;
}

JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer,
                    std::vector<char>& stack) {
  return JsonReader<JsonEvents>(text, events, buffer, stack).run(maxDepth);
}

JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer) {
  std::vector<char> stack;
  return readJson(text, events, maxDepth, buffer, stack);
}

}  // namespace refrain::runtime
