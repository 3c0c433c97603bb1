// What a loaded bundle holds, as one line of JSON: for services that report
// which policies are in force (`refrain serve`'s GET /v1/bundle) and for
// bindings that list them. Not on any decision's path.
#pragma once

#include <string>

#include "runtime/engine.h"

namespace refrain::runtime {

// Appends to `out`, in this key order:
//   {"format":4,"hash":"<sha-256>","policies":[{"name":…,"role":…,"party":…,
//    "effective":"<RFC 3339>"|null,"expires":"<RFC 3339>"|null,"rules":N},…],
//    "uses":["ai",…],"works":N}
// Policies in bundle order (one entry per version of a policy), uses parents
// first; `effective` null means always in force, `expires` null never ends.
void writeBundleDescription(const Engine& engine, std::string* out);

}  // namespace refrain::runtime
