// `refrain test`: runs policy test files (`*.test.json`) against the sources they name.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "cli/policy_tests.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain test [PATH...] [--coverage] [--coverage-min P]

Runs policy test files: each `*.test.json` names policy sources (and a
catalog), and lists cases of a request and the decision expected for it.
A PATH is a test file or a folder searched recursively for `*.test.json`;
no PATH means the current folder. Prints `FAIL file: case` and a diff
(- expected, + actual) for each failing case, then `N passed, M failed`.
  --coverage        also report, per source file, which rules decided
                    something (in a reason or a payment term) and which never did
  --coverage-min P  exit 1 if fewer than P percent of the rules decided anything
`docs/testing.md` describes the file format.
Exit status: 0 all cases pass, 1 a case fails (or coverage is below P),
2 bad arguments, unreadable or invalid test files, or sources with errors.
)";

struct Totals {
  long passed = 0, failed = 0;
  bool broken = false;  // an unreadable or invalid test file, or sources with errors
};

std::string canonicalKey(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.generic_string();
}

void runFile(const std::string& path, Coverage* coverage, Totals* totals) {
  std::string text, error;
  PolicyTestFile file;
  if (!readFile(path, &text, &error) || !parseTestFile(path, text, &file, &error)) {
    usageError(error);
    totals->broken = true;
    return;
  }
  compiler::CompileInput input;
  if (!loadInput(file.sources, file.catalog, &input, &error)) {
    usageError(path + ": " + error);
    totals->broken = true;
    return;
  }
  compiler::CompileResult result = compiler::compile(std::move(input));
  printDiagnostics(result);
  if (!result.ok) {
    usageError(path + ": the sources have errors; no case run");
    totals->broken = true;
    return;
  }
  auto engine = runtime::Engine::load(result.bundle.data(), result.bundle.size(), &error);
  if (!engine) {
    usageError(path + ": compiled bundle: " + error);
    totals->broken = true;
    return;
  }
  std::vector<std::string> names, keys;
  for (const policy::SourceFile& f : result.files) names.push_back(f.name), keys.push_back(canonicalKey(f.name));
  coverage->addProgram(result.program, names, keys);

  runtime::DecideScratch scratch;
  for (const PolicyTestCase& c : file.cases) {
    nlohmann::json actual = nlohmann::json::parse(engine->decideJson(c.request, scratch));
    coverage->addDecision(actual);
    std::vector<std::string> diffs = compareDecision(c.expect, actual);
    if (diffs.empty()) {
      ++totals->passed;
      continue;
    }
    ++totals->failed;
    std::cout << "FAIL " << path << ": " << c.name << "\n";
    for (const std::string& d : diffs) std::cout << "  " << d;
    std::cout << "\n";
  }
}

}  // namespace

int runTest(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"coverage-min"}, {"coverage", "help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  double minimum = 0;
  std::string value = args.get("coverage-min");
  if (args.has("coverage-min")) {
    if (!value.empty() && value.back() == '%') value.pop_back();
    char* end = nullptr;
    minimum = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || minimum < 0)
      return usageError("--coverage-min takes a percentage, such as 80");
  }
  std::vector<std::string> paths = args.positional.empty() ? std::vector<std::string>{"."} : args.positional;
  std::vector<std::string> files;
  std::string error;
  if (!findTestFiles(paths, &files, &error)) return usageError(error);
  if (files.empty()) return usageError("no `*.test.json` files found");

  Coverage coverage;
  Totals totals;
  for (const std::string& f : files) runFile(f, &coverage, &totals);
  const bool showCoverage = args.has("coverage") || args.has("coverage-min");
  if (showCoverage) std::cout << coverage.report();
  std::cout << totals.passed << " passed, " << totals.failed << " failed\n";
  if (totals.broken) return kExitUsage;
  if (totals.failed > 0) return kExitFailed;
  if (args.has("coverage-min") && coverage.percent() < minimum) {
    std::cerr << "refrain: rule coverage is below the minimum of " << value << "%\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace refrain::cli
