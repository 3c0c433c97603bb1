// Native decision benchmark: median time per decision over the example requests, from JSON and pre-read.
//
//   build/bin/decide_bench BUNDLE.rfb REQUESTS.jsonl [ROUNDS]
//
// Each sample times a batch of decisions of one request and divides; the
// report is the median (and p90) over all samples of all requests.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/engine.h"

namespace rt = refrain::runtime;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 200;  // decisions per timed sample: long enough to dwarf the clock's cost

template <class F>
std::vector<double> sample(const std::vector<std::string>& requests, int rounds, F&& decideOne) {
  std::vector<double> nanos;
  for (int round = 0; round < rounds; ++round)
    for (const std::string& r : requests) {
      auto start = Clock::now();
      for (int i = 0; i < kBatch; ++i) decideOne(r);
      nanos.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kBatch);
    }
  std::sort(nanos.begin(), nanos.end());
  return nanos;
}

void report(const char* what, const std::vector<double>& ns) {
  std::printf("%-34s median %8.0f ns   p90 %8.0f ns   (%zu samples x %d)\n", what, ns[ns.size() / 2],
              ns[ns.size() * 9 / 10], ns.size(), kBatch);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: decide_bench BUNDLE.rfb REQUESTS.jsonl [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 3 ? std::atoi(argv[3]) : 20;
  std::ifstream bundleFile(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(bundleFile)), std::istreambuf_iterator<char>());
  std::string error;
  auto engine = rt::Engine::load(bytes.data(), bytes.size(), &error);
  if (!engine) {
    std::fprintf(stderr, "decide_bench: %s\n", error.c_str());
    return 2;
  }
  std::vector<std::string> requests;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) requests.push_back(line);

  rt::DecideScratch scratch;
  size_t sink = 0;
  sample(requests, 2, [&](const std::string& r) { sink += engine->decide(r, scratch).allow; });  // warm-up
  report("decide from request JSON", sample(requests, rounds, [&](const std::string& r) {
           sink += engine->decide(r, scratch).allow;
         }));
  report("decide + canonical JSON out", sample(requests, rounds, [&](const std::string& r) {
           sink += engine->decideJson(r, scratch).size();
         }));
  // Pre-read: only requests that can be judged; each sample re-decides the same read request.
  std::vector<std::string> judgeable;
  for (const std::string& r : requests) {
    rt::DecisionError e;
    if (engine->readRequest(r, scratch, &e)) judgeable.push_back(r);
  }
  std::vector<double> prepared;
  for (int round = 0; round < rounds; ++round)
    for (const std::string& r : judgeable) {
      rt::DecisionError e;
      engine->readRequest(r, scratch, &e);
      auto start = Clock::now();
      for (int i = 0; i < kBatch; ++i) sink += engine->decidePrepared(scratch).allow;
      prepared.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kBatch);
    }
  std::sort(prepared.begin(), prepared.end());
  report("decide with the request read", prepared);
  std::printf("(%zu requests, %zu judgeable; checksum %zu)\n", requests.size(), judgeable.size(), sink);
  return 0;
}
