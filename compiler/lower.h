// Lowering: a checked program (and catalog) to the bundle data model.
#pragma once

#include <vector>

#include "policy/ast.h"
#include "runtime/bundle.h"

namespace refrain::compiler {

// Lowers `program`, which checkProgram accepted without errors, and the
// catalog `works` into a Bundle: field slots, constant pool, code blocks and
// policies in bundle order.
runtime::Bundle lowerProgram(const policy::Program& program, std::vector<runtime::WorkDef> works);

// Lowers one checked expression into a bundle with no policies and no
// catalog whose only standalone expression (Bundle::expressions[0]) it is.
runtime::Bundle lowerExpression(const policy::Expr& expression);

}  // namespace refrain::compiler
