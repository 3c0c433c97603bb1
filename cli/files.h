// File access for the CLI: the runtime does none, so every byte it sees comes through here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "runtime/engine.h"

namespace refrain::cli {

// Reads a whole file (`-` is stdin). False with a one-line message on error.
bool readFile(const std::string& path, std::string* out, std::string* error);
bool writeFile(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error);

// The display name of a source: its path as given.
// Builds a CompileInput from source paths and an optional catalog path.
bool loadInput(const std::vector<std::string>& sources, const std::string& catalog,
               compiler::CompileInput* input, std::string* error);

// Prints rendered diagnostics to stderr.
void printDiagnostics(const compiler::CompileResult& result);

// Loads an engine from `--bundle B` or compiles the positional sources (with
// `--catalog`). Prints what went wrong and returns null on failure; `exitCode`
// says which code to exit with. `program`, when given, receives the checked
// program of compiled sources (left empty for a bundle).
std::unique_ptr<runtime::Engine> engineFrom(const std::string& bundlePath, const std::vector<std::string>& sources,
                                            const std::string& catalog, int* exitCode,
                                            policy::Program* program = nullptr);

}  // namespace refrain::cli
