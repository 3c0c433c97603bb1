// Engine: load = read + verify + index; decide = read request + judge + (optionally) write JSON.
#include "runtime/engine.h"

#include <algorithm>
#include <climits>

#include "runtime/bundle_reader.h"
#include "runtime/decide.h"
#include "runtime/explainer.h"
#include "runtime/scratch.h"
#include "runtime/signed_envelope.h"

namespace refrain::runtime {

DecideScratch::DecideScratch() : scratch_(std::make_unique<Scratch>()) {}
DecideScratch::~DecideScratch() = default;

Engine::Engine(std::unique_ptr<LoadedBundle> loaded) : loaded_(std::move(loaded)) {}
Engine::~Engine() = default;

std::string checkLimits(const RequestLimits& limits) {
  // Values are compared as text would show them: a negative depth is below 1, not a huge size_t.
  auto range = [](const char* name, long long value, long long most) {
    if (value >= 1 && value <= most) return std::string();
    return std::string(name) + " must be from 1 to " + std::to_string(most) + ", not " + std::to_string(value);
  };
  auto size = [](size_t v) { return static_cast<long long>(std::min<size_t>(v, LLONG_MAX)); };
  std::string why = range("the request size limit", size(limits.maxRequestBytes), size(RequestLimits::kMaxRequestBytes));
  if (why.empty()) why = range("the request nesting limit", limits.maxJsonDepth, RequestLimits::kMaxJsonDepth);
  if (why.empty()) why = range("the rights holder limit", size(limits.maxRightsHolders), size(RequestLimits::kMaxRightsHolders));
  return why;
}

std::unique_ptr<Engine> Engine::load(const uint8_t* bytes, size_t len, std::string* error,
                                     const RequestLimits& limits) {
  std::string bad = checkLimits(limits);
  if (!bad.empty()) {
    *error = std::move(bad);
    return nullptr;
  }
  auto loaded = std::make_unique<LoadedBundle>();
  loaded->limits = limits;
  // A signed bundle loads as the bundle inside its envelope; checking the
  // signature is for hosts that trust keys (signed_envelope.h).
  SignedEnvelope envelope;
  switch (openEnvelope(bytes, len, &envelope, error)) {
    case EnvelopeKind::kDamaged: return nullptr;
    case EnvelopeKind::kSigned: bytes = envelope.bundle, len = envelope.bundleLen; break;
    case EnvelopeKind::kUnsigned: break;
  }
  std::string catalog;
  if (!readBundle(bytes, len, &loaded->bundle, &catalog, error)) return nullptr;
  if (!verifyBundle(loaded->bundle, error)) return nullptr;
  if (!loaded->catalog.load(std::move(catalog), loaded->bundle.roles, error)) return nullptr;
  if (!indexBundle(*loaded, error)) return nullptr;
  loaded->hash = bundleHash(bytes, len);
  return std::unique_ptr<Engine>(new Engine(std::move(loaded)));
}

namespace {

// Empties the scratch's decision view, keeping its vectors' room for the next decision.
void clearView(Scratch& s) {
  DecisionView& d = s.decision;
  d.allow = false;
  d.use = d.work = {};
  d.reasons.clear();
  d.duties.clear();
  clearPayments(d, s.spentPayments);
  d.errors.clear();
  s.textsUsed = 0;
}

}  // namespace

const DecisionView& Engine::decideView(std::string_view requestJson, DecideScratch& scratch) const {
  Scratch& s = scratch.get();
  DecisionView& d = s.decision;
  s.judged = runtime::readRequest(*loaded_, requestJson, s, &s.requestError);
  if (!s.judged) {
    clearView(s);
    // Name what could be read, so a log line still says which request failed.
    if (s.raw.size() > kWorkIdTarget) {
      if (s.raw[kUseTarget].kind == RawValue::Kind::kString) d.use = s.raw[kUseTarget].text;
      if (s.raw[kWorkIdTarget].kind == RawValue::Kind::kString) d.work = s.raw[kWorkIdTarget].text;
    }
    const DecisionError& e = s.requestError;
    d.errors.push_back({e.code, e.message, e.policy, e.rule});
    return d;
  }
  return preparedView(s);
}

const DecisionView& Engine::preparedView(Scratch& s) const {
  DecisionView& d = s.decision;
  clearView(s);
  d.use = loaded_->useName(s.request.use);
  d.work = s.request.workId;
  decideRequest(*loaded_, s, &d);
  return d;
}

Decision Engine::decide(std::string_view requestJson, DecideScratch& scratch) const {
  return ownedDecision(decideView(requestJson, scratch));
}

bool Engine::readRequest(std::string_view requestJson, DecideScratch& scratch, DecisionError* error) const {
  return runtime::readRequest(*loaded_, requestJson, scratch.get(), error);
}

Decision Engine::decidePrepared(DecideScratch& scratch) const {
  return ownedDecision(preparedView(scratch.get()));
}

Decision Engine::decide(std::string_view requestJson) const {
  DecideScratch scratch;
  return decide(requestJson, scratch);
}

std::string Engine::decideJson(std::string_view requestJson, DecideScratch& scratch) const {
  std::string out;
  writeDecisionJson(decideView(requestJson, scratch), &out);
  return out;
}

Explanation Engine::explain(std::string_view requestJson, DecideScratch& scratch) const {
  const DecisionView& d = decideView(requestJson, scratch);
  return explainDecision(*loaded_, scratch.get(), d, scratch.get().judged);
}

ShownValue Engine::evaluate(size_t index, std::string_view requestJson, DecideScratch& scratch) const {
  Scratch& s = scratch.get();
  DecisionError error;
  if (index >= loaded_->bundle.expressions.size()) return {false, {}, "no_expression", "the bundle has no expression " + std::to_string(index)};
  if (!runtime::readRequest(*loaded_, requestJson, s, &error, RequestMode::kPartial)) return {false, {}, error.code, error.message};
  return evaluateExpression(*loaded_, s, static_cast<uint32_t>(index));
}

ShownValue Engine::evaluateScope(size_t policy, std::string_view requestJson, DecideScratch& scratch) const {
  if (policy >= loaded_->bundle.policies.size()) return {false, {}, "no_policy", "the bundle has no policy " + std::to_string(policy)};
  int32_t block = loaded_->bundle.policies[policy].on;
  if (block == kNoCode) return {true, "true", {}, {}};
  Scratch& s = scratch.get();
  DecisionError error;
  if (!runtime::readRequest(*loaded_, requestJson, s, &error, RequestMode::kPartial)) return {false, {}, error.code, error.message};
  return evaluateBlock(*loaded_, s, block);
}

size_t Engine::expressionCount() const { return loaded_->bundle.expressions.size(); }

const Bundle& Engine::bundle() const { return loaded_->bundle; }
size_t Engine::workCount() const { return loaded_->catalog.size(); }
WorkDef Engine::work(size_t index) const { return loaded_->catalog.work(index); }
const std::string& Engine::hash() const { return loaded_->hash; }
const NameTable& Engine::decisionNames() const { return loaded_->decisionNames; }
const RequestLimits& Engine::limits() const { return loaded_->limits; }

}  // namespace refrain::runtime
