// Shared by the fuzz targets: case-text splitting, compiling, and the checks that turn a wrong answer into a crash.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile.h"
#include "compiler/reference_eval.h"
#include "runtime/decision.h"
#include "runtime/decision_record.h"
#include "runtime/engine.h"
#include "tests/unit/record_reader.h"

namespace refrain::fuzz {

// Bounds on what one fuzz input may ask for, so one input stays fast.
constexpr size_t kMaxSources = 8;
constexpr size_t kMaxRequests = 8;

// A case file's sections (tests/cases/README.md), read leniently: any text is
// some case. Lines before the first `--- ` header are ignored; diagnostics
// and decision sections are ignored too (the fuzzers check invariants, not
// expected output).
struct FuzzCase {
  std::vector<policy::SourceFile> sources;
  std::optional<policy::SourceFile> catalog;
  std::vector<std::string> requests;
};

inline FuzzCase splitCase(std::string_view text) {
  FuzzCase c;
  std::string* body = nullptr;
  std::string ignored;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.substr(0, 4) == "--- ") {
      std::string_view rest = line.substr(4);
      std::string_view kind = rest.substr(0, rest.find(' '));
      std::string arg = rest.size() > kind.size() + 1 ? std::string(rest.substr(kind.size() + 1)) : "";
      body = &ignored;
      if (kind == "source" && c.sources.size() < kMaxSources) {
        c.sources.push_back({arg.empty() ? "fuzz.refrain" : arg, ""});
        body = &c.sources.back().text;
      } else if (kind == "catalog" && !c.catalog) {
        c.catalog = policy::SourceFile{arg.empty() ? "catalog.jsonl" : arg, ""};
        body = &c.catalog->text;
      } else if (kind == "request" && c.requests.size() < kMaxRequests) {
        c.requests.emplace_back();
        body = &c.requests.back();
      }
      continue;
    }
    if (body) {
      body->append(line.data(), line.size());
      body->push_back('\n');
    }
  }
  return c;
}

[[noreturn]] inline void die(const std::string& what) {
  std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s\n", what.c_str());
  std::abort();
}

// A bundle the compiler produced must load; anything else is a compiler or loader bug.
inline std::unique_ptr<runtime::Engine> loadCompiled(const compiler::CompileResult& r) {
  std::string error;
  auto engine = runtime::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  if (!engine) die("a compiled bundle does not load: " + error);
  return engine;
}

// The decision record of `request` reads back to the decision whose JSON is `json` (docs/wasm.md).
inline void checkRecord(const runtime::Engine& engine, std::string_view request, runtime::DecideScratch& scratch,
                        const std::string& json) {
  runtime::DecisionRecord record;
  if (!runtime::writeDecisionRecord(engine.decideView(request, scratch), engine.decisionNames(), &record))
    die("a decision record does not fit 32-bit offsets");
  const runtime::NameTable& names = engine.decisionNames();
  testing::RecordReader reader({record.words.data(), record.words.size(), record.texts.data(), record.texts.size()},
                               [&names](uint32_t id, std::string_view* text) {
                                 if (id >= names.size()) return false;
                                 *text = names.name(id);
                                 return true;
                               });
  std::string again;
  try {
    runtime::writeDecisionJson(reader.read(), &again);
  } catch (const std::runtime_error& e) {
    die(std::string("an unreadable decision record: ") + e.what() + "\n" + json);
  }
  if (again != json) die("a decision record reads back differently\n--- decision\n" + json + "--- record\n" + again);
}

// The runtime and the reference evaluator must give the same bytes.
inline void checkAgainstReference(const runtime::Engine& engine, const compiler::CompileResult& r,
                                  std::string_view request, runtime::DecideScratch& scratch) {
  runtime::Decision native = engine.decide(request, scratch);
  runtime::Decision reference = compiler::referenceDecide(r.program, r.works, request);
  std::string a, b;
  runtime::writeDecisionJson(native, &a);
  runtime::writeDecisionJson(reference, &b);
  if (a != b) die("runtime and reference evaluator disagree\n--- runtime\n" + a + "--- reference\n" + b);
  // Evaluation errors always deny (docs/language.md §6.2, step 3).
  if (native.allow && !native.errors.empty()) die("an allow with errors:\n" + a);
  checkRecord(engine, request, scratch, a);
}

}  // namespace refrain::fuzz
