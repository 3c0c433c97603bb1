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
#include "runtime/decision_text.h"

namespace refrain::runtime {

struct DecisionRecord {
  std::vector<uint32_t> words;
  std::string texts;
};

// Fills `out` with the record of `d`, giving by number each text that is
// one of `names` (a BundleName of this table; one of another bundle's table
// is copied). False (and `out` unusable) only when its texts outgrow 31-bit
// lengths and offsets, which no request within the runtime's limits can do.
bool writeDecisionRecord(const DecisionView& d, const NameTable& names, DecisionRecord* out);

}  // namespace refrain::runtime
