// The C API over Engine: opaque handles, buffers the caller frees, and no exception crossing the boundary.
#include <cstdlib>
#include <cstring>
#include <new>

#include "runtime/decision_record.h"
#include "runtime/engine.h"
#include "runtime/refrain.h"

struct rf_bundle {
  std::unique_ptr<refrain::runtime::Engine> engine;
};

struct rf_scratch {
  refrain::runtime::DecideScratch scratch;
  std::string decisionJson;  // rf_decide_in_scratch's text, its room reused
  refrain::runtime::DecisionRecord record;  // rf_decide_record's, likewise
};

extern "C" {

rf_bundle* rf_bundle_load(const uint8_t* bytes, size_t len, rf_error* err) {
  std::string error;
  std::unique_ptr<refrain::runtime::Engine> engine;
  if (bytes || len == 0) engine = refrain::runtime::Engine::load(bytes, len, &error);
  else error = "no bundle bytes";
  if (!engine) {
    if (err) {
      std::strncpy(err->message, error.c_str(), sizeof err->message - 1);
      err->message[sizeof err->message - 1] = '\0';
    }
    return nullptr;
  }
  rf_bundle* handle = new (std::nothrow) rf_bundle;
  if (handle) handle->engine = std::move(engine);
  return handle;
}

rf_scratch* rf_scratch_new(void) { return new (std::nothrow) rf_scratch; }

void rf_scratch_free(rf_scratch* scratch) { delete scratch; }

int rf_decide_in_scratch(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                         const char** decision_json, size_t* decision_len) {
  if (!bundle || !scratch || (!request_json && len) || !decision_json || !decision_len) return -1;
  const refrain::runtime::DecisionView& d =
      bundle->engine->decideView(std::string_view(request_json ? request_json : "", len), scratch->scratch);
  scratch->decisionJson.clear();
  refrain::runtime::writeDecisionJson(d, &scratch->decisionJson);
  *decision_json = scratch->decisionJson.c_str();
  *decision_len = scratch->decisionJson.size();
  return d.allow ? 1 : 0;
}

int rf_decide_record(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                     rf_record* record) {
  if (!bundle || !scratch || (!request_json && len) || !record) return -1;
  const refrain::runtime::DecisionView& d =
      bundle->engine->decideView(std::string_view(request_json ? request_json : "", len), scratch->scratch);
  if (!refrain::runtime::writeDecisionRecord(d, bundle->engine->decisionNames(), &scratch->record)) return -1;
  record->words = scratch->record.words.data();
  record->count = scratch->record.words.size();
  record->texts = scratch->record.texts.data();
  record->texts_len = scratch->record.texts.size();
  return d.allow ? 1 : 0;
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
  const char* text = nullptr;
  size_t length = 0;
  int status = rf_decide_in_scratch(bundle, scratch, request_json, len, &text, &length);
  if (status < 0) return status;
  char* data = static_cast<char*>(std::malloc(length + 1));
  if (!data) return -1;
  std::memcpy(data, text, length + 1);
  decision_json->data = data;
  decision_json->len = length;
  return status;
}

int rf_decide(const rf_bundle* bundle, const char* request_json, size_t len, rf_buffer* decision_json) {
  rf_scratch scratch;
  return rf_decide_with(bundle, &scratch, request_json, len, decision_json);
}

void rf_bundle_free(rf_bundle* bundle) { delete bundle; }

void rf_buffer_free(rf_buffer* buffer) {
  if (!buffer) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->len = 0;
}

}  // extern "C"
