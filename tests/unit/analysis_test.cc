// The analyser (analysis/) against the runtime.
//
// analyser_agrees_with_enumeration, the differential test: over generated
// small programs with small finite request domains
// (tests/gen/small_policy_gen.h), a program P and a mutant P' (a rule
// flipped or dropped, a constant or a date changed) are decided by the
// runtime on EVERY request of the domain, and what `diff(P, P')` and
// `verify` say of P (never allow U, never allow U when EXPR, never error U,
// implies with P' as the old bundle, always pays U at least M) must agree
// with those decisions, for each use and work they answer about:
//   - holds (for diff: the same): no request of the domain about that use
//     and work is a counterexample. Restated for diff: wherever the
//     enumeration finds a request P and P' decide differently, the analyser
//     did not say "same". `never error` counts only well-typed requests
//     (no field of the wrong type), as the analyser does;
//   - fails: the witness, decided again here by the runtime, is a
//     counterexample, about the use and the work of the finding (it may lie
//     outside the domain: the solver is not held to it);
//   - unknown: counted. One that says the solver's counterexample "did not
//     check", and is not `not encoded: ...`, is an encoding bug and fails the
//     test; all unknowns together stay below kMaxUnknownRate.
//
//   REFRAIN_ANALYSIS_PROGRAMS  programs to generate (default kDefaultPrograms)
//   REFRAIN_ANALYSIS_SEED      base seed (default 1); program i uses mixSeed(seed, i)
//   REFRAIN_ANALYSIS_PROGRAM   run only this program index (to reproduce a report)
//
// Each program has a Z3 context of its own, so a program run alone finds the
// very same counterexamples. The other cases are exact: tiny hand-written
// programs for the semantics the encoding is most likely to get wrong.
#define BOOST_TEST_MODULE analysis
#define BOOST_TEST_DYN_LINK
#include <z3++.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "analysis/analyser.h"
#include "analysis/property.h"
#include "compiler/compile.h"
#include "runtime/engine.h"
#include "runtime/time.h"
#include "tests/gen/policy_gen.h"
#include "tests/gen/small_policy_gen.h"

namespace an = refrain::analysis;
namespace cc = refrain::compiler;
namespace gen = refrain::gen;
namespace rt = refrain::runtime;

