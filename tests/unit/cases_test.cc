// Case files (testing layer 2): every tests/cases/**/*.case compiled and decided, compared byte for byte.
//
// The format is described in tests/cases/README.md. Each case file is its own
// test case, in a suite named after its folder, so a failure names the file.
//
//   cases_test                      runs the cases under REFRAIN_CASES_DIR
//   cases_test -- DIR               runs the cases under DIR instead
//   REFRAIN_UPDATE_CASES=1 ...      rewrites the expected sections with what
//                                   the engine does now (review the diff!)
#define BOOST_TEST_MODULE cases
#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "policy/diagnostic.h"
#include "runtime/engine.h"
#include "tests/unit/case_file.h"

#ifndef REFRAIN_CASES_DIR
#define REFRAIN_CASES_DIR "tests/cases"
#endif

namespace fs = std::filesystem;
namespace ut = boost::unit_test;

namespace {

using namespace refrain::testing;

// The file again, with the bodies as they are in `c` now.
std::string renderCase(const CaseFile& c) {
  std::string out;
  for (const std::string& l : c.preamble) out += l + "\n";
  for (const Section& s : c.sections) {
    out += "--- " + s.kind + (s.arg.empty() ? "" : " " + s.arg) + "\n";
    out += s.text();
    out += std::string(static_cast<size_t>(s.blankAfter), '\n');
  }
  return out;
}

// The first line where two texts differ, for a short failure message.
std::string firstDifference(const std::string& expected, const std::string& actual) {
  std::vector<std::string> e = splitLines(expected), a = splitLines(actual);
  for (size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
    std::string el = i < e.size() ? e[i] : "<end>", al = i < a.size() ? a[i] : "<end>";
    if (el != al)
      return "first difference at line " + std::to_string(i + 1) + ":\n  expected: " + el + "\n  actual:   " + al;
  }
  if (expected.size() != actual.size()) return "the texts differ only in their final newline";
  return "the texts are equal";
}

// One real check: the expected text against the actual one (the message is built only on failure).
void checkEqual(const std::string& where, const std::string& expected, const std::string& actual) {
  BOOST_CHECK_MESSAGE(actual == expected, where << " differs; " << firstDifference(expected, actual)
                                                << "\n--- expected\n" << expected << "--- actual\n" << actual);
}

bool updating() {
  const char* v = std::getenv("REFRAIN_UPDATE_CASES");
  return v && std::string(v) == "1";
}

// Replaces (or adds, or drops) the diagnostics section's body with `actual`.
void updateDiagnostics(CaseFile& c, const std::string& actual) {
  auto it = std::find_if(c.sections.begin(), c.sections.end(),
                         [](const Section& s) { return s.kind == "diagnostics"; });
  if (it != c.sections.end()) {
    if (actual.empty()) c.sections.erase(it);
    else it->lines = splitLines(actual);
    return;
  }
  if (actual.empty()) return;
  auto at = std::find_if(c.sections.begin(), c.sections.end(),
                         [](const Section& s) { return s.kind == "request"; });
  Section d;
  d.kind = "diagnostics";
  d.lines = splitLines(actual);
  d.blankAfter = 1;
  if (at != c.sections.begin()) std::prev(at)->blankAfter = std::max(std::prev(at)->blankAfter, 1);
  c.sections.insert(at, std::move(d));
}

// What a case checked: the diagnostics it lists, and the requests it decided against their decisions.
struct Checked {
  int diagnostics = 0, decisions = 0;
  bool changed = false;  // when updating: the file must be rewritten
};

// Compares (or, when updating, rewrites) the diagnostics. A case without a
// diagnostics section expects none; only a written section counts as a check.
void checkDiagnostics(const fs::path& path, CaseFile& c, const std::string& actual, bool update, Checked* checked) {
  auto it = std::find_if(c.sections.begin(), c.sections.end(), [](const Section& s) { return s.kind == "diagnostics"; });
  const bool written = it != c.sections.end();
  const std::string expected = written ? it->text() : "";
  if (written) ++checked->diagnostics;
  if (!update) {
    checkEqual(path.string() + ": diagnostics", expected, actual);
  } else if (actual != expected) {
    updateDiagnostics(c, actual);
    checked->changed = true;
  }
}

// Decides every request in order with one engine and one scratch area;
// compares (or rewrites) each decision.
void checkDecisions(const fs::path& path, CaseFile& c, const refrain::compiler::CompileResult& result,
                    const std::string& diagnostics, bool update, Checked* checked) {
  if (!result.ok) {
    BOOST_ERROR(path.string() << ": the sources do not compile, so no request can be decided:\n" << diagnostics);
    return;
  }
  std::string error;
  auto engine = refrain::runtime::Engine::load(result.bundle.data(), result.bundle.size(), &error);
  if (!engine) {
    BOOST_ERROR(path.string() << ": the compiled bundle does not load: " << error);
    return;
  }
  refrain::runtime::DecideScratch scratch;
  for (size_t i = 0; i + 1 < c.sections.size(); ++i) {
    const Section& request = c.sections[i];
    if (request.kind != "request") continue;
    Section& decision = c.sections[i + 1];
    const std::string actual = engine->decideJson(request.text(), scratch);
    ++checked->decisions;
    if (!update) {
      checkEqual(path.string() + ":" + std::to_string(request.line) + ": request" +
                     (request.arg.empty() ? "" : " `" + request.arg + "`"),
                 decision.text(), actual);
    } else if (actual != decision.text()) {
      decision.lines = splitLines(actual);
      checked->changed = true;
    }
  }
}

void runCase(const fs::path& path) {
  BOOST_TEST_INFO("case file " << path.string());
  std::string text, error;
  CaseFile c;
  if (!readText(path, &text)) {
    BOOST_ERROR("cannot read " << path.string());
    return;
  }
  if (!parseCase(text, &c, &error) || !validateCase(c, &error)) {
    BOOST_ERROR(path.string() << ": malformed case file: " << error);
    return;
  }
  const bool update = updating();
  refrain::compiler::CompileResult result = compileCase(c);
  const std::string diagnostics = refrain::policy::renderDiagnostics(result.diagnostics, result.files);
  Checked checked;
  checkDiagnostics(path, c, diagnostics, update, &checked);
  const auto requests = std::count_if(c.sections.begin(), c.sections.end(), [](const Section& s) { return s.kind == "request"; });
  if (requests > 0) checkDecisions(path, c, result, diagnostics, update, &checked);
  if (checked.changed) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << renderCase(c);
    BOOST_REQUIRE_MESSAGE(out, "cannot write " << path.string());
    BOOST_TEST_MESSAGE("updated " << path.string());
  }
  // Every request was decided and compared (or rewritten), and the case expected something.
  BOOST_TEST(checked.decisions == requests, path.string() << ": " << checked.decisions << " of " << requests
                                                          << " requests were compared with their decisions");
  BOOST_TEST(checked.diagnostics + checked.decisions > 0, path.string() << ": the case checked nothing");
}

