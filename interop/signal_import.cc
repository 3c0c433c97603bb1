// Reading a signal in any format (signals.h, importSignal). Apart from the
// exports because the RSL and IPTC readers need pugixml, which the
// WebAssembly build of the exports does without.
#include <unordered_set>

#include "interop/signals.h"

namespace refrain::interop {
namespace {

// Each note is kept once, in the order first given; past kMostSignalNotes
// one last note says how many more there were. A signal of many unknown
// keys must not become a policy of many comments (nor take time in the
// square of their number).
void trimNotes(std::vector<std::string>* notes) {
  std::unordered_set<std::string> seen;
  std::vector<std::string> kept;
  size_t more = 0;
  for (std::string& note : *notes) {
    if (!seen.insert(note).second) continue;
    if (kept.size() < kMostSignalNotes) kept.push_back(std::move(note));
    else ++more;
  }
  if (more > 0) kept.push_back("and " + std::to_string(more) + " more notes like these");
  *notes = std::move(kept);
}

bool read(SignalFormat format, std::string_view fileName, std::string_view text, ImportedSignal* out,
          std::vector<std::string>* errors) {
  switch (format) {
    case SignalFormat::kRsl: return importRsl(fileName, text, out, errors);
    case SignalFormat::kAipref: return importAipref(fileName, text, out, errors);
    case SignalFormat::kTdmrep: return importTdmrep(fileName, text, out, errors);
    case SignalFormat::kCawg: return importCawg(fileName, text, out, errors);
    case SignalFormat::kIptc: return importIptc(fileName, text, out, errors);
  }
  return false;
}

}  // namespace

bool importSignal(SignalFormat format, std::string_view fileName, std::string_view text, ImportedSignal* out,
                  std::vector<std::string>* errors) {
  out->format = format;
  // The XML formats have their own limit (XmlLimits, 16 MiB); these are
  // read whole into memory and, for JSON, into a tree several times larger.
  bool small = format == SignalFormat::kAipref || format == SignalFormat::kTdmrep || format == SignalFormat::kCawg;
  if (small && text.size() > kMostSignalBytes) {
    errors->push_back(std::string(fileName) + ":1:1: error: the file is " + std::to_string(text.size()) +
                      " bytes: " + signalFormatName(format) + " signals may be at most 1 MiB (" +
                      std::to_string(kMostSignalBytes) + " bytes)");
    return false;
  }
  bool ok = read(format, fileName, text, out, errors);
  trimNotes(&out->notes);
  return ok;
}

}  // namespace refrain::interop
