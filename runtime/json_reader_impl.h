// Internal: the JSON lexer (one token at a time, strict RFC 8259) and the
// streaming reader built on it, a template over its event handler, so that a
// handler known at compile time (the request scanner's) has its events called
// directly instead of through JsonEvents' virtual calls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/json_bytes.h"
#include "runtime/json_reader.h"

namespace refrain::runtime {

class JsonLexer {
 public:
  JsonLexer(std::string_view text, std::string& buffer)
      : p_(text.data()), end_(text.data() + text.size()), buffer_(buffer) {}

  bool atEnd() const { return p_ >= end_; }
  // The next byte; only when !atEnd().
  char next() const { return *p_; }
  void skip() { ++p_; }

  void skipSpace() {
    if (p_ < end_ && *p_ == ' ') ++p_;  // the usual whitespace: one space after a colon or comma
    // Every byte above a space ends the run: one comparison for the usual case.
    while (p_ < end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  // Consumes `c` (after optional whitespace) if it is next.
  bool take(char c) {
    skipSpace();
    if (p_ >= end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  enum class Number { kInvalid, kInteger, kOther };  // kOther: fractions, exponents, integers beyond int64

  Number number(int64_t* value) {
    const char* start = p_;
    bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ >= end_ || !digit(*p_)) return Number::kInvalid;
    if (*p_ == '0') ++p_;
    else while (p_ < end_ && digit(*p_)) ++p_;
    const char* intEnd = p_;
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ >= end_ || !digit(*p_)) return Number::kInvalid;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || !digit(*p_)) return Number::kInvalid;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (!integral) return Number::kOther;
    // Accumulate negatively so that INT64_MIN fits.
    int64_t v = 0;
    for (const char* d = start + negative; d < intEnd; ++d)
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, *d - '0', &v)) return Number::kOther;
    if (!negative && v == INT64_MIN) return Number::kOther;
    *value = negative ? v : -v;
    return Number::kInteger;
  }

  // At an opening quote: reads the string. Strings without escapes are views
  // of the input; escaped ones are decoded into buffer_. Nearly every string
  // is plain ASCII up to its closing quote: that case is settled here, inline;
  // the rest (escapes, UTF-8 and errors) in stringTail().
  bool string(std::string_view* out) {
    const char* start = p_ + 1;
    const char* stop = start + plainJsonBytes(start, end_, true);
    if (stop < end_ && *stop == '"') {
      *out = std::string_view(start, static_cast<size_t>(stop - start));
      p_ = stop + 1;
      return true;
    }
    p_ = stop;
    return stringTail(start, out);
  }

 private:
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // Out of line, in json_reader.cc: the string at `start`, from the first byte
  // at p_ that is not plain ASCII.
  bool stringTail(const char* start, std::string_view* out);
  bool hex4(uint32_t* out);
  void appendUtf8(uint32_t cp);
  bool escape();
  size_t utf8Sequence() const;

  const char* p_;
  const char* end_;
  std::string& buffer_;
};

// One loop over a container stack, each token read by the lexer.
template <class Events>
class JsonReader {
 public:
  JsonReader(std::string_view text, Events& events, std::string& buffer, std::vector<char>& stack)
      : lex_(text, buffer), events_(events), stack_(stack) {}

  JsonResult run(int maxDepth) {
    maxDepth_ = maxDepth;
    stack_.clear();
    lex_.skipSpace();
    if (!value()) return result_;
    while (!stack_.empty()) {
      lex_.skipSpace();
      const bool object = stack_.back() == '{';
      const char close = object ? '}' : ']';
      if (!lex_.atEnd() && lex_.next() == close) {
        lex_.skip();
        stack_.pop_back();
        first_ = false;
        if (!(object ? events_.endObject() : events_.endArray())) return JsonResult::kStopped;
        continue;
      }
      if (!first_) {
        if (lex_.atEnd() || lex_.next() != ',') return JsonResult::kInvalid;
        lex_.skip();
        lex_.skipSpace();
      }
      first_ = false;
      if (object) {
        if (!member()) return result_;
        lex_.skipSpace();
      }
      if (!value()) return result_;
    }
    lex_.skipSpace();
    return lex_.atEnd() ? JsonResult::kOk : JsonResult::kInvalid;
  }

 private:
  bool fail(JsonResult r) {
    result_ = r;
    return false;
  }

  bool emit(bool ok) { return ok || fail(JsonResult::kStopped); }

  // A key and its colon, after `{` or `,`.
  bool member() {
    std::string_view name;
    if (lex_.atEnd() || lex_.next() != '"' || !lex_.string(&name)) return fail(JsonResult::kInvalid);
    if (!lex_.take(':')) return fail(JsonResult::kInvalid);
    return emit(events_.key(name));
  }

  // One value. An opening bracket is only pushed: the loop in run() reads
  // what it holds, so nesting never recurses. Inline in run(): called for
  // every value, as a function it spent more saving registers than working.
  __attribute__((always_inline)) bool value() {
    if (lex_.atEnd()) return fail(JsonResult::kInvalid);
    switch (lex_.next()) {
      case '{':
      case '[': {
        char open = lex_.next();
        lex_.skip();
        if (static_cast<int>(stack_.size()) >= maxDepth_) return fail(JsonResult::kTooDeep);
        stack_.push_back(open);
        first_ = true;
        return emit(open == '{' ? events_.startObject() : events_.startArray());
      }
      case '"': {
        std::string_view s;
        if (!lex_.string(&s)) return fail(JsonResult::kInvalid);
        return emit(events_.string(s));
      }
      case 't': return (lex_.literal("true") || fail(JsonResult::kInvalid)) && emit(events_.boolean(true));
      case 'f': return (lex_.literal("false") || fail(JsonResult::kInvalid)) && emit(events_.boolean(false));
      case 'n': return (lex_.literal("null") || fail(JsonResult::kInvalid)) && emit(events_.null());
      default: {
        int64_t v = 0;
        switch (lex_.number(&v)) {
          case JsonLexer::Number::kInteger: return emit(events_.integer(v));
          case JsonLexer::Number::kOther: return emit(events_.otherNumber());
          default: return fail(JsonResult::kInvalid);
        }
      }
    }
  }

  JsonLexer lex_;
  Events& events_;
  JsonResult result_ = JsonResult::kInvalid;
  std::vector<char>& stack_;  // the open containers: '{' or '['
  bool first_ = false;       // the innermost container has no member yet
  int maxDepth_ = 0;
};

}  // namespace refrain::runtime
