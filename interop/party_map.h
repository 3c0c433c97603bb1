// `--parties MAP.jsonl`: which Refrain party a DDEX party is. Each line is
// a JSON object naming a Refrain `party` and any of the identifiers DDEX
// gives it:
//
//   {"party": "nova-vale", "isni": "0000000123456789", "ipi": "00123456789",
//    "dpid": "PADPIDA0000000001A", "proprietary_id": "PADPIDA0000000001A:ART-0001",
//    "name": "Nova Vale"}
//
// A DDEX party is matched by ISNI, then IPI name number, then DPID, then a
// proprietary id (namespace, `:`, id), then its exact full name. An
// identifier given for two parties is an error.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace refrain::interop {

struct DdexPartyIds {
  std::string isni, ipi, dpid;
  std::vector<std::string> proprietary;  // "namespace:id"
  std::vector<std::string> names;        // full names
};

class PartyMap {
 public:
  // Reads MAP.jsonl; false with `file:line:col: error: ...` lines in `errors`.
  bool read(std::string_view fileName, std::string_view text, std::vector<std::string>* errors);
  // The Refrain party the map gives `ids`, or "".
  std::string find(const DdexPartyIds& ids) const;

 private:
  std::map<std::string, std::string> byKey_;  // "isni:…", "ipi:…", "dpid:…", "proprietary:…", "name:…" -> party
};

// The id a DDEX party gets when the map does not name it: its strongest
// identifier with the identifier's namespace, `isni:0000000123456789`,
// `ipi:00123456789`, `dpid:PADPIDA…`, `PADPIDA…:ART-0001` (a proprietary id
// under its namespace), or `name:Nova Vale` when the party has no id.
std::string derivedPartyId(const DdexPartyIds& ids);

}  // namespace refrain::interop
