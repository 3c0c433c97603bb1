// rf_compile: the compiler behind a C ABI, sources in as JSON, bundle and diagnostics out.
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "compiler/compile_json.h"
#include "compiler/refrain_compile.h"
#include "runtime/c_api_guard.h"

namespace {

using json = nlohmann::json;

bool sourceFile(const json& j, refrain::policy::SourceFile* out) {
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("text") || !j["text"].is_string())
    return false;
  out->name = j["name"].get<std::string>();
  out->text = j["text"].get<std::string>();
  return true;
}

}  // namespace

bool refrain::compiler::compileInputFromJson(const json& j, CompileInput* input) {
  if (!j.is_object() || !j.contains("sources") || !j["sources"].is_array()) return false;
  for (const json& s : j["sources"]) {
    refrain::policy::SourceFile file;
    if (!sourceFile(s, &file)) return false;
    input->sources.push_back(std::move(file));
  }
  if (j.contains("catalog") && !j["catalog"].is_null()) {
    refrain::policy::SourceFile file;
    if (!sourceFile(j["catalog"], &file)) return false;
    input->catalog = std::move(file);
  }
  return true;
}

namespace {

int compileInto(const char* input_json, size_t len, rf_buffer* bundle, rf_buffer* diagnostics) {
  refrain::compiler::CompileInput input;
  json j = json::parse(input_json, input_json + len, nullptr, false);
  if (j.is_discarded() || !refrain::compiler::compileInputFromJson(j, &input)) return -1;
  refrain::compiler::CompileResult r = refrain::compiler::compile(std::move(input));
  json out = json::object();
  out["ok"] = r.ok;
  out["diagnostics"] = json::array();
  for (const refrain::policy::Diagnostic& d : r.diagnostics) {
    bool known = d.span.file >= 0 && d.span.file < static_cast<int>(r.files.size());
    out["diagnostics"].push_back({{"file", known ? r.files[d.span.file].name : std::string()},
                                  {"line", d.span.line},
                                  {"col", d.span.col},
                                  {"severity", d.severity == refrain::policy::Severity::kError ? "error" : "warning"},
                                  {"message", d.message}});
  }
  out["rendered"] = refrain::policy::renderDiagnostics(r.diagnostics, r.files);
  std::string text = out.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!refrain::runtime::fillBuffer(bundle, r.bundle.data(), r.bundle.size()) ||
      !refrain::runtime::fillBuffer(diagnostics, text.data(), text.size()))
    return -1;
  return r.ok ? 1 : 0;
}

}  // namespace

extern "C" int rf_compile(const char* input_json, size_t len, rf_buffer* bundle, rf_buffer* diagnostics) {
  if (!input_json || !bundle || !diagnostics) return -1;
  *bundle = rf_buffer{nullptr, 0};
  *diagnostics = rf_buffer{nullptr, 0};
  int status = refrain::runtime::guarded(-1, [&] { return compileInto(input_json, len, bundle, diagnostics); });
  if (status < 0) {  // nothing half-filled outlives a failure
    rf_buffer_free(bundle);
    rf_buffer_free(diagnostics);
  }
  return status;
}
