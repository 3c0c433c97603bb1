// The stance a bundle gives a party or a work (interop/stance.h), the policy
// an imported signal becomes (writeSignalPolicy), and the AIPREF codec.
#define BOOST_TEST_MODULE stance
#include <boost/test/unit_test.hpp>

#include "compiler/compile.h"
#include "interop/signals.h"
#include "interop/stance.h"
#include "interop/xml_writer.h"
#include "policy/formatter.h"
#include "runtime/time.h"

using namespace refrain;
using namespace refrain::interop;

namespace refrain::interop {
std::ostream& operator<<(std::ostream& out, Stance s) { return out << stanceName(s); }
}  // namespace refrain::interop

namespace {

std::unique_ptr<runtime::Engine> engineOf(const std::string& source, const std::string& catalog = "") {
  compiler::CompileInput input;
  input.sources.push_back({"p.refrain", source});
  if (!catalog.empty()) input.catalog = policy::SourceFile{"works.jsonl", catalog};
  compiler::CompileResult result = compiler::compile(std::move(input));
  BOOST_REQUIRE_MESSAGE(result.ok, policy::renderDiagnostics(result.diagnostics, result.files));
  std::string error;
  auto engine = runtime::Engine::load(result.bundle.data(), result.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  return engine;
}

int64_t at(const char* time) {
  int64_t t = 0;
  BOOST_REQUIRE(runtime::parseTime(time, &t));
  return t;
}

StanceSheet partySheet(const runtime::Engine& e, const std::string& party, const char* time = "2026-06-01") {
  StanceSheet sheet;
  std::string error;
  BOOST_REQUIRE_MESSAGE(deriveStance(e, party, "", at(time), &sheet, &error), error);
  return sheet;
}

// "use=stance" for each use, in tree order: one string to compare whole.
std::string summary(const StanceSheet& sheet) {
  std::string out;
  for (const UseStance& u : sheet.uses) {
    const char* s = u.stance == Stance::kAllowed ? "A" : u.stance == Stance::kConstrained ? "C" : "-";
    out += (out.empty() ? "" : " ") + u.use + "=" + s;
  }
  return out;
}

std::string terms(const StanceSheet& sheet, const std::string& use) {
  std::string out;
  for (const std::string& line : describeTerms(sheet.of(use))) out += line + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_allows_denies_and_silence) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai.train
  allow ai.produce.stems
  deny ai.generate except ai.generate.remix
  allow ai.generate.remix
})");
  BOOST_TEST(summary(partySheet(*e, "a")) ==
             "ai=- ai.train=A ai.train.generative=A ai.train.analytic=A ai.generate=- ai.generate.voice=- "
             "ai.generate.style=- ai.generate.remix=A ai.produce=- ai.produce.stems=A ai.produce.master=- "
             "ai.engage=- ai.engage.personalize=- ai.engage.persona=-");
}

BOOST_AUTO_TEST_CASE(conditions_prices_and_duties_constrain) {
  auto e = engineOf(R"(policy "p" by label "l" {
  allow ai.train.generative
    when purpose in ["commercial", "research"] and territory in [US, CA] and territory not in [CA]
    pay 0.0025 USD * units
    duty attribution "x"
  allow ai.train.analytic pay 1000.00 EUR
  allow ai.produce when requester.verified pay max(1.00 USD, 5% * revenue)
  allow ai.engage duty notify
})");
  StanceSheet s = partySheet(*e, "l");
  BOOST_TEST(summary(s) ==
             "ai=- ai.train=- ai.train.generative=C ai.train.analytic=C ai.generate=- ai.generate.voice=- "
             "ai.generate.style=- ai.generate.remix=- ai.produce=C ai.produce.stems=C ai.produce.master=C "
             "ai.engage=C ai.engage.personalize=C ai.engage.persona=C");
  BOOST_TEST(terms(s, "ai.train.generative") ==
             "l: purpose commercial or research; in CA, US; not in CA; pays 0.0025 USD per unit; duty attribution\n");
  const Offer& o = s.of("ai.train.generative").offers.at(0);
  BOOST_TEST(o.fullyStatable());
  BOOST_TEST(o.price->micros == 2500);
  BOOST_TEST(terms(s, "ai.train.analytic") == "l: pays 1000.00 EUR\n");
  BOOST_TEST(terms(s, "ai.produce.master") == "l: when requester.verified; pays max(1.00 USD, 5% * revenue)\n");
  BOOST_TEST(!s.of("ai.produce").fullyStatable());
  BOOST_TEST(terms(s, "ai.engage.persona") == "l: duty notify\n");
}

