// The parser: recursive descent over the token list, one function per grammar rule.
#include "policy/parser.h"

#include "policy/lexer.h"

namespace refrain::policy {

namespace {

// Thrown inside the parser only, to unwind to the nearest recovery point.
struct SyntaxError {};

class Parser {
 public:
  Parser(std::vector<Token> tokens, Diagnostics& diags, const ParseLimits& limits)
      : tokens_(std::move(tokens)), diags_(diags), limits_(limits) {}

  void file(Program& program) {
    while (!at(Tok::kEnd)) {
      try {
        if (at(Tok::kRegion)) program.regions.push_back(region());
        else if (at(Tok::kPolicy)) program.policies.push_back(policy());
        else error(peek().span, "expected `policy` or `region`, found " + describe(peek()));
      } catch (SyntaxError&) {
        skipTo({Tok::kPolicy, Tok::kRegion});
      }
    }
  }

  ExprPtr expressionOnly() {
    try {
      ExprPtr e = expression();
      if (!at(Tok::kEnd)) error(peek().span, "unexpected " + describe(peek()) + " after the expression");
      return e;
    } catch (SyntaxError&) {
      return nullptr;
    }
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  bool at(Tok kind) const { return peek().kind == kind; }
  bool atWord(const char* word) const { return at(Tok::kIdent) && peek().text == word; }
  Token take() {
    Token t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  bool accept(Tok kind) {
    if (!at(kind)) return false;
    take();
    return true;
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::kIdent: return "`" + t.text + "`";
      case Tok::kString: return "string \"" + t.text + "\"";
      case Tok::kInt: return "`" + t.text + "`";
      default: return tokName(t.kind);
    }
  }

  [[noreturn]] void error(Span span, std::string message) {
    // A kError token was already reported by the lexer: do not pile on.
    if (peek().kind != Tok::kError || span.line != peek().span.line || span.col != peek().span.col)
      diags_.error(span, std::move(message));
    throw SyntaxError{};
  }

  Token expect(Tok kind, const char* what) {
    if (!at(kind)) error(peek().span, std::string("expected ") + what + ", found " + describe(peek()));
    return take();
  }

  void skipTo(std::initializer_list<Tok> stops) {
    int depth = 0;
    while (!at(Tok::kEnd)) {
      for (Tok s : stops)
        if (at(s) && depth <= 0) return;
      if (at(Tok::kLBrace)) ++depth;
      if (at(Tok::kRBrace)) {
        if (depth == 0) { take(); return; }
        --depth;
      }
      take();
    }
  }

  Region region() {
    Region r;
    r.span = take().span;
    Token name = expect(Tok::kIdent, "a region name");
    r.name = name.text;
    r.span = name.span;
    expect(Tok::kAssign, "`=`");
    r.list = expression();
    return r;
  }

  Policy policy() {
    Policy p;
    take();
    Token name = expect(Tok::kString, "the policy name as a string");
    p.name = name.text;
    p.span = name.span;
    expect(Tok::kBy, "`by`");
    Token role = expect(Tok::kIdent, "a role (`artist`, `label`, `publisher`, `writer`, `producer` or `platform`)");
    p.role = role.text;
    p.roleSpan = role.span;
    p.party = expect(Tok::kString, "the party id as a string").text;
    expect(Tok::kLBrace, "`{`");
    while (!at(Tok::kRBrace) && !at(Tok::kEnd)) {
      try {
        policyItem(p);
      } catch (SyntaxError&) {
        skipTo({Tok::kAllow, Tok::kDeny, Tok::kEffective, Tok::kExpires, Tok::kOn,
                Tok::kConsent, Tok::kRBrace, Tok::kPolicy, Tok::kRegion});
        if (at(Tok::kPolicy) || at(Tok::kRegion)) return p;
      }
    }
    expect(Tok::kRBrace, "`}`");
    return p;
  }

  void policyItem(Policy& p) {
    Span span = peek().span;
    switch (peek().kind) {
      case Tok::kEffective:
        take();
        if (p.effective) error(span, "policy `" + p.name + "` already has `effective`");
        p.effective = expect(Tok::kTime, "a date such as `2026-01-01`").number;
        p.effectiveSpan = span;
        return;
      case Tok::kExpires:
        take();
        if (p.expires) error(span, "policy `" + p.name + "` already has `expires`");
        p.expires = expect(Tok::kTime, "a date such as `2027-01-01`").number;
        p.expiresSpan = span;
        return;
      case Tok::kOn:
        take();
        if (p.on) error(span, "policy `" + p.name + "` already has an `on` scope");
        p.on = expression();
        return;
      case Tok::kConsent:
        p.consents.push_back(consent());
        return;
      case Tok::kAllow:
      case Tok::kDeny:
        p.rules.push_back(rule());
        return;
      default:
        error(span, "expected a rule (`allow` or `deny`) or `}`, found " + describe(peek()));
    }
  }

  Consent consent() {
    Consent c;
    c.span = take().span;
    expect(Tok::kFrom, "`from`");
    do {
      Token role = expect(Tok::kIdent, "a role");
      c.roles.push_back(role.text);
      c.roleSpans.push_back(role.span);
    } while (accept(Tok::kComma));
    expect(Tok::kFor, "`for`");
    c.uses = useList();
    return c;
  }

  std::vector<UseRef> useList() {
    std::vector<UseRef> uses;
    do {
      Token use = expect(Tok::kIdent, "a use such as `ai.train`");
      uses.push_back({use.text, use.span});
    } while (accept(Tok::kComma));
    return uses;
  }

  // Clauses must come in this order; the index says how far a rule has got.
  enum Clause { kWhenClause, kPayClause, kSplitClause, kDutyClause };

  void clauseOrder(int& last, Clause clause, Span span, const char* word) {
    static const char* kNames[] = {"when", "pay", "split", "duty"};
    if (clause < last || (clause == last && clause != kDutyClause))
      error(span, std::string("`") + word + "` cannot come after `" + kNames[last] +
                      "`; a rule's clauses come in the order when, pay, split, duty");
    last = clause;
  }

  Rule rule() {
    Rule r;
    r.allow = at(Tok::kAllow);
    r.span = take().span;
    r.uses = useList();
    if (at(Tok::kExcept)) {
      Span span = take().span;
      if (r.allow) error(span, "`except` is only allowed on a `deny` rule");
      r.except = useList();
    }
    int last = -1;
    for (;;) {
      Span span = peek().span;
      if (accept(Tok::kWhen)) {
        clauseOrder(last, kWhenClause, span, "when");
        r.when = expression();
      } else if (at(Tok::kPay) || at(Tok::kSplit) || at(Tok::kDuty)) {
        if (!r.allow) error(span, tokName(peek().kind) + " is only allowed on an `allow` rule");
        allowClause(r, last);
      } else if (at(Tok::kExcept)) {
        error(span, "`except` must come right after the uses of a `deny` rule");
      } else {
        endOfRule();
        return r;
      }
    }
  }

  // A rule ends where the next policy item or the policy's `}` begins.
  // Anything else is a typo inside the rule: the rule is dropped, so its
  // half-parsed expression cannot cause a second, misleading error.
  void endOfRule() {
    switch (peek().kind) {
      case Tok::kAllow: case Tok::kDeny: case Tok::kRBrace: case Tok::kEffective: case Tok::kExpires:
      case Tok::kOn: case Tok::kConsent: case Tok::kPolicy: case Tok::kRegion: case Tok::kEnd:
        return;
      case Tok::kAssign:
        error(peek().span, "unexpected `=`; compare with `==`");
      default:
        error(peek().span, "unexpected " + describe(peek()) + " in a rule");
    }
  }

  void allowClause(Rule& r, int& last) {
    Span span = peek().span;
    if (accept(Tok::kPay)) {
      clauseOrder(last, kPayClause, span, "pay");
      r.pay = expression();
    } else if (accept(Tok::kSplit)) {
      clauseOrder(last, kSplitClause, span, "split");
      r.splitSpan = span;
      do {
        Token role = expect(Tok::kIdent, "a role");
        Token pct = expect(Tok::kPercent, "a percentage such as `50%`");
        r.split.push_back({role.text, pct.number, role.span});
      } while (accept(Tok::kComma));
    } else {
      take();
      clauseOrder(last, kDutyClause, span, "duty");
      Duty d;
      d.span = span;
      d.name = expect(Tok::kIdent, "a duty name such as `attribution`").text;
      if (at(Tok::kString)) {
        Token text = take();
        d.hasText = true;
        d.parts = dutyText(text);
      }
      r.duties.push_back(std::move(d));
    }
  }

  // Splits a duty text into literal parts and `{field}` parts; `{{` and `}}`
  // stand for literal braces. Escapes were decoded by the lexer, so `\u{7B}`
  // is a `{` like any other. A field must be a path as in an expression:
  // the checker resolves it like a name, and each error points inside the
  // string, at the brace or at the name.
  std::vector<TextPart> dutyText(const Token& token) {
    std::vector<TextPart> parts;
    const std::string& s = token.text;
    std::string literal;
    for (size_t i = 0; i < s.size(); ++i) {
      if ((s[i] == '{' || s[i] == '}') && i + 1 < s.size() && s[i + 1] == s[i]) {
        literal += s[i++];
        continue;
      }
      if (s[i] == '}') error(inString(token, i), "unmatched `}` in duty text; write `}}` for a literal brace");
      if (s[i] != '{') { literal += s[i]; continue; }
      size_t close = s.find('}', i);
      if (close == std::string::npos) error(inString(token, i), "unclosed `{` in duty text; write `{{` for a literal brace");
      std::string name = s.substr(i + 1, close - i - 1);
      if (!isFieldPath(name))
        error(inString(token, i), "malformed field name `{" + name + "}` in duty text; write `{{` and `}}` for literal braces");
      if (!literal.empty()) parts.push_back({false, literal, nullptr});
      literal.clear();
      auto field = std::make_unique<Expr>();
      field->kind = ExprKind::kName;
      field->span = inString(token, i + 1);
      field->text = name;
      parts.push_back({true, name, std::move(field)});
      i = close;
    }
    if (!literal.empty()) parts.push_back({false, literal, nullptr});
    return parts;
  }

  // Where byte `i` of a string token's value was written.
  static Span inString(const Token& token, size_t i) {
    Span span = token.span;
    if (i < token.textCols.size()) span.col = token.textCols[i];
    return span;
  }

  // Identifiers joined by single dots, as a name in an expression is written.
  static bool isFieldPath(const std::string& name) {
    bool segmentStart = true;
    for (char c : name) {
      bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      bool digit = c >= '0' && c <= '9';
      if (c == '.' && !segmentStart) { segmentStart = true; continue; }
      if (!(letter || (digit && !segmentStart))) return false;
      segmentStart = false;
    }
    return !segmentStart;
  }

  // ---- expressions, loosest first: or, and, not, comparison, + -, * ----

  struct DepthGuard {
    DepthGuard(Parser& p, Span span) : parser(p) { parser.deeper(span); }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };

  // One level of the expression tree more: a parenthesis, a `not`, or one
  // more operator in a chain (`a or b or c` is a tree two levels deep). Every
  // later pass recurses over the tree, so its depth is what must be bounded.
  void deeper(Span span) {
    if (++depth_ <= limits_.maxExprDepth) return;
    --depth_;  // error() throws: no guard will undo this level
    error(span, "expression nests too deeply (limit is " + std::to_string(limits_.maxExprDepth) + ")");
  }

  // Counts the operators of one chain as levels of depth while it is parsed.
  struct ChainGuard {
    explicit ChainGuard(Parser& p) : parser(p) {}
    void next(Span span) {
      parser.deeper(span);
      ++levels;
    }
    ~ChainGuard() { parser.depth_ -= levels; }
    Parser& parser;
    int levels = 0;
  };

  static ExprPtr binary(BinOp op, Span span, ExprPtr left, ExprPtr right) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->op = op;
    e->span = span;
    e->args.push_back(std::move(left));
    e->args.push_back(std::move(right));
    return e;
  }

