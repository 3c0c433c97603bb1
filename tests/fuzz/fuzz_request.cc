// Fuzz target: requests against a fixed, valid bundle (the examples: ten
// policies, 53 works), so every input reaches the request reader, the
// machine and the decision writer.
//
// Invariants: no crash; the runtime and the reference evaluator agree byte
// for byte; a decision with errors is a deny.
#include <fstream>
#include <sstream>

#include "tests/fuzz/fuzz_support.h"

namespace {

namespace rf = refrain;

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) rf::fuzz::die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  rf::compiler::CompileResult compiled;
  std::unique_ptr<rf::runtime::Engine> engine;
  rf::runtime::DecideScratch scratch;
};

Fixture& fixture() {
  static Fixture* f = [] {
    const std::string dir = std::string(REFRAIN_SOURCE_DIR) + "/examples/";
    const char* kPolicies[] = {"eva-lindqvist", "harbor-line", "ines-duarte", "kofi-mensah", "luna-ray",
                               "meridian-songs", "northwind", "platform", "the-marlowes", "writers"};
    rf::compiler::CompileInput input;
    for (const char* p : kPolicies) {
      std::string name = std::string("policies/") + p + ".refrain";
      input.sources.push_back({name, readFile(dir + name)});
    }
    input.catalog = rf::policy::SourceFile{"catalog/works.jsonl", readFile(dir + "catalog/works.jsonl")};
    auto* fx = new Fixture;
    fx->compiled = rf::compiler::compile(std::move(input));
    if (!fx->compiled.ok) rf::fuzz::die("the examples do not compile");
    fx->engine = rf::fuzz::loadCompiled(fx->compiled);
    return fx;
  }();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = fixture();
  std::string_view request(reinterpret_cast<const char*>(data), size);
  rf::fuzz::checkAgainstReference(*f.engine, f.compiled, request, f.scratch);
  return 0;
}
