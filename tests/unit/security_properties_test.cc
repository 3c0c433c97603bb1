// Security properties of deciding (docs/security.md): each is a named test that fails if the property breaks.
// A `§N` below is a section of docs/language.md.
//
// The property tests run over programs and requests from tests/gen:
//   REFRAIN_SECURITY_PROGRAMS   programs (default 300), each with 20 requests
#define BOOST_TEST_MODULE security_properties
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "runtime/decision.h"
#include "tests/gen/policy_gen.h"
#include "tests/unit/test_support.h"

namespace rt = refrain::runtime;
namespace cc = refrain::compiler;
namespace gen = refrain::gen;
using refrain::testing::engineOf;

namespace {

std::string request(const std::string& use, const std::string& work, const std::string& holders,
                    const std::string& extra = "") {
  return R"({"use": ")" + use + R"(", "requester": {"id": "acme-ai", "kind": "company", "verified": true},
             "work": {"id": ")" + work + R"(", "title": "Claimed Title", "rightsholders": [)" + holders + R"(]},
             "context": {"time": "2026-05-01T00:00:00Z", "purpose": "commercial")" + extra + "}}";
}

std::string holder(const std::string& party, const std::string& role) {
  return R"({"party": ")" + party + R"(", "role": ")" + role + R"("})";
}

std::string json(const rt::Decision& d) {
  std::string out;
  rt::writeDecisionJson(d, &out);
  return out;
}

const rt::Reason* reasonOf(const rt::Decision& d, const std::string& party) {
  for (const rt::Reason& r : d.reasons)
    if (r.party == party) return &r;
  return nullptr;
}

// The verdict of `party`'s reason; the test stops if the decision gives none.
std::string verdictOf(const rt::Decision& d, const std::string& party) {
  const rt::Reason* r = reasonOf(d, party);
  BOOST_REQUIRE_MESSAGE(r, "the decision gives no reason for `" << party << "`");
  return r->verdict;
}

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

}  // namespace

// §6.1: a non-platform policy speaks only when its party holds the role it declares on the work.
BOOST_AUTO_TEST_CASE(a_policy_speaks_for_a_work_only_when_its_party_holds_the_declared_role) {
  auto e = engineOf(R"(
policy "northwind-as-label" by label "northwind" { allow ai }
policy "luna" by artist "luna" { allow ai }
policy "mallory" by artist "mallory" { deny ai }
)");
  BOOST_REQUIRE(e);
  // Northwind holds the work as artist, not as label: its label policy is silent, so consent is missing.
  rt::Decision d = e->decide(request("ai.train", "w", holder("northwind", "artist") + ", " + holder("luna", "artist")));
  BOOST_TEST(!d.allow);
  BOOST_TEST(verdictOf(d, "northwind") == "silent");
  BOOST_TEST(reasonOf(d, "northwind")->policy == "");
  // Mallory holds nothing on the work: her deny does not speak, and she is not asked.
  d = e->decide(request("ai.train", "w", holder("luna", "artist")));
  BOOST_TEST(d.allow);
  BOOST_TEST(!reasonOf(d, "mallory"));
}

// §6.2: a platform's allow adds duties and payment, never a rights holder's consent.
BOOST_AUTO_TEST_CASE(a_platform_allow_never_counts_as_consent) {
  auto e = engineOf(R"(
policy "streamco" by platform "streamco" { allow ai pay 1 USD duty notify }
policy "luna" by artist "luna" { allow ai.train }
)");
  BOOST_REQUIRE(e);
  rt::Decision d = e->decide(request("ai.generate.voice", "w", holder("luna", "artist")));
  BOOST_TEST(!d.allow);
  BOOST_TEST(verdictOf(d, "streamco") == "allow");
  BOOST_TEST(verdictOf(d, "luna") == "silent");
  // Even a platform listed as a rights holder (role `platform`) is never the one who consents.
  d = e->decide(request("ai.generate.voice", "w", holder("luna", "artist") + ", " + holder("streamco", "platform")));
  BOOST_TEST(!d.allow);
  BOOST_TEST(e->decide(request("ai.train", "w", holder("luna", "artist"))).allow);
}

