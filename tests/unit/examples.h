// The repository's examples for tests that need a real bundle and real
// requests: examples/policies and its catalog compiled, examples/requests
// read. Tests define REFRAIN_SOURCE_DIR (the repository's root).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/compile.h"

namespace refrain::testing {

inline std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The examples' bundle bytes, named as `refrain build` names them from the
// repository's root; without `leaveOut` (a file name), another bundle with
// other decisions.
inline std::string examplesBundleBytes(const std::string& leaveOut = "") {
  namespace fs = std::filesystem;
  const fs::path root = REFRAIN_SOURCE_DIR;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(root / "examples/policies"))
    if (e.path().filename() != leaveOut) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  compiler::CompileInput input;
  for (const fs::path& p : paths) input.sources.push_back({"examples/policies/" + p.filename().string(), readAll(p)});
  input.catalog = policy::SourceFile{"examples/catalog/works.jsonl", readAll(root / "examples/catalog/works.jsonl")};
  compiler::CompileResult r = compiler::compile(std::move(input));
  if (!r.ok) throw std::runtime_error("the examples do not compile");
  return std::string(r.bundle.begin(), r.bundle.end());
}

// examples/requests/all.jsonl, a request per line.
inline std::vector<std::string> exampleRequests() {
  std::vector<std::string> out;
  std::ifstream in(std::string(REFRAIN_SOURCE_DIR) + "/examples/requests/all.jsonl");
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace refrain::testing
