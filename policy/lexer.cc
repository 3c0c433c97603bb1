// The lexer: turns source text into tokens; literals are validated and valued here.
#include "policy/lexer.h"

#include <cctype>
#include <string_view>

#include "policy/utf8.h"
#include "policy/vocabulary.h"

namespace refrain::policy {

namespace {

struct Keyword { std::string_view word; Tok kind; };
constexpr Keyword kKeywords[] = {
    {"policy", Tok::kPolicy}, {"by", Tok::kBy}, {"effective", Tok::kEffective},
    {"expires", Tok::kExpires}, {"on", Tok::kOn}, {"allow", Tok::kAllow},
    {"deny", Tok::kDeny}, {"except", Tok::kExcept}, {"when", Tok::kWhen},
    {"pay", Tok::kPay}, {"split", Tok::kSplit}, {"duty", Tok::kDuty},
    {"consent", Tok::kConsent}, {"from", Tok::kFrom}, {"for", Tok::kFor},
    {"region", Tok::kRegion}, {"and", Tok::kAnd}, {"or", Tok::kOr},
    {"not", Tok::kNot}, {"in", Tok::kIn}, {"true", Tok::kTrue},
    {"false", Tok::kFalse}, {"has", Tok::kHas},
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || isUpper(c) || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int daysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

class Lexer {
 public:
  Lexer(const SourceFile& source, int file, Diagnostics& diags, const LexLimits& limits,
        const LexOptions& options)
      : text_(source.text), file_(file), diags_(diags), limits_(limits), options_(options) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    if (text_.size() > limits_.maxSourceBytes) {
      diags_.error({file_, 1, 1}, "source is too large (limit is " +
                                      std::to_string(limits_.maxSourceBytes) + " bytes)");
      tokens.push_back({Tok::kEnd, {file_, 1, 1}, "", 0, 0, 0, {}});
      return tokens;
    }
    if (!checkUtf8()) {
      tokens.push_back({Tok::kEnd, {file_, 1, 1}, "", 0, 0, 0, {}});
      return tokens;
    }
    for (;;) {
      skipSpaceAndComments(tokens);
      size_t start = pos_;
      Token token = next();
      token.offset = start;
      token.length = pos_ - start;
      tokens.push_back(token);
      if (token.kind == Tok::kEnd) break;
    }
    return tokens;
  }

 private:
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  Span here() const { return {file_, line_, static_cast<int>(pos_ - lineStart_) + 1}; }
  void advance() {
    if (text_[pos_] == '\n') { ++line_; lineStart_ = pos_ + 1; }
    ++pos_;
  }

  bool checkUtf8() {
    size_t bad = invalidUtf8At(text_);
    if (bad == std::string_view::npos) return true;
    while (pos_ < bad) advance();
    diags_.error(here(), "source is not valid UTF-8");
    return false;
  }

  void skipSpaceAndComments(std::vector<Token>& tokens) {
    while (pos_ < text_.size()) {
      char c = peek();
      if (c == '#') {
        Span span = here();
        size_t start = pos_;
        while (pos_ < text_.size() && peek() != '\n') advance();
        if (options_.keepComments) {
          size_t end = pos_;
          while (end > start && (text_[end - 1] == ' ' || text_[end - 1] == '\t' || text_[end - 1] == '\r')) --end;
          Token comment = make(Tok::kComment, span, std::string(text_.substr(start, end - start)));
          comment.offset = start;
          comment.length = end - start;
          tokens.push_back(std::move(comment));
        }
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else {
        break;
      }
    }
  }

  Token make(Tok kind, Span span, std::string text = {}, int64_t number = 0) {
    return {kind, span, std::move(text), number, 0, 0, {}};
  }

  Token fail(Span span, std::string message) {
    diags_.error(span, std::move(message));
    return make(Tok::kError, span);
  }

  Token next() {
    Span span = here();
    if (pos_ >= text_.size()) return make(Tok::kEnd, span);
    char c = peek();
    if (isIdentStart(c)) return identifier(span);
    if (isDigit(c)) return number(span);
    if (c == '"') return string(span);
    return punctuation(span);
  }

  Token identifier(Span span) {
    size_t start = pos_;
    bool dotted = false;
    for (;;) {
      while (isIdentChar(peek())) advance();
      if (peek() == '.' && isIdentStart(peek(1))) { dotted = true; advance(); continue; }
      break;
    }
    std::string word(text_.substr(start, pos_ - start));
    if (!dotted)
      for (const Keyword& k : kKeywords)
        if (k.word == word) return make(k.kind, span, word);
    return make(Tok::kIdent, span, word);
  }

  Token punctuation(Span span) {
    char c = peek();
    advance();
    auto two = [&](char second, Tok yes, Tok no) {
      if (peek() == second) { advance(); return make(yes, span); }
      return make(no, span);
    };
    switch (c) {
      case '{': return make(Tok::kLBrace, span);
      case '}': return make(Tok::kRBrace, span);
      case '[': return make(Tok::kLBracket, span);
      case ']': return make(Tok::kRBracket, span);
      case '(': return make(Tok::kLParen, span);
      case ')': return make(Tok::kRParen, span);
      case ',': return make(Tok::kComma, span);
      case '+': return make(Tok::kPlus, span);
      case '-': return make(Tok::kMinus, span);
      case '*': return make(Tok::kStar, span);
      case '=': return two('=', Tok::kEq, Tok::kAssign);
      case '<': return two('=', Tok::kLe, Tok::kLt);
      case '>': return two('=', Tok::kGe, Tok::kGt);
      case '!':
        if (peek() == '=') { advance(); return make(Tok::kNe, span); }
        return fail(span, "unexpected character `!`; did you mean `!=` or `not`?");
      default:
        break;
    }
    // Skip the rest of a multi-byte character so the message shows all of it.
    size_t start = pos_ - 1;
    while (pos_ < text_.size() && (static_cast<unsigned char>(peek()) >> 6) == 2) advance();
    return fail(span, "unexpected character `" + std::string(text_.substr(start, pos_ - start)) + "`");
  }

  // Reads digits (with `_` separators when allowed) into `digits`.
  void readDigits(std::string& digits, bool underscores) {
    while (isDigit(peek()) || (underscores && peek() == '_' && isDigit(peek(1)))) {
      if (peek() != '_') digits += peek();
      advance();
    }
  }

  bool looksLikeDate() const {
    for (int i = 0; i < 4; ++i) if (!isDigit(peek(i))) return false;
    return peek(4) == '-' && isDigit(peek(5)) && isDigit(peek(6)) && peek(7) == '-' &&
           isDigit(peek(8)) && isDigit(peek(9));
  }

  Token number(Span span) {
    if (looksLikeDate()) return dateOrTimestamp(span);
    std::string whole;
    readDigits(whole, true);
    std::string fraction;
    bool decimal = peek() == '.' && isDigit(peek(1));
    if (decimal) { advance(); readDigits(fraction, false); }
    if (peek() == '%') { advance(); return percent(span, whole, fraction); }
    size_t save = pos_; int saveLine = line_; size_t saveStart = lineStart_;
    while (peek() == ' ' || peek() == '\t') advance();
    if (isUpper(peek()) && isUpper(peek(1)) && isUpper(peek(2)) && !isIdentChar(peek(3)))
      return money(span, whole, fraction);
    pos_ = save; line_ = saveLine; lineStart_ = saveStart;
    if (decimal) return fail(span, "a decimal number must be money (`1.50 USD`) or a percent (`12.5%`)");
    if (isIdentStart(peek())) return fail(span, "unexpected `" + std::string(1, peek()) + "` after a number");
    int64_t value = 0;
    if (!scaled(whole, "", 0, &value)) return fail(span, "integer literal `" + whole + "` does not fit in 64 bits");
    return make(Tok::kInt, span, whole, value);
  }

  // whole.fraction * 10^scale as an integer; false on overflow.
  static bool scaled(const std::string& whole, const std::string& fraction, int scale, int64_t* out) {
    int64_t value = 0;
    std::string digits = whole + fraction + std::string(scale - fraction.size(), '0');
    for (char d : digits) {
      if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, d - '0', &value))
        return false;
    }
    *out = value;
    return true;
  }

