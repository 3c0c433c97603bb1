// Explanations (runtime/explain.h): the runtime shows every relevant condition with its values, and evaluates standalone expressions.
#define BOOST_TEST_MODULE explain
#include <boost/test/unit_test.hpp>

#include "compiler/compile.h"
#include "runtime/engine.h"
#include "test_support.h"

namespace rt = refrain::runtime;
using refrain::testing::engineOf;

namespace {

const char* kPolicies = R"(
policy "baseline" by platform "streamco" {
  on not has(work.genre) or work.genre != "spoken word"
  allow ai.train pay 1.00 USD
}
policy "luna" by artist "luna" {
  on work.tags contains "licensable"
  allow ai.train when territory in EU or territory == US
  allow ai.train.generative when has(revenue) and revenue > 100.00 USD
  deny ai except ai.train, ai.produce when not requester.verified
}
policy "northwind" by label "northwind" {
  allow ai when units > 10
}
)";

std::string request(const std::string& context, const std::string& work = R"("tags": ["licensable"])") {
  return R"({"use": "ai.train.generative", "requester": {"verified": true}, "work": {"id": "W1", )" + work +
         R"(, "rightsholders": [{"party": "luna", "role": "artist"}, {"party": "northwind", "role": "label"}]}, "context": {"time": "2026-05-01T00:00:00Z", )" +
         context + "}}";
}

rt::Explanation explain(const rt::Engine& e, const std::string& text) {
  rt::DecideScratch scratch;
  return e.explain(text, scratch);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_relevant_rule_of_the_speaking_policies_in_bundle_order) {
  auto engine = engineOf(kPolicies);
  BOOST_REQUIRE(engine);
  rt::Explanation e = explain(*engine, request(R"("territory": "FR", "units": 3)"));
  BOOST_TEST(!e.decision.allow);  // northwind is silent: units 3 is not over 10
  BOOST_TEST(e.scopes.empty());
  // luna's deny excepts ai.train, so it is not relevant to ai.train.generative.
  BOOST_REQUIRE(e.rules.size() == 4u);
  // The platform's rule has no `when`: it holds, and decides the platform's allow.
  BOOST_TEST(e.rules[0].party == "streamco");
  BOOST_TEST(e.rules[0].rule == "test.refrain:4");
  BOOST_TEST(e.rules[0].outcome == "holds");
  BOOST_TEST(!e.rules[0].hasWhen);
  BOOST_TEST(e.rules[0].decides);
  // `territory in EU or territory == US` with FR: true by its left side; it
  // decides luna's allow, since the deeper allow does not hold.
  BOOST_TEST(e.rules[1].rule == "test.refrain:8");
  BOOST_TEST(e.rules[1].outcome == "holds");
  BOOST_TEST(e.rules[1].decides);
  BOOST_TEST((e.rules[1].when.kind == rt::ProbeKind::kOr));
  BOOST_TEST(e.rules[1].when.text == "territory in EU or territory == US");
  BOOST_TEST(e.rules[1].when.value.text == "true");
  BOOST_TEST(e.rules[1].when.sides[0].text == "territory in EU");
  BOOST_TEST(e.rules[1].when.sides[0].operands.size() == 1u);
  BOOST_TEST(e.rules[1].when.sides[0].operands[0].value.text == "FR");
  BOOST_TEST(e.rules[1].when.sides[1].value.text == "false");
  // `has(revenue) and revenue > 100.00 USD` without revenue: false by `has`,
  // while its right side shows the missing field it would have read.
  const rt::ExplainedRule& deeper = e.rules[2];
  BOOST_TEST(deeper.outcome == "false");
  BOOST_TEST(!deeper.decides);
  BOOST_TEST((deeper.when.sides[0].kind == rt::ProbeKind::kHas));
  BOOST_TEST(deeper.when.sides[0].value.text == "false");
  BOOST_TEST(!deeper.when.sides[1].value.ok);
  BOOST_TEST(deeper.when.sides[1].value.errorCode == "missing_field");
  BOOST_TEST(deeper.when.sides[1].value.errorMessage == "request has no `context.revenue`");
  BOOST_TEST(deeper.when.sides[1].text == "revenue > 100.000000 USD");
  BOOST_TEST(e.rules[3].party == "northwind");
  BOOST_TEST(e.rules[3].outcome == "false");
  BOOST_TEST(e.rules[3].when.operands[0].text == "units");
  BOOST_TEST(e.rules[3].when.operands[0].value.text == "3");
}

