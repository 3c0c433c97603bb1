#include "analysis/property.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/block_encoder.h"
#include "analysis/question.h"
#include "analysis/request_model.h"
#include "compiler/compile.h"
#include "runtime/money.h"
#include "runtime/time.h"

namespace refrain::analysis {

namespace {

const char* kForms =
    "`never allow USE [when EXPR]`, `always deny USE [when EXPR]`, `never error USE`, `implies` or "
    "`always pays USE at least MONEY`";

// The evaluation errors of docs/language.md §7.2 and §8.1, as decisions name them.
bool isEvaluationError(const std::string& code) {
  static const char* kCodes[] = {"missing_field", "type_mismatch",      "currency_mismatch", "overflow",
                                 "negative_payment", "no_holder_for_role", "zero_shares",   "split_failed"};
  for (const char* c : kCodes)
    if (code == c) return true;
  return false;
}

// The request as the bundle sees it: a catalog work's fields are the
// catalog's (language.md §10). The `when` is a bundle of its own, with no
// catalog, so it is asked of the request with those fields written in.
std::string withCatalogWork(const runtime::Engine& bundle, const std::string& request) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(request);
  std::optional<runtime::WorkDef> w = catalogWork(bundle, j["work"]["id"].get<std::string>());
  if (!w) return request;
  j["work"] = catalogWorkJson(*w);
  return j.dump();
}

}  // namespace

bool findUse(const runtime::Engine& bundle, const std::string& name, uint32_t* use) {
  const auto& uses = bundle.bundle().uses;
  for (uint32_t u = 0; u < uses.size(); ++u)
    if (uses[u].name == name) return (*use = u), true;
  return false;
}

std::unique_ptr<Property> parseProperty(const std::string& text, const runtime::Engine& bundle,
                                        const policy::Program& program, std::string* error) {
  auto p = std::make_unique<Property>();
  p->text = text;
  std::istringstream words(text);
  std::string first, second, useName;
  words >> first >> second;
  auto bad = [&](const std::string& why) {
    *error = why;
    return nullptr;
  };
  if (first == "implies" && second.empty()) {
    p->kind = Property::Kind::kImplies;
    return p;
  }
  if (first == "never" && second == "allow") p->kind = Property::Kind::kNeverAllow;
  else if (first == "always" && second == "deny") p->kind = Property::Kind::kNeverAllow;  // every decision is allow or deny
  else if (first == "never" && second == "error") p->kind = Property::Kind::kNeverError;
  else if (first == "always" && second == "pays") p->kind = Property::Kind::kAlwaysPays;
  else return bad("a property is " + std::string(kForms) + ", not `" + text + "`");
  if (!(words >> useName)) return bad("`" + first + " " + second + "` needs a use, e.g. `" + first + " " + second + " ai.generate.voice`");
  if (!findUse(bundle, useName, &p->use)) return bad("unknown use `" + useName + "`");
  std::string next;
  if (p->kind == Property::Kind::kAlwaysPays) {
    std::string least, amount, currency;
    words >> next >> least >> amount >> currency;
    if (next != "at" || least != "least" || amount.empty() || currency.empty())
      return bad("write `always pays " + useName + " at least MONEY`, e.g. `at least 100.00 USD`");
    std::string code;
    if (!runtime::parseMoneyText(amount + " " + currency, &p->atLeastMicros, &code))
      return bad("`" + amount + " " + currency + "` is not money such as `100.00 USD`");
    p->currency = code;
  } else if (words >> next) {
    if (next != "when" || p->kind == Property::Kind::kNeverError)
      return bad("after the use comes " + std::string(p->kind == Property::Kind::kNeverError ? "nothing" : "`when EXPR` or nothing") +
                 ", not `" + next + "`");
    std::string rest;
    std::getline(words, rest);
    compiler::ExpressionResult expr = compiler::compileExpression(program, rest);
    if (!expr.ok) {
      const policy::Diagnostic& d = expr.diagnostics.at(0);
      return bad("in `when " + rest.substr(rest.find_first_not_of(' ')) + "`: " + d.message);
    }
    if (expr.type.base != policy::BaseType::kBool || expr.type.list) return bad("`when` needs a condition (a bool), not `" + expr.text + "`");
    std::string loadError;
    p->when = runtime::Engine::load(expr.bundle.data(), expr.bundle.size(), &loadError);
    if (!p->when) return bad(loadError);
  }
  if (words >> next) return bad("unexpected `" + next + "` after the property");
  return p;
}

Report verify(const runtime::Engine& bundle, const Property& property, const runtime::Engine* old, const Options& options) {
  Options asked = options;
  Question q;
  q.sides = {&bundle};
  if (property.kind == Property::Kind::kImplies) {
    q.sides.push_back(old);
    q.comparesAllows = true;
    q.goal = [](RequestModel&, std::vector<DecisionTerms>& d, Unsupported&) { return d[0].allow && !d[1].allow; };
    q.check = [&](const std::string& request, std::string* said) {
      runtime::Decision now = bundle.decide(request), before = old->decide(request);
      *said = "this bundle: " + decisionSummary(now) + "; the old one: " + decisionSummary(before);
      return now.allow && !before.allow;
    };
    return ask(q, asked);
  }
  asked.use = property.use;
  if (property.kind == Property::Kind::kNeverAllow) {
    const runtime::Engine* when = property.when.get();
    if (when) q.extra.push_back(when);
    q.goal = [when](RequestModel& model, std::vector<DecisionTerms>& d, Unsupported& unsupported) {
      if (!when) return d[0].allow;
      BlockEncoder condition(model, 0, when->bundle(), &unsupported);
      const Encoded& e = condition.block(when->bundle().expressions.at(0).block);
      return d[0].allow && !e.error && e.value.value;
    };
    q.check = [&bundle, when](const std::string& request, std::string* said) {
      runtime::Decision d = bundle.decide(request);
      *said = decisionSummary(d);
      if (!when) return d.allow;
      runtime::DecideScratch scratch;
      runtime::ShownValue v = when->evaluate(0, withCatalogWork(bundle, request), scratch);
      *said += v.ok ? ", and the `when` is " + v.text : ", and the `when` fails: " + v.errorMessage;
      return d.allow && v.ok && v.text == "true";
    };
  } else if (property.kind == Property::Kind::kNeverError) {
    q.wellTyped = true;
    q.goal = [](RequestModel&, std::vector<DecisionTerms>& d, Unsupported&) { return d[0].evalError; };
    q.check = [&bundle](const std::string& request, std::string* said) {
      runtime::Decision d = bundle.decide(request);
      for (const auto& e : d.errors)
        if (isEvaluationError(e.code)) {
          *said = e.code + " in " + (e.rule.empty() ? e.policy : e.rule) + ": " + e.message;
          return true;
        }
      *said = decisionSummary(d);
      return false;
    };
  } else {
    const Property* p = &property;
    q.goal = [p](RequestModel& model, std::vector<DecisionTerms>& d, Unsupported&) {
      int64_t currency = model.tables().currencyIndex(p->currency);
      return d[0].allow && d[0].totalIn(currency) < model.ctx().int_val(p->atLeastMicros);
    };
    q.check = [&bundle, p](const std::string& request, std::string* said) {
      runtime::Decision d = bundle.decide(request);
      int64_t total = 0;
      for (const auto& pay : d.payments)
        if (pay.currency == p->currency) total = pay.total;
      *said = decisionSummary(d) + ", paying " + runtime::formatMicros(total) + " " + p->currency;
      return d.allow && total < p->atLeastMicros;
    };
  }
  return ask(q, asked);
}

}  // namespace refrain::analysis
