// `refrain serve`: the decision service (docs/server.md).
#pragma once

#include "server/service.h"

namespace refrain::server {

// Runs until SIGINT or SIGTERM. Returns 0 after a clean stop, 1 when the
// service could not start (address in use, decision log folder unusable);
// the reason is an event line on stderr.
int serve(const ServeOptions& options);

}  // namespace refrain::server
