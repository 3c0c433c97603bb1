// The catalog importer: works from JSON Lines, checked, ready to index in a bundle.
#pragma once

#include <vector>

#include "policy/diagnostic.h"
#include "runtime/bundle.h"

namespace refrain::compiler {

// Reads one work per line of `source` (index `file` for diagnostics): `id`
// (required), `isrc`, `iswc`, `title`, `genre`, `release_date`, `tags`, `contains_ai`,
// `rightsholders` [{party, role, share?}]. Reports invalid JSON, unknown
// roles, bad or inconsistent shares and duplicate ids at `file:line:col`.
// Returns the works sorted by id.
std::vector<runtime::WorkDef> readCatalog(const policy::SourceFile& source, int file,
                                          policy::Diagnostics& diags);

}  // namespace refrain::compiler
