// Reading a signal in any format (signals.h, importSignal). Apart from the
// exports because the RSL and IPTC readers need pugixml, which the
// WebAssembly build of the exports does without.
#include "interop/signals.h"

namespace refrain::interop {

bool importSignal(SignalFormat format, std::string_view fileName, std::string_view text, ImportedSignal* out,
                  std::vector<std::string>* errors) {
  out->format = format;
  switch (format) {
    case SignalFormat::kRsl: return importRsl(fileName, text, out, errors);
    case SignalFormat::kAipref: return importAipref(fileName, text, out, errors);
    case SignalFormat::kTdmrep: return importTdmrep(fileName, text, out, errors);
    case SignalFormat::kCawg: return importCawg(fileName, text, out, errors);
    case SignalFormat::kIptc: return importIptc(fileName, text, out, errors);
  }
  return false;
}

}  // namespace refrain::interop
