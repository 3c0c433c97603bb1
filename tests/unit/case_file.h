// Reading case files (tests/cases/README.md): shared by cases_test, which
// decides them in the runtime, and serve_test, which decides them over HTTP.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "compiler/compile.h"

namespace refrain::testing {

// One `--- KIND ARG` section and the lines under it.
struct Section {
  std::string kind;                // source, catalog, diagnostics, request, decision
  std::string arg;                 // file name for source/catalog, a label for request
  int line = 0;                    // 1-based line of the header
  std::vector<std::string> lines;  // body lines, trailing blank lines removed
  int blankAfter = 0;              // blank lines removed from the end (kept on rewrite)

  std::string text() const {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }
};

struct CaseFile {
  std::vector<std::string> preamble;  // comment and blank lines before the first section
  std::vector<Section> sections;
};

inline std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

inline bool isHeader(const std::string& line) { return line.rfind("--- ", 0) == 0; }

// Parses `text`; on a malformed file returns false with `error` naming the line.
inline bool parseCase(const std::string& text, CaseFile* out, std::string* error) {
  if (text.find('\r') != std::string::npos) {
    *error = "case files use LF line endings; found a CR";
    return false;
  }
  std::vector<std::string> lines = splitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (isHeader(line)) {
      Section s;
      std::string rest = line.substr(4);
      size_t space = rest.find(' ');
      s.kind = rest.substr(0, space);
      if (space != std::string::npos) {
        s.arg = rest.substr(space + 1);
        s.arg.erase(0, s.arg.find_first_not_of(' '));
        s.arg.erase(s.arg.find_last_not_of(' ') + 1);
      }
      s.line = static_cast<int>(i + 1);
      out->sections.push_back(std::move(s));
    } else if (out->sections.empty()) {
      if (!line.empty() && line[0] != '#') {
        *error = "line " + std::to_string(i + 1) + ": before the first `--- ` section only `#` comments may appear";
        return false;
      }
      out->preamble.push_back(line);
    } else {
      out->sections.back().lines.push_back(line);
    }
  }
  for (Section& s : out->sections)
    while (!s.lines.empty() && s.lines.back().empty()) {
      s.lines.pop_back();
      ++s.blankAfter;
    }
  return true;
}

// Checks the section order: sources, an optional catalog, optional
// diagnostics, then request/decision pairs.
inline bool validateCase(const CaseFile& c, std::string* error) {
  enum Stage { kSources, kCatalog, kDiagnostics, kPairs } stage = kSources;
  int sources = 0, requests = 0;
  bool diagnostics = false;
  std::map<std::string, int> names;
  for (size_t i = 0; i < c.sections.size(); ++i) {
    const Section& s = c.sections[i];
    auto fail = [&](const std::string& why) {
      *error = "line " + std::to_string(s.line) + ": " + why;
      return false;
    };
    if (s.kind == "source") {
      if (stage != kSources) return fail("`--- source` must come before catalog, diagnostics and requests");
      if (s.arg.empty()) return fail("`--- source` needs a file name");
      if (names[s.arg]++) return fail("file name `" + s.arg + "` is used twice");
      ++sources;
    } else if (s.kind == "catalog") {
      if (stage != kSources) return fail("`--- catalog` comes once, after the sources");
      if (names[s.arg.empty() ? "catalog.jsonl" : s.arg]++) return fail("catalog file name is used twice");
      stage = kCatalog;
    } else if (s.kind == "diagnostics") {
      if (stage == kDiagnostics || stage == kPairs) return fail("`--- diagnostics` comes once, before any request");
      if (!s.arg.empty()) return fail("`--- diagnostics` takes no argument");
      stage = kDiagnostics;
      diagnostics = true;
    } else if (s.kind == "request") {
      if (i + 1 >= c.sections.size() || c.sections[i + 1].kind != "decision")
        return fail("every `--- request` must be followed by its `--- decision`");
      stage = kPairs;
      ++requests;
    } else if (s.kind == "decision") {
      if (i == 0 || c.sections[i - 1].kind != "request") return fail("`--- decision` must follow a `--- request`");
      if (!s.arg.empty()) return fail("`--- decision` takes no argument");
    } else {
      return fail("unknown section `" + s.kind + "`");
    }
  }
  if (sources == 0) {
    *error = "a case needs at least one `--- source`";
    return false;
  }
  if (!diagnostics && requests == 0) {
    *error = "a case needs `--- diagnostics` or at least one request/decision pair";
    return false;
  }
  return true;
}

inline bool readText(const std::filesystem::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

inline refrain::compiler::CompileResult compileCase(const CaseFile& c) {
  refrain::compiler::CompileInput input;
  for (const Section& s : c.sections) {
    if (s.kind == "source") input.sources.push_back({s.arg, s.text()});
    if (s.kind == "catalog") input.catalog = refrain::policy::SourceFile{s.arg.empty() ? "catalog.jsonl" : s.arg, s.text()};
  }
  return refrain::compiler::compile(std::move(input));
}

}  // namespace refrain::testing
