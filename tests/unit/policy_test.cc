// Unit tests for policy/: lexer values, parser recovery, checker types and the exact text of diagnostics.
#define BOOST_TEST_MODULE policy
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "policy/lexer.h"
#include "policy/parser.h"
#include "tests/unit/test_support.h"

namespace p = refrain::policy;
using refrain::testing::diagnosticsOf;
using refrain::testing::messagesOf;

namespace {

std::vector<p::Token> tokens(const std::string& text, p::Diagnostics& diags) {
  return p::lex({"t.refrain", text}, 0, diags);
}

const p::Token& only(const std::vector<p::Token>& ts) {
  BOOST_REQUIRE_EQUAL(ts.size(), 2u);
  return ts[0];
}

std::string policyWith(const std::string& rules) {
  return "policy \"p\" by artist \"a\" {\n" + rules + "\n}\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lexer)

BOOST_AUTO_TEST_CASE(literals_have_exact_values) {
  p::Diagnostics d;
  BOOST_TEST(only(tokens("1_000_000", d)).number == 1000000);
  BOOST_TEST(only(tokens("0.0025 USD", d)).number == 2500);
  BOOST_TEST(only(tokens("0.0025 USD", d)).text == "USD");
  BOOST_TEST(only(tokens("12.5%", d)).number == 125000);
  BOOST_TEST(only(tokens("2026-01-01", d)).number == 1767225600);
  BOOST_TEST(only(tokens("2026-01-01T12:30:00Z", d)).number == 1767225600 + 45000);
  BOOST_TEST(only(tokens("2026-01-01T12:30:00+02:00", d)).number == 1767225600 + 45000 - 7200);
  BOOST_TEST(only(tokens("\"a\\\"b\\\\c\\n\\t\\u{1F3B5}\"", d)).text == "a\"b\\c\n\t\xF0\x9F\x8E\xB5");
  BOOST_TEST(only(tokens("ai.train.generative", d)).text == "ai.train.generative");
  BOOST_TEST(!d.hasErrors());
}

BOOST_AUTO_TEST_CASE(comments_and_keywords) {
  p::Diagnostics d;
  auto ts = tokens("# a comment\nallow # more\n deny", d);
  BOOST_REQUIRE_EQUAL(ts.size(), 3u);
  BOOST_TEST(static_cast<int>(ts[0].kind) == static_cast<int>(p::Tok::kAllow));
  BOOST_TEST(ts[1].span.line == 3);
  BOOST_TEST(ts[1].span.col == 2);
}

BOOST_AUTO_TEST_CASE(malformed_literals_are_errors) {
  struct Case { const char* text; const char* message; };
  const Case cases[] = {
      {"1.5", "a decimal number must be money (`1.50 USD`) or a percent (`12.5%`)"},
      {"1.1234567 USD", "money has at most 6 fractional digits"},
      {"1.12345%", "a percent has at most 4 fractional digits"},
      {"5 XYZ", "unknown currency `XYZ`"},
      {"2026-02-30", "invalid date"},
      {"2026-01-01T25:00:00Z", "invalid timestamp; write it as `2026-01-01T12:30:00Z`"},
      {"2026-01-01T10:00:00", "a timestamp needs a `Z` or `+hh:mm` offset"},
      {"\"abc", "unterminated string"},
      {"\"\\q\"", "invalid escape in string; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{HEX}`"},
      {"\"\\u{D800}\"", "invalid unicode escape; write it as `\\u{1F3B5}`"},
      {"99999999999999999999", "integer literal `99999999999999999999` does not fit in 64 bits"},
      {"@", "unexpected character `@`"},
  };
  for (const Case& c : cases) {
    p::Diagnostics d;
    tokens(c.text, d);
    BOOST_REQUIRE_MESSAGE(d.all().size() == 1, c.text);
    BOOST_TEST(d.all()[0].message == c.message, c.text);
  }
}

BOOST_AUTO_TEST_CASE(surrogates_overlong_forms_and_code_points_past_unicode_are_not_utf8) {
  for (const char* text : {"policy \"\xed\xa0\x80\"", "policy \"\xc0\xaf\"", "policy \"\xe0\x80\xaf\"",
                           "policy \"\xf4\x90\x80\x80\"", "policy \"\xe2\x82\""}) {
    p::Diagnostics d;
    tokens(text, d);
    BOOST_REQUIRE(d.hasErrors());
    BOOST_TEST(d.all()[0].message == "source is not valid UTF-8");
    BOOST_TEST(d.all()[0].span.col == 9);
  }
  p::Diagnostics fine;
  tokens("policy \"\xe2\x82\xac \xf0\x9f\x8e\xb5 \xed\x9f\xbf\"", fine);  // €, 🎵, U+D7FF
  BOOST_TEST(!fine.hasErrors());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused) {
  p::Diagnostics d;
  tokens("policy \xff", d);
  BOOST_REQUIRE(d.hasErrors());
  BOOST_TEST(d.all()[0].message == "source is not valid UTF-8");
  BOOST_TEST(d.all()[0].span.col == 8);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(parser)

BOOST_AUTO_TEST_CASE(precedence_is_or_and_not_comparison_additive_multiplicative) {
  p::Diagnostics d;
  p::ExprPtr e = p::parseExpression({"e", "not a or b and c == 1 + 2 * 3"}, 0, d);
  BOOST_REQUIRE(e);
  BOOST_TEST(static_cast<int>(e->op) == static_cast<int>(p::BinOp::kOr));
  BOOST_TEST(static_cast<int>(e->args[0]->kind) == static_cast<int>(p::ExprKind::kNot));
  const p::Expr& conj = *e->args[1];
  BOOST_TEST(static_cast<int>(conj.op) == static_cast<int>(p::BinOp::kAnd));
  const p::Expr& eq = *conj.args[1];
  BOOST_TEST(static_cast<int>(eq.op) == static_cast<int>(p::BinOp::kEq));
  BOOST_TEST(static_cast<int>(eq.args[1]->op) == static_cast<int>(p::BinOp::kAdd));
  BOOST_TEST(static_cast<int>(eq.args[1]->args[1]->op) == static_cast<int>(p::BinOp::kMul));
}

BOOST_AUTO_TEST_CASE(not_binds_looser_than_matches) {
  p::Diagnostics d;
  p::ExprPtr e = p::parseExpression({"e", "not work.isrc matches \"^SE\""}, 0, d);
  BOOST_REQUIRE(e);
  BOOST_TEST(static_cast<int>(e->kind) == static_cast<int>(p::ExprKind::kNot));
  BOOST_TEST(static_cast<int>(e->args[0]->op) == static_cast<int>(p::BinOp::kMatches));
}

BOOST_AUTO_TEST_CASE(recovers_to_report_several_errors) {
  auto m = messagesOf(policyWith("  allow ai.train when\n  deny ai.generate except\n  allow ai.produce when purpose ==\n"));
  BOOST_REQUIRE_EQUAL(m.size(), 3u);
  BOOST_TEST(m[0] == "3:3: error: expected an expression, found `deny`");
  BOOST_TEST(m[1] == "4:3: error: expected a use such as `ai.train`, found `allow`");
  BOOST_TEST(m[2] == "6:1: error: expected an expression, found `}`");
}

BOOST_AUTO_TEST_CASE(clauses_come_in_order) {
  auto m = messagesOf(policyWith("  allow ai.train pay 1 USD when true"));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:28: error: `when` cannot come after `pay`; a rule's clauses come in the order when, pay, split, duty");
}

BOOST_AUTO_TEST_CASE(deny_takes_no_pay) {
  auto m = messagesOf(policyWith("  deny ai.train pay 1 USD"));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(m[0] == "2:17: error: `pay` is only allowed on an `allow` rule");
}

BOOST_AUTO_TEST_CASE(nesting_limit_is_enforced) {
  std::string deep(100, '(');
  deep += "true" + std::string(100, ')');
  auto m = messagesOf(policyWith("  allow ai when " + deep));
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].find("expression nests too deeply (limit is 64)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(diagnostics_render_with_source_line_and_caret) {
  BOOST_TEST(diagnosticsOf(policyWith("  allow ai.train.foo")) ==
             "test.refrain:2:9: error: unknown use `ai.train.foo`\n"
             "    allow ai.train.foo\n"
             "          ^\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(checker)

BOOST_AUTO_TEST_CASE(static_errors_of_section_11) {
  struct Case { std::string source; std::string message; };
  const Case cases[] = {
      {policyWith("  allow ai when territory == XX"), "2:30: error: unknown territory `XX`"},
      {policyWith("  allow ai when territory in NORDIC"), "2:30: error: unknown region `NORDIC`"},
      {"policy \"p\" by singer \"a\" {\n}\n", "1:15: error: unknown role `singer`; roles are artist, label, publisher, writer, producer and platform"},
      {policyWith("  allow ai pay 1 XYZ"), "2:18: error: unknown currency `XYZ`"},
      {policyWith("  allow ai when units == \"x\""), "2:23: error: `==` cannot take int and string"},
      {policyWith("  allow ai when requester.id matches \"(\""), "2:38: error: invalid pattern: missing ): ("},
      {policyWith("  allow ai pay 1 USD split artist 60%, label 30%"), "2:22: error: split totals 90%, not 100%"},
      {policyWith("  consent from artist for ai"), "2:3: error: `consent` is only allowed in a platform policy"},
      {"policy \"p\" by artist \"a\" {\n  effective 2026-01-01\n  expires 2025-01-01\n}\n", "3:3: error: `expires` must be after `effective` in policy `p`"},
      {policyWith("  allow ai pay 1 USD + 1 EUR"), "2:22: error: currency mismatch: `USD` and `EUR`"},
      {policyWith("  allow ai when units"), "2:17: error: expected bool, found int"},
      {"policy \"p\" by label \"n\" {\n  on territory == US\n}\n", "2:6: error: an `on` scope may only read `work.*` fields, not `context.territory`"},
      {policyWith("  allow ai when requester.age > 3"), "2:17: error: unknown field `requester.age`"},
      {policyWith("  deny ai except ai"), "2:18: error: `except ai` must name a use inside the rule's uses"},
      {policyWith("  allow ai when context.a == context.b"), "2:17: error: cannot tell the type of `context.a`; compare it with a value of known type"},
  };
  for (const Case& c : cases) {
    auto m = messagesOf(c.source);
    BOOST_REQUIRE_MESSAGE(!m.empty(), c.source);
    BOOST_TEST(m[0] == c.message, c.source);
  }
}

BOOST_AUTO_TEST_CASE(duplicate_versions_and_parties) {
  auto m = messagesOf(
      "policy \"p\" by artist \"a\" {\n  effective 2026-01-01\n}\n"
      "policy \"p\" by artist \"a\" {\n  effective 2026-01-01\n}\n"
      "policy \"p\" by label \"b\" {\n  effective 2027-01-01\n}\n");
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  BOOST_TEST(m[0] == "4:8: error: policy `p` already has a version with this `effective` date");
  BOOST_TEST(m[1] == "7:8: error: versions of policy `p` must be issued by one party: `artist a`, not `label b`");
}

BOOST_AUTO_TEST_CASE(dynamic_fields_take_the_type_of_their_use) {
  auto r = refrain::testing::compileSource(policyWith("  allow ai when context.tier == \"gold\" and context.seats > 3"));
  BOOST_TEST(r.ok);
  const p::Expr& when = *r.program.policies[0].rules[0].when;
  BOOST_TEST(p::typeName(when.args[0]->args[0]->type) == "string");
  BOOST_TEST(p::typeName(when.args[1]->args[0]->type) == "int");
}

BOOST_AUTO_TEST_CASE(regions_expand_and_join) {
  auto r = refrain::testing::compileSource("region NORDICS = [DK, FI, IS, NO, SE]\n" +
                                           policyWith("  allow ai when territory in [US] + NORDICS + EU"));
  BOOST_REQUIRE(r.ok);
  BOOST_REQUIRE_EQUAL(r.program.regions.size(), 1u);
  BOOST_TEST(r.program.regions[0].codes.size() == 5u);
}

BOOST_AUTO_TEST_CASE(warns_about_rules_that_can_never_win) {
  auto m = messagesOf(policyWith("  deny ai.generate\n  allow ai.generate.voice\n  allow ai.train\n  allow ai.train"));
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  BOOST_TEST(m[0] == "3:3: warning: rule can never win: `deny ai.generate` on line 2 always denies `ai.generate.voice`");
  BOOST_TEST(m[1] == "5:3: warning: rule can never win: the rule on line 4 always allows `ai.train` first");
}

BOOST_AUTO_TEST_SUITE_END()
