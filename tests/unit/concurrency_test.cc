// Concurrency stress: one loaded bundle (the examples) shared by 8 threads,
// each deciding the example requests over and over with its own scratch,
// through the C++ engine and the C API. Every answer must equal the
// single-threaded answer byte for byte. Built under ThreadSanitizer by
// tests/concurrency.sh, which is where it proves there is no data race.
//
//   REFRAIN_STRESS_PER_THREAD=1000000 build-tsan/bin/concurrency_test   (default 20,000)
#define BOOST_TEST_MODULE concurrency
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "compiler/compile.h"
#include "runtime/engine.h"
#include "runtime/refrain.h"
#include "tests/unit/record_reader.h"

namespace rt = refrain::runtime;
namespace cc = refrain::compiler;

namespace {

constexpr int kThreads = 8;

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

long perThread() {
  const char* n = std::getenv("REFRAIN_STRESS_PER_THREAD");
  return n ? std::atol(n) : 20000;
}

struct Examples {
  std::vector<uint8_t> bundle;
  std::vector<std::string> requests;
  std::vector<std::string> expected;  // single-threaded canonical JSON, per request
};

Examples examples() {
  Examples e;
  const std::string dir = REFRAIN_SOURCE_DIR "/examples/";
  cc::CompileInput input;
  for (const char* name : {"platform", "northwind", "harbor-line", "luna-ray", "kofi-mensah", "eva-lindqvist",
                           "the-marlowes", "ines-duarte", "meridian-songs", "writers"}) {
    std::string path = dir + "policies/" + name + ".refrain";
    input.sources.push_back({path, readText(path)});
  }
  input.catalog = refrain::policy::SourceFile{"works.jsonl", readText(dir + "catalog/works.jsonl")};
  cc::CompileResult compiled = cc::compile(std::move(input));
  BOOST_REQUIRE(compiled.ok);
  e.bundle = compiled.bundle;
  std::istringstream lines(readText(dir + "requests/all.jsonl"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) e.requests.push_back(line);
  e.requests.push_back("{\"use\": ");  // a bad request among good ones: errors must not leak across threads
  BOOST_REQUIRE_EQUAL(e.requests.size(), 46u);
  std::string error;
  auto engine = rt::Engine::load(e.bundle.data(), e.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  rt::DecideScratch scratch;
  for (const std::string& r : e.requests) e.expected.push_back(engine->decideJson(r, scratch));
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(eight_threads_share_one_engine_and_agree_with_one_thread) {
  const Examples e = examples();
  std::string error;
  auto engine = rt::Engine::load(e.bundle.data(), e.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  const long n = perThread();
  std::atomic<long> mismatches{0}, decided{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      rt::DecideScratch scratch;
      long wrong = 0;
      // Each thread starts at another request, so different rules run at once.
      for (long i = 0; i < n; ++i) {
        size_t k = static_cast<size_t>(i + 7 * t) % e.requests.size();
        if (engine->decideJson(e.requests[k], scratch) != e.expected[k]) ++wrong;
      }
      mismatches += wrong;
      decided += n;
    });
  for (std::thread& t : threads) t.join();
  BOOST_TEST(decided.load() == kThreads * n);
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_CASE(the_c_api_is_shared_the_same_way) {
  const Examples e = examples();
  rf_error error;
  rf_bundle* bundle = rf_bundle_load(e.bundle.data(), e.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(bundle, error.message);
  const long n = perThread() / 10;
  std::atomic<long> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      rf_scratch* scratch = rf_scratch_new();
      for (long i = 0; i < n; ++i) {
        size_t k = static_cast<size_t>(i * 3 + t) % e.requests.size();
        rf_buffer out;
        rf_decide_with(bundle, scratch, e.requests[k].data(), e.requests[k].size(), &out);
        if (std::string(out.data, out.len) != e.expected[k]) ++mismatches;
        rf_buffer_free(&out);
        // The decision record, and the bundle's names it gives by number, shared the same way.
        rf_record record{};
        rf_decide_record(bundle, scratch, e.requests[k].data(), e.requests[k].size(), &record);
        std::string again;
        refrain::runtime::writeDecisionJson(refrain::testing::RecordReader(bundle, record).read(), &again);
        if (again != e.expected[k]) ++mismatches;
      }
      rf_scratch_free(scratch);
    });
  for (std::thread& t : threads) t.join();
  rf_bundle_free(bundle);
  BOOST_TEST(mismatches.load() == 0);
}
