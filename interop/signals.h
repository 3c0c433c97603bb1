// AI opt-out signals out of a stance and back into a policy: RSL 1.0,
// IETF AIPREF, W3C TDMRep, the CAWG training-and-data-mining assertion
// and IPTC PLUS Data Mining (docs/standards.md, "Signals").
//
// Each format's codec is one file, signal_<format>.cc, with an exporter
// (a StanceSheet to the format's text) and an importer (the format's text
// to per-use stances, which writeSignalPolicy() turns into a policy).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interop/stance.h"

namespace refrain::interop {

enum class SignalFormat { kRsl, kAipref, kTdmrep, kCawg, kIptc };

// "rsl", "aipref", "tdmrep", "cawg", "iptc".
const char* signalFormatName(SignalFormat format);
bool parseSignalFormat(std::string_view name, SignalFormat* out);

// The versions each codec targets, as docs/standards.md cites them.
const char* signalFormatVersion(SignalFormat format);

struct ExportOptions {
  // What the signal covers: RSL's `<content url>`, the robots.txt path of
  // AIPREF's rule and TDMRep's `location`. "/" is the whole site.
  std::string url = "/";
  // Where the RSL file is published: TDMRep's `tdm-policy`, and a
  // robots.txt `License:` line beside AIPREF's. Empty: not published.
  std::string rslUrl;
  // AIPREF only: robots.txt lines instead of the HTTP header field.
  bool robots = false;
};

// The format's artefact for `sheet`, ending in a newline. False with a
// one-line message when options the format needs are missing or invalid.
bool exportSignal(SignalFormat format, const StanceSheet& sheet, const ExportOptions& options, std::string* out,
                  std::string* error);

// What a signal says of one use. A constrained use with `offer` set is
// allowed on those terms; without it, the signal gives no terms a policy
// can state, so the use stays silent (a comment says why).
struct SignalUse {
  Stance stance = Stance::kNotAllowed;
  std::optional<Offer> offer;
  std::string note;  // for a comment above the rule: what the signal said, e.g. its constraint text
};

struct ImportedSignal {
  SignalFormat format = SignalFormat::kRsl;
  // By use name; a use absent here the signal says nothing of (it inherits
  // what its parent's rule says, or is silent).
  std::map<std::string, SignalUse> uses;
  // Several offers for one use (RSL's licences): each becomes an allow rule.
  std::map<std::string, std::vector<Offer>> moreOffers;
  std::vector<std::string> notes;  // for comments at the top: what was ignored and why
};

// Reads a signal. False with `errors` as `file:line:col: error: …` lines
// (at least one), for malformed input and for input the format does not
// define; never a guess. AIPREF, TDMRep and CAWG input over
// kMostSignalBytes is refused; notes are kept once each, at most
// kMostSignalNotes of them and then one that says how many more.
constexpr size_t kMostSignalBytes = size_t{1} << 20;
constexpr size_t kMostSignalNotes = 20;
bool importSignal(SignalFormat format, std::string_view fileName, std::string_view text, ImportedSignal* out,
                  std::vector<std::string>* errors);

// The policy `name` by `role` `party` that says what `signal` says, laid
// out as `refrain fmt` lays it out. The use tree is the language's
// (docs/language.md §4). False with a one-line message for a role or party
// the language refuses.
bool writeSignalPolicy(const ImportedSignal& signal, std::string_view role, std::string_view party,
                       std::string_view name, std::string_view sourceName, std::string* out, std::string* error);

// The format codecs, one file each (signal_<format>.cc).
bool exportRsl(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error);
bool importRsl(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors);
bool exportAipref(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error);
bool importAipref(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors);
bool exportTdmrep(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error);
bool importTdmrep(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors);
bool exportCawg(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error);
bool importCawg(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors);
bool exportIptc(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error);
bool importIptc(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors);

// The uses of the language's tree (docs/language.md §4), parents first.
const std::vector<std::string>& aiUses();
// The uses inside `use`'s subtree, `use` included, parents first.
std::vector<std::string> usesWithin(std::string_view use);

// `items` with `separator` between them.
std::string joined(const std::vector<std::string>& items, const char* separator);

// The most restrictive of the stances of `uses` (not allowed < constrained < allowed).
Stance foldStances(const StanceSheet& sheet, const std::vector<std::string>& uses);

// The sheet as JSON Lines, a line per use:
//   {"use":"ai.train","stance":"constrained","terms":["luna-ray: …", …]}
// (`terms` only for constrained uses), for `refrain signals stance` and the portal.
std::string stanceLines(const StanceSheet& sheet);

// The offers of `use`, each described in one plain line, e.g.
// "artist luna-ray: purpose commercial or research; pays 5% * revenue; duty attribution".
std::vector<std::string> describeTerms(const UseStance& use);

}  // namespace refrain::interop
