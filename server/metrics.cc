#include "server/metrics.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>


namespace refrain::server {

namespace {

// Error codes are the runtime's own names (snake_case); anything else is
// `other`, so the label set stays the runtime's.
bool plainName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// A metric family's HELP and TYPE lines; `type` is counter, gauge or histogram.
void family(std::string* out, const char* name, const char* type, const char* help) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

void sample(std::string* out, std::string_view name, std::string_view labels, uint64_t value) {
  *out += name;
  if (!labels.empty()) {
    *out += '{';
    *out += labels;
    *out += '}';
  }
  *out += ' ';
  *out += std::to_string(value);
  *out += '\n';
}

// A family with one unlabelled sample.
void single(std::string* out, const char* name, const char* type, const char* help, uint64_t value) {
  family(out, name, type, help);
  sample(out, name, "", value);
}

// Seconds from microseconds, exactly (Prometheus reads the text as a float).
std::string seconds(uint64_t micros) {
  char text[40];
  std::snprintf(text, sizeof text, "%" PRIu64 ".%06" PRIu64, micros / 1000000, micros % 1000000);
  return text;
}

}  // namespace

void Metrics::count(const DecisionSummary& s, bool knownUse, uint64_t nanos) {
  (s.allowed ? allow_ : deny_).fetch_add(1, std::memory_order_relaxed);
  uint64_t micros = nanos / 1000;
  size_t bucket = 0;
  while (bucket < kBucketsMicros.size() && micros > kBucketsMicros[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  latencyNanos_.fetch_add(nanos, std::memory_order_relaxed);
  std::string_view use = knownUse ? s.use : std::string_view("other");
  std::lock_guard<std::mutex> lock(labelled_);
  auto it = byUse_.find(use);
  if (it == byUse_.end()) it = byUse_.emplace(std::string(use), 0).first;
  ++it->second;
  s.forEachErrorCode([&](std::string_view code) {
    if (!plainName(code)) code = "other";
    auto e = byErrorCode_.find(code);
    if (e == byErrorCode_.end()) e = byErrorCode_.emplace(std::string(code), 0).first;
    ++e->second;
  });
}

void Metrics::countResponse(unsigned status) {
  std::lock_guard<std::mutex> lock(labelled_);
  ++byStatus_[status];
}

std::string Metrics::render(const DecisionLogStats& log, bool bundleLoaded) const {
  std::string out;
  family(&out, "refrain_decisions_total", "counter", "Decisions made, by outcome.");
  sample(&out, "refrain_decisions_total", "outcome=\"allow\"", allow_.load());
  sample(&out, "refrain_decisions_total", "outcome=\"deny\"", deny_.load());
  {
    std::lock_guard<std::mutex> lock(labelled_);
    family(&out, "refrain_decisions_by_use_total", "counter",
           "Decisions made, by the use asked for (`other`: a use the bundle does not know).");
    for (const auto& [use, n] : byUse_) sample(&out, "refrain_decisions_by_use_total", "use=\"" + use + "\"", n);
    family(&out, "refrain_decision_errors_total", "counter", "Errors in decisions, by code.");
    for (const auto& [code, n] : byErrorCode_) sample(&out, "refrain_decision_errors_total", "code=\"" + code + "\"", n);
    family(&out, "refrain_http_responses_total", "counter", "HTTP responses, by status.");
    for (const auto& [status, n] : byStatus_)
      sample(&out, "refrain_http_responses_total", "status=\"" + std::to_string(status) + "\"", n);
  }
  family(&out, "refrain_decision_seconds", "histogram",
         "Time from a request's last byte to its decision being ready to send.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBucketsMicros.size(); ++i) {
    cumulative += buckets_[i].load();
    sample(&out, "refrain_decision_seconds_bucket", "le=\"" + seconds(kBucketsMicros[i]) + "\"", cumulative);
  }
  cumulative += buckets_[kBucketsMicros.size()].load();
  sample(&out, "refrain_decision_seconds_bucket", "le=\"+Inf\"", cumulative);
  char sum[48];
  uint64_t nanos = latencyNanos_.load();
  std::snprintf(sum, sizeof sum, "%" PRIu64 ".%09" PRIu64, nanos / 1000000000, nanos % 1000000000);
  out += "refrain_decision_seconds_sum " + std::string(sum) + "\n";
  sample(&out, "refrain_decision_seconds_count", "", cumulative);
  single(&out, "refrain_bundle_reloads_total", "counter", "Bundles loaded and swapped in after the first.",
         reloads_.load());
  single(&out, "refrain_bundle_reload_failures_total", "counter",
         "Bundle files refused; the bundle before keeps serving.", reloadFailures_.load());
  single(&out, "refrain_bundle_loaded", "gauge", "1 while a verified bundle is loaded.", bundleLoaded ? 1 : 0);
  single(&out, "refrain_connections_open", "gauge", "Open client connections.",
         static_cast<uint64_t>(std::max<int64_t>(0, connectionsOpen_.load())));
  single(&out, "refrain_connections_refused_total", "counter",
         "Connections refused with 503 for being past --max-connections.", connectionsRefused_.load());
  family(&out, "refrain_timeouts_total", "counter",
         "Connections let go for their time: idle between requests, a request not arrived within "
         "--read-timeout-ms, a response not taken within --write-timeout-ms.");
  const char* kinds[] = {"idle", "read", "write"};
  for (size_t i = 0; i < 3; ++i)
    sample(&out, "refrain_timeouts_total", std::string("kind=\"") + kinds[i] + "\"", timeouts_[i].load());
  if (!log.enabled) return out;
  single(&out, "refrain_decision_log_queue_depth", "gauge", "Decision log entries waiting to be written.",
         log.queueDepth);
  single(&out, "refrain_decision_log_queue_bytes", "gauge", "Bytes of decision log entries waiting to be written.",
         log.queueBytes);
  single(&out, "refrain_decision_log_bytes_written_total", "counter", "Bytes written to the decision log.",
         log.bytesWritten);
  single(&out, "refrain_decision_log_lines_written_total", "counter", "Decisions written to the decision log.",
         log.linesWritten);
  single(&out, "refrain_decision_log_fsyncs_total", "counter", "fdatasync calls on the decision log.", log.fsyncs);
  single(&out, "refrain_decision_log_write_failures_total", "counter",
         "Failed decision log writes (each answered 503).", log.writeFailures);
  return out;
}

}  // namespace refrain::server
