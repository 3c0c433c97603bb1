// The canonical decision JSON writer: hand-written so key order, spacing and escaping never vary.
#include "runtime/decision.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "runtime/json_bytes.h"
#include "runtime/money.h"

namespace refrain::runtime {

namespace {

// An append-only writer into a std::string through a buffer on the stack:
// bytes are copied with memcpy and reach the string in a few appends,
// because per-character string calls (and growing the string by resizing,
// which zero-fills) are what made the writer slow, most of all in
// WebAssembly, where libc++ does not inline its string members.
class JsonOut {
 public:
  explicit JsonOut(std::string* s) : s_(s) {}
  ~JsonOut() { flush(); }

  void raw(const char* p, size_t n) {
    if (used_ + n > sizeof buffer_) {
      flush();
      if (n > sizeof buffer_) {
        s_->append(p, n);
        return;
      }
    }
    if (n) std::memcpy(buffer_ + used_, p, n);  // an empty view may have a null data()
    used_ += n;
  }
  void raw(std::string_view v) { raw(v.data(), v.size()); }
  void byte(char c) {
    if (used_ == sizeof buffer_) flush();
    buffer_[used_++] = c;
  }

  // Room for `n` bytes at the returned address (n <= kRoom), made visible by commit().
  static constexpr size_t kRoom = 256;
  char* reserve(size_t n) {
    if (used_ + n > sizeof buffer_) flush();
    return buffer_ + used_;
  }
  void commit(size_t n) { used_ += n; }

  // `v` as a JSON string: quotes, and escapes only where JSON needs them.
  void string(std::string_view v) {
    // Nearly every string has nothing to escape and fits: checked and copied in one pass.
    if (v.size() + 10 <= sizeof buffer_ - used_) {
      char* at = buffer_ + used_;
      at[0] = '"';
      if (copyPlain(v, at + 1)) {
        at[1 + v.size()] = '"';
        used_ += v.size() + 2;
        return;
      }
    }
    escaped(v);
  }

  // Indentation is -1 for the compact one-line form.
  void newline(int indent) {
    if (indent < 0) return;
    commit(indentTo(reserve(kRoom), indent));
  }

  // A line break and `indent` spaces (at most kMaxIndentText bytes in all) at
  // `at`; returns their length.
  static constexpr size_t kMaxIndentText = 65;
  static size_t indentTo(char* at, int indent) {
    static const char kSpaces[kMaxIndentText + 1] = "\n                                                                ";
    const size_t n = 1 + std::min<size_t>(static_cast<size_t>(indent), kMaxIndentText - 1);
    std::memcpy(at, kSpaces, n);
    return n;
  }

  // memcpy for the short texts a decision holds, in fixed-size moves the
  // compiler makes inline (the last overlapping the one before), not a call.
  static void copyBytes(const char* p, size_t n, char* out) {
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) std::memcpy(out + i, p + i, 8);
      std::memcpy(out + n - 8, p + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(out, p, 4);
      std::memcpy(out + n - 4, p + n - 4, 4);
    } else {
      for (size_t i = 0; i < n; ++i) out[i] = p[i];
    }
  }

 private:
  // Copies `v` to `out`, which has room for v.size() + 8 bytes; true when no
  // byte of it needs escaping. Strings of 4 to 7 bytes (verdicts, short ids)
  // are checked as one word made of two overlapping halves, not byte by byte.
  static bool copyPlain(std::string_view v, char* out) {
    const char* p = v.data();
    const size_t n = v.size();
    if (n >= 8) return copyPlainJsonBytes(p, p + n, out) == n;
    if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      std::memcpy(out, &head, 4);
      std::memcpy(out + n - 4, &tail, 4);
      return jsonStopBytes(head | uint64_t{tail} << 32, false) == 0;
    }
    for (size_t i = 0; i < n; ++i) {
      if (jsonStopByte(static_cast<unsigned char>(p[i]), false)) return false;
      out[i] = p[i];
    }
    return true;
  }

