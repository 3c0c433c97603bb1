// IPTC PLUS Data Mining (docs/standards.md, "IPTC PLUS Data Mining"): a
// stance as an XMP packet with one `plus:DataMining` value, and that value
// back as stances.
//
// PLUS has one value per file: all allowed, all prohibited, training
// prohibited (all of it, or generative) and "prohibited, see the
// constraints". Anything finer goes into `plus:OtherConstraints` as words
// for people, so the export is lossy and the import coarse.
#include <algorithm>
#include <optional>

#include "interop/signals.h"
#include "interop/xml_source.h"

namespace refrain::interop {
namespace {

constexpr const char* kPlusNamespace = "http://ns.useplus.org/ldf/xmp/1.0/";
constexpr const char* kVocabulary = "http://ns.useplus.org/ldf/vocab/";
constexpr const char* kRdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* kIptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

// ---------------------------------------------------------------- export

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

// ---------------------------------------------------------------- import

// XMP sidecars and packets carry thumbnails now and then: a few MiB.
constexpr XmlLimits kXmpLimits{size_t{16} << 20, 64};

// The attribute of `n` named `local` in namespace `uri`, whatever its prefix.
pugi::xml_attribute attributeIn(const pugi::xml_node& n, const char* uri, std::string_view local) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string bound;
    if (!prefixOf(a.name()).empty() && localName(a.name()) == local && namespaceOfPrefix(n, prefixOf(a.name()), &bound) &&
        bound == uri)
      return a;
  }
  return {};
}

bool isElementIn(const pugi::xml_node& n, const char* uri, std::string_view local) {
  return n.type() == pugi::node_element && localName(n) == local && namespaceOf(n) == uri;
}

// Every element of the document, in document order.
std::vector<pugi::xml_node> allElements(const pugi::xml_node& root) {
  std::vector<pugi::xml_node> out, stack{root};
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    out.push_back(n);
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) kids.push_back(c);
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return out;
}

// An XMP property's value where it stands: element text, `rdf:resource`,
// or an attribute of the description.
struct Property {
  pugi::xml_node at;
  std::string value;
};

// The occurrences of the property `local` of namespace `uri`.
std::vector<Property> properties(const std::vector<pugi::xml_node>& elements, const char* uri, std::string_view local) {
  std::vector<Property> out;
  for (const pugi::xml_node& n : elements) {
    if (pugi::xml_attribute a = attributeIn(n, uri, local)) out.push_back({n, a.value()});
    if (!isElementIn(n, uri, local)) continue;
    pugi::xml_attribute resource = attributeIn(n, kRdfNamespace, "resource");
    out.push_back({n, resource ? resource.value() : trimmedText(n)});
  }
  return out;
}

// A Lang Alt's default text: the `x-default` item, else the first; a plain
// text value as it is.
std::string langAltText(const Property& p) {
  std::vector<pugi::xml_node> items;
  for (const pugi::xml_node& n : allElements(p.at))
    if (isElementIn(n, kRdfNamespace, "li")) items.push_back(n);
  for (const pugi::xml_node& li : items)
    if (std::string_view(li.attribute("xml:lang").value()) == "x-default") return trimmedText(li);
  return items.empty() ? p.value : trimmedText(items.front());
}

enum class Meaning { kAllowed, kProhibited, kExceptSearch, kNoTraining, kNoGenerativeTraining, kSeeConstraint, kSeeEmbedded, kSeeLinked, kUnspecified };

struct Key {
  const char* key;
  Meaning meaning;
};
constexpr Key kKeys[] = {
    {"DMI-UNSPECIFIED", Meaning::kUnspecified},
    {"DMI-ALLOWED", Meaning::kAllowed},
    {"DMI-PROHIBITED-AIMLTRAINING", Meaning::kNoTraining},
    {"DMI-PROHIBITED-GENAIMLTRAINING", Meaning::kNoGenerativeTraining},
    {"DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", Meaning::kExceptSearch},
    {"DMI-PROHIBITED", Meaning::kProhibited},
    {"DMI-PROHIBITED-SEECONSTRAINT", Meaning::kSeeConstraint},
    {"DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", Meaning::kSeeEmbedded},
    {"DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", Meaning::kSeeLinked},
};

class IptcReader {
 public:
  IptcReader(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors)
      : source_(fileName, text), out_(out), errors_(errors) {}

  bool run() {
    if (!source_.load(kXmpLimits, {"the XMP packet", "this import reads UTF-8 only", "an XMP packet"}, errors_))
      return false;
    elements_ = allElements(source_.root());
    std::vector<Property> found = properties(elements_, kPlusNamespace, "DataMining");
    if (found.empty())
      return fail(source_.root(), "expected a plus:DataMining property (namespace " + std::string(kPlusNamespace) + ")");
    if (found.size() > 1) return fail(found[1].at, "a second plus:DataMining: a file has one value");
    std::optional<Meaning> meaning = meaningOf(found[0]);
    if (!meaning)
      return fail(found[0].at, "expected a PLUS Data Mining value (" + std::string(kVocabulary) + "DMI-…), found `" +
                                   found[0].value + "`");
    apply(*meaning);
    return true;
  }

