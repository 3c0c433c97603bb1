// IPTC PLUS Data Mining import (docs/standards.md, "IPTC PLUS Data
// Mining"): an XMP packet's `plus:DataMining` value back as stances
// (signal_iptc_out.cc writes it).
//
// PLUS has one value per file: all allowed, all prohibited, training
// prohibited (all of it, or generative) and "prohibited, see the
// constraints". Anything finer goes into `plus:OtherConstraints` as words
// for people, so the export is lossy and the import coarse.
#include <algorithm>
#include <optional>

#include "interop/iptc_vocabulary.h"
#include "interop/signals.h"
#include "interop/xml_source.h"

namespace refrain::interop {
namespace {

using iptc::kPlusNamespace;
using iptc::kRdfNamespace;
using iptc::kVocabulary;
constexpr const char* kIptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

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

bool importIptc(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors) {
  return IptcReader(fileName, text, out, errors).run();
}

}  // namespace refrain::interop
