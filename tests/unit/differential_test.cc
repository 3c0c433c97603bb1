// Differential test: the bytecode runtime against the reference evaluator, byte for byte, over generated programs and requests.
//
//   REFRAIN_DIFF_PROGRAMS   programs to generate (default 2000)
//   REFRAIN_DIFF_REQUESTS   requests per program (default 50)
//   REFRAIN_DIFF_SEED       base seed (default 1); program i uses mixSeed(seed, i)
//   REFRAIN_DIFF_PROGRAM    run only this program index (to reproduce a report)
//   REFRAIN_DIFF_REQUEST    with REFRAIN_DIFF_PROGRAM: only this request index
//
// A mismatch prints both seeds, the sources, the catalog, the request and both decisions.
#define BOOST_TEST_MODULE differential
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "compiler/compile.h"
#include "compiler/reference_eval.h"
#include "runtime/engine.h"
#include "tests/gen/policy_gen.h"

namespace gen = refrain::gen;
namespace rt = refrain::runtime;
namespace cc = refrain::compiler;

namespace {

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

std::string describeProgram(const gen::GeneratedProgram& g) {
  std::string s;
  for (const auto& f : g.sources) s += "--- " + f.name + "\n" + f.text;
  if (g.catalog) s += "--- " + g.catalog->name + "\n" + g.catalog->text;
  return s;
}

// The kinds of decision the generator should produce in good measure.
struct Tally {
  uint64_t allow = 0, deny = 0, evalError = 0, requestError = 0;
  std::map<std::string, uint64_t> codes;  // first error code of each erroneous decision
  void add(const rt::Decision& d) {
    static const std::set<std::string> kRequestCodes = {
        "invalid_json", "invalid_request", "missing_use", "missing_work", "missing_time", "unknown_use",
        "no_rightsholders", "request_too_large", "request_too_deep"};
    if (!d.errors.empty()) ++codes[d.errors[0].code];
    if (d.allow) ++allow;
    else if (d.errors.empty()) ++deny;
    else if (kRequestCodes.count(d.errors[0].code)) ++requestError;
    else ++evalError;
  }
  uint64_t total() const { return allow + deny + evalError + requestError; }
};

constexpr int kMaxReported = 5;

// The first line where two decisions differ, both ways, for a one-line summary.
std::string firstDifference(const std::string& a, const std::string& b) {
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  size_t start = a.rfind('\n', at == 0 ? 0 : at - 1);
  start = start == std::string::npos ? 0 : start + 1;
  auto line = [&](const std::string& s) { return s.substr(start, s.find('\n', start) - start); };
  return "runtime `" + line(a) + "` vs reference `" + line(b) + "`";
}

}  // namespace

BOOST_AUTO_TEST_CASE(bytecode_matches_reference) {
  const uint64_t programs = envNumber("REFRAIN_DIFF_PROGRAMS", 2000);
  const uint64_t requests = envNumber("REFRAIN_DIFF_REQUESTS", 50);
  const uint64_t seed = envNumber("REFRAIN_DIFF_SEED", 1);
  const char* only = std::getenv("REFRAIN_DIFF_PROGRAM");
  const char* onlyRequest = std::getenv("REFRAIN_DIFF_REQUEST");
  const auto start = std::chrono::steady_clock::now();

  Tally tally;
  uint64_t pairs = 0, mismatches = 0, compileFailures = 0;
  for (uint64_t i = 0; i < programs; ++i) {
    if (only && *only && std::strtoull(only, nullptr, 10) != i) continue;
    const uint64_t programSeed = gen::mixSeed(seed, i);
    gen::GeneratedProgram g = gen::generateProgram(programSeed);
    cc::CompileResult compiled = cc::compile({g.sources, g.catalog});
    std::string loadError;
    std::unique_ptr<rt::Engine> engine =
        compiled.ok ? rt::Engine::load(compiled.bundle.data(), compiled.bundle.size(), &loadError) : nullptr;
    if (!engine) {
      if (++compileFailures <= kMaxReported)
        BOOST_ERROR("program " << i << " (seed " << seed << ") did not "
                               << (compiled.ok ? "load: " + loadError : std::string("compile")) << "\n"
                               << refrain::policy::renderDiagnostics(compiled.diagnostics, compiled.files)
                               << describeProgram(g));
      continue;
    }
    rt::DecideScratch scratch;  // reused across requests, as a service would
    for (uint64_t j = 0; j < requests; ++j) {
      if (only && onlyRequest && *onlyRequest && std::strtoull(onlyRequest, nullptr, 10) != j) continue;
      const std::string request = gen::generateRequest(g, gen::mixSeed(programSeed, j));
      const rt::Decision fromRuntime = engine->decide(request, scratch);
      const rt::Decision fromReference = cc::referenceDecide(compiled.program, compiled.works, request);
      std::string a, b;
      rt::writeDecisionJson(fromRuntime, &a);
      rt::writeDecisionJson(fromReference, &b);
      ++pairs;
      tally.add(fromReference);
      if (a == b) continue;
      if (++mismatches > kMaxReported && mismatches <= 10 * kMaxReported)
        std::cout << "also mismatched: program " << i << " request " << j << ": " << firstDifference(a, b) << "\n";
      if (mismatches <= kMaxReported)
        BOOST_ERROR("mismatch: REFRAIN_DIFF_SEED=" << seed << " REFRAIN_DIFF_PROGRAM=" << i << " REFRAIN_DIFF_REQUEST=" << j
                    << "\n" << describeProgram(g) << "--- request\n" << request.substr(0, 4000)
                    << "\n--- runtime\n" << a << "--- reference\n" << b);
    }
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto pct = [&](uint64_t n) { return tally.total() ? 100.0 * n / tally.total() : 0.0; };
  std::cout << "differential: " << pairs << " pairs from " << programs << " programs in " << seconds << " s, "
            << mismatches << " mismatches, " << compileFailures << " programs failed to compile or load\n"
            << "  allow " << pct(tally.allow) << "%, deny " << pct(tally.deny) << "%, evaluation error "
            << pct(tally.evalError) << "%, request error " << pct(tally.requestError) << "%\n  first error codes:";
  for (const auto& [code, n] : tally.codes) std::cout << " " << code << " " << pct(n) << "%";
  std::cout << "\n";
  BOOST_TEST(mismatches == 0u);
  BOOST_TEST(compileFailures == 0u);
  BOOST_TEST(pairs > 0u, "no request was compared (REFRAIN_DIFF_PROGRAM beyond REFRAIN_DIFF_PROGRAMS?)");
  if (!only && pairs >= 1000) {  // the generator must not be degenerate
    BOOST_TEST(pct(tally.allow) >= 7.0);
    BOOST_TEST(pct(tally.deny) >= 20.0);
    BOOST_TEST(pct(tally.evalError) >= 5.0);
    BOOST_TEST(pct(tally.requestError) >= 5.0);
  }
}