BOOST_AUTO_TEST_CASE(a_conditional_deny_or_a_conditional_rule_anywhere_is_not_allowed_plainly) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai
  deny ai.generate.voice when purpose == "ads"
  allow ai.engage when requester.verified
})");
  StanceSheet s = partySheet(*e, "a");
  BOOST_TEST(s.of("ai.train").stance == Stance::kAllowed);
  BOOST_TEST(s.of("ai.generate.voice").stance == Stance::kConstrained);
  BOOST_TEST(terms(s, "ai.generate.voice") == "a: no further terms\na denies when purpose == \"ads\"\n");
  // The deeper conditional allow can decide, and its `when` can fail; when
  // it is false, `allow ai` decides.
  BOOST_TEST(terms(s, "ai.engage.persona") ==
             "a: when not (requester.verified)\na: when requester.verified\na needs `requester.verified` to be evaluable\n");
  // A request naming `ai` itself sees only `allow ai`.
  BOOST_TEST(s.of("ai").stance == Stance::kAllowed);
}

BOOST_AUTO_TEST_CASE(an_unconditional_deeper_allow_beats_shallower_offers) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai.train when purpose == "research" pay 1.00 USD
  allow ai.train.generative pay 2.00 USD
})");
  StanceSheet s = partySheet(*e, "a");
  // The shallower rule cannot decide, but its `when` is still evaluated.
  BOOST_TEST(terms(s, "ai.train.generative") == "a: pays 2.00 USD\na needs `purpose == \"research\"` to be evaluable\n");
  BOOST_TEST(terms(s, "ai.train.analytic") == "a: purpose research; pays 1.00 USD\n");
}

// What review found the stance claiming beyond the policies.
BOOST_AUTO_TEST_CASE(an_offer_holds_only_where_no_allow_that_outranks_it_does) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai.train pay 1.00 USD
  allow ai.train.generative when territory in [US] pay 100.00 USD
})");
  StanceSheet s = partySheet(*e, "a");
  BOOST_TEST(terms(s, "ai.train.generative") ==
             "a: when not (territory in [US]); pays 1.00 USD\na: in US; pays 100.00 USD\n"
             "a needs `territory in [US]` to be evaluable\n");
  BOOST_TEST(!s.of("ai.train.generative").fullyStatable());
  BOOST_TEST(terms(s, "ai.train.analytic") == "a: pays 1.00 USD\n");
}

BOOST_AUTO_TEST_CASE(scopes_and_conditional_denies_of_any_speaker_are_caveats) {
  auto scoped = engineOf(R"(policy "p" by artist "a" {
  allow ai
}
policy "q" by artist "a" {
  on work.genre == "jazz"
  deny ai.generate
})");
  // Every request reads the scope, and a work without a genre is denied.
  BOOST_TEST(terms(partySheet(*scoped, "a"), "ai.train") == "a: no further terms\na needs `on work.genre == \"jazz\"` to be evaluable\n");
  auto platform = engineOf(R"(policy "p" by artist "a" {
  allow ai
}
policy "plat" by platform "streamco" {
  deny ai.train when territory == US
})", R"({"id": "W1", "rightsholders": [{"party": "a", "role": "artist"}]})" "\n");
  StanceSheet w;
  std::string error;
  BOOST_REQUIRE(deriveStance(*platform, "a", "W1", at("2026-06-01"), &w, &error));
  BOOST_TEST(w.of("ai.train").stance == Stance::kConstrained);
  BOOST_TEST(terms(w, "ai.train") == "no further terms\nstreamco denies when territory == US\n");
  BOOST_TEST(w.of("ai.produce").stance == Stance::kAllowed);
}

