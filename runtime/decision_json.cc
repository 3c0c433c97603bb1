// The canonical decision JSON writer: hand-written so key order, spacing and escaping never vary.
#include "runtime/decision.h"

#include "runtime/money.h"

namespace refrain::runtime {

void appendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the current stretch that needs no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(s[i]);
    if (u >= 0x23 && u != '\\') continue;  // the common case: one or two tests per byte
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (u) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      case '\r': *out += "\\r"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        *out += "\\u00";
        out->push_back(kHex[u >> 4]);
        out->push_back(kHex[u & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

namespace {

// Writes `"key": ` then the value; objects are written one key per call.
// Indentation is -1 for the compact one-line form.
void newline(std::string* out, int indent) {
  if (indent < 0) return;
  out->push_back('\n');
  out->append(indent, ' ');
}

int deeper(int indent) { return indent < 0 ? indent : indent + 2; }

class ObjectWriter {
 public:
  ObjectWriter(std::string* out, int indent) : out_(out), indent_(indent) { *out_ += "{"; }
  // Keys are fixed identifiers that never need escaping.
  void key(std::string_view k) {
    if (!first_) out_->push_back(',');
    first_ = false;
    newline(out_, deeper(indent_));
    out_->push_back('"');
    out_->append(k.data(), k.size());
    out_->append(indent_ < 0 ? "\":" : "\": ");
  }
  void str(std::string_view k, std::string_view v) { key(k); appendJsonString(v, out_); }
  void money(std::string_view k, int64_t micros) { key(k); appendJsonString(formatMicros(micros), out_); }
  void close() {
    if (!first_) newline(out_, indent_);
    *out_ += "}";
  }

 private:
  std::string* out_;
  int indent_;
  bool first_ = true;
};

template <class T, class F>
void writeArray(std::string* out, int indent, const std::vector<T>& items, F&& writeItem) {
  if (items.empty()) {
    *out += "[]";
    return;
  }
  *out += "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) *out += ",";
    newline(out, deeper(indent));
    writeItem(items[i], deeper(indent));
  }
  newline(out, indent);
  *out += "]";
}

}  // namespace

void writeDecisionJson(const Decision& d, std::string* out, JsonStyle style) {
  const int base = style == JsonStyle::kPretty ? 0 : -1;
  ObjectWriter top(out, base);
  top.str("decision", d.allow ? "allow" : "deny");
  top.str("use", d.use);
  top.str("work", d.work);
  top.key("reasons");
  writeArray(out, deeper(base), d.reasons, [&](const Reason& r, int indent) {
    ObjectWriter o(out, indent);
    o.str("party", r.party);
    if (!r.policy.empty()) o.str("policy", r.policy);
    o.str("verdict", r.verdict);
    if (!r.rule.empty()) o.str("rule", r.rule);
    o.close();
  });
  top.key("duties");
  writeArray(out, deeper(base), d.duties, [&](const DutyItem& duty, int indent) {
    ObjectWriter o(out, indent);
    o.str("party", duty.party);
    o.str("duty", duty.duty);
    if (duty.hasText) o.str("text", duty.text);
    o.close();
  });
  top.key("payments");
  writeArray(out, deeper(base), d.payments, [&](const CurrencyPayment& p, int indent) {
    ObjectWriter o(out, indent);
    o.str("currency", p.currency);
    o.money("total", p.total);
    o.key("payees");
    writeArray(out, deeper(indent), p.payees, [&](const PayeeAmount& payee, int in) {
      ObjectWriter po(out, in);
      po.str("party", payee.party);
      po.money("amount", payee.micros);
      po.close();
    });
    o.key("terms");
    writeArray(out, deeper(indent), p.terms, [&](const PaymentTerm& term, int in) {
      ObjectWriter to(out, in);
      to.str("party", term.party);
      to.str("rule", term.rule);
      to.money("amount", term.micros);
      to.close();
    });
    o.close();
  });
  top.key("errors");
  writeArray(out, deeper(base), d.errors, [&](const DecisionError& e, int indent) {
    ObjectWriter o(out, indent);
    o.str("code", e.code);
    o.str("message", e.message);
    if (!e.policy.empty()) o.str("policy", e.policy);
    if (!e.rule.empty()) o.str("rule", e.rule);
    o.close();
  });
  top.close();
  *out += "\n";
}

}  // namespace refrain::runtime