  ExprPtr expression() {
    DepthGuard guard(*this, peek().span);
    ExprPtr left = conjunction();
    ChainGuard chain(*this);
    while (at(Tok::kOr)) {
      Span span = take().span;
      chain.next(span);
      left = binary(BinOp::kOr, span, std::move(left), conjunction());
    }
    return left;
  }

  ExprPtr conjunction() {
    ExprPtr left = negation();
    ChainGuard chain(*this);
    while (at(Tok::kAnd)) {
      Span span = take().span;
      chain.next(span);
      left = binary(BinOp::kAnd, span, std::move(left), negation());
    }
    return left;
  }

  ExprPtr negation() {
    if (!at(Tok::kNot)) return comparison();
    DepthGuard guard(*this, peek().span);
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kNot;
    e->span = take().span;
    e->args.push_back(negation());
    return e;
  }

  // The comparison operator at the cursor, if any; `not in` is two tokens.
  bool comparisonOp(BinOp* op, int* width) {
    *width = 1;
    switch (peek().kind) {
      case Tok::kEq: *op = BinOp::kEq; return true;
      case Tok::kNe: *op = BinOp::kNe; return true;
      case Tok::kLt: *op = BinOp::kLt; return true;
      case Tok::kLe: *op = BinOp::kLe; return true;
      case Tok::kGt: *op = BinOp::kGt; return true;
      case Tok::kGe: *op = BinOp::kGe; return true;
      case Tok::kIn: *op = BinOp::kIn; return true;
      case Tok::kNot:
        if (peek(1).kind != Tok::kIn) return false;
        *op = BinOp::kNotIn;
        *width = 2;
        return true;
      case Tok::kIdent: {
        const std::string& w = peek().text;
        if (w == "matches") *op = BinOp::kMatches;
        else if (w == "starts_with") *op = BinOp::kStartsWith;
        else if (w == "ends_with") *op = BinOp::kEndsWith;
        else if (w == "contains") *op = BinOp::kContains;
        else return false;
        return true;
      }
      default:
        return false;
    }
  }

