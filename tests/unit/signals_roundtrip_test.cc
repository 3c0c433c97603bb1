// Round trip of every signal format over generated programs (every other
// one with a party of plain rules added, see plainPolicy): a party's
// stance exported, imported back as a policy, decides generated requests as
// the party's own policies do, for every use the format can express.
//
//   REFRAIN_ROUNDTRIP_PROGRAMS  programs to generate (default 150)
//   REFRAIN_ROUNDTRIP_REQUESTS  requests per program and format (default 40)
//
// "Decides the same" is the party's verdict: allow, or not. Requests are
// aimed at the party (its id under every role it issues policies in is the
// work's rights holders, the time is the stance's) and at the uses the
// format can express for that stance:
//   - a use the stance does not allow: every format (a signal never grants
//     what the policies deny);
//   - an allowed use: RSL and CAWG (an exact token or entry per use), AIPREF
//     for ai.train.generative (train-ai), TDMRep when the whole ai.train
//     subtree is allowed (one bit), IPTC when every use is (DMI-ALLOWED).
// At any other use (a constrained one: most formats cannot state its
// terms), the imported policy must never allow what the party's do not.
#define BOOST_TEST_MODULE signals_roundtrip
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "interop/signals.h"
#include "runtime/engine.h"
#include "runtime/time.h"
#include "tests/gen/policy_gen.h"

namespace gen = refrain::gen;
namespace rt = refrain::runtime;
namespace cc = refrain::compiler;
using namespace refrain::interop;

