// The bundle writer: a Bundle to its reproducible bytes (layout in runtime/bundle_layout.h).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/bundle.h"

namespace refrain::compiler {

// Serialises `bundle`; the same bundle always gives the same bytes.
std::vector<uint8_t> writeBundle(runtime::Bundle bundle);

}  // namespace refrain::compiler