  ExprPtr comparison() {
    ExprPtr left = additive();
    BinOp op;
    int width;
    if (!comparisonOp(&op, &width)) return left;
    Span span = peek().span;
    for (int i = 0; i < width; ++i) take();
    ExprPtr e = binary(op, span, std::move(left), additive());
    if (comparisonOp(&op, &width))
      error(peek().span, "comparisons do not chain; join them with `and`");
    return e;
  }

  ExprPtr additive() {
    ExprPtr left = multiplicative();
    ChainGuard chain(*this);
    while (at(Tok::kPlus) || at(Tok::kMinus)) {
      BinOp op = at(Tok::kPlus) ? BinOp::kAdd : BinOp::kSub;
      Span span = take().span;
      chain.next(span);
      left = binary(op, span, std::move(left), multiplicative());
    }
    return left;
  }

  ExprPtr multiplicative() {
    ExprPtr left = unary();
    ChainGuard chain(*this);
    while (at(Tok::kStar)) {
      Span span = take().span;
      chain.next(span);
      left = binary(BinOp::kMul, span, std::move(left), unary());
    }
    return left;
  }

  // `-x`. A minus before an int or money literal is part of the literal
  // (`-5`, `-1.50 USD`); before anything else it negates (`-units`).
  ExprPtr unary() {
    if (!at(Tok::kMinus)) return primary();
    DepthGuard guard(*this, peek().span);
    Span span = take().span;
    if (at(Tok::kInt) || at(Tok::kMoney)) {
      Token t = take();
      ExprPtr e = literal({t.kind == Tok::kInt ? BaseType::kInt : BaseType::kMoney}, t);
      e->number = -t.number;  // literals are at most INT64_MAX: never overflows
      e->span = span;
      return e;
    }
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kNeg;
    e->span = span;
    e->args.push_back(unary());
    return e;
  }

