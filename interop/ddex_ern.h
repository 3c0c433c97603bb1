// DDEX ERN 4.1, 4.1.1, 4.2, 4.3, 4.3.1 and 4.3.2 NewReleaseMessages to
// catalog works (docs/standards.md, "Catalogs from DDEX"): one work per
// SoundRecording, its id and `isrc` the recording's ISRC.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "interop/catalog_work.h"
#include "interop/party_map.h"

namespace refrain::interop {

struct ErnLimits {
  size_t maxBytes = size_t{256} << 20;  // a message larger than this is refused unread
  int maxDepth = 64;                    // element nesting; DDEX messages need about 12
};

struct ErnImport {
  std::string version;  // "4.3", …
  std::vector<CatalogWork> works;
  std::vector<std::string> warnings;  // `file:line:col: warning: …`
};

// Reads one message. All or nothing: false, with every problem found as a
// `file:line:col: error: …` line in `errors`, and no works.
bool importErn(std::string_view fileName, std::string_view bytes, const PartyMap& parties, const ErnLimits& limits,
               ErnImport* out, std::vector<std::string>* errors);

// An ISRC without the spaces, hyphens or "ISRC" prefix people write, in
// capitals; true when it then has the standard's 12-character form (two
// letters, three letters or digits, seven digits).
bool normalizeIsrc(std::string_view text, std::string* isrc);

}  // namespace refrain::interop