  // string()'s slow path: a string with bytes to escape, or one too long for
  // the buffer's room. Kept out of line, so the fast path saves no registers for it.
  __attribute__((noinline)) void escaped(std::string_view v) {
    const char* end = v.data() + v.size();
    static const char kHex[] = "0123456789abcdef";
    byte('"');
    size_t run = 0;  // start of the stretch that needs no escaping
    for (size_t i = 0; i < v.size(); ++i) {
      i += plainJsonBytes(v.data() + i, end, false);
      if (i == v.size()) break;
      unsigned char u = static_cast<unsigned char>(v[i]);
      raw(v.data() + run, i - run);
      run = i + 1;
      switch (u) {
        case '"': raw("\\\"", 2); break;
        case '\\': raw("\\\\", 2); break;
        case '\n': raw("\\n", 2); break;
        case '\t': raw("\\t", 2); break;
        case '\r': raw("\\r", 2); break;
        case '\b': raw("\\b", 2); break;
        case '\f': raw("\\f", 2); break;
        default: {
          const char escape[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
          raw(escape, 6);
        }
      }
    }
    raw(v.data() + run, v.size() - run);
    byte('"');
  }

  void flush() {
    s_->append(buffer_, used_);
    used_ = 0;
  }

  std::string* s_;
  char buffer_[2048];
  size_t used_ = 0;
};

int deeper(int indent) { return indent < 0 ? indent : indent + 2; }

// Writes `"key": value` pairs of one object; keys are fixed identifiers that never need escaping.
class ObjectWriter {
 public:
  ObjectWriter(JsonOut& out, int indent) : out_(out), indent_(indent) { out_.byte('{'); }
  // `k` is a literal: a fixed identifier that never needs escaping.
  template <size_t N>
  void key(const char (&k)[N]) {
    out_.commit(keyTo(out_.reserve(JsonOut::kRoom), k));
  }
  template <size_t N>
  void str(const char (&k)[N], std::string_view v) {
    key(k);
    out_.string(v);
  }
  // A text the runtime proved plain is copied unchecked (plain()); any
  // other is checked and escaped as it is copied (str()).
  template <size_t N>
  __attribute__((always_inline)) void name(const char (&k)[N], const DecisionText& v) {
    if (std::optional<PlainText> p = v.plain()) return plain(k, *p);
    str(k, v);
  }
  // The one place a text reaches the output unchecked: only a PlainText,
  // which only its check and checked literals make (decision_text.h). A
  // short one (names all are) goes with its key after one room check.
  // Inline: a call would cost more than the check it saves.
  template <size_t N>
  __attribute__((always_inline)) void plain(const char (&k)[N], PlainText text) {
    static_assert(kMaxKeyText<N> + 2 + kShortName <= JsonOut::kRoom, "a key and a short name fit the room");
    const std::string_view v = text.text();
    if (v.size() > kShortName) return str(k, v);
    char* at = out_.reserve(JsonOut::kRoom);
    size_t n = keyTo(at, k);
    at[n] = '"';
    JsonOut::copyBytes(v.data(), v.size(), at + n + 1);
    at[n + 1 + v.size()] = '"';
    out_.commit(n + v.size() + 2);
  }
  template <size_t N>
  void money(const char (&k)[N], int64_t micros) {
    key(k);
    char* at = out_.reserve(kMaxMicrosText + 2);
    at[0] = '"';
    size_t n = formatMicrosTo(micros, at + 1);
    at[n + 1] = '"';
    out_.commit(n + 2);
  }
  void close() {
    if (!first_) out_.newline(indent_);
    out_.byte('}');
  }

 private:
  static constexpr size_t kShortName = 128;
  template <size_t N>
  static constexpr size_t kMaxKeyText = 1 + JsonOut::kMaxIndentText + (N - 1) + 4;

  // Comma, line break and indentation when pretty, quote, key, quote, colon
  // (and a space when pretty), made at `at` (room for kMaxKeyText<N>); returns their length.
  template <size_t N>
  size_t keyTo(char* at, const char (&k)[N]) {
    static_assert(kMaxKeyText<N> <= JsonOut::kRoom, "keys are short");
    constexpr size_t length = N - 1;
    size_t n = 0;
    if (!first_) at[n++] = ',';
    first_ = false;
    if (indent_ >= 0) n += JsonOut::indentTo(at + n, indent_ + 2);
    at[n] = '"';
    std::memcpy(at + n + 1, k, length);
    std::memcpy(at + n + 1 + length, "\": ", 3);
    return n + length + (indent_ < 0 ? 3 : 4);
  }

  JsonOut& out_;
  int indent_;
  bool first_ = true;
};

template <class T, class F>
void writeArray(JsonOut& out, int indent, const std::vector<T>& items, F&& writeItem) {
  if (items.empty()) {
    out.raw("[]", 2);
    return;
  }
  out.byte('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.byte(',');
    out.newline(deeper(indent));
    writeItem(items[i], deeper(indent));
  }
  out.newline(indent);
  out.byte(']');
}

}  // namespace

void appendJsonString(std::string_view s, std::string* out) {
  JsonOut(out).string(s);
}