  Token percent(Span span, const std::string& whole, const std::string& fraction) {
    if (fraction.size() > 4) return fail(span, "a percent has at most 4 fractional digits");
    int64_t ppm = 0;
    if (!scaled(whole, fraction, 4, &ppm)) return fail(span, "percent `" + whole + "%` is too large");
    return make(Tok::kPercent, span, whole, ppm);
  }

  Token money(Span span, const std::string& whole, const std::string& fraction) {
    Span codeSpan = here();
    std::string code(text_.substr(pos_, 3));
    for (int i = 0; i < 3; ++i) advance();
    if (fraction.size() > 6) return fail(span, "money has at most 6 fractional digits");
    if (!isCurrencyCode(code)) return fail(codeSpan, "unknown currency `" + code + "`");
    int64_t micros = 0;
    if (!scaled(whole, fraction, 6, &micros)) return fail(span, "money amount is too large");
    return make(Tok::kMoney, span, code, micros);
  }

  int twoDigits() {
    int value = (peek() - '0') * 10 + (peek(1) - '0');
    advance(); advance();
    return value;
  }

  bool expectTwoDigits(int* out) {
    if (!isDigit(peek()) || !isDigit(peek(1))) return false;
    *out = twoDigits();
    return true;
  }

  // After a malformed date or timestamp: skip what is left of it, so the
  // rest of the literal does not turn into further errors.
  Token badTime(Span span, std::string message) {
    while (isDigit(peek()) || peek() == ':' || peek() == '+' || peek() == '-' || peek() == 'T' || peek() == 'Z' ||
           peek() == '.')
      advance();
    return fail(span, std::move(message));
  }