  ExprPtr literal(Type type, const Token& t) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kLiteral;
    e->type = type;
    e->span = t.span;
    e->number = t.number;
    e->text = t.text;
    if (type.base == BaseType::kMoney) e->currency = t.text;
    return e;
  }

  ExprPtr primary() {
    const Token t = peek();
    switch (t.kind) {
      case Tok::kInt: take(); return literal({BaseType::kInt}, t);
      case Tok::kString: take(); return literal({BaseType::kString}, t);
      case Tok::kMoney: take(); return literal({BaseType::kMoney}, t);
      case Tok::kPercent: take(); return literal({BaseType::kPercent}, t);
      case Tok::kTime: take(); return literal({BaseType::kTime}, t);
      case Tok::kTrue:
      case Tok::kFalse: {
        take();
        ExprPtr e = literal({BaseType::kBool}, t);
        e->number = t.kind == Tok::kTrue;
        return e;
      }
      case Tok::kLParen: {
        take();
        ExprPtr e = expression();
        expect(Tok::kRParen, "`)`");
        return e;
      }
      case Tok::kLBracket: return listLiteral();
      case Tok::kHas: return hasCall();
      case Tok::kIdent: return name();
      default:
        error(t.span, "expected an expression, found " + describe(t));
    }
  }

  ExprPtr listLiteral() {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kList;
    e->span = take().span;
    if (!at(Tok::kRBracket)) {
      do {
        e->args.push_back(expression());
      } while (accept(Tok::kComma));
    }
    expect(Tok::kRBracket, "`]` or `,`");
    return e;
  }

