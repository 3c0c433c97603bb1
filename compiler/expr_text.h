// A checked expression as canonical one-line text: what explanations show beside each condition's value.
#pragma once

#include <string>

#include "policy/ast.h"

namespace refrain::compiler {

// `purpose in ["commercial", "research"]`, `0.0025 USD * units`: fields as a
// policy author writes them (`territory`, not `context.territory`), string
// literals quoted, money with six decimals, long lists shortened
// (`[AT, BE, ... 27 items]`), operators' operands in parentheses where they
// are operators themselves. Pure; any well-formed tree.
std::string exprText(const policy::Expr& e);

// The name of a field as authors write it: `context.` dropped.
std::string displayPath(const std::string& path);

}  // namespace refrain::compiler
