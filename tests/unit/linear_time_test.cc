// CPU-time ratio tests: hostile input of ten times the size costs about ten
// times the time, not a hundred. They time code, so they mean something only
// in an optimised build without sanitizers or profile instrumentation:
// tests/CMakeLists.txt registers them only there, with the CTest label
// `perf`, and the sanitizer run in .ci/test leaves that label out.
// The limits themselves (exact refusals, no timing) are tests/unit/limits_test.cc.
#define BOOST_TEST_MODULE linear_time
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ctime>

#include "tests/unit/test_support.h"

namespace {

std::string policyWith(const std::string& rules) {
  return "policy \"p\" by artist \"a\" {\n" + rules + "\n}\n";
}

}  // namespace

namespace {

// CPU seconds for `reps` runs of f, the least of three tries (CPU time, not
// wall time, so other processes matter less).
template <class F>
double cpuSeconds(int reps, F f) {
  double best = 1e9;
  for (int t = 0; t < 3; ++t) {
    std::clock_t start = std::clock();
    for (int i = 0; i < reps; ++i) f();
    best = std::min(best, static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC);
  }
  return best;
}

// How much longer an input ten times bigger takes: about 10 when the cost is
// linear, about 100 when it is quadratic.
template <class Make, class Run>
double growth(int n, Make make, Run run) {
  const std::string small = make(n), large = make(10 * n);
  double once = cpuSeconds(1, [&] { run(small); });
  int reps = std::max(1, static_cast<int>(0.05 / std::max(once, 1e-6)));
  return cpuSeconds(reps, [&] { run(large); }) / std::max(cpuSeconds(reps, [&] { run(small); }), 1e-9);
}

void compileIt(const std::string& source) { refrain::testing::compileSource(source); }

// The first error code of deciding `request`, or "none": a timed input cut
// short by a limit would take constant time and prove nothing.
std::string firstError(const refrain::runtime::Engine& engine, const std::string& request) {
  refrain::runtime::Decision d = engine.decide(request);
  return d.errors.empty() ? "none" : d.errors[0].code;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hostile_input_costs_time_linear_in_its_size) {
  // Generous bound: linear is ~10, quadratic ~100. Sizes stay under every limit.
  constexpr double kBound = 30;
  auto expectLinear = [&](const char* what, double g) {
    BOOST_TEST_MESSAGE(what << ": x" << g);
    BOOST_TEST(g < kBound, what << ": x" << g);
  };
  auto rules = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "  allow ai.train when territory in [US, GB] and units > 5 pay 1 USD * units\n";
    return policyWith(s);
  };
  BOOST_TEST(refrain::testing::compileSource(rules(2000)).ok);  // the largest timed input is compiled, not refused
  expectLinear("rules in one policy", growth(200, rules, compileIt));
  auto policies = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "policy \"p" + std::to_string(i) + "\" by artist \"a" + std::to_string(i) + "\" { allow ai }\n";
    return s;
  };
  BOOST_TEST(refrain::testing::compileSource(policies(2000)).ok);
  expectLinear("policies", growth(200, policies, compileIt));

  auto engine = refrain::testing::engineOf(policyWith("  allow ai when \"pop\" in work.tags and model.name matches \"^a+$\""));
  BOOST_REQUIRE(engine);
  refrain::runtime::DecideScratch scratch;
  auto decide = [&](const std::string& request) { engine->decide(request, scratch); };
  auto withContext = [](const std::string& context) {
    return "{\"use\": \"ai.train\", \"work\": {\"id\": \"w\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}, "
           "\"context\": {\"time\": \"2026-05-01T00:00:00Z\", " + context + "}}";
  };
  // Each timed request, at its largest, is read to its end: refused only where the test says so.
  auto decided = [&](const char* what, int n, auto make, const char* firstErrorCode) {
    BOOST_TEST(firstError(*engine, make(10 * n)) == firstErrorCode, what);
    expectLinear(what, growth(n, make, decide));
  };
  decided("unread request keys", 2000, [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "\"k" + std::to_string(i) + "\": [1, \"x\", {\"a\": [true]}], ";
    return withContext(s + "\"end\": 0");
  }, "missing_field");
  decided("escapes in a read string", 10000, [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "\\u00e9";
    return withContext("\"model\": {\"name\": \"" + s + "\"}");
  }, "missing_field");
  decided("a string matched against a pattern", 5000,
          [&](int n) { return withContext("\"model\": {\"name\": \"" + std::string(n, 'a') + "b\"}"); }, "missing_field");
  decided("a long list searched by `in`", 2000, [&](int n) {
    std::string tags;
    for (int i = 0; i < n; ++i) tags += "\"t" + std::to_string(i) + "\", ";
    return "{\"use\": \"ai.train\", \"work\": {\"id\": \"w\", \"tags\": [" + tags + "\"pop\"], \"rightsholders\": "
           "[{\"party\": \"a\", \"role\": \"artist\"}]}, \"context\": {\"time\": \"2026-05-01T00:00:00Z\", "
           "\"model\": {\"name\": \"aa\"}}}";
  }, "none");
  decided("nesting refused at the limit", 3000,
          [&](int n) { return withContext("\"deep\": [" + std::string(n, '[') + "]"); }, "request_too_deep");
}
