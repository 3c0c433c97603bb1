// Bundle serialisation: the layout's field lists walked with a writing archive, then header and hash.
#include "compiler/bundle_writer.h"

#include <string>
#include <type_traits>

#include "runtime/bundle_layout.h"
#include "runtime/catalog_table.h"
#include "runtime/sha256.h"

namespace refrain::compiler {

namespace {

using namespace refrain::runtime;

class WriteArchive {
 public:
  std::string bytes;

  void varint(uint64_t v) {
    while (v >= 0x80) {
      bytes.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    bytes.push_back(static_cast<char>(v));
  }
  void operator()(bool& v) { varint(v ? 1 : 0); }
  void operator()(uint8_t& v) { varint(v); }
  void operator()(uint32_t& v) { varint(v); }
  void operator()(int64_t& v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void operator()(int32_t& v) {
    int64_t wide = v;
    (*this)(wide);
  }
  void operator()(std::string& s) {
    varint(s.size());
    bytes += s;
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    varint(v.size());
    for (T& item : v) {
      if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) (*this)(item);
      else io(*this, item);
    }
  }
};

}  // namespace

std::vector<uint8_t> writeBundle(Bundle bundle) {
  WriteArchive payload;
  auto writeSection = [&](SectionTag tag, std::string body) {
    uint32_t t = static_cast<uint32_t>(tag);
    payload(t);
    payload(body);
  };
  forEachSection(bundle, [&](SectionTag tag, auto&& body) {
    WriteArchive section;
    body(section);
    writeSection(tag, std::move(section.bytes));
  });
  writeSection(SectionTag::kCatalog, encodeCatalog(bundle.works));
  std::vector<uint8_t> out(kHeaderSize + payload.bytes.size());
  for (int i = 0; i < 4; ++i) out[i] = kBundleMagic[i];
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<uint8_t>(kBundleFormatVersion >> (8 * i));
  std::copy(payload.bytes.begin(), payload.bytes.end(), out.begin() + kHeaderSize);
  auto digest = sha256(out.data() + kHeaderSize, out.size() - kHeaderSize);
  std::copy(digest.begin(), digest.end(), out.begin() + 8);
  return out;
}

}  // namespace refrain::compiler
