// Concurrency stress: one loaded bundle (the examples) shared by 8 threads,
// each deciding the example requests over and over with its own scratch,
// through the C++ engine and the C API. Every answer must equal the
// single-threaded answer byte for byte, computed beforehand by an engine of
// its own (and those answers are checked to be the examples' 20 allows, 20
// denies and 5 + 1 errors, so a broken engine cannot agree with itself).
// Built under ThreadSanitizer by tests/concurrency.sh, which is where it
// proves there is no data race.
//
//   REFRAIN_STRESS_PER_THREAD=1000000 build-tsan/bin/concurrency_test   (default 20,000)
#define BOOST_TEST_MODULE concurrency
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "compiler/compile.h"
#include "refrain/refrain.h"
#include "runtime/engine.h"
#include "tests/unit/record_reader.h"

namespace rt = refrain::runtime;
namespace cc = refrain::compiler;

namespace {

constexpr int kThreads = 8;

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

long perThread() {
  const char* n = std::getenv("REFRAIN_STRESS_PER_THREAD");
  const long count = n ? std::atol(n) : 20000;
  BOOST_REQUIRE_MESSAGE(count >= 46, "REFRAIN_STRESS_PER_THREAD must be at least 46 (every request once), not `"
                                         << (n ? n : "") << "`");
  return count;
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

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
  // The answers the threads must repeat are real decisions, not one answer
  // for all: `refrain eval` reports 20 allow, 20 deny, 5 error for the examples.
  int allows = 0, denies = 0, errors = 0;
  for (const std::string& d : e.expected) {
    if (contains(d, "\"decision\": \"allow\"")) ++allows;
    else if (contains(d, "\"errors\": []")) ++denies;
    else ++errors;
  }
  BOOST_REQUIRE_EQUAL(allows, 20);
  BOOST_REQUIRE_EQUAL(denies, 20);
  BOOST_REQUIRE_EQUAL(errors, 6);
  return e;
}

}  // namespace

namespace {

// What one thread saw: how many of its decisions differed from the
// single-threaded answers, and the first that did.
struct ThreadResult {
  long mismatches = 0;
  std::string first;
  void differs(const std::string& what) {
    if (mismatches++ == 0) first = what;
  }
};

void report(const std::vector<ThreadResult>& results) {
  for (size_t t = 0; t < results.size(); ++t)
    BOOST_TEST(results[t].mismatches == 0, "thread " << t << ": " << results[t].mismatches
                                                     << " decisions differ from one thread's; first: " << results[t].first);
}

}  // namespace

BOOST_AUTO_TEST_CASE(eight_threads_share_one_engine_and_agree_with_one_thread) {
  const Examples e = examples();
  std::string error;
  auto engine = rt::Engine::load(e.bundle.data(), e.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  const long n = perThread();
  std::vector<ThreadResult> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      rt::DecideScratch scratch;
      ThreadResult& mine = results[t];
      // Each thread starts at another request, so different rules run at once.
      for (long i = 0; i < n; ++i) {
        size_t k = static_cast<size_t>(i + 7 * t) % e.requests.size();
        if (engine->decideJson(e.requests[k], scratch) != e.expected[k]) mine.differs("request " + std::to_string(k));
      }
    });
  for (std::thread& t : threads) t.join();
  report(results);
}

BOOST_AUTO_TEST_CASE(the_c_api_is_shared_the_same_way) {
  const Examples e = examples();
  rf_error error;
  rf_bundle* bundle = rf_bundle_load(e.bundle.data(), e.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(bundle, error.message);
  const long n = perThread() / 10;
  std::vector<ThreadResult> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      rf_scratch* scratch = rf_scratch_new();
      ThreadResult& mine = results[t];
      if (!scratch) {
        mine.differs("rf_scratch_new returned NULL");
        return;
      }
      for (long i = 0; i < n; ++i) {
        size_t k = static_cast<size_t>(i * 3 + t) % e.requests.size();
        const std::string which = "request " + std::to_string(k);
        // rf_decide_with says 1 for allow, 0 for deny, -1 for a failed call (then `out` is not read).
        const int want = contains(e.expected[k], "\"decision\": \"allow\"") ? 1 : 0;
        rf_buffer out{nullptr, 0};
        const int status = rf_decide_with(bundle, scratch, e.requests[k].data(), e.requests[k].size(), &out);
        if (status != want) mine.differs(which + ": rf_decide_with returned " + std::to_string(status));
        else if (std::string(out.data, out.len) != e.expected[k]) mine.differs(which + ": rf_decide_with's JSON");
        rf_buffer_free(&out);
        // The decision record, and the bundle's names it gives by number, shared the same way.
        rf_record record{};
        const int recorded = rf_decide_record(bundle, scratch, e.requests[k].data(), e.requests[k].size(), &record);
        if (recorded != want) {
          mine.differs(which + ": rf_decide_record returned " + std::to_string(recorded));
          continue;
        }
        std::string again;
        try {
          refrain::runtime::writeDecisionJson(refrain::testing::RecordReader(bundle, record).read(), &again);
        } catch (const std::exception& x) {
          mine.differs(which + ": the record does not read back: " + x.what());
          continue;
        }
        if (again != e.expected[k]) mine.differs(which + ": the record's JSON");
      }
      rf_scratch_free(scratch);
    });
  for (std::thread& t : threads) t.join();
  rf_bundle_free(bundle);
  report(results);
}
