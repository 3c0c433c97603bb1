// The bundle the service decides with, and its replacement (docs/server.md,
// "Reloading"): a new file is read and verified completely, and only then
// swapped in, atomically, so a request is decided wholly by one bundle. A
// file that is damaged, truncated, of another format or half written never
// replaces a good bundle: the old one keeps serving.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "refrain/refrain.hpp"
#include "server/bundle_signing.h"

namespace refrain::server {

struct LoadedBundle {
  explicit LoadedBundle(refrain::Bundle b) : bundle(std::move(b)) {}
  refrain::Bundle bundle;
  std::string hash;
  std::string description;  // rf_bundle_describe's JSON
  std::string loadedAt;     // RFC 3339, UTC
  std::vector<std::string> uses;  // sorted: knows(use) finds one without allocating
  bool knows(std::string_view use) const;
};

// Loads `bytes` as a bundle for the service. Null and `error` set when refused.
std::shared_ptr<const LoadedBundle> loadBundle(std::string_view bytes, const refrain::Limits& limits,
                                               std::string* error);

class BundleStore {
 public:
  // With `trusted` keys, only bundles signed by one of them are loaded.
  BundleStore(std::string path, refrain::Limits limits, std::vector<PublicKey> trusted = {})
      : path_(std::move(path)), limits_(limits), trusted_(std::move(trusted)) {}

  enum class Outcome { kLoaded, kUnchanged, kRefused };
  // Reads the file and swaps it in if it is a good bundle other than the
  // current one. `error` says why a file was refused. Reloads run one at a
  // time; deciding never waits for them.
  // Unless `force`, a file whose device, inode, size and modification time
  // are those of the last attempt is not read again (the watcher calls
  // often; a catalog of a million works takes a while to verify).
  Outcome reload(std::string* error, bool force = true);

  // The bundle to decide a request with, or null before any loaded.
  std::shared_ptr<const LoadedBundle> current() const { return std::atomic_load(&current_); }
  // Why the last reload was refused, or empty; for /ready before the first bundle.
  std::string lastError() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  refrain::Limits limits_;
  std::vector<PublicKey> trusted_;
  std::shared_ptr<const LoadedBundle> current_;
  mutable std::mutex reloading_;
  std::string lastError_;
  struct stat lastSeen_ {};
  bool seen_ = false;
};

}  // namespace refrain::server
