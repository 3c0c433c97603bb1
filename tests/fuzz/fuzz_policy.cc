// Fuzz target: Refrain source text through the lexer, parser, checker and compiler.
//
// Invariants: no crash, no undefined behaviour, every diagnostic renders, and
// a source that compiles gives a bundle the runtime loads.
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace rf = refrain;
  rf::compiler::CompileInput input;
  input.sources.push_back({"fuzz.refrain", std::string(reinterpret_cast<const char*>(data), size)});
  rf::compiler::CompileResult r = rf::compiler::compile(std::move(input));
  std::string rendered = rf::policy::renderDiagnostics(r.diagnostics, r.files);
  if (!r.ok && rendered.empty()) rf::fuzz::die("a failed compile printed no diagnostic");
  if (r.ok) rf::fuzz::loadCompiled(r);
  return 0;
}
