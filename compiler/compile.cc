// Compile pipeline: parse every source, check the program, read the catalog, lower, write.
#include "compiler/compile.h"

#include <algorithm>
#include <tuple>

#include "compiler/bundle_writer.h"
#include "compiler/catalog.h"
#include "compiler/expr_text.h"
#include "compiler/lower.h"
#include "policy/checker.h"
#include "policy/parser.h"

namespace refrain::compiler {

namespace {

CompileResult frontEnd(CompileInput input) {
  CompileResult result;
  policy::Diagnostics diags;
  result.program.sources = input.sources;
  for (size_t i = 0; i < input.sources.size(); ++i) policy::parseSource(result.program, static_cast<int>(i), diags);
  policy::checkProgram(result.program, diags);
  result.files = input.sources;
  if (input.catalog) {
    result.files.push_back(*input.catalog);
    result.works = readCatalog(*input.catalog, static_cast<int>(input.sources.size()), diags);
  }
  result.ok = !diags.hasErrors();
  result.diagnostics = diags.all();
  // Phases find problems in their own order; authors read them in source order.
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const policy::Diagnostic& a, const policy::Diagnostic& b) {
                     return std::tie(a.span.file, a.span.line, a.span.col) < std::tie(b.span.file, b.span.line, b.span.col);
                   });
  return result;
}

}  // namespace

CompileResult check(CompileInput input) {
  return frontEnd(std::move(input));
}

ExpressionResult compileExpression(const policy::Program& program, const std::string& text) {
  ExpressionResult result;
  policy::SourceFile source{"<input>", text};
  policy::Diagnostics diags;
  policy::ExprPtr e = policy::parseExpression(source, 0, diags);
  if (e) result.type = policy::checkExpression(*e, policy::regionTable(program), {}, policy::Scope::kRequest, diags);
  if (e && !diags.hasErrors() && result.type.base == policy::BaseType::kDynamic)
    diags.error(e->span, "cannot tell the type of `" + exprText(*e) + "`; compare it with a value");
  result.diagnostics = diags.all();
  if (!e || diags.hasErrors()) return result;
  result.text = exprText(*e);
  result.bundle = writeBundle(lowerExpression(*e));
  result.ok = true;
  return result;
}

CompileResult compile(CompileInput input) {
  CompileResult result = frontEnd(std::move(input));
  if (result.ok) result.bundle = writeBundle(lowerProgram(result.program, result.works));
  return result;
}

}  // namespace refrain::compiler
