// A strict, streaming JSON reader (RFC 8259) for requests: events, no tree, no recursion.
//
// Why not nlohmann's SAX parser: reading a request through it cost about 80
// instructions per byte, most of a decision's time; this reader costs a
// fraction of that. nlohmann::json remains the oracle in json_reader_test,
// which checks that both accept and reject the same texts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain::runtime {

// Receives the values of a JSON text in order. A handler returning false
// stops the reading (the result is then kStopped).
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  virtual bool null() = 0;
  virtual bool boolean(bool value) = 0;
  virtual bool integer(int64_t value) = 0;   // an integer that fits int64
  virtual bool otherNumber() = 0;            // fractions, exponents, integers beyond int64
  virtual bool string(std::string_view value) = 0;  // unescaped, valid UTF-8
  virtual bool key(std::string_view name) = 0;
  virtual bool startObject() = 0;
  virtual bool endObject() = 0;
  virtual bool startArray() = 0;
  virtual bool endArray() = 0;
};

enum class JsonResult { kOk, kInvalid, kTooDeep, kStopped };

// Reads `text` as exactly one JSON value surrounded by optional whitespace.
// Objects and arrays may nest at most `maxDepth` deep. Strings are checked
// to be valid UTF-8, escapes decoded (surrogate pairs joined; lone
// surrogates are invalid). `buffer` holds decoded strings, and `stack` the
// open containers, between calls so that steady-state reading allocates nothing.
JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer,
                    std::vector<char>& stack);
JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer);

}  // namespace refrain::runtime
