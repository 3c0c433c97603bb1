#include "interop/xml_source.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "policy/utf8.h"

namespace refrain::interop {

bool XmlSource::load(const XmlLimits& limits, const XmlWording& wording, std::vector<std::string>* errors) {
  auto fail = [&](size_t offset, const std::string& why) {
    errors->push_back(error(offset, why));
    return false;
  };
  if (bytes_.size() > limits.maxBytes)
    return fail(0, std::string(wording.document) + " is larger than the import's limit of " +
                       std::to_string(limits.maxBytes) + " bytes");
  // pugixml takes the bytes as they are; the text read out must be UTF-8.
  if (size_t bad = policy::invalidUtf8At(bytes_); bad != std::string_view::npos)
    return fail(bad, std::string(wording.document) + " is not UTF-8 (" + std::string(wording.encoding) +
                         "): the byte here breaks it");
  if (!characterReferencesAllowed(errors)) return false;
  pugi::xml_parse_result parsed =
      doc_.load_buffer(bytes_.data(), bytes_.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!parsed) return fail(static_cast<size_t>(parsed.offset), std::string("not well-formed XML: ") + parsed.description());
  for (pugi::xml_node n = doc_.first_child(); n; n = n.next_sibling())
    if (n.type() == pugi::node_doctype)
      return fail(offsetOf(n), "a DOCTYPE is not allowed in " + std::string(wording.kind) +
                                   " (entities are refused, not expanded)");
  return depthWithin(limits.maxDepth, errors);
}

std::string XmlSource::position(size_t offset) const {
  if (lineStarts_.empty()) {
    lineStarts_.push_back(0);
    // XML's line breaks: LF, CR LF, and a CR alone.
    for (size_t i = 0; i < bytes_.size(); ++i)
      if (bytes_[i] == '\n' || (bytes_[i] == '\r' && (i + 1 == bytes_.size() || bytes_[i + 1] != '\n')))
        lineStarts_.push_back(i + 1);
  }
  offset = std::min(offset, bytes_.size());
  size_t line = static_cast<size_t>(std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset) - lineStarts_.begin());
  size_t column = offset - lineStarts_[line - 1] + 1;
  return fileName_ + ":" + std::to_string(line) + ":" + std::to_string(column);
}

size_t XmlSource::offsetOf(const pugi::xml_node& n) const {
  ptrdiff_t at = n.offset_debug();
  if (at < 0) return 0;
  size_t offset = static_cast<size_t>(at);
  // pugixml points past the `<` of an element and into a DOCTYPE.
  if (n.type() == pugi::node_element && offset > 0 && bytes_[offset - 1] == '<') --offset;
  if (n.type() == pugi::node_doctype) offset = std::min(offset, bytes_.rfind("<!DOCTYPE", offset));
  return offset;
}

std::string XmlSource::error(const pugi::xml_node& n, std::string_view why) const { return error(offsetOf(n), why); }

std::string XmlSource::error(size_t offset, std::string_view why) const {
  return position(offset) + ": error: " + std::string(why);
}

// `&#…;` must name a character XML allows (not NUL, not a surrogate, not
// past U+10FFFF): pugixml decodes any number, and the text read out must be
// UTF-8.
bool XmlSource::characterReferencesAllowed(std::vector<std::string>* errors) const {
  for (size_t at = bytes_.find("&#"); at != std::string_view::npos; at = bytes_.find("&#", at + 2)) {
    size_t i = at + 2;
    bool hex = i < bytes_.size() && bytes_[i] == 'x';
    if (hex) ++i;
    uint64_t code = 0;
    size_t digits = 0;
    for (; i < bytes_.size() && digits < 16; ++i, ++digits) {
      char c = bytes_[i];
      int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) break;
      code = code * (hex ? 16 : 10) + static_cast<uint64_t>(v);
    }
    bool allowed = digits > 0 && digits < 16 && i < bytes_.size() && bytes_[i] == ';' &&
                   (code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
                    (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF));
    if (!allowed) {
      errors->push_back(
          error(at, "a character reference must name a character XML allows (not NUL, a surrogate or past U+10FFFF)"));
      return false;
    }
  }
  return true;
}

// Nesting past the limit is refused before anything walks the tree.
bool XmlSource::depthWithin(int maxDepth, std::vector<std::string>* errors) const {
  std::vector<std::pair<pugi::xml_node, int>> stack = {{doc_.document_element(), 1}};
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    if (depth > maxDepth) {
      errors->push_back(error(n, "elements nest deeper than the import's limit of " + std::to_string(maxDepth)));
      return false;
    }
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) stack.emplace_back(c, depth + 1);
  }
  return true;
}

std::string_view localName(std::string_view qualifiedName) {
  size_t colon = qualifiedName.find(':');
  return colon == std::string_view::npos ? qualifiedName : qualifiedName.substr(colon + 1);
}

std::string_view prefixOf(std::string_view qualifiedName) {
  size_t colon = qualifiedName.find(':');
  return colon == std::string_view::npos ? std::string_view() : qualifiedName.substr(0, colon);
}

bool namespaceOfPrefix(const pugi::xml_node& at, std::string_view prefix, std::string* uri) {
  // `xml` is bound by definition (XML Namespaces §3), without a declaration.
  if (prefix == "xml") {
    *uri = "http://www.w3.org/XML/1998/namespace";
    return true;
  }
  std::string declaration = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = at; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute(declaration.c_str())) {
      *uri = a.value();
      // `xmlns=""` undeclares the default namespace; a prefix cannot be undeclared in XML 1.0.
      return !uri->empty() || prefix.empty();
    }
  uri->clear();
  return prefix.empty();
}

std::string namespaceOf(const pugi::xml_node& element) {
  std::string uri;
  namespaceOfPrefix(element, prefixOf(element.name()), &uri);
  return uri;
}

bool isNamespaceDeclaration(const pugi::xml_attribute& a) {
  std::string_view name = a.name();
  return name == "xmlns" || name.rfind("xmlns:", 0) == 0;
}

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::vector<std::string> spaceSeparated(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && isXmlSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !isXmlSpace(text[i])) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

std::string trimmedText(const pugi::xml_node& n) {
  std::string s;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) s += c.value();
  size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace refrain::interop
