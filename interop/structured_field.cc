#include "interop/structured_field.h"

#include <unordered_map>

#include "interop/structured_field_chars.h"

namespace refrain::interop::sf {

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string* error) : s_(text), error_(error) {}

  bool list(List* out) {
    return members("list", [&] {
      ListMember m;
      if (!member(&m)) return false;
      out->push_back(std::move(m));
      return true;
    });
  }

  bool dictionary(Dictionary* out) {
    std::unordered_map<std::string, size_t> at;  // where each key is in `out`: no scan per member
    for (size_t n = 0; n < out->size(); ++n) at.emplace((*out)[n].first, n);
    return members("dictionary", [&] {
      std::string k;
      if (!key(&k)) return false;
      ListMember m;
      if (more() && s_[i_] == '=') {
        ++i_;
        if (!member(&m)) return false;
      } else {
        Item it;
        it.value = true;
        if (!params(&it.params)) return false;
        m = std::move(it);
      }
      // A key given twice keeps its place and takes the later value.
      auto [it, fresh] = at.emplace(k, out->size());
      if (fresh) out->emplace_back(std::move(k), std::move(m));
      else (*out)[it->second].second = std::move(m);
      return true;
    });
  }

  bool item(Item* out) {
    skipSp();
    if (!bareItem(&out->value) || !params(&out->params)) return false;
    skipSp();
    if (more()) return fail("unexpected text after the item");
    return true;
  }

 private:
  bool more() const { return i_ < s_.size(); }
  // Members separated by `,` and optional whitespace, up to the end of the
  // text (§4.2.1, §4.2.2); `readOne` reads one. `what` names the structure.
  template <class ReadOne>
  bool members(const char* what, const ReadOne& readOne) {
    skipSp();
    while (more()) {
      if (!readOne()) return false;
      skipOws();
      if (!more()) return done();
      if (s_[i_] != ',') return fail(std::string("expected `,` between ") + what + " members");
      ++i_;
      skipOws();
      if (!more()) return fail(std::string("a ") + what + " may not end with `,`");
    }
    return done();
  }

  bool done() { return true; }
  bool fail(const std::string& why) {
    *error_ = "at offset " + std::to_string(i_) + ": " + why;
    return false;
  }
  void skipSp() {
    while (more() && s_[i_] == ' ') ++i_;
  }
  void skipOws() {
    while (more() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }

  bool member(ListMember* out) {
    if (more() && s_[i_] == '(') {
      InnerList inner;
      if (!innerList(&inner)) return false;
      *out = std::move(inner);
      return true;
    }
    Item it;
    if (!bareItem(&it.value) || !params(&it.params)) return false;
    *out = std::move(it);
    return true;
  }

  bool innerList(InnerList* out) {
    ++i_;  // (
    while (more()) {
      skipSp();
      if (more() && s_[i_] == ')') {
        ++i_;
        return params(&out->params);
      }
      Item it;
      if (!bareItem(&it.value) || !params(&it.params)) return false;
      out->items.push_back(std::move(it));
      if (!more() || (s_[i_] != ' ' && s_[i_] != ')')) return fail("expected a space or `)` in an inner list");
    }
    return fail("an inner list is not closed with `)`");
  }

  bool params(Parameters* out) {
    while (more() && s_[i_] == ';') {
      ++i_;
      skipSp();
      std::string k;
      if (!key(&k)) return false;
      BareItem v = true;
      if (more() && s_[i_] == '=') {
        ++i_;
        if (!bareItem(&v)) return false;
      }
      bool replaced = false;
      for (auto& [name, value] : *out)
        if (name == k) value = v, replaced = true;
      if (!replaced) out->emplace_back(std::move(k), std::move(v));
    }
    return true;
  }

  bool key(std::string* out) {
    if (!more() || !isKeyStart(s_[i_])) return fail("expected a key (a lowercase letter or `*`)");
    size_t start = i_;
    while (more() && isKeyChar(s_[i_])) ++i_;
    out->assign(s_.substr(start, i_ - start));
    return true;
  }

  bool bareItem(BareItem* out) {
    if (!more()) return fail("expected an item");
    char c = s_[i_];
    if (c == '-' || isDigit(c)) return number(out);
    if (c == '"') return string(out);
    if (isTokenStart(c)) return token(out);
    if (c == ':') return bytes(out);
    if (c == '?') return boolean(out);
    if (c == '@') return date(out);
    if (c == '%') return displayString(out);
    return fail("expected an item");
  }

  // §4.2.4: integers of at most 15 digits, decimals of at most 12 + 3.
  bool number(BareItem* out, bool integerOnly = false) {
    bool negative = false;
    if (s_[i_] == '-') negative = true, ++i_;
    if (!more() || !isDigit(s_[i_])) return fail("expected a digit");
    int64_t whole = 0;
    int digits = 0;
    while (more() && isDigit(s_[i_])) {
      if (++digits > 15) return fail("an integer has at most 15 digits");
      whole = whole * 10 + (s_[i_++] - '0');
    }
    if (!more() || s_[i_] != '.' || integerOnly) {
      *out = negative ? -whole : whole;
      return true;
    }
    if (digits > 12) return fail("a decimal has at most 12 digits before `.`");
    ++i_;
    int fraction = 0, fractionDigits = 0;
    while (more() && isDigit(s_[i_])) {
      if (++fractionDigits > 3) return fail("a decimal has at most 3 digits after `.`");
      fraction = fraction * 10 + (s_[i_++] - '0');
    }
    if (fractionDigits == 0) return fail("a decimal needs a digit after `.`");
    while (fractionDigits++ < 3) fraction *= 10;
    int64_t value = whole * 1000 + fraction;
    *out = Decimal{negative ? -value : value};
    return true;
  }

  bool string(BareItem* out) {
    ++i_;
    std::string value;
    while (more()) {
      char c = s_[i_++];
      if (c == '\\') {
        if (!more()) return fail("a string ends inside an escape");
        char next = s_[i_++];
        if (next != '"' && next != '\\') return fail("a string escapes only `\"` and `\\`");
        value += next;
      } else if (c == '"') {
        *out = std::move(value);
        return true;
      } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
        --i_;
        return fail("a string holds only printable ASCII");
      } else {
        value += c;
      }
    }
    return fail("a string is not closed");
  }

  bool token(BareItem* out) {
    size_t start = i_++;
    while (more() && isTokenChar(s_[i_])) ++i_;
    *out = Token{std::string(s_.substr(start, i_ - start))};
    return true;
  }

  bool bytes(BareItem* out) {
    size_t start = ++i_;
    while (more() && s_[i_] != ':') ++i_;
    if (!more()) return fail("a byte sequence is not closed with `:`");
    std::string_view b64 = s_.substr(start, i_ - start);
    ++i_;
    std::string decoded;
    if (!decodeBase64(b64, &decoded)) return fail("a byte sequence is not base64");
    *out = ByteSequence{std::move(decoded)};
    return true;
  }

  bool boolean(BareItem* out) {
    ++i_;
    if (more() && (s_[i_] == '0' || s_[i_] == '1')) {
      *out = s_[i_++] == '1';
      return true;
    }
    return fail("a boolean is ?0 or ?1");
  }

  bool date(BareItem* out) {
    ++i_;
    BareItem n;
    if (!more() || !number(&n, true)) return more() ? false : fail("expected a date's integer");
    *out = Date{std::get<int64_t>(n)};
    return true;
  }

  bool displayString(BareItem* out) {
    ++i_;
    if (!more() || s_[i_] != '"') return fail("a display string starts with %\"");
    ++i_;
    std::string bytes;
    while (more()) {
      char c = s_[i_++];
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
        --i_;
        return fail("a display string holds only printable ASCII");
      }
      if (c == '%') {
        int hi = hex(), lo = hi < 0 ? -1 : hex();
        if (hi < 0 || lo < 0) return fail("a display string's % is followed by two lowercase hex digits");
        bytes += static_cast<char>(hi * 16 + lo);
      } else if (c == '"') {
        if (!validUtf8(bytes)) return fail("a display string is not UTF-8");
        *out = DisplayString{std::move(bytes)};
        return true;
      } else {
        bytes += c;
      }
    }
    return fail("a display string is not closed");
  }

  int hex() {
    if (!more()) return -1;
    char c = s_[i_];
    int v = isDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (v >= 0) ++i_;
    return v;
  }

  static bool validUtf8(std::string_view s) {
    static const uint32_t kLeast[] = {0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; i < s.size();) {
      unsigned char c = s[i];
      int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
      if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) return false;
      uint32_t code = extra == 0 ? c : c & (0x3F >> extra);
      for (int k = 1; k <= extra; ++k) {
        unsigned char next = s[i + k];
        if ((next >> 6) != 2) return false;
        code = code << 6 | (next & 0x3F);
      }
      if (code < kLeast[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
      i += extra + 1;
    }
    return true;
  }

  static bool decodeBase64(std::string_view text, std::string* out) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t bits = 0;
    int count = 0;
    size_t padding = 0;
    for (char c : text) {
      if (c == '=') {
        ++padding;
        continue;
      }
      if (padding) return false;  // nothing after padding
      size_t v = kAlphabet.find(c);
      if (v == std::string_view::npos) return false;
      bits = bits << 6 | static_cast<uint32_t>(v);
      count += 6;
      if (count >= 8) {
        count -= 8;
        out->push_back(static_cast<char>((bits >> count) & 0xFF));
      }
    }
    return padding <= 2;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string* error_;
};

}  // namespace

bool parseList(std::string_view text, List* out, std::string* error) { return Parser(text, error).list(out); }
bool parseDictionary(std::string_view text, Dictionary* out, std::string* error) {
  return Parser(text, error).dictionary(out);
}
bool parseItem(std::string_view text, Item* out, std::string* error) { return Parser(text, error).item(out); }

}  // namespace refrain::interop::sf
