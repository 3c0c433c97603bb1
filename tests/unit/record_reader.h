// Test support: reads a decision record (runtime/decision_record.h) back
// into a decision, as a host would, from the layout docs/wasm.md documents.
// Throws std::runtime_error on anything a host could not read.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/decision.h"
#include "runtime/decision_record.h"
#include "runtime/money.h"
#include "runtime/refrain.h"

namespace refrain::testing {

namespace rt = refrain::runtime;

// Reads a record as a host would, from the documented layout alone. `name`
// gives the text of a name number (false for one the bundle lacks).
class RecordReader {
 public:
  using NameLookup = std::function<bool(uint32_t id, std::string_view* text)>;

  RecordReader(const rf_record& record, NameLookup name) : r_(record), name_(std::move(name)) {}
  // Through the C API: rf_bundle_name.
  RecordReader(const rf_bundle* bundle, const rf_record& record)
      : RecordReader(record, [bundle](uint32_t id, std::string_view* text) {
          const char* at = nullptr;
          size_t length = 0;
          if (!rf_bundle_name(bundle, id, &at, &length)) return false;
          *text = std::string_view(at, length);
          return true;
        }) {}

  rt::Decision read() {
    if (next() != rt::kDecisionRecordVersion) throw std::runtime_error("unknown record version");
    const uint32_t flags = next();
    rt::Decision d;
    d.allow = flags & rt::kRecordAllow;
    d.use = text();
    d.work = text();
    for (uint32_t n = next(); n; --n) {
      rt::Reason reason;
      reason.party = text(), reason.policy = text(), reason.verdict = text(), reason.rule = text();
      d.reasons.push_back(reason);
    }
    for (uint32_t n = next(); n; --n) {
      rt::DutyItem duty;
      duty.party = text(), duty.duty = text(), duty.hasText = next() != 0, duty.text = text();
      d.duties.push_back(duty);
    }
    for (uint32_t n = next(); n; --n) {
      rt::CurrencyPayment p;
      p.currency = text();
      p.total = micros(text());
      for (uint32_t k = next(); k; --k) {
        std::string party = text();
        p.payees.push_back({party, micros(text())});
      }
      for (uint32_t k = next(); k; --k) {
        std::string party = text(), rule = text();
        p.terms.push_back({party, rule, micros(text())});
      }
      d.payments.push_back(p);
    }
    for (uint32_t n = next(); n; --n) {
      rt::DecisionError e;
      e.code = text(), e.message = text(), e.policy = text(), e.rule = text();
      d.errors.push_back(e);
    }
    if (at_ != r_.count) throw std::runtime_error("words left over");
    bool ascii = true;
    for (size_t i = 0; i < r_.texts_len; ++i) ascii = ascii && static_cast<unsigned char>(r_.texts[i]) < 0x80;
    if (ascii != ((flags & rt::kRecordAsciiTexts) != 0)) throw std::runtime_error("wrong ASCII flag");
    return d;
  }

  size_t namesRead = 0, textsCopied = 0;

 private:
  uint32_t next() {
    if (at_ >= r_.count) throw std::runtime_error("record ends early");
    return r_.words[at_++];
  }
  std::string text() {
    const uint32_t a = next(), b = next();
    if (a & 1) {
      std::string_view name;
      if (b != 0 || !name_(a >> 1, &name)) throw std::runtime_error("bad name number");
      ++namesRead;
      return std::string(name);
    }
    if (b > r_.texts_len || (a >> 1) > r_.texts_len - b) throw std::runtime_error("text outside the area");
    textsCopied += a != 0;
    return std::string(r_.texts + b, a >> 1);
  }
  // Money comes as the JSON's text; the test writes it again from micros, so it must parse back exactly.
  static int64_t micros(const std::string& text) {
    int64_t m = 0;
    if (!rt::parseDecimalMicros(text, 6, &m)) throw std::runtime_error("bad amount `" + text + "`");
    return m;
  }

  const rf_record r_;
  NameLookup name_;
  size_t at_ = 0;
};

}  // namespace refrain::testing