// §10: when the catalog has the work, its rights holders and fields are used; the request's are ignored.
BOOST_AUTO_TEST_CASE(catalog_data_overrides_request_supplied_rights_holders) {
  const char* kCatalog = R"({"id": "W1", "title": "Low Tide", "rightsholders": [{"party": "luna", "role": "artist"}]})";
  auto e = engineOf(R"(
policy "luna" by artist "luna" { deny ai.generate.voice allow ai.train duty attribution "Trained on {work.title}" }
policy "mallory" by artist "mallory" { allow ai }
)", kCatalog);
  BOOST_REQUIRE(e);
  // Mallory claims the work to get her own allow: the catalog says it is Luna's, and Luna denies.
  rt::Decision d = e->decide(request("ai.generate.voice", "W1", holder("mallory", "artist")));
  BOOST_TEST(!d.allow);
  BOOST_TEST(verdictOf(d, "luna") == "deny");
  BOOST_TEST(!reasonOf(d, "mallory"));
  // Claiming no holders at all does not remove Luna either; the catalog's title is the one used.
  d = e->decide(request("ai.train", "W1", ""));
  BOOST_TEST(d.allow);
  BOOST_REQUIRE_EQUAL(d.duties.size(), 1u);
  BOOST_TEST(d.duties[0].text == "Trained on Low Tide");
  // The same claim on a work the catalog lacks is believed.
  BOOST_TEST(e->decide(request("ai.generate.voice", "W2", holder("mallory", "artist"))).allow);
}

// §7.2: an evaluation error anywhere a decision looks denies it, even when every holder allows.
BOOST_AUTO_TEST_CASE(an_evaluation_error_always_denies) {
  auto e = engineOf(R"(
policy "luna" by artist "luna" { allow ai }
policy "streamco" by platform "streamco" { deny ai.generate when units > 1000 }
policy "northwind" by label "northwind" { allow ai pay 1 USD * units }
)");
  BOOST_REQUIRE(e);
  const std::string both = holder("luna", "artist") + ", " + holder("northwind", "label");
  BOOST_TEST(e->decide(request("ai.generate.voice", "w", both, R"(, "units": 5)")).allow);
  BOOST_TEST(e->decide(request("ai.train", "w", both, R"(, "units": 5)")).allow);
  // Missing, mistyped, and (in the label's pay) overflowing: each an error, each a deny.
  const std::pair<const char*, const char*> bad[] = {{"ai.generate.voice", ""},
                                                     {"ai.generate.voice", R"(, "units": "many")"},
                                                     {"ai.train", R"(, "units": 9223372036854775807)"}};
  for (const auto& [use, units] : bad) {
    rt::Decision d = e->decide(request(use, "w", both, units));
    BOOST_TEST(!d.allow, use << units);
    BOOST_TEST(!d.errors.empty(), use << units);
  }
}

namespace {

// Policies by parties that hold no rights in any generated work (`outsider-*`),
// under every role, platform included, but without `consent` clauses.
std::string outsiderPolicies(uint64_t seed) {
  gen::Rng rng(seed);
  std::vector<std::string> roles = gen::vocab::roles();
  roles.push_back("platform");
  std::string src;
  int policies = rng.range(1, 3);
  for (int p = 0; p < policies; ++p) {
    std::string id = "outsider-" + std::to_string(rng.below(1000000)) + "-" + std::to_string(p);
    src += "policy \"" + id + "\" by " + rng.pick(roles) + " \"" + id + "\" {\n";
    int rules = rng.range(1, 4);
    for (int r = 0; r < rules; ++r) {
      bool allow = rng.chance(60);
      src += std::string(allow ? "  allow " : "  deny ") + rng.pick(gen::vocab::uses());
      if (rng.chance(30)) src += " when requester.verified";
      if (allow && rng.chance(40)) src += " pay 1.50 USD";
      if (allow && rng.chance(40)) src += " duty notify \"from " + id + "\"";
      src += "\n";
    }
    src += "}\n";
  }
  return src;
}

struct PropertyRun {
  uint64_t denies = 0, allows = 0, errors = 0;
};

// Decides generated requests against each generated program with and without outsider policies.
template <class Check>
PropertyRun overGeneratedPrograms(uint64_t salt, Check check) {
  PropertyRun run;
  const uint64_t programs = envNumber("REFRAIN_SECURITY_PROGRAMS", 300);
  for (uint64_t i = 0; i < programs; ++i) {
    const uint64_t seed = gen::mixSeed(salt, i);
    gen::GeneratedProgram g = gen::generateProgram(seed);
    cc::CompileResult base = cc::compile({g.sources, g.catalog});
    std::vector<refrain::policy::SourceFile> more = g.sources;
    more.push_back({"outsiders.refrain", outsiderPolicies(seed)});
    cc::CompileResult extended = cc::compile({more, g.catalog});
    BOOST_REQUIRE_MESSAGE(base.ok && extended.ok, "program " << i << " does not compile");
    std::string error;
    auto a = rt::Engine::load(base.bundle.data(), base.bundle.size(), &error);
    auto b = rt::Engine::load(extended.bundle.data(), extended.bundle.size(), &error);
    BOOST_REQUIRE(a && b);
    for (uint64_t j = 0; j < 20; ++j) {
      const std::string req = gen::generateRequest(g, gen::mixSeed(seed, j));
      rt::Decision before = a->decide(req), after = b->decide(req);
      (before.allow ? run.allows : run.denies)++;
      if (!before.errors.empty()) ++run.errors;
      check(before, after, req, i, j);
    }
  }
  return run;
}

}  // namespace

