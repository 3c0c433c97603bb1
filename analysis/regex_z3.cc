// Supported: literals, `.`, classes `[...]` and `[^...]` with ranges,
// `\d \D \w \W \s \S`, escaped punctuation, `\n \t \r \f \v`, groups `(...)`
// and `(?:...)`, `|`, `* + ?` (greedy or lazy: the same language),
// `{n}` `{n,}` `{n,m}`, and `^` / `$` at the very start and end. RE2's
// defaults hold throughout: case-sensitive, `.` does not match `\n`, `$`
// only at the end of the text. `(?i)` at the very start folds case for
// ASCII letters as RE2 does (with Unicode's simple folds: `k` also matches
// U+212A KELVIN SIGN, `s` U+017F LONG S). Not supported: other flags, `(?i)`
// elsewhere or with letters past ASCII, `\b \B \A \z`, Unicode classes
// `\p{..}`, named groups, POSIX classes.
#include "analysis/regex_z3.h"

#include <algorithm>
#include <vector>

namespace refrain::analysis {

namespace {

class Translator {
 public:
  Translator(z3::context& ctx, const std::string& pattern, Unsupported* unsupported)
      : ctx_(ctx), p_(pattern), unsupported_(unsupported), sort_(ctx, Z3_mk_re_sort(ctx, ctx.string_sort())) {}

  bool failed() const { return failed_; }

  z3::expr run() {
    size_t end = p_.size();
    size_t begin = 0;
    if (p_.compare(0, 4, "(?i)") == 0) {
      foldCase_ = true;
      begin = 4;
    }
    bool startAnchor = begin < end && p_[begin] == '^';
    bool endAnchor = end > 0 && p_[end - 1] == '$' && !escapedAt(end - 1);
    pos_ = begin + (startAnchor ? 1 : 0);
    end_ = endAnchor ? end - 1 : end;
    if (end_ < pos_) end_ = pos_;
    z3::expr body = alternation(0);
    if (pos_ != end_) fail("an unbalanced `)`");
    if ((startAnchor || endAnchor) && topLevelBar_) fail("`^` or `$` beside a top-level `|`");
    if (failed_) return full();
    std::vector<z3::expr> parts;
    if (!startAnchor) parts.push_back(full());
    parts.push_back(body);
    if (!endAnchor) parts.push_back(full());
    return concat(parts);
  }

 private:
  bool escapedAt(size_t i) const {
    size_t backslashes = 0;
    while (i > backslashes && p_[i - 1 - backslashes] == '\\') ++backslashes;
    return backslashes % 2 == 1;
  }

  void fail(const std::string& what) {
    if (!failed_) unsupported_->add("the pattern \"" + p_ + "\" uses " + what + ", which the analyser does not translate");
    failed_ = true;
  }

  z3::expr full() { return z3::expr(ctx_, Z3_mk_re_full(ctx_, sort_)); }
  z3::expr empty() { return z3::expr(ctx_, Z3_mk_re_empty(ctx_, sort_)); }
  z3::expr epsilon() { return z3::to_re(ctx_.string_val("")); }
  z3::expr charRange(uint32_t lo, uint32_t hi) {
    if (hi > kMaxSolverChar) {
      fail("characters past U+2FFFF");
      hi = kMaxSolverChar;
    }
    if (lo > hi) return empty();
    return z3::expr(ctx_, Z3_mk_re_range(ctx_, charString(lo), charString(hi)));
  }
  z3::expr charString(uint32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%x}", cp);
    return z3::expr(ctx_, Z3_mk_string(ctx_, buf));
  }
  z3::expr concat(const std::vector<z3::expr>& parts) {
    if (parts.empty()) return epsilon();
    if (parts.size() == 1) return parts[0];
    std::vector<Z3_ast> asts(parts.begin(), parts.end());
    return z3::expr(ctx_, Z3_mk_re_concat(ctx_, static_cast<unsigned>(asts.size()), asts.data()));
  }
  z3::expr either(const std::vector<z3::expr>& parts) {
    if (parts.empty()) return empty();
    if (parts.size() == 1) return parts[0];
    std::vector<Z3_ast> asts(parts.begin(), parts.end());
    return z3::expr(ctx_, Z3_mk_re_union(ctx_, static_cast<unsigned>(asts.size()), asts.data()));
  }

