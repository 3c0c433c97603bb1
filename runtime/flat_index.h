// Internal: the one hash table of the runtime. A read-only index of values
// whose keys live elsewhere (a name list, a catalog's records): it holds
// only 32-bit values, and asks its caller, for each candidate, whether that
// value is the key sought. Request reading looks up a use, a territory and a
// work in every request; this costs one hash and, nearly always, one compare.
//
// The contract:
//  - A value is never 0 (0 marks an empty slot): a user stores position + 1,
//    or an offset that cannot be 0.
//  - The slot is the hash's low bits: a user's hash must mix well into them
//    (hashName() does).
//  - The table is a power of two in size and at most half full, whatever the
//    hashes: a probe stays short, and one for a missing key always meets an
//    empty slot and stops.
//  - find() visits, in the order they were added, the values added under the
//    key's hash (and any others its probe passes), and returns the first that
//    `matches` accepts: of values with equal keys, the one added first.
//  - add() and the constructor are for building, before any find(); a built
//    index is read-only and may be shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace refrain::runtime {

class FlatIndex {
 public:
  static constexpr uint32_t kNone = 0;

  FlatIndex() = default;
  // Room for `count` values, keeping the table at most half full.
  explicit FlatIndex(size_t count) {
    if (count == 0) return;
    size_t size = 1;
    while (size < 2 * count) size <<= 1;
    slots_.assign(size, kNone);
  }

  // Adds `value` (not kNone) under `hash`. At most the constructor's `count` values.
  void add(uint64_t hash, uint32_t value) {
    const size_t mask = slots_.size() - 1;
    size_t at = static_cast<size_t>(hash) & mask;
    while (slots_[at] != kNone) at = (at + 1) & mask;
    slots_[at] = value;
  }

  // The first value added under `hash` that `matches(value)` accepts, or kNone.
  template <class Matches>
  uint32_t find(uint64_t hash, Matches&& matches) const {
    if (slots_.empty()) return kNone;
    const size_t mask = slots_.size() - 1;
    for (size_t at = static_cast<size_t>(hash) & mask; slots_[at] != kNone; at = (at + 1) & mask)
      if (matches(slots_[at])) return slots_[at];
    return kNone;
  }

  size_t slotCount() const { return slots_.size(); }

 private:
  std::vector<uint32_t> slots_;  // a power of two in size, or empty; kNone is an empty slot
};

}  // namespace refrain::runtime