BOOST_AUTO_TEST_CASE(a_split_to_a_role_the_work_lacks_never_pays) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai.train pay 10.00 USD split writer 100%
})", R"({"id": "W1", "rightsholders": [{"party": "a", "role": "artist"}]})" "\n");
  StanceSheet w;
  std::string error;
  BOOST_REQUIRE(deriveStance(*e, "a", "W1", at("2026-06-01"), &w, &error));
  BOOST_TEST(terms(w, "ai.train") ==
             "a: when never: the split pays the role writer, which no rights holder of the work has; pays 10.00 USD\n");
  BOOST_TEST(terms(partySheet(*e, "a"), "ai.train") ==
             "a: when the work has a rights holder with the role writer (the split); pays 10.00 USD\n");
}

BOOST_AUTO_TEST_CASE(a_party_under_two_roles_is_allowed_only_if_each_role_allows) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  allow ai
}
policy "q" by label "a" {
  allow ai.train
})");
  StanceSheet s = partySheet(*e, "a");
  BOOST_TEST(s.of("ai.train").stance == Stance::kAllowed);
  BOOST_TEST(terms(s, "ai.generate") == "no further terms\nas label alone, a gives it not allowed\n");
}

BOOST_AUTO_TEST_CASE(the_versions_in_force_at_the_time_asked) {
  auto e = engineOf(R"(policy "p" by artist "a" {
  effective 2026-01-01
  expires 2026-07-01
  allow ai.train
}
policy "p" by artist "a" {
  effective 2026-07-01
  deny ai.train
})");
  BOOST_TEST(partySheet(*e, "a", "2025-12-31T23:59:59Z").of("ai.train").stance == Stance::kNotAllowed);
  BOOST_TEST(partySheet(*e, "a", "2026-01-01").of("ai.train").stance == Stance::kAllowed);
  BOOST_TEST(partySheet(*e, "a", "2026-07-01").of("ai.train").stance == Stance::kNotAllowed);
}

BOOST_AUTO_TEST_CASE(a_scope_is_a_condition_for_a_party_and_known_for_a_work) {
  const char* source = R"(policy "p" by artist "a" {
  on work.genre == "jazz"
  allow ai.train
}
policy "q" by label "l" {
  allow ai
})";
  const char* catalog =
      R"({"id": "J", "genre": "jazz", "rightsholders": [{"party": "a", "role": "artist"}, {"party": "l", "role": "label"}]})"
      "\n"
      R"({"id": "P", "genre": "pop", "rightsholders": [{"party": "a", "role": "artist"}, {"party": "l", "role": "label"}]})"
      "\n"
      R"({"id": "N", "rightsholders": [{"party": "a", "role": "artist"}, {"party": "l", "role": "label"}]})"
      "\n";
  auto e = engineOf(source, catalog);
  StanceSheet s = partySheet(*e, "a");
  BOOST_TEST(terms(s, "ai.train") == "a: when on work.genre == \"jazz\"\na needs `on work.genre == \"jazz\"` to be evaluable\n");
  StanceSheet jazz, pop, none;
  std::string error;
  BOOST_REQUIRE(deriveStance(*e, "a", "J", at("2026-06-01"), &jazz, &error));
  BOOST_REQUIRE(deriveStance(*e, "", "P", at("2026-06-01"), &pop, &error));
  BOOST_REQUIRE(deriveStance(*e, "l", "N", at("2026-06-01"), &none, &error));
  BOOST_TEST(jazz.of("ai.train").stance == Stance::kAllowed);
  BOOST_TEST(jazz.of("ai.generate").stance == Stance::kNotAllowed);  // the artist is silent
  BOOST_TEST(pop.of("ai.train").stance == Stance::kNotAllowed);      // her policy is out of scope
  // A scope that cannot be evaluated (no genre) denies every request.
  BOOST_TEST(summary(none).find("=A") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_work_combines_its_holders_consent_clauses_and_platform_terms) {
  const char* source = R"(policy "p" by artist "a" {
  allow ai
}
policy "w" by writer "w" {
  allow ai.produce
  allow ai.train when purpose == "research" pay 10.00 USD
  deny ai.generate.voice
}
policy "s" by platform "s" {
  consent from artist for ai.generate
  allow ai.train.analytic pay 0.01 USD * units
})";
  const char* catalog =
      R"({"id": "W1", "rightsholders": [{"party": "a", "role": "artist"}, {"party": "w", "role": "writer"}]})"
      "\n";
  auto e = engineOf(source, catalog);
  StanceSheet s;
  std::string error;
  BOOST_REQUIRE_MESSAGE(deriveStance(*e, "a", "W1", at("2026-06-01"), &s, &error), error);
  // Produce: both allow. Generate: only the artist's consent is needed, but
  // the writer's deny of voice still blocks. Engage: the writer is silent.
  BOOST_TEST(summary(s) ==
             "ai=- ai.train=C ai.train.generative=C ai.train.analytic=C ai.generate=A ai.generate.voice=- "
             "ai.generate.style=A ai.generate.remix=A ai.produce=A ai.produce.stems=A ai.produce.master=A "
             "ai.engage=- ai.engage.personalize=- ai.engage.persona=-");
  BOOST_TEST(terms(s, "ai.train.generative") == "w: purpose research; pays 10.00 USD\n");
  BOOST_TEST(terms(s, "ai.train.analytic") == "w: purpose research; pays 10.00 USD\ns may add terms of its own\n");

  BOOST_TEST(!deriveStance(*e, "x", "W1", 0, &s, &error));
  BOOST_TEST(error == "party `x` holds no rights in work `W1`");
  BOOST_TEST(!deriveStance(*e, "a", "W9", 0, &s, &error));
  BOOST_TEST(error == "no work `W9` in the bundle's catalog");
  BOOST_TEST(!deriveStance(*e, "nobody", "", 0, &s, &error));
  BOOST_TEST(error == "no policy of party `nobody` in the bundle");
}

