// refrain_corpus: writes generated bundles, requests and their native decisions as JSON Lines, so
// another build of the runtime (WebAssembly in Node) can be checked against the native one byte for byte.
//
//   refrain_corpus OUT.jsonl [PROGRAMS] [REQUESTS] [SEED]
//
// Each line: {"program": i, "bundle": HEX, "requests": [HEX, ...], "decisions": [JSON text, ...]}.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "compiler/compile.h"
#include "runtime/decision.h"
#include "runtime/engine.h"
#include "tests/gen/policy_gen.h"

namespace gen = refrain::gen;
namespace rt = refrain::runtime;

namespace {

std::string hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    uint8_t b = static_cast<uint8_t>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string hex(const std::vector<uint8_t>& bytes) {
  return hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: refrain_corpus OUT.jsonl [PROGRAMS] [REQUESTS] [SEED]\n";
    return 2;
  }
  const uint64_t programs = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2000;
  const uint64_t requests = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 50;
  const uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 7;
  std::ofstream out(argv[1], std::ios::binary);
  uint64_t written = 0;
  for (uint64_t i = 0; i < programs; ++i) {
    const uint64_t programSeed = gen::mixSeed(seed, i);
    gen::GeneratedProgram g = gen::generateProgram(programSeed);
    refrain::compiler::CompileResult compiled = refrain::compiler::compile({g.sources, g.catalog});
    std::string error;
    auto engine = compiled.ok ? rt::Engine::load(compiled.bundle.data(), compiled.bundle.size(), &error) : nullptr;
    if (!engine) {
      std::cerr << "refrain_corpus: program " << i << " did not compile or load: " << error << "\n";
      return 1;
    }
    rt::DecideScratch scratch;
    std::string requestList, decisionList;
    for (uint64_t j = 0; j < requests; ++j) {
      const std::string request = gen::generateRequest(g, gen::mixSeed(programSeed, j));
      // Requests may hold invalid UTF-8 on purpose: hex keeps their bytes intact.
      requestList += j ? ",\"" : "\"";
      requestList += hex(request) + "\"";
      decisionList += j ? "," : "";
      rt::appendJsonString(engine->decideJson(request, scratch), &decisionList);
      ++written;
    }
    out << "{\"program\": " << i << ", \"bundle\": \"" << hex(compiled.bundle) << "\", \"requests\": [" << requestList
        << "], \"decisions\": [" << decisionList << "]}\n";
  }
  std::cerr << "refrain_corpus: " << written << " requests over " << programs << " bundles\n";
  return out ? 0 : 1;
}
