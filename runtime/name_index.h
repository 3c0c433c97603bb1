// Internal: a read-only hash index from names to their positions in a list.
// Request reading looks up a use, a territory and a currency in every
// request; a sorted list or std::map costs a string comparison per level,
// this one hash and (nearly always) one comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace refrain::runtime {

// FNV-1a over the bytes: names and work ids are short, and this spreads them well enough.
inline uint64_t hashName(std::string_view name) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

class NameIndex {
 public:
  NameIndex() = default;

  // `names` must outlive the index; of repeated names, the first is found.
  explicit NameIndex(std::vector<std::string_view> names) : names_(std::move(names)) {
    size_t size = 1;
    while (size < 2 * names_.size()) size <<= 1;  // at most half full: probes stay short
    slots_.assign(size, 0);
    for (size_t i = 0; i < names_.size(); ++i) {
      if (find(names_[i]) >= 0) continue;
      size_t at = hashName(names_[i]) & (size - 1);
      while (slots_[at]) at = (at + 1) & (size - 1);
      slots_[at] = static_cast<uint32_t>(i + 1);
    }
  }

  // The position of `name` in the list, or -1.
  int64_t find(std::string_view name) const {
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t at = hashName(name) & mask; slots_[at]; at = (at + 1) & mask)
      if (names_[slots_[at] - 1] == name) return slots_[at] - 1;
    return -1;
  }
  bool contains(std::string_view name) const { return find(name) >= 0; }

 private:
  std::vector<std::string_view> names_;
  std::vector<uint32_t> slots_;  // a power of two in size; 0 is empty, else position + 1
};

}  // namespace refrain::runtime