BOOST_AUTO_TEST_CASE(a_failing_condition_is_an_error_outcome_with_its_code) {
  auto engine = engineOf(kPolicies);
  BOOST_REQUIRE(engine);
  rt::Explanation e = explain(*engine, request(R"("territory": "FR", "units": "many")"));
  BOOST_REQUIRE(e.rules.size() == 4u);
  BOOST_TEST(e.rules[3].outcome == "error");
  BOOST_TEST(e.rules[3].when.value.errorCode == "type_mismatch");
  BOOST_TEST(e.rules[3].decides);  // northwind's verdict is the error
  BOOST_TEST(e.decision.errors.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_scope_that_silences_a_policy_is_shown_with_its_condition) {
  auto engine = engineOf(kPolicies);
  BOOST_REQUIRE(engine);
  rt::Explanation e = explain(*engine, request(R"("territory": "FR", "units": 30)", R"("tags": [], "genre": "spoken word")"));
  BOOST_REQUIRE(e.scopes.size() == 2u);
  BOOST_TEST(e.scopes[0].policy == "baseline");
  BOOST_TEST(e.scopes[0].at == "test.refrain:2");
  BOOST_TEST(e.scopes[0].outcome == "false");
  BOOST_TEST((e.scopes[0].on.sides[0].kind == rt::ProbeKind::kNot));
  BOOST_TEST(e.scopes[0].on.sides[0].operands[0].text == "has(work.genre)");
  BOOST_TEST(e.scopes[0].on.sides[1].operands[0].value.text == "\"spoken word\"");
  BOOST_TEST(e.scopes[1].policy == "luna");
  BOOST_TEST(e.scopes[1].on.text == "work.tags contains \"licensable\"");
  BOOST_TEST(e.scopes[1].on.operands[0].value.text == "[]");
  // Only northwind's rule is left to judge.
  BOOST_REQUIRE(e.rules.size() == 1u);
  BOOST_TEST(e.rules[0].party == "northwind");
}

BOOST_AUTO_TEST_CASE(a_request_that_cannot_be_read_explains_no_rule) {
  auto engine = engineOf(kPolicies);
  BOOST_REQUIRE(engine);
  rt::Explanation e = explain(*engine, "{not json");
  BOOST_TEST(e.rules.empty());
  BOOST_TEST(e.scopes.empty());
  BOOST_REQUIRE(e.decision.errors.size() == 1u);
  BOOST_TEST(e.decision.errors[0].code == "invalid_json");
}

BOOST_AUTO_TEST_CASE(the_decision_is_the_one_decide_makes) {
  auto engine = engineOf(kPolicies);
  BOOST_REQUIRE(engine);
  for (const char* context : {R"("territory": "FR", "units": 30)", R"("territory": "US", "units": 3, "revenue": "5.00 USD")",
                              R"("territory": "JP", "units": 300, "revenue": "500.00 USD")"}) {
    rt::DecideScratch scratch;
    std::string text = request(context);
    std::string decided = engine->decideJson(text, scratch);
    rt::Explanation e = engine->explain(text, scratch);
    std::string compact;
    rt::writeDecisionJson(e.decision, &compact, rt::JsonStyle::kCompact);
    compact.pop_back();
    BOOST_TEST(e.decisionJson == compact);
    rt::Decision again = engine->decide(text, scratch);
    BOOST_TEST(e.decision.allow == again.allow);
    std::string pretty;
    rt::writeDecisionJson(e.decision, &pretty);
    BOOST_TEST(pretty == decided);
  }
}

BOOST_AUTO_TEST_CASE(standalone_expressions_are_evaluated_on_partial_requests) {
  refrain::compiler::CompileResult program = refrain::testing::compileSource(kPolicies);
  BOOST_REQUIRE(program.ok);
  auto value = [&](const std::string& expression, const std::string& requestJson) {
    refrain::compiler::ExpressionResult r = refrain::compiler::compileExpression(program.program, expression);
    BOOST_REQUIRE(r.ok);
    std::string error;
    auto engine = rt::Engine::load(r.bundle.data(), r.bundle.size(), &error);
    BOOST_REQUIRE(engine);
    rt::DecideScratch scratch;
    rt::ShownValue v = engine->evaluate(0, requestJson, scratch);
    return v.ok ? v.text : v.errorCode + ": " + v.errorMessage;
  };
  BOOST_TEST(value("units * 2", R"({"context": {"units": 21}})") == "42");
  BOOST_TEST(value("-revenue", R"({"context": {"revenue": "2.50 EUR"}})") == "-2.500000 EUR");
  BOOST_TEST(value("use", R"({"use": "ai.produce"})") == "ai.produce");
  BOOST_TEST(value("use", R"({})") == "missing_field: request has no `use`");
  BOOST_TEST(value("territory in EU", R"({"context": {"territory": "US"}})") == "false");
  BOOST_TEST(value("purpose", R"({"context": {"purpose": "a \"b\""}})") == R"("a \"b\"")");
  BOOST_TEST(value("1", "[1]") == "invalid_request: request must be a JSON object");
  refrain::compiler::ExpressionResult bad = refrain::compiler::compileExpression(program.program, "mystery");
  BOOST_TEST(!bad.ok);
  BOOST_REQUIRE(!bad.diagnostics.empty());
  BOOST_TEST(bad.diagnostics.back().message == "cannot tell the type of `mystery`; compare it with a value");
}
