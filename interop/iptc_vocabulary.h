// The names IPTC PLUS Data Mining is written with (IPTC Photo Metadata
// 2023.1, PLUS License Data Format 2.0.1), for its export and import.
#pragma once

namespace refrain::interop::iptc {

inline constexpr const char* kPlusNamespace = "http://ns.useplus.org/ldf/xmp/1.0/";
inline constexpr const char* kVocabulary = "http://ns.useplus.org/ldf/vocab/";
inline constexpr const char* kRdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

}  // namespace refrain::interop::iptc
