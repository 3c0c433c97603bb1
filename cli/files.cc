// Reading sources, catalogs and bundles for the commands.
#include "cli/files.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "policy/diagnostic.h"

namespace refrain::cli {

bool readFile(const std::string& path, std::string* out, std::string* error) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    *out = buffer.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read `" + path + "`";
    return false;
  }
  // One read of the whole file: a million-work bundle is tens of megabytes.
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = std::move(buffer).str();
  if (in.bad()) {
    *error = "cannot read `" + path + "`";
    return false;
  }
  return true;
}

bool writeFile(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    *error = "cannot write `" + path + "`";
    return false;
  }
  return true;
}

bool loadInput(const std::vector<std::string>& sources, const std::string& catalog, compiler::CompileInput* input,
               std::string* error) {
  for (const std::string& path : sources) {
    policy::SourceFile file{path, {}};
    if (!readFile(path, &file.text, error)) return false;
    input->sources.push_back(std::move(file));
  }
  if (!catalog.empty()) {
    policy::SourceFile file{catalog, {}};
    if (!readFile(catalog, &file.text, error)) return false;
    input->catalog = std::move(file);
  }
  return true;
}

void printDiagnostics(const compiler::CompileResult& result) {
  std::cerr << policy::renderDiagnostics(result.diagnostics, result.files);
}

std::unique_ptr<runtime::Engine> engineFrom(const std::string& bundlePath, const std::vector<std::string>& sources,
                                            const std::string& catalog, int* exitCode, policy::Program* program) {
  *exitCode = kExitUsage;
  std::string error;
  std::string raw;
  if (!bundlePath.empty()) {
    if (!sources.empty() || !catalog.empty()) {
      usageError("give either --bundle or source files, not both");
      return nullptr;
    }
    if (!readFile(bundlePath, &raw, &error)) {
      usageError(error);
      return nullptr;
    }
  } else {
    if (sources.empty()) {
      usageError("give --bundle B.rfb or the policy sources to evaluate");
      return nullptr;
    }
    compiler::CompileInput input;
    if (!loadInput(sources, catalog, &input, &error)) {
      usageError(error);
      return nullptr;
    }
    compiler::CompileResult result = compiler::compile(std::move(input));
    printDiagnostics(result);
    if (!result.ok) {
      *exitCode = kExitFailed;
      return nullptr;
    }
    raw.assign(result.bundle.begin(), result.bundle.end());
    if (program) *program = std::move(result.program);
  }
  auto engine = runtime::Engine::load(reinterpret_cast<const uint8_t*>(raw.data()), raw.size(), &error);
  if (!engine) usageError((bundlePath.empty() ? std::string("compiled bundle") : "`" + bundlePath + "`") + ": " + error);
  return engine;
}

}  // namespace refrain::cli
