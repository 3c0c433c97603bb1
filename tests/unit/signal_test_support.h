// Helpers shared by the signal codec tests: stance sheets built by hand,
// fixtures from tests/signals, and an imported signal as comparable text.
#pragma once

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "interop/signals.h"

namespace refrain::testing {

using interop::ImportedSignal;
using interop::Offer;
using interop::SignalFormat;
using interop::SignalUse;
using interop::Stance;
using interop::StanceSheet;
using interop::UseStance;

// The use tree of docs/language.md §4, written out here so a change to the
// tree shows up as a failing test rather than as new expectations.
inline const std::vector<std::string>& treeUses() {
  static const std::vector<std::string> uses = {
      "ai",
      "ai.train", "ai.train.generative", "ai.train.analytic",
      "ai.generate", "ai.generate.voice", "ai.generate.style", "ai.generate.remix",
      "ai.produce", "ai.produce.stems", "ai.produce.master",
      "ai.engage", "ai.engage.personalize", "ai.engage.persona"};
  return uses;
}

// Every use of the tree at `everyUse`, except the ones `except` names.
inline StanceSheet sheetOf(Stance everyUse, const std::map<std::string, Stance>& except = {}) {
  StanceSheet sheet;
  sheet.party = "luna-ray";
  for (const std::string& use : treeUses()) {
    UseStance u;
    u.use = use;
    auto it = except.find(use);
    u.stance = it == except.end() ? everyUse : it->second;
    sheet.uses.push_back(u);
  }
  return sheet;
}

inline UseStance& useOf(StanceSheet& sheet, const std::string& use) {
  for (UseStance& u : sheet.uses)
    if (u.use == use) return u;
  BOOST_FAIL("no use " + use);
  throw;
}

inline std::string signalFixture(const std::string& path) {
  std::ifstream in(std::filesystem::path(REFRAIN_SOURCE_DIR) / "tests" / "signals" / path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "tests/signals/" + path + " is missing");
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

// One line per use, "use: stance" with " with an offer" and " (note)" when
// set, then one "note: …" line per note.
inline std::string describe(const ImportedSignal& signal) {
  std::string out;
  for (const auto& [use, u] : signal.uses)
    out += use + ": " + interop::stanceName(u.stance) + (u.offer ? " with an offer" : "") +
           (u.note.empty() ? "" : " (" + u.note + ")") + "\n";
  for (const std::string& note : signal.notes) out += "note: " + note + "\n";
  return out;
}

// "a\nb\n" for {"a", "b"}: errors compared as one text, so a failure shows them all.
inline std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += s + "\n";
  return out;
}

struct Imported {
  bool ok = false;
  ImportedSignal signal;
  std::vector<std::string> errors;
};

// What an import that must succeed read, as describe() writes it.
inline std::string readText(const Imported& r) {
  BOOST_TEST(r.ok);
  BOOST_TEST(lines(r.errors) == "");
  return describe(r.signal);
}

// The errors of an import that must fail, one a line. A failed import sets no use.
inline std::string errorText(const Imported& r) {
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.signal.uses.empty());
  return lines(r.errors);
}

// Imports `text` as `format`, under the file name `name`.
inline Imported importText(SignalFormat format, const std::string& name, const std::string& text) {
  Imported r;
  r.ok = interop::importSignal(format, name, text, &r.signal, &r.errors);
  BOOST_TEST(std::string(interop::signalFormatName(r.signal.format)) == interop::signalFormatName(format));
  return r;
}

// Imports tests/signals/DIR/NAME under the file name NAME.
inline Imported importFixture(SignalFormat format, const std::string& dir, const std::string& name) {
  return importText(format, name, signalFixture(dir + "/" + name));
}

inline std::string exported(SignalFormat format, const StanceSheet& sheet,
                            const interop::ExportOptions& options = interop::ExportOptions()) {
  std::string out, error;
  BOOST_TEST(interop::exportSignal(format, sheet, options, &out, &error), error);
  return out;
}

}  // namespace refrain::testing