  Token dateOrTimestamp(Span span) {
    int year = twoDigits() * 100 + twoDigits();
    advance();
    int month = twoDigits();
    advance();
    int day = twoDigits();
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
      return badTime(span, "invalid date");
    int64_t seconds = daysFromCivil(year, month, day) * 86400;
    if (peek() != 'T') {
      if (isIdentChar(peek())) return badTime(span, "invalid date");
      return make(Tok::kTime, span, "", seconds);
    }
    advance();
    int hour = 0, minute = 0, second = 0;
    bool ok = expectTwoDigits(&hour) && peek() == ':';
    if (ok) { advance(); ok = expectTwoDigits(&minute) && peek() == ':'; }
    if (ok) { advance(); ok = expectTwoDigits(&second); }
    if (!ok || hour > 23 || minute > 59 || second > 59)
      return badTime(span, "invalid timestamp; write it as `2026-01-01T12:30:00Z`");
    seconds += hour * 3600 + minute * 60 + second;
    if (peek() == 'Z') {
      advance();
    } else if (peek() == '+' || peek() == '-') {
      int sign = peek() == '+' ? 1 : -1;
      advance();
      int oh = 0, om = 0;
      ok = expectTwoDigits(&oh) && peek() == ':';
      if (ok) { advance(); ok = expectTwoDigits(&om); }
      if (!ok || oh > 23 || om > 59) return badTime(span, "invalid timestamp offset; write it as `+hh:mm`");
      seconds -= sign * (oh * 3600 + om * 60);
      // 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z: what RFC 3339 can write back.
      if (seconds < -62167219200 || seconds > 253402300799)
        return badTime(span, "timestamp is outside the years 0000 to 9999 in UTC");
    } else {
      return badTime(span, "a timestamp needs a `Z` or `+hh:mm` offset");
    }
    if (isIdentChar(peek())) return badTime(span, "invalid timestamp");
    return make(Tok::kTime, span, "", seconds);
  }