 private:
  bool fail(const pugi::xml_node& n, const std::string& why) {
    errors_->push_back(source_.error(n, why));
    return false;
  }

  std::optional<Meaning> meaningOf(const Property& p) {
    std::string_view value = p.value;
    bool uri = value.rfind(kVocabulary, 0) == 0;
    if (uri) value.remove_prefix(std::string_view(kVocabulary).size());
    for (const Key& k : kKeys) {
      if (value != k.key) continue;
      if (!uri)
        out_->notes.push_back(source_.position(p.at) + ": plus:DataMining gives the bare key `" + std::string(value) +
                              "`, not its URI " + kVocabulary + std::string(value));
      return k.meaning;
    }
    return std::nullopt;
  }

  void set(const char* use, Stance stance, std::string note = "") {
    out_->uses[use] = SignalUse{stance, std::nullopt, std::move(note)};
  }

  void apply(Meaning meaning) {
    switch (meaning) {
      case Meaning::kAllowed: return set("ai", Stance::kAllowed);
      case Meaning::kProhibited: return set("ai", Stance::kNotAllowed);
      case Meaning::kExceptSearch:
        out_->notes.push_back("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING allows search engine indexing, which has no Refrain use");
        return set("ai", Stance::kNotAllowed);
      case Meaning::kNoTraining: return set("ai.train", Stance::kNotAllowed);
      case Meaning::kNoGenerativeTraining: return set("ai.train.generative", Stance::kNotAllowed);
      case Meaning::kSeeConstraint: return set("ai", Stance::kConstrained, constraints());
      case Meaning::kSeeEmbedded:
        return set("ai", Stance::kConstrained,
                   "see the rights expression embedded in the file (Iptc4xmpExt:EmbdEncRightsExpr), which this import "
                   "does not read");
      case Meaning::kSeeLinked: return set("ai", Stance::kConstrained, linkedExpressions());
      case Meaning::kUnspecified:
        out_->notes.push_back("DMI-UNSPECIFIED: the file defines no prohibition and says nothing of any use");
        return;
    }
  }

  std::string constraints() {
    std::vector<Property> texts = properties(elements_, kPlusNamespace, "OtherConstraints");
    if (texts.empty()) return "prohibited, see plus:OtherConstraints; the file gives none";
    return langAltText(texts.front());
  }

  std::string linkedExpressions() {
    std::string links;
    for (const Property& p : properties(elements_, kIptcExtNamespace, "LinkedRightsExpr"))
      links += (links.empty() ? "" : ", ") + p.value;
    if (links.empty()) return "prohibited, see Iptc4xmpExt:LinkedEncRightsExpr; the file links none";
    return "see the rights expression linked at " + links;
  }

  XmlSource source_;
  ImportedSignal* out_;
  std::vector<std::string>* errors_;
  std::vector<pugi::xml_node> elements_;
};

}  // namespace

bool exportIptc(const StanceSheet& sheet, const ExportOptions&, std::string* out, std::string*) {
  pugi::xml_document doc;
  pugi::xml_node begin = doc.append_child(pugi::node_pi);
  begin.set_name("xpacket");
  begin.set_value("begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"");
  pugi::xml_node meta = doc.append_child("x:xmpmeta");
  meta.append_attribute("xmlns:x") = "adobe:ns:meta/";
  pugi::xml_node rdf = meta.append_child("rdf:RDF");
  rdf.append_attribute("xmlns:rdf") = kRdfNamespace;
  pugi::xml_node description = rdf.append_child("rdf:Description");
  description.append_attribute("rdf:about") = "";
  description.append_attribute("xmlns:plus") = kPlusNamespace;
  std::string key = dataMiningKey(sheet);
  description.append_child("plus:DataMining").text() = (kVocabulary + key).c_str();
  if (key == "DMI-PROHIBITED-SEECONSTRAINT") {
    pugi::xml_node alt = description.append_child("plus:OtherConstraints").append_child("rdf:Alt");
    pugi::xml_node li = alt.append_child("rdf:li");
    li.append_attribute("xml:lang") = "x-default";
    li.text() = constraintText(sheet).c_str();
  }
  pugi::xml_node end = doc.append_child(pugi::node_pi);
  end.set_name("xpacket");
  end.set_value("end=\"w\"");
  *out = indentedXml(doc);
  return true;
}

bool importIptc(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors) {
  return IptcReader(fileName, text, out, errors).run();
}

}  // namespace refrain::interop
