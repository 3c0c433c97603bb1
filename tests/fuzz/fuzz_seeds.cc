// fuzz_seeds: writes the fuzzers' seed corpora from the repository's own inputs, so no
// binary corpus is committed.
//
//   fuzz_seeds SOURCE_DIR OUT_DIR [GENERATED_PROGRAMS]
//
// OUT_DIR/policy   every source of tests/cases and examples/policies
// OUT_DIR/case     every case file, and generated programs (tests/gen) written as case files
// OUT_DIR/bundle   the compiled bundle of each of those that compiles
// OUT_DIR/request  every request of the case files and examples/requests
// OUT_DIR/json     the same requests (the JSON reader's seeds)
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "tests/fuzz/fuzz_support.h"
#include "tests/gen/policy_gen.h"

namespace fs = std::filesystem;
namespace rf = refrain;

namespace {

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class Writer {
 public:
  explicit Writer(fs::path out) : out_(std::move(out)) {
    for (const char* d : {"policy", "case", "bundle", "request", "json", "batch", "ddex", "signals"}) fs::create_directories(out_ / d);
  }
  void write(const char* dir, const std::string& name, const std::string& bytes) {
    std::ofstream(out_ / dir / name, std::ios::binary) << bytes;
    ++count_[dir];
  }
  void report() const {
    for (const auto& [dir, n] : count_) std::cout << (out_ / dir).string() << ": " << n << " seeds\n";
  }

 private:
  fs::path out_;
  std::map<std::string, int> count_;
};

// Writes the seeds one case text gives: its sources, requests and compiled bundle.
void seedsOf(Writer& w, const std::string& name, const std::string& caseText) {
  w.write("case", name, caseText);
  rf::fuzz::FuzzCase c = rf::fuzz::splitCase(caseText);
  for (size_t i = 0; i < c.sources.size(); ++i) w.write("policy", name + "." + std::to_string(i), c.sources[i].text);
  for (size_t i = 0; i < c.requests.size(); ++i) {
    w.write("request", name + "." + std::to_string(i), c.requests[i]);
    w.write("json", name + "." + std::to_string(i), c.requests[i]);
  }
  rf::compiler::CompileResult r = rf::compiler::compile({std::move(c.sources), std::move(c.catalog)});
  if (r.ok) w.write("bundle", name, std::string(r.bundle.begin(), r.bundle.end()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: fuzz_seeds SOURCE_DIR OUT_DIR [GENERATED_PROGRAMS]\n";
    return 2;
  }
  const fs::path src = argv[1];
  const int generated = argc > 3 ? std::atoi(argv[3]) : 200;
  Writer w(argv[2]);
  std::vector<fs::path> cases;
  for (const auto& e : fs::recursive_directory_iterator(src / "tests/cases"))
    if (e.path().extension() == ".case") cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  for (const fs::path& p : cases)
    seedsOf(w, p.parent_path().filename().string() + "-" + p.stem().string(), readFile(p));

  std::string examples;
  std::vector<fs::path> policies;
  for (const auto& e : fs::directory_iterator(src / "examples/policies")) policies.push_back(e.path());
  std::sort(policies.begin(), policies.end());
  for (const fs::path& p : policies) examples += "--- source " + p.filename().string() + "\n" + readFile(p);
  examples += "--- catalog works.jsonl\n" + readFile(src / "examples/catalog/works.jsonl");
  std::vector<fs::path> requests;
  for (const auto& e : fs::directory_iterator(src / "examples/requests"))
    if (e.path().extension() == ".json") requests.push_back(e.path());
  std::sort(requests.begin(), requests.end());
  for (size_t i = 0; i < requests.size(); ++i) {
    std::string text = readFile(requests[i]);
    if (i < rf::fuzz::kMaxRequests) examples += "--- request\n" + text;
    w.write("request", "example-" + requests[i].stem().string(), text);
    w.write("json", "example-" + requests[i].stem().string(), text);
  }
  seedsOf(w, "examples", examples);
  // The batch splitter's seeds: a line limit, piece sizes, then JSON Lines.
  std::string lines = readFile(src / "examples/requests/all.jsonl");
  for (size_t i = 0; i < 4; ++i) {
    std::string seed = {static_cast<char>(20 + 13 * i), static_cast<char>(i), static_cast<char>(3 + i)};
    w.write("batch", "examples-" + std::to_string(i), seed + lines.substr(i * 700, 1500) + "\n \n\n");
  }

  // DDEX import: the fixture messages of each ERN version.
  for (const auto& e : fs::directory_iterator(src / "tests/ddex"))
    if (e.path().extension() == ".xml") w.write("ddex", e.path().stem().string(), readFile(e.path()));

  // Signals: each fixture and example behind the byte that picks its format (fuzz_signals.cc).
  const std::pair<const char*, char> kSignalDirs[] = {{"rsl", 0}, {"aipref", 1}, {"tdmrep", 2}, {"cawg", 3}, {"iptc", 4}};
  for (const auto& [dir, format] : kSignalDirs)
    if (fs::exists(src / "tests/signals" / dir))
      for (const auto& e : fs::directory_iterator(src / "tests/signals" / dir))
        w.write("signals", std::string(dir) + "-" + e.path().stem().string(), std::string(1, format) + readFile(e.path()));
  for (const auto& e : fs::directory_iterator(src / "examples/signals")) {
    std::string name = e.path().filename().string();
    char format = name.find(".rsl") != std::string::npos ? 0 : name.find("content-usage") != std::string::npos || name.find("robots") != std::string::npos ? 1
                  : name.find("tdmrep") != std::string::npos ? 2 : name.find("cawg") != std::string::npos ? 3 : name.find("iptc") != std::string::npos ? 4 : -1;
    if (format >= 0) w.write("signals", "example-" + e.path().stem().string(), std::string(1, format) + readFile(e.path()));
  }

  for (int i = 0; i < generated; ++i) {
    uint64_t seed = rf::gen::mixSeed(7, static_cast<uint64_t>(i));
    rf::gen::GeneratedProgram g = rf::gen::generateProgram(seed);
    std::string text;
    for (const auto& f : g.sources) text += "--- source " + f.name + "\n" + f.text;
    if (g.catalog) text += "--- catalog " + g.catalog->name + "\n" + g.catalog->text;
    for (uint64_t j = 0; j < 4; ++j) {
      std::string request = rf::gen::generateRequest(g, rf::gen::mixSeed(seed, j));
      if (request.find("\n--- ") != std::string::npos) continue;
      text += "--- request\n" + request + "\n";
    }
    seedsOf(w, "generated-" + std::to_string(i), text);
  }
  w.report();
  return 0;
}
