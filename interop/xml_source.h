// An XML document from bytes that may be hostile (DDEX messages, RSL files,
// XMP packets), and positions in it as `file:line:col`.
//
// Loading refuses what could make a small input costly or its text
// dishonest: more bytes than a limit, bytes that are not UTF-8, character
// references to characters XML forbids, any DOCTYPE (so no entity is ever
// defined or expanded), and elements nested past a limit. pugixml does the
// parsing; it expands no entities either.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace refrain::interop {

struct XmlLimits {
  size_t maxBytes = 0;  // a document larger than this is refused unread
  int maxDepth = 0;     // element nesting
};

// How a format's messages name its documents.
struct XmlWording {
  std::string_view document;  // "the message": "the message is larger than the import's limit …"
  std::string_view encoding;  // "DDEX messages are": "… is not UTF-8 (DDEX messages are): …"
  std::string_view kind;      // "a DDEX message": "a DOCTYPE is not allowed in a DDEX message …"
};

class XmlSource {
 public:
  // `bytes` must outlive the source.
  XmlSource(std::string_view fileName, std::string_view bytes) : fileName_(fileName), bytes_(bytes) {}

  // Parses the bytes within `limits`. False with one `file:line:col: error: …`
  // line appended to `errors`.
  bool load(const XmlLimits& limits, const XmlWording& wording, std::vector<std::string>* errors);

  pugi::xml_node root() const { return doc_.document_element(); }
  const pugi::xml_document& document() const { return doc_; }

  // `file:line:col` of a byte offset, and of a node (an element's is its `<`).
  std::string position(size_t offset) const;
  std::string position(const pugi::xml_node& n) const { return position(offsetOf(n)); }
  size_t offsetOf(const pugi::xml_node& n) const;

  // `file:line:col: error: why`.
  std::string error(const pugi::xml_node& n, std::string_view why) const;
  std::string error(size_t offset, std::string_view why) const;

 private:
  bool characterReferencesAllowed(std::vector<std::string>* errors) const;
  bool depthWithin(int maxDepth, std::vector<std::string>* errors) const;

  std::string fileName_;
  std::string_view bytes_;
  pugi::xml_document doc_;
  mutable std::vector<size_t> lineStarts_;  // filled on the first position asked for
};

// --- names and namespaces (pugixml keeps names as written: `prefix:local`) ---

std::string_view localName(std::string_view qualifiedName);
std::string_view prefixOf(std::string_view qualifiedName);  // "" when there is none
inline std::string_view localName(const pugi::xml_node& n) { return localName(n.name()); }

// The namespace `prefix` ("" for the default one) is bound to where `at`
// stands; false when it is bound to none (the default namespace is then "").
bool namespaceOfPrefix(const pugi::xml_node& at, std::string_view prefix, std::string* uri);

// An element's namespace; "" for none or an unbound prefix.
std::string namespaceOf(const pugi::xml_node& element);

// True for an `xmlns` or `xmlns:…` attribute, which declares rather than says.
bool isNamespaceDeclaration(const pugi::xml_attribute& a);

// All of an element's own text (a comment or CDATA section may split it),
// without the whitespace around it.
std::string trimmedText(const pugi::xml_node& n);

// XML's whitespace: space, tab, CR, LF.
bool isXmlSpace(char c);

// The words of a space-separated list, as XML Schema's list types read it.
std::vector<std::string> spaceSeparated(std::string_view text);

}  // namespace refrain::interop
