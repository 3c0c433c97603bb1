// The decision record: a decision as 32-bit words and one text area, for
// hosts that build their own objects from it instead of parsing the JSON
// text (the WebAssembly loader's decide(): JSON.parse cost JavaScript more
// than the decision itself). Texts that are the bundle's own names are given
// by number, so a host decodes each name once per bundle; every other text is
// copied into the text area. Layout: runtime/record_layout.h, defined once
// there (and shown in docs/wasm.md, "The decision record").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decision.h"
#include "runtime/flat_index.h"

namespace refrain::runtime {

// The texts a loaded bundle owns that a decision can show (uses, parties,
// policies, rule and policy locations, duty names and texts, currencies,
// the catalog's strings, the verdict words), found by their address: a view
// that points at one of them, with its length, is that name. Identity, not
// content, is what is compared: memory the bundle owns is never reused for
// a request's or a scratch's text while the bundle lives, so a match is
// always right, and a text that merely reads the same is copied instead.
class NameTable {
 public:
  static constexpr uint32_t kNotAName = UINT32_MAX;

  NameTable() = default;
  // `names` must stay where they are while the table lives.
  explicit NameTable(std::vector<std::string_view> names);

  uint32_t find(std::string_view text) const;  // its number, or kNotAName
  size_t size() const { return names_.size(); }
  std::string_view name(uint32_t id) const { return names_[id]; }

 private:
  std::vector<std::string_view> names_;
  FlatIndex index_;  // by address: number + 1
};

struct DecisionRecord {
  std::vector<uint32_t> words;
  std::string texts;
};

// Fills `out` with the record of `d`. False (and `out` unusable) only when
// its texts outgrow 31-bit lengths and offsets, which no request within the
// runtime's limits can do.
bool writeDecisionRecord(const DecisionView& d, const NameTable& names, DecisionRecord* out);

}  // namespace refrain::runtime
