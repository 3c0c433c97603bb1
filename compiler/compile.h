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

}  // namespace refrain::compiler
