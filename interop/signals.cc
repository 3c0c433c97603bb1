#include "interop/signals.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "policy/vocabulary.h"

namespace refrain::interop {

const char* signalFormatName(SignalFormat format) {
  switch (format) {
    case SignalFormat::kRsl: return "rsl";
    case SignalFormat::kAipref: return "aipref";
    case SignalFormat::kTdmrep: return "tdmrep";
    case SignalFormat::kCawg: return "cawg";
    case SignalFormat::kIptc: return "iptc";
  }
  return "";
}

bool parseSignalFormat(std::string_view name, SignalFormat* out) {
  for (SignalFormat f : {SignalFormat::kRsl, SignalFormat::kAipref, SignalFormat::kTdmrep, SignalFormat::kCawg,
                         SignalFormat::kIptc})
    if (name == signalFormatName(f)) {
      *out = f;
      return true;
    }
  return false;
}

const char* signalFormatVersion(SignalFormat format) {
  switch (format) {
    case SignalFormat::kRsl: return "RSL 1.0 (RSL-SPEC-1.0, 2025-11-06, with its errata)";
    case SignalFormat::kAipref: return "AIPREF draft-ietf-aipref-vocab-07 and draft-ietf-aipref-attach-05";
    case SignalFormat::kTdmrep: return "TDMRep final report (CG-FINAL-tdmrep-20240510)";
    case SignalFormat::kCawg: return "CAWG training-and-data-mining assertion 1.1";
    case SignalFormat::kIptc: return "IPTC Photo Metadata 2023.1 / PLUS plus:DataMining";
  }
  return "";
}

namespace {

// An absolute URL with nothing in it that could end a header or a robots.txt line.
bool plainAbsoluteUrl(const std::string& url) {
  size_t colon = url.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  return std::none_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7F; });
}

}  // namespace

bool exportSignal(SignalFormat format, const StanceSheet& sheet, const ExportOptions& options, std::string* out,
                  std::string* error) {
  if (!options.rslUrl.empty() && !plainAbsoluteUrl(options.rslUrl)) {
    *error = "the RSL file's address must be an absolute URL without spaces or control characters, not `" +
             options.rslUrl + "`";
    return false;
  }
  switch (format) {
    case SignalFormat::kRsl: return exportRsl(sheet, options, out, error);
    case SignalFormat::kAipref: return exportAipref(sheet, options, out, error);
    case SignalFormat::kTdmrep: return exportTdmrep(sheet, options, out, error);
    case SignalFormat::kCawg: return exportCawg(sheet, options, out, error);
    case SignalFormat::kIptc: return exportIptc(sheet, options, out, error);
  }
  return false;
}

const std::vector<std::string>& aiUses() {
  static const std::vector<std::string> uses = [] {
    std::vector<std::string> out;
    for (const policy::UseNode& u : policy::builtinUses()) out.emplace_back(u.name);
    return out;
  }();
  return uses;
}

std::vector<std::string> usesWithin(std::string_view use) {
  std::vector<std::string> out;
  for (const std::string& u : aiUses())
    if (u == use || (u.size() > use.size() && u.compare(0, use.size(), use) == 0 && u[use.size()] == '.'))
      out.push_back(u);
  return out;
}

Stance foldStances(const StanceSheet& sheet, const std::vector<std::string>& uses) {
  Stance out = Stance::kAllowed;
  for (const std::string& u : uses) out = std::min(out, sheet.of(u).stance);
  return out;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

std::vector<std::string> describeTerms(const UseStance& use) {
  std::vector<std::string> out;
  for (const Offer& o : use.offers) {
    std::vector<std::string> parts;
    if (!o.purposes.empty()) parts.push_back("purpose " + joined(o.purposes, " or "));
    if (!o.territories.empty()) parts.push_back("in " + joined(o.territories, ", "));
    if (!o.excludedTerritories.empty()) parts.push_back("not in " + joined(o.excludedTerritories, ", "));
    for (const std::string& c : o.otherConditions) parts.push_back("when " + c);
    if (o.price) parts.push_back("pays " + o.price->amount() + " " + o.price->currency + (o.price->perUnit ? " per unit" : ""));
    if (!o.otherPay.empty()) parts.push_back("pays " + o.otherPay);
    for (const std::string& d : o.duties) parts.push_back("duty " + d);
    std::string line = o.party.empty() ? "" : o.party + ": ";
    out.push_back(line + (parts.empty() ? "no further terms" : joined(parts, "; ")));
  }
  for (const std::string& c : use.caveats) out.push_back(c);
  return out;
}

std::string stanceLines(const StanceSheet& sheet) {
  std::string out;
  for (const UseStance& u : sheet.uses) {
    nlohmann::ordered_json line{{"use", u.use}, {"stance", stanceName(u.stance)}};
    if (u.stance == Stance::kConstrained) line["terms"] = describeTerms(u);
    out += line.dump() + "\n";
  }
  return out;
}

}  // namespace refrain::interop
