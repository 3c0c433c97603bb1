// Fuzz target: the batch endpoint's body splitter (server/line_splitter.h)
// against a plain model of `refrain eval --requests`' reading.
//
// The input's first byte picks the longest line (1 to 64 bytes), the next
// bytes how the body arrives in pieces (1 to 16 bytes each, repeating); the
// rest is the body. Invariants: no crash; the lines, their lengths, which
// are too long and the kept bytes of those are the model's, however the
// body is cut into pieces.
#include <string>
#include <string_view>
#include <vector>

#include "server/line_splitter.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

struct Seen {
  std::string text;
  size_t length;
  bool tooLong;
  bool operator==(const Seen& o) const { return text == o.text && length == o.length && tooLong == o.tooLong; }
};

std::vector<Seen> model(std::string_view body, size_t maxLine) {
  std::vector<Seen> out;
  while (!body.empty()) {
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    bool tooLong = line.size() > maxLine;
    if (!tooLong && refrain::server::blankLine(line)) continue;
    out.push_back({std::string(tooLong ? line.substr(0, maxLine + 1) : line), line.size(), tooLong});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t maxLine = 1 + data[0] % 64;
  size_t cuts = 1 + data[1] % 8;
  if (size < 2 + cuts) return 0;
  std::vector<size_t> pieces;
  for (size_t i = 0; i < cuts; ++i) pieces.push_back(1 + data[2 + i] % 16);
  std::string_view body(reinterpret_cast<const char*>(data) + 2 + cuts, size - 2 - cuts);

  std::vector<Seen> got;
  refrain::server::LineSplitter splitter(maxLine);
  auto on = [&](const refrain::server::Line& l) { got.push_back({std::string(l.text), l.length, l.tooLong}); };
  std::string_view rest = body;
  for (size_t i = 0; !rest.empty(); ++i) {
    size_t n = std::min(rest.size(), pieces[i % pieces.size()]);
    splitter.feed(rest.substr(0, n), on);
    rest.remove_prefix(n);
  }
  splitter.finish(on);
  if (!(got == model(body, maxLine))) refrain::fuzz::die("the splitter's lines differ from the model's");
  return 0;
}
