// Tokens of the Refrain language, produced by the lexer and read by the parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/diagnostic.h"

namespace refrain::policy {

enum class Tok {
  kEnd,
  kError,       // the lexer already reported it
  kIdent,       // `purpose`, `ai.train.generative`, `US`
  kString,      // text holds the unescaped value
  kInt,         // number holds the value
  kMoney,       // number holds micro-units, text the currency code
  kPercent,     // number holds parts per million
  kTime,        // number holds UTC seconds (dates and timestamps)
  kComment,     // only with LexOptions::keepComments; text holds `# ...` without the newline
  // keywords
  kPolicy, kBy, kEffective, kExpires, kOn, kAllow, kDeny, kExcept, kWhen,
  kPay, kSplit, kDuty, kConsent, kFrom, kFor, kRegion, kAnd, kOr, kNot, kIn,
  kTrue, kFalse, kHas,
  // punctuation
  kLBrace, kRBrace, kLBracket, kRBracket, kLParen, kRParen, kComma, kAssign,
  kPlus, kMinus, kStar, kEq, kNe, kLt, kLe, kGt, kGe,
};

struct Token {
  Tok kind = Tok::kEnd;
  Span span;
  std::string text;     // identifier, string value, currency code, or raw lexeme
  int64_t number = 0;
  size_t offset = 0;    // the lexeme is source.text.substr(offset, length)
  size_t length = 0;
  std::vector<int> textCols;  // kString: the source column of each byte of `text`
};

// A short name for a token kind, as error messages show it (`}`, `allow`).
std::string tokName(Tok kind);

}  // namespace refrain::policy