// §6.1–6.2: policies of parties that hold no rights in the work can block it, but never turn a deny into an allow.
BOOST_AUTO_TEST_CASE(adding_policies_of_other_parties_never_turns_a_deny_into_an_allow) {
  uint64_t flips = 0;
  PropertyRun run = overGeneratedPrograms(11, [&](const rt::Decision& before, const rt::Decision& after,
                                                  const std::string& req, uint64_t i, uint64_t j) {
    if (before.allow || !after.allow) return;
    if (++flips <= 3)
      BOOST_ERROR("program " << i << " request " << j << ": deny became allow\n" << req << "\n" << json(after));
  });
  BOOST_TEST(flips == 0u);
  BOOST_TEST(run.denies > 1000u);  // not vacuous: many denies were put to the test
  BOOST_TEST(run.allows > 100u);
}

// The same outsiders under non-platform roles hold no role on the work, so they never speak at all.
BOOST_AUTO_TEST_CASE(policies_of_parties_without_a_role_on_the_work_change_nothing) {
  uint64_t changed = 0, compared = 0;
  PropertyRun run = overGeneratedPrograms(12, [&](const rt::Decision& before, const rt::Decision& after,
                                                  const std::string& req, uint64_t i, uint64_t j) {
    bool platformSpoke = false;
    for (const rt::Reason& r : after.reasons) platformSpoke = platformSpoke || r.party.rfind("outsider-", 0) == 0;
    if (platformSpoke) return;  // an outsider platform policy did speak, as platforms do
    // A bundle that reads more fields refuses a request repeating one of them
    // (`{"verified": null, "verified": false}`): a deny either way.
    for (const rt::Decision* d : {&before, &after})
      if (!d->errors.empty() && d->errors[0].message.rfind("request repeats the key", 0) == 0) return;
    ++compared;
    if (json(before) != json(after) && ++changed <= 3)
      BOOST_ERROR("program " << i << " request " << j << ": an outsider changed the decision\n" << req << "\n"
                             << json(before) << json(after));
  });
  BOOST_TEST(changed == 0u);
  // Not vacuous: most decisions were compared whole, allows among them.
  BOOST_TEST(compared > (run.allows + run.denies) / 2, compared << " of " << run.allows + run.denies << " compared");
  BOOST_TEST(run.allows > 100u);
}

// §7.2: over generated programs and requests (missing, mistyped and overflowing fields among them), a decision with errors is a deny.
BOOST_AUTO_TEST_CASE(evaluation_errors_always_deny_over_generated_programs) {
  uint64_t bad = 0;
  PropertyRun run = overGeneratedPrograms(13, [&](const rt::Decision& before, const rt::Decision& after,
                                                  const std::string& req, uint64_t, uint64_t) {
    for (const rt::Decision* d : {&before, &after})
      if (d->allow && !d->errors.empty() && ++bad <= 3) BOOST_ERROR("an allow with errors\n" << req << "\n" << json(*d));
  });
  BOOST_TEST(bad == 0u);
  BOOST_TEST(run.errors > 500u);  // the generator does produce errors
}

// §6.3, by design and so worth stating: a platform's `consent` clause narrows who must consent. Whoever builds a
// bundle decides which platform policies go in (docs/security.md).
BOOST_AUTO_TEST_CASE(a_platform_consent_clause_is_the_one_way_to_narrow_consent) {
  const std::string base = R"(
policy "luna" by artist "luna" { allow ai }
)";
  const std::string holders = holder("luna", "artist") + ", " + holder("northwind", "label");
  auto without = engineOf(base);
  auto with = engineOf(base + R"(policy "streamco" by platform "streamco" { consent from artist for ai })");
  BOOST_REQUIRE(without && with);
  BOOST_TEST(!without->decide(request("ai.train", "w", holders)).allow);
  BOOST_TEST(with->decide(request("ai.train", "w", holders)).allow);
}
