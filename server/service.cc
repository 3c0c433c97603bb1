#include "server/service.h"

#include <sys/random.h>

#include <charconv>
#include <cstdio>

#include "server/clock_text.h"

namespace refrain::server {

DecisionIds::DecisionIds() {
  unsigned char bytes[6] = {};
  // getrandom blocks only before the kernel's pool is first ready; a short
  // read leaves zeros, and the count still keeps ids apart in one process.
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {}
  char hex[16];
  for (size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
  prefix_.assign(hex, 12);
}

std::string DecisionIds::next() {
  // One allocation, not one per piece: every decision takes an id.
  const uint64_t n = count_.fetch_add(1, std::memory_order_relaxed) + 1;
  char digits[20];
  char* end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  std::string id;
  id.reserve(prefix_.size() + 1 + static_cast<size_t>(end - digits));
  id += prefix_;
  id += '-';
  id.append(digits, end);
  return id;
}

void logEvent(std::string_view event, std::string_view detail) {
  static std::mutex lines;
  std::string line = nowRfc3339();
  line += ' ';
  line += event;
  if (!detail.empty()) {
    line += ' ';
    line += detail;
  }
  line += '\n';
  std::lock_guard<std::mutex> lock(lines);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

namespace {

refrain::Limits limitsFor(const ServeOptions& o) {
  refrain::Limits limits;
  limits.maxRequestBytes = o.maxBody;
  return limits;
}

}  // namespace

Service::Service(ServeOptions options)
    : options_(std::move(options)), bundles_(options_.bundlePath, limitsFor(options_), options_.trustedKeys) {}

std::string Service::reload(std::string_view why, bool force) {
  std::string error;
  bool first = !bundles_.current();
  switch (bundles_.reload(&error, force)) {
    case BundleStore::Outcome::kLoaded:
      if (!first) metrics_.countReload(true);
      logEvent("bundle_loaded", "hash=" + bundles_.current()->hash + " by=" + std::string(why));
      return "";
    case BundleStore::Outcome::kUnchanged:
      return "";
    case BundleStore::Outcome::kRefused:
      metrics_.countReload(false);
      logEvent("bundle_refused", "by=" + std::string(why) + " reason=\"" + error + "\"" +
                                     (first ? "" : " serving=" + bundles_.current()->hash));
      return error;
  }
  return error;
}

std::string Service::notReadyReason() const {
  std::shared_ptr<const LoadedBundle> bundle = bundles_.current();
  if (!bundle) {
    std::string why = bundles_.lastError();
    return "no bundle is loaded" + (why.empty() ? std::string() : ": " + why);
  }
  if (log_) {
    std::string failure = log_->failure();
    if (!failure.empty()) return "the decision log cannot be written: " + failure;
  }
  return "";
}

}  // namespace refrain::server
