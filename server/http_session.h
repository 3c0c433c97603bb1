// One client connection: HTTP/1.1 with keep-alive and pipelining (requests
// are answered one at a time, in order, so no response mixes with
// another's bytes), timeouts for slow clients, and the streaming batch
// endpoint (docs/server.md).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "server/service.h"

namespace refrain::server {

// Serves `socket` until the client leaves, errs or times out.
void startSession(boost::asio::ip::tcp::socket socket, Service& service);

// Refuses `socket` with a 503 (too many connections) and closes it.
void refuseSession(boost::asio::ip::tcp::socket socket, Service& service);

}  // namespace refrain::server
