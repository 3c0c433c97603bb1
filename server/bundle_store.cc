#include "server/bundle_store.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/clock_text.h"

namespace refrain::server {

namespace {

bool readFile(const std::string& path, std::string* bytes, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return *error = std::string("cannot read it: ") + std::strerror(errno), false;
  std::ostringstream all;
  all << in.rdbuf();
  if (in.bad()) return *error = std::string("cannot read it: ") + std::strerror(errno), false;
  *bytes = std::move(all).str();
  return true;
}

}  // namespace

std::shared_ptr<const LoadedBundle> loadBundle(std::string_view bytes, const refrain::Limits& limits,
                                               std::string* error) {
  try {
    auto loaded = std::make_shared<LoadedBundle>(refrain::Bundle::load(bytes, limits));
    loaded->hash = std::string(loaded->bundle.hash());
    loaded->description = loaded->bundle.describe();
    loaded->loadedAt = nowRfc3339();
    // Named, not a temporary: a range-for over a member of a temporary dangles.
    nlohmann::json description = nlohmann::json::parse(loaded->description);
    for (const auto& use : description.at("uses")) loaded->uses.push_back(use.get<std::string>());
    std::sort(loaded->uses.begin(), loaded->uses.end());
    return loaded;
  } catch (const refrain::LoadError& e) {
    *error = e.what();
    return nullptr;
  }
}

bool LoadedBundle::knows(std::string_view use) const {
  auto it = std::lower_bound(uses.begin(), uses.end(), use, [](const std::string& a, std::string_view b) { return a < b; });
  return it != uses.end() && *it == use;
}

BundleStore::Outcome BundleStore::reload(std::string* error, bool force) {
  std::lock_guard<std::mutex> lock(reloading_);
  struct stat now {};
  bool statted = stat(path_.c_str(), &now) == 0;
  if (!force && statted && seen_ && now.st_dev == lastSeen_.st_dev && now.st_ino == lastSeen_.st_ino &&
      now.st_size == lastSeen_.st_size && now.st_mtim.tv_sec == lastSeen_.st_mtim.tv_sec &&
      now.st_mtim.tv_nsec == lastSeen_.st_mtim.tv_nsec)
    return Outcome::kUnchanged;
  seen_ = statted;
  if (statted) lastSeen_ = now;
  std::string bytes;
  std::shared_ptr<const LoadedBundle> next;
  if (readFile(path_, &bytes, error) && (trusted_.empty() || checkSignature(bytes, trusted_, error)))
    next = loadBundle(bytes, limits_, error);
  if (!next) {
    *error = path_ + ": " + *error;
    lastError_ = *error;
    return Outcome::kRefused;
  }
  lastError_.clear();
  std::shared_ptr<const LoadedBundle> old = current();
  if (old && old->hash == next->hash) return Outcome::kUnchanged;
  std::atomic_store(&current_, std::move(next));
  return Outcome::kLoaded;
}

std::string BundleStore::lastError() const {
  std::lock_guard<std::mutex> lock(reloading_);
  return lastError_;
}

}  // namespace refrain::server
