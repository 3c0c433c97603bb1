#include "cli/repl_analysis.h"

#include "analysis/property.h"
#include "cli/analysis_report.h"
#include "cli/files.h"
#include "policy/diagnostic.h"

namespace refrain::cli::repl {

void diffCommand(const Session& s, const std::vector<std::string>& files, std::ostream& out) {
  if (!s.engine) return void(out << "error: no program loaded; use `:load FILE...`\n");
  if (files.empty()) return void(out << "error: usage: `:diff FILE...` (the new sources to compare the loaded ones with)\n");
  compiler::CompileInput input;
  std::string error;
  if (!loadInput(files, s.catalog, &input, &error)) return void(out << "error: " << error << "\n");
  compiler::CompileResult result = compiler::compile(std::move(input));
  out << policy::renderDiagnostics(result.diagnostics, result.files);
  if (!result.ok) return void(out << "error: the new sources have errors; nothing compared\n");
  auto changed = runtime::Engine::load(result.bundle.data(), result.bundle.size(), &error);
  if (!changed) return void(out << "error: compiled bundle: " << error << "\n");
  printReport(analysis::diff(*s.engine, *changed, {}), {"differs", "same"}, out);
}

void verifyCommand(const Session& s, const std::string& property, std::ostream& out) {
  if (!s.engine) return void(out << "error: no program loaded; use `:load FILE...`\n");
  std::string error;
  auto p = analysis::parseProperty(property, *s.engine, s.result.program, &error);
  if (!p) return void(out << "error: " << error << "\n");
  if (p->kind == analysis::Property::Kind::kImplies)
    return void(out << "error: `implies` compares two bundles: use `:diff FILE...`, or `refrain verify --old`\n");
  printReport(analysis::verify(*s.engine, *p, nullptr, {}), {"fails", "holds"}, out);
}

}  // namespace refrain::cli::repl