namespace {

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

std::unique_ptr<rt::Engine> load(cc::CompileInput input, std::string* why) {
  cc::CompileResult result = cc::compile(std::move(input));
  if (!result.ok) {
    *why = refrain::policy::renderDiagnostics(result.diagnostics, result.files);
    return nullptr;
  }
  return rt::Engine::load(result.bundle.data(), result.bundle.size(), why);
}

// The uses whose verdict the format carries exactly for `sheet`.
std::set<std::string> expressible(SignalFormat format, const StanceSheet& sheet) {
  std::set<std::string> out;
  for (const UseStance& u : sheet.uses)
    if (u.stance == Stance::kNotAllowed) out.insert(u.use);
  auto allowedAll = [&](const std::vector<std::string>& uses) { return foldStances(sheet, uses) == Stance::kAllowed; };
  for (const UseStance& u : sheet.uses) {
    if (u.stance != Stance::kAllowed) continue;
    bool exact = format == SignalFormat::kRsl || format == SignalFormat::kCawg ||
                 (format == SignalFormat::kAipref && u.use == "ai.train.generative") ||
                 (format == SignalFormat::kTdmrep && allowedAll(usesWithin("ai.train")) &&
                  u.use.rfind("ai.train", 0) == 0) ||
                 (format == SignalFormat::kIptc && allowedAll(aiUses()));
    if (exact) out.insert(u.use);
  }
  return out;
}

std::string verdictOf(const rt::Decision& d, const std::string& party) {
  for (const auto& r : d.reasons)
    if (r.party == party) return r.verdict;
  return "none";
}

// A policy of a few rules with few conditions, by artist `rt-plain`: the
// generated programs' parties rarely allow anything outright, and an
// allowed use is what the formats differ on.
std::string plainPolicy(gen::Rng& rng) {
  std::string text = "policy \"rt-plain\" by artist \"rt-plain\" {\n";
  if (rng.chance(15)) return text + "  allow ai\n}\n";
  for (int i = 0, n = rng.range(1, 4); i < n; ++i) {
    const std::string& use = rng.pick(aiUses());
    if (rng.chance(50)) {
      text += "  deny " + use;
      std::vector<std::string> below = usesWithin(use);
      if (below.size() > 1 && rng.chance(40)) text += " except " + below[1 + rng.below(below.size() - 1)];
    } else {
      text += "  allow " + use;
      if (rng.chance(20)) text += " when purpose == \"commercial\"";
      if (rng.chance(15)) text += " pay 1.00 USD";
      if (rng.chance(10)) text += " duty attribution";
    }
    text += "\n";
  }
  return text + "}\n";
}

struct Count {
  uint64_t compared = 0, allowed = 0, checked = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(export_then_import_decides_as_the_policies_do) {
  const uint64_t programs = envNumber("REFRAIN_ROUNDTRIP_PROGRAMS", 150);
  const uint64_t requests = envNumber("REFRAIN_ROUNDTRIP_REQUESTS", 40);
  const std::vector<SignalFormat> formats = {SignalFormat::kRsl, SignalFormat::kAipref, SignalFormat::kTdmrep,
                                             SignalFormat::kCawg, SignalFormat::kIptc};
  std::map<SignalFormat, Count> counts;
  uint64_t failures = 0;
  for (uint64_t p = 0; p < programs && failures < 5; ++p) {
    uint64_t seed = gen::mixSeed(7, p);
    gen::GeneratedProgram program = gen::generateProgram(seed);
    gen::Rng rng(seed);
    bool plain = p % 2 == 1;
    if (plain) program.sources.push_back({"plain.refrain", plainPolicy(rng)});
    std::string why;
    auto original = load({program.sources, program.catalog}, &why);
    BOOST_REQUIRE_MESSAGE(original, "program " << p << ": " << why);
    // A party that issues non-platform policies, and every role it issues them under.
    std::vector<std::pair<std::string, std::string>> holders;
    for (const auto& [party, role] : program.identities)
      if (role != "platform") holders.push_back({party, role});
    if (plain) holders = {{"rt-plain", "artist"}};
    if (holders.empty()) continue;
    std::string party = holders[rng.below(holders.size())].first;
    std::vector<std::string> roles;
    for (const auto& [who, role] : holders)
      if (who == party && std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    int64_t at = rng.pick(program.timePoints) + static_cast<int64_t>(rng.below(3)) - 1;
    StanceSheet sheet;
    BOOST_REQUIRE_MESSAGE(deriveStance(*original, party, "", at, &sheet, &why), why);

    for (SignalFormat format : formats) {
      ExportOptions options;
      options.rslUrl = "https://rights.example/rsl.xml";
      std::string signal, error;
      BOOST_REQUIRE_MESSAGE(exportSignal(format, sheet, options, &signal, &error),
                            signalFormatName(format) << ", program " << p << ": " << error);
      ImportedSignal imported;
      std::vector<std::string> errors;
      bool ok = importSignal(format, "signal", signal, &imported, &errors);
      BOOST_REQUIRE_MESSAGE(ok, signalFormatName(format) << ", program " << p << ": " << (errors.empty() ? "" : errors[0])
                                                         << "\n" << signal);
      std::string policyText;
      BOOST_REQUIRE_MESSAGE(writeSignalPolicy(imported, roles[0], party, "imported", "signal", &policyText, &error), error);
      cc::CompileInput input;
      input.sources.push_back({"imported.refrain", policyText});
      auto back = load(std::move(input), &why);
      BOOST_REQUIRE_MESSAGE(back, signalFormatName(format) << ", program " << p << ": " << why << "\n" << policyText);

      std::set<std::string> uses = expressible(format, sheet);
      if (uses.empty()) continue;
      std::vector<std::string> pool(uses.begin(), uses.end());
      nlohmann::json rightsholders = nlohmann::json::array();
      for (const std::string& role : roles) rightsholders.push_back({{"party", party}, {"role", role}});
      // The imported policy speaks under one role; the original under all of them.
      nlohmann::json backHolders = nlohmann::json::array({{{"party", party}, {"role", roles[0]}}});
      for (uint64_t r = 0; r < requests; ++r) {
        std::string text = gen::generateRequest(program, gen::mixSeed(seed, r + 1));
        nlohmann::json request = nlohmann::json::parse(text, nullptr, false);
        if (!request.is_object() || !request.contains("use") || !request["use"].is_string()) continue;
        // Half the requests at the uses the format expresses, where the
        // verdicts must agree; half at any use, where the signal must never
        // allow what the policies do not.
        bool exact = rng.chance(50);
        std::string use = exact ? rng.pick(pool) : rng.pick(aiUses());
        exact |= uses.count(use) > 0;
        request["use"] = use;
        if (!request["context"].is_object()) request["context"] = nlohmann::json::object();
        request["context"]["time"] = rt::formatTime(at);
        if (!request["work"].is_object()) request["work"] = nlohmann::json::object();
        request["work"]["id"] = "RT-WORK";  // not in the catalog: the request's holders count
        request["work"]["rightsholders"] = rightsholders;
        std::string asked = request.dump();
        request["work"]["rightsholders"] = backHolders;
        std::string askedBack = request.dump();
        std::string before = verdictOf(original->decide(asked), party);
        std::string after = verdictOf(back->decide(askedBack), party);
        Count& c = counts[format];
        c.compared += exact;
        c.allowed += exact && before == "allow";
        ++c.checked;
        bool agree = exact ? (before == "allow") == (after == "allow") : before == "allow" || after != "allow";
        if (!agree) {
          ++failures;
          std::string sources;
          for (const auto& f : program.sources) sources += "--- " + f.name + "\n" + f.text;
          BOOST_ERROR(signalFormatName(format) << ": program " << p << " (seed " << seed << "), party " << party
                                               << " at " << rt::formatTime(at) << ": the policies give `" << before
                                               << "`, the imported signal `" << after << "`\nrequest: " << asked
                                               << "\nsignal:\n" << signal << "\nimported:\n" << policyText
                                               << "\nsources:\n" << sources);
          break;
        }
      }
    }
  }
  for (SignalFormat format : formats) {
    const Count& c = counts[format];
    BOOST_TEST_MESSAGE(signalFormatName(format) << ": " << c.checked << " requests, " << c.compared
                                                << " at expressed uses, " << c.allowed << " of them allowed");
    // Not a vacuous pass: thousands compared, and allows among them.
    if (programs >= 150 && requests >= 40) {
      BOOST_TEST(c.compared >= 2000u, signalFormatName(format) << " compared " << c.compared);
      BOOST_TEST(c.allowed >= 20u, signalFormatName(format) << " compared only " << c.allowed << " allowed requests");
    }
  }
}
