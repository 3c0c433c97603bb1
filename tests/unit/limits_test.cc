// One test per limit (docs/language.md §12): each hostile input is refused with its exact message.
#define BOOST_TEST_MODULE limits
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdio>

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
  BOOST_REQUIRE_EQUAL(m.size(), 70u);
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
  BOOST_REQUIRE(engine);
  BOOST_TEST(!engine->decide(holders(256)).allow);  // 255 silent holders: a deny, but no error
  BOOST_TEST(engine->decide(holders(256)).errors.empty());
}
