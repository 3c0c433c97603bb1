// Fuzz target: whole decisions. The input is a case file (sources, catalog,
// requests; tests/cases/README.md), so seeds from tests/cases and the
// program generator keep the fuzzer inside valid, checked programs.
//
// Invariants: compiling never crashes; a compiled bundle loads; for every
// request the bytecode runtime and the reference evaluator give the same
// decision, byte for byte; a decision with errors is a deny.
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace rf = refrain;
  rf::fuzz::FuzzCase c = rf::fuzz::splitCase(std::string_view(reinterpret_cast<const char*>(data), size));
  if (c.sources.empty()) return 0;
  std::vector<std::string> requests = std::move(c.requests);
  rf::compiler::CompileResult r = rf::compiler::compile({std::move(c.sources), std::move(c.catalog)});
  if (!r.ok) return 0;
  auto engine = rf::fuzz::loadCompiled(r);
  rf::runtime::DecideScratch scratch;  // one per input, reused across its requests as a service would
  for (const std::string& request : requests) rf::fuzz::checkAgainstReference(*engine, r, request, scratch);
  return 0;
}
