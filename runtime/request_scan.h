// Internal: the request scanner that keeps only the request values a bundle reads.
#pragma once

#include <string_view>

#include "runtime/scratch.h"

namespace refrain::runtime {

enum class ScanResult { kOk, kInvalidJson, kTooDeep, kDuplicateKey };

// Parses `json`, filling s.raw (by trie target) and s.rawHolders. Values at
// paths the bundle does not read are skipped without being stored. Stops at
// the first nesting deeper than `maxDepth`, and at a key repeated on a path
// the bundle reads (its name is left in s.duplicateKey).
ScanResult scanRequest(const LoadedBundle& l, std::string_view json, int maxDepth, Scratch& s);

}  // namespace refrain::runtime
