#include "analysis/analyser.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/decision_encoder.h"
#include "analysis/question.h"

namespace refrain::analysis {

Outcome Report::overall() const {
  if (count(Outcome::kFails)) return Outcome::kFails;
  return count(Outcome::kUnknown) ? Outcome::kUnknown : Outcome::kHolds;
}

size_t Report::count(Outcome o) const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.outcome == o;
  return n;
}

namespace {

// The work ids of every side's catalog, in id order.
std::vector<std::string> catalogIds(const std::vector<const runtime::Engine*>& sides) {
  std::set<std::string> ids;
  for (const runtime::Engine* e : sides)
    for (size_t i = 0; i < e->workCount(); ++i) ids.insert(e->work(i).id);
  return {ids.begin(), ids.end()};
}

// A proof that rests on a construct the encoding could not even
// over-approximate is no proof: such a question is unknown.
Finding proven(Finding f, const Unsupported& unsupported, const RequestModel& model) {
  Unsupported all = unsupported;
  all.merge(model.unsupported());
  if (!all.inexact()) {
    f.outcome = Outcome::kHolds;
    return f;
  }
  f.outcome = Outcome::kUnknown;
  f.detail = "not encoded exactly: " + all.text();
  return f;
}

// One (use, work) question to the solver, its counterexample checked.
Finding askOneUnguarded(z3::context& ctx, const Question& q, const std::vector<BundleIndex>& indexes, const SharedTables& tables,
               uint32_t use, const WorkChoice& work, const std::set<std::string>& catalog, const Options& options) {
  Finding f{tables.uses[use], work.catalogId.value_or(""), Outcome::kUnknown, {}, {}};
  RequestModel model(ctx, tables, use, work, q.sides, options.at);
  Unsupported unsupported;
  std::vector<DecisionTerms> decisions;
  for (size_t s = 0; s < q.sides.size(); ++s) decisions.push_back(encodeDecision(model, s, *q.sides[s], indexes[s], &unsupported));
  // Where the two bundles' rules for this use and work are the same, their
  // terms are one term already (the solver's terms are shared); where they
  // differ only in form, the simplifier's normal form makes them one. Either
  // way a question about their difference is answered without a search.
  bool sidesAgree = q.comparesAllows && z3::eq(decisions[0].allow, decisions[1].allow);
  if (q.comparesAllows && !sidesAgree) {
    for (DecisionTerms& d : decisions) d.allow = d.allow.simplify();
    sidesAgree = z3::eq(decisions[0].allow, decisions[1].allow);
  }
  z3::expr goal = sidesAgree ? ctx.bool_val(false) : q.goal(model, decisions, unsupported).simplify();
  if (goal.is_false()) return proven(f, unsupported, model);  // unchanged rules encode to the very same terms
  if (q.wellTyped) model.requireWellTyped();
  // The SMT core itself: Z3's default solver first builds its strategy of
  // tactics, which costs some 7 ms, more than most questions take to solve.
  z3::solver solver(ctx, z3::solver::simple());
  z3::params params(ctx);
  params.set("timeout", options.timeoutMs);
  solver.set(params);
  solver.add(model.domain());
  solver.add(goal);
  const z3::expr workId = model.workIdTerm();
  for (int attempt = 0; attempt < 256; ++attempt) {
    z3::check_result r = solver.check();
    if (r == z3::unsat) return proven(f, unsupported, model);  // the encoding allows at least what the runtime does
    if (r == z3::unknown) {
      f.detail = "the solver gave up: " + solver.reason_unknown();
      return f;
    }
    std::string request, why;
    if (!model.witness(solver.get_model(), &request, &why)) {
      f.detail = why;
      return f;
    }
    // Any other work: a model that picked a catalog's id is asked again without it.
    std::string id;
    if (!work.catalogId && stringFromModel(solver.get_model().eval(workId, true), &id) && catalog.count(id)) {
      solver.add(workId != stringTerm(ctx, id, &unsupported));
      continue;
    }
    std::string said;
    if (q.check(request, &said)) {
      f.outcome = Outcome::kFails;
      f.request = request;
      f.detail = said;
      return f;
    }
    Unsupported all = unsupported;
    all.merge(model.unsupported());
    f.detail = all.any() ? "not encoded: " + all.text()
                         : "the solver's counterexample did not check with the runtime (" + said +
                               "): the analyser's encoding is wrong here; please report it with this request: " + request;
    return f;
  }
  f.detail = "every request the solver found names a catalog work";
  return f;
}

Finding askOne(z3::context& ctx, const Question& q, const std::vector<BundleIndex>& indexes, const SharedTables& tables,
               uint32_t use, const WorkChoice& work, const std::set<std::string>& catalog, const Options& options) {
  try {
    return askOneUnguarded(ctx, q, indexes, tables, use, work, catalog, options);
  } catch (const z3::exception& e) {  // a bundle whose code the encoding cannot type, say
    return {tables.uses[use], work.catalogId.value_or(""), Outcome::kUnknown, {}, std::string("the solver failed: ") + e.msg()};
  } catch (const std::exception& e) {
    return {tables.uses[use], work.catalogId.value_or(""), Outcome::kUnknown, {}, std::string("the analyser failed: ") + e.what()};
  }
}

// The request fields under `work.` that some side reads.
std::set<std::string> workFieldsRead(const Question& q) {
  std::set<std::string> paths;
  for (const runtime::Engine* e : q.sides)
    for (const runtime::FieldSlot& slot : e->bundle().slots)
      if (slot.path.compare(0, 5, "work.") == 0) paths.insert(slot.path);
  for (const runtime::Engine* e : q.extra)
    for (const runtime::FieldSlot& slot : e->bundle().slots)
      if (slot.path.compare(0, 5, "work.") == 0) paths.insert(slot.path);
  return paths;
}

// What the analysis of a catalog work depends on, per side: its rights
// holders and the work fields some side reads, or that the side's catalog
// lacks it. Works alike in this are asked once (a catalog has many works
// of one artist), and the answer is checked again for each of them.
std::string workSignature(const Question& q, const std::string& id, const std::set<std::string>& read) {
  nlohmann::ordered_json sig = nlohmann::ordered_json::array();
  for (const runtime::Engine* e : q.sides) {
    std::optional<runtime::WorkDef> w = catalogWork(*e, id);
    if (!w) {
      sig.push_back(nullptr);
      continue;
    }
    nlohmann::ordered_json side = nlohmann::ordered_json::array();
    for (const runtime::HolderDef& h : w->holders) side.push_back({h.party, h.role, h.hasShare, h.weight});
    const nlohmann::ordered_json fields = catalogWorkJson(*w);
    for (const std::string& path : read) side.push_back({path, fields.value(path.substr(5), nlohmann::ordered_json())});
    sig.push_back(side);
  }
  return sig.dump();
}

// A counterexample found for one work, made about another work alike.
std::string withWorkId(const std::string& request, const std::string& id) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(request);
  j["work"]["id"] = id;
  return j.dump();
}

