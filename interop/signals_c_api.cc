// rf_signals_export: a stance and its signals behind a C ABI (refrain_signals.h).
#include "interop/refrain_signals.h"

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "compiler/compile_json.h"
#include "interop/signals.h"
#include "interop/stance.h"
#include "runtime/c_api_guard.h"
#include "runtime/engine.h"
#include "runtime/time.h"

namespace {

using json = nlohmann::ordered_json;

// The stance's JSON lines (signals.h, stanceLines) as one array.
json stanceArray(const refrain::interop::StanceSheet& sheet) {
  json out = json::array();
  std::string lines = refrain::interop::stanceLines(sheet);
  for (size_t start = 0, end; (end = lines.find('\n', start)) != std::string::npos; start = end + 1)
    out.push_back(json::parse(lines.substr(start, end - start)));
  return out;
}

bool optionalString(const nlohmann::json& j, const char* key, std::string* out) {
  if (!j.contains(key) || j[key].is_null()) return true;
  if (!j[key].is_string()) return false;
  *out = j[key].get<std::string>();
  return true;
}

// 1 with the signals, 0 with why not, in `result`; -1 for input that is not the documented JSON.
int exportInto(const char* input_json, size_t len, json* result) {
  using namespace refrain;
  nlohmann::json j = nlohmann::json::parse(input_json, input_json + len, nullptr, false);
  compiler::CompileInput input;
  std::string party, work, at, url = "/", rslUrl;
  if (j.is_discarded() || !compiler::compileInputFromJson(j, &input) || !optionalString(j, "party", &party) ||
      !optionalString(j, "work", &work) || !optionalString(j, "at", &at) || !optionalString(j, "url", &url) ||
      !optionalString(j, "rslUrl", &rslUrl))
    return -1;
  auto refuse = [&](const std::string& why) {
    *result = json{{"ok", false}, {"error", why}};
    return 0;
  };
  int64_t seconds = 0;
  if (!runtime::parseTime(at, &seconds)) return refuse("`at` must be an RFC 3339 time, not `" + at + "`");
  if (party.empty() && work.empty()) return refuse("give a party, a work or both");
  compiler::CompileResult compiled = compiler::compile(std::move(input));
  if (!compiled.ok) return refuse(policy::renderDiagnostics(compiled.diagnostics, compiled.files));
  std::string error;
  auto engine = runtime::Engine::load(compiled.bundle.data(), compiled.bundle.size(), &error);
  if (!engine) return refuse(error);
  interop::StanceSheet sheet;
  if (!interop::deriveStance(*engine, party, work, seconds, &sheet, &error)) return refuse(error);

  json signals = json::object(), errors = json::object();
  interop::ExportOptions options;
  options.url = url;
  options.rslUrl = rslUrl;
  auto write = [&](const char* key, interop::SignalFormat format, bool robots) {
    options.robots = robots;
    std::string text, why;
    if (interop::exportSignal(format, sheet, options, &text, &why)) signals[key] = text;
    else errors[key] = why;
  };
  write("rsl", interop::SignalFormat::kRsl, false);
  write("aipref", interop::SignalFormat::kAipref, false);
  write("robots", interop::SignalFormat::kAipref, true);
  write("tdmrep", interop::SignalFormat::kTdmrep, false);
  write("cawg", interop::SignalFormat::kCawg, false);
  write("iptc", interop::SignalFormat::kIptc, false);
  *result = json{{"ok", true}, {"stance", stanceArray(sheet)}, {"signals", signals}, {"errors", errors}};
  return 1;
}

}  // namespace

extern "C" int rf_signals_export(const char* input_json, size_t len, rf_buffer* out) {
  if (!out) return -1;
  *out = rf_buffer{nullptr, 0};
  if (!input_json) return -1;
  return refrain::runtime::guarded(-1, [&] {
    json result;
    int status = exportInto(input_json, len, &result);
    if (status < 0) return -1;
    std::string text = result.dump(-1, ' ', false, json::error_handler_t::replace);
    return refrain::runtime::fillBuffer(out, text.data(), text.size()) ? status : -1;
  });
}
