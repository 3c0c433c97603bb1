// Unit tests for runtime/json_reader.h (strict RFC 8259, checked against nlohmann::json as the oracle) and the plain-run scan of runtime/json_bytes.h.
#define BOOST_TEST_MODULE json_reader
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "runtime/json_bytes.h"
#include "runtime/json_reader.h"

namespace rt = refrain::runtime;

namespace {

// Records events as a compact trace: `{`, `}`, `[`, `]`, `k:name`, `s:text`, `i:42`, `n`, `b1`, `z` (null).
class Trace : public rt::JsonEvents {
 public:
  std::string out;
  bool null() override { out += "z "; return true; }
  bool boolean(bool v) override { out += v ? "b1 " : "b0 "; return true; }
  bool integer(int64_t v) override { out += "i:" + std::to_string(v) + " "; return true; }
  bool otherNumber() override { out += "n "; return true; }
  bool string(std::string_view v) override { out += "s:" + std::string(v) + " "; return true; }
  bool key(std::string_view v) override { out += "k:" + std::string(v) + " "; return true; }
  bool startObject() override { out += "{ "; return true; }
  bool endObject() override { out += "} "; return true; }
  bool startArray() override { out += "[ "; return true; }
  bool endArray() override { out += "] "; return true; }
};

rt::JsonResult read(const std::string& text, std::string* trace = nullptr, int depth = 64) {
  Trace t;
  std::string buffer;
  rt::JsonResult r = rt::readJson(text, t, depth, buffer);
  if (trace) *trace = t.out;
  return r;
}

bool accepts(const std::string& text) { return read(text) == rt::JsonResult::kOk; }

// nlohmann's verdict, except that it refuses numbers beyond a double's range
// (error 406), which RFC 8259 allows; our reader accepts them as non-integers.
bool nlohmannAccepts(const std::string& text) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);
    (void)parsed;
    return true;
  } catch (const nlohmann::json::out_of_range& e) {
    return e.id == 406;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(events_and_values) {
  std::string trace;
  BOOST_TEST((read(R"( {"a": [1, -2, 3.5, 1e3, true, false, null, "x\"\u00e9\ud83c\udfb5"], "b": {}} )", &trace) == rt::JsonResult::kOk));
  BOOST_TEST(trace == "{ k:a [ i:1 i:-2 n n b1 b0 z s:x\"\xC3\xA9\xF0\x9F\x8E\xB5 ] k:b { } } ");
  BOOST_TEST((read("-9223372036854775808", &trace) == rt::JsonResult::kOk));
  BOOST_TEST(trace == "i:-9223372036854775808 ");
  BOOST_TEST((read("9223372036854775808", &trace) == rt::JsonResult::kOk));
  BOOST_TEST(trace == "n ");
}

BOOST_AUTO_TEST_CASE(refuses_what_rfc_8259_refuses) {
  for (const char* bad : {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "1e",
                          "+1", "tru", "nul", "\"abc", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\tb\"",
                          "[1 2]", "{} {}", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "NaN", "[-]", "{\"a\":}"})
    BOOST_TEST(!accepts(bad), "accepted: " << bad);
}

BOOST_AUTO_TEST_CASE(depth_is_limited_without_recursion) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  BOOST_TEST((read(deep, nullptr, 32) == rt::JsonResult::kTooDeep));
  BOOST_TEST((read("[[[]]]", nullptr, 3) == rt::JsonResult::kOk));
  BOOST_TEST((read("[[[[]]]]", nullptr, 3) == rt::JsonResult::kTooDeep));
}

BOOST_AUTO_TEST_CASE(agrees_with_nlohmann_on_mutated_requests) {
  const std::string seed =
      R"({"use": "ai.train", "work": {"id": "W\u00e9", "tags": ["a", "b"]}, "context": {"units": 12, "x": [1.5, -3e2, null, true]}})";
  const char alphabet[] = "{}[],:\"\\ 0123456789-+.eEtruefalsn\x80\xc3\xa9u";
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] { state = state * 6364136223846793005ull + 1442695040888963407ull; return state >> 33; };
  int disagreements = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string text = seed;
    int edits = 1 + next() % 3;
    for (int e = 0; e < edits; ++e) {
      size_t at = next() % (text.size() + 1);
      char c = alphabet[next() % (sizeof alphabet - 1)];
      switch (next() % 3) {
        case 0: text.insert(text.begin() + at, c); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = c; break;
      }
    }
    bool ours = accepts(text);
    bool theirs = nlohmannAccepts(text);
    if (ours != theirs && ++disagreements <= 5) BOOST_ERROR("disagree on: " << text << " ours=" << ours);
  }
  BOOST_TEST(disagreements == 0);
}

// The plain-run scan has three strides (sixteen bytes on SSE2, eight-byte
// words, single bytes) and an overlapping last word: every byte value, at
// every position of runs up to 40 bytes, checked against the byte-by-byte rule.
BOOST_AUTO_TEST_CASE(plain_runs_stop_at_the_first_byte_json_treats_specially) {
  for (bool asciiOnly : {true, false})
    for (size_t length = 0; length <= 40; ++length)
      for (size_t at = 0; at <= length; ++at)
        for (int byte = 0; byte < 256; ++byte) {
          std::string text(length, 'a');
          if (at < length) text[at] = static_cast<char>(byte);
          const char* begin = text.data();
          const char* end = begin + text.size();
          size_t expected = 0;
          while (expected < length && !rt::jsonStopByte(static_cast<unsigned char>(text[expected]), asciiOnly)) ++expected;
          BOOST_TEST_REQUIRE(rt::plainJsonBytes(begin, end, asciiOnly) == expected,
                             "length " << length << ", byte " << byte << " at " << at << ", asciiOnly " << asciiOnly);
          if (asciiOnly) continue;
          std::string copy(length, '\0');
          BOOST_TEST_REQUIRE(rt::copyPlainJsonBytes(begin, end, &copy[0]) == expected);
          BOOST_TEST_REQUIRE(copy.substr(0, expected) == text.substr(0, expected));
        }
}

// Strings whose escapes and UTF-8 fall on either side of the lexer's inline
// fast path decode the same as nlohmann's.
BOOST_AUTO_TEST_CASE(strings_decode_wherever_escapes_and_utf8_fall) {
  for (const std::string special : {"\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83c\\udfb5", "\xC3\xA9", "\xF0\x9F\x8E\xB5"})
    for (size_t before = 0; before <= 34; ++before)
      for (size_t after : {0, 1, 17}) {
        const std::string body = std::string(before, 'x') + special + std::string(after, 'y');
        const std::string json = "[\"" + body + "\", 1]";
        std::string trace;
        BOOST_TEST_REQUIRE((read(json, &trace) == rt::JsonResult::kOk), json);
        BOOST_TEST_REQUIRE(trace == "[ s:" + nlohmann::json::parse(json)[0].get<std::string>() + " i:1 ] ", json);
      }
}
