// The REPL's expressions: printing syntax trees and values, evaluating bare expressions, explaining decisions.
#pragma once

#include <ostream>
#include <string>

#include "cli/repl_session.h"
#include "compiler/reference_eval_internal.h"
#include "policy/ast.h"

namespace refrain::cli::repl {

// A checked expression as source-like text (`purpose in ["commercial", "research"]`).
std::string printExpr(const policy::Expr& e);

// A value as the REPL prints it: strings quoted, long lists shortened.
std::string formatValue(const compiler::reference::Val& v);

// The reference evaluator's view of the session's request. It reads what is
// there without validating the whole request, so a half-built request can
// still answer expressions.
compiler::reference::Request evalRequest(const Session& s, const ojson& request);

// Parses, checks (against the loaded program's regions) and evaluates
// `text` against the current request; prints `value : type` or one error line.
void evalExpression(const Session& s, const std::string& text, std::ostream& out);

// `:why`: each party's verdict and deciding rule, then each relevant allow
// rule whose `when` did not hold, with the false sub-condition and its values
// in the request that was decided.
void explainWhy(const Session& s, std::ostream& out);

}  // namespace refrain::cli::repl
