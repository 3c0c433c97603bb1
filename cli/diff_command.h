// `refrain diff`: what a policy change does, from a request log or proven symbolically.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "runtime/engine.h"

namespace refrain::cli {

// The options both modes of `refrain diff` share.
struct DiffOptions {
  std::optional<uint32_t> use;   // --use: only this use (an index into the bundles' use tree) and its subtree
  std::optional<int64_t> at;     // --at: only requests at this time (UTC seconds)
  size_t limit = 3;              // --limit K: example requests shown per group
  bool failOnChange = false;     // --fail-on-change: exit 1 when anything differs
  bool json = false;             // --format json: one JSON document instead of text
};

// Without --requests: for each use and each catalog work (and any other
// work), proves whether some request is decided differently, with a witness
// request the runtime has checked. Prints the report to `out`; returns the
// exit code (0, or 1 on a difference with failOnChange, 2 when unknown
// with failOnChange).
int symbolicDiff(const runtime::Engine& oldEngine, const runtime::Engine& newEngine, const DiffOptions& options,
                 std::ostream& out);

}  // namespace refrain::cli
