// Fuzz target: the runtime's hand-written JSON reader against nlohmann/json.
//
// Invariants: no crash; the reader accepts exactly the texts nlohmann/json
// accepts (RFC 8259), nesting limit, byte order marks and NUL bytes aside;
// every string it hands out is
// valid UTF-8; events balance.
#include <nlohmann/json.hpp>

#include "runtime/json_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace rf = refrain;
namespace rt = refrain::runtime;

bool validUtf8(std::string_view s) {
  static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || i + n >= s.size()) return false;
    uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

enum class Verdict { kAccepts, kRejects, kUnknown };

// nlohmann's verdict; unknown when it stops at a number beyond a double's
// range (`4e4521`, which RFC 8259 allows and the reader accepts), since it
// then never reads the rest of the text.
Verdict nlohmannVerdict(std::string_view text) {
  if (nlohmann::json::accept(text)) return Verdict::kAccepts;
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);  // GCC ignores a (void) cast on [[nodiscard]]
    (void)parsed;
  } catch (const nlohmann::json::out_of_range&) {
    return Verdict::kUnknown;
  } catch (const nlohmann::json::exception&) {
  }
  return Verdict::kRejects;
}

class Checker : public rt::JsonEvents {
 public:
  int depth = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool integer(int64_t) override { return true; }
  bool otherNumber() override { return true; }
  bool string(std::string_view v) override { return utf8(v); }
  bool key(std::string_view v) override { return utf8(v); }
  bool startObject() override { ++depth; return true; }
  bool endObject() override { return --depth >= 0; }
  bool startArray() override { ++depth; return true; }
  bool endArray() override { return --depth >= 0; }

 private:
  bool utf8(std::string_view v) {
    if (!validUtf8(v)) rf::fuzz::die("the reader handed out invalid UTF-8");
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Checker events;
  std::string buffer;
  // Inputs are far shorter than this depth, so kTooDeep cannot hide a disagreement.
  rt::JsonResult result = rt::readJson(text, events, 1 << 20, buffer);
  if (result == rt::JsonResult::kStopped) rf::fuzz::die("unbalanced events");
  bool ours = result == rt::JsonResult::kOk;
  // nlohmann skips a leading byte order mark and stops at a NUL byte as if
  // the text ended there; the project refuses both (RFC 8259 §8.1 allows
  // refusing a BOM, and no JSON text holds a raw NUL).
  bool refusedByChoice = text.substr(0, 3) == "\xEF\xBB\xBF" || text.find('\0') != std::string_view::npos;
  Verdict verdict = refusedByChoice ? Verdict::kRejects : nlohmannVerdict(text);
  if (verdict == Verdict::kUnknown) return 0;
  bool theirs = verdict == Verdict::kAccepts;
  if (ours != theirs)
    rf::fuzz::die(std::string("the JSON reader ") + (ours ? "accepts" : "rejects") + " a text nlohmann/json " +
                  (theirs ? "accepts" : "rejects"));
  if (ours && events.depth != 0) rf::fuzz::die("unbalanced events");
  return 0;
}