  // A set of characters as disjoint-or-not ranges.
  using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;
  // Under `(?i)`, a set of characters with the other case of each ASCII
  // letter added; any character past ASCII makes the pattern unsupported.
  Ranges folded(const Ranges& ranges) {
    if (!foldCase_) return ranges;
    Ranges out = ranges;
    for (auto [lo, hi] : ranges) {
      if (hi >= 0x80) fail("`(?i)` with a character past ASCII");  // Unicode folds: not translated
      for (uint32_t c = std::max<uint32_t>(lo, 'A'); c <= std::min<uint32_t>(hi, 'z'); ++c) {
        if (c >= 'a' && c <= 'z') out.push_back({c - 32, c - 32});
        else if (c >= 'A' && c <= 'Z') out.push_back({c + 32, c + 32});
        if (c == 'k' || c == 'K') out.push_back({0x212A, 0x212A});
        if (c == 's' || c == 'S') out.push_back({0x17F, 0x17F});
      }
    }
    return out;
  }

  z3::expr ofRanges(const Ranges& given, bool negated) {
    const Ranges ranges = folded(given);
    if (!negated) {
      std::vector<z3::expr> parts;
      for (auto [lo, hi] : ranges) parts.push_back(charRange(lo, hi));
      return either(parts);
    }
    // The complement within single characters: walk the gaps of the sorted ranges.
    Ranges sorted = ranges;
    std::sort(sorted.begin(), sorted.end());
    std::vector<z3::expr> parts;
    uint32_t next = 0;
    for (auto [lo, hi] : sorted) {
      if (lo > next) parts.push_back(charRange(next, lo - 1));
      if (hi + 1 > next) next = hi + 1;
    }
    if (next <= kMaxSolverChar) parts.push_back(charRange(next, kMaxSolverChar));
    return either(parts);
  }

  static Ranges digits() { return {{'0', '9'}}; }
  static Ranges word() { return {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {'_', '_'}}; }
  static Ranges space() { return {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}; }  // RE2's \s: [\t\n\f\r ]

  // UTF-8 at pos_ to one code point.
  uint32_t takeChar() {
    unsigned char c = static_cast<unsigned char>(p_[pos_]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
    ++pos_;
    for (int k = 0; k < extra && pos_ < end_; ++k, ++pos_) cp = (cp << 6) | (static_cast<unsigned char>(p_[pos_]) & 0x3F);
    return cp;
  }

  // After a backslash: a class (into `ranges`, `negated`), or a single character.
  bool escape(Ranges* ranges, bool* negated, uint32_t* single) {
    if (pos_ >= end_) {
      fail("a trailing `\\`");
      return false;
    }
    char c = p_[pos_++];
    *negated = false;
    switch (c) {
      case 'd': *ranges = digits(); return true;
      case 'D': *ranges = digits(); *negated = true; return true;
      case 'w': *ranges = word(); return true;
      case 'W': *ranges = word(); *negated = true; return true;
      case 's': *ranges = space(); return true;
      case 'S': *ranges = space(); *negated = true; return true;
      case 'n': *single = '\n'; return false;
      case 't': *single = '\t'; return false;
      case 'r': *single = '\r'; return false;
      case 'f': *single = '\f'; return false;
      case 'v': *single = '\v'; return false;
      default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
          fail(std::string("`\\") + c + "`");
          *single = static_cast<unsigned char>(c);
          return false;
        }
        --pos_;
        *single = takeChar();  // escaped punctuation (or any other character) is itself
        return false;
    }
  }

  z3::expr bracket() {  // after `[`
    bool negated = pos_ < end_ && p_[pos_] == '^';
    if (negated) ++pos_;
    Ranges ranges;
    bool first = true;
    while (pos_ < end_ && (p_[pos_] != ']' || first)) {
      first = false;
      if (p_.compare(pos_, 2, "[:") == 0) {
        fail("a POSIX class `[:...:]`");
        return full();
      }
      uint32_t lo;
      if (p_[pos_] == '\\') {
        ++pos_;
        Ranges cls;
        bool clsNegated;
        if (escape(&cls, &clsNegated, &lo)) {
          if (clsNegated) fail("a negated class escape inside `[...]`");
          ranges.insert(ranges.end(), cls.begin(), cls.end());
          continue;
        }
      } else {
        lo = takeChar();
      }
      uint32_t hi = lo;
      if (pos_ + 1 < end_ && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        if (p_[pos_] == '\\') {
          ++pos_;
          Ranges cls;
          bool clsNegated;
          if (escape(&cls, &clsNegated, &hi)) fail("a class escape as a range's end");
        } else {
          hi = takeChar();
        }
      }
      ranges.push_back({lo, hi});
    }
    if (pos_ >= end_) {
      fail("an unclosed `[`");
      return full();
    }
    ++pos_;  // `]`
    return ofRanges(ranges, negated);
  }

  z3::expr literal(uint32_t c) {
    if (!foldCase_) return z3::to_re(charString(c));
    return ofRanges({{c, c}}, false);
  }

