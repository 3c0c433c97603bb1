// Positions in JSON text (interop/json_position.h): the byte offset of the
// value or key a JSON pointer names, and an offset's line and column.
#define BOOST_TEST_MODULE json_position
#include <boost/test/unit_test.hpp>

#include "interop/json_position.h"

using namespace refrain::interop;

namespace {

constexpr size_t kNone = std::string_view::npos;

// The text at the value `pointer` names, up to `length` bytes, so a case
// reads as what it points at.
std::string valueAt(std::string_view text, std::string_view pointer, size_t length) {
  size_t at = jsonValueOffset(text, pointer);
  return at == kNone ? "(none)" : std::string(text.substr(at, length));
}

std::string lineColumn(std::string_view text, size_t offset) {
  LineColumn at = lineColumnAt(text, offset);
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_whole_document_is_the_empty_pointer) {
  BOOST_TEST(jsonValueOffset("  \n {\"a\": 1}", "") == 4u);
  BOOST_TEST(jsonKeyOffset("{\"a\": 1}", "") == kNone);
  // nlohmann/json skips a byte order mark, and so does the walk; offsets still count it.
  BOOST_TEST(jsonValueOffset("\xEF\xBB\xBF{\"a\": 1}", "/a") == 9u);
}

BOOST_AUTO_TEST_CASE(nested_objects) {
  std::string text = R"({"label": "x", "data": {"entries": {"cawg.ai_training": {"use": "allowed"}}}})";
  BOOST_TEST(valueAt(text, "/label", 3) == "\"x\"");
  BOOST_TEST(valueAt(text, "/data", 12) == "{\"entries\": ");
  BOOST_TEST(valueAt(text, "/data/entries/cawg.ai_training/use", 9) == "\"allowed\"");
  BOOST_TEST(jsonKeyOffset(text, "/data/entries/cawg.ai_training") == text.find("\"cawg.ai_training\""));
  BOOST_TEST(jsonKeyOffset(text, "/label") == 1u);
}

BOOST_AUTO_TEST_CASE(values_of_every_kind_are_skipped) {
  std::string text = R"({"s": "a,}]\"{", "n": -1.5e3, "t": true, "f": false, "z": null, "o": {"x": [1, {"y": "]"}]}, "a": [[], {}], "k": 7})";
  BOOST_TEST(valueAt(text, "/k", 1) == "7");
  BOOST_TEST(valueAt(text, "/n", 6) == "-1.5e3");
  BOOST_TEST(valueAt(text, "/z", 4) == "null");
  BOOST_TEST(valueAt(text, "/o/x/1/y", 3) == "\"]\"");
  BOOST_TEST(valueAt(text, "/a/1", 2) == "{}");
}

BOOST_AUTO_TEST_CASE(arrays) {
  std::string text = "[\n  {\"location\": \"/\"},\n  {\"location\": \"/b/\", \"tdm-reservation\": 1}\n]";
  BOOST_TEST(valueAt(text, "/0", 5) == "{\"loc");
  BOOST_TEST(valueAt(text, "/1/tdm-reservation", 1) == "1");
  BOOST_TEST(valueAt(text, "/1/location", 5) == "\"/b/\"");
  BOOST_TEST(jsonKeyOffset(text, "/1") == kNone);
  BOOST_TEST(jsonValueOffset(text, "/2") == kNone);
  BOOST_TEST(jsonValueOffset("[]", "/0") == kNone);
  // RFC 6901: no leading zeros, and `-` (past the end) names nothing.
  BOOST_TEST(jsonValueOffset(text, "/01") == kNone);
  BOOST_TEST(jsonValueOffset(text, "/-") == kNone);
}

BOOST_AUTO_TEST_CASE(escaped_keys) {
  // A pointer escapes `/` as ~1 and `~` as ~0; the text escapes as JSON does.
  std::string text = R"({"a/b": 1, "m~n": 2, "q\"r": 3, "caf\u00e9": 4, "\ud83c\udfb5": 5, "s\/t": 6, "": 7})";
  BOOST_TEST(valueAt(text, "/a~1b", 1) == "1");
  BOOST_TEST(valueAt(text, "/m~0n", 1) == "2");
  BOOST_TEST(valueAt(text, "/q\"r", 1) == "3");
  BOOST_TEST(valueAt(text, "/caf\xC3\xA9", 1) == "4");
  BOOST_TEST(valueAt(text, "/\xF0\x9F\x8E\xB5", 1) == "5");
  BOOST_TEST(valueAt(text, "/s~1t", 1) == "6");
  BOOST_TEST(valueAt(text, "/", 1) == "7");
  BOOST_TEST(jsonValueOffset(text, "/a~2b") == kNone);  // not an escape
  BOOST_TEST(jsonValueOffset(text, "a") == kNone);      // a pointer starts with `/`
}

BOOST_AUTO_TEST_CASE(whitespace_anywhere) {
  std::string text = "\t{ \r\n \"a\"\n :\t\r\n [ 1 ,\n\n  2 ] , \"b\" : { } }  ";
  BOOST_TEST(valueAt(text, "/a/1", 1) == "2");
  BOOST_TEST(valueAt(text, "/b", 3) == "{ }");
  BOOST_TEST(jsonKeyOffset(text, "/b") == text.find("\"b\""));
}

BOOST_AUTO_TEST_CASE(a_repeated_key_is_its_last_occurrence) {
  // nlohmann/json keeps the last value of a repeated key.
  std::string text = R"({"a": 1, "b": 2, "a": 3})";
  BOOST_TEST(valueAt(text, "/a", 1) == "3");
  BOOST_TEST(jsonKeyOffset(text, "/a") == 17u);
}

BOOST_AUTO_TEST_CASE(a_pointer_into_a_scalar_names_nothing) {
  BOOST_TEST(jsonValueOffset(R"({"a": 1})", "/a/b") == kNone);
  BOOST_TEST(jsonValueOffset(R"({"a": "xy"})", "/a/0") == kNone);
  BOOST_TEST(jsonValueOffset(R"({"a": 1})", "/b") == kNone);
  BOOST_TEST(jsonValueOffset("{}", "/a") == kNone);
}

BOOST_AUTO_TEST_CASE(broken_text_is_never_read_past_its_end) {
  for (std::string_view text : {"{\"a", "{\"a\": [1, ", "[\"\\u12", "{\"a\": \"\\ud83c\"}", "[{", "{\"a\" 1}", "\""})
    BOOST_TEST(jsonValueOffset(text, "/a/1") == kNone, text);
}

BOOST_AUTO_TEST_CASE(line_and_column_in_bytes) {
  std::string text = "{\n  \"a\": \"\xC3\xA9t\xC3\xA9\",\r\n  \"b\": 1\n}";
  BOOST_TEST(lineColumn(text, 0) == "1:1");
  BOOST_TEST(lineColumn(text, 1) == "1:2");  // the LF ends line 1
  BOOST_TEST(lineColumn(text, 2) == "2:1");
  BOOST_TEST(lineColumn(text, jsonValueOffset(text, "/a")) == "2:8");
  // é is two bytes; a CR before the LF is the line's last byte.
  BOOST_TEST(lineColumn(text, text.find("\r")) == "2:16");
  BOOST_TEST(lineColumn(text, jsonValueOffset(text, "/b")) == "3:8");
  BOOST_TEST(lineColumn(text, text.size()) == "4:2");
  BOOST_TEST(lineColumn(text, text.size() + 10) == "4:2");
  BOOST_TEST(lineColumn("", 0) == "1:1");
  BOOST_TEST(positionText("f.json", text, jsonKeyOffset(text, "/b")) == "f.json:3:3");
}
