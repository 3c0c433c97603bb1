#include "interop/signal_json.h"

#include <optional>
#include <unordered_set>

#include "interop/json_position.h"

namespace refrain::interop {
namespace {

// nlohmann/json's own tree builder, with two changes: a failure is kept with
// its position instead of thrown, and a key given twice in one object is a
// failure. Its DOM parser throws a number too large for a double (`1e400`)
// without any position; the SAX interface gives one. It keeps the last of a
// repeated key, so `{"use": "notAllowed", "use": "allowed"}` would read as
// allowed; readers disagree on which wins, so a signal must not depend on it.
class PositionedParser {
 public:
  explicit PositionedParser(SignalJson* root) : dom_(*root, false) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(SignalJson::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(SignalJson::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(SignalJson::number_float_t v, const SignalJson::string_t& s) {
    return value() && dom_.number_float(v, s);
  }
  bool string(SignalJson::string_t& v) { return value() && dom_.string(v); }
  bool binary(SignalJson::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) {
    if (!value()) return false;
    open_.push_back(Container{true, {}, {}, 0});
    return dom_.start_object(n);
  }
  bool key(SignalJson::string_t& v) {
    Container& object = open_.back();
    if (!object.keys.insert(v).second) {
      JsonPointer at;
      for (size_t i = 0; i + 1 < open_.size(); ++i)
        at = open_[i].isObject ? at / open_[i].key : at / (open_[i].count - 1);
      repeatedIn = at.to_string();
      repeatedKey = v;
      return false;
    }
    object.key = v;
    return dom_.key(v);
  }
  bool end_object() {
    open_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (!value()) return false;
    open_.push_back(Container{false, {}, {}, 0});
    return dom_.start_array(n);
  }
  bool end_array() {
    open_.pop_back();
    return dom_.end_array();
  }

  // `position` counts the bytes read: for a syntax error the last one is the
  // offending byte; a number is read one byte past its end and then given back.
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    if (e.id == 406) {
      offset = position >= token.size() ? position - token.size() : 0;
      message = "number `" + token + "` is out of range: expected a number a double can hold";
    } else {
      offset = position > 0 ? position - 1 : 0;
      message = "malformed JSON: " + syntaxDetail(e.what());
    }
    return false;
  }

  size_t offset = 0;
  std::string message;
  // Set when a key was given twice: the pointer of its object, and the key.
  std::optional<std::string> repeatedIn;
  std::string repeatedKey;

 private:
  // An object being read (the key of its member being read) or an array
  // (how many elements have started).
  struct Container {
    bool isObject;
    std::unordered_set<std::string> keys;
    std::string key;
    size_t count;
  };

  // A value starts: in an array, one more element.
  bool value() {
    if (!open_.empty() && !open_.back().isObject) ++open_.back().count;
    return true;
  }

  // "[json.exception.parse_error.101] parse error at line 1, column 4: syntax
  // error while parsing value - unexpected ']'; …" without the library's own
  // prefix and position, which the caller gives as file:line:col.
  static std::string syntaxDetail(std::string what) {
    size_t tag = what.find("] ");
    if (what.rfind("[json.exception.", 0) == 0 && tag != std::string::npos) what.erase(0, tag + 2);
    size_t colon = what.find(": ");
    if (what.rfind("parse error", 0) == 0 && colon != std::string::npos) what.erase(0, colon + 2);
    return what;
  }

  nlohmann::detail::json_sax_dom_parser<SignalJson> dom_;
  std::vector<Container> open_;
};

}  // namespace

bool SignalJsonReader::parse(SignalJson* out) {
  SignalJson root;
  PositionedParser parser(&root);
  if (!SignalJson::sax_parse(text_, &parser, nlohmann::detail::input_format_t::json, true, false)) {
    if (parser.repeatedIn)
      return failAtOffset(jsonRepeatedKeyOffset(text_, *parser.repeatedIn, parser.repeatedKey),
                          "repeated key `" + parser.repeatedKey +
                              "`: a key may be given once in an object, and readers differ on which one counts");
    return failAtOffset(parser.offset, parser.message);
  }
  *out = std::move(root);
  return true;
}

bool SignalJsonReader::failAt(const JsonPointer& at, const std::string& why) {
  if (errorCount() > kMostErrors) return false;
  return failAtOffset(jsonValueOffset(text_, at.to_string()), why);
}

bool SignalJsonReader::failAtKey(const JsonPointer& at, const std::string& why) {
  if (errorCount() > kMostErrors) return false;
  return failAtOffset(jsonKeyOffset(text_, at.to_string()), why);
}

bool SignalJsonReader::failAtOffset(size_t offset, const std::string& why) {
  // A pointer that names nothing would be a bug here; the start is then the
  // most honest place to point at.
  if (offset == std::string_view::npos) offset = 0;
  std::string message = errorCount() < kMostErrors
                            ? why
                            : "too many errors: only the first " + std::to_string(kMostErrors) + " are reported";
  errors_->push_back(positionText(fileName_, text_, offset) + ": error: " + message);
  return false;
}

bool writeSignalJson(const SignalJson& json, std::string* out, std::string* error) {
  try {
    *out = json.dump(2) + "\n";
    return true;
  } catch (const SignalJson::type_error&) {
    *error = "the signal's text is not UTF-8: JSON must be";
    return false;
  }
}

}  // namespace refrain::interop
