// JSON signals (TDMRep's tdmrep.json, the CAWG assertion) read and written
// with nlohmann/json. Reading adds what the library lacks: every problem,
// syntax or meaning, as `file:line:col: error: …` at the bytes it is about.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace refrain::interop {

// Members keep their order: output is laid out as written, and notes about
// what an import ignored come in file order.
using SignalJson = nlohmann::ordered_json;
using JsonPointer = SignalJson::json_pointer;

class SignalJsonReader {
 public:
  SignalJsonReader(std::string_view fileName, std::string_view text, std::vector<std::string>* errors)
      : fileName_(fileName), text_(text), errors_(errors), errorsBefore_(errors->size()) {}

  // The whole text as one JSON value (no comments). False with the syntax
  // error, or a number too large, at its position.
  bool parse(SignalJson* out);

  // Adds `file:line:col: error: why` at the value `at` names, or at the key
  // of the member it names. Returns false, so a check can `return fail…`.
  // Past kMostErrors one last line says so and the rest are dropped: each
  // position is found by reading the text again, and a file of many bad
  // rules must not take time in the square of its size.
  bool failAt(const JsonPointer& at, const std::string& why);
  bool failAtKey(const JsonPointer& at, const std::string& why);

  // No error has been added since the reader was made.
  bool clean() const { return errors_->size() == errorsBefore_; }

  static constexpr size_t kMostErrors = 20;

 private:
  size_t errorCount() const { return errors_->size() - errorsBefore_; }
  bool failAtOffset(size_t offset, const std::string& why);

  std::string fileName_;
  std::string_view text_;
  std::vector<std::string>* errors_;
  size_t errorsBefore_;
};

// `json` with two-space indents, ending in a newline. False with a message
// when a string in it is not UTF-8 (a JSON text must be).
bool writeSignalJson(const SignalJson& json, std::string* out, std::string* error);

}  // namespace refrain::interop
