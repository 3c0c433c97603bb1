// Bare expressions in the REPL: compiled on their own and evaluated by the runtime against the request.
#include "cli/repl_expr.h"

#include "policy/checker.h"

namespace refrain::cli::repl {

std::string requestForRuntime(const Session& s, const ojson& request) {
  ojson copy = request;
  if (copy.contains("work") && copy["work"].is_object() && copy["work"].contains("id") && copy["work"]["id"].is_string()) {
    auto line = s.works.find(copy["work"]["id"].get<std::string>());
    if (line != s.works.end()) copy["work"] = line->second;
  }
  return copy.dump();
}

void evalExpression(const Session& s, const std::string& text, std::ostream& out) {
  compiler::ExpressionResult r = compiler::compileExpression(s.result.program, text);
  if (!r.ok) {
    for (const policy::Diagnostic& d : r.diagnostics)
      if (d.severity == policy::Severity::kError)
        return void(out << "error: column " << d.span.col << ": " << d.message << "\n");
    return void(out << "error: cannot read the expression\n");
  }
  std::string error;
  std::unique_ptr<runtime::Engine> engine = runtime::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  if (!engine) return void(out << "error: " << error << "\n");
  runtime::DecideScratch scratch;
  runtime::ShownValue v = engine->evaluate(0, requestForRuntime(s, s.request), scratch);
  if (!v.ok) return void(out << "error: " << v.errorCode << ": " << v.errorMessage << "\n");
  out << v.text << " : " << policy::typeName(r.type) << "\n";
}

}  // namespace refrain::cli::repl
