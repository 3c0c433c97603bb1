// Test support: reads a decision record (runtime/decision_record.h) back
// into a decision, as a host would, walking the layout's one definition
// (runtime/record_layout.h, which docs/wasm.md's table is generated from)
// and taking each field by its name there: a writer that puts a field
// elsewhere, or a table that moves one, reads back as another decision.
// Throws std::runtime_error (or std::out_of_range, for a name the table
// lacks) on anything a host could not read.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "refrain/refrain.h"
#include "runtime/decision.h"
#include "runtime/decision_record.h"
#include "runtime/record_layout.h"
#include "runtime/money.h"

namespace refrain::testing {

namespace rt = refrain::runtime;
namespace rl = refrain::runtime::record_layout;

// Reads a record as a host would, from the layout's tables alone. `name`
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
    const Fields record = item(rl::Item::kDecision);
    if (record.words.at("version") != rl::kVersion) throw std::runtime_error("unknown record version");
    const uint32_t flags = record.words.at("flags");
    rt::Decision d;
    d.allow = flags & rl::kFlagAllow;
    d.use = record.texts.at("use");
    d.work = record.texts.at("work");
    for (const Fields& f : record.lists.at("reasons"))
      d.reasons.push_back({f.texts.at("party"), f.texts.at("policy"), f.texts.at("verdict"), f.texts.at("rule")});
    for (const Fields& f : record.lists.at("duties"))
      d.duties.push_back({f.texts.at("party"), f.texts.at("duty"), f.words.at("has_text") != 0, f.texts.at("text")});
    for (const Fields& f : record.lists.at("payments")) {
      rt::CurrencyPayment p;
      p.currency = f.texts.at("currency");
      p.total = micros(f.texts.at("total"));
      for (const Fields& payee : f.lists.at("payees")) p.payees.push_back({payee.texts.at("party"), micros(payee.texts.at("amount"))});
      for (const Fields& term : f.lists.at("terms"))
        p.terms.push_back({term.texts.at("party"), term.texts.at("rule"), micros(term.texts.at("amount"))});
      d.payments.push_back(p);
    }
    for (const Fields& f : record.lists.at("errors"))
      d.errors.push_back({f.texts.at("code"), f.texts.at("message"), f.texts.at("policy"), f.texts.at("rule")});
    if (at_ != r_.count) throw std::runtime_error("words left over");
    bool ascii = true;
    for (size_t i = 0; i < r_.texts_len; ++i) ascii = ascii && static_cast<unsigned char>(r_.texts[i]) < 0x80;
    if (ascii != ((flags & rl::kFlagAsciiTexts) != 0)) throw std::runtime_error("wrong ASCII flag");
    return d;
  }

  size_t namesRead = 0, textsCopied = 0;

 private:
  // One item's fields by name, read in the order its table gives.
  struct Fields {
    std::map<std::string_view, uint32_t> words;
    std::map<std::string_view, std::string> texts;
    std::map<std::string_view, std::vector<Fields>> lists;
  };

  Fields item(rl::Item which) {
    Fields out;
    for (const rl::Field& f : rl::fieldsOf(which)) {
      switch (f.kind) {
        case rl::Kind::kWord: out.words[f.name] = next(); break;
        case rl::Kind::kText: out.texts[f.name] = text(); break;
        case rl::Kind::kList: {
          std::vector<Fields>& items = out.lists[f.name];
          for (uint32_t n = next(); n; --n) items.push_back(item(f.item));
          break;
        }
      }
    }
    return out;
  }

  uint32_t next() {
    if (at_ >= r_.count) throw std::runtime_error("record ends early");
    return r_.words[at_++];
  }
  std::string text() {
    static_assert(rl::kTextWords == 2, "a text is read as two words here");
    const uint32_t a = next(), b = next();
    if (a & rl::kNameTag) {
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