// One solver context for the life of the process, shared by every
// question: the terms of unchanged rules are then one term on both sides.
// It is never destroyed: Z3 takes seconds to tear down a context that has
// seen a large bundle, and the process's end frees it anyway. Not
// thread-safe: the analyser is for one thread (the CLI, the REPL).
z3::context& sharedContext() {
  static z3::context* context = new z3::context;
  return *context;
}

}  // namespace

Report ask(const Question& q, const Options& options) {
  Report report;
  std::string error;
  std::optional<SharedTables> tables = sharedTables(q.sides, &error);
  if (!tables) {
    report.findings.push_back({"", "", Outcome::kUnknown, {}, error});
    return report;
  }
  const runtime::Bundle& b = q.sides[0]->bundle();
  std::vector<WorkChoice> works;
  std::set<std::string> catalog;
  for (const std::string& id : catalogIds(q.sides)) {
    catalog.insert(id);
    if (options.catalogWorks) works.push_back({id});
  }
  works.push_back({});  // any work no catalog has
  const std::set<std::string> read = workFieldsRead(q);
  std::vector<std::string> signatures;
  for (const WorkChoice& w : works) signatures.push_back(w.catalogId ? workSignature(q, *w.catalogId, read) : "");
  std::vector<BundleIndex> indexes;
  for (const runtime::Engine* e : q.sides) indexes.emplace_back(e->bundle());
  z3::context& ctx = options.context ? *options.context : sharedContext();
  for (uint32_t u = 0; u < b.uses.size(); ++u) {
    if (options.use && !useWithin(b, u, *options.use)) continue;
    std::map<std::string, Finding> alike;  // signature -> the answer for the first work with it
    for (size_t i = 0; i < works.size(); ++i) {
      const WorkChoice& w = works[i];
      auto seen = w.catalogId ? alike.find(signatures[i]) : alike.end();
      if (seen != alike.end() && seen->second.outcome != Outcome::kUnknown) {
        Finding f = seen->second;
        f.work = *w.catalogId;
        if (f.outcome == Outcome::kHolds) {
          report.findings.push_back(f);
          continue;
        }
        f.request = withWorkId(f.request, f.work);
        if (q.check(f.request, &f.detail)) {
          report.findings.push_back(f);
          continue;
        }
      }
      Finding f = askOne(ctx, q, indexes, *tables, u, w, catalog, options);
      if (w.catalogId) alike.emplace(signatures[i], f);
      report.findings.push_back(f);
    }
  }
  return report;
}

std::string decisionSummary(const runtime::Decision& d) {
  if (d.allow) return "allow";
  if (!d.errors.empty()) return "deny (" + d.errors[0].code + ": " + d.errors[0].message + ")";
  for (const auto& r : d.reasons)
    if (r.verdict == "deny") return "deny (" + r.party + " denies by " + r.rule + ")";
  std::string silent;
  for (const auto& r : d.reasons)
    if (r.verdict == "silent") silent += (silent.empty() ? "" : ", ") + r.party;
  return "deny (no consent from " + silent + ")";
}

Report diff(const runtime::Engine& oldBundle, const runtime::Engine& newBundle, const Options& options) {
  Question q;
  q.sides = {&oldBundle, &newBundle};
  q.comparesAllows = true;
  q.goal = [](RequestModel&, std::vector<DecisionTerms>& d, Unsupported&) { return d[0].allow != d[1].allow; };
  q.check = [&](const std::string& request, std::string* said) {
    runtime::Decision before = oldBundle.decide(request), after = newBundle.decide(request);
    *said = "old: " + decisionSummary(before) + "; new: " + decisionSummary(after);
    return before.allow != after.allow;
  };
  return ask(q, options);
}

}  // namespace refrain::analysis
