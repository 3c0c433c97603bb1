#include "server/line_splitter.h"

namespace refrain::server {

bool blankLine(std::string_view line) {
  // Nearly every line starts with `{`: settled by one compare, not a search.
  if (!line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '\r') return false;
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace refrain::server
