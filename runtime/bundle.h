// The bundle: what the compiler hands the runtime. This header is the format's
// data model, shared by the compiler's writer and the runtime's loader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace refrain::runtime {

// "RFB" then a zero byte; then the format version, little-endian u32.
// Version 2: the catalog became an indexed table of records (catalog_table.h).
constexpr uint8_t kBundleMagic[4] = {'R', 'F', 'B', 0};
constexpr uint32_t kBundleFormatVersion = 4;  // 3: unary minus, explanation probes; 4: work.contains_ai

// Value types of the evaluator. A list type is the element type | kListFlag.
enum class ValueType : uint8_t {
  kBool = 1, kInt, kString, kMoney, kPercent, kTime, kTerritory, kUse,
};
constexpr uint8_t kListFlag = 0x80;

// The expression machine: a stack machine with short-circuit jumps and no
// backward jumps, so every evaluation terminates after at most one pass.
//
//   instruction = op (1 byte) + operand a (u32)
enum class Op : uint8_t {
  kConst = 1,   // push constants[a]
  kField,       // push request slot a; evaluation error when missing or mistyped
  kHas,         // push bool: request slot a is present
  kNot,         // pop bool, push its negation
  kJumpIfFalse, // top is false: jump to a, keeping it; else pop it (for `and`)
  kJumpIfTrue,  // top is true: jump to a, keeping it; else pop it (for `or`)
  kEq,          // pop b, a; push a == b (money of two currencies: error)
  kNe,          // pop b, a; push a != b
  kLt,          // pop b, a; push a < b on int, money, percent, time, string
  kLe,          // pop b, a; push a <= b
  kGt,          // pop b, a; push a > b
  kGe,          // pop b, a; push a >= b
  kIn,          // pop list, x; push x is an element of list
  kMatches,     // pop string; push RE2 pattern a finds a match in it
  kStartsWith,  // pop t, s; push s starts with t
  kEndsWith,    // pop t, s; push s ends with t
  kContains,    // pop t, s; push s contains t (string), or t is an element of s (list)
  kAdd,         // pop b, a; push a + b (int or same-currency money; overflow: error)
  kSub,         // pop b, a; push a - b
  kMul,         // pop b, a; push a * b (int*int, money*int, int*money, percent*money, money*percent)
  kMax,         // pop a values; push the largest (int or same-currency money)
  kMin,         // pop a values; push the smallest
  kNeg,         // negate the top int or money (the most negative int: overflow error)
};
constexpr uint8_t kMaxOp = static_cast<uint8_t>(Op::kNeg);

struct Instr {
  Op op;
  uint32_t a;
};

// One compiled expression: code[start, start + length), needing `maxStack` slots.
struct CodeBlock {
  uint32_t start = 0;
  uint32_t length = 0;
  uint32_t maxStack = 0;
  uint8_t resultType = 0;  // ValueType the block leaves on the stack
};

// A scalar constant. money: number = micro-units, text = currency; percent:
// number = ppm; time: UTC seconds; territory: text = code; use: number = use index.
struct Scalar {
  ValueType type = ValueType::kBool;
  int64_t number = 0;
  std::string text;
};

// A constant: one scalar, or a list (sorted, unique) of scalars of one type.
struct Constant {
  uint8_t type = 0;  // ValueType, with kListFlag for lists
  std::vector<Scalar> items;
};

// A request field the bundle reads, and the type it must have.
struct FieldSlot {
  std::string path;  // canonical: `context.territory`, `work.title`, `use`
  uint8_t type = 0;  // ValueType, with kListFlag for lists
};

struct UseDef {
  std::string name;
  int32_t parent = -1;  // index of the parent use; -1 for the root `ai`
};

// A piece of a duty text: literal text, or a slot whose value is formatted in.
struct TextPiece {
  bool isSlot = false;
  std::string text;
  uint32_t slot = 0;
};

struct DutyDef {
  std::string name;
  bool hasText = false;
  std::vector<TextPiece> pieces;
};

struct ShareDef {
  std::string role;
  int64_t ppm = 0;
};

constexpr int32_t kNoCode = -1;

