// The compiler's front door: sources and catalog in, bundle bytes and diagnostics out.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "policy/ast.h"
#include "policy/diagnostic.h"
#include "runtime/bundle.h"

namespace refrain::compiler {

struct CompileInput {
  std::vector<policy::SourceFile> sources;    // .refrain files, in bundle order
  std::optional<policy::SourceFile> catalog;  // works as JSON Lines
};

struct CompileResult {
  bool ok = false;                          // no errors; `bundle` is set
  std::vector<uint8_t> bundle;
  std::vector<policy::Diagnostic> diagnostics;
  std::vector<policy::SourceFile> files;    // sources then catalog: what diagnostics index
  policy::Program program;                  // the checked program (for the reference evaluator and tools)
  std::vector<runtime::WorkDef> works;      // the checked catalog
};

// Parses, checks and lowers `input`. Diagnostics name files by their index
// in `files`; render them with policy::renderDiagnostics.
CompileResult compile(CompileInput input);

// Parses and checks only (what `refrain check` runs).
CompileResult check(CompileInput input);

struct ExpressionResult {
  bool ok = false;                              // no errors; `bundle` is set
  std::vector<uint8_t> bundle;                  // no policies; Bundle::expressions[0] is the expression
  policy::Type type;                            // the expression's type
  std::string text;                             // canonical text (expr_text.h)
  std::vector<policy::Diagnostic> diagnostics;  // columns within `text` as given
};

// Parses one expression (as the REPL reads a line), checks it against the
// regions of `program`, and lowers it into a bundle of its own, so that the
// runtime evaluates it like any condition (Engine::evaluate). An expression
// whose type cannot be told (a lone custom field) is an error.
ExpressionResult compileExpression(const policy::Program& program, const std::string& text);

}  // namespace refrain::compiler
