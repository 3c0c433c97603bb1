// `:save-test`: the current request and decision as a case of a `refrain test` file.
#include <filesystem>
#include <fstream>

#include "cli/files.h"
#include "cli/repl_session.h"

namespace refrain::cli::repl {

namespace fs = std::filesystem;

namespace {

// `path` relative to the folder of `testFile`, with forward slashes.
std::string relativeTo(const std::string& path, const std::string& testFile) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(testFile), ec).parent_path();
  fs::path target = fs::weakly_canonical(fs::absolute(path), ec);
  fs::path rel = target.lexically_relative(dir);
  return (rel.empty() ? target : rel).generic_string();
}

ojson newTestFile(const Session& s, const std::string& file) {
  ojson doc = ojson::object();
  doc["sources"] = ojson::array();
  for (const std::string& src : s.sources) doc["sources"].push_back(relativeTo(src, file));
  if (!s.catalog.empty()) doc["catalog"] = relativeTo(s.catalog, file);
  doc["cases"] = ojson::array();
  return doc;
}

// The expected part of a case: the decision's decision, reasons, duties, payments and errors.
ojson expectation(const runtime::Decision& d) {
  std::string text;
  runtime::writeDecisionJson(d, &text);
  ojson full = ojson::parse(text);
  ojson expect = ojson::object();
  for (const char* key : {"decision", "reasons", "duties", "payments", "errors"})
    if (full.contains(key)) expect[key] = full[key];
  return expect;
}

}  // namespace

bool saveTest(const Session& s, const std::string& name, const std::string& file, std::string* message) {
  if (!s.last) return *message = "no decision yet; run `:decide` first", false;
  ojson doc;
  std::string text, error;
  if (fs::exists(file)) {
    if (!readFile(file, &text, &error)) return *message = error, false;
    doc = ojson::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array())
      return *message = "`" + file + "` is not a test file (no \"cases\" list)", false;
  } else {
    doc = newTestFile(s, file);
  }
  ojson entry = {{"name", name}, {"request", s.decided}, {"expect", expectation(*s.last)}};
  bool replaced = false;
  for (ojson& c : doc["cases"])
    if (c.is_object() && c.value("name", "") == name) c = entry, replaced = true;
  if (!replaced) doc["cases"].push_back(entry);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << doc.dump(2) << "\n";
  out.close();
  if (!out) return *message = "cannot write `" + file + "`", false;
  *message = (replaced ? "replaced case `" : "saved case `") + name + "` in " + file + " (" +
             std::to_string(doc["cases"].size()) + " cases)";
  return true;
}

}  // namespace refrain::cli::repl
