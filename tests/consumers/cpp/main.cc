// A C++ program outside the tree that decides with the installed library
// through its C++ face (find_package(Refrain), then Refrain::refrain or
// Refrain::refrain_static):
//   ./cpp_consumer BUNDLE.rfb REQUEST.json...
// decides the requests on two threads, each with its own scratch, and prints
// each decision in order, byte for byte what
// `refrain eval --bundle BUNDLE.rfb --request REQUEST.json` prints; the
// bundle's hash on stderr.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <refrain/refrain.hpp>

static std::string readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " BUNDLE.rfb REQUEST.json...\n";
    return 2;
  }
  auto bundle = std::make_shared<const refrain::Bundle>(refrain::Bundle::load(readFile(argv[1])));
  std::cerr << "refrain " << refrain::version() << ", bundle " << bundle->hash() << "\n";
  std::vector<std::string> requests, decisions(argc - 2);
  for (int i = 2; i < argc; ++i) requests.push_back(readFile(argv[i]));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      refrain::Scratch scratch;
      for (size_t i = t; i < requests.size(); i += 2) decisions[i] = bundle->decide(requests[i], scratch).json;
    });
  for (std::thread& t : threads) t.join();
  for (const std::string& d : decisions) std::cout << d;
  return 0;
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
