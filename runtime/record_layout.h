// The decision record's layout (decision_record.h), defined once. The
// writer's size count is derived from these tables; everything else that
// knows the layout is generated from them or tested against them:
//  - tests/gen/record_layout_gen.cc prints wasm/js/record_layout.mjs (the JS
//    reader's constants and this same table) and the table in docs/wasm.md;
//    tests/cli/record_layout_test.sh fails when either differs from it;
//  - tests/unit/record_reader.h reads records by walking these tables, so the
//    writer's field order is checked against them on every decision it reads
//    back (decision_record_test, the fuzz targets);
//  - wasm/js/test/record_layout.test.mjs encodes decisions by the generated
//    table and reads them with the JS reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace refrain::runtime::record_layout {

constexpr uint32_t kVersion = 1;

// Bits of the `flags` word.
constexpr uint32_t kFlagAllow = 1;        // the decision is allow
constexpr uint32_t kFlagAsciiTexts = 2;   // every byte of the text area is ASCII

// A text is two words: (2 × number + kNameTag, 0) for the bundle's name
// `number`, (2 × length, offset) for `length` bytes at `offset` of the text
// area, (0, 0) when empty.
constexpr size_t kTextWords = 2;
constexpr uint32_t kNameTag = 1;

enum class Kind : uint8_t {
  kWord,  // one word
  kText,  // kTextWords words
  kList,  // a count word, then that many items of the field's `item`
};

enum class Item : uint8_t { kDecision, kReason, kDuty, kPayment, kPayee, kTerm, kError };

struct Field {
  std::string_view name;  // the decision JSON's key where there is one
  Kind kind;
  Item item;               // a list's items; kDecision otherwise
  std::string_view note;   // for docs/wasm.md (`version` and `flags` are described from the constants above)
};

// The record: one decision. Fields come in this order, items of a list one after another.
constexpr Field kDecisionFields[] = {
    {"version", Kind::kWord, Item::kDecision, ""},
    {"flags", Kind::kWord, Item::kDecision, ""},
    {"use", Kind::kText, Item::kDecision, ""},
    {"work", Kind::kText, Item::kDecision, ""},
    {"reasons", Kind::kList, Item::kReason, ""},
    {"duties", Kind::kList, Item::kDuty, ""},
    {"payments", Kind::kList, Item::kPayment, ""},
    {"errors", Kind::kList, Item::kError, ""},
};
constexpr Field kReasonFields[] = {
    {"party", Kind::kText, Item::kDecision, ""},
    {"policy", Kind::kText, Item::kDecision, "empty when the JSON has none"},
    {"verdict", Kind::kText, Item::kDecision, ""},
    {"rule", Kind::kText, Item::kDecision, "empty when the JSON has none"},
};
constexpr Field kDutyFields[] = {
    {"party", Kind::kText, Item::kDecision, ""},
    {"duty", Kind::kText, Item::kDecision, ""},
    {"has_text", Kind::kWord, Item::kDecision, "1 when the duty has a `text`, else 0"},
    {"text", Kind::kText, Item::kDecision, ""},
};
constexpr Field kPaymentFields[] = {
    {"currency", Kind::kText, Item::kDecision, ""},
    {"total", Kind::kText, Item::kDecision, "an amount, as the JSON writes it"},
    {"payees", Kind::kList, Item::kPayee, ""},
    {"terms", Kind::kList, Item::kTerm, ""},
};
constexpr Field kPayeeFields[] = {
    {"party", Kind::kText, Item::kDecision, ""},
    {"amount", Kind::kText, Item::kDecision, ""},
};
constexpr Field kTermFields[] = {
    {"party", Kind::kText, Item::kDecision, ""},
    {"rule", Kind::kText, Item::kDecision, ""},
    {"amount", Kind::kText, Item::kDecision, ""},
};
constexpr Field kErrorFields[] = {
    {"code", Kind::kText, Item::kDecision, ""},
    {"message", Kind::kText, Item::kDecision, ""},
    {"policy", Kind::kText, Item::kDecision, "empty when the JSON has none"},
    {"rule", Kind::kText, Item::kDecision, "empty when the JSON has none"},
};

struct Fields {
  const Field* first;
  size_t count;
  constexpr const Field* begin() const { return first; }
  constexpr const Field* end() const { return first + count; }
};

template <size_t N>
constexpr Fields fields(const Field (&table)[N]) {
  return {table, N};
}

constexpr Fields fieldsOf(Item item) {
  switch (item) {
    case Item::kDecision: return fields(kDecisionFields);
    case Item::kReason: return fields(kReasonFields);
    case Item::kDuty: return fields(kDutyFields);
    case Item::kPayment: return fields(kPaymentFields);
    case Item::kPayee: return fields(kPayeeFields);
    case Item::kTerm: return fields(kTermFields);
    case Item::kError: return fields(kErrorFields);
  }
  return {nullptr, 0};
}

constexpr std::string_view itemName(Item item) {
  switch (item) {
    case Item::kDecision: return "decision";
    case Item::kReason: return "reason";
    case Item::kDuty: return "duty";
    case Item::kPayment: return "payment";
    case Item::kPayee: return "payee";
    case Item::kTerm: return "term";
    case Item::kError: return "error";
  }
  return "";
}

constexpr size_t wordsOf(Kind kind) { return kind == Kind::kText ? kTextWords : 1; }

// The words of one item, counting a list as its count word only.
constexpr size_t fixedWords(Item item) {
  size_t n = 0;
  for (const Field& f : fieldsOf(item)) n += wordsOf(f.kind);
  return n;
}

}  // namespace refrain::runtime::record_layout
