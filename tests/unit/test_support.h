// Helpers shared by the unit tests: compile sources in memory, decide, render diagnostics.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "policy/diagnostic.h"
#include "runtime/engine.h"

namespace refrain::testing {

// Compiles one source named `test.refrain` (and an optional catalog).
inline compiler::CompileResult compileSource(const std::string& text, const std::string& catalog = "") {
  compiler::CompileInput input;
  input.sources.push_back({"test.refrain", text});
  if (!catalog.empty()) input.catalog = policy::SourceFile{"works.jsonl", catalog};
  return compiler::compile(std::move(input));
}

// The diagnostics of `text` as `refrain check` prints them.
inline std::string diagnosticsOf(const std::string& text) {
  compiler::CompileResult r = compileSource(text);
  return policy::renderDiagnostics(r.diagnostics, r.files);
}

// Only the first line (`file:line:col: error: message`) of each diagnostic.
inline std::vector<std::string> messagesOf(const std::string& text) {
  compiler::CompileResult r = compileSource(text);
  std::vector<std::string> out;
  for (const policy::Diagnostic& d : r.diagnostics)
    out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + ": " +
                  (d.severity == policy::Severity::kError ? "error: " : "warning: ") + d.message);
  return out;
}

inline std::unique_ptr<runtime::Engine> engineOf(const std::string& text, const std::string& catalog = "") {
  compiler::CompileResult r = compileSource(text, catalog);
  if (!r.ok) return nullptr;
  std::string error;
  return runtime::Engine::load(r.bundle.data(), r.bundle.size(), &error);
}

}  // namespace refrain::testing
