// Policy test files (`*.test.json`) for `refrain test`: loading, comparing decisions, rule coverage.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/ast.h"

namespace refrain::cli {

struct PolicyTestCase {
  std::string name;
  std::string request;    // the request's JSON text
  nlohmann::json expect;  // `decision` and any other keys of the canonical decision
};

struct PolicyTestFile {
  std::string path;                  // as found
  std::vector<std::string> sources;  // resolved against the test file's folder
  std::string catalog;               // resolved likewise; empty when none
  std::vector<PolicyTestCase> cases;
};

// Parses a test file's text. Paths in it are relative to `path`'s folder.
// False with a one-line `error` when the file is not a valid test file.
bool parseTestFile(const std::string& path, const std::string& text, PolicyTestFile* out, std::string* error);

// The test files named by `paths`: files as given, folders searched
// recursively for `*.test.json` (sorted). False with `error` for a missing path.
bool findTestFiles(const std::vector<std::string>& paths, std::vector<std::string>* out, std::string* error);

// `rule` values are compared by file name and line: `a/b/luna.refrain:11`
// becomes `luna.refrain:11`, so expectations do not depend on where the
// sources were compiled from. Applies to every `rule` string in `value`.
nlohmann::json normalizeRules(nlohmann::json value);

// Compares `expect` with the actual decision (both parsed JSON); returns one
// rendered diff per differing key, in the order of `expect`'s keys
// (`decision` first). Empty when the case passes.
std::vector<std::string> compareDecision(const nlohmann::json& expect, const nlohmann::json& actual);

// A line diff of two texts: unchanged lines indented by two spaces, lines only
// in `expected` prefixed `- `, lines only in `actual` `+ `; runs of more than
// `context` unchanged lines away from a change are elided to `  ...`.
std::string lineDiff(const std::string& expected, const std::string& actual, int context = 3);

// Which rules of the compiled programs decided something.
class Coverage {
 public:
  // Adds every rule of `program`; `files[i]` names source i as decisions print
  // it, `keys[i]` identifies the file across test files (its canonical path).
  void addProgram(const policy::Program& program, const std::vector<std::string>& names,
                  const std::vector<std::string>& keys);
  // Marks the rules named in `decision`'s reasons (allow, deny, error) and payment terms.
  void addDecision(const nlohmann::json& decision);
  // Per file `name: 4/6 rules decided (66.7%)` and the rules never decided, then the overall line.
  std::string report() const;
  double percent() const;  // overall; 100 when there are no rules

 private:
  struct RuleInfo {
    std::string kind, use;
    bool decided = false;
  };
  struct FileInfo {
    std::string name;
    std::map<int, RuleInfo> rules;  // by line
  };
  std::map<std::string, FileInfo> files_;                       // by key
  std::map<std::string, std::pair<std::string, int>> byName_;  // `name:line` -> key, line
};

}  // namespace refrain::cli
