#include "interop/xml_writer.h"

namespace refrain::interop {
namespace {

void escaped(const std::string& text, bool attribute, std::string* out) {
  size_t from = out->size();
  for (char c : text) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += attribute ? ">" : "&gt;"; break;
      case '"': *out += attribute ? "&quot;" : "\""; break;
      case '\r': *out += "&#13;"; break;  // a parser would read a raw one as a line feed
      case '\n': *out += attribute ? "&#10;" : "\n"; break;
      case '\t': *out += attribute ? "&#9;" : "\t"; break;
      default:
        // XML 1.0 holds no other control character: say that one was there.
        if (static_cast<unsigned char>(c) >= 0x20) *out += c;
        else *out += "\xEF\xBF\xBD";
    }
  }
  // Nor U+FFFE or U+FFFF (EF BF BE, EF BF BF in UTF-8).
  for (size_t at = from; (at = out->find("\xEF\xBF", at)) != std::string::npos; at += 3)
    if (at + 2 < out->size() && (out->at(at + 2) == '\xBE' || out->at(at + 2) == '\xBF')) (*out)[at + 2] = '\xBD';
}

void element(const XmlElement& e, size_t depth, std::string* out) {
  std::string indent(2 * depth, ' ');
  *out += indent + "<" + e.name;
  for (const auto& [key, value] : e.attributes) {
    *out += " " + key + "=\"";
    escaped(value, true, out);
    *out += "\"";
  }
  if (e.children.empty() && e.text.empty()) {
    *out += " />\n";
    return;
  }
  *out += ">";
  if (e.children.empty()) {
    escaped(e.text, false, out);
    *out += "</" + e.name + ">\n";
    return;
  }
  *out += "\n";
  for (const XmlElement& c : e.children) element(c, depth + 1, out);
  *out += indent + "</" + e.name + ">\n";
}

}  // namespace

std::string writeXml(const std::vector<std::string>& prolog, const XmlElement& root,
                     const std::vector<std::string>& epilog) {
  std::string out;
  for (const std::string& line : prolog) out += line + "\n";
  element(root, 0, &out);
  for (const std::string& line : epilog) out += line + "\n";
  return out;
}

}  // namespace refrain::interop
