// The syntax tree of Refrain sources; the checker annotates it in place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policy/diagnostic.h"

namespace refrain::policy {

// kDynamic is a custom `context.x` field (docs/language.md §7.6); the checker
// gives it the type its surroundings demand, checked again at evaluation.
enum class BaseType : uint8_t {
  kError, kBool, kInt, kString, kMoney, kPercent, kTime, kTerritory, kUse, kDynamic,
};

struct Type {
  BaseType base = BaseType::kError;
  bool list = false;
  bool operator==(const Type& o) const { return base == o.base && list == o.list; }
  bool operator!=(const Type& o) const { return !(*this == o); }
};

std::string typeName(Type type);

enum class ExprKind : uint8_t {
  kLiteral,  // type + number/text
  kName,     // a bare or dotted name before the checker resolves it
  kField,    // text: canonical request path (`context.territory`)
  kList,     // args: the elements; text: the region it was written as, if any
  kNot,      // args[0]
  kBinary,   // op, args[0], args[1]
  kCall,     // text: `max` or `min`; args
  kHas,      // text: canonical request path
  kNeg,      // args[0]: `-x`, an int or money negated
};

enum class BinOp : uint8_t {
  kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn,
  kMatches, kStartsWith, kEndsWith, kContains, kAdd, kSub, kMul,
};

const char* binOpName(BinOp op);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// Literal payloads: bool/int in number; money: number = micro-units, text =
// currency; percent: number = parts per million; time: number = UTC seconds;
// string: text; territory: text = code; use: text = dotted name.
struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  BinOp op = BinOp::kAnd;
  Span span;
  Type type;
  int64_t number = 0;
  std::string text;
  std::vector<ExprPtr> args;
  std::string currency;  // money expressions: the currency when known statically
};

struct UseRef {
  std::string name;
  Span span;
};

struct Share {
  std::string role;
  int64_t ppm = 0;
  Span span;
};

// A piece of a duty text: literal text, or a `{field}` to fill from the request.
struct TextPart {
  bool isField = false;
  std::string text;  // the literal text, or the field as written
  ExprPtr field;     // set for fields: a kName the checker resolves to kField
};

struct Duty {
  std::string name;
  bool hasText = false;
  std::vector<TextPart> parts;
  Span span;
};

struct Rule {
  bool allow = true;
  Span span;
  std::vector<UseRef> uses;
  std::vector<UseRef> except;
  ExprPtr when;
  ExprPtr pay;
  std::vector<Share> split;
  Span splitSpan;
  std::vector<Duty> duties;
};

struct Consent {
  std::vector<std::string> roles;
  std::vector<Span> roleSpans;
  std::vector<UseRef> uses;
  Span span;
};

struct Policy {
  std::string name;
  std::string role;
  std::string party;
  Span span;
  Span roleSpan;
  std::optional<int64_t> effective;  // UTC seconds
  std::optional<int64_t> expires;
  Span effectiveSpan;
  Span expiresSpan;
  ExprPtr on;
  std::vector<Consent> consents;
  std::vector<Rule> rules;
};

struct Region {
  std::string name;
  Span span;
  ExprPtr list;                     // as written
  std::vector<std::string> codes;   // resolved by the checker, sorted, unique
};

// Everything parsed from a set of sources, in source order.
struct Program {
  std::vector<SourceFile> sources;
  std::vector<Region> regions;
  std::vector<Policy> policies;
};

}  // namespace refrain::policy
