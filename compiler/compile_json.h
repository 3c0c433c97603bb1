// Compile input as JSON, as rf_compile (refrain_compile.h) and
// rf_signals_export (interop/refrain_signals.h) take it.
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/compile.h"

namespace refrain::compiler {

// Reads {"sources": [{"name", "text"}, ...], "catalog": {"name", "text"} | null}
// into `input`; false when `j` is not of that shape.
bool compileInputFromJson(const nlohmann::json& j, CompileInput* input);

}  // namespace refrain::compiler
