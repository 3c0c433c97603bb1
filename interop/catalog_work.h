// A work as the catalog format (`refrain build --catalog`, JSON Lines)
// holds it, for the importers that write one.
#pragma once

#include <string>
#include <vector>

namespace refrain::interop {

struct CatalogHolder {
  std::string party, role;
  std::string share;  // a percent such as "75%", or empty: none given
};

struct CatalogWork {
  std::string id, isrc, title, genre, releaseDate;  // releaseDate: YYYY-MM-DD or empty
  std::vector<std::string> tags;
  std::string containsAi;  // "all", "partly", "none", or empty: undeclared
  std::vector<CatalogHolder> holders;
};

// One catalog line (no newline): keys in the catalog's order, empty fields left out.
std::string catalogLine(const CatalogWork& work);

}  // namespace refrain::interop