  // After `\u`: `{HEX}` with 1 to 6 digits naming a Unicode scalar value.
  bool unicodeEscape(std::string& value) {
    if (peek() != '{') return false;
    advance();
    uint32_t cp = 0;
    int digits = 0;
    while (std::isxdigit(static_cast<unsigned char>(peek())) && digits < 7) {
      char h = peek();
      cp = cp * 16 + (isDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
      ++digits;
      advance();
    }
    if (peek() != '}' || digits == 0 || digits > 6 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    advance();
    appendUtf8(cp, &value);
    return true;
  }

  // After a bad `\u`: the rest of its `{...}` is part of the bad escape, so
  // that no stray `}` reaches the text (and a duty text's second error).
  void skipBadUnicodeEscape() {
    while (pos_ < text_.size() && peek() != '"' && peek() != '\n' && peek() != '}') advance();
    if (pos_ < text_.size() && peek() == '}') advance();
  }

  // A string literal. Besides its value, the token keeps the source column
  // of each value byte (textCols), so that a diagnostic about a duty text's
  // `{field}` points inside the string even after escapes.
  Token string(Span span) {
    advance();  // opening quote
    std::string value;
    std::vector<int> cols;
    for (;;) {
      if (pos_ >= text_.size() || peek() == '\n') return fail(span, "unterminated string");
      char c = peek();
      int col = here().col;
      if (c == '"') { advance(); break; }
      if (c != '\\') { value += c; cols.push_back(col); advance(); continue; }
      Span escape = here();
      advance();
      char e = peek();
      if (pos_ < text_.size()) advance();
      if (e == '"' || e == '\\') value += e;
      else if (e == 'n') value += '\n';
      else if (e == 't') value += '\t';
      else if (e == 'u' && unicodeEscape(value)) {}
      else if (e == 'u') {
        diags_.error(escape, "invalid unicode escape; write it as `\\u{1F3B5}`");
        skipBadUnicodeEscape();
      } else {
        diags_.error(escape, "invalid escape in string; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{HEX}`");
      }
      cols.resize(value.size(), col);  // every byte of an escape's value sits at its backslash
    }
    if (value.size() > limits_.maxStringBytes)
      return fail(span, "string is too long (limit is " + std::to_string(limits_.maxStringBytes) + " bytes)");
    Token t = make(Tok::kString, span, value);
    t.textCols = std::move(cols);
    return t;
  }

  std::string_view text_;
  int file_;
  Diagnostics& diags_;
  const LexLimits& limits_;
  const LexOptions& options_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t lineStart_ = 0;
};

}  // namespace

std::vector<Token> lex(const SourceFile& source, int file, Diagnostics& diags, const LexLimits& limits,
                       const LexOptions& options) {
  return Lexer(source, file, diags, limits, options).run();
}

std::string tokName(Tok kind) {
  switch (kind) {
    case Tok::kEnd: return "end of file";
    case Tok::kError: return "invalid token";
    case Tok::kIdent: return "name";
    case Tok::kString: return "string";
    case Tok::kInt: return "integer";
    case Tok::kMoney: return "money";
    case Tok::kPercent: return "percent";
    case Tok::kTime: return "date";
    case Tok::kComment: return "comment";
    case Tok::kLBrace: return "`{`";
    case Tok::kRBrace: return "`}`";
    case Tok::kLBracket: return "`[`";
    case Tok::kRBracket: return "`]`";
    case Tok::kLParen: return "`(`";
    case Tok::kRParen: return "`)`";
    case Tok::kComma: return "`,`";
    case Tok::kAssign: return "`=`";
    case Tok::kPlus: return "`+`";
    case Tok::kMinus: return "`-`";
    case Tok::kStar: return "`*`";
    case Tok::kEq: return "`==`";
    case Tok::kNe: return "`!=`";
    case Tok::kLt: return "`<`";
    case Tok::kLe: return "`<=`";
    case Tok::kGt: return "`>`";
    case Tok::kGe: return "`>=`";
    default: break;
  }
  for (const Keyword& k : kKeywords)
    if (k.kind == kind) return "`" + std::string(k.word) + "`";
  return "token";
}

}  // namespace refrain::policy
