// Unit tests for cli/policy_tests.h: test files read and checked, decisions compared key by key, rule coverage.
#define BOOST_TEST_MODULE policy_tests
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "cli/policy_tests.h"
#include "compiler/compile.h"

namespace cli = refrain::cli;
using nlohmann::json;

namespace {

const json kActual = json::parse(R"({
  "decision": "allow", "use": "ai.train.generative", "work": "W1",
  "reasons": [{"party": "luna-ray", "policy": "luna-ray", "verdict": "allow", "rule": "examples/policies/luna-ray.refrain:11"}],
  "duties": [],
  "payments": [{"currency": "USD", "total": "2500.000000",
                "payees": [{"party": "luna-ray", "amount": "2500.000000"}],
                "terms": [{"party": "luna-ray", "rule": "examples/policies/luna-ray.refrain:11", "amount": "2500.000000"}]}],
  "errors": []
})");

std::string parseError(const std::string& text) {
  cli::PolicyTestFile file;
  std::string error;
  return cli::parseTestFile("t/a.test.json", text, &file, &error) ? "" : error;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_test_file_with_paths_relative_to_it) {
  cli::PolicyTestFile file;
  std::string error;
  BOOST_REQUIRE(cli::parseTestFile("tests/a.test.json", R"({
    "sources": ["../policies/luna.refrain"], "catalog": "../catalog/works.jsonl",
    "cases": [{"name": "one", "request": {"use": "ai"}, "expect": {"decision": "deny"}}]})",
                                   &file, &error));
  BOOST_TEST(file.sources == std::vector<std::string>{"policies/luna.refrain"});
  BOOST_TEST(file.catalog == "catalog/works.jsonl");
  BOOST_REQUIRE_EQUAL(file.cases.size(), 1u);
  BOOST_TEST(file.cases[0].name == "one");
  BOOST_TEST(json::parse(file.cases[0].request) == json::parse(R"({"use": "ai"})"));
}

BOOST_AUTO_TEST_CASE(names_what_is_wrong_with_a_test_file) {
  BOOST_TEST(parseError("{") == "t/a.test.json: not valid JSON");
  BOOST_TEST(parseError(R"({"cases": []})") == "t/a.test.json: `sources` must be a non-empty list of policy files");
  BOOST_TEST(parseError(R"({"sources": ["a"], "cases": [], "extra": 1})") == "t/a.test.json: unknown key `extra`");
  BOOST_TEST(parseError(R"({"sources": ["a"], "cases": [{"name": "c", "request": {}, "expect": {}}]})") ==
             "t/a.test.json: case `c`: `expect` needs `decision`");
  BOOST_TEST(parseError(R"({"sources": ["a"], "cases": [{"name": "c", "request": {},
                            "expect": {"decision": "allow", "payment": []}}]})") ==
             "t/a.test.json: case `c`: `expect` has `payment`, which is not a key of a decision");
  BOOST_TEST(parseError(R"({"sources": ["a"], "cases": [{"request": {}, "expect": {"decision": "allow"}}]})") ==
             "t/a.test.json: case 1 has no `name` string");
}

BOOST_AUTO_TEST_CASE(passes_when_every_given_key_matches) {
  BOOST_TEST(cli::compareDecision(json::parse(R"({"decision": "allow"})"), kActual).empty());
  // Rules compare by file name and line, and object keys in any order.
  BOOST_TEST(cli::compareDecision(json::parse(R"({"decision": "allow", "reasons": [
      {"verdict": "allow", "rule": "luna-ray.refrain:11", "party": "luna-ray", "policy": "luna-ray"}]})"),
                                  kActual)
                 .empty());
}

BOOST_AUTO_TEST_CASE(diffs_each_differing_key) {
  json expect = kActual;
  expect["decision"] = "deny";
  expect["payments"][0]["payees"][0]["amount"] = "2500.000001";
  expect["reasons"][0]["rule"] = "luna-ray.refrain:12";
  std::vector<std::string> diffs = cli::compareDecision(expect, kActual);
  BOOST_REQUIRE_EQUAL(diffs.size(), 3u);
  BOOST_TEST(diffs[0] == "decision (- expected, + actual):\n  - \"deny\"\n  + \"allow\"\n");
  BOOST_TEST(diffs[1].rfind("reasons", 0) == 0);
  BOOST_TEST(diffs[1].find("  -     \"rule\": \"luna-ray.refrain:12\",\n  +     \"rule\": \"luna-ray.refrain:11\",") !=
             std::string::npos);
  BOOST_TEST(diffs[2].find("  -         \"amount\": \"2500.000001\",\n  +         \"amount\": \"2500.000000\",") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_diff_elides_far_context) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n", b = "1\n2\n3\n4\n5\n6\n7\n8\nX\n";
  BOOST_TEST(cli::lineDiff(a, b, 2) == "    ...\n    7\n    8\n  - 9\n  + X\n");
  BOOST_TEST(cli::lineDiff("a\n", "a\n") == "    a\n");
}

BOOST_AUTO_TEST_CASE(coverage_counts_rules_that_decided) {
  refrain::compiler::CompileInput input;
  input.sources.push_back({"p/a.refrain", R"(policy "a" by artist "a" {
  allow ai.train.generative
  deny ai.generate
  allow ai.produce
}
)"});
  auto result = refrain::compiler::compile(std::move(input));
  BOOST_REQUIRE(result.ok);
  cli::Coverage coverage;
  coverage.addProgram(result.program, {"p/a.refrain"}, {"/abs/p/a.refrain"});
  coverage.addDecision(json::parse(R"({"reasons": [{"party": "a", "verdict": "deny", "rule": "p/a.refrain:3"},
                                                   {"party": "b", "verdict": "silent"}], "payments": []})"));
  coverage.addDecision(json::parse(R"({"reasons": [], "payments": [{"terms": [{"rule": "p/a.refrain:2"}]}]})"));
  BOOST_TEST(coverage.report() ==
             "p/a.refrain: 2/3 rules decided (66.7%)\n"
             "  never decided: p/a.refrain:4 (allow ai.produce)\n"
             "coverage: 2/3 rules decided (66.7%)\n");
  BOOST_TEST(coverage.percent() > 66.6);
  BOOST_TEST(coverage.percent() < 66.7);
}