namespace {

// Programs the CI run generates: under a minute on one core of a
// RelWithDebInfo build (the test prints where the time goes).
constexpr uint64_t kDefaultPrograms = 1000;
// Unknown answers must stay below 1% of the questions. They come from
// constructs outside the encoding (the generator's `\b` pattern: 56 of the
// 14,550 questions for seed 1) and from the solver's timeout (1, a question
// over string constraints); any other unknown is a bug.
constexpr double kMaxUnknownRate = 0.01;

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

// A compiled bundle and its engine.
struct Built {
  cc::CompileResult compiled;
  std::unique_ptr<rt::Engine> engine;
  std::string error;
};

std::unique_ptr<Built> build(const std::string& source, const std::optional<std::string>& catalog) {
  auto b = std::make_unique<Built>();
  cc::CompileInput input;
  input.sources.push_back({"p.refrain", source});
  if (catalog) input.catalog = refrain::policy::SourceFile{"works.jsonl", *catalog};
  b->compiled = cc::compile(input);
  if (!b->compiled.ok) {
    b->error = refrain::policy::renderDiagnostics(b->compiled.diagnostics, b->compiled.files);
    return b;
  }
  b->engine = rt::Engine::load(b->compiled.bundle.data(), b->compiled.bundle.size(), &b->error);
  return b;
}

// The evaluation errors of docs/language.md §7.2 and §8.1 (what `never error` is about).
bool isEvaluationError(std::string_view code) {
  static const std::set<std::string_view> kCodes = {"missing_field", "type_mismatch",    "currency_mismatch",
                                                    "overflow",      "negative_payment", "no_holder_for_role",
                                                    "zero_shares",   "split_failed"};
  return kCodes.count(code) > 0;
}

// What a differential check needs of one decision.
struct Decided {
  bool allow = false;
  bool evalError = false;
  int64_t usd = 0;  // the decision's USD total
};

Decided decided(const rt::Engine& e, const std::string& request, rt::DecideScratch& scratch) {
  const rt::DecisionView& d = e.decideView(request, scratch);
  Decided out;
  out.allow = d.allow;
  for (const auto& err : d.errors) out.evalError = out.evalError || isEvaluationError(err.code.text());
  for (const auto& p : d.payments)
    if (p.currency.text() == "USD") out.usd = p.total;
  return out;
}

std::string describeDecision(const rt::Engine& e, const std::string& request) {
  rt::DecideScratch scratch;
  std::string out;
  rt::writeDecisionJson(e.decide(request, scratch), &out, rt::JsonStyle::kCompact);
  return out;
}

// ---- requests of a domain ----

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// `"key":value` members of one object from (path below it, JSON) pairs sorted by path.
void emitObject(const std::vector<std::pair<std::vector<std::string>, std::string>>& entries, size_t depth,
                size_t begin, size_t end, std::string* out) {
  bool first = true;
  for (size_t i = begin; i < end;) {
    const std::string& key = entries[i].first[depth];
    size_t j = i;
    while (j < end && entries[j].first[depth] == key) ++j;
    *out += (first ? "" : ",") + quoted(key) + ":";
    first = false;
    if (entries[i].first.size() == depth + 1) {
      *out += entries[i].second;
    } else {
      *out += "{";
      emitObject(entries, depth + 1, i, j, out);
      *out += "}";
    }
    i = j;
  }
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> keys;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
    keys.push_back(path.substr(start, dot - start));
  keys.push_back(path.substr(start));
  return keys;
}

struct Request {
  size_t use;        // index into SmallDomain::uses
  std::string work;  // a catalog id, or "" for the other work
  bool wellTyped;    // no field has a value of the wrong type
  std::string json;
  Decided p, q;  // P's and P''s decisions
};

// Every request of `d`, decided by P and P'.
std::vector<Request> enumerate(const gen::SmallDomain& d, const rt::Engine& p, const rt::Engine& q) {
  std::vector<Request> out;
  out.reserve(d.size());
  rt::DecideScratch scratch;
  std::vector<std::string> works = d.catalogIds;
  works.push_back("");
  for (size_t u = 0; u < d.uses.size(); ++u)
    for (const std::string& work : works) {
      const bool other = work.empty();
      std::vector<const gen::SmallField*> fields;
      for (const auto& f : d.fields) fields.push_back(&f);
      if (other)
        for (const auto& f : d.workFields) fields.push_back(&f);
      const std::vector<std::string> holders = other ? d.holderSets : std::vector<std::string>{""};
      for (int64_t t : d.times)
        for (const std::string& h : holders) {
          std::vector<size_t> at(fields.size(), 0);
          for (;;) {
            // {"use", "requester", "work", "context"}, as (path, JSON) sorted by path.
            std::vector<std::pair<std::vector<std::string>, std::string>> entries;
            entries.push_back({{"context", "time"}, quoted(rt::formatTime(t))});
            entries.push_back({{"use"}, quoted(d.uses[u])});
            entries.push_back({{"work", "id"}, quoted(other ? d.otherWorkId : work)});
            if (other) entries.push_back({{"work", "rightsholders"}, h});
            bool wellTyped = true;
            for (size_t k = 0; k < fields.size(); ++k) {
              const gen::SmallValue& v = fields[k]->values[at[k]];
              if (v.json.empty()) continue;
              entries.push_back({splitPath(fields[k]->path), v.json});
              wellTyped = wellTyped && !v.mistyped;
            }
            std::sort(entries.begin(), entries.end());
            Request r{u, work, wellTyped, "{", {}, {}};
            emitObject(entries, 0, 0, entries.size(), &r.json);
            r.json += "}";
            r.p = decided(p, r.json, scratch);
            r.q = decided(q, r.json, scratch);
            out.push_back(std::move(r));
            size_t k = 0;
            while (k < at.size() && ++at[k] == fields[k]->values.size()) at[k++] = 0;
            if (k == at.size()) break;
          }
        }
    }
  return out;
}

// ---- the questions ----

// What a finding's counterexample is: a predicate over one request's
// decisions by P and P' (and its text, for a property's `when`; and whether
// it is well-typed, for `never error`), the same for the enumeration and
// for the witness.
using Counterexample = std::function<bool(const std::string& json, bool wellTyped, const Decided& p, const Decided& q)>;

struct Tally {
  uint64_t questions = 0, holds = 0, fails = 0, unknown = 0;
  uint64_t notEncoded = 0, gaveUp = 0, otherUnknown = 0;
  uint64_t failsOutsideDomain = 0;          // fails whose counterexamples the domain does not have
  std::map<std::string, uint64_t> reasons;  // unknowns by what was not encoded
  void add(const Tally& t) {
    for (const auto& [r, n] : t.reasons) reasons[r] += n;
    questions += t.questions, holds += t.holds, fails += t.fails, unknown += t.unknown;
    notEncoded += t.notEncoded, gaveUp += t.gaveUp, otherUnknown += t.otherUnknown;
    failsOutsideDomain += t.failsOutsideDomain;
  }
};

struct Context {
  uint64_t seed = 0, index = 0;
  const gen::SmallProgram* program = nullptr;
  int* reported = nullptr;  // errors reported so far, over all programs
  std::string describe() const {
    const gen::SmallProgram& g = *program;
    return "REFRAIN_ANALYSIS_SEED=" + std::to_string(seed) + " REFRAIN_ANALYSIS_PROGRAM=" + std::to_string(index) +
           "\n--- P\n" + g.source + "--- P' (" + g.mutation + ")\n" + g.mutant +
           (g.catalog ? "--- catalog\n" + *g.catalog : std::string()) + "--- asked use " + g.askedUse + "\n";
  }
};

constexpr int kMaxReported = 5;

// Checks the findings of one question against the enumeration; `name` says
// which question, for messages.
void checkReport(const std::string& name, const std::string& root, const an::Report& report,
                 const std::vector<Request>& requests, const gen::SmallDomain& d, const rt::Engine& p,
                 const rt::Engine& q, const Counterexample& cex, Tally* tally, Context* ctx) {
  auto reportError = [&](const std::string& what) {
    if (++*ctx->reported <= kMaxReported) BOOST_ERROR(name << ": " << what << "\n" << ctx->describe());
  };
  // Every use under `root` and every work is answered, once.
  std::set<std::pair<std::string, std::string>> expected, answered;
  for (const std::string& use : d.uses)
    if (use == root || use.compare(0, root.size() + 1, root + ".") == 0) {
      for (const std::string& id : d.catalogIds) expected.insert({use, id});
      expected.insert({use, ""});
    }
  for (const an::Finding& f : report.findings) answered.insert({f.use, f.work});
  if (answered != expected || report.findings.size() != expected.size())
    reportError(std::to_string(report.findings.size()) + " findings, not one for each of the " +
                std::to_string(expected.size()) + " uses under " + root + " and works");
  rt::DecideScratch scratch;
  for (const an::Finding& f : report.findings) {
    ++tally->questions;
    auto use = std::find(d.uses.begin(), d.uses.end(), f.use);
    if (use == d.uses.end()) {
      reportError("a finding about `" + f.use + "`, a use outside the domain: " + f.detail);
      continue;
    }
    const size_t u = static_cast<size_t>(use - d.uses.begin());
    const Request* found = nullptr;
    for (const Request& r : requests)
      if (r.use == u && r.work == f.work && cex(r.json, r.wellTyped, r.p, r.q)) {
        found = &r;
        break;
      }
    switch (f.outcome) {
      case an::Outcome::kHolds:
        ++tally->holds;
        if (found)
          reportError("holds for " + f.use + " and work `" + f.work + "`, but this request is a counterexample:\n" +
                      found->json + "\nP: " + describeDecision(p, found->json) +
                      "\nP': " + describeDecision(q, found->json));
        break;
      case an::Outcome::kFails: {
        ++tally->fails;
        if (!found) ++tally->failsOutsideDomain;
        nlohmann::json w = nlohmann::json::parse(f.request, nullptr, false);
        if (w.is_discarded() || !w.is_object()) {
          reportError("fails, with a witness that is no JSON object: " + f.request);
          break;
        }
        const std::string wuse = w.value("use", ""), wid = w["work"].value("id", "");
        const bool catalogId = std::find(d.catalogIds.begin(), d.catalogIds.end(), wid) != d.catalogIds.end();
        if (wuse != f.use || (f.work.empty() ? catalogId : wid != f.work))
          reportError("fails for " + f.use + " and work `" + f.work + "` with a witness about another: " + f.request);
        // The analyser's witnesses are well-typed where it matters (`never error` asks for no others).
        Decided wp = decided(p, f.request, scratch), wq = decided(q, f.request, scratch);
        if (!cex(f.request, true, wp, wq))
          reportError("fails for " + f.use + " and work `" + f.work + "`, but the witness is no counterexample:\n" +
                      f.request + "\nP: " + describeDecision(p, f.request) + "\nP': " + describeDecision(q, f.request) +
                      "\nthe analyser said: " + f.detail);
        break;
      }
      case an::Outcome::kUnknown:
        ++tally->unknown;
        if (f.detail.rfind("not encoded: ", 0) == 0) {
          ++tally->notEncoded;
          ++tally->reasons[f.detail.substr(13)];
        } else if (f.detail.rfind("the solver gave up", 0) == 0) {
          ++tally->gaveUp;
          ++tally->reasons[f.detail];
          BOOST_TEST_MESSAGE(name << " gave up for " << f.use << " and work `" << f.work << "` (" << f.detail
                                  << "): REFRAIN_ANALYSIS_SEED=" << ctx->seed
                                  << " REFRAIN_ANALYSIS_PROGRAM=" << ctx->index);
        } else {
          ++tally->otherUnknown;
          reportError("unknown for " + f.use + " and work `" + f.work + "`: " + f.detail +
                      (found ? "\na counterexample of the domain: " + found->json : std::string()));
        }
        break;
    }
  }
}

struct Times {
  double generate = 0, enumerate = 0, solve = 0, check = 0, context = 0;
};

template <class F>
double timed(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Every question about program `index`: diff(P, P') and P's properties.
void runProgram(uint64_t seed, uint64_t index, std::map<std::string, Tally>* tallies, Times* times,
                uint64_t* requestsSeen, int* reported) {
  gen::SmallProgram g;
  std::unique_ptr<Built> p, q;
  times->generate += timed([&] {
    g = gen::generateSmallProgram(gen::mixSeed(seed, index));
    p = build(g.source, g.catalog);
    q = build(g.mutant, g.catalog);
  });
  Context ctx{seed, index, &g, reported};
  if (!p->engine || !q->engine) {
    if (++*reported <= kMaxReported)
      BOOST_ERROR("a generated program does not compile:\n" << (p->engine ? q->error : p->error) << ctx.describe());
    return;
  }
  std::vector<Request> requests;
  times->enumerate += timed([&] { requests = enumerate(g.domain, *p->engine, *q->engine); });
  *requestsSeen += requests.size();
  const rt::Engine& P = *p->engine;
  const rt::Engine& Q = *q->engine;

  an::Options options;
  options.timeoutMs = 2000;  // past it a question is an unknown: 1 of 14,550 for seed 1 (string constraints)
  // One context per program: a program run alone finds the same counterexamples, and each call is 10 ms cheaper.
  times->context += timed([&] { options.context = std::make_shared<z3::context>(); });
  const auto& uses = P.bundle().uses;
  for (uint32_t u = 0; u < uses.size(); ++u)
    if (uses[u].name == g.askedUse) options.use = u;

  an::Report diff;
  times->solve += timed([&] { diff = an::diff(P, Q, options); });
  times->check += timed([&] {
    checkReport(
        "diff", g.askedUse, diff, requests, g.domain, P, Q,
        [](const std::string&, bool, const Decided& a, const Decided& b) { return a.allow != b.allow; },
        &(*tallies)["diff"], &ctx);
  });

  for (const gen::SmallProperty& prop : g.properties) {
    std::string error;
    std::unique_ptr<an::Property> property = an::parseProperty(prop.text, P, p->compiled.program, &error);
    if (!property) {
      if (++*reported <= kMaxReported)
        BOOST_ERROR("property `" << prop.text << "`: " << error << "\n" << ctx.describe());
      continue;
    }
    an::Report report;
    times->solve += timed([&] { report = an::verify(P, *property, &Q, options); });
    Counterexample cex;
    std::string kind;
    switch (property->kind) {
      case an::Property::Kind::kNeverAllow:
        if (property->when) {
          kind = "never allow ... when";
          const rt::Engine* when = property->when.get();
          cex = [when](const std::string& json, bool, const Decided& a, const Decided&) {
            if (!a.allow) return false;
            rt::DecideScratch scratch;
            rt::ShownValue v = when->evaluate(0, json, scratch);
            return v.ok && v.text == "true";
          };
        } else {
          kind = "never allow";
          cex = [](const std::string&, bool, const Decided& a, const Decided&) { return a.allow; };
        }
        break;
      case an::Property::Kind::kNeverError:
        kind = "never error";
        cex = [](const std::string&, bool wellTyped, const Decided& a, const Decided&) {
          return wellTyped && a.evalError;
        };
        break;
      case an::Property::Kind::kImplies:
        kind = "implies";
        cex = [](const std::string&, bool, const Decided& a, const Decided& b) { return a.allow && !b.allow; };
        break;
      case an::Property::Kind::kAlwaysPays: {
        kind = "always pays";
        const int64_t least = property->atLeastMicros;
        cex = [least](const std::string&, bool, const Decided& a, const Decided&) { return a.allow && a.usd < least; };
        break;
      }
    }
    const std::string root = property->kind == an::Property::Kind::kImplies ? g.askedUse : uses[property->use].name;
    times->check += timed([&] {
      checkReport("verify `" + prop.text + "`", root, report, requests, g.domain, P, Q, cex, &(*tallies)[kind], &ctx);
    });
  }
  times->context += timed([&] { options.context.reset(); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(analyser_agrees_with_enumeration) {
  const uint64_t programs = envNumber("REFRAIN_ANALYSIS_PROGRAMS", kDefaultPrograms);
  const uint64_t seed = envNumber("REFRAIN_ANALYSIS_SEED", 1);
  const char* only = std::getenv("REFRAIN_ANALYSIS_PROGRAM");
  std::map<std::string, Tally> tallies;
  Times times;
  uint64_t requests = 0, ran = 0;
  int reported = 0;
  const double total = timed([&] {
    for (uint64_t i = 0; i < programs; ++i) {
      if (only && *only && std::strtoull(only, nullptr, 10) != i) continue;
      runProgram(seed, i, &tallies, &times, &requests, &reported);
      ++ran;
    }
  });
  Tally all;
  std::ostringstream counts;
  for (const auto& [kind, t] : tallies) {
    all.add(t);
    counts << "\n  " << kind << ": " << t.questions << " questions, " << t.holds << " holds, " << t.fails << " fails ("
           << t.failsOutsideDomain << " outside the domain), " << t.unknown << " unknown";
  }
  for (const auto& [reason, n] : all.reasons) counts << "\n  unknown " << n << " times: " << reason;
  const double rate = all.questions ? static_cast<double>(all.unknown) / static_cast<double>(all.questions) : 0.0;
  std::ostringstream message;
  message << "analysis: " << ran << " programs (seed " << seed << "), " << requests << " requests decided twice, "
          << all.questions << " questions: " << all.holds << " holds, " << all.fails << " fails, " << all.unknown
          << " unknown (" << 100.0 * rate << "%: " << all.notEncoded << " not encoded, " << all.gaveUp << " timed out, "
          << all.otherUnknown << " other) in " << total << " s (generating and compiling " << times.generate
          << " s, enumerating " << times.enumerate << " s, solving " << times.solve << " s, checking " << times.check
          << " s, Z3 contexts " << times.context << " s)" << counts.str();
  BOOST_TEST_MESSAGE(message.str());
  std::cout << message.str() << "\n";
  BOOST_TEST(ran > 0u, "no program ran (REFRAIN_ANALYSIS_PROGRAM beyond REFRAIN_ANALYSIS_PROGRAMS?)");
  BOOST_TEST(all.otherUnknown == 0u);
  if (!only)
    BOOST_TEST(rate < kMaxUnknownRate, "unknown answers " << 100.0 * rate << "% of questions, above the bound");
  if (!only && all.questions >= 1000) {  // the generator must not be degenerate: both answers in good measure
    BOOST_TEST(all.holds >= all.questions / 4);
    BOOST_TEST(all.fails >= all.questions / 4);
  }
}

// ---- exact cases ----

namespace {

std::unique_ptr<Built> mustBuild(const std::string& source, const std::optional<std::string>& catalog = std::nullopt) {
  std::unique_ptr<Built> b = build(source, catalog);
  BOOST_REQUIRE_MESSAGE(b->engine, "the case does not compile:\n" << b->error << source);
  return b;
}

uint32_t useIndex(const rt::Engine& e, const std::string& name) {
  const auto& uses = e.bundle().uses;
  for (uint32_t u = 0; u < uses.size(); ++u)
    if (uses[u].name == name) return u;
  BOOST_FAIL("no use " << name);
  return 0;
}

int64_t timeOf(const std::string& text) {
  int64_t t = 0;
  BOOST_REQUIRE(rt::parseTime(text, &t));
  return t;
}

an::Report verifyText(const Built& b, const std::string& text, an::Options options = {}, const Built* old = nullptr) {
  std::string error;
  std::unique_ptr<an::Property> p = an::parseProperty(text, *b.engine, b.compiled.program, &error);
  BOOST_REQUIRE_MESSAGE(p, text << ": " << error);
  return an::verify(*b.engine, *p, old ? old->engine.get() : nullptr, options);
}

const an::Finding& findingOf(const an::Report& r, const std::string& use, const std::string& work = "") {
  for (const an::Finding& f : r.findings)
    if (f.use == use && f.work == work) return f;
  BOOST_FAIL("no finding for " << use << " and work `" << work << "`");
  return r.findings.at(0);
}

std::string outcomeName(an::Outcome o) {
  return o == an::Outcome::kHolds ? "holds" : o == an::Outcome::kFails ? "fails" : "unknown";
}

// The finding holds.
void expectHolds(const an::Report& r, const std::string& use, const std::string& work = "") {
  const an::Finding& f = findingOf(r, use, work);
  BOOST_TEST(outcomeName(f.outcome) == "holds", use << " / `" << work << "`: " << f.detail << " " << f.request);
}

// The finding fails, and the runtime's decision of its witness is a
// counterexample by `isCounterexample`; the witness, as JSON, is returned.
nlohmann::json expectFails(const an::Report& r, const Built& b, const std::string& use, const std::string& work,
                           const std::function<bool(const rt::Decision&)>& isCounterexample) {
  const an::Finding& f = findingOf(r, use, work);
  BOOST_TEST(outcomeName(f.outcome) == "fails", use << " / `" << work << "`: " << f.detail);
  if (f.outcome != an::Outcome::kFails) return nullptr;
  rt::Decision d = b.engine->decide(f.request);
  BOOST_TEST(isCounterexample(d), "the witness is no counterexample: " << f.request << "\n"
                                                                       << describeDecision(*b.engine, f.request));
  return nlohmann::json::parse(f.request);
}

bool allows(const rt::Decision& d) { return d.allow; }

std::string firstError(const rt::Decision& d) { return d.errors.empty() ? "" : d.errors[0].code; }

int64_t paid(const rt::Decision& d, const std::string& currency) {
  for (const auto& p : d.payments)
    if (p.currency == currency) return p.total;
  return 0;
}

// An unknown that names what was not encoded: never `holds`, never a wrong `fails`.
void expectNotEncoded(const an::Report& r, const std::string& use, const std::string& what) {
  const an::Finding& f = findingOf(r, use);
  BOOST_TEST(outcomeName(f.outcome) == "unknown", use << ": " << f.detail << " " << f.request);
  BOOST_TEST(f.detail.rfind("not encoded: ", 0) == 0u, f.detail);
  BOOST_TEST(f.detail.find(what) != std::string::npos, f.detail);
}

bool holdsParty(const nlohmann::json& request, const std::string& party, const std::string& role) {
  for (const auto& h : request["work"].value("rightsholders", nlohmann::json::array()))
    if (h.value("party", "") == party && h.value("role", "") == role) return true;
  return false;
}

}  // namespace

// §3.4: the version in force is the one with the latest `effective`,
// wherever it stands in the bundle; an expired version is followed by none.
BOOST_AUTO_TEST_CASE(versions_in_force_by_date_not_bundle_order) {
  auto p = mustBuild(
      "policy \"p\" by artist \"ana\" {\n  effective 2026-06-01\n  deny ai.train\n}\n"
      "policy \"p\" by artist \"ana\" {\n  allow ai.train\n}\n");
  auto only = mustBuild("policy \"p\" by artist \"ana\" {\n  allow ai.train\n}\n");
  an::Options options;
  options.use = useIndex(*p->engine, "ai.train");
  options.catalogWorks = false;

  nlohmann::json w = expectFails(verifyText(*p, "never allow ai.train"), *p, "ai.train", "", allows);
  if (!w.is_null()) BOOST_TEST(timeOf(w["context"]["time"]) < timeOf("2026-06-01"));
  an::Options later = options;
  later.at = timeOf("2026-07-01");
  expectHolds(verifyText(*p, "never allow ai.train", later), "ai.train");

  an::Report d = an::diff(*only->engine, *p->engine, options);
  const an::Finding& f = findingOf(d, "ai.train");
  BOOST_TEST(outcomeName(f.outcome) == "fails");
  if (f.outcome == an::Outcome::kFails) {
    BOOST_TEST(only->engine->decide(f.request).allow);
    BOOST_TEST(!p->engine->decide(f.request).allow);
  }

  auto expiring = mustBuild(
      "policy \"p\" by artist \"ana\" {\n  effective 2026-01-01\n  expires 2027-01-01\n"
      "  allow ai.train when purpose == \"research\"\n}\n"
      "policy \"p\" by artist \"ana\" {\n  allow ai.train\n}\n");
  auto at = [&](const std::string& time) {
    an::Options o = options;
    o.at = timeOf(time);
    return o;
  };
  expectHolds(verifyText(*expiring, "never allow ai.train", at("2027-01-01")),
              "ai.train");  // expired: the older never comes back
  expectHolds(verifyText(*expiring, "never allow ai.train", at("2030-01-01")), "ai.train");
  expectFails(verifyText(*expiring, "never allow ai.train", at("2026-12-31T23:59:59Z")), *expiring, "ai.train", "",
              allows);
  expectFails(verifyText(*expiring, "never allow ai.train when purpose != \"research\"", at("2025-12-31T23:59:59Z")),
              *expiring, "ai.train", "", allows);
  expectHolds(verifyText(*expiring, "never allow ai.train when purpose != \"research\"", at("2026-01-01")), "ai.train");
}

// §6.2: any speaking party's deny wins, a platform's for every work.
BOOST_AUTO_TEST_CASE(deny_wins_across_parties) {
  const std::string source =
      "policy \"a\" by artist \"ana\" {\n  allow ai.train\n}\n"
      "policy \"l\" by label \"nw\" {\n  allow ai.train\n  deny ai.train.generative\n}\n"
      "policy \"s\" by platform \"stream\" {\n  deny ai.train when purpose == \"research\"\n}\n";
  auto b = mustBuild(
      source,
      std::string(
          R"({"id": "CAT-1", "rightsholders": [{"party": "ana", "role": "artist"}, {"party": "nw", "role": "label"}]})") +
          "\n");
  an::Report r = verifyText(*b, "never allow ai.train.generative");
  expectHolds(r, "ai.train.generative", "CAT-1");
  nlohmann::json w = expectFails(r, *b, "ai.train.generative", "", allows);
  if (!w.is_null()) {
    BOOST_TEST(!holdsParty(w, "nw", "label"));
    BOOST_TEST(holdsParty(w, "ana", "artist"));
  }
  expectFails(verifyText(*b, "never allow ai.train.analytic"), *b, "ai.train.analytic", "CAT-1", allows);
  an::Report research = verifyText(*b, "never allow ai.train when purpose == \"research\"");
  BOOST_TEST(outcomeName(research.overall()) == "holds");
}

// §5.1: the allow naming the deepest use wins (the first on a tie), and only
// its `pay` is evaluated: its errors deny, a shallower rule's do not.
BOOST_AUTO_TEST_CASE(deepest_allow_wins_with_its_pay_errors) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n"
      "  allow ai.train\n    pay 1.00 USD\n"
      "  allow ai.train.generative\n    pay revenue - 10.00 USD\n"
      "  allow ai.train.analytic\n    pay 2.00 USD\n"
      "  allow ai.train.analytic\n    pay 3.00 USD\n}\n");
  expectHolds(verifyText(*b, "never error ai.train.analytic"), "ai.train.analytic");
  expectHolds(verifyText(*b, "always pays ai.train.analytic at least 2.00 USD"), "ai.train.analytic");
  expectFails(verifyText(*b, "always pays ai.train.analytic at least 2.000001 USD"), *b, "ai.train.analytic", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") == 2000000; });
  expectHolds(verifyText(*b, "always pays ai.train at least 1.00 USD"), "ai.train");
  expectFails(verifyText(*b, "never error ai.train.generative"), *b, "ai.train.generative", "",
              [](const rt::Decision& d) {
                return !d.allow && !d.errors.empty() && isEvaluationError(d.errors[0].code) &&
                       d.errors[0].rule == "p.refrain:4";
              });
  expectFails(verifyText(*b, "always pays ai.train.generative at least 1.00 USD"), *b, "ai.train.generative", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") < 1000000; });
}

// §6.3: the deepest covering `consent` clause of a platform decides whose
// consent is needed; others are not asked.
BOOST_AUTO_TEST_CASE(consent_clauses_narrow_who_is_asked) {
  auto b = mustBuild(
      "policy \"s\" by platform \"stream\" {\n  consent from artist for ai\n  consent from label for "
      "ai.train.generative\n}\n"
      "policy \"a\" by artist \"ana\" {\n  allow ai\n}\n",
      std::string(
          R"({"id": "CAT-1", "rightsholders": [{"party": "ana", "role": "artist"}, {"party": "nw", "role": "label"}]})") +
          "\n");
  expectFails(verifyText(*b, "never allow ai.train.analytic"), *b, "ai.train.analytic", "CAT-1",
              allows);  // nw is not asked
  expectHolds(verifyText(*b, "never allow ai.train.generative"), "ai.train.generative",
              "CAT-1");  // nw is, and is silent
  nlohmann::json w =
      expectFails(verifyText(*b, "never allow ai.train.generative"), *b, "ai.train.generative", "", allows);
  if (!w.is_null())
    BOOST_TEST(holdsParty(w, "ana", "label"));  // the only label who can allow: ana, whose artist policy speaks
}

// §5: `except` carves uses out of a deny, which still denies the use it names.
BOOST_AUTO_TEST_CASE(except_carves_out_of_a_deny) {
  auto b = mustBuild("policy \"a\" by artist \"ana\" {\n  allow ai\n  deny ai except ai.train\n}\n");
  an::Report r = verifyText(*b, "never allow ai");
  expectHolds(r, "ai");
  expectFails(r, *b, "ai.train", "", allows);
  expectFails(r, *b, "ai.train.generative", "", allows);
  expectHolds(r, "ai.generate.voice");
  expectHolds(r, "ai.engage");
}

// §8.1: a split to a role the work lacks is an evaluation error: a deny.
BOOST_AUTO_TEST_CASE(split_to_a_missing_role_denies) {
  auto b = mustBuild("policy \"a\" by artist \"ana\" {\n  allow ai.train\n    pay 1.00 USD\n    split writer 100%\n}\n",
                     std::string(R"({"id": "CAT-1", "rightsholders": [{"party": "ana", "role": "artist"}]})") + "\n");
  an::Report r = verifyText(*b, "never allow ai.train");
  expectHolds(r, "ai.train", "CAT-1");
  nlohmann::json w = expectFails(r, *b, "ai.train", "", allows);
  if (!w.is_null()) {
    bool writer = false;
    for (const auto& h : w["work"]["rightsholders"]) writer = writer || h.value("role", "") == "writer";
    BOOST_TEST(writer);
  }
  expectFails(verifyText(*b, "never error ai.train"), *b, "ai.train", "CAT-1",
              [](const rt::Decision& d) { return firstError(d) == "no_holder_for_role"; });
}

// §10.3, §8.1: a zero share is paid nothing but still speaks; shares that
// total zero make a split fail.
BOOST_AUTO_TEST_CASE(zero_shares) {
  auto b = mustBuild(
      "policy \"s\" by platform \"stream\" {\n  consent from label for ai\n}\n"
      "policy \"l\" by label \"nw\" {\n  allow ai.train\n    pay 1.00 USD\n    split artist 100%\n}\n"
      "policy \"a\" by artist \"ana\" {\n  deny ai.train.generative\n}\n",
      std::string(
          R"({"id": "CAT-1", "rightsholders": [{"party": "ana", "role": "artist", "share": "0%"}, {"party": "nw", "role": "label"}]})") +
          "\n" +
          R"({"id": "CAT-2", "rightsholders": [{"party": "ana", "role": "artist", "share": "0%"}, {"party": "zed", "role": "artist", "share": "100%"}, {"party": "nw", "role": "label"}]})" +
          "\n");
  an::Report r = verifyText(*b, "never allow ai.train");
  expectHolds(r, "ai.train", "CAT-1");
  expectHolds(r, "ai.train.generative", "CAT-2");  // ana's zero share does not stop her deny
  expectFails(r, *b, "ai.train.analytic", "CAT-2", [](const rt::Decision& d) {
    if (!d.allow || d.payments.size() != 1) return false;
    for (const auto& payee : d.payments[0].payees)
      if (payee.party == "zed") return payee.micros == 1000000;
    return false;
  });
  expectFails(verifyText(*b, "never error ai.train.analytic"), *b, "ai.train.analytic", "CAT-1",
              [](const rt::Decision& d) { return firstError(d) == "zero_shares"; });
}

// §7.2: money in two currencies is an error, even in a comparison; totals are per currency.
BOOST_AUTO_TEST_CASE(currency_mismatch) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n  allow ai.train\n    when has(revenue) and revenue > 10.00 USD\n    pay 1.00 "
      "EUR\n}\n");
  nlohmann::json w = expectFails(verifyText(*b, "never error ai.train"), *b, "ai.train", "",
                                 [](const rt::Decision& d) { return firstError(d) == "currency_mismatch"; });
  if (!w.is_null()) BOOST_TEST(w["context"]["revenue"].get<std::string>().find("USD") == std::string::npos);
  expectFails(verifyText(*b, "always pays ai.train at least 0.000001 USD"), *b, "ai.train", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") == 0 && paid(d, "EUR") == 1000000; });
  expectHolds(verifyText(*b, "always pays ai.train at least 1.00 EUR"), "ai.train");
}

// §8: percent products round half to even at half a micro-unit.
BOOST_AUTO_TEST_CASE(percent_rounds_half_to_even) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n"
      "  allow ai.train.generative\n    when revenue == 100.000010 USD\n    pay 5% * revenue\n"  // 5.0000005: 5.000000
      "  allow ai.train.analytic\n    when revenue == 100.000030 USD\n    pay 5% * revenue\n"    // 5.0000015: 5.000002
      "  allow ai.generate.voice\n    when revenue == 100.000050 USD\n    pay 5% * revenue\n}\n");  // 5.0000025: 5.000002
  expectHolds(verifyText(*b, "always pays ai.train.generative at least 5.000000 USD"), "ai.train.generative");
  expectFails(verifyText(*b, "always pays ai.train.generative at least 5.000001 USD"), *b, "ai.train.generative", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") == 5000000; });
  expectHolds(verifyText(*b, "always pays ai.train.analytic at least 5.000002 USD"), "ai.train.analytic");
  expectFails(verifyText(*b, "always pays ai.train.analytic at least 5.000003 USD"), *b, "ai.train.analytic", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") == 5000002; });
  expectHolds(verifyText(*b, "always pays ai.generate.voice at least 5.000002 USD"), "ai.generate.voice");
  expectFails(verifyText(*b, "always pays ai.generate.voice at least 5.000003 USD"), *b, "ai.generate.voice", "",
              [](const rt::Decision& d) { return d.allow && paid(d, "USD") == 5000002; });
}

// The regex translator (analysis/regex_z3.cc): anchors, classes, `(?i)` on
// ASCII; `\b` is not translated, which gives an unknown, never a holds.
BOOST_AUTO_TEST_CASE(regex_translation) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n"
      "  allow ai.train.generative when model.name matches \"^acme$\"\n"
      "  allow ai.train.analytic when model.name matches \"(?i)^ac[m-n]e\\\\d\"\n"
      "  allow ai.generate.voice when model.name matches \"\\\\bacme\"\n"
      "  allow ai.generate.style when model.name matches \"(?i)^k$\"\n"
      "  allow ai.generate.remix when model.name matches \"a[^b]c\"\n"
      "  allow ai.engage when model.name matches \"(?i)\\u{E9}t\\u{E9}\"\n}\n");
  expectHolds(verifyText(*b, "never allow ai.train.generative when model.name != \"acme\""), "ai.train.generative");
  nlohmann::json w =
      expectFails(verifyText(*b, "never allow ai.train.generative"), *b, "ai.train.generative", "", allows);
  if (!w.is_null()) BOOST_TEST(w["context"]["model"]["name"] == "acme");
  expectFails(verifyText(*b, "never allow ai.train.analytic when model.name == \"ACNE7\""), *b, "ai.train.analytic", "",
              allows);
  expectHolds(verifyText(*b, "never allow ai.train.analytic when model.name == \"acme\""), "ai.train.analytic");
  expectHolds(
      verifyText(
          *b, "never allow ai.train.analytic when not (model.name starts_with \"a\" or model.name starts_with \"A\")"),
      "ai.train.analytic");
  expectNotEncoded(verifyText(*b, "never allow ai.generate.voice when not (model.name contains \"acme\")"),
                   "ai.generate.voice", "`\\b`");
  an::Report voice = verifyText(*b, "never allow ai.generate.voice");  // "acme" is allowed
  BOOST_TEST(outcomeName(findingOf(voice, "ai.generate.voice").outcome) != "holds");
  if (findingOf(voice, "ai.generate.voice").outcome == an::Outcome::kFails)
    expectFails(voice, *b, "ai.generate.voice", "", allows);
  else
    expectNotEncoded(voice, "ai.generate.voice", "`\\b`");
  // `(?i)k` also matches U+212A KELVIN SIGN in RE2: whatever the runtime says, the analyser says too.
  const bool kelvin =
      b->engine
          ->decide(
              R"({"use": "ai.generate.style", "work": {"id": "w", "rightsholders": [{"party": "ana", "role": "artist"}]}, "context": {"time": "2026-01-01", "model": {"name": "\u212A"}}})")
          .allow;
  BOOST_TEST(kelvin);
  an::Report k = verifyText(*b, "never allow ai.generate.style when model.name == \"\\u{212A}\"");
  BOOST_TEST(outcomeName(findingOf(k, "ai.generate.style").outcome) == (kelvin ? "fails" : "holds"));
  expectHolds(verifyText(*b,
                         "never allow ai.generate.style when model.name != \"k\" and model.name != \"K\" and "
                         "model.name != \"\\u{212A}\""),
              "ai.generate.style");
  expectHolds(verifyText(*b, "never allow ai.generate.remix when model.name == \"abc\""), "ai.generate.remix");
  expectFails(verifyText(*b, "never allow ai.generate.remix when model.name == \"a\\nc\""), *b, "ai.generate.remix", "",
              allows);
  // `(?i)` with a letter past ASCII folds by Unicode's tables: not translated.
  an::Options engage;
  engage.use = useIndex(*b->engine, "ai.engage");
  an::Report e = verifyText(*b, "never allow ai.engage when not (model.name contains \"t\")", engage);
  expectNotEncoded(e, "ai.engage", "(?i)");
  for (const an::Finding& f : verifyText(*b, "never allow ai.engage", engage).findings) {  // "\u{C9}T\u{C9}" is allowed
    BOOST_TEST(outcomeName(f.outcome) != "holds", f.use);
    if (f.outcome == an::Outcome::kFails) BOOST_TEST(b->engine->decide(f.request).allow, f.request);
  }
}

// Strings past ASCII are compared as their bytes; a character past the
// solver's U+2FFFF cannot be encoded, which gives an unknown.
BOOST_AUTO_TEST_CASE(strings_past_ascii) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n"
      "  allow ai.train.generative when model.name == \"b\\u{E9}ta\"\n"
      "  allow ai.train.analytic when model.name starts_with \"\\u{1F3B5}\" and model.name > \"z\"\n"
      "  allow ai.generate.voice when model.name == \"x\\u{E0001}\"\n}\n");
  nlohmann::json w =
      expectFails(verifyText(*b, "never allow ai.train.generative"), *b, "ai.train.generative", "", allows);
  if (!w.is_null()) BOOST_TEST(w["context"]["model"]["name"] == "b\xC3\xA9ta");
  expectHolds(verifyText(*b, "never allow ai.train.generative when model.name != \"b\\u{E9}ta\""),
              "ai.train.generative");
  w = expectFails(verifyText(*b, "never allow ai.train.analytic"), *b, "ai.train.analytic", "", allows);
  if (!w.is_null()) BOOST_TEST(w["context"]["model"]["name"].get<std::string>().rfind("\xF0\x9F\x8E\xB5", 0) == 0u);
  expectNotEncoded(verifyText(*b, "never allow ai.generate.voice"), "ai.generate.voice", "U+2FFFF");
}

// §10.4: a catalog work is judged by the catalog's fields and holders, any
// other work by the request's; works alike are asked once.
BOOST_AUTO_TEST_CASE(catalog_work_and_any_other_work) {
  auto b = mustBuild(
      "policy \"a\" by artist \"ana\" {\n  allow ai.train when work.genre == \"pop\"\n}\n",
      std::string(R"({"id": "CAT-1", "genre": "rock", "rightsholders": [{"party": "ana", "role": "artist"}]})") + "\n" +
          R"({"id": "CAT-2", "genre": "rock", "rightsholders": [{"party": "ana", "role": "artist"}]})" + "\n" +
          R"({"id": "CAT-3", "genre": "pop", "rightsholders": [{"party": "ana", "role": "artist"}]})" + "\n");
  an::Options options;
  options.use = useIndex(*b->engine, "ai.train");
  an::Report r = verifyText(*b, "never allow ai.train", options);
  expectHolds(r, "ai.train", "CAT-1");
  expectHolds(r, "ai.train", "CAT-2");
  nlohmann::json w = expectFails(r, *b, "ai.train", "CAT-3", allows);
  if (!w.is_null()) BOOST_TEST(w["work"]["id"] == "CAT-3");
  w = expectFails(r, *b, "ai.train", "", allows);
  if (!w.is_null()) {
    const std::string id = w["work"]["id"];
    BOOST_TEST((id != "CAT-1" && id != "CAT-2" && id != "CAT-3"), id);
    BOOST_TEST(w["work"]["genre"] == "pop");
    BOOST_TEST(holdsParty(w, "ana", "artist"));
  }
  // A request that names CAT-1 and claims the genre pop is still judged by the catalog.
  BOOST_TEST(
      !b->engine
           ->decide(
               R"({"use": "ai.train", "work": {"id": "CAT-1", "genre": "pop", "rightsholders": [{"party": "ana", "role": "artist"}]}, "context": {"time": "2026-01-01"}})")
           .allow);
}

// §7.2's idiom for an optional custom field, `has(x) and x ...`: `has` reads
// presence only (the compiler gives it a string slot), so the field is one
// field, read as an int.
BOOST_AUTO_TEST_CASE(has_then_a_custom_field) {
  auto b =
      mustBuild("policy \"a\" by artist \"ana\" {\n  allow ai.train when has(context.tier) and context.tier >= 2\n}\n");
  an::Options options;
  options.use = useIndex(*b->engine, "ai.train");
  nlohmann::json w = expectFails(verifyText(*b, "never allow ai.train", options), *b, "ai.train", "", allows);
  if (!w.is_null()) BOOST_TEST(w["context"]["tier"].get<int64_t>() >= 2);
  expectHolds(verifyText(*b, "never allow ai.train when context.tier < 2", options), "ai.train");
  expectHolds(verifyText(*b, "never error ai.train", options), "ai.train");
  expectHolds(verifyText(*b, "never allow ai.train when not has(context.tier)", options), "ai.train");
}

// diff: the same bundle, or one that says the same in other words, is the same; a flipped rule is not.
BOOST_AUTO_TEST_CASE(diff_same_and_different) {
  auto a =
      mustBuild("policy \"a\" by artist \"ana\" {\n  allow ai.train when units > 2 and purpose == \"research\"\n}\n");
  auto same =
      mustBuild("policy \"a\" by artist \"ana\" {\n  allow ai.train when purpose == \"research\" and 2 < units\n}\n");
  auto flipped =
      mustBuild("policy \"a\" by artist \"ana\" {\n  deny ai.train when units > 2 and purpose == \"research\"\n}\n");
  an::Options options;
  options.use = useIndex(*a->engine, "ai.train");
  BOOST_TEST(outcomeName(an::diff(*a->engine, *a->engine, options).overall()) == "holds");
  BOOST_TEST(outcomeName(an::diff(*a->engine, *same->engine, options).overall()) == "holds");
  an::Report d = an::diff(*a->engine, *flipped->engine, options);
  for (const std::string use : {"ai.train", "ai.train.generative", "ai.train.analytic"}) {
    const an::Finding& f = findingOf(d, use);
    BOOST_TEST(outcomeName(f.outcome) == "fails", use);
    if (f.outcome == an::Outcome::kFails)
      BOOST_TEST(a->engine->decide(f.request).allow != flipped->engine->decide(f.request).allow);
  }
  // implies: the flipped bundle allows nothing, so it implies anything.
  expectHolds(verifyText(*flipped, "implies", options, a.get()), "ai.train");
  expectFails(verifyText(*a, "implies", options, flipped.get()), *a, "ai.train", "", allows);
}
