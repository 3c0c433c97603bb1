// The decision record (decision_record.h): words and texts, in the order the JSON writer writes the fields.
#include "runtime/decision_record.h"

#include <cstring>
#include <limits>

#include "runtime/money.h"
#include "runtime/record_layout.h"

namespace refrain::runtime {

namespace rl = record_layout;

namespace {

// Appends words through a cursor into room sized before writing: the record's
// length is known from the decision's counts, and a push_back per word costs
// a capacity check each (a call, in WebAssembly's libc++).
class RecordWriter {
 public:
  RecordWriter(const NameTable& names, DecisionRecord* out, size_t wordCount) : names_(names), out_(out) {
    out_->words.resize(wordCount);
    at_ = out_->words.data();
    end_ = at_ + wordCount;
    out_->texts.clear();
  }

  // Never past the room: a miscount makes a record that is refused, not a write out of bounds.
  void word(size_t w) {
    fits_ = fits_ && at_ != end_ && w <= std::numeric_limits<uint32_t>::max();
    if (fits_) *at_++ = static_cast<uint32_t>(w);
  }

  // A text is two words (rl::kTextWords): (2 × number + kNameTag, 0) for a
  // name, (2 × length, offset) for a copied text, (0, 0) when empty.
  void text(const DecisionText& t) {
    static_assert(rl::kTextWords == 2, "a text is written as two words here");
    if (t.empty()) {
      word(0);
      word(0);
      return;
    }
    const uint32_t id = t.nameNumber();
    if (id != DecisionText::kNotAName && names_.owns(id, t)) {
      word(2 * size_t{id} + rl::kNameTag);
      word(0);
      return;
    }
    copied(t);
  }

  void money(int64_t micros) {
    char digits[kMaxMicrosText];
    copied(std::string_view(digits, formatMicrosTo(micros, digits)));
  }

  // False when a number, length or offset does not fit the words, or the words not their room.
  bool fits() const { return fits_ && at_ == end_; }
  bool asciiTexts() const { return (highBits_ & 0x80) == 0; }

 private:
  void copied(std::string_view t) {
    constexpr size_t kMax = std::numeric_limits<uint32_t>::max() / 2;
    fits_ = fits_ && t.size() <= kMax && out_->texts.size() <= kMax - t.size();
    if (!fits_) return;
    word(2 * t.size());
    word(out_->texts.size());
    out_->texts.append(t.data(), t.size());
    for (char c : t) highBits_ |= static_cast<unsigned char>(c);
  }

  const NameTable& names_;
  DecisionRecord* out_;
  uint32_t* at_;
  uint32_t* end_;
  unsigned highBits_ = 0;
  bool fits_ = true;
};

// The record's length in words, from its layout's one definition: each
// item's own words, and the items of its lists.
size_t wordCount(const DecisionView& d) {
  using rl::Item;
  using rl::fixedWords;
  size_t n = fixedWords(Item::kDecision);
  n += d.reasons.size() * fixedWords(Item::kReason);
  n += d.duties.size() * fixedWords(Item::kDuty);
  for (const auto& p : d.payments)
    n += fixedWords(Item::kPayment) + p.payees.size() * fixedWords(Item::kPayee) + p.terms.size() * fixedWords(Item::kTerm);
  n += d.errors.size() * fixedWords(Item::kError);
  return n;
}

}  // namespace

bool writeDecisionRecord(const DecisionView& d, const NameTable& names, DecisionRecord* out) {
  const size_t count = wordCount(d);
  RecordWriter w(names, out, count);
  // The fields in the order of record_layout.h's tables (which
  // tests/unit/record_reader.h reads by): a write out of order reads back as
  // another decision, and one too many or too few makes fits() false.
  w.word(rl::kVersion);
  w.word(0);  // the flags, set at the end
  w.text(d.use);
  w.text(d.work);
  w.word(d.reasons.size());
  for (const auto& r : d.reasons) {
    w.text(r.party);
    w.text(r.policy);
    w.text(r.verdict);
    w.text(r.rule);
  }
  w.word(d.duties.size());
  for (const auto& duty : d.duties) {
    w.text(duty.party);
    w.text(duty.duty);
    w.word(duty.hasText ? 1 : 0);
    w.text(duty.text);
  }
  w.word(d.payments.size());
  for (const auto& p : d.payments) {
    w.text(p.currency);
    w.money(p.total);
    w.word(p.payees.size());
    for (const auto& payee : p.payees) {
      w.text(payee.party);
      w.money(payee.micros);
    }
    w.word(p.terms.size());
    for (const auto& term : p.terms) {
      w.text(term.party);
      w.text(term.rule);
      w.money(term.micros);
    }
  }
  w.word(d.errors.size());
  for (const auto& e : d.errors) {
    w.text(e.code);
    w.text(e.message);
    w.text(e.policy);
    w.text(e.rule);
  }
  if (!w.fits()) return false;
  static_assert(rl::kDecisionFields[1].name == "flags", "the flags are the record's second word");
  out->words[1] = (d.allow ? rl::kFlagAllow : 0) | (w.asciiTexts() ? rl::kFlagAsciiTexts : 0);
  return true;
}

}  // namespace refrain::runtime
