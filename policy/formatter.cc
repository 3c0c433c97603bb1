// The formatter: re-lays the token stream (comments included) in the canonical layout.
#include "policy/formatter.h"

#include <vector>

#include "policy/lexer.h"
#include "policy/parser.h"

namespace refrain::policy {

namespace {

// Tokens that end a run at bracket depth 0: the start of a clause, a policy
// item, a block or a top-level item. None can occur inside an expression.
bool isStop(Tok kind) {
  switch (kind) {
    case Tok::kWhen: case Tok::kPay: case Tok::kSplit: case Tok::kDuty: case Tok::kAllow: case Tok::kDeny:
    case Tok::kEffective: case Tok::kExpires: case Tok::kOn: case Tok::kConsent: case Tok::kPolicy:
    case Tok::kRegion: case Tok::kLBrace: case Tok::kRBrace: case Tok::kEnd:
      return true;
    default:
      return false;
  }
}

bool isClause(Tok kind) {
  return kind == Tok::kWhen || kind == Tok::kPay || kind == Tok::kSplit || kind == Tok::kDuty;
}

bool isRule(Tok kind) { return kind == Tok::kAllow || kind == Tok::kDeny; }

// Tokens after which a `-` is a binary minus; after any other it is unary.
bool endsOperand(Tok kind) {
  switch (kind) {
    case Tok::kIdent: case Tok::kInt: case Tok::kMoney: case Tok::kPercent: case Tok::kTime: case Tok::kString:
    case Tok::kTrue: case Tok::kFalse: case Tok::kRParen: case Tok::kRBracket:
      return true;
    default:
      return false;
  }
}

// Single spaces between tokens, none inside brackets, before `,` or a call's `(`.
bool spaced(Tok before, Tok after) {
  if (before == Tok::kLParen || before == Tok::kLBracket) return false;
  if (after == Tok::kRParen || after == Tok::kRBracket || after == Tok::kComma) return false;
  return !(after == Tok::kLParen && (before == Tok::kIdent || before == Tok::kHas));
}

// How many blank lines go before something: none, one, or one if the author had any.
enum class Gap { kNone, kOne, kKeep };

struct PendingComment {
  std::string text;
  bool blankBefore;  // the author left a blank line above it
};

class Formatter {
 public:
  Formatter(const std::string& text, std::vector<Token> tokens) : text_(text), tokens_(std::move(tokens)) {}

  std::string run() {
    for (;;) {
      collectComments();
      if (peek().kind == Tok::kEnd) {
        if (!pending_.empty()) leadIn(0, Gap::kKeep, Gap::kKeep, Gap::kNone);
        break;
      }
      leadIn(0, Gap::kOne, Gap::kKeep, Gap::kKeep);
      if (peek().kind == Tok::kPolicy) policy();
      else emitRun(0, 4);  // region NAME = [...]
    }
    std::string out;
    for (const std::string& line : lines_) out += line + "\n";
    return out;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }

  // The token as written; money has exactly one space before its currency.
  std::string lexeme(const Token& t) const {
    std::string raw = text_.substr(t.offset, t.length);
    if (t.kind != Tok::kMoney) return raw;
    return raw.substr(0, raw.find_first_of(" \t")) + " " + t.text;
  }

  void consume() {
    lastLine_ = peek().span.line;
    if (peek().kind != Tok::kComment) lastCodeLine_ = lastLine_;
    if (peek().kind != Tok::kEnd) ++pos_;
  }

  void blank() {
    if (!lines_.empty() && !lines_.back().empty()) lines_.emplace_back();
  }

  void gap(Gap g, bool authorBlank) {
    if (g == Gap::kOne || (g == Gap::kKeep && authorBlank)) blank();
  }

  // Comments at the cursor: one on the line of the last token stays at the
  // end of that line; whole-line comments wait in `pending_` for leadIn.
  void collectComments() {
    while (peek().kind == Tok::kComment) {
      if (peek().span.line == lastCodeLine_ && !lines_.empty()) lines_.back() += "  " + peek().text;
      else pending_.push_back({peek().text, peek().span.line - lastLine_ > 1});
      consume();
    }
    blankBeforeNext_ = peek().span.line - lastLine_ > 1;
  }

  // Writes the pending comments at `indent` above the next item: `first`
  // goes before the first comment (or the item when there are none),
  // `between` between comments, `last` between the last comment and the item.
  void leadIn(int indent, Gap first, Gap between, Gap last) {
    Gap g = first;
    for (const PendingComment& c : pending_) {
      gap(g, c.blankBefore);
      lines_.push_back(std::string(indent, ' ') + c.text);
      g = between;
    }
    gap(pending_.empty() ? first : last, blankBeforeNext_);
    pending_.clear();
  }

  // Whole-line comments followed by a stop belong to what follows the run.
  bool commentsBeforeStop() const {
    size_t j = pos_;
    while (tokens_[j].kind == Tok::kComment) ++j;
    return isStop(tokens_[j].kind);
  }

  const Token& nextCode(size_t from) const {
    while (tokens_[from].kind == Tok::kComment) ++from;
    return tokens_[from];
  }

