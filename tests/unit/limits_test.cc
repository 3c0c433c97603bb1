// One test per limit (docs/language.md §12): each hostile input is refused with its exact message.
#define BOOST_TEST_MODULE limits
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "tests/unit/test_support.h"

using refrain::testing::messagesOf;

namespace {

std::string policyWith(const std::string& rules) {
  return "policy \"p\" by artist \"a\" {\n" + rules + "\n}\n";
}

std::string nested(int depth, const std::string& inner) {
  return std::string(depth, '(') + inner + std::string(depth, ')');
}

}  // namespace

BOOST_AUTO_TEST_CASE(expression_nesting_is_limited_to_64) {
  auto m = messagesOf(policyWith("  allow ai when " + nested(65, "true")));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:81: error: expression nests too deeply (limit is 64)");
  BOOST_TEST(messagesOf(policyWith("  allow ai when " + nested(63, "true"))).empty());
}

BOOST_AUTO_TEST_CASE(a_nesting_error_does_not_count_against_later_rules) {
  // Each refused expression used to leave the parser one level deeper, so
  // after enough errors even a shallow rule was refused.
  std::string rules;
  for (int i = 0; i < 70; ++i) rules += "  allow ai when " + nested(65, "true") + "\n";
  rules += "  allow ai.train when " + nested(60, "true");
  auto m = messagesOf(policyWith(rules));
  BOOST_TEST(m.size() == 70u);
  BOOST_TEST(m.back() == "71:81: error: expression nests too deeply (limit is 64)");
}

BOOST_AUTO_TEST_CASE(an_operator_chain_counts_as_nesting) {
  // `a or b or c` is a tree two levels deep; a 200,000-term chain used to
  // overflow the stack of every pass that walks the tree.
  auto chain = [](int operators) {
    std::string s = "true";
    for (int i = 0; i < operators; ++i) s += " or true";
    return s;
  };
  BOOST_TEST(messagesOf(policyWith("  allow ai when " + chain(63))).empty());
  auto m = messagesOf(policyWith("  allow ai when " + chain(64)));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:526: error: expression nests too deeply (limit is 64)");
  m = messagesOf(policyWith("  allow ai when " + chain(200000)));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:526: error: expression nests too deeply (limit is 64)");
  std::string sum = "1";
  for (int i = 0; i < 200000; ++i) sum += " + 1";
  m = messagesOf(policyWith("  allow ai when units > " + sum));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:279: error: expression nests too deeply (limit is 64)");
}

BOOST_AUTO_TEST_CASE(max_and_min_take_at_most_64_arguments) {
  std::string args = "1 USD";
  for (int i = 0; i < 64; ++i) args += ", 1 USD";
  auto m = messagesOf(policyWith("  allow ai pay max(" + args + ")"));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:468: error: too many arguments to `max` (limit is 64)");
}

BOOST_AUTO_TEST_CASE(a_source_is_at_most_4_mib) {
  std::string big = policyWith("  allow ai") + std::string((4 << 20), '#');
  auto m = messagesOf(big);
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "1:1: error: source is too large (limit is 4194304 bytes)");
}

BOOST_AUTO_TEST_CASE(a_string_literal_is_at_most_4096_bytes) {
  auto m = messagesOf(policyWith("  allow ai duty attribution \"" + std::string(4097, 'x') + "\""));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:29: error: string is too long (limit is 4096 bytes)");
  BOOST_TEST(messagesOf(policyWith("  allow ai duty attribution \"" + std::string(4096, 'x') + "\"")).empty());
}

BOOST_AUTO_TEST_CASE(a_policy_has_at_most_10000_rules) {
  std::string rules;
  for (int i = 0; i < 10001; ++i) rules += "  deny ai\n";
  auto m = messagesOf(policyWith(rules));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "10002:3: error: too many rules in policy `p` (limit is 10000)");
}

BOOST_AUTO_TEST_CASE(regions_nest_at_most_64_deep) {
  // A chain of regions each defined by the next used to recurse once per link.
  auto chain = [](int links) {
    std::string s;
    char name[32];
    for (int i = 0; i < links; ++i) {
      std::snprintf(name, sizeof name, "R%06d = R%06d\n", i, i + 1);
      s += "region " + std::string(name);
    }
    std::snprintf(name, sizeof name, "R%06d", links);
    return s + "region " + name + " = [US]\n" + policyWith("  allow ai when territory in R000000");
  };
  BOOST_TEST(messagesOf(chain(63)).empty());  // 64 regions, each but the last defined by the next
  auto m = messagesOf(chain(64));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "64:18: error: regions nest too deeply (limit is 64)");
  BOOST_TEST(messagesOf(chain(150000)).size() > 1000u);  // refused every 64 links, without running out of stack
}

BOOST_AUTO_TEST_CASE(a_pattern_needing_more_than_1_mib_is_refused_at_compile_time) {
  auto m = messagesOf(policyWith("  allow ai when requester.id matches \"(\\\\pL{100}){10}\""));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:38: error: invalid pattern: pattern too large - compile failed");
}

