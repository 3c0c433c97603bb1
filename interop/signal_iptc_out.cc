// IPTC PLUS Data Mining export (docs/standards.md, "IPTC PLUS Data
// Mining"): a stance as an XMP packet with one `plus:DataMining` value
// (signal_iptc.cc reads it back). Written without an XML library
// (xml_writer.h), so it builds for WebAssembly.
#include <algorithm>

#include "interop/iptc_vocabulary.h"
#include "interop/signals.h"
#include "interop/xml_writer.h"

namespace refrain::interop {
namespace {

bool every(const StanceSheet& sheet, const std::vector<std::string>& uses, Stance stance) {
  return std::all_of(uses.begin(), uses.end(), [&](const std::string& u) { return sheet.of(u).stance == stance; });
}

// The uses of the tree outside `subtree`'s.
std::vector<std::string> usesOutside(std::string_view subtree) {
  std::vector<std::string> inside = usesWithin(subtree), out;
  for (const std::string& u : aiUses())
    if (std::find(inside.begin(), inside.end(), u) == inside.end()) out.push_back(u);
  return out;
}

// PLUS's value for the sheet: the first of its cases that says it whole.
std::string dataMiningKey(const StanceSheet& sheet) {
  if (every(sheet, aiUses(), Stance::kAllowed)) return "DMI-ALLOWED";
  if (every(sheet, aiUses(), Stance::kNotAllowed)) return "DMI-PROHIBITED";
  if (every(sheet, usesWithin("ai.train"), Stance::kNotAllowed) && every(sheet, usesOutside("ai.train"), Stance::kAllowed))
    return "DMI-PROHIBITED-AIMLTRAINING";
  if (every(sheet, {"ai.train.generative"}, Stance::kNotAllowed) &&
      every(sheet, usesOutside("ai.train.generative"), Stance::kAllowed))
    return "DMI-PROHIBITED-GENAIMLTRAINING";
  return "DMI-PROHIBITED-SEECONSTRAINT";
}

// One sentence a use: "ai.generate.voice: constrained, on terms (…) or (…), with caveats: …."
std::string constraintText(const StanceSheet& sheet) {
  std::string text;
  for (const UseStance& u : sheet.uses) {
    std::string sentence = u.use + ": " + stanceName(u.stance);
    if (u.stance == Stance::kConstrained) {
      std::vector<std::string> lines = describeTerms(u);
      std::string terms, caveats;
      for (size_t i = 0; i < lines.size(); ++i) {
        if (i < u.offers.size()) terms += (terms.empty() ? "(" : " or (") + lines[i] + ")";
        else caveats += (caveats.empty() ? "" : "; ") + lines[i];
      }
      if (!terms.empty()) sentence += ", on terms " + terms;
      if (!caveats.empty()) sentence += ", with caveats: " + caveats;
    }
    text += (text.empty() ? "" : " ") + sentence + ".";
  }
  return text;
}

}  // namespace

bool exportIptc(const StanceSheet& sheet, const ExportOptions&, std::string* out, std::string*) {
  XmlElement meta{"x:xmpmeta", {{"xmlns:x", "adobe:ns:meta/"}}, {}, {}};
  XmlElement& description = meta.child("rdf:RDF")
                                .attribute("xmlns:rdf", iptc::kRdfNamespace)
                                .child("rdf:Description")
                                .attribute("rdf:about", "")
                                .attribute("xmlns:plus", iptc::kPlusNamespace);
  std::string key = dataMiningKey(sheet);
  description.child("plus:DataMining").text = iptc::kVocabulary + key;
  if (key == "DMI-PROHIBITED-SEECONSTRAINT")
    description.child("plus:OtherConstraints").child("rdf:Alt").child("rdf:li").attribute("xml:lang", "x-default").text =
        constraintText(sheet);
  *out = writeXml({"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"}, meta, {"<?xpacket end=\"w\"?>"});
  return true;
}

}  // namespace refrain::interop
