// The answers to every endpoint but the batch one, which streams
// (http_session.cc): GET /health, /ready, /metrics, /v1/bundle;
// POST /v1/decide, /v1/bundle/reload (docs/server.md).
#pragma once

#include <boost/beast/http.hpp>
#include <cstdint>
#include <string>

#include "server/service.h"

namespace refrain::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A response, and the decision log lines that must be safe before it is sent.
// Decision log lines waiting to be appended, and how many.
struct LogLines {
  std::string text;
  size_t count = 0;
};

struct Reply {
  Reply() = default;
  explicit Reply(Response r) : response(std::move(r)) {}
  Response response;
  LogLines log;
};

// Boost 1.74's Beast speaks boost::string_view.
inline std::string_view stdView(boost::beast::string_view s) { return std::string_view(s.data(), s.size()); }
inline boost::beast::string_view beastView(std::string_view s) { return boost::beast::string_view(s.data(), s.size()); }

// `received` is when the request's last byte arrived (steady clock, ns).
Reply route(Service& service, const Request& request, uint64_t receivedNanos);

// {"error":{"code":…,"message":…}} with `status`; the connection stays open
// unless `close`.
Response errorResponse(http::status status, std::string_view code, std::string_view message, unsigned version,
                       bool close = false);

// `r`'s bytes as Beast's serializer writes them (status line, fields, blank
// line, body) appended to `out`: one buffer and one write per response.
void appendResponseBytes(const Response& r, std::string* out);

// How decideOne writes the decision: as `refrain eval --request` prints it
// (indented) or as `refrain eval --requests` does (one line).
enum class Layout { kIndented, kLine };

// Decides one request with `bundle` and adds its decision log line (when the
// service logs) to `log`: the decision JSON with its newline appended to
// `decision`, its id in `id`. Counts it in the metrics.
void decideOne(Service& service, const LoadedBundle& bundle, std::string_view request, size_t receivedLength,
               uint64_t receivedNanos, Layout layout, std::string* decision, std::string* id, LogLines* log);

// `json` without the whitespace outside its strings: an indented decision
// as its one-line form (without the newline).
std::string compactJson(std::string_view json);

uint64_t steadyNanos();

}  // namespace refrain::server
