// The C API over Engine: opaque handles, buffers the caller frees, and no exception crossing the boundary.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "refrain/refrain.h"
#include "runtime/c_api_guard.h"
#include "runtime/decision_record.h"
#include "runtime/describe.h"
#include "runtime/engine.h"
#include "runtime/version.h"

struct rf_bundle {
  std::unique_ptr<refrain::runtime::Engine> engine;
};

struct rf_scratch {
  refrain::runtime::DecideScratch scratch;
  std::string decisionJson;  // rf_decide_in_scratch's text, its room reused
  refrain::runtime::DecisionRecord record;  // rf_decide_record's, likewise
};

namespace {

using refrain::runtime::fillBuffer;
using refrain::runtime::guarded;

void setError(rf_error* err, const char* message) {
  if (!err) return;
  std::strncpy(err->message, message, sizeof err->message - 1);
  err->message[sizeof err->message - 1] = '\0';
}

// rf_limits to RequestLimits: a 0 keeps the default. Fields wider than the
// engine's are clamped to one past its maximum, so that load refuses them.
refrain::runtime::RequestLimits requestLimits(const rf_limits* limits) {
  refrain::runtime::RequestLimits out;
  if (!limits) return out;
  if (limits->max_request_bytes) out.maxRequestBytes = limits->max_request_bytes;
  if (limits->max_json_depth)
    out.maxJsonDepth = static_cast<int>(std::min<size_t>(limits->max_json_depth, refrain::runtime::RequestLimits::kMaxJsonDepth + 1));
  if (limits->max_rights_holders) out.maxRightsHolders = limits->max_rights_holders;
  return out;
}

rf_bundle* load(const uint8_t* bytes, size_t len, const rf_limits* limits, rf_error* err) {
  if (!bytes && len) {
    setError(err, "no bundle bytes");
    return nullptr;
  }
  rf_bundle* handle = guarded<rf_bundle*>(nullptr, [&]() -> rf_bundle* {
    std::string error;
    std::unique_ptr<refrain::runtime::Engine> engine =
        refrain::runtime::Engine::load(bytes, len, &error, requestLimits(limits));
    if (!engine) {
      setError(err, error.c_str());
      return nullptr;
    }
    auto made = std::make_unique<rf_bundle>();
    made->engine = std::move(engine);
    setError(err, "");
    return made.release();
  });
  if (!handle && err && err->message[0] == '\0') setError(err, "out of memory");
  return handle;
}

}  // namespace

extern "C" {

const char* rf_version(void) { return REFRAIN_VERSION; }

rf_bundle* rf_bundle_load(const uint8_t* bytes, size_t len, rf_error* err) {
  return rf_bundle_load_with_limits(bytes, len, nullptr, err);
}

rf_bundle* rf_bundle_load_with_limits(const uint8_t* bytes, size_t len, const rf_limits* limits, rf_error* err) {
  if (err) err->message[0] = '\0';
  return load(bytes, len, limits, err);
}

const char* rf_bundle_hash(const rf_bundle* bundle) {
  return bundle ? bundle->engine->hash().c_str() : nullptr;
}

rf_scratch* rf_scratch_new(void) {
  return guarded<rf_scratch*>(nullptr, [] { return new rf_scratch; });
}

void rf_scratch_free(rf_scratch* scratch) { delete scratch; }

namespace {

int decideText(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
               const char** decision_json, size_t* decision_len, refrain::runtime::JsonStyle style) {
  if (!bundle || !scratch || !request_json || !decision_json || !decision_len) return -1;
  return guarded(-1, [&] {
    const refrain::runtime::DecisionView& d =
        bundle->engine->decideView(std::string_view(request_json, len), scratch->scratch);
    scratch->decisionJson.clear();
    refrain::runtime::writeDecisionJson(d, &scratch->decisionJson, style);
    *decision_json = scratch->decisionJson.c_str();
    *decision_len = scratch->decisionJson.size();
    return d.allow ? 1 : 0;
  });
}

}  // namespace

int rf_decide_in_scratch(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                         const char** decision_json, size_t* decision_len) {
  return decideText(bundle, scratch, request_json, len, decision_json, decision_len,
                    refrain::runtime::JsonStyle::kPretty);
}

int rf_decide_line(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                   const char** decision_json, size_t* decision_len) {
  return decideText(bundle, scratch, request_json, len, decision_json, decision_len,
                    refrain::runtime::JsonStyle::kCompact);
}

int rf_decide_record(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                     rf_record* record) {
  if (!bundle || !scratch || !request_json || !record) return -1;
  return guarded(-1, [&] {
    const refrain::runtime::DecisionView& d =
        bundle->engine->decideView(std::string_view(request_json, len), scratch->scratch);
    if (!refrain::runtime::writeDecisionRecord(d, bundle->engine->decisionNames(), &scratch->record)) return -1;
    record->words = scratch->record.words.data();
    record->count = scratch->record.words.size();
    record->texts = scratch->record.texts.data();
    record->texts_len = scratch->record.texts.size();
    return d.allow ? 1 : 0;
  });
}

int rf_bundle_name(const rf_bundle* bundle, uint32_t id, const char** text, size_t* len) {
  if (!bundle || !text || !len) return 0;
  const refrain::runtime::NameTable& names = bundle->engine->decisionNames();
  if (id >= names.size()) return 0;
  *text = names.name(id).data();
  *len = names.name(id).size();
  return 1;
}

// The scratch's text, copied into a buffer the caller owns.
int rf_decide_with(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                   rf_buffer* decision_json) {
  if (!decision_json) return -1;
  decision_json->data = nullptr;
  decision_json->len = 0;
  const char* text = nullptr;
  size_t length = 0;
  int status = rf_decide_in_scratch(bundle, scratch, request_json, len, &text, &length);
  if (status < 0) return status;
  if (!fillBuffer(decision_json, text, length)) return -1;
  return status;
}

int rf_decide(const rf_bundle* bundle, const char* request_json, size_t len, rf_buffer* decision_json) {
  if (!decision_json) return -1;
  rf_scratch* scratch = rf_scratch_new();
  if (!scratch) {
    decision_json->data = nullptr;
    decision_json->len = 0;
    return -1;
  }
  int status = rf_decide_with(bundle, scratch, request_json, len, decision_json);
  rf_scratch_free(scratch);
  return status;
}

int rf_explain(const rf_bundle* bundle, const char* request_json, size_t len, rf_buffer* explanation_json) {
  if (!explanation_json) return -1;
  *explanation_json = rf_buffer{nullptr, 0};
  if (!bundle || !request_json) return -1;
  return guarded(-1, [&] {
    refrain::runtime::DecideScratch scratch;
    refrain::runtime::Explanation e = bundle->engine->explain(std::string_view(request_json, len), scratch);
    std::string text;
    refrain::runtime::writeExplanationJson(e, &text);
    if (!fillBuffer(explanation_json, text.data(), text.size())) return -1;
    return e.decision.allow ? 1 : 0;
  });
}

int rf_bundle_describe(const rf_bundle* bundle, rf_buffer* description_json) {
  if (!description_json) return -1;
  *description_json = rf_buffer{nullptr, 0};
  if (!bundle) return -1;
  return guarded(-1, [&] {
    std::string text;
    refrain::runtime::writeBundleDescription(*bundle->engine, &text);
    if (!fillBuffer(description_json, text.data(), text.size())) return -1;
    return 0;
  });
}

void rf_bundle_free(rf_bundle* bundle) { delete bundle; }

void rf_buffer_free(rf_buffer* buffer) {
  if (!buffer) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->len = 0;
}

}  // extern "C"