BOOST_AUTO_TEST_CASE(two_required_holders_terms_are_asked_together) {
  const char* source = R"(policy "p" by artist "a" {
  allow ai.train when purpose in ["commercial", "research"] and territory in [US, GB] pay 1.50 USD
}
policy "q" by label "l" {
  allow ai.train when purpose == "commercial" pay 2.25 USD duty attribution
})";
  const char* catalog =
      R"({"id": "W", "rightsholders": [{"party": "a", "role": "artist"}, {"party": "l", "role": "label"}]})"
      "\n";
  auto e = engineOf(source, catalog);
  StanceSheet s;
  std::string error;
  BOOST_REQUIRE(deriveStance(*e, "", "W", at("2026-06-01"), &s, &error));
  BOOST_TEST(terms(s, "ai.train") == "a+l: purpose commercial; in GB, US; pays 3.75 USD; duty attribution\n");
}

// ---- the policy writer ----

namespace {

std::string written(const ImportedSignal& signal, const std::string& role = "artist") {
  std::string out, error;
  BOOST_REQUIRE_MESSAGE(writeSignalPolicy(signal, role, "luna-ray", "luna-ray-cawg", "in.json", &out, &error), error);
  // Laid out as `refrain fmt` lays it out, and it checks.
  std::string again;
  policy::Diagnostics diags;
  BOOST_REQUIRE(policy::formatSource({"x.refrain", out}, &again, diags));
  BOOST_TEST(again == out);
  compiler::CompileInput input;
  input.sources.push_back({"x.refrain", out});
  compiler::CompileResult checked = compiler::check(std::move(input));
  BOOST_TEST_MESSAGE(policy::renderDiagnostics(checked.diagnostics, checked.files));
  BOOST_TEST(checked.ok);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_writer_denies_with_except_and_allows_below) {
  ImportedSignal s;
  s.format = SignalFormat::kCawg;
  s.uses["ai"] = {Stance::kNotAllowed, {}, {}};
  s.uses["ai.produce"] = {Stance::kAllowed, {}, {}};
  s.uses["ai.produce.stems"] = {Stance::kNotAllowed, {}, "stems: no"};
  Offer paid;
  paid.purposes = {"commercial"};
  paid.territories = {"GB", "US"};
  paid.price = Price{true, 2500, "USD"};
  paid.duties = {"attribution"};
  s.uses["ai.train.generative"] = {Stance::kConstrained, paid, {}};
  s.uses["ai.engage"] = {Stance::kConstrained, {}, "licence required"};
  s.notes.push_back("`x` is ignored");
  BOOST_TEST(written(s) ==
             "# Imported from `in.json`: CAWG training-and-data-mining assertion 1.1.\n"
             "# `x` is ignored\n"
             "policy \"luna-ray-cawg\" by artist \"luna-ray\" {\n"
             "  # ai.engage: licence required\n"
             "  deny ai except ai.train.generative, ai.produce\n"
             "  allow ai.train.generative\n"
             "    when purpose == \"commercial\" and territory in [GB, US]\n"
             "    pay 0.0025 USD * units\n"
             "    duty attribution\n"
             "  allow ai.produce\n"
             "  # stems: no\n"
             "  deny ai.produce.stems\n"
             "}\n");
}

BOOST_AUTO_TEST_CASE(the_writer_stops_an_allow_above_a_use_without_terms) {
  ImportedSignal s;
  s.format = SignalFormat::kIptc;
  s.uses["ai"] = {Stance::kAllowed, {}, {}};
  s.uses["ai.train"] = {Stance::kConstrained, {}, "see the licence"};
  BOOST_TEST(written(s, "label") ==
             "# Imported from `in.json`: IPTC Photo Metadata 2023.1 / PLUS plus:DataMining.\n"
             "policy \"luna-ray-cawg\" by label \"luna-ray\" {\n"
             "  allow ai\n"
             "  # see the licence\n"
             "  deny ai.train\n"
             "}\n");
  std::string out, error;
  BOOST_TEST(!writeSignalPolicy(s, "fan", "x", "n", "in", &out, &error));
  BOOST_TEST(error == "unknown role `fan`; expected artist, label, publisher, writer, producer or platform");
}

BOOST_AUTO_TEST_CASE(the_writer_keeps_an_allow_above_from_deciding_where_the_terms_below_fail) {
  ImportedSignal s;
  s.format = SignalFormat::kRsl;
  s.uses["ai.train"] = {Stance::kAllowed, {}, {}};
  Offer paid;
  paid.purposes = {"commercial"};
  paid.price = Price{false, 10000000, "USD"};
  s.uses["ai.train.generative"] = {Stance::kConstrained, paid, {}};
  std::string text = written(s);
  BOOST_TEST(text ==
             "# Imported from `in.json`: RSL 1.0 (RSL-SPEC-1.0, 2025-11-06, with its errata).\n"
             "policy \"luna-ray-cawg\" by artist \"luna-ray\" {\n"
             "  allow ai.train\n"
             "  allow ai.train.generative\n"
             "    when purpose == \"commercial\"\n"
             "    pay 10.00 USD\n"
             "  deny ai.train.generative when not (purpose == \"commercial\")\n"
             "}\n");
  auto e = engineOf(text);
  auto verdict = [&](const char* purpose) {
    std::string request = std::string(R"({"use": "ai.train.generative", "work": {"id": "w", "rightsholders": [{"party": "luna-ray", "role": "artist"}]}, "context": {"time": "2026-06-01", "purpose": ")") + purpose + "\"}}";
    return e->decide(request).allow;
  };
  BOOST_TEST(verdict("commercial"));
  BOOST_TEST(!verdict("research"));
}

// ---- AIPREF ----

namespace {

StanceSheet sheetWith(Stance generative) {
  StanceSheet s;
  for (const std::string& u : aiUses()) s.uses.push_back({u, Stance::kAllowed, {}, {}});
  for (UseStance& u : s.uses)
    if (u.use == "ai.train.generative") u.stance = generative;
  return s;
}

std::string exported(const StanceSheet& s, const ExportOptions& o) {
  std::string out, error;
  BOOST_REQUIRE_MESSAGE(exportAipref(s, o, &out, &error), error);
  return out;
}

ImportedSignal imported(const std::string& text) {
  ImportedSignal out;
  std::vector<std::string> errors;
  bool ok = importSignal(SignalFormat::kAipref, "sig.txt", text, &out, &errors);
  BOOST_REQUIRE_MESSAGE(ok, (errors.empty() ? std::string() : errors[0]));
  return out;
}

std::string importError(const std::string& text) {
  ImportedSignal out;
  std::vector<std::string> errors;
  BOOST_REQUIRE(!importSignal(SignalFormat::kAipref, "sig.txt", text, &out, &errors));
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  return errors[0];
}

std::string trainAi(const ImportedSignal& s) {
  auto it = s.uses.find("ai.train.generative");
  if (it == s.uses.end()) return "unstated";
  return stanceName(it->second.stance);
}

}  // namespace

BOOST_AUTO_TEST_CASE(aipref_exports_train_ai_from_generative_training) {
  ExportOptions header;
  BOOST_TEST(exported(sheetWith(Stance::kAllowed), header) == "Content-Usage: train-ai=y\n");
  BOOST_TEST(exported(sheetWith(Stance::kConstrained), header) == "Content-Usage: train-ai=n\n");
  BOOST_TEST(exported(sheetWith(Stance::kNotAllowed), header) == "Content-Usage: train-ai=n\n");
  ExportOptions robots;
  robots.robots = true;
  robots.url = "/music/luna-ray/";
  robots.rslUrl = "https://luna.example/rsl.xml";
  BOOST_TEST(exported(sheetWith(Stance::kNotAllowed), robots) ==
             "License: https://luna.example/rsl.xml\n\nUser-Agent: *\nContent-Usage: /music/luna-ray/ train-ai=n\n");
  robots.url = "/a b";
  std::string out, error;
  BOOST_TEST(!exportAipref(sheetWith(Stance::kAllowed), robots, &out, &error));
  BOOST_TEST(error == "the robots.txt path must start with `/` and hold no white space or `#`: `/a b`");
}

BOOST_AUTO_TEST_CASE(an_rsl_address_cannot_add_lines_to_robots_txt) {
  ExportOptions o;
  o.robots = true;
  o.rslUrl = "https://a.example/rsl.xml\nUser-Agent: gptbot";
  std::string out, error;
  BOOST_TEST(!exportSignal(SignalFormat::kAipref, sheetWith(Stance::kAllowed), o, &out, &error));
  BOOST_TEST(error == "the RSL file's address must be an absolute URL without spaces or control characters, not `"
                      "https://a.example/rsl.xml\nUser-Agent: gptbot`");
  o.rslUrl = "rsl.xml";
  BOOST_TEST(!exportSignal(SignalFormat::kTdmrep, sheetWith(Stance::kAllowed), o, &out, &error));
}

BOOST_AUTO_TEST_CASE(xml_is_written_with_only_what_xml_can_hold) {
  XmlElement root{"a", {{"k", "q\"<>&\t\n"}}, {}, {}};
  root.child("b").text = "t<>&\"\x01\r\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD";
  root.child("e");
  BOOST_TEST(writeXml({"<?xml version=\"1.0\"?>"}, root, {}) ==
             "<?xml version=\"1.0\"?>\n<a k=\"q&quot;&lt;>&amp;&#9;&#10;\">\n"
             "  <b>t&lt;&gt;&amp;\"\xEF\xBF\xBD&#13;\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</b>\n  <e />\n</a>\n");
}

BOOST_AUTO_TEST_CASE(aipref_imports_headers_last_member_winning) {
  BOOST_TEST(trainAi(imported("Content-Usage: train-ai=n\n")) == "not allowed");
  BOOST_TEST(trainAi(imported("train-ai=y")) == "allowed");
  BOOST_TEST(trainAi(imported("content-usage: train-ai=n, train-ai=y\r\n")) == "allowed");
  BOOST_TEST(trainAi(imported("Content-Usage: train-ai=y\nContent-Usage: train-ai=n\n")) == "not allowed");
  ImportedSignal s = imported("Content-Usage: search=n, future-cat=y;p=1, train-ai=y;src=x\n");
  BOOST_TEST(trainAi(s) == "allowed");
  BOOST_TEST(s.notes == (std::vector<std::string>{"`search` is ignored: Refrain has no search use",
                                                  "`future-cat` is ignored: vocab-07 does not define it"}));
  BOOST_TEST(trainAi(imported("Content-Usage: search=y\n")) == "unstated");
}

BOOST_AUTO_TEST_CASE(aipref_imports_the_star_groups_rule_for_every_path) {
  const char* robots =
      "User-Agent: ExampleBot\n"
      "Content-Usage: train-ai=y\n"
      "\n"
      "User-Agent: OtherBot\n"
      "User-agent: *\n"
      "Allow: /\n"
      "Content-Usage: /ai-ok/ train-ai=y\n"
      "Content-Usage: train-ai=n  # the default\n"
      "Content-Usage: train-ai=y\n";
  ImportedSignal s = imported(robots);
  BOOST_TEST(trainAi(s) == "not allowed");  // rules for the same path: the most restrictive
  BOOST_TEST(s.notes == (std::vector<std::string>{"the rule for `/ai-ok/` (line 7) is ignored: Refrain policies have no paths"}));
  BOOST_TEST(trainAi(imported("User-Agent: *\nContent-Usage: / train-ai=y\n")) == "allowed");
  // A path's `n` is never widened to the root's `y`.
  ImportedSignal part = imported("User-Agent: *\nContent-Usage: train-ai=y\nContent-Usage: /stems/ train-ai=n\n");
  BOOST_TEST(trainAi(part) == "not allowed");
  BOOST_TEST(part.notes == (std::vector<std::string>{
                               "the rule for `/stems/` (line 3) says `train-ai=n` for part of the site: it holds for all of it"}));
  BOOST_TEST(importError("User-Agent: Bot\nContent-Usage: train-ai=n\n") ==
             "sig.txt:1:1: error: no `Content-Usage` rule for every path in the `User-Agent: *` group");
}

BOOST_AUTO_TEST_CASE(aipref_refuses_what_it_would_have_to_guess) {
  BOOST_TEST(importError("Content-Usage: Train-AI=n\n") ==
             "sig.txt:1:16: error: not a Structured Field Dictionary (RFC 9651): expected a key (a lowercase letter or `*`)");
  BOOST_TEST(importError("Content-Usage: train-ai=n,\n") ==
             "sig.txt:1:27: error: not a Structured Field Dictionary (RFC 9651): a dictionary may not end with `,`");
  BOOST_TEST(importError("\nContent-Usage: search=n, train-ai=\"n\"\n") ==
             "sig.txt:2:26: error: `train-ai` must be the token `y` or `n` (vocab-07 §6); Refrain does not guess what else means");
  BOOST_TEST(importError("Content-Usage: train-ai\n") ==
             "sig.txt:1:16: error: `train-ai` must be the token `y` or `n` (vocab-07 §6); Refrain does not guess what else means");
  BOOST_TEST(importError("Date: today\n") == "sig.txt:1:1: error: expected a `Content-Usage` field, found `date`");
  BOOST_TEST(importError("") == "sig.txt:1:1: error: expected a `Content-Usage` field");
}

// ---- the C API the portal's WebAssembly module calls ----

#include <nlohmann/json.hpp>

#include "interop/refrain_signals.h"

namespace {

int exportC(const std::string& input, nlohmann::ordered_json* out) {
  rf_buffer buffer{nullptr, 0};
  int status = rf_signals_export(input.data(), input.size(), &buffer);
  *out = buffer.data ? nlohmann::ordered_json::parse(std::string(buffer.data, buffer.len)) : nlohmann::ordered_json();
  rf_buffer_free(&buffer);
  return status;
}

}  // namespace

BOOST_AUTO_TEST_CASE(rf_signals_export_writes_every_format_from_sources) {
  nlohmann::json input = {
      {"sources", {{{"name", "a.refrain"}, {"text", "policy \"a\" by artist \"a\" {\n  allow ai.train.analytic\n  "
                                                     "allow ai.train.generative pay 1.00 USD\n  deny ai.generate\n}\n"}}}},
      {"party", "a"},
      {"at", "2026-06-01T00:00:00Z"}};
  nlohmann::ordered_json out;
  BOOST_TEST(exportC(input.dump(), &out) == 1);
  BOOST_TEST(out["ok"] == true);
  BOOST_TEST(out["stance"][2].dump() ==
             R"({"use":"ai.train.generative","stance":"constrained","terms":["a: pays 1.00 USD"]})");
  BOOST_TEST(out["signals"]["aipref"] == "Content-Usage: train-ai=n\n");
  BOOST_TEST(out["signals"]["robots"] == "User-Agent: *\nContent-Usage: train-ai=n\n");
  for (const char* format : {"rsl", "cawg", "iptc"}) BOOST_TEST(out["signals"].contains(format));
  // Licensable training, and no RSL address for TDMRep to point at.
  BOOST_TEST(!out["signals"].contains("tdmrep"));
  BOOST_TEST(out["errors"]["tdmrep"].get<std::string>().find("--rsl-url") != std::string::npos);
  input["rslUrl"] = "https://a.example/rsl.xml";
  BOOST_TEST(exportC(input.dump(), &out) == 1);
  BOOST_TEST(out["signals"]["tdmrep"] ==
             "[\n  {\n    \"location\": \"/\",\n    \"tdm-reservation\": 1,\n    \"tdm-policy\": \"https://a.example/rsl.xml\"\n  }\n]\n");
}

BOOST_AUTO_TEST_CASE(rf_signals_export_refuses_with_a_reason) {
  nlohmann::json input = {{"sources", {{{"name", "a.refrain"}, {"text", "policy \"a\" by artist \"a\" { allow ai }"}}}},
                          {"party", "b"},
                          {"at", "2026-06-01"}};
  nlohmann::ordered_json out;
  BOOST_TEST(exportC(input.dump(), &out) == 0);
  BOOST_TEST(out.dump() == R"({"ok":false,"error":"no policy of party `b` in the bundle"})");
  input["at"] = "soon";
  BOOST_TEST(exportC(input.dump(), &out) == 0);
  BOOST_TEST(out["error"] == "`at` must be an RFC 3339 time, not `soon`");
  input["at"] = "2026-06-01";
  input["sources"][0]["text"] = "policy \"a\" by fan \"a\" {}";
  BOOST_TEST(exportC(input.dump(), &out) == 0);
  BOOST_TEST(out["error"].get<std::string>().rfind("a.refrain:1:", 0) == 0);
  BOOST_TEST(exportC("{\"sources\": 3}", &out) == -1);
  BOOST_TEST(exportC("not json", &out) == -1);
  BOOST_TEST(rf_signals_export(nullptr, 0, nullptr) == -1);
}

BOOST_AUTO_TEST_CASE(aipref_caps_its_notes_and_refuses_a_file_over_1_mib) {
  // Each unknown key is a note, kept once: twenty, then one that counts the rest.
  std::string keys;
  for (int i = 0; i < 50000; ++i) keys += "k" + std::to_string(i % 25000) + "=y, ";
  ImportedSignal s = imported("Content-Usage: " + keys + "train-ai=n\n");
  BOOST_TEST(trainAi(s) == "not allowed");
  BOOST_REQUIRE_EQUAL(s.notes.size(), 21u);
  BOOST_TEST(s.notes[0] == "`k0` is ignored: vocab-07 does not define it");
  BOOST_TEST(s.notes[19] == "`k19` is ignored: vocab-07 does not define it");
  BOOST_TEST(s.notes[20] == "and 24980 more notes like these");
  std::string big = "Content-Usage: train-ai=n" + std::string(kMostSignalBytes - 25, ' ');
  BOOST_TEST(trainAi(imported(big)) == "not allowed");
  BOOST_TEST(importError(big + " ") ==
             "sig.txt:1:1: error: the file is 1048577 bytes: aipref signals may be at most 1 MiB (1048576 bytes)");
}