namespace {

// One writer, over views: an owned Decision is written through viewOf(), so
// the WebAssembly module carries this code once.
void writeJson(const DecisionView& d, std::string* text, JsonStyle style) {
  JsonOut out(text);
  const int base = style == JsonStyle::kPretty ? 0 : -1;
  ObjectWriter top(out, base);
  static constexpr PlainText kAllow = PlainText::literal("allow"), kDeny = PlainText::literal("deny");
  top.plain("decision", d.allow ? kAllow : kDeny);
  top.name("use", d.use);
  top.str("work", d.work);
  top.key("reasons");
  writeArray(out, deeper(base), d.reasons, [&](const BasicReason<DecisionText>& r, int indent) {
    ObjectWriter o(out, indent);
    o.name("party", r.party);
    if (!r.policy.empty()) o.name("policy", r.policy);
    o.name("verdict", r.verdict);
    if (!r.rule.empty()) o.name("rule", r.rule);
    o.close();
  });
  top.key("duties");
  writeArray(out, deeper(base), d.duties, [&](const BasicDutyItem<DecisionText>& duty, int indent) {
    ObjectWriter o(out, indent);
    o.name("party", duty.party);
    o.name("duty", duty.duty);
    if (duty.hasText) o.str("text", duty.text);
    o.close();
  });
  top.key("payments");
  writeArray(out, deeper(base), d.payments, [&](const BasicCurrencyPayment<DecisionText>& p, int indent) {
    ObjectWriter o(out, indent);
    o.str("currency", p.currency);
    o.money("total", p.total);
    o.key("payees");
    writeArray(out, deeper(indent), p.payees, [&](const BasicPayeeAmount<DecisionText>& payee, int in) {
      ObjectWriter po(out, in);
      po.name("party", payee.party);
      po.money("amount", payee.micros);
      po.close();
    });
    o.key("terms");
    writeArray(out, deeper(indent), p.terms, [&](const BasicPaymentTerm<DecisionText>& term, int in) {
      ObjectWriter to(out, in);
      to.name("party", term.party);
      to.name("rule", term.rule);
      to.money("amount", term.micros);
      to.close();
    });
    o.close();
  });
  top.key("errors");
  writeArray(out, deeper(base), d.errors, [&](const BasicDecisionError<DecisionText>& e, int indent) {
    ObjectWriter o(out, indent);
    o.str("code", e.code);
    o.str("message", e.message);
    if (!e.policy.empty()) o.str("policy", e.policy);
    if (!e.rule.empty()) o.str("rule", e.rule);
    o.close();
  });
  top.close();
  out.byte('\n');
}

DecisionView viewOf(const Decision& d) {
  DecisionView v;
  v.allow = d.allow;
  v.use = d.use;
  v.work = d.work;
  for (const auto& r : d.reasons) v.reasons.push_back({r.party, r.policy, r.verdict, r.rule});
  for (const auto& t : d.duties) v.duties.push_back({t.party, t.duty, t.hasText, t.text});
  for (const auto& p : d.payments) {
    BasicCurrencyPayment<DecisionText> c{p.currency, p.total, {}, {}};
    for (const auto& payee : p.payees) c.payees.push_back({payee.party, payee.micros});
    for (const auto& term : p.terms) c.terms.push_back({term.party, term.rule, term.micros});
    v.payments.push_back(std::move(c));
  }
  for (const auto& e : d.errors) v.errors.push_back({e.code, e.message, e.policy, e.rule});
  return v;
}

}  // namespace

void writeDecisionJson(const Decision& d, std::string* text, JsonStyle style) { writeJson(viewOf(d), text, style); }
void writeDecisionJson(const DecisionView& d, std::string* text, JsonStyle style) { writeJson(d, text, style); }

Decision ownedDecision(const DecisionView& v) {
  auto own = [](std::string_view s) { return std::string(s); };
  Decision d;
  d.allow = v.allow;
  d.use = own(v.use);
  d.work = own(v.work);
  for (const auto& r : v.reasons) d.reasons.push_back({own(r.party), own(r.policy), own(r.verdict), own(r.rule)});
  for (const auto& t : v.duties) d.duties.push_back({own(t.party), own(t.duty), t.hasText, own(t.text)});
  for (const auto& p : v.payments) {
    CurrencyPayment c{own(p.currency), p.total, {}, {}};
    for (const auto& payee : p.payees) c.payees.push_back({own(payee.party), payee.micros});
    for (const auto& term : p.terms) c.terms.push_back({own(term.party), own(term.rule), term.micros});
    d.payments.push_back(std::move(c));
  }
  for (const auto& e : v.errors) d.errors.push_back({own(e.code), own(e.message), own(e.policy), own(e.rule)});
  return d;
}

}  // namespace refrain::runtime
