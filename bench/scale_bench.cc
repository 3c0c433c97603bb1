// Scale benchmark: the example policies with generated catalogs of N works.
// Reports each bundle's size per work, the median time to load it, and the
// median time per decision over requests naming works spread across the
// whole catalog (so a big catalog cannot hide in the cache).
//
//   build/bin/scale_bench WORKS[,WORKS...] [REQUESTS] [ROUNDS]      (bench/scale.sh: 1k,100k,1M)
//
// Several sizes are timed in one process, round by round in turn, so their
// decision medians see the same drift of a shared machine; each is also
// given as a ratio to the first size's.
//
// With REFRAIN_SCALE_BUNDLE=PATH set, the (last) generated bundle is also
// written there, to time or profile the CLI on it.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "runtime/engine.h"

namespace rt = refrain::runtime;
namespace cc = refrain::compiler;
using Clock = std::chrono::steady_clock;

namespace {

struct Artist {
  const char* party;
  const char* label;
  const char* genre;
};

// The example catalog's artists and labels, so the example policies speak for the generated works.
const Artist kArtists[] = {
    {"luna-ray", "northwind", "dream pop"},       {"kofi-mensah", "harbor-line", "afro soul"},
    {"eva-lindqvist", "harbor-line", "nordic pop"}, {"the-marlowes", "northwind", "indie rock"},
    {"ines-duarte", "harbor-line", "fado"},       {"august-hale", "northwind", "americana"},
};
const char* kWriters[] = {"ana-lima", "jonah-pike", "mira-chen", "theo-grant"};
const char* kWords[] = {"low", "tide", "borrowed", "light", "northern", "glass", "river", "static", "summer", "ember"};

std::string workId(uint64_t i) {
  char id[16];
  std::snprintf(id, sizeof id, "QZ%s%02d%05d", i % 2 ? "NWR" : "HLR", static_cast<int>(i / 100000 % 100),
                static_cast<int>(i % 100000));
  return id;
}

// One JSON line per work: ISRC id, title, genre, release date, tags, artist + label, sometimes writers with shares.
std::string catalogLines(size_t n, std::mt19937_64& rng) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    const Artist& a = kArtists[rng() % std::size(kArtists)];
    nlohmann::json w = {{"id", workId(i)}, {"isrc", workId(i)}, {"genre", a.genre}};
    w["title"] = std::string(kWords[rng() % 10]) + " " + kWords[rng() % 10];
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1990 + static_cast<int>(rng() % 36),
                  1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    w["release_date"] = date;
    w["tags"] = {a.genre};
    w["rightsholders"] = {{{"party", a.party}, {"role", "artist"}}, {{"party", a.label}, {"role", "label"}}};
    if (rng() % 4 == 0) {
      w["rightsholders"].push_back({{"party", kWriters[rng() % 4]}, {"role", "writer"}, {"share", "60%"}});
      w["rightsholders"].push_back({{"party", kWriters[rng() % 4]}, {"role", "writer"}, {"share", "40%"}});
      if (w["rightsholders"][2]["party"] == w["rightsholders"][3]["party"]) w["rightsholders"].erase(3), w["rightsholders"][2].erase("share");
    }
    out += w.dump() + "\n";
  }
  return out;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}


// One catalog size: its bundle, engine and requests, and the timings taken.
struct Scale {
  size_t works = 0;
  std::vector<uint8_t> bundle;
  double compileSeconds = 0;
  std::vector<double> loads;
  std::unique_ptr<rt::Engine> engine;
  std::vector<std::string> requests;
  std::vector<double> perDecision;
  size_t allowed = 0;
};

bool prepare(Scale& s, size_t requestCount, std::mt19937_64& rng) {
  cc::CompileInput input;
  for (const char* name : {"platform", "northwind", "harbor-line", "luna-ray", "kofi-mensah", "eva-lindqvist",
                           "the-marlowes", "ines-duarte", "meridian-songs", "writers"}) {
    std::string path = std::string("examples/policies/") + name + ".refrain";
    input.sources.push_back({path, readText(path)});
  }
  input.catalog = refrain::policy::SourceFile{"works.jsonl", catalogLines(s.works, rng)};
  auto compileStart = Clock::now();
  cc::CompileResult compiled = cc::compile(std::move(input));
  s.compileSeconds = std::chrono::duration<double>(Clock::now() - compileStart).count();
  if (!compiled.ok) {
    std::fprintf(stderr, "scale_bench: the example policies or generated catalog did not compile (run from the repository root)\n");
    return false;
  }
  s.bundle = std::move(compiled.bundle);
  if (const char* path = std::getenv("REFRAIN_SCALE_BUNDLE"))
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(s.bundle.data()), s.bundle.size());

  std::string error;
  for (int i = 0; i < 5; ++i) {
    s.engine.reset();
    auto start = Clock::now();
    s.engine = rt::Engine::load(s.bundle.data(), s.bundle.size(), &error);
    s.loads.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!s.engine) {
      std::fprintf(stderr, "scale_bench: %s\n", error.c_str());
      return false;
    }
  }

  // The example requests, each aimed at works drawn across the whole catalog.
  std::vector<nlohmann::json> templates;
  std::ifstream all("examples/requests/all.jsonl");
  for (std::string line; std::getline(all, line);)
    if (!line.empty()) templates.push_back(nlohmann::json::parse(line));
  for (size_t i = 0; i < requestCount; ++i) {
    nlohmann::json r = templates[i % templates.size()];
    r["work"] = {{"id", workId(rng() % s.works)}};
    s.requests.push_back(r.dump());
  }
  return true;
}

// One round: every request once, timed in batches of consecutive requests.
void timeRound(Scale& s, rt::DecideScratch& scratch) {
  constexpr size_t kBatch = 100;  // consecutive requests, each naming another random work
  for (size_t at = 0; at + kBatch <= s.requests.size(); at += kBatch) {
    auto start = Clock::now();
    for (size_t i = at; i < at + kBatch; ++i) s.allowed += s.engine->decide(s.requests[i], scratch).allow;
    s.perDecision.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kBatch);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: scale_bench WORKS[,WORKS...] [REQUESTS] [ROUNDS]   (run from the repository root)\n");
    return 2;
  }
  std::vector<Scale> scales;
  std::stringstream sizes(argv[1]);
  for (std::string works; std::getline(sizes, works, ',');) {
    scales.emplace_back();
    scales.back().works = std::stoul(works);
    if (scales.back().works == 0) return std::fprintf(stderr, "scale_bench: a catalog needs at least one work\n"), 2;
  }
  const size_t requestCount = argc > 2 ? std::stoul(argv[2]) : 10000;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 20;
  std::mt19937_64 rng(20261127);
  for (Scale& s : scales)
    if (!prepare(s, requestCount, rng)) return 1;

  rt::DecideScratch scratch;
  for (Scale& s : scales) timeRound(s, scratch);  // warm-up
  for (Scale& s : scales) s.perDecision.clear();
  for (int round = 0; round < rounds; ++round)
    for (Scale& s : scales) timeRound(s, scratch);

  const double first = median(scales.front().perDecision);
  for (const Scale& s : scales)
    std::printf("%8zu works  bundle %10zu bytes (%5.1f per work)  compile %6.2f s  load median %8.2f ms  decide median %6.0f ns  (%.2fx the first)  (%zu of %zu requests allowed)\n",
                s.works, s.bundle.size(), static_cast<double>(s.bundle.size()) / static_cast<double>(s.works),
                s.compileSeconds, median(s.loads), median(s.perDecision), median(s.perDecision) / first,
                s.allowed / (rounds + 1), s.requests.size());
  return 0;
}