BOOST_AUTO_TEST_CASE(money_literals_and_arithmetic_stay_in_64_bits) {
  auto m = messagesOf(policyWith("  allow ai pay 9223372036855 USD"));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:16: error: money amount is too large");
  BOOST_TEST(messagesOf(policyWith("  allow ai pay 9223372036854.775807 USD")).empty());
  // At evaluation, overflow is a named error that denies (tests/cases/pay/overflow.case has more).
  auto engine = refrain::testing::engineOf(policyWith("  allow ai pay 9000000000000 USD * units"));
  BOOST_REQUIRE(engine);
  refrain::runtime::Decision d = engine->decide(
      R"({"use": "ai.train", "work": {"id": "w", "rightsholders": [{"party": "a", "role": "artist"}]},
          "context": {"time": "2026-05-01T00:00:00Z", "units": 2}})");
  BOOST_TEST(!d.allow);
  BOOST_REQUIRE_EQUAL(d.errors.size(), 1u);
  BOOST_TEST(d.errors[0].code == "overflow");
  BOOST_TEST(d.errors[0].message == "arithmetic overflow");
}

namespace {

refrain::runtime::DecisionError requestError(const std::string& request) {
  auto engine = refrain::testing::engineOf(policyWith("  allow ai"));
  BOOST_REQUIRE(engine);
  refrain::runtime::Decision d = engine->decide(request);
  BOOST_REQUIRE(!d.allow);
  BOOST_REQUIRE_EQUAL(d.errors.size(), 1u);
  return d.errors[0];
}

std::string holders(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(i ? ", " : "") + "{\"party\": \"p" + std::to_string(i) + "\", \"role\": \"artist\"}";
  return "{\"use\": \"ai.train\", \"work\": {\"id\": \"w\", \"rightsholders\": [" + s +
         "]}, \"context\": {\"time\": \"2026-05-01T00:00:00Z\"}}";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_request_is_at_most_1_mib) {
  std::string request = "{\"use\": \"ai.train\", \"pad\": \"" + std::string(1 << 20, 'x') + "\"}";
  auto e = requestError(request);
  BOOST_TEST(e.code == "request_too_large");
  BOOST_TEST(e.message == "request is larger than 1048576 bytes");
}

BOOST_AUTO_TEST_CASE(a_request_nests_at_most_32_deep) {
  auto e = requestError("{\"context\": " + std::string(32, '[') + std::string(32, ']') + "}");
  BOOST_TEST(e.code == "request_too_deep");
  BOOST_TEST(e.message == "request nests deeper than 32 levels");
  e = requestError("{\"context\": " + std::string(31, '[') + std::string(31, ']') + "}");
  BOOST_TEST(e.code == "missing_use");  // 32 levels are read
}

BOOST_AUTO_TEST_CASE(a_request_lists_at_most_256_rights_holders) {
  auto e = requestError(holders(257));
  BOOST_TEST(e.code == "invalid_request");
  BOOST_TEST(e.message == "`work.rightsholders` lists more than 256 rights holders");
  auto engine = refrain::testing::engineOf(policyWith("  allow ai"));
  BOOST_TEST(!engine->decide(holders(256)).allow);  // 255 silent holders: a deny, but no error
  BOOST_TEST(engine->decide(holders(256)).errors.empty());
}

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
  double g = growth(200, rules, compileIt);
  expectLinear("rules in one policy", g);
  auto policies = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "policy \"p" + std::to_string(i) + "\" by artist \"a" + std::to_string(i) + "\" { allow ai }\n";
    return s;
  };
  g = growth(200, policies, compileIt);
  expectLinear("policies", g);

  auto engine = refrain::testing::engineOf(policyWith("  allow ai when \"pop\" in work.tags and model.name matches \"^a+$\""));
  BOOST_REQUIRE(engine);
  refrain::runtime::DecideScratch scratch;
  auto decide = [&](const std::string& request) { engine->decide(request, scratch); };
  auto withContext = [](const std::string& context) {
    return "{\"use\": \"ai.train\", \"work\": {\"id\": \"w\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}, "
           "\"context\": {\"time\": \"2026-05-01T00:00:00Z\", " + context + "}}";
  };
  g = growth(2000, [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "\"k" + std::to_string(i) + "\": [1, \"x\", {\"a\": [true]}], ";
    return withContext(s + "\"end\": 0");
  }, decide);
  expectLinear("unread request keys", g);
  g = growth(10000, [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "\\u00e9";
    return withContext("\"model\": {\"name\": \"" + s + "\"}");
  }, decide);
  expectLinear("escapes in a read string", g);
  g = growth(5000, [&](int n) { return withContext("\"model\": {\"name\": \"" + std::string(n, 'a') + "b\"}"); }, decide);
  expectLinear("a string matched against a pattern", g);
  g = growth(2000, [&](int n) {
    std::string tags;
    for (int i = 0; i < n; ++i) tags += "\"t" + std::to_string(i) + "\", ";
    return "{\"use\": \"ai.train\", \"work\": {\"id\": \"w\", \"tags\": [" + tags + "\"pop\"], \"rightsholders\": "
           "[{\"party\": \"a\", \"role\": \"artist\"}]}, \"context\": {\"time\": \"2026-05-01T00:00:00Z\", "
           "\"model\": {\"name\": \"aa\"}}}";
  }, decide);
  expectLinear("a long list searched by `in`", g);
  g = growth(3000, [&](int n) { return withContext("\"deep\": [" + std::string(n, '[') + "]"); }, decide);
  expectLinear("nesting refused at the limit", g);
}
