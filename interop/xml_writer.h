// A small XML writer for the signals Refrain exports (RSL, XMP): elements,
// attributes and text, laid out two spaces an indent. It needs no XML
// library, so the exporters build for WebAssembly too (the artist portal
// publishes signals in the browser); reading XML stays with pugixml
// (xml_source.h), on the native side.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace refrain::interop {

struct XmlElement {
  std::string name;  // qualified, as written: `rsl`, `plus:DataMining`
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;  // for an element without children
  std::vector<XmlElement> children;

  XmlElement& attribute(std::string key, std::string value) {
    attributes.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  XmlElement& child(std::string childName) {
    children.push_back(XmlElement{std::move(childName), {}, {}, {}});
    return children.back();
  }
};

// The document: `prolog` lines (a declaration, processing instructions),
// `root`, then `epilog` lines, each line ending in a newline. An element
// with children puts each on its own line; one with text keeps it on its
// line; an empty one is `<name />`. Text and attribute values are escaped;
// characters XML 1.0 cannot hold (control characters other than tab, line
// feed and carriage return, U+FFFE, U+FFFF) become U+FFFD.
std::string writeXml(const std::vector<std::string>& prolog, const XmlElement& root,
                     const std::vector<std::string>& epilog);

}  // namespace refrain::interop
