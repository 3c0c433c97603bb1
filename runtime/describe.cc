#include "runtime/describe.h"

#include "runtime/bundle.h"
#include "runtime/decision.h"
#include "runtime/time.h"

namespace refrain::runtime {

namespace {

void appendTimeOrNull(int64_t seconds, bool unbounded, std::string* out) {
  if (unbounded) {
    *out += "null";
    return;
  }
  appendJsonString(formatTime(seconds), out);
}

}  // namespace

void writeBundleDescription(const Engine& engine, std::string* out) {
  const Bundle& b = engine.bundle();
  *out += "{\"format\":" + std::to_string(kBundleFormatVersion) + ",\"hash\":";
  appendJsonString(engine.hash(), out);
  *out += ",\"policies\":[";
  for (size_t i = 0; i < b.policies.size(); ++i) {
    const PolicyDef& p = b.policies[i];
    if (i) *out += ',';
    *out += "{\"name\":";
    appendJsonString(p.name, out);
    *out += ",\"role\":";
    appendJsonString(p.role, out);
    *out += ",\"party\":";
    appendJsonString(p.party, out);
    *out += ",\"effective\":";
    appendTimeOrNull(p.effective, p.effective == kAlways, out);
    *out += ",\"expires\":";
    appendTimeOrNull(p.expires, p.expires == kNever, out);
    *out += ",\"rules\":" + std::to_string(p.rules.size()) + "}";
  }
  *out += "],\"uses\":[";
  for (size_t i = 0; i < b.uses.size(); ++i) {
    if (i) *out += ',';
    appendJsonString(b.uses[i].name, out);
  }
  *out += "],\"works\":" + std::to_string(engine.workCount()) + "}";
}

}  // namespace refrain::runtime
