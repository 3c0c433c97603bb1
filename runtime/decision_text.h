// Internal: the texts a decision view holds, and what the runtime has proved
// about each, carried in its type instead of promised in comments.
//
//  - PlainText: a text proved to need no escaping in a JSON string. The
//    decision JSON writer copies one between quotes unchecked; nothing else
//    is written that way. Made only by PlainText::check() and by literals
//    the compiler checks.
//  - BundleName: one of the loaded bundle's names a decision can show,
//    known by its number in the bundle's NameTable; decision records give it
//    by that number. Made only by a NameTable, which the bundle loader alone
//    holds unconst, so a text from a request or a scratch never has one.
//  - DecisionText: a field of a decision view. Any text converts to one and
//    is then proved nothing: the writer escapes it and a record copies it.
//    Made from a PlainText it is written unchecked; made from a BundleName it
//    is also given by number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/json_bytes.h"

namespace refrain::runtime {

class DecisionText;
class NameTable;

namespace decision_text_detail {
// Not constexpr, on purpose: PlainText::literal() calls it for a literal
// that needs escaping, which stops the compiler (a literal is checked where
// it is a constant expression) or the program (anywhere else).
[[noreturn]] inline void literalNeedsEscaping() { __builtin_trap(); }
}  // namespace decision_text_detail

class PlainText {
 public:
  // The text, when no byte of it needs escaping in a JSON string (json_bytes.h).
  static std::optional<PlainText> check(std::string_view text) {
    if (plainJsonBytes(text.data(), text.data() + text.size(), false) != text.size()) return std::nullopt;
    return PlainText(text);
  }
  // A fixed word of the runtime's own: `static constexpr PlainText kWord = PlainText::literal("word");`
  // does not compile when the word needs escaping.
  static constexpr PlainText literal(std::string_view text) {
    for (char c : text)
      if (jsonStopByte(static_cast<unsigned char>(c), false)) decision_text_detail::literalNeedsEscaping();
    return PlainText(text);
  }

  constexpr std::string_view text() const { return text_; }

 private:
  friend class DecisionText;  // gives back the PlainText it was made from
  constexpr explicit PlainText(std::string_view text) : text_(text) {}

  std::string_view text_;
};

class BundleName {
 public:
  static constexpr uint32_t kNotAName = UINT32_MAX;

  // No name: an empty text, written as empty.
  BundleName() = default;

  std::string_view text() const { return text_; }
  uint32_t number() const { return number_; }
  bool isName() const { return number_ != kNotAName; }

  // The same name of the same table: numbers, not texts or addresses.
  friend bool operator==(const BundleName& a, const BundleName& b) { return a.number_ == b.number_; }
  friend bool operator!=(const BundleName& a, const BundleName& b) { return !(a == b); }

 private:
  friend class NameTable;
  friend class DecisionText;
  BundleName(std::string_view text, uint32_t number, bool plain) : text_(text), number_(number), plain_(plain) {}

  std::string_view text_;
  uint32_t number_ = kNotAName;
  bool plain_ = true;  // the empty text needs no escaping
};

class DecisionText {
 public:
  static constexpr uint32_t kNotAName = BundleName::kNotAName;

  constexpr DecisionText() = default;
  // Any text: proved nothing.
  constexpr DecisionText(std::string_view text) : text_(text) {}
  constexpr DecisionText(const char* text) : text_(text) {}
  DecisionText(const std::string& text) : text_(text) {}
  // Proved plain.
  constexpr DecisionText(PlainText text) : text_(text.text()), plain_(true) {}
  // A bundle name: by number in records, plain when the loader found it so.
  DecisionText(const BundleName& name) : text_(name.text_), number_(name.number_), plain_(name.plain_) {}

  // A text the runtime did not make (a request's), checked here once.
  static DecisionText checked(std::string_view text) {
    if (std::optional<PlainText> p = PlainText::check(text)) return *p;
    return text;
  }

  constexpr std::string_view text() const { return text_; }
  constexpr operator std::string_view() const { return text_; }
  constexpr bool empty() const { return text_.empty(); }
  constexpr size_t size() const { return text_.size(); }
  constexpr const char* data() const { return text_.data(); }

  // The proof that it needs no escaping, if there is one.
  constexpr std::optional<PlainText> plain() const {
    if (!plain_) return std::nullopt;
    return PlainText(text_);
  }
  // Its number in the bundle's NameTable, or kNotAName.
  constexpr uint32_t nameNumber() const { return number_; }

 private:
  std::string_view text_;
  uint32_t number_ = kNotAName;
  bool plain_ = false;
};

// The names of one loaded bundle that decisions show, numbered from 0 in the
// order they were added, each with its text (a copy the table owns, so no
// name depends on where the bundle keeps its strings) and whether it is
// plain. Decision records give a name by its number; rf_bundle_name gives
// its text back.
class NameTable {
 public:
  NameTable() = default;
  NameTable(const NameTable&) = delete;  // names point into the table's own texts
  NameTable& operator=(const NameTable&) = delete;

  // The next name: a copy of `text`, checked once for JSON here.
  BundleName add(std::string_view text) {
    const std::string& kept = texts_.emplace_back(text);  // a deque's elements never move
    const bool plain = PlainText::check(kept).has_value();
    names_.push_back(BundleName(kept, static_cast<uint32_t>(names_.size()), plain));
    return names_.back();
  }

  size_t size() const { return names_.size(); }
  BundleName at(uint32_t number) const { return names_[number]; }
  std::string_view name(uint32_t number) const { return names_[number].text(); }
  // Whether `text` is this table's name `number` itself (a view of the
  // table's own copy), so a number that came from another table is not
  // taken for one of this table's names.
  bool owns(uint32_t number, std::string_view text) const {
    if (number >= names_.size()) return false;
    const std::string_view name = names_[number].text();
    return name.data() == text.data() && name.size() == text.size();
  }

 private:
  std::deque<std::string> texts_;
  std::vector<BundleName> names_;
};

}  // namespace refrain::runtime
