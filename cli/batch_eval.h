// `refrain eval --requests`: JSON Lines of requests to JSON Lines of
// decisions, in input order, on one thread or several.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>

#include "runtime/engine.h"

namespace refrain::cli {

// Decision counts and the total paid to each party, per currency.
struct BatchSummary {
  long allow = 0, deny = 0, error = 0;
  std::map<std::string, std::map<std::string, int64_t, std::less<>>, std::less<>> paid;  // currency -> party -> micros
  bool overflow = false;

  void merge(const BatchSummary& other);
  long decisions() const { return allow + deny + error; }
  void print(std::ostream& out) const;
};

// Decides every non-blank line of `in` and writes one compact decision per
// line to `out`, in the order of the input whatever `threads` is. Each
// thread has its own scratch and summary; the engine is shared read-only.
// `progress`, when set, is told the count so far after each chunk.
BatchSummary decideLines(const runtime::Engine& engine, std::istream& in, std::ostream& out, int threads,
                         void (*progress)(long decided) = nullptr);

}  // namespace refrain::cli
