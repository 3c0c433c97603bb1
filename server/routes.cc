#include "server/routes.h"

#include <chrono>

#include "runtime/decision.h"
#include "server/clock_text.h"
#include "settle/decision_log_line.h"

namespace refrain::server {

namespace {

constexpr std::string_view kJson = "application/json";

Response jsonResponse(http::status status, std::string body, unsigned version, bool keepAlive) {
  Response r{status, version};
  r.set(http::field::server, "refrain/" + std::string(refrain::version()));
  r.set(http::field::content_type, beastView(kJson));
  r.keep_alive(keepAlive);
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

Response textResponse(http::status status, std::string body, std::string_view type, const Request& req) {
  Response r = jsonResponse(status, std::move(body), req.version(), req.keep_alive());
  r.set(http::field::content_type, beastView(type));
  return r;
}

std::string quoted(std::string_view text) {
  std::string out;
  runtime::appendJsonString(text, &out);
  return out;
}

Response methodNotAllowed(const Request& req, std::string_view allow) {
  Response r = errorResponse(http::status::method_not_allowed, "method_not_allowed",
                             std::string(stdView(req.target())) + " takes " + std::string(allow), req.version(),
                             !req.keep_alive());
  r.set(http::field::allow, beastView(allow));
  return r;
}

// Compares without an early exit, so the time taken does not tell how much
// of a guessed token was right.
bool sameToken(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

Reply decide(Service& service, const Request& req, uint64_t receivedNanos) {
  Reply reply;
  std::shared_ptr<const LoadedBundle> bundle = service.bundles().current();
  if (!bundle) {
    reply.response = errorResponse(http::status::service_unavailable, "not_ready", service.notReadyReason(),
                                   req.version(), !req.keep_alive());
    return reply;
  }
  std::string decision, id;
  decideOne(service, *bundle, req.body(), req.body().size(), receivedNanos, Layout::kIndented, &decision, &id,
            &reply.log);
  reply.response = jsonResponse(http::status::ok, std::move(decision), req.version(), req.keep_alive());
  reply.response.set("X-Refrain-Bundle", bundle->hash);
  reply.response.set("X-Refrain-Decision-Id", id);
  return reply;
}

Response bundleInfo(Service& service, const Request& req) {
  std::shared_ptr<const LoadedBundle> bundle = service.bundles().current();
  if (!bundle)
    return errorResponse(http::status::service_unavailable, "not_ready", service.notReadyReason(), req.version(),
                         !req.keep_alive());
  // rf_bundle_describe's object, with what the service adds to it.
  std::string body = bundle->description;
  body.pop_back();
  body += ",\"path\":" + quoted(service.bundles().path()) + ",\"loaded_at\":" + quoted(bundle->loadedAt);
  body += ",\"decision_log\":";
  if (const DecisionLog* log = service.log())
    body += "{\"dir\":" + quoted(log->options().dir) + ",\"sync\":\"" + syncModeName(log->options().sync) +
            "\",\"batch_ms\":" + std::to_string(log->options().batchInterval.count()) + "}";
  else
    body += "null";
  body += "}\n";
  return jsonResponse(http::status::ok, std::move(body), req.version(), req.keep_alive());
}

Response reload(Service& service, const Request& req) {
  const std::string& token = service.options().adminToken;
  if (token.empty())
    return errorResponse(http::status::forbidden, "reload_off",
                         "reloading over HTTP is off: start the service with --admin-token-file", req.version(),
                         !req.keep_alive());
  std::string_view given = stdView(req[http::field::authorization]);
  constexpr std::string_view kBearer = "Bearer ";
  if (given.substr(0, kBearer.size()) != kBearer || !sameToken(given.substr(kBearer.size()), token)) {
    Response r = errorResponse(http::status::unauthorized, "unauthorized",
                               "POST /v1/bundle/reload needs `Authorization: Bearer <token>` with the admin token",
                               req.version(), !req.keep_alive());
    r.set(http::field::www_authenticate, "Bearer");
    return r;
  }
  std::string error = service.reload("POST", true);
  if (!error.empty())
    return errorResponse(http::status::unprocessable_entity, "bundle_refused",
                         error + "; the bundle before keeps serving", req.version(), !req.keep_alive());
  return bundleInfo(service, req);
}

}  // namespace

void appendResponseBytes(const Response& r, std::string* out) {
  *out += r.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  *out += std::to_string(r.result_int());
  *out += ' ';
  *out += stdView(r.reason());
  *out += "\r\n";
  for (const auto& field : r) {
    *out += stdView(field.name_string());
    *out += ": ";
    *out += stdView(field.value());
    *out += "\r\n";
  }
  *out += "\r\n";
  *out += r.body();
}

uint64_t steadyNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

Response errorResponse(http::status status, std::string_view code, std::string_view message, unsigned version,
                       bool close) {
  std::string body = "{\"error\":{\"code\":" + quoted(code) + ",\"message\":" + quoted(message) + "}}\n";
  return jsonResponse(status, std::move(body), version, !close);
}

std::string compactJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool inString = false, escaped = false;
  for (char c : json) {
    if (inString) {
      out += c;
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

void decideOne(Service& service, const LoadedBundle& bundle, std::string_view request, size_t receivedLength,
               uint64_t receivedNanos, Layout layout, std::string* decision, std::string* id, LogLines* log) {
  // One scratch per server thread: deciding allocates nothing but the text.
  thread_local refrain::Scratch scratch;
  std::string compact;
  std::string_view line;
  if (layout == Layout::kLine) {
    refrain::DecisionView view = bundle.bundle.decideLineView(request, scratch);
    decision->append(view.json);
    line = view.json.substr(0, view.json.size() - 1);  // without its newline
  } else {
    refrain::DecisionView view = bundle.bundle.decideView(request, scratch);
    decision->append(view.json);
    line = view.json;
  }
  *id = service.ids().next();
  service.metrics().countDecision(line, [&](std::string_view use) { return bundle.knows(use); },
                                  steadyNanos() - receivedNanos);
  if (!service.log()) return;
  // The log holds the one-line form.
  if (layout == Layout::kIndented) {
    compact = compactJson(line);
    line = compact;
  }
  std::string time = nowRfc3339();
  settle::DecisionLogEntry entry{*id, time, bundle.hash, request, line, receivedLength};
  settle::appendDecisionLogLine(entry, &log->text);
  ++log->count;
}

Reply route(Service& service, const Request& req, uint64_t receivedNanos) {
  std::string_view target = stdView(req.target());
  std::string_view path = target.substr(0, target.find('?'));
  bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  bool post = req.method() == http::verb::post;
  Reply reply;
  if (path == "/v1/decide") {
    if (!post) return Reply{methodNotAllowed(req, "POST")};
    return decide(service, req, receivedNanos);
  }
  if (path == "/health") {
    if (!get) return Reply{methodNotAllowed(req, "GET, HEAD")};
    return Reply{jsonResponse(http::status::ok, "{\"status\":\"alive\"}\n", req.version(), req.keep_alive())};
  }
  if (path == "/ready") {
    if (!get) return Reply{methodNotAllowed(req, "GET, HEAD")};
    std::string why = service.notReadyReason();
    if (!why.empty())
      return Reply{jsonResponse(http::status::service_unavailable,
                                "{\"status\":\"not_ready\",\"reason\":" + quoted(why) + "}\n", req.version(),
                                req.keep_alive())};
    return Reply{jsonResponse(http::status::ok,
                              "{\"status\":\"ready\",\"bundle\":" + quoted(service.bundles().current()->hash) + "}\n",
                              req.version(), req.keep_alive())};
  }
  if (path == "/metrics") {
    if (!get) return Reply{methodNotAllowed(req, "GET, HEAD")};
    DecisionLogStats stats = service.log() ? service.log()->stats() : DecisionLogStats{};
    return Reply{textResponse(http::status::ok, service.metrics().render(stats, service.bundles().current() != nullptr),
                              "text/plain; version=0.0.4; charset=utf-8", req)};
  }
  if (path == "/v1/bundle") {
    if (!get) return Reply{methodNotAllowed(req, "GET, HEAD")};
    return Reply{bundleInfo(service, req)};
  }
  if (path == "/v1/bundle/reload") {
    if (!post) return Reply{methodNotAllowed(req, "POST")};
    return Reply{reload(service, req)};
  }
  return Reply{errorResponse(http::status::not_found, "not_found",
                             "no endpoint " + std::string(path) + " (see docs/server.md)", req.version(),
                             !req.keep_alive())};
}

}  // namespace refrain::server
