// The service's clock as text. The runtime reads no clock: this is the
// server's, for decision log lines, /v1/bundle and its own event lines.
#pragma once

#include <string>

namespace refrain::server {

// Now, as RFC 3339 in UTC with milliseconds: 2026-12-07T18:30:00.123Z.
std::string nowRfc3339();

}  // namespace refrain::server
