// The checker: resolves names, types every expression and enforces the static rules of docs/language.md §11.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "policy/ast.h"

namespace refrain::policy {

// RE2's memory budget for one pattern: ample for any pattern a policy needs,
// and it keeps a hostile pattern from costing megabytes at every load.
constexpr int64_t kMaxRegexMemory = 1 << 20;

// Rules in one policy: a platform policy's rules are judged in every
// decision, so this bounds a decision's cost; real policies have a handful.
constexpr size_t kMaxRulesPerPolicy = 10000;

// Regions defined in terms of regions, as a chain: resolving them recurses,
// and real regions nest two or three deep.
constexpr size_t kMaxRegionDepth = 64;

// Territory lists by region name: the built-in EU, EEA and WORLD plus the
// program's `region` declarations.
using RegionTable = std::map<std::string, std::vector<std::string>>;

// Checks `program` in place: resolves every name (fields, uses, territories,
// regions), types every expression, expands regions to territory lists and
// reports errors and warnings. After it, with no errors, every expression is
// kLiteral, kField, kList, kNot, kBinary, kCall or kHas with a concrete type.
void checkProgram(Program& program, Diagnostics& diags);

// What a checked expression may read.
enum class Scope { kRequest, kWorkOnly };

// Checks one expression against `regions`; `want` is the type the position
// demands (kError for none). Returns the expression's type (kError on error;
// kDynamic for an untyped `context.*` field when `want` is kError).
Type checkExpression(Expr& expr, const RegionTable& regions, Type want, Scope scope,
                     Diagnostics& diags);

// The built-in regions plus those declared in `program` (after checkProgram).
RegionTable regionTable(const Program& program);

// Canonical request path for a name as written: bare names are context
// fields (`territory` → `context.territory`).
std::string canonicalPath(const std::string& name);

// The static type of a request path; kDynamic for other `context.*` fields;
// kError when the path names no field a request can have.
Type fieldType(const std::string& canonical);

// True when `use` is `ancestor` or lies in its subtree.
bool useCovers(const std::string& ancestor, const std::string& use);
int useDepth(const std::string& use);

}  // namespace refrain::policy