// Explanations (explain.h) show each condition of a `when` or `on` with its
// value. A condition tree is stored flat, in pre-order: an `and` or `or`
// node is followed by its left side's nodes, then its right side's.
enum class ProbeKind : uint8_t {
  kAnd = 1,    // no block: its value follows from its sides, short-circuit as evaluation does
  kOr,
  kNot,        // block: `not x`; operands: x
  kHas,        // block: `has(f)`
  kCondition,  // block: any other condition (comparison, `in`, `matches`, a bool field...)
};
constexpr uint8_t kMaxProbeKind = static_cast<uint8_t>(ProbeKind::kCondition);
// A condition tree nests no deeper than an expression may (the parser's
// limit), so explaining it recurses a bounded depth; the verifier holds
// hostile bundles to it.
constexpr uint32_t kMaxProbeDepth = 64;

// A value worth showing beside a condition: a side that is not a literal.
struct ProbeOperand {
  std::string text;  // as written, canonically (`purpose`, `0.0025 USD * units`)
  int32_t block = kNoCode;
};

struct ProbeDef {
  ProbeKind kind = ProbeKind::kCondition;
  std::string text;          // the condition, canonically
  int32_t block = kNoCode;   // its value; kNoCode for `and` and `or`
  std::vector<ProbeOperand> operands;
};

struct RuleDef {
  bool allow = true;
  uint32_t file = 0;  // index into Bundle::files
  uint32_t line = 0;
  std::vector<uint32_t> uses;
  std::vector<uint32_t> except;
  int32_t when = kNoCode;  // index into Bundle::blocks
  int32_t pay = kNoCode;
  std::vector<ShareDef> split;
  std::vector<DutyDef> duties;
  std::vector<ProbeDef> whenProbes;  // the `when` as a condition tree (empty without `when`)
};

struct ConsentDef {
  std::vector<std::string> roles;
  std::vector<uint32_t> uses;
};

constexpr int64_t kAlways = INT64_MIN;  // no `effective`: in force from the beginning
constexpr int64_t kNever = INT64_MAX;   // no `expires`

struct PolicyDef {
  uint32_t file = 0;  // where the policy's name stands, for errors in its `on` scope
  uint32_t line = 0;
  std::string name;
  std::string role;
  std::string party;
  int64_t effective = kAlways;
  int64_t expires = kNever;
  int32_t on = kNoCode;
  std::vector<ConsentDef> consents;
  std::vector<RuleDef> rules;
  std::vector<ProbeDef> onProbes;  // the `on` scope as a condition tree (empty without `on`)
};

// A rights holder of a work. weight: the share in ppm for percent shares, the
// integer weight otherwise; hasShare false means equal shares.
struct HolderDef {
  std::string party;
  std::string role;
  bool hasShare = false;
  int64_t weight = 0;
};

// Catalog work data; absent optional strings are empty with has* false.
struct WorkDef {
  std::string id;
  std::string isrc, iswc, title, genre;
  bool hasIsrc = false, hasIswc = false, hasTitle = false, hasGenre = false;
  bool hasReleaseDate = false;
  int64_t releaseDate = 0;
  bool hasTags = false;
  std::vector<std::string> tags;
  bool hasContainsAi = false;
  std::string containsAi;  // "all", "partly" or "none": how much of the work generative AI made
  std::vector<HolderDef> holders;
};

// Everything a bundle holds. Policies are in bundle order; works sorted by id.
struct Bundle {
  std::vector<std::string> files;        // source names, for `file:line`
  std::vector<UseDef> uses;              // the use tree, parents first
  std::vector<std::string> roles;        // the roles a rights holder may have
  std::vector<std::string> territories;  // every territory code, sorted
  std::vector<std::string> currencies;   // every ISO 4217 code money may carry, sorted
  std::vector<FieldSlot> slots;
  std::vector<Constant> constants;
  std::vector<std::string> patterns;     // RE2 patterns, compiled at load
  std::vector<Instr> code;
  std::vector<CodeBlock> blocks;
  std::vector<PolicyDef> policies;
  // Standalone expressions to evaluate against a request (Engine::evaluate):
  // what a host such as the REPL compiled besides (or instead of) policies.
  std::vector<ProbeDef> expressions;
  std::vector<WorkDef> works;
};

}  // namespace refrain::runtime