  // Writes tokens up to the next stop at depth 0 on one line at `indent`
  // (or on the current line), keeping the author's breaks at `and`/`or`
  // and after comments; continuation lines are indented `cont`.
  void emitRun(int indent, int cont, bool newLine = true) {
    if (newLine) lines_.push_back(std::string(indent, ' '));
    int depth = 0;
    bool breakNext = false;
    Tok prev = Tok::kEnd;
    bool prevUnaryMinus = false;  // `-x` and `-5` keep the minus against its operand
    for (bool first = true;; first = false) {
      const Token& t = peek();
      if (t.kind == Tok::kComment) {
        if (t.span.line == lastCodeLine_) {
          lines_.back() += "  " + t.text;
        } else {
          if (depth == 0 && commentsBeforeStop()) return;
          lines_.push_back(std::string(cont, ' ') + t.text);
        }
        breakNext = true;
        consume();
        continue;
      }
      if (depth == 0 && isStop(t.kind) && !first) return;
      if ((t.kind == Tok::kAnd || t.kind == Tok::kOr) &&
          (t.span.line != lastCodeLine_ || nextCode(pos_ + 1).span.line != t.span.line))
        breakNext = true;
      if (breakNext) {
        lines_.push_back(std::string(cont, ' '));
        prev = Tok::kEnd;
        breakNext = false;
      } else if (prev != Tok::kEnd && !prevUnaryMinus && spaced(prev, t.kind)) {
        lines_.back() += ' ';
      }
      prevUnaryMinus = t.kind == Tok::kMinus && !endsOperand(prev);
      lines_.back() += lexeme(t);
      codeWidth_ = lines_.back().size();
      if (t.kind == Tok::kLParen || t.kind == Tok::kLBracket) ++depth;
      if (t.kind == Tok::kRParen || t.kind == Tok::kRBracket) --depth;
      prev = t.kind;
      consume();
    }
  }

  // `policy "name" by role "party" {`, its items at two spaces, `}`.
  void policy() {
    emitRun(0, 4);
    lines_.back() += " {";
    consume();
    bool first = true;
    bool afterHeader = false;
    for (;;) {
      collectComments();
      Tok kind = peek().kind;
      if (kind == Tok::kRBrace || kind == Tok::kEnd) {
        if (!pending_.empty()) leadIn(2, first ? Gap::kNone : Gap::kKeep, Gap::kKeep, Gap::kNone);
        lines_.push_back("}");
        consume();
        return;
      }
      Gap g = first ? Gap::kNone : afterHeader && isRule(kind) ? Gap::kOne : Gap::kKeep;
      leadIn(2, g, Gap::kKeep, Gap::kKeep);
      if (isRule(kind)) rule();
      else emitRun(2, 2 + static_cast<int>(peek().length) + 1);
      afterHeader = !isRule(kind);
      first = false;
    }
  }

  // True when the `when` at the cursor is the rule's only clause and sits,
  // unbroken and without comments, on the line of the rule's uses.
  bool whenStaysInline() const {
    const Token& when = peek();
    if (when.span.line != lastCodeLine_) return false;
    int depth = 0;
    for (size_t j = pos_ + 1;; ++j) {
      const Token& t = tokens_[j].kind == Tok::kComment ? nextCode(j) : tokens_[j];
      if (depth == 0 && isStop(t.kind)) return !isClause(t.kind);
      if (tokens_[j].kind == Tok::kComment || t.span.line != when.span.line) return false;
      if (t.kind == Tok::kLParen || t.kind == Tok::kLBracket) ++depth;
      if (t.kind == Tok::kRParen || t.kind == Tok::kRBracket) --depth;
    }
  }

  // A rule with no clause but a short `when` may keep it on its first line,
  // as the author wrote it, when the line stays within this many columns.
  static constexpr size_t kMaxInlineWidth = 80;

  // `allow USES` or `deny USES except USES`, then a clause a line at four spaces.
  void rule() {
    size_t start = pos_;
    emitRun(2, 6);
    bool except = false;
    for (size_t j = start; j < pos_; ++j) except = except || tokens_[j].kind == Tok::kExcept;
    if (peek().kind == Tok::kWhen && !except && whenStaysInline()) {
      std::string head = lines_.back();
      size_t savedPos = pos_;
      lines_.back() += ' ';
      emitRun(0, 0, false);
      if (codeWidth_ > kMaxInlineWidth) {  // INVARIANT: an inline `when` wrote to this line only
        lines_.back() = head;
        pos_ = savedPos;
        lastLine_ = lastCodeLine_ = tokens_[pos_].span.line;
      }
    }
    for (;;) {
      collectComments();
      if (!isClause(peek().kind)) return;
      leadIn(4, Gap::kNone, Gap::kNone, Gap::kNone);
      emitRun(4, 4 + static_cast<int>(peek().length) + 1);
    }
  }

  const std::string& text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int lastLine_ = 0;      // source line of the last token consumed, comments included
  int lastCodeLine_ = 0;  // source line of the last token consumed that is not a comment
  bool blankBeforeNext_ = false;
  size_t codeWidth_ = 0;  // width of the current line up to its last token, comments excluded
  std::vector<PendingComment> pending_;
  std::vector<std::string> lines_;
};

}  // namespace

bool formatSource(const SourceFile& in, std::string* out, Diagnostics& diags) {
  Program scratch;
  scratch.sources.push_back(in);
  Diagnostics parsed;
  parseSource(scratch, 0, parsed);
  if (parsed.hasErrors()) {
    for (const Diagnostic& d : parsed.all()) {
      if (d.severity == Severity::kError) diags.error(d.span, d.message);
      else diags.warning(d.span, d.message);
    }
    return false;
  }
  Diagnostics ignored;
  LexOptions options;
  options.keepComments = true;
  *out = Formatter(in.text, lex(in, 0, ignored, {}, options)).run();
  return true;
}

}  // namespace refrain::policy