  ExprPtr hasCall() {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kHas;
    e->span = take().span;
    expect(Tok::kLParen, "`(` after `has`");
    e->text = expect(Tok::kIdent, "a field such as `context.revenue`").text;
    expect(Tok::kRParen, "`)`");
    return e;
  }

  ExprPtr name() {
    Token t = take();
    auto e = std::make_unique<Expr>();
    e->span = t.span;
    e->text = t.text;
    if (!at(Tok::kLParen)) {
      e->kind = ExprKind::kName;
      return e;
    }
    if (t.text != "max" && t.text != "min")
      error(t.span, "unknown function `" + t.text + "`; the functions are `max`, `min` and `has`");
    e->kind = ExprKind::kCall;
    take();
    do {
      if (static_cast<int>(e->args.size()) == limits_.maxCallArguments)
        error(peek().span, "too many arguments to `" + t.text + "` (limit is " + std::to_string(limits_.maxCallArguments) + ")");
      e->args.push_back(expression());
    } while (accept(Tok::kComma));
    expect(Tok::kRParen, "`)` or `,`");
    return e;
  }

  std::vector<Token> tokens_;
  Diagnostics& diags_;
  const ParseLimits& limits_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

void parseSource(Program& program, int file, Diagnostics& diags, const ParseLimits& limits) {
  Parser(lex(program.sources[file], file, diags), diags, limits).file(program);
}

ExprPtr parseExpression(const SourceFile& source, int file, Diagnostics& diags, const ParseLimits& limits) {
  return Parser(lex(source, file, diags), diags, limits).expressionOnly();
}

}  // namespace refrain::policy