  z3::expr atom() {
    char c = p_[pos_];
    if (c == '(') {
      ++pos_;
      if (p_.compare(pos_, 2, "?:") == 0) pos_ += 2;
      else if (pos_ < end_ && p_[pos_] == '?') fail("a group with flags or a name `(?...)`");
      z3::expr inner = alternation(1);
      if (pos_ >= end_ || p_[pos_] != ')') {
        fail("an unclosed `(`");
        return full();
      }
      ++pos_;
      return inner;
    }
    if (c == '[') {
      ++pos_;
      return bracket();
    }
    if (c == '.') {
      ++pos_;
      return ofRanges({{'\n', '\n'}}, true);
    }
    if (c == '^' || c == '$') {
      ++pos_;
      fail("`^` or `$` inside the pattern");
      return epsilon();
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      // RE2 reads a `{` that starts no repetition as a literal.
      if (c == '{') {
        ++pos_;
        return z3::to_re(charString('{'));
      }
      ++pos_;
      fail("a repetition with nothing to repeat");
      return epsilon();
    }
    if (c == '\\') {
      ++pos_;
      Ranges ranges;
      bool negated;
      uint32_t single;
      if (escape(&ranges, &negated, &single)) return ofRanges(ranges, negated);
      return literal(single);
    }
    return literal(takeChar());
  }

  // `{n}`, `{n,}`, `{n,m}` at pos_; false (pos_ unmoved) when it is no repetition.
  bool counted(unsigned* lo, long* hi) {
    size_t p = pos_ + 1, start = p;
    auto number = [&](unsigned long* out) {
      size_t s = p;
      *out = 0;
      while (p < end_ && p_[p] >= '0' && p_[p] <= '9' && p - s < 5) *out = *out * 10 + static_cast<unsigned>(p_[p++] - '0');
      return p > s && !(p - s > 1 && p_[s] == '0');  // RE2 reads `{01}` as text: no leading zeros in a count
    };
    unsigned long a = 0, b = 0;
    if (!number(&a)) return false;
    (void)start;
    long top = static_cast<long>(a);
    if (p < end_ && p_[p] == ',') {
      ++p;
      top = number(&b) ? static_cast<long>(b) : -1;
    }
    if (p >= end_ || p_[p] != '}') return false;
    if (a > 1000 || top > 1000 || (top >= 0 && static_cast<unsigned long>(top) < a)) return false;
    pos_ = p + 1;
    *lo = static_cast<unsigned>(a);
    *hi = top;
    return true;
  }

  z3::expr repeat() {
    z3::expr r = atom();
    while (pos_ < end_) {
      char c = p_[pos_];
      unsigned lo;
      long hi;
      if (c == '*') r = z3::expr(ctx_, Z3_mk_re_star(ctx_, r));
      else if (c == '+') r = z3::expr(ctx_, Z3_mk_re_plus(ctx_, r));
      else if (c == '?') r = z3::expr(ctx_, Z3_mk_re_option(ctx_, r));
      else if (c == '{' && counted(&lo, &hi)) {
        r = hi < 0 ? concat({z3::expr(ctx_, Z3_mk_re_loop(ctx_, r, lo, lo)), z3::expr(ctx_, Z3_mk_re_star(ctx_, r))})
                   : z3::expr(ctx_, Z3_mk_re_loop(ctx_, r, lo, static_cast<unsigned>(hi)));
        if (pos_ < end_ && p_[pos_] == '?') ++pos_;  // lazy: the same language
        continue;
      } else {
        break;
      }
      ++pos_;
      if (pos_ < end_ && p_[pos_] == '?') ++pos_;  // lazy: the same language
      if (pos_ < end_ && (p_[pos_] == '*' || p_[pos_] == '+')) fail("a repetition of a repetition");
    }
    return r;
  }

  z3::expr sequence() {
    std::vector<z3::expr> parts;
    while (pos_ < end_ && p_[pos_] != '|' && p_[pos_] != ')') parts.push_back(repeat());
    return concat(parts);
  }

  z3::expr alternation(int depth) {
    std::vector<z3::expr> options{sequence()};
    while (pos_ < end_ && p_[pos_] == '|') {
      if (depth == 0) topLevelBar_ = true;
      ++pos_;
      options.push_back(sequence());
    }
    if (depth == 0 && pos_ < end_ && p_[pos_] == ')') fail("an unbalanced `)`");
    return either(options);
  }

  z3::context& ctx_;
  const std::string& p_;
  Unsupported* unsupported_;
  z3::sort sort_;
  size_t pos_ = 0, end_ = 0;
  bool failed_ = false, topLevelBar_ = false, foldCase_ = false;
};

}  // namespace

bool regexOf(z3::context& ctx, const std::string& pattern, z3::expr* language, Unsupported* unsupported) {
  Translator t(ctx, pattern, unsupported);
  *language = t.run();
  return !t.failed();
}

}  // namespace refrain::analysis
