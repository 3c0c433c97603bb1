// Helpers shared by the signal codec tests: stance sheets built by hand,
// fixtures from tests/signals, and an imported signal as text to compare whole.
#pragma once

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "interop/signals.h"

namespace refrain::testing {

using interop::ImportedSignal;
using interop::Offer;
using interop::Price;
using interop::SignalUse;
using interop::Stance;
using interop::StanceSheet;
using interop::UseStance;

// Every use of the tree at `stance`.
inline StanceSheet sheetAll(Stance stance) {
  StanceSheet s;
  s.party = "luna-ray";
  for (const std::string& u : interop::aiUses()) s.uses.push_back(UseStance{u, stance, {}, {}});
  return s;
}

inline UseStance& useOf(StanceSheet* s, const std::string& use) {
  for (UseStance& u : s->uses)
    if (u.use == use) return u;
  BOOST_FAIL("no use " + use + " in the sheet");
  return s->uses.front();
}

// `use` and every use below it at `stance`, with `offers` (constrained).
inline void setWithin(StanceSheet* s, const std::string& use, Stance stance, const std::vector<Offer>& offers = {}) {
  for (const std::string& u : interop::usesWithin(use)) {
    useOf(s, u).stance = stance;
    useOf(s, u).offers = offers;
  }
}

// Only `use` itself.
inline void setOne(StanceSheet* s, const std::string& use, Stance stance, const std::vector<Offer>& offers = {},
                   const std::vector<std::string>& caveats = {}) {
  useOf(s, use) = UseStance{use, stance, offers, caveats};
}

inline Price flat(int64_t micros, const std::string& currency) { return Price{false, micros, currency}; }
inline Price perUnit(int64_t micros, const std::string& currency) { return Price{true, micros, currency}; }

// Luna Ray's offer: any of `purposes`, in any of `territories`, for `price`, with `duties`.
inline Offer offer(std::vector<std::string> purposes, std::vector<std::string> territories, std::optional<Price> price,
                   std::vector<std::string> duties = {}) {
  Offer o;
  o.party = "luna-ray";
  o.purposes = std::move(purposes);
  o.territories = std::move(territories);
  o.price = std::move(price);
  o.duties = std::move(duties);
  return o;
}

// What an importer made of a text, and whether it succeeded.
struct Imported {
  bool ok;
  ImportedSignal signal;
  std::vector<std::string> errors;
};
using Importer = bool (*)(std::string_view, std::string_view, ImportedSignal*, std::vector<std::string>*);
inline Imported importWith(Importer importer, const std::string& name, const std::string& text) {
  Imported r;
  r.ok = importer(name, text, &r.signal, &r.errors);
  return r;
}

inline std::string fixture(const std::string& path) {
  std::ifstream in(std::filesystem::path(REFRAIN_SOURCE_DIR) / "tests" / "signals" / path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "tests/signals/" + path + " is missing");
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the text has no `" + from + "`");
  return text.replace(at, from.size(), to);
}

// `name:line:col` of the first `needle` in `text`.
inline std::string at(const std::string& name, const std::string& text, const std::string& needle) {
  size_t offset = text.find(needle);
  BOOST_REQUIRE_MESSAGE(offset != std::string::npos, "no `" + needle + "`");
  size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  size_t column = lineStart == std::string::npos || offset == 0 ? offset + 1 : offset - lineStart;
  return name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

inline std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : " ") + i;
  return "[" + out + "]";
}

// One offer on one line; empty fields left out.
inline std::string offerText(const Offer& o) {
  std::string out;
  auto field = [&](const std::string& name, const std::vector<std::string>& v) {
    if (!v.empty()) out += " " + name + "=" + listed(v);
  };
  if (!o.party.empty()) out += " party=" + o.party;
  field("purposes", o.purposes);
  field("territories", o.territories);
  field("excluded", o.excludedTerritories);
  if (o.price) out += " price=" + o.price->amount() + " " + o.price->currency + (o.price->perUnit ? " per unit" : "");
  if (!o.otherPay.empty()) out += " pay=" + o.otherPay;
  field("duties", o.duties);
  field("when", o.otherConditions);
  return out.empty() ? " (no terms)" : out;
}

// An imported signal as lines: each use, its offers and note; then the notes.
inline std::vector<std::string> signalLines(const ImportedSignal& s) {
  std::vector<std::string> out;
  for (const auto& [use, u] : s.uses) {
    std::string line = use + ": " + interop::stanceName(u.stance);
    if (u.offer) line += " {" + offerText(*u.offer).substr(1) + "}";
    if (auto more = s.moreOffers.find(use); more != s.moreOffers.end())
      for (const Offer& o : more->second) line += " or {" + offerText(o).substr(1) + "}";
    if (!u.note.empty()) line += " -- " + u.note;
    out.push_back(line);
  }
  for (const std::string& n : s.notes) out.push_back("note: " + n);
  return out;
}

// The stance a policy written from `s` gives `use`: its own, else the
// nearest named ancestor's (children inherit), else none ("silent").
inline std::string effectiveStance(const ImportedSignal& s, std::string use) {
  while (true) {
    if (auto named = s.uses.find(use); named != s.uses.end()) return interop::stanceName(named->second.stance);
    size_t dot = use.rfind('.');
    if (dot == std::string::npos) return "silent";
    use.erase(dot);
  }
}

}  // namespace refrain::testing
