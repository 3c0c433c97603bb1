// service.cc: decides requests (JSON Lines on stdin) on 4 threads; each
// decision goes to stdout, and a log line naming the bundle that decided it
// to stderr.
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include <refrain/refrain.hpp>

int main(int argc, char** argv) try {
  if (argc != 2) return std::cerr << "usage: service BUNDLE.rfb < REQUESTS.jsonl\n", 2;
  std::ifstream file(argv[1], std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(file), {});
  const refrain::Bundle bundle = refrain::Bundle::load(bytes);  // verified; throws refrain::LoadError
  std::mutex io;  // one thread reads or writes at a time; deciding needs no lock
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([&] {
      refrain::Scratch scratch;  // this thread's working memory, reused by each decision
      for (std::string request;;) {
        {
          std::lock_guard<std::mutex> lock(io);
          if (!std::getline(std::cin, request)) return;
        }
        refrain::Decision d = bundle.decide(request, scratch);
        std::lock_guard<std::mutex> lock(io);
        std::clog << "bundle " << bundle.hash() << ": " << (d.allowed ? "allow" : "deny") << "\n";
        std::cout << d.json;
      }
    });
  for (std::thread& w : workers) w.join();
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
