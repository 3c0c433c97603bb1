// Everything a connection needs to answer: the options, the bundle store,
// the decision log, the metrics, decision ids and the event lines on stderr.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "refrain/refrain.hpp"
#include "server/bundle_store.h"
#include "server/connections.h"
#include "server/decision_log.h"
#include "server/metrics.h"

namespace refrain::server {

struct ServeOptions {
  std::string bundlePath;
  std::string host = "127.0.0.1";
  unsigned short port = 8181;
  int threads = 1;
  size_t maxBody = 1 << 20;  // one request's bytes; also the runtime's request limit
  size_t maxConnections = 1024;
  std::chrono::milliseconds readTimeout{30000};   // a request's header and body, and an idle keep-alive
  std::chrono::milliseconds writeTimeout{30000};  // each response
  std::chrono::milliseconds drainTimeout{10000};  // on SIGTERM, for requests under way to finish
  std::optional<DecisionLogOptions> log;
  std::string adminToken;  // POST /v1/bundle/reload wants `Authorization: Bearer <token>`; empty: off
  std::vector<PublicKey> trustedKeys;  // when any, only bundles signed by one of them load
};

// Decision ids: a random prefix for this process, then a count; unique
// across restarts without coordination.
class DecisionIds {
 public:
  DecisionIds();
  std::string next();

 private:
  std::string prefix_;
  std::atomic<uint64_t> count_{0};
};

// One line per event on stderr: `<time> <event> <detail>`.
void logEvent(std::string_view event, std::string_view detail);

class Service {
 public:
  explicit Service(ServeOptions options);

  // Reloads the bundle file (why: "start", "watch", "SIGHUP", "POST"),
  // counting and logging the outcome. Returns "" or why it was refused.
  std::string reload(std::string_view why, bool force);
  // Why the service is not ready, or empty: no bundle, or the log failing.
  std::string notReadyReason() const;

  const ServeOptions& options() const { return options_; }
  BundleStore& bundles() { return bundles_; }
  DecisionLog* log() { return log_.get(); }
  void setLog(std::unique_ptr<DecisionLog> log) { log_ = std::move(log); }
  Metrics& metrics() { return metrics_; }
  DecisionIds& ids() { return ids_; }
  Connections& connections() { return connections_; }

 private:
  ServeOptions options_;
  BundleStore bundles_;
  std::unique_ptr<DecisionLog> log_;
  Metrics metrics_;
  DecisionIds ids_;
  Connections connections_;
};

}  // namespace refrain::server