// Boost test names may not hold every character a file name can.
std::string testName(std::string name) {
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') ch = '_';
  return name;
}

// The cases folder: the argument after `--`, else $REFRAIN_CASES_DIR, else the compiled-in default.
std::string casesDir(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--") return argv[i + 1];
  const char* env = std::getenv("REFRAIN_CASES_DIR");
  return env && *env ? env : REFRAIN_CASES_DIR;
}

// Registers one test case per `.case` file, in a suite per folder, in path order.
void registerCases(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  // Every `.case` entry but a folder is a case: one that cannot be read (a
  // dangling link) fails as its own test case rather than being passed over.
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".case" && !it->is_directory()) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  ut::test_suite& master = ut::framework::master_test_suite();
  if (ec) {
    std::string message = "cannot list the cases under `" + dir + "`: " + ec.message();
    master.add(ut::make_test_case([message] { BOOST_ERROR(message); }, "cannot_list_cases", __FILE__, __LINE__));
    return;
  }
  if (files.empty()) {
    std::string message = "no .case files under `" + dir + "`";
    master.add(ut::make_test_case([message] { BOOST_ERROR(message); }, "no_cases", __FILE__, __LINE__));
    return;
  }
  std::map<std::string, ut::test_suite*> suites;
  for (const fs::path& file : files) {
    std::string group = fs::relative(file.parent_path(), dir, ec).generic_string();
    if (group.empty() || group == ".") group = "root";
    ut::test_suite*& suite = suites[group];
    if (!suite) {
      suite = new ut::test_suite(testName(group), __FILE__, __LINE__);  // owned by the framework
      master.add(suite);
    }
    suite->add(ut::make_test_case([file] { runCase(file); }, testName(file.stem().string()), __FILE__, __LINE__));
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  registerCases(casesDir(argc, argv));
  return ut::unit_test_main(&init_unit_test, argc, argv);
}
