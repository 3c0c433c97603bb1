// The streaming JSON reader for any handler of JsonEvents.
#include "runtime/json_reader.h"

#include "runtime/json_reader_impl.h"

namespace refrain::runtime {

JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer,
                    std::vector<char>& stack) {
  return JsonReader<JsonEvents>(text, events, buffer, stack).run(maxDepth);
}

JsonResult readJson(std::string_view text, JsonEvents& events, int maxDepth, std::string& buffer) {
  std::vector<char> stack;
  return readJson(text, events, maxDepth, buffer, stack);
}

}  // namespace refrain::runtime
