// RFC 9651 §4.1: serializing Structured Field values. A value that has no
// serialization (a key or token with a forbidden character, a number out of
// range, a string outside printable ASCII) fails as a whole, as §4.1 says.
#include <cstdio>

#include "interop/structured_field.h"
#include "interop/structured_field_chars.h"

namespace refrain::interop::sf {

namespace {

constexpr int64_t kMaxInteger = 999'999'999'999'999;
constexpr int64_t kMaxDecimalThousandths = 999'999'999'999'999;  // 12 integer digits, 3 fractional

class Writer {
 public:
  Writer(std::string* out, std::string* error) : out_(out), error_(error) {}

  bool list(const List& l) {
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) *out_ += ", ";
      if (!member(l[i])) return false;
    }
    return true;
  }

  bool dictionary(const Dictionary& d) {
    for (size_t i = 0; i < d.size(); ++i) {
      if (i) *out_ += ", ";
      const auto& [name, value] = d[i];
      if (!key(name)) return false;
      // A member that is Boolean true is its key and parameters alone.
      const Item* it = std::get_if<Item>(&value);
      if (it && std::holds_alternative<bool>(it->value) && std::get<bool>(it->value)) {
        if (!params(it->params)) return false;
        continue;
      }
      *out_ += '=';
      if (!member(value)) return false;
    }
    return true;
  }

  bool item(const Item& i) { return bare(i.value) && params(i.params); }

 private:
  bool member(const ListMember& m) {
    if (const Item* i = std::get_if<Item>(&m)) return item(*i);
    const InnerList& l = std::get<InnerList>(m);
    *out_ += '(';
    for (size_t i = 0; i < l.items.size(); ++i) {
      if (i) *out_ += ' ';
      if (!item(l.items[i])) return false;
    }
    *out_ += ')';
    return params(l.params);
  }

  bool params(const Parameters& p) {
    for (const auto& [name, value] : p) {
      *out_ += ';';
      if (!key(name)) return false;
      if (std::holds_alternative<bool>(value) && std::get<bool>(value)) continue;
      *out_ += '=';
      if (!bare(value)) return false;
    }
    return true;
  }

  bool key(const std::string& k) {
    if (k.empty() || !isKeyStart(k[0])) return fail("a key begins with a-z or `*`: " + k);
    for (char c : k)
      if (!isKeyChar(c))
        return fail("a key holds only a-z, 0-9, `_`, `-`, `.` and `*`: " + k);
    *out_ += k;
    return true;
  }

  bool bare(const BareItem& v) {
    struct Visit {
      Writer& w;
      bool operator()(int64_t i) const { return w.integer(i); }
      bool operator()(const Decimal& d) const { return w.decimal(d); }
      bool operator()(const std::string& s) const { return w.string(s); }
      bool operator()(const Token& t) const { return w.token(t.name); }
      bool operator()(const ByteSequence& b) const { return w.bytes(b.bytes); }
      bool operator()(bool b) const { return *w.out_ += b ? "?1" : "?0", true; }
      bool operator()(const Date& d) const { return *w.out_ += '@', w.integer(d.seconds); }
      bool operator()(const DisplayString& d) const { return w.displayString(d.utf8); }
    };
    return std::visit(Visit{*this}, v);
  }

  bool integer(int64_t i) {
    if (i < -kMaxInteger || i > kMaxInteger) return fail("an integer has at most 15 digits");
    *out_ += std::to_string(i);
    return true;
  }

  bool decimal(const Decimal& d) {
    const int64_t t = d.thousandths;
    if (t < -kMaxDecimalThousandths || t > kMaxDecimalThousandths)
      return fail("a decimal has at most 12 digits before its point");
    const int64_t magnitude = t < 0 ? -t : t;
    if (t < 0) *out_ += '-';
    *out_ += std::to_string(magnitude / 1000);
    *out_ += '.';
    // Three places, trailing zeros dropped but one digit kept (§4.1.5).
    char places[4];
    std::snprintf(places, sizeof places, "%03d", static_cast<int>(magnitude % 1000));
    size_t keep = 3;
    while (keep > 1 && places[keep - 1] == '0') --keep;
    out_->append(places, keep);
    return true;
  }

  bool string(const std::string& s) {
    *out_ += '"';
    for (char c : s) {
      if (c < 0x20 || c > 0x7e) return fail("a string holds only printable ASCII; use a Display String");
      if (c == '"' || c == '\\') *out_ += '\\';
      *out_ += c;
    }
    *out_ += '"';
    return true;
  }

  bool token(const std::string& t) {
    if (t.empty() || !isTokenStart(t[0])) return fail("a token begins with a letter or `*`: " + t);
    for (char c : t)
      if (!isTokenChar(c)) return fail("a token holds only tchar, `:` and `/`: " + t);
    *out_ += t;
    return true;
  }

  bool bytes(const std::string& b) {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    *out_ += ':';
    size_t i = 0;
    for (; i + 3 <= b.size(); i += 3) {
      uint32_t n = uint32_t(uint8_t(b[i])) << 16 | uint32_t(uint8_t(b[i + 1])) << 8 | uint8_t(b[i + 2]);
      for (int shift : {18, 12, 6, 0}) *out_ += kAlphabet[(n >> shift) & 63];
    }
    if (size_t rest = b.size() - i) {
      uint32_t n = uint32_t(uint8_t(b[i])) << 16 | (rest == 2 ? uint32_t(uint8_t(b[i + 1])) << 8 : 0);
      *out_ += kAlphabet[(n >> 18) & 63];
      *out_ += kAlphabet[(n >> 12) & 63];
      *out_ += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
      *out_ += '=';
    }
    *out_ += ':';
    return true;
  }

  // §4.1.11: `%"`, then each UTF-8 byte as itself when printable ASCII other
  // than `%` and `"`, else as %xx in lower-case hex.
  bool displayString(const std::string& s) {
    static const char kHex[] = "0123456789abcdef";
    *out_ += "%\"";
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u == '%' || u == '"' || u < 0x20 || u > 0x7e) {
        *out_ += '%';
        *out_ += kHex[u >> 4];
        *out_ += kHex[u & 15];
      } else {
        *out_ += c;
      }
    }
    *out_ += '"';
    return true;
  }

  bool fail(const std::string& why) {
    *error_ = why;
    return false;
  }

  std::string* out_;
  std::string* error_;
};

// Runs `write` into a fresh text; on failure the text is left empty.
template <class Write>
bool serialize(std::string* out, std::string* error, const Write& write) {
  std::string text;
  Writer w(&text, error);
  if (!write(w)) return false;
  *out = std::move(text);
  return true;
}

}  // namespace

bool serializeList(const List& list, std::string* out, std::string* error) {
  return serialize(out, error, [&](Writer& w) { return w.list(list); });
}
bool serializeDictionary(const Dictionary& dict, std::string* out, std::string* error) {
  return serialize(out, error, [&](Writer& w) { return w.dictionary(dict); });
}
bool serializeItem(const Item& item, std::string* out, std::string* error) {
  return serialize(out, error, [&](Writer& w) { return w.item(item); });
}

}  // namespace refrain::interop::sf
